"""Legal-basis checks: required citations, a provincial basis, malformed citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..legal import matches_number
from ..model import Finding
from . import Context, check

if TYPE_CHECKING:
    from ..rules_loader import Rule


@check("citation_required")
def citation_required(ctx: Context, rule: Rule) -> list[Finding]:
    """The draft must cite document ``number`` with ``code`` (e.g. 749 / QĐ-TTg), in any spelling."""
    number, code = str(rule.params["number"]), rule.params.get("code", "")
    if any(matches_number(c, number, code) for c in ctx.citations):
        return []
    return [rule.finding(document=rule.params.get("label", f"{number}/{code}"))]


@check("provincial_basis")
def provincial_basis(ctx: Context, rule: Rule) -> list[Finding]:
    """At least one citation issued by a provincial body (UBND/HĐND tỉnh, Tỉnh ủy ...)."""
    codes = {c.upper() for c in rule.params.get("issuer_codes", [])}
    words = [w.lower() for w in rule.params.get("issuer_words", [])]
    for c in ctx.citations:
        code_parts = {part.upper() for part in c.code.replace("/", "-").split("-")}
        if code_parts & codes or any(w in c.issuer.lower() for w in words):
            return []
    return [rule.finding()]


@check("citation_malformed")
def citation_malformed(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per citation whose number, code or date is written wrongly."""
    return [rule.finding(evidence=f"{c.raw} {c.date_text}".strip(),
                         location=c.location, citation=c.key, problems="; ".join(c.problems))
            for c in ctx.citations if c.problems]
