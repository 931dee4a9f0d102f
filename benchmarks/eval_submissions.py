"""Task recall, field accuracy and planted defects on multi-file submissions: plan alone (before) → with appendices.

    python benchmarks/eval_submissions.py              # planreview_testing/gen_submissions.py's submissions
    python benchmarks/eval_submissions.py --errors     # and every miss

"Before" reviews the plan file alone, as `planreview review PLAN` did before issue 36 (a workbook could not be
read at all); "after" reviews the plan with the other files of its folder (`--appendix`, batch sub-folders).
Fields: owner, time, budget, source and location (file; sheet and row in a workbook). Defects: rule, quoted task,
file and, in a workbook, the commented cell's column; "other" counts the other findings of the defect rules —
false alarms after; before, they are TASK-12 saying, rightly, that the appendices were not sent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from pipeline.review.reviewer import Reviewer, ReviewOptions
    from planreview_testing.gen_submissions import write_all
    from planreview_testing.submission_eval import FIELDS, SubmissionScore, review_submission, score_submission

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    reviewer = Reviewer(ReviewOptions(corpus_dir=None))
    totals = {"before": SubmissionScore(), "after": SubmissionScore()}
    with tempfile.TemporaryDirectory() as tmp:
        for folder, truth in write_all(Path(tmp), with_pdf=True):  # (the PDF appendix needs LibreOffice)
            line = [f"{truth['submission']:<34}"]
            for when, with_appendices in (("before", False), ("after", True)):
                score = score_submission(review_submission(reviewer, folder, truth, with_appendices), truth)
                totals[when].add(score)
                line.append(f"{when}: tasks {score.matched}/{score.planned} defects {score.defects_found}/"
                            f"{score.defects} other {score.false_alarms}")
            print("  ".join(line))
    for when, s in totals.items():
        fields = " ".join(f"{k} {s.accuracy(k):.3f}" for k in FIELDS)
        print(f"{when:>6}: task recall {s.recall:.3f} precision {s.precision:.3f} · field accuracy "
              f"{s.accuracy() if s.matched else 0:.3f} ({fields}) · defects {s.defects_found}/{s.defects} "
              f"· other defect-rule findings {s.false_alarms}")
    if args.errors:
        for e in totals["after"].errors:
            print("  after:", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
