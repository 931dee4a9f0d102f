"""Peak memory and time of the whole `planreview review` process on the large and hostile drafts (run by hand).

    python benchmarks/bench_memory.py [--cases flood200 pdf500lo tasks20k docx16mb] [--runs 3] [--baseline CHECKOUT]

Peak memory is the largest resident set of the process and of each process it forked (``ru_maxrss`` of the
waited-for children, as ``/usr/bin/time -v`` reports it); time the wall clock, median of ``--runs`` after a
warm-up, interleaved with ``--baseline`` run for run. Cases (made once into ``--drafts``):
  flood200   a 37.5 MB .docx holding 200 MB of varied text (gen_hostile.docx_text_flood): refused at once, exit 2
  pdf500lo   the 485-page plan with tables exported by LibreOffice (gen_long_plan.py; needs soffice)
  tasks20k   a .docx with 20,000 task rows (synthetic.clean_spec(extra_tasks=20000); 17 MB of document.xml)
  docx16mb   the long plan as a 16 MB .docx: 500 pages of text and tables and 15 MB of photographs
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CASES = ["flood200", "pdf500lo", "tasks20k", "docx16mb"]


def make(folder: Path, case: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if case == "pdf500lo":
        from planreview_testing.gen_long_plan import long_plan_pdf

        return long_plan_pdf(folder)
    path = folder / {"flood200": "flood-200mb-text.docx", "tasks20k": "plan-20000-tasks.docx",
                     "docx16mb": "plan-500-pages-photos.docx"}[case]
    if path.exists():
        return path
    print(f"generating {path.name} …", file=sys.stderr)
    if case == "flood200":
        from planreview_testing.gen_hostile import docx_text_flood

        docx_text_flood(path, 200 * 2**20)
    elif case == "tasks20k":
        from planreview_testing.synthetic import clean_spec, write_draft

        write_draft(clean_spec(extra_tasks=20000), path)
    else:
        from planreview_testing.gen_long_plan import write_long_docx

        write_long_docx(path, 500, photos_mb=15.3)
    return path


def main() -> None:
    from bench_cli import interleaved

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=CASES)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drafts", type=Path, default=Path(tempfile.gettempdir()) / "planreview-bench-cli")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT")
    args = parser.parse_args()
    code = Path(os.environ.get("PYTHONPATH") or ROOT)
    out = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    print(f"code measured: {code}" + (f"; baseline: {args.baseline}" if args.baseline else ""))
    print(f"{'case':<10} {'size':>9} " + (f"{'baseline':>9} {'MiB':>6} " if args.baseline else "")
          + f"{'now':>8} {'MiB':>6}")
    for case in args.cases:
        path = make(args.drafts.resolve(), case)

        def review(folder: Path, path: Path = path) -> list[str]:
            return [sys.executable, "-m", "pipeline.apps.cli", "review", str(path), "-o", str(folder), "--overwrite"]

        cmds = [(review(out / case), code)] + ([(review(out / f"{case}-base"), args.baseline)] if args.baseline
                                               else [])
        measured = interleaved(cmds, args.runs)
        base = f"{measured[1][0]:>8.2f}s {measured[1][1]:>6.0f} " if args.baseline else ""
        print(f"{case:<10} {path.stat().st_size / 2**20:>7.1f}MB {base}{measured[0][0]:>7.2f}s {measured[0][1]:>6.0f}",
              flush=True)


if __name__ == "__main__":
    main()
