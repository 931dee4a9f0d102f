"""How many paragraphs each .docx reader reads differently from LibreOffice, and how fast (run by hand).

    python benchmarks/bench_docx_reader.py [--corpus DIR] [--baseline COMMIT] [--runs 5] [--drafts DIR]

Correctness: on the Word-feature corpus (planreview_testing/gen_word_features.py) and the repository's .docx,
each reader's paragraphs (empty ones dropped, whitespace collapsed) are compared with LibreOffice's text export
after accepting all changes (planreview_testing/lo_oracle.py), in LibreOffice's view (text boxes, note texts and
page headers left out on both sides, bullets' symbols and the explained differences of lo_oracle.explained
forgiven). Readers: planreview now; planreview at ``--baseline`` (its docx_body.py taken from git: body paragraphs
and table cells as python-docx reads them); docx2python, when importable (``pip install docx2python``, it is not a
dependency): its paragraphs with its own numbering labels.

Speed: median seconds to read bench_cli.py's docx144 and tasks20k drafts (generated into --drafts if absent) with
each reader, next to the floor (python-docx opening the file and reading every paragraph and cell).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planreview_testing import lo_oracle  # noqa: E402


def _baseline_module(commit: str):
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:pipeline/ingest/docx_body.py"],
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "docx_body_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("docx_body_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def baseline_lines(module, path: Path) -> list[str]:
    """The baseline's paragraphs: body paragraphs and every table cell's paragraphs, as python-docx reads them."""
    import docx

    body = docx.Document(str(path)).element.body
    lines = []
    for child in body:
        if child.tag == module.P:
            lines.append(module.paragraph_text(child))
        elif child.tag == module.TBL:
            for tr in child.iterchildren(module.TR):
                for tc in tr.iterchildren(module.TC):
                    lines += [module.paragraph_text(p) for p in tc.iterchildren(module.P)]
    return [x for x in (lo_oracle.normal(t) for t in lines) if x]


_D2P_NOTE = re.compile(r"----(footnote|endnote)(\d+)----")
_D2P_MEDIA = re.compile(r"----media/[^-]*----|----Image alt text---->.*?<")


def docx2python_lines(path: Path) -> list[str]:
    from docx2python import docx2python

    from pipeline.ingest.docx_numbering import format_number

    def flat(x):
        if isinstance(x, str):
            yield x
        else:
            for y in x:
                yield from flat(y)

    with docx2python(str(path)) as result:
        paragraphs = list(flat(result.body))
    out = []
    for p in paragraphs:
        p = _D2P_NOTE.sub(lambda m: m.group(2) if m.group(1) == "footnote" else format_number(int(m.group(2)),
                                                                                              "lowerRoman"), p)
        p = lo_oracle.normal(_D2P_MEDIA.sub("", p))
        if p:
            out.append(p)
    return out


def count(lines_of, files: list[Path], exported: dict[Path, str | None]) -> tuple[int, int]:
    """(paragraphs read differently, LibreOffice's paragraphs) over all files."""
    wrong = total = 0
    for path in files:
        lo = lo_oracle.lo_lines(exported[path] or "")
        total += len(lo)
        try:
            ours = lines_of(path)
        except Exception:  # noqa: BLE001 — a reader that fails reads every paragraph wrong
            wrong += len(lo)
            continue
        wrong += len(lo_oracle.differences(ours, lo)[0])
    return wrong, total


def _median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--baseline", default="34793ea")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drafts", type=Path, default=Path(tempfile.gettempdir()) / "planreview-bench-cli")
    parser.add_argument("--cases", nargs="*", default=["docx144", "tasks20k"], help="drafts to time (none: skip)")
    parser.add_argument("--no-oracle", action="store_true", help="time only")
    args = parser.parse_args(argv)
    from planreview_testing.gen_word_features import write_corpus

    has_d2p = importlib.util.find_spec("docx2python") is not None
    if not args.no_oracle:
        corpus = args.corpus or Path(tempfile.mkdtemp()) / "features"
        features = write_corpus(corpus)
        repository = sorted(p for folder in ("samples", "tests/data", "benchmarks/data")
                            for p in (ROOT / folder).rglob("*.docx"))
        exported = lo_oracle.libreoffice_text(features + repository)
        baseline = _baseline_module(args.baseline)
        readers = {"planreview": lo_oracle.our_lines,
                   f"baseline {args.baseline}": lambda p: baseline_lines(baseline, p)}
        if has_d2p:
            readers["docx2python"] = docx2python_lines
        print("paragraphs read differently from LibreOffice (accepted changes):", flush=True)
        for name, fn in readers.items():
            fw, ft = count(fn, features, exported)
            rw, rt = count(fn, repository, exported)
            print(f"  {name:22s} Word-feature corpus {fw:4d}/{ft}   repository .docx {rw:4d}/{rt}", flush=True)
    if not args.cases:
        return 0

    from benchmarks.bench_cli import make_drafts

    drafts = make_drafts(args.drafts, args.cases)
    import docx

    from pipeline.ingest.docx import parse_docx

    print(f"reading time, median of {args.runs} (seconds; ratio to the floor):")
    for case, path in drafts.items():
        if path.suffix != ".docx":
            continue

        def floor(path=path):
            d = docx.Document(str(path))
            [p.text for p in d.paragraphs]
            [c.text for t in d.tables for r in t.rows for c in r.cells]

        base = _median_seconds(floor, args.runs)
        timings = {"floor (python-docx)": base, "planreview": _median_seconds(lambda p=path: parse_docx(p), args.runs)}
        if has_d2p:
            from docx2python import docx2python

            def d2p(path=path):
                with docx2python(str(path)) as r:
                    r.body  # noqa: B018 — the reading itself

            timings["docx2python"] = _median_seconds(d2p, max(1, args.runs // 2))
        print(f"  {case}: " + "   ".join(f"{k} {v:.2f} s ({v / base:.2f}×)" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
