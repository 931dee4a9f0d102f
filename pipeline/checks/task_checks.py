"""Task checks: a task list exists; every task has an owner, a timeline in the horizon, and money."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from pipeline.checks.content import pillar_coverage
from pipeline.checks.context import Context
from pipeline.core.model import Finding, Location
from pipeline.core.numbers import format_vnd

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def task_list_present(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.tasks.tasks:
        return []
    return [rule.finding()]


_TOTAL_LABEL = re.compile(r"^(?:tổng cộng|tổng số|tổng kinh phí|tổng)\b", re.IGNORECASE)


def task_tables(ctx: Context) -> dict:
    """(file, table number) → the task table (tasks.py's TaskTable)."""
    return {(tt.table.blocks[0].location.file, tt.table.index): tt for tt in ctx.tasks.tables if tt.table.blocks}


def cell_location(location: Location, tables: dict, role: str) -> Location:
    """In a workbook, the cell of ``role`` (owner, time, budget, source …) on the row of ``location``: the
    annotated workbook comments that cell. Elsewhere ``location`` itself."""
    if not location.sheet:
        return location
    tt = tables.get((location.file, location.table))
    if tt is None or not tt.table.columns:
        return location
    column = next((c for c, r in sorted(tt.roles.items()) if r == role), None)
    if column is None or column >= len(tt.table.columns):
        return location
    return dataclasses.replace(location, column=tt.table.columns[column])


def total_row_location(ctx: Context, table=None) -> Location | None:
    """The "Tổng cộng" row of ``table`` (default: the last task table that has one), at its budget cell in a
    workbook."""
    tables = task_tables(ctx)
    for tt in reversed([table] if table is not None else ctx.tasks.tables):
        for row, block in zip(reversed(tt.table.rows), reversed(tt.table.blocks)):
            label = next((c for c in row if c), "")
            if _TOTAL_LABEL.match(label) or (len(row) > 1 and _TOTAL_LABEL.match(row[1] or "")):
                return cell_location(block.location, tables, "budget")
    return None


def task_field(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per task missing ``field`` (owner | time | budget | source), quoting the task."""
    field = rule.options.field
    tables = task_tables(ctx)
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
        out.append(rule.finding(evidence=task.text, location=cell_location(task.location, tables, field),
                                variant=variant, owner=task.owner,
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
                    tasks.stated_total_location, total)]
    totalled = [tt for tt in tasks.tables if tt.total_vnd]
    if len(totalled) > 1:  # several task tables (appendices): each "Tổng cộng" against the sum of its own column
        for tt in totalled:
            rows = {id(b.location) for b in tt.table.blocks}
            own = sum(t.budget_vnd or 0 for t in tasks.tasks if id(t.location) in rows)
            comparisons.append(("dòng Tổng cộng của bảng nhiệm vụ", tt.total_vnd, "", total_row_location(ctx, tt), own))
    else:
        comparisons.append(("dòng Tổng cộng của bảng nhiệm vụ", tasks.table_total_vnd, "",
                            total_row_location(ctx) if tasks.table_total_vnd else None, total))
    for label, other, evidence, location, own in comparisons:
        if other and abs(own - other) > tolerance * max(own, other):
            out.append(rule.finding(evidence=evidence, location=location, tasks_sum=_vnd(own), other=_vnd(other),
                                    other_label=label, diff=_vnd(abs(own - other))))
    for group in tasks.group_totals:  # "I. Chính quyền số ... 3.200" vs the tasks listed under it
        own, other = group.tasks_vnd, group.stated_vnd
        if abs(own - other) > tolerance * max(own, other):
            out.append(rule.finding(evidence=group.group, location=cell_location(group.location, task_tables(ctx),
                                                                                 "budget"), tasks_sum=_vnd(own),
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
