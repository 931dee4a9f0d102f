"""Huge honest drafts, reviewed as a person runs them: the whole `planreview review` process (run by hand).

    python benchmarks/bench_render.py [--runs 3] [--tasks 20000] [--pdf-paragraphs 2600 --pdf-tasks 2600]
    python benchmarks/bench_render.py --stages      # one in-process run: each stage and each writer timed

Drafts (generated once, cached under $XDG_CACHE_HOME/planreview-bench/):
* a .docx whose task table has ``--tasks`` rows (planreview_testing.synthetic's clean draft with that many extra tasks;
  the table is written row XML by row XML, python-docx's ``cells[i].text`` would take hours);
* a long PDF (filler paragraphs + a long task table; about 500 pages with the defaults).

Prints the median wall time of ``python -m pipeline.apps.cli review DRAFT -o OUT --no-corpus --overwrite`` next to
the floor (python-docx / pypdfium2 merely opening and iterating the same file) and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "planreview-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_big_docx(items, path: Path) -> Path:
    """planreview_testing.synthetic.write_docx, but tables are appended as row XML (linear in the rows)."""
    import docx

    from pipeline.render.docx_xml import append_table_rows

    document = docx.Document()
    for it in items:
        if it.kind in ("front", "title"):
            document.add_paragraph().add_run(it.text).bold = True
        elif it.kind == "heading":
            document.add_heading(it.text, level=it.level)
        elif it.kind == "table":
            table = document.add_table(rows=1, cols=len(it.rows[0]))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, it.rows[0]):
                cell.text = text
            append_table_rows(table, it.rows[1:])
            for g in it.group_rows:  # pillar group rows: number + one merged cell, as in real task tables
                cells = table.rows[g].cells
                cells[1].merge(cells[-1])
        else:
            document.add_paragraph(it.text)
    document.save(str(path))
    return path


def drafts(n_tasks: int, pdf_paragraphs: int, pdf_tasks: int) -> dict[str, Path]:
    from planreview_testing.synthetic import build_items, clean_spec, write_draft

    folder = cache_dir()
    big_docx = folder / f"tasks{n_tasks}.docx"
    if not big_docx.exists():
        write_big_docx(build_items(clean_spec(extra_tasks=n_tasks)), big_docx)
    big_pdf = folder / f"long-{pdf_paragraphs}-{pdf_tasks}.pdf"
    if not big_pdf.exists():
        write_draft(clean_spec(extra_paragraphs=pdf_paragraphs, extra_tasks=pdf_tasks), big_pdf)
    return {"docx": big_docx, "pdf": big_pdf}


def floor(path: Path) -> float:
    """The file merely read by its library: python-docx opening it and reading all its text, pypdfium2 each page's."""
    code = ("import sys, docx\nd = docx.Document(sys.argv[1])\nsum(len(t) for t in d.element.body.itertext())\n"
            ) if path.suffix == ".docx" else (
        "import sys, pypdfium2\npdf = pypdfium2.PdfDocument(sys.argv[1])\n"
        "for page in pdf:\n    page.get_textpage().get_text_range()\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return time.perf_counter() - start


def whole_process(path: Path, out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "review", str(path), "-o", str(out),
                           "--no-corpus", "--overwrite"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: findings of high severity (see README, exit codes)
        raise SystemExit(f"review failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed


def stages(path: Path) -> None:
    """One in-process review: the pipeline stages, then each output writer."""
    from pipeline.render import writers as render
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    reviewer = Reviewer(ReviewOptions(corpus_dir=None))
    result = reviewer.review(path)
    timed: dict[str, float] = dict(result.timings)
    original = {}
    for name in render.TIMED_WRITERS:
        original[name] = getattr(render, name)

        def wrapped(*a, _name=name, **k):
            t0 = time.perf_counter()
            try:
                return original[_name](*a, **k)
            finally:
                timed[_name] = timed.get(_name, 0.0) + time.perf_counter() - t0
        setattr(render, name, wrapped)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        render.write_outputs(result, Path(tmp) / "out")
    timed["render (all writers)"] = time.perf_counter() - t0
    for name, f in original.items():
        setattr(render, name, f)
    print(f"{path.name}: {len(result.seg.doc.blocks)} blocks, {len(result.tasks.tasks)} tasks, "
          f"{len(result.findings)} findings")
    for name, seconds in timed.items():
        print(f"  {name:28} {seconds:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--pdf-paragraphs", type=int, default=2600)
    parser.add_argument("--pdf-tasks", type=int, default=2600)
    parser.add_argument("--stages", action="store_true", help="time each stage and writer in one process instead")
    parser.add_argument("--only", choices=["docx", "pdf"])
    args = parser.parse_args()
    files = drafts(args.tasks, args.pdf_paragraphs, args.pdf_tasks)
    if args.only:
        files = {args.only: files[args.only]}
    if args.stages:
        for path in files.values():
            stages(path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for kind, path in files.items():
            base = statistics.median(floor(path) for _ in range(args.runs))
            times = [whole_process(path, Path(tmp) / kind) for _ in range(args.runs)]
            median = statistics.median(times)
            runs = ", ".join(f"{t:.1f}" for t in times)
            print(f"review {path.name} ({path.stat().st_size / 1e6:.1f} MB): median {median:.1f} s of {args.runs} "
                  f"({runs}); floor {base:.2f} s; ratio {median / base:.1f}×")


if __name__ == "__main__":
    main()
