"""The house keeps its rooms: each stage package imports only the stages below it, and no module circle.

Layers, lowest first (docs/architecture.md): core < rules < ingest < analyse < corpus < checks < review <
render < apps. An import inside ``if TYPE_CHECKING:`` is for annotations only and not counted. Imports inside
functions must point down as well, and only the command dispatch (apps/) and a few heavy readers may use
them for our own modules — every other one is listed here with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"
LAYERS = ["core", "rules", "ingest", "analyse", "corpus", "checks", "review", "render", "apps"]
# own modules imported inside a function outside apps/, and why (start-up time, or an optional engine)
LAZY_OWN = {
    # scans and old formats are rare: OCR (OpenCV, Tesseract) and LibreOffice conversion load only for them
    "pipeline.ingest.read": {"pipeline.ingest.convert", "pipeline.ingest.ocr",
                             # and each format's reader (python-docx, pdfium, openpyxl) only for its format
                             "pipeline.ingest.docx", "pipeline.ingest.pdf", "pipeline.ingest.xlsx"},
    "pipeline.ingest.pdf": {"pipeline.ingest.ocr"},
    "pipeline.review.reviewer": {"pipeline.ingest.ocr"},
    # the corpus store (SQLite + the whole reading stack, ≈ 0.3 s) only when a store is asked for
    "pipeline.corpus.duplicates": {"pipeline.corpus.store"},
    # the comparing child reads stored passages only: the reading stack (≈ 0.07 s) loads to add a document
    "pipeline.corpus.store": {"pipeline.analyse.segment", "pipeline.analyse.tasks", "pipeline.ingest.read"},
    # the CLI's comparing child is forked before the review's modules are imported: it imports them itself
    "pipeline.review.early_child": {"pipeline.review.comparison"},
    # … and loads the rule set only if a corpus file changed and must be read again; the rule's parameters (30
    # dataclasses, ≈ 15 ms) only in the parent, which makes the child's plain spec from them
    "pipeline.review.comparison": {"pipeline.rules.loader", "pipeline.rules.params"},
    # each writer's libraries (docxtpl, XlsxWriter, python-docx, pypdf) load in the side that writes them
    "pipeline.render.writers": {"pipeline.render.memo_docx", "pipeline.render.task_table",
                                "pipeline.render.annotate_docx", "pipeline.render.annotate_pdf",
                                "pipeline.render.annotate_xlsx"},  # (openpyxl: only for a workbook appendix)
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PIPELINE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported pipeline module, inside a function?) of one file, TYPE_CHECKING blocks left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING" for n in ast.walk(node)}
    inner = {id(n) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            assert node.level == 0, f"{path}: relative import (write pipeline.<stage>.<module>)"
            for alias in node.names:  # `from pipeline.core import model` imports the module pipeline.core.model
                sub = f"{node.module}.{alias.name}"
                target = sub if (PIPELINE.parent / (sub.replace(".", "/") + ".py")).exists() else node.module
                out.append((target, id(node) in inner))
        elif isinstance(node, ast.Import):
            out += [(a.name, id(node) in inner) for a in node.names if a.name.startswith("pipeline")]
    return out


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


GRAPH = {_module_name(p): _imports(p) for p in sorted(PIPELINE.rglob("*.py"))}


def test_every_module_lives_in_a_stage_package():
    loose = [m for m in GRAPH if m != "pipeline" and _layer(m) is None]
    assert not loose, f"modules outside the stage packages: {loose}"


def test_imports_point_down():
    upward = [f"{m} → {t}" for m, imports in GRAPH.items() for t, _ in imports
              if _layer(m) is not None and (_layer(t) is None or _layer(t) > _layer(m))]
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_no_import_circle():
    edges = {m: {t for t, _ in imports if t in GRAPH and t != m} for m, imports in GRAPH.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> list[str] | None:
        state[m] = 1
        for t in sorted(edges[m]):
            if state.get(t) == 1:
                return path + [m, t]
            if t not in state and (found := visit(t, path + [m])):
                return found
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state:
            circle = visit(m, [])
            assert circle is None, "import circle: " + " → ".join(circle[circle.index(circle[-1]):])


def test_imports_inside_functions_only_where_they_save_start_up():
    lazy = [f"{m} → {t}" for m, imports in GRAPH.items() for t, inner in imports if inner
            and _layer(m) is not None and LAYERS[_layer(m)] != "apps" and t not in LAZY_OWN.get(m, set())]
    assert not lazy, "own modules imported in functions (import at the top, or list why):\n" + "\n".join(lazy)


def test_the_check_itself_sees_an_upward_import(tmp_path):
    """A deliberate upward import in a copy of a core module is caught (the test can fail)."""
    bad = tmp_path / "pipeline" / "core" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from pipeline.render.writers import write_json\n", encoding="utf-8")
    module = "pipeline.core.bad"
    assert [t for t, _ in _imports(bad)] == ["pipeline.render.writers"]
    assert _layer("pipeline.render.writers") > _layer(module)
