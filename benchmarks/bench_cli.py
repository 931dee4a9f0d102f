"""The whole `planreview review` process, as a council member runs it (run by hand, not in CI).

    python benchmarks/bench_cli.py [--cases docx144 pdf71 txt1 ...] [--runs 5] [--drafts DIR]

For each case, runs the real command in a fresh process (`python -m pipeline.apps.cli review FILE -o OUT
--overwrite`) once to warm the disk and matcher caches, then ``--runs`` times, and prints the median wall
time and peak memory next to the *floor*: a fresh process that merely reads the same file with its library
(python-docx opens it and reads every paragraph and cell; pypdfium2 extracts every page's text; a .txt is
read), measured in the same minute, median of as many runs. The ratio CLI / floor is what to compare across
machines; the absolute figures move with the load of a shared machine.

Cases (drafts made by planreview_testing/synthetic.py, kept in --drafts so that reruns measure the same files):
  docx144, docx144-nocorpus   144-page .docx (clean plan + 800 filler paragraphs, copies from the corpus)
  pdf71, pdf71-nocorpus       the same content as a 71-page PDF
  txt1, txt1-nocorpus         a 1-page .txt draft (the first 400 words of a generated plan)
  tasks20k                    .docx with 20,000 task rows
  pdf500                      a 500-page PDF (reportlab: the best case)
  pdf500lo                    a ~500-page plan with tables exported by LibreOffice (gen_long_plan.py; needs soffice)
  many                        `planreview review` of docx144, pdf71 and txt1 in one process (-o folder)
Set PYTHONPATH to measure another checkout; --baseline CHECKOUT runs a second one interleaved with it, run
for run, so that both meet the same load (a shared machine's load changes from minute to minute).
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
         "tasks20k", "pdf500", "pdf500lo"]
QUICK = ["docx144", "docx144-nocorpus", "pdf71", "pdf71-nocorpus", "txt1", "txt1-nocorpus", "many"]


def make_drafts(folder: Path, cases: list[str]) -> dict[str, Path]:
    """The draft of each case, generated once into ``folder``."""
    from planreview_testing.synthetic import build_items, clean_spec, write_draft, write_txt

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
    if "pdf500lo" in wanted:
        from planreview_testing.gen_long_plan import long_plan_pdf

        files["pdf500lo"] = long_plan_pdf(folder)
    for name in wanted - {"pdf500lo"}:
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


def run(cmd: list[str], code: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit code of one child process running the checkout ``code``. It runs
    in a neutral folder (the current one would come first on sys.path)."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once (the warm-up), not every run
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


def interleaved(cmds: list[tuple[list[str], Path]], runs: int) -> list[tuple[float, float]]:
    """(median wall seconds, peak MiB) of each command, run in turn ``runs`` times after one warm-up round, so
    that every command meets the same load of a shared machine."""
    for cmd, code in cmds:
        run(cmd, code)  # warm-up: disk cache, matcher cache
    results: list[list[tuple[float, float, int]]] = [[] for _ in cmds]
    for _ in range(runs):
        for k, (cmd, code) in enumerate(cmds):
            results[k].append(run(cmd, code))
    return [(statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for rs in results]


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
                        help="default: all but tasks20k, pdf500 and pdf500lo (minutes each)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drafts", type=Path, default=Path(tempfile.gettempdir()) / "planreview-bench-cli")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="also run this checkout (e.g. /work/main), interleaved with this one, run for run")
    args = parser.parse_args()
    drafts = make_drafts(args.drafts.resolve(), args.cases)
    out = Path(tempfile.mkdtemp(prefix="bench-cli-out-"))
    python = sys.executable
    code = Path(os.environ.get("PYTHONPATH") or ROOT)
    print(f"code measured: {code}" + (f"; baseline: {args.baseline}" if args.baseline else ""))
    base_cols = f" {'baseline':>9} {'MiB':>5} {'ratio':>6}" if args.baseline else ""
    print(f"{'case':<18} {'size':>13} {'floor':>7}{base_cols} {'CLI':>7} {'MiB':>5} {'ratio':>6}")
    for case in args.cases:
        target = drafts[case]
        files = target if isinstance(target, list) else [target]
        def review(folder: Path, files=files, case=case) -> list[str]:
            return [python, "-m", "pipeline.apps.cli", "review", *map(str, files), "-o", str(folder), "--overwrite",
                    *(["--no-corpus"] if case.endswith("-nocorpus") else [])]

        floors = [([python, "-c", FLOORS[f.suffix], str(f)], code) for f in files]
        baseline = args.baseline if case != "many" else None  # (before issue 13: one draft per process)
        cmds = [(review(out / case), code)] + (
            [(review(out / f"{case}-baseline"), baseline)] if baseline else []) + floors
        measured = interleaved(cmds, args.runs)
        (wall, peak), floor = measured[0], sum(m[0] for m in measured[-len(files):])
        size = pages(files[0]) if len(files) == 1 else f"{len(files)} drafts"
        base = ""
        if baseline:
            b_wall, b_peak = measured[1]
            base = f" {b_wall:>8.2f}s {b_peak:>5.0f} {b_wall / floor:>5.1f}×"
        elif args.baseline:
            base = f" {'—':>9} {'':>5} {'':>6}"
        print(f"{case:<18} {size:>13} {floor:>6.2f}s{base} {wall:>6.2f}s {peak:>5.0f} {wall / floor:>5.1f}×",
              flush=True)


if __name__ == "__main__":
    main()
