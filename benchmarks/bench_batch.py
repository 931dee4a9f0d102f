"""A province's batch: a folder of generated drafts reviewed in parallel (run by hand, not in CI).

    python benchmarks/bench_batch.py [--drafts 100] [--jobs 2] [--pages 0]

Writes drafts (docx, txt and pdf, with random planted defects) to a temporary folder, runs
`planreview batch` on it, and reports wall time, time per draft, the time of each stage (measured
on a sequential pass over ten drafts) and peak memory of the main process and of the workers.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed

from pipeline.apps.batch import run_batch
from pipeline.review.reviewer import Reviewer, ReviewOptions
from planreview_testing.synthetic import clean_spec, write_draft

DEFECTS = [dict(task_without_owner=1), dict(omit_749=True), dict(omit_pillars=("xa_hoi_so",)),
           dict(copy_corpus=True), dict(ambitious_target=True), dict(task_without_budget=2),
           dict(budget_total_mismatch=True), dict(omit_status=True), dict(wrong_year_52=True), {}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pages", type=int, default=0, help="extra filler paragraphs per draft")
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp, "drafts"), Path(tmp, "out")
        folder.mkdir()
        t0 = time.perf_counter()
        for i in range(args.drafts):
            ext = "pdf" if i % 5 == 0 else "txt" if i % 5 == 1 else "docx"
            spec = clean_spec(district=f"Huyện số {i}", extra_paragraphs=args.pages, **rng.choice(DEFECTS))
            write_draft(spec, folder / f"du-thao-{i:03d}.{ext}")
        print(f"generated {args.drafts} drafts in {time.perf_counter() - t0:.1f} s")

        reviewer = Reviewer(ReviewOptions())
        start = time.perf_counter()
        rows = run_batch(folder, out, reviewer, progress=False, jobs=args.jobs, resume=False)
        wall = time.perf_counter() - start
        ok = sum(r.status == "ok" for r in rows)
        print(f"batch: {ok}/{len(rows)} reviewed with {args.jobs} jobs in {wall:.1f} s "
              f"({wall / len(rows):.2f} s per draft, start-up included)")

        stages: dict[str, float] = {}
        sample = sorted(folder.iterdir())[:10]
        for path in sample:
            for k, v in reviewer.review(path).timings.items():
                stages[k] = stages.get(k, 0.0) + v
        print("per-stage time, mean of 10 drafts (sequential): "
              + ", ".join(f"{k} {v / len(sample) * 1000:.0f} ms" for k, v in stages.items()))
        start = time.perf_counter()
        rows = run_batch(folder, out, reviewer, progress=False, jobs=args.jobs)
        print(f"re-run with nothing changed (resume): {time.perf_counter() - start:.1f} s")
        workers = _descendant_peaks()
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: main process {me:.0f} MiB, largest worker "
          f"{max(workers, default=0):.0f} MiB ({len(workers)} workers)")


def _descendant_peaks() -> list[float]:
    """Peak resident memory (VmHWM, MiB) of the worker processes still alive below this one (Linux)."""
    peaks, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            todo.append(int(child))
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


if __name__ == "__main__":
    main()
