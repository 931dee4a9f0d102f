"""Target checks: deadlines after the plan's date, realistic pace, a baseline for each target, and the
targets held against the reference sets (national programmes, the province's resolution).

The plan's date is PlanMeta.issued_on when known (a plan of July 2026 has half a year left for a target
"đến năm 2026"), else its year; its horizon is its own (2026-2030 for plans of today), never a fixed 2025.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.analyse.plan_profile import covered_year
from pipeline.analyse.reference_targets import plan_time, years_left
from pipeline.analyse.targets import Target
from pipeline.checks.content import count_figures
from pipeline.checks.context import Context
from pipeline.core.model import Finding
from pipeline.rules.params import (
    StatusCoverageParams,
    TargetAmbitionParams,
    TargetDeadlineParams,
    TargetFarAboveReferenceParams,
)

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:g}%"


def _years(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def _plan_year(ctx: Context) -> int | None:
    now = plan_time(ctx.seg.meta)
    return None if now is None else int(now)


def target_deadline(ctx: Context, rule: Rule) -> list[Finding]:
    """A target due before the year the plan is written is already past (a roadmap's yearly milestone is no
    target of its own). One due in the plan's own year is a first-year milestone in an annual plan, or in a plan
    issued in the first ``own_year_grace_months`` months; later in the year it leaves no time — unless it states
    its baseline, when the pace rule (target_ambition) judges it."""
    o: TargetDeadlineParams = rule.options
    year = _plan_year(ctx)
    if year is None:
        return []
    now = plan_time(ctx.seg.meta) or float(year)
    late_in_year = (now - year) * 12 >= o.own_year_grace_months
    covered = covered_year(ctx.seg.meta)
    return [rule.finding(evidence=t.text, location=t.location, value=_fmt(t.value), deadline=t.deadline,
                         plan_year=year)
            for t in ctx.targets if t.deadline is not None and not t.milestone
            and (t.deadline < year or (t.deadline == year and late_in_year and t.baseline is None
                                       and covered != year))]


def _years_to_reach(ctx: Context, target: Target, year: int) -> float:
    """The time a target has: from its baseline's year when the baseline names one ("năm 2025 đạt 58%" → 2030
    is 5 years), else from the plan's date; a target for the plan's own year has what is left of that year
    (a whole year in an annual plan, whose targets are that year's)."""
    if target.deadline == year:
        if covered_year(ctx.seg.meta) == year:
            return 1.0
        now = plan_time(ctx.seg.meta) or float(year)
        return max(year + 1 - now, 1 / 12)
    if target.baseline is not None and target.baseline_year and target.baseline_year < target.deadline:
        return float(target.deadline - target.baseline_year)
    return years_left(ctx.seg.meta, target.deadline) or float(target.deadline - year)


def target_ambition(ctx: Context, rule: Rule) -> list[Finding]:
    """A high target due soon with no baseline, or a pace far beyond what the baseline allows (a target for
    the plan's own year only by its pace: without a baseline it is a first-year milestone)."""
    o: TargetAmbitionParams = rule.options
    year = _plan_year(ctx)
    if year is None:
        return []
    out = []
    for t in ctx.targets:
        if t.deadline is None or t.deadline < year:
            continue  # target_deadline reports those
        years = _years_to_reach(ctx, t, year)
        pace = (t.value - t.baseline) / years if t.baseline is not None else None
        too_fast = pace is not None and pace > o.max_points_per_year
        soon_and_high = (t.value >= o.high_value and years <= o.min_years and t.baseline is None
                         and t.deadline > year)  # a high own-year target without baseline: target_deadline
        if too_fast or soon_and_high:
            out.append(rule.finding(
                evidence=t.text, location=t.location, variant="pace" if too_fast else None,
                value=_fmt(t.value), deadline=t.deadline, years=_years(years), baseline=_fmt(t.baseline),
                pace=f"{pace:.0f}" if pace is not None else "?", plan_year=year))
    return out


def target_baseline(ctx: Context, rule: Rule) -> list[Finding]:
    """Every target needs a current figure (baseline) in the hiện trạng section."""
    return [rule.finding(evidence=t.text, location=t.location, value=_fmt(t.value), indicator=t.indicator)
            for t in ctx.targets if t.baseline is None]


def _matches(ctx: Context):
    return ctx.target_review.matches if ctx.target_review is not None else []


def target_below_reference(ctx: Context, rule: Rule) -> list[Finding]:
    """A target lower than the level the nation or the province set for the same indicator and year."""
    out = []
    for m in _matches(ctx):
        ref = m.same_year
        if ref is None or m.target.value >= ref.value - rule.options.tolerance_points:
            continue
        out.append(rule.finding(
            evidence=m.target.text, location=m.target.location, value=_fmt(m.target.value),
            deadline=m.target.deadline, reference=ref.label(), indicator=ref.indicator, source=ref.source,
            gap=f"{m.target.value - ref.value:g}", reference_id=ref.id, checked=ref.checked_url))
    return out


def target_far_above_reference(ctx: Context, rule: Rule) -> list[Finding]:
    """A target far above the reference for the same year whose pace from the baseline (or, with no
    baseline, the time left) makes it unrealistic."""
    o: TargetFarAboveReferenceParams = rule.options
    year = _plan_year(ctx)
    out = []
    for m in _matches(ctx):
        ref, t = m.same_year, m.target
        if ref is None or year is None or t.deadline is None or t.deadline <= year:
            continue
        if t.value - ref.value < o.min_gap_points:
            continue
        years = years_left(ctx.seg.meta, t.deadline) or float(t.deadline - year)
        pace = (t.value - t.baseline) / years if t.baseline is not None else None
        if pace is not None and pace <= o.max_points_per_year:
            continue  # well above the nation, but the baseline shows the pace is reachable
        out.append(rule.finding(
            evidence=t.text, location=t.location, variant="pace" if pace is not None else None,
            value=_fmt(t.value), deadline=t.deadline, reference=ref.label(), source=ref.source,
            gap=f"{t.value - ref.value:g}", years=_years(years), baseline=_fmt(t.baseline),
            pace=f"{pace:.0f}" if pace is not None else "?", reference_id=ref.id, checked=ref.checked_url))
    return out


def target_deadline_differs(ctx: Context, rule: Rule) -> list[Finding]:
    """The plan reaches a level only later than the reference asked for it (no reference for its own year)."""
    out = []
    for m in _matches(ctx):
        ref, t = m.earlier, m.target
        if m.same_year is not None or ref is None or t.value > ref.value:
            continue
        out.append(rule.finding(
            evidence=t.text, location=t.location, value=_fmt(t.value), deadline=t.deadline,
            reference=ref.label(), ref_year=ref.year, source=ref.source, reference_id=ref.id,
            checked=ref.checked_url))
    return out


def target_key_missing(ctx: Context, rule: Rule) -> list[Finding]:
    """Key indicators of the national programme for the plan's level with no target in the plan."""
    review = ctx.target_review
    if review is None or not review.key_missing:
        return []
    names = "; ".join(f"{r.indicator} ({r.label()})" for r in review.key_missing)
    return [rule.finding(missing=names, year=review.milestone, count=len(review.key_missing),
                         references=[r.id for r in review.key_missing])]


def status_coverage(ctx: Context, rule: Rule) -> list[Finding]:
    """The hiện trạng section gives figures for too few indicators of the DTI set / the key references."""
    review = ctx.target_review
    if review is None:
        return []
    o: StatusCoverageParams = rule.options
    figures = sum(count_figures(b.text) for b in ctx.seg.blocks_in("hien_trang") if b.kind != "heading")
    if figures < o.min_figures:
        return []  # a status section with hardly any figure is STATUS-02's finding
    low = [c for c in review.coverage if c.percent is not None and c.percent < o.min_percent]
    if not low:
        return []
    parts = [f"{c.name}: {c.percent}% (thiếu: {', '.join(c.missing)})" for c in low]
    return [rule.finding(coverage="; ".join(parts), percent=min(c.percent for c in low))]
