"""Target checks: deadlines after the plan's date, realistic pace, a baseline for each target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding
from . import Context, check

if TYPE_CHECKING:
    from ..rules_loader import Rule


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:g}%"


@check("target_deadline")
def target_deadline(ctx: Context, rule: Rule) -> list[Finding]:
    """A target due in or before the year the plan is written leaves no time to reach it."""
    year = ctx.seg.meta.plan_year
    if year is None:
        return []
    return [rule.finding(evidence=t.text, location=t.location, value=_fmt(t.value), deadline=t.deadline,
                         plan_year=year)
            for t in ctx.targets if t.deadline is not None and t.deadline <= year]


@check("target_ambition")
def target_ambition(ctx: Context, rule: Rule) -> list[Finding]:
    """A high target due soon, with no baseline or a pace far beyond what the baseline allows."""
    p = rule.params
    year = ctx.seg.meta.plan_year
    if year is None:
        return []
    out = []
    for t in ctx.targets:
        if t.deadline is None or t.deadline <= year:
            continue  # target_deadline reports those
        years = t.deadline - year
        pace = (t.value - t.baseline) / years if t.baseline is not None else None
        too_fast = pace is not None and pace > p.get("max_points_per_year", 20)
        soon_and_high = (t.value >= p.get("high_value", 90) and years <= p.get("min_years", 2)
                         and t.baseline is None)
        if too_fast or soon_and_high:
            out.append(rule.finding(
                evidence=t.text, location=t.location, variant="pace" if too_fast else None,
                value=_fmt(t.value), deadline=t.deadline, years=years, baseline=_fmt(t.baseline),
                pace=f"{pace:.0f}" if pace is not None else "?", plan_year=year))
    return out


@check("target_baseline")
def target_baseline(ctx: Context, rule: Rule) -> list[Finding]:
    """Every target needs a current figure (baseline) in the hiện trạng section."""
    return [rule.finding(evidence=t.text, location=t.location, value=_fmt(t.value), indicator=t.indicator)
            for t in ctx.targets if t.baseline is None]
