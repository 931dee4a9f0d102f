"""Task checks: a task list exists; every task has an owner, a timeline in the horizon, and money."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding
from . import Context, check

if TYPE_CHECKING:
    from ..rules_loader import Rule


@check("task_list_present")
def task_list_present(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.tasks.tasks:
        return []
    return [rule.finding()]


@check("task_field")
def task_field(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per task missing ``field`` (owner | time | budget)."""
    field = rule.params["field"]
    out = []
    for task in ctx.tasks.tasks:
        if field == "time" and task.time_vague and task.start_year is None:
            out.append(rule.finding(evidence=task.text, location=task.location, variant="vague",
                                    time=task.time_text))
        elif field in task.missing:
            out.append(rule.finding(evidence=task.text, location=task.location,
                                    variant="unassigned" if task.owner_unassigned else None,
                                    owner=task.owner))
    return out


@check("task_horizon")
def task_horizon(ctx: Context, rule: Rule) -> list[Finding]:
    """Task years must fall between the plan's year (less ``slack_before``) and its horizon."""
    meta = ctx.seg.meta
    end = meta.horizon_end
    if end is None:
        return []
    start = (meta.plan_year or 0) - rule.params.get("slack_before", 1)
    out = []
    for task in ctx.tasks.tasks:
        if task.start_year is None:
            continue
        if task.end_year > end or task.start_year < start:
            out.append(rule.finding(evidence=task.text, location=task.location, time=task.time_text,
                                    horizon=f"{meta.plan_year or '?'}–{end}"))
    return out
