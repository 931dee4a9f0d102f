"""The whole `planreview review` process, as a council member runs it (run by hand, not in CI).

    python benchmarks/bench_cli.py [--cases docx144 pdf71 txt1 ...] [--runs 5] [--drafts DIR]

For each case, runs the real command in a fresh process (`python -m pipeline.cli review FILE -o OUT
--overwrite`) once to warm the disk and matcher caches, then ``--runs`` times, and prints the median wall
time and peak memory next to the *floor*: a fresh process that merely reads the same file with its library
(python-docx opens it and reads every paragraph and cell; pypdfium2 extracts every page's text; a .txt is
read), measured in the same minute, median of as many runs. The ratio CLI / floor is what to compare across
machines; the absolute figures move with the load of a shared machine.

Cases (drafts made by pipeline/synthetic.py, kept in --drafts so that reruns measure the same files):
  docx144, docx144-nocorpus   144-page .docx (clean plan + 800 filler paragraphs, copies from the corpus)
  pdf71, pdf71-nocorpus       the same content as a 71-page PDF
  txt1, txt1-nocorpus         a 1-page .txt draft (the first 400 words of a generated plan)
  tasks20k                    .docx with 20,000 task rows
  pdf500                      a 500-page PDF
  many                        `planreview review` of docx144, pdf71 and txt1 in one process (-o folder)
Set PYTHONPATH to measure another checkout (e.g. main) with the same files.
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

FLOORS = {
    ".docx": "import sys, docx; d = docx.Document(sys.argv[1]); [p.text for p in d.paragraphs]; "
             "[c.text for t in d.tables for r in t.rows for c in r.cells]",
    ".pdf": "import sys, pypdfium2; pdf = pypdfium2.PdfDocument(sys.argv[1]); "
            "[pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]",
    ".txt": "import sys; open(sys.argv[1], encoding='utf-8').read()",
}
CASES = ["docx144", "docx144-nocorpus", "pdf71", "pdf71-nocorpus", "txt1", "txt1-nocorpus", "many",
         "tasks20k", "pdf500"]
QUICK = ["docx144", "docx144-nocorpus", "pdf71", "pdf71-nocorpus", "txt1", "txt1-nocorpus", "many"]


def make_drafts(folder: Path, cases: list[str]) -> dict[str, Path]:
    """The draft of each case, generated once into ``folder``."""
    from pipeline.synthetic import build_items, clean_spec, write_draft, write_txt

    folder.mkdir(parents=True, exist_ok=True)
    wanted = {c.removesuffix("-nocorpus") for c in cases if c != "many"}
    if "many" in wanted:
        wanted |= {"docx144", "pdf71", "txt1"}
    files = {"docx144": folder / "plan-144-pages.docx", "pdf71": folder / "plan-71-pages.pdf",
             "txt1": folder / "plan-1-page.txt", "tasks20k": folder / "plan-20000-tasks.docx",
             "pdf500": folder / "plan-500-pages.pdf"}
    specs = {"docx144": clean_spec(extra_paragraphs=800, copy_corpus=True),
             "pdf71": clean_spec(extra_paragraphs=800, copy_corpus=True),
             "tasks20k": clean_spec(extra_tasks=20000),
             "pdf500": clean_spec(extra_paragraphs=5800, copy_corpus=True)}
    for name in wanted:
        path = files[name]
        if path.exists():
            continue
        print(f"generating {path.name} …", file=sys.stderr)
        if name == "txt1":
            full = write_txt(build_items(clean_spec()), folder / "full.txt").read_text(encoding="utf-8")
            words, lines = 0, []
            for line in full.splitlines():
                lines.append(line)
                words += len(line.split())
                if words >= 400:
                    break
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            (folder / "full.txt").unlink()
        else:
            write_draft(specs[name], path)
    return {c: files[c.removesuffix("-nocorpus")] for c in cases if c != "many"} | (
        {"many": [files["docx144"], files["pdf71"], files["txt1"]]} if "many" in cases else {})


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit code of one child process. It runs in a neutral folder (the
    current one would come first on sys.path) with PYTHONPATH as given, or this checkout."""
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tempfile.gettempdir(),
                            env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(f"  exit {proc.returncode}: {' '.join(cmd)}\n{err[-2000:]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def median_of(cmd: list[str], runs: int) -> tuple[float, float]:
    run(cmd)  # warm-up: disk cache, matcher cache
    results = [run(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def pages(path: Path) -> str:
    if path.suffix == ".pdf":
        import pypdfium2

        return f"{len(pypdfium2.PdfDocument(str(path)))} p"
    words = len(path.read_text(encoding="utf-8").split()) if path.suffix == ".txt" else None
    if words is None:
        import docx

        d = docx.Document(str(path))
        words = sum(len(p.text.split()) for p in d.paragraphs) + sum(
            len(c.text.split()) for t in d.tables for r in t.rows for c in r.cells)
    return f"≈{max(1, round(words / 400))} p"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=QUICK,
                        help="default: all but tasks20k and pdf500 (minutes each)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drafts", type=Path, default=Path(tempfile.gettempdir()) / "planreview-bench-cli")
    args = parser.parse_args()
    drafts = make_drafts(args.drafts.resolve(), args.cases)
    out = Path(tempfile.mkdtemp(prefix="bench-cli-out-"))
    python = sys.executable
    print(f"code measured: {os.environ.get('PYTHONPATH') or ROOT}")
    print(f"{'case':<18} {'size':>8} {'CLI median':>11} {'peak MiB':>9} {'floor':>8} {'ratio':>6}")
    for case in args.cases:
        target = drafts[case]
        files = target if isinstance(target, list) else [target]
        cmd = [python, "-m", "pipeline.cli", "review", *map(str, files), "-o", str(out / case), "--overwrite"]
        if case.endswith("-nocorpus"):
            cmd.append("--no-corpus")
        wall, peak = median_of(cmd, args.runs)
        floor = 0.0
        for f in files:
            floor += median_of([python, "-c", FLOORS[f.suffix], str(f)], args.runs)[0]
        size = " + ".join(pages(f) for f in files) if len(files) == 1 else f"{len(files)} drafts"
        print(f"{case:<18} {size:>8} {wall:>10.2f}s {peak:>9.0f} {floor:>7.2f}s {wall / floor:>5.1f}×", flush=True)


if __name__ == "__main__":
    main()
