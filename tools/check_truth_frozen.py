"""Truth files are frozen: a commit that changes a ground-truth file changes no code it scores.

    python tools/check_truth_frozen.py          # exit 1 and one line per offending commit

A truth file (``*.truth.yaml``, the gated set's and the realistic corpora's) says what a careful reviewer
would find in a draft. Edited in the same commit as the pipeline, it can quietly follow the code instead of
judging it (issue 38). The rule, checked on the git history:

* tests/data/gated/ and tests/data/parent/ — every commit that ever touched one of their truth files;
* tests/data/realistic/ and benchmarks/data/heldout/ — commits after ``SINCE`` (their earlier history mixed
  truth and code; the rule starts with issue 38).

A change to a truth file is fine on its own (a wrong truth fixed, in a commit that says why); a change to the
code is fine on its own; both in one commit are not. Merge commits are not judged (their parents are).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINCE = "34793ea"  # the last commit before the rule (tests reorganised, 2026-12-07)
FROZEN = {"tests/data/gated": None, "tests/data/realistic": SINCE, "benchmarks/data/heldout": SINCE,
          "tests/data/parent": None}  # issue 34: the plan above and the commune plans carrying it out
SCORING_CODE = ("pipeline/", "rules/", "planreview_testing/", "benchmarks/eval_realistic.py",
                "benchmarks/eval_parent.py")


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def offending_commits() -> list[str]:
    """'<sha> <subject>: truth <files> with code <files>' for every commit breaking the rule."""
    out = []
    for folder, since in FROZEN.items():
        rng = [f"{since}..HEAD"] if since else ["HEAD"]
        shas = _git("log", "--no-merges", "--format=%H", *rng, "--", f"{folder}/*.truth.yaml").split()
        for sha in shas:
            files = _git("show", "--no-renames", "--name-only", "--format=", sha).split("\n")
            truth = [f for f in files if f.startswith(folder + "/") and f.endswith(".truth.yaml")]
            code = [f for f in files if f.startswith(SCORING_CODE)]
            if truth and code:
                subject = _git("log", "-1", "--format=%s", sha).strip()
                out.append(f"{sha[:10]} {subject!r}: truth {truth[:3]} with code {code[:3]}")
    return sorted(set(out))


def main() -> int:
    bad = offending_commits()
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
