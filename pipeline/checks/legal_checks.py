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


def _pillar_planned(ctx: Context, pillar: str) -> bool:
    """A pillar is planned when the draft mentions it outside the legal-basis section."""
    from .content import mentions

    rule = next((r for r in ctx.ruleset.rules if r.check == "pillar_coverage" and r.params.get("key") == pillar), None)
    return bool(rule and mentions(ctx, rule.params))


def cited_kb_keys(ctx: Context) -> set[str]:
    return {c.kb_key for c in ctx.citations if c.kb_key}


@check("kb_expected")
def kb_expected(ctx: Context, rule: Rule) -> list[Finding]:
    """Bases the KB marks as expected when a pillar is planned (942/QĐ-TTg for chính quyền số ...)."""
    if ctx.kb is None:
        return []
    cited = cited_kb_keys(ctx)
    out = []
    for entry in ctx.kb.entries:
        if entry.key in cited or not entry.expected_when:
            continue
        planned = [p for p in entry.expected_when if _pillar_planned(ctx, p)]
        if planned:
            names = ", ".join(rule.params.get("pillar_names", {}).get(p, p) for p in planned)
            out.append(rule.finding(document=entry.label(), title=entry.title, pillars=names, key=entry.key))
    return out


@check("citation_kb")
def citation_kb(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per citation whose date, year or issuer contradicts the knowledge base."""
    return [rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key,
                         expected=c.kb_note, key=c.kb_key)
            for c in ctx.citations if c.kb_status == "contradiction"]


def _identity(c) -> str:
    return c.kb_key or c.key


@check("citation_outside_basis")
def citation_outside_basis(ctx: Context, rule: Rule) -> list[Finding]:
    """A document cited in the body but missing from the Căn cứ list (when the draft has one)."""
    if not any(c.in_basis_section for c in ctx.citations):
        return []
    listed = {_identity(c) for c in ctx.citations if c.in_basis_section}
    out, seen = [], set()
    for c in ctx.citations:
        ident = _identity(c)
        if c.in_basis_section or ident in listed or ident in seen or c.location.section == "":
            continue
        seen.add(ident)
        out.append(rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key))
    return out


@check("basis_unused")
def basis_unused(ctx: Context, rule: Rule) -> list[Finding]:
    """Documents listed in Căn cứ but never referred to in the body (one finding listing them)."""
    used = {_identity(c) for c in ctx.citations if not c.in_basis_section}
    unused = list(dict.fromkeys(c.key for c in ctx.citations if c.in_basis_section and _identity(c) not in used))
    return [rule.finding(documents=", ".join(unused), count=len(unused))] if unused else []


@check("citation_unknown")
def citation_unknown(ctx: Context, rule: Rule) -> list[Finding]:
    """Citations the knowledge base does not know: one finding listing them, to check by hand."""
    unknown = list(dict.fromkeys(c.key for c in ctx.citations if c.kb_status == "unknown"))
    if not unknown:
        return []
    first = next(c for c in ctx.citations if c.kb_status == "unknown")
    return [rule.finding(location=first.location, documents="; ".join(unknown), count=len(unknown))]
