"""Task extraction quality on generated drafts of every shape (run by hand, not in CI).

    python benchmarks/bench_tasks.py

Prints, per draft shape and format, precision and recall of task extraction and the accuracy of
the owner, time, budget and funding-source fields against the planted values. Target: ≥ 0.95.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed

from pipeline.review.reviewer import Reviewer, ReviewOptions
from planreview_testing.task_eval import FIELDS, evaluate


def main() -> None:
    reviewer = Reviewer(ReviewOptions(corpus_dir=None))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        scores = evaluate(reviewer, Path(folder))
    print(f"{'draft':<36} {'tasks':>5} {'P':>6} {'R':>6} " + " ".join(f"{f:>7}" for f in FIELDS))
    for name, s in scores.items():
        print(f"{name:<36} {s.planned:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
              + " ".join(f"{s.accuracy(f):>7.3f}" for f in FIELDS))
    errors = scores["all"].errors
    print(f"\n{len(errors)} errors in {time.perf_counter() - start:.1f} s")
    for e in errors[:20]:
        print("  " + e)


if __name__ == "__main__":
    main()
