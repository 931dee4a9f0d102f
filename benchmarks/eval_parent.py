"""How well a review against the plan above (``--parent``, issue 34) finds what a commune took up.

    python benchmarks/eval_parent.py [--runs 5]       # tests/data/parent/ (python -m planreview_testing.gen_parent)

For every commune plan of tests/data/parent/ reviewed against the provincial plan p00-…, compares findings.json's
``parent`` pairs with the truth files:

* taken up / not taken up — precision and recall of each (a "taken up" counts as right only when it names the
  draft task the truth names; goal ≥ 0.9 each);
* target comparisons — ok / lower / later / lower_later / missing, each right or wrong (goal: all right);
* the commune's own extra tasks — never named as carrying out a parent task, never in a finding;
* the time ``--parent`` adds to a review: whole process (``planreview review … --no-corpus``), median of
  ``--runs`` runs per draft, with and without ``--parent`` (goal ≤ 20 %); once with the parent's reading
  cached (commune after commune against one plan) and once cold (its cache removed before every run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "parent"
PARENT = DATA / "p00-ke-hoach-tinh-ninh-lac-2026.docx"


def _review(draft: Path, out: Path, parent: bool, cache: Path, cold: bool = False) -> float:
    """Seconds of one whole review process; ``cold``: the parent's cached reading removed first."""
    cmd = [sys.executable, "-m", "pipeline.apps.cli", "review", str(draft), "-o", str(out), "--no-corpus",
           "--overwrite", "--no-config"] + (["--parent", str(PARENT)] if parent else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANREVIEW_CACHE": str(cache)}
    if cold:
        shutil.rmtree(cache / "parents", ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(findings: dict, truth: dict) -> dict:
    """Counts of one draft: task pairs (tp/fp/fn per status), target comparisons right, extras named."""
    pairs = {p["parent_task"]: p for p in findings["parent"]["tasks"]}
    c = {"taken_tp": 0, "taken_fp": 0, "taken_fn": 0, "not_tp": 0, "not_fp": 0, "not_fn": 0,
         "targets": 0, "targets_right": 0, "extras_named": 0, "wrong": [], "true_scores": [], "other_scores": []}
    for t in truth["tasks"]:
        got = pairs.get(t["parent_task"])
        status = got["status"] if got else "absent"
        if got:  # the score of the pair found (a true take-up) or of the nearest draft task (none)
            c["true_scores" if t["status"] == "taken_up" else "other_scores"].append(got["score"])
        if t["status"] == "taken_up":
            if status == "taken_up" and t["draft_task"] in got["draft_task"]:  # (a prose task: its whole item)
                c["taken_tp"] += 1
            else:
                c["taken_fn"] += 1
                c["not_fp"] += status == "not_taken_up"
                c["taken_fp"] += status == "taken_up"  # named the wrong draft task
                c["wrong"].append(f"{t['key']} taken up, found {status} ({got and got['draft_task']})")
        else:
            if status == "not_taken_up":
                c["not_tp"] += 1
            else:
                c["not_fn"] += 1
                c["taken_fp"] += status == "taken_up"
                c["wrong"].append(f"{t['key']} not taken up, found {status} ({got and got['draft_task']})")
    known = {t["parent_task"] for t in truth["tasks"]}
    c["taken_fp"] += sum(1 for p in pairs.values() if p["parent_task"] not in known and p["status"] == "taken_up")
    targets = {p["parent_target"].rstrip("."): p for p in findings["parent"]["targets"]}
    for t in truth["targets"]:
        c["targets"] += 1
        got = targets.get(t["parent_target"].rstrip("."))
        if got and got["status"] == t["status"]:
            c["targets_right"] += 1
        else:
            c["wrong"].append(f"{t['key']} target {t['status']}, found {got and got['status']}")
    named = [p["draft_task"] for p in pairs.values() if p["draft_task"]]
    texts = [f["evidence"] + " " + f["message"] for f in findings["findings"] if f["rule_id"].startswith("PARENT")]
    for extra in truth["extras"]:
        if any(extra in x for x in named + texts):
            c["extras_named"] += 1
            c["wrong"].append(f"extra named: {extra}")
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per draft for the timing (median)")
    args = parser.parse_args(argv)
    drafts = sorted(p for p in DATA.glob("c*.docx"))
    total: dict = {}
    times_with, times_without, times_cold = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for draft in drafts:
            out = Path(tmp) / draft.stem
            _review(draft, out, True, cache)
            findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
            truth = yaml.safe_load((DATA / (draft.stem + ".truth.yaml")).read_text(encoding="utf-8"))
            c = score(findings, truth)
            for k, v in c.items():
                total[k] = total.get(k, []) + v if isinstance(v, list) else total.get(k, 0) + v
            print(f"{draft.name}: taken up {c['taken_tp']}/{c['taken_tp'] + c['taken_fn']}, not taken up "
                  f"{c['not_tp']}/{c['not_tp'] + c['not_fn']}, targets {c['targets_right']}/{c['targets']}"
                  + "".join(f"\n    {w}" for w in c["wrong"]))
            if args.runs:  # interleaved, so that a busy machine slows all three alike
                runs = [(_review(draft, out, False, cache), _review(draft, out, True, cache),
                         _review(draft, out, True, cache, cold=True)) for _ in range(args.runs)]
                for k, times in enumerate((times_without, times_with, times_cold)):
                    times.append(statistics.median(r[k] for r in runs))
    t = total
    print(f"taken up:     precision {_ratio(t['taken_tp'], t['taken_tp'] + t['taken_fp']):.3f}  "
          f"recall {_ratio(t['taken_tp'], t['taken_tp'] + t['taken_fn']):.3f}  ({t['taken_tp']} right)")
    print(f"not taken up: precision {_ratio(t['not_tp'], t['not_tp'] + t['not_fp']):.3f}  "
          f"recall {_ratio(t['not_tp'], t['not_tp'] + t['not_fn']):.3f}  ({t['not_tp']} right)")
    print(f"targets:      {t['targets_right']}/{t['targets']} comparisons right")
    print(f"extra tasks named or flagged: {t['extras_named']}")
    print(f"margin: lowest score of a true take-up {min(t['true_scores']):.2f}, highest nearest score of an "
          f"assignment not taken up {max(t['other_scores']):.2f} (threshold: rules/85-parent.yaml)")
    if times_with:
        a, b, c = (statistics.median(x) for x in (times_without, times_with, times_cold))
        print(f"time: review {a:.2f} s → with --parent {b:.2f} s, parent read cold {c:.2f} s (median over drafts of "
              f"medians of {args.runs} runs): +{100 * (b - a) / a:.1f} %, cold +{100 * (c - a) / a:.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
