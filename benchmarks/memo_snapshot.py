"""Save, then compare, the rendered memos of the samples — for changes to how outputs are built, not what they say.

    python benchmarks/memo_snapshot.py save    DIR   # review the samples, keep their output folders in DIR
    python benchmarks/memo_snapshot.py compare DIR   # review again, compare with DIR, list every difference

Compared per sample: memo.md and memo.html (text, with the date of the day masked), memo.docx (every
paragraph and table cell of the body in order, the text of each: the document may be built differently,
its text may not), the annotated draft (each comment's anchor paragraph and text), tasks.xlsx (every
cell value) and tasks.csv. A round-2 review (the revised sample against the first review) is included so
the "Tình hình tiếp thu" section and the appendix are compared too.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ["de-an-cds-dong-hai.docx", "de-an-cds-tay-son.pdf", "de-an-cds-bac-ha.txt",
           "de-an-cds-dong-hai-hoan-chinh.docx"]
DATE = re.compile(r"\b\d{2}/\d{2}/20\d\d\b")


def docx_text(path: Path) -> list[str]:
    """The body of a .docx in order: one line per paragraph ("P|text"), one per table row ("T|a | b | c")."""
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines.append("T|" + "TABLE")
            for row in item.rows:
                lines.append("R|" + " | ".join(c.text for c in row.cells))
        else:
            lines.append("P|" + item.text)
    return lines


def comments_text(path: Path) -> list[str]:
    """The annotated draft: each comment's text and the text it is anchored on."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        comments = etree.fromstring(z.read("word/comments.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    texts = {c.get(w + "id"): "\n".join("".join(t.text or "" for t in p.iter(w + "t")) for p in c.iter(w + "p"))
             for c in comments.iter(w + "comment")}
    anchored = []
    for start in body.iter(w + "commentRangeStart"):
        paragraph = start.getparent()
        while paragraph is not None and paragraph.tag != w + "p":
            paragraph = paragraph.getparent()
        anchor = "".join(t.text or "" for t in paragraph.iter(w + "t")) if paragraph is not None else ""
        anchored.append(f"{anchor[:80]} => {texts.get(start.get(w + 'id'))}")
    return anchored


def xlsx_values(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(str(path), read_only=True)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"# {ws.title}")
        lines += [" | ".join("" if v is None else repr(v) for v in row) for row in ws.iter_rows(values_only=True)]
    return lines


def xlsx_styles(path: Path) -> list[str]:
    """Which task cells are filled (the "missing" highlight), the frozen pane and the filter."""
    from openpyxl import load_workbook

    ws = load_workbook(str(path)).worksheets[0]
    filled = [c.coordinate for row in ws.iter_rows() for c in row if c.fill is not None and c.fill.fgColor.rgb
              not in (None, "00000000")]
    return [f"freeze {ws.freeze_panes}", f"filter {ws.auto_filter.ref}", "filled " + " ".join(filled)]


def views(folder: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in ("memo.md", "memo.html", "tasks.csv"):
        if (folder / name).exists():
            out[name] = DATE.sub("DD/MM/YYYY", (folder / name).read_text(encoding="utf-8")).splitlines()
    out["memo.docx"] = [DATE.sub("DD/MM/YYYY", line) for line in docx_text(folder / "memo.docx")]
    out["tasks.xlsx"] = xlsx_values(folder / "tasks.xlsx") + xlsx_styles(folder / "tasks.xlsx")
    for annotated in folder.glob("*.annotated.docx"):
        out["annotated"] = comments_text(annotated)
    return out


def render_all(target: Path) -> None:
    from pipeline.render.writers import write_outputs
    from pipeline.review.reviewer import Reviewer

    reviewer = Reviewer()
    with tempfile.TemporaryDirectory() as tmp:
        for name in SAMPLES:
            draft = Path(tmp) / name
            shutil.copy(ROOT / "samples" / name, draft)
            write_outputs(reviewer.review(draft), target / name)
        revised = Path(tmp) / "de-an-cds-dong-hai-sua-doi.docx"
        shutil.copy(ROOT / "samples" / revised.name, revised)
        write_outputs(reviewer.review(revised, previous=target / "de-an-cds-dong-hai.docx"), target / "round2")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "save":
        render_all(args.folder)
        print(f"saved {len(SAMPLES) + 1} output folders in {args.folder}")
        return 0
    import difflib

    with tempfile.TemporaryDirectory() as tmp:
        now = Path(tmp)
        render_all(now)
        differences = 0
        for name in SAMPLES + ["round2"]:
            before, after = views(args.folder / name), views(now / name)
            for kind in sorted(set(before) | set(after)):
                a, b = before.get(kind, []), after.get(kind, [])
                if a != b:
                    differences += 1
                    print(f"--- {name} {kind}")
                    sys.stdout.writelines(line + "\n" for line in list(difflib.unified_diff(a, b, lineterm=""))[:40])
                else:
                    print(f"same  {name:40} {kind:12} ({len(a)} lines)")
    print(f"{differences} outputs differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
