"""Checks against the plan above (issue 34, ``--parent``): does the draft carry out what it was assigned?

* ``parent_tasks`` — each task the parent assigns to the draft's level or unit that no draft task carries out
  (variant ``partner`` when the draft's level only partners it: less severe);
* ``parent_targets`` — each parent target for the draft's level that the draft sets lower, later or not at all.

Both read ``Context.parent`` (analyse/parent_plan.py, computed by the reviewer). Without a parent plan they
find nothing and the reviewer reports their rules as not checked (never as passed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.analyse.parent_plan import ROLE_LABELS
from pipeline.checks.context import Context
from pipeline.core.model import Finding

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


_DOING = ("thực hiện", "chủ trì", "triển khai")


def _year(y: int | None) -> str:
    return f"năm {y}" if y else "(không nêu năm)"


def parent_tasks(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per task of the plan above assigned to the draft's level or unit that the draft does not take
    up (no draft task matches it by meaning); severity by the parent's wording: chủ trì above phối hợp."""
    comparison = ctx.parent
    if comparison is None:
        return []
    out = []
    for pair in comparison.tasks:
        if pair.draft is not None:
            continue
        a = pair.assignment
        assigned = a.by if a.by.lower().endswith(_DOING) else f"{a.by} {ROLE_LABELS[a.role]}"
        out.append(rule.finding(
            evidence=a.task.text, variant="partner" if a.role == "phoi_hop" else None,
            parent=comparison.parent.label(), parent_task=a.task.text, parent_no=a.number,
            role=ROLE_LABELS[a.role], assigned_by=a.by,
            assigned=assigned, parent_time=a.task.time_text or "không nêu",
            nearest=pair.nearest.text if pair.nearest else "", score=round(pair.score, 2)))
    return out


def parent_targets(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per target the plan above sets for the draft's level that the draft sets lower, later or not
    at all, naming the parent's figure and year."""
    comparison = ctx.parent
    if comparison is None:
        return []
    out = []
    for pair in comparison.targets:
        if pair.status == "ok":
            continue
        p, d = pair.parent, pair.draft
        fields = dict(parent=comparison.parent.label(), parent_target=p.text, parent_value=f"{p.value:g}%",
                      parent_year=_year(p.deadline), status=pair.status, score=round(pair.score, 2))
        if d is None:
            out.append(rule.finding(evidence=p.text, variant="missing", **fields))
            continue
        out.append(rule.finding(evidence=d.text, location=d.location,
                                variant="later" if pair.status == "later" else None,
                                draft_value=f"{d.value:g}%", draft_year=_year(d.deadline), **fields))
    return out
