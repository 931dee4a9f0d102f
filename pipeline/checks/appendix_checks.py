"""Appendix checks: an appendix the plan refers to ("chi tiết tại Phụ lục II") is in the submission."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.checks.context import Context
from pipeline.core.model import Finding

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def appendix_missing(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per appendix referred to (by its number, or unnumbered when ``unnumbered``) that neither the
    plan's file nor any file of the submission holds (analyse/appendix_refs.py resolved the references)."""
    options = rule.options
    scope = set(options.scope)
    held = ", ".join(a.label + (f" ({a.file})" if a.file else "") for a in ctx.seg.appendices) or "không có"
    out: list[Finding] = []
    seen: set[str] = set()
    for ref in ctx.seg.appendix_refs:
        if not ref.missing or (ref.number is None and not options.unnumbered):
            continue
        if scope and not ref.kinds & scope:
            continue
        key = ref.label.casefold()
        if key in seen:
            continue
        seen.add(key)
        out.append(rule.finding(evidence=ref.evidence, location=ref.location, label=ref.label, held=held))
    return out
