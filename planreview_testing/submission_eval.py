"""Score reviews of multi-file submissions against their ground truth (gen_submissions.py's truth.yaml).

Tasks are matched by their name; for each matched task the owner, time, budget, funding source and location
(file, and sheet and row in a workbook) are compared with the planted literals. Planted defects are matched
by rule, quoted task, file and — in a workbook — the column of the commented cell; any other finding of the
defect rules is a false alarm (clean submissions must have none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.analyse.tasks import parse_sources, parse_time
from pipeline.review.reviewer import Reviewer

FIELDS = ("owner", "time", "budget", "source", "location")
DEFECT_RULES = {"TASK-01", "TASK-02", "TASK-03", "TASK-06", "TASK-07", "TASK-12", "REFORM-01"}


@dataclass
class SubmissionScore:
    planned: int = 0
    extracted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    defects: int = 0
    defects_found: int = 0
    false_alarms: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.planned if self.planned else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    def accuracy(self, name: str | None = None) -> float:
        if not self.matched:
            return 0.0
        names = [name] if name else list(FIELDS)
        return sum(self.correct[n] for n in names) / (self.matched * len(names))

    @property
    def defect_recall(self) -> float:
        return self.defects_found / self.defects if self.defects else 1.0

    def add(self, other: SubmissionScore) -> None:
        for name in ("planned", "extracted", "matched", "defects", "defects_found", "false_alarms"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k in FIELDS:
            self.correct[k] += other.correct[k]
        self.errors += other.errors


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load_truth(folder: Path) -> dict:
    return yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))


def review_submission(reviewer: Reviewer, folder: Path, truth: dict, with_appendices: bool = True):
    """The review a council gets: the plan with the other files of the folder (or, before, the plan alone)."""
    plan = folder / truth["plan"]
    others = [folder / f["name"] for f in truth["files"] if f["name"] != truth["plan"]]
    return reviewer.review(plan, attached=others if with_appendices else None)


def score_submission(result, truth: dict) -> SubmissionScore:
    score = SubmissionScore(planned=len(truth["tasks"]), extracted=len(result.tasks.tasks))
    planned = {_key(t["name"]): t for t in truth["tasks"]}
    for task in result.tasks.tasks:
        t = planned.pop(_key(task.text), None)
        if t is None:
            score.errors.append(f"{truth['submission']}: unexpected task {task.text[:60]!r}")
            continue
        score.matched += 1
        loc = task.location
        checks = {
            "owner": task.owner.strip() == t["owner"].strip(),
            "time": (task.start_year, task.end_year) == parse_time(str(t["time"]))[:2],
            "budget": task.budget_vnd is not None and abs(task.budget_vnd - t["budget_vnd"]) < 1,
            "source": task.sources == parse_sources(t["source"]),
            "location": loc.file == t["file"] and (not t.get("sheet") or (loc.sheet, loc.sheet_row)
                                                   == (t["sheet"], t["row"])),
        }
        for name, ok in checks.items():
            score.correct[name] += ok
            if not ok:
                score.errors.append(f"{truth['submission']}: {name} of {t['name'][:40]!r}")
    score.errors += [f"{truth['submission']}: missed task {t['name'][:60]!r}" for t in planned.values()]
    found = [f for f in result.findings if f.rule_id in DEFECT_RULES]
    used: set[int] = set()
    for exp in truth["expected"]:
        score.defects += 1
        hit = next((i for i, f in enumerate(found) if i not in used and f.rule_id == exp["rule"]
                    and exp["match"].lower() in (f.evidence or "").lower() and f.location is not None
                    and f.location.file == exp["file"]
                    and (not exp.get("cell") or f.location.column == exp["cell"])), None)
        if hit is None:
            score.errors.append(f"{truth['submission']}: defect not found {exp}")
            continue
        used.add(hit)
        score.defects_found += 1
    for i, f in enumerate(found):
        if i not in used:
            score.false_alarms += 1
            score.errors.append(f"{truth['submission']}: false alarm {f.rule_id} {f.evidence[:50]!r}")
    return score
