"""Task checks: a task list exists; every task has an owner, a timeline in the horizon, and money."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.checks.content import pillar_coverage
from pipeline.checks.context import Context
from pipeline.core.model import Finding
from pipeline.core.numbers import format_vnd

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def task_list_present(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.tasks.tasks:
        return []
    return [rule.finding()]


def task_field(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per task missing ``field`` (owner | time | budget | source), quoting the task."""
    field = rule.options.field
    out = []
    for task in ctx.tasks.tasks:
        if field not in task.missing:
            continue
        variant = None
        if field == "time" and task.time_vague:
            variant = "vague"
        elif field == "owner" and task.owner_unassigned:
            variant = "unassigned"
        elif field == "budget" and task.budget_text:
            variant = "no_amount"
        out.append(rule.finding(evidence=task.text, location=task.location, variant=variant, owner=task.owner,
                                time=task.time_text, budget=task.budget_text))
    return out


def _vnd(value: float) -> str:
    return format_vnd(value)


def budget_total(ctx: Context, rule: Rule) -> list[Finding]:
    """Sum of task budgets vs the Kinh phí section's stated total and the table's total row."""
    tasks = ctx.tasks
    total = tasks.sum_vnd
    if not tasks.tasks or not total:
        return []
    tolerance = rule.options.tolerance
    out = []
    comparisons = [("tổng kinh phí nêu tại phần Kinh phí", tasks.stated_total_vnd, tasks.stated_total_text,
                    tasks.stated_total_location),
                   ("dòng Tổng cộng của bảng nhiệm vụ", tasks.table_total_vnd, "", None)]
    for label, other, evidence, location in comparisons:
        if other and abs(total - other) > tolerance * max(total, other):
            out.append(rule.finding(evidence=evidence, location=location, tasks_sum=_vnd(total), other=_vnd(other),
                                    other_label=label, diff=_vnd(abs(total - other))))
    for group in tasks.group_totals:  # "I. Chính quyền số ... 3.200" vs the tasks listed under it
        own, other = group.tasks_vnd, group.stated_vnd
        if abs(own - other) > tolerance * max(own, other):
            out.append(rule.finding(evidence=group.group, location=group.location, tasks_sum=_vnd(own),
                                    other=_vnd(other), other_label=f'tổng phụ của nhóm "{group.group}"',
                                    diff=_vnd(abs(own - other))))
    return out


def pillar_tasks(ctx: Context, rule: Rule) -> list[Finding]:
    """A pillar with content (its PILLAR rule passes) but no task in the task list."""

    if not ctx.tasks.tasks:
        return []  # TASK-05 reports a missing task list
    out = []
    for pillar_rule in ctx.ruleset.rules:
        if pillar_rule.check != "pillar_coverage" or pillar_rule.options.key is None:
            continue
        if pillar_coverage(ctx, pillar_rule):
            continue  # the pillar itself is missing or thin: its PILLAR rule reports it
        if not any(t.pillar == pillar_rule.options.key for t in ctx.tasks.tasks):
            out.append(rule.finding(pillar=pillar_rule.options.name))
    return out


def task_horizon(ctx: Context, rule: Rule) -> list[Finding]:
    """Task years must fall between the plan's year (less ``slack_before``) and its horizon."""
    meta = ctx.seg.meta
    end = meta.horizon_end
    if end is None:
        return []
    start = (meta.plan_year or 0) - rule.options.slack_before
    out = []
    for task in ctx.tasks.tasks:
        if task.start_year is None:
            continue
        if task.end_year > end or task.start_year < start:
            out.append(rule.finding(evidence=task.text, location=task.location, time=task.time_text,
                                    horizon=f"{meta.plan_year or '?'}–{end}"))
    return out
