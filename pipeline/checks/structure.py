"""Structure checks: required sections present and in a logical order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.checks.context import Context
from pipeline.core.model import Finding

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def first_positions(ctx: Context) -> dict[str, tuple[int, object]]:
    """For each canonical section kind: (index, heading block) of the first heading naming it."""
    positions: dict[str, tuple[int, object]] = {}
    for i, section in enumerate(ctx.seg.sections):
        for kind in ctx.ruleset.section_kinds_of(section.title):
            positions.setdefault(kind, (i, section.heading))
    return positions


def sections_required(ctx: Context, rule: Rule) -> list[Finding]:
    found = first_positions(ctx)
    return [rule.finding(section=k.label) for k in ctx.ruleset.sections if k.required and k.key not in found]


def sections_order(ctx: Context, rule: Rule) -> list[Finding]:
    """Report each section that comes after one that should follow it (căn cứ → ... → tổ chức thực hiện)."""
    order = {k.key: k.order for k in ctx.ruleset.sections if k.order is not None}
    found = sorted(((pos, kind, block) for kind, (pos, block) in first_positions(ctx).items() if kind in order),
                   key=lambda item: (item[0], order[item[1]]))
    out = []
    latest = None  # the kind with the highest order seen so far
    for _, kind, block in found:
        if latest is not None and order[kind] < order[latest[0]]:
            out.append(rule.finding(evidence=block.text, location=block.location,
                                    section=ctx.ruleset.section_label(kind),
                                    before=ctx.ruleset.section_label(latest[0])))
        elif latest is None or order[kind] > order[latest[0]]:
            latest = (kind, block)
    return out
