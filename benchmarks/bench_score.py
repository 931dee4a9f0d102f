"""Calibrate the overall score on generated drafts with known planted defects.

    python benchmarks/bench_score.py [--drafts 36] [--seed 7] [--formats txt,docx,pdf]

Each draft gets a random set of planted defects (planreview_testing/synthetic.py and gen_targets.py). A
reviewer's weight for each defect (3 = serious: a pillar missing, 749/QĐ-TTg not cited, no status
analysis; 2 = substantive; 1 = minor) gives the draft's severity-weighted defect count. The score must
rank the drafts in the same order: the script prints Spearman's rank correlation between the score and the
negated weighted count (the issue asks ≥ 0.9 over ≥ 30 drafts), the old score (mean of the area scores)
for comparison, and the scores of non-plans. The weights here are the ground truth; the score's weights
are in rules/00-scoring.yaml.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scipy.stats import spearmanr  # noqa: E402

from pipeline.review.reviewer import Reviewer, ReviewOptions  # noqa: E402
from planreview_testing.gen_targets import NON_PLANS, TargetSpec, write_target_draft  # noqa: E402
from planreview_testing.synthetic import clean_spec  # noqa: E402

# defect → (how to plant it: DraftSpec / TargetSpec changes, reviewer's weight)
DEFECTS: dict[str, tuple[dict, dict, int]] = {
    "no chính quyền số": ({"omit_pillars": ("chinh_quyen_so",)}, {}, 3),
    "no xã hội số": ({"omit_pillars": ("xa_hoi_so",)}, {}, 3),
    "kinh tế số only named": ({"thin_pillars": ("kinh_te_so",)}, {}, 2),
    "749/QĐ-TTg not cited": ({"omit_749": True}, {}, 3),
    "no hiện trạng": ({"omit_status": True}, {}, 3),
    "hiện trạng without figures": ({"status_without_figures": True}, {}, 2),
    "no strengths/weaknesses": ({"omit_strengths": True}, {}, 2),
    "no provincial basis": ({"omit_provincial": True}, {}, 2),
    "942 not cited": ({"omit_942": True}, {}, 1),
    "malformed citation": ({"malformed_citation": True}, {}, 1),
    "wrong 749 date": ({"wrong_date_749": True}, {}, 1),
    "task without owner": ({"task_without_owner": 0}, {}, 2),
    "task without time": ({"task_without_time": 1}, {}, 1),
    "task without budget": ({"task_without_budget": 2}, {}, 2),
    "budget total mismatch": ({"budget_total_mismatch": True}, {}, 2),
    "target due this year": ({"early_target": True}, {}, 2),
    "100% in two years, no baseline": ({"ambitious_target": True}, {}, 1),
    "sections out of order": ({"swap_order": True}, {}, 1),
    "no Tổ chức thực hiện": ({"omit_to_chuc": True}, {}, 2),
    "target below the nation's": ({}, {"below_reference": True}, 2),
    "target far above the nation's": ({}, {"far_above": True}, 2),
    "target later than the nation's": ({}, {"late_deadline": True}, 2),
    "no work-record target": ({}, {"key_missing": True}, 2),
}
EXCLUSIVE = [{"no chính quyền số", "no work-record target", "target below the nation's"},
             {"no hiện trạng", "hiện trạng without figures", "no strengths/weaknesses"},
             {"no chính quyền số", "no xã hội số", "kinh tế số only named"}]


def draw(rng: random.Random, n_max: int) -> list[str]:
    chosen: list[str] = []
    for name in rng.sample(list(DEFECTS), k=rng.randint(0, n_max)):
        if any(name in group and chosen_name in group for group in EXCLUSIVE for chosen_name in chosen):
            continue
        chosen.append(name)
    return chosen


def spec_for(defects: list[str]) -> TargetSpec:
    base, extra = {}, {}
    for name in defects:
        base.update(DEFECTS[name][0])
        extra.update(DEFECTS[name][1])
    return TargetSpec(base=replace(clean_spec(), **base), **extra)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=36)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-defects", type=int, default=7)
    ap.add_argument("--formats", default="txt,docx,pdf")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    formats = args.formats.split(",")
    reviewer = Reviewer(ReviewOptions(corpus_dir=ROOT / "corpora", kb_files=[ROOT / "samples" / "kb-thanh-lam.yaml"]))
    rows = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.drafts):
            defects = [] if i == 0 else draw(rng, args.max_defects)
            path = write_target_draft(spec_for(defects), Path(tmp) / f"draft-{i:02d}.{formats[i % len(formats)]}")
            result = reviewer.review(path)
            old = round(sum(result.scores.values()) / len(result.scores))
            weighted = sum(DEFECTS[d][2] for d in defects)
            rows.append((path.name, weighted, result.overall_score, old, len(result.findings), defects))
        non_plans = []
        for name, make in NON_PLANS.items():
            result = reviewer.review(make(Path(tmp) / f"{name}.txt"))
            non_plans.append((name, result.overall_score, round(sum(result.scores.values()) / len(result.scores)),
                              result.shape.reasons))
    print(f"{'draft':<15} {'weighted':>8} {'score':>5} {'old':>4} {'findings':>8}  planted defects")
    for name, weighted, score, old, n, defects in sorted(rows, key=lambda r: r[1]):
        print(f"{name:<15} {weighted:>8} {score:>5} {old:>4} {n:>8}  {', '.join(defects) or '—'}")
    weighted = [-r[1] for r in rows]
    rho_new = spearmanr([r[2] for r in rows], weighted).statistic
    rho_old = spearmanr([r[3] for r in rows], weighted).statistic
    print(f"\n{len(rows)} drafts ({', '.join(formats)}), {time.perf_counter() - t0:.0f} s")
    print(f"Spearman(score, −weighted defects): {rho_new:.3f}   (old score, mean of area scores: {rho_old:.3f})")
    print("Not a plan (score None = not scored):")
    for name, score, old, reasons in non_plans:
        print(f"  {name:<13} score {score}  (old score {old})  — {'; '.join(reasons)}")


if __name__ == "__main__":
    main()
