"""Measure task extraction on generated drafts whose tasks are known (shared by tests and benchmarks).

For each draft shape, the extracted tasks are matched to the planned ones by their text; precision
and recall count the matches, field accuracy counts, over matched tasks, how often owner, time,
budget and funding source equal the planted values — the literal years and canonical sources the
generator wrote down beside each cell (PlannedTask.years / .sources), never a parse by the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.review.reviewer import Reviewer

from .synthetic import DraftSpec, clean_spec, planned_tasks, write_draft

FIELDS = ("owner", "time", "budget", "source")

SHAPES: dict[str, DraftSpec] = {
    "table": clean_spec(task_without_owner=1, task_vague_time=2, task_budget_no_amount=4),
    "table-no-heading-styles": clean_spec(heading_styles=False, task_unassigned_owner=0, task_without_source=6),
    "table-two-header-rows": clean_spec(table_layout="multirow", extra_tasks=12, task_without_time=3),
    "table-budget-by-source": clean_spec(table_layout="by_source", task_without_budget=2),
    "bulleted-list": clean_spec(task_format="list", task_without_owner=2, task_without_budget=5),
    "numbered-list": clean_spec(task_format="numbered", task_vague_time=1, task_budget_no_amount=3),
}


@dataclass
class TaskScore:
    planned: int = 0
    extracted: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.planned if self.planned else 1.0

    def accuracy(self, name: str) -> float:
        return self.correct[name] / self.matched if self.matched else 1.0

    def add(self, other: TaskScore) -> None:
        self.planned += other.planned
        self.extracted += other.extracted
        self.matched += other.matched
        for k in FIELDS:
            self.correct[k] += other.correct[k]
        self.errors += other.errors


def _key(text: str) -> str:
    return re.sub(r"^(?:-|\d+\.)\s*", "", text).split(";")[0].strip().lower()


def score_draft(reviewer: Reviewer, spec: DraftSpec, path: Path) -> TaskScore:
    write_draft(spec, path)
    result = reviewer.review(path)
    planned = {_key(t.text): t for t in planned_tasks(spec)}
    score = TaskScore(planned=len(planned), extracted=len(result.tasks.tasks))
    for task in result.tasks.tasks:
        truth = planned.pop(_key(task.text), None)
        if truth is None:
            score.errors.append(f"{path.name}: unexpected task {task.text[:60]!r}")
            continue
        score.matched += 1
        unassigned = truth.owner.lower().startswith("các cơ quan")
        expected = {
            "owner": "" if unassigned else truth.owner,
            "time": truth.years,
            "budget": truth.budget * 1e6 if truth.budget > 0 else None,
            "source": sorted(truth.sources),
        }
        got = {"owner": "; ".join(task.owners), "time": (task.start_year, task.end_year),
               "budget": task.budget_vnd, "source": sorted(task.sources)}
        for name in FIELDS:
            if got[name] == expected[name]:
                score.correct[name] += 1
            else:
                score.errors.append(f"{path.name}: {name} {got[name]!r} ≠ {expected[name]!r} in {truth.text[:40]!r}")
    score.errors += [f"{path.name}: missed task {t.text[:60]!r}" for t in planned.values()]
    return score


def evaluate(reviewer: Reviewer, folder: Path,
             formats: tuple[str, ...] = ("docx", "pdf", "txt")) -> dict[str, TaskScore]:
    """Scores per shape and format, plus an "all" total."""
    scores: dict[str, TaskScore] = {}
    total = TaskScore()
    for name, spec in SHAPES.items():
        for fmt in formats:
            s = score_draft(reviewer, spec, folder / f"{name}.{fmt}")
            scores[f"{name}.{fmt}"] = s
            total.add(s)
    scores["all"] = total
    return scores
