"""Legal-basis checks: expected bases (by the plan's date, level and pillars), a provincial basis, malformed
citations, dates after the plan's own date, bases already replaced at the plan's date."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from pipeline.analyse.citations import extract_from_text, matches_number, plan_date
from pipeline.analyse.kb import _fmt_date, norm_key
from pipeline.analyse.plan_profile import effective_level, plan_kind
from pipeline.checks.content import mentions
from pipeline.checks.context import Context
from pipeline.core.model import Finding, Location
from pipeline.core.textnorm import fold
from pipeline.rules.params import (
    CitationOutsideBasisParams,
    CitationRequiredParams,
    CitationUnknownParams,
    Expectation,
    ExpectedBasesParams,
    ProvincialBasisParams,
)

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def citation_required(ctx: Context, rule: Rule) -> list[Finding]:
    """The draft must cite document ``number`` with ``code`` (e.g. 749 / QĐ-TTg), in any spelling."""
    o: CitationRequiredParams = rule.options
    number, code = str(o.number), o.code
    if any(matches_number(c, number, code) for c in ctx.citations):
        return []
    return [rule.finding(document=o.label if o.label is not None else f"{number}/{code}")]


def provincial_basis(ctx: Context, rule: Rule) -> list[Finding]:
    """At least one citation issued by a provincial body (Tỉnh ủy, UBND/HĐND tỉnh ...). Codes every level uses
    ("…/QĐ-UBND", "…/NQ-HĐND") count only when the citation names the province ("của UBND tỉnh …"), the
    knowledge base knows it as provincial, or the plan is itself a province's; the plan's own number never counts
    (it is not a citation)."""
    o: ProvincialBasisParams = rule.options
    codes = {c.upper() for c in o.issuer_codes}
    shared = {c.upper() for c in o.shared_codes}
    words = [fold(w) for w in o.issuer_words]
    lower_words = [fold(w) for w in o.lower_level_words]
    province_plan = effective_level(ctx.seg.meta) in ("tinh", "so")  # the province's or a department's
    for c in ctx.citations:
        if c.role == "own" or c.kind == "Tờ trình":
            continue
        code_parts = {part.upper() for part in c.code.replace("/", "-").split("-")}
        issuer = fold(c.issuer)
        entry = c.kb_entry or (ctx.kb.get(c.kb_key) if ctx.kb is not None and c.kb_key else None)
        if code_parts & codes or any(w in issuer for w in words) or (entry and entry.level == "provincial"):
            return []
        lower = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", issuer) for w in lower_words)
        # the body's name may run into the title: "… của Ban Chỉ đạo về … chuyển đổi số tỉnh An Lâm"
        names_province = re.search(r"(?<!\w)tinh(?!\w)", f"{issuer} {fold(c.title)}") is not None
        if code_parts & shared and (province_plan or names_province) and not lower:
            return []
    return [rule.finding()]


def citation_malformed(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per citation whose number, code or date is written wrongly."""
    return [rule.finding(evidence=f"{c.raw} {c.date_text}".strip(),
                         location=c.location, citation=c.key, problems="; ".join(c.problems))
            for c in ctx.citations if c.problems]


def _pillar_planned(ctx: Context, pillar: str) -> bool:
    """A pillar is planned when the draft mentions it outside the legal-basis section."""

    rule = next((r for r in ctx.ruleset.rules if r.check == "pillar_coverage" and r.options.key == pillar), None)
    return bool(rule and mentions(ctx, rule.options))


def cited_kb_keys(ctx: Context) -> set[str]:
    return {c.kb_key for c in ctx.citations if c.kb_key}


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
            names = ", ".join(rule.options.pillar_names.get(p, p) for p in planned)
            out.append(rule.finding(document=entry.label(), title=entry.title, pillars=names, key=entry.key))
    return out


def citation_kb(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per citation whose date, year or issuer contradicts the knowledge base."""
    return [rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key,
                         expected=c.kb_note, key=c.kb_key)
            for c in ctx.citations if c.kb_status == "contradiction"]


def _identity(c) -> str:
    return c.kb_key or c.key


def citation_outside_basis(ctx: Context, rule: Rule) -> list[Finding]:
    """A document cited in the body but missing from the Căn cứ list (when the draft has one). The document the
    plan's title carries out ("Kế hoạch triển khai Quyết định số 06/QĐ-TTg …") is its basis wherever it is named;
    a kind in ``skip_kinds`` (the proposing department's Tờ trình) is never a basis."""
    o: CitationOutsideBasisParams = rule.options
    if not any(c.in_basis_section for c in ctx.citations):
        return []
    listed = {_identity(c) for c in ctx.citations if c.in_basis_section}
    listed |= {_identity(c) for c in extract_from_text(ctx.seg.meta.title, Location())}
    out, seen = [], set()
    for c in ctx.citations:
        ident = _identity(c)
        if (c.in_basis_section or ident in listed or ident in seen or c.location.section == ""
                or c.kind in o.skip_kinds or c.role == "own"):
            continue
        seen.add(ident)
        out.append(rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key))
    return out


def basis_unused(ctx: Context, rule: Rule) -> list[Finding]:
    """Documents listed in Căn cứ but never referred to in the body (one finding listing them)."""
    used = {_identity(c) for c in ctx.citations if not c.in_basis_section}
    unused = list(dict.fromkeys(c.key for c in ctx.citations if c.in_basis_section and _identity(c) not in used))
    return [rule.finding(documents=", ".join(unused), count=len(unused))] if unused else []


def citation_unknown(ctx: Context, rule: Rule) -> list[Finding]:
    """Citations the knowledge base does not know, in one finding: national ones (TW, QH, CP, TTg, ministries) are
    a knowledge-base gap, local ones are to be checked by hand. Submissions (Tờ trình) are not bases: left out."""
    o: CitationUnknownParams = rule.options
    unknown = [c for c in ctx.citations if c.kb_status == "unknown" and c.kind not in o.skip_kinds]
    if not unknown:
        return []
    national = list(dict.fromkeys(c.key for c in unknown if c.scope == "national"))
    local = list(dict.fromkeys(c.key for c in unknown if c.scope != "national"))
    parts = []
    if national:
        parts.append(o.national_label + ": " + "; ".join(national))
    if local:
        parts.append(o.local_label + ": " + "; ".join(local))
    return [rule.finding(location=unknown[0].location, documents=" — ".join(parts), count=len(national) + len(local),
                         national="; ".join(national), local="; ".join(local))]


def _on(ctx: Context) -> str:
    return plan_date(ctx.seg.meta) or dt.date.today().isoformat()


def _applies(exp: Expectation, on: str, level: str) -> bool:
    """An expectation applies to plans dated in [plans_from, plans_before) of one of its levels (unknown level:
    any)."""
    if exp.plans_from and on < str(exp.plans_from):
        return False
    if exp.plans_before and on >= str(exp.plans_before):
        return False
    return not exp.levels or not level or level in exp.levels


def expected_bases(ctx: Context, rule: Rule) -> list[Finding]:
    """The bases a plan is expected to cite, as data (``params.expectations``): each names documents
    (``any_of``: citing one is enough), the plans it applies to (``plans_from`` / ``plans_before``: the plan's own
    date; ``levels``) and optionally the pillars that make it expected (``when_pillar``). A document issued after
    the plan's own date is never demanded."""
    dated = plan_date(ctx.seg.meta)
    on, level = dated or dt.date.today().isoformat(), effective_level(ctx.seg.meta)
    cited = {norm_key(c.kb_key or c.key) for c in ctx.citations}
    o: ExpectedBasesParams = rule.options
    names = o.pillar_names
    out = []
    kind = plan_kind(ctx.seg.meta.title)
    for exp in o.expectations:
        if not dated and (exp.plans_from or exp.plans_before):
            continue  # an undated plan: no claim about which era's documents it should cite
        if not _applies(exp, on, level):
            continue
        keys = [str(k) for k in exp.any_of]
        entries = [e for e in (ctx.kb.get(k) if ctx.kb is not None else None for k in keys) if e is not None]
        if not entries or all(e.date and e.date > on for e in entries):
            continue
        if any(norm_key(k) in cited for k in keys):
            continue
        if any(matches_number(c, e.number, e.code) for c in ctx.citations for e in entries):
            continue
        pillars = exp.when_pillar
        planned = [p for p in pillars if _pillar_planned(ctx, p)]
        if pillars and not planned:
            continue
        first = next(e for e in entries if not e.date or e.date <= on)
        pillar_text = ", ".join(names.get(p, p) for p in planned)
        reason = exp.reason
        because = f" ({kind} có nội dung {pillar_text})" if pillar_text else (f" ({reason})" if reason else "")
        out.append(rule.finding(document=exp.label or first.label(), title=first.title, key=first.key,
                                pillars=pillar_text, reason=reason, because=because, plan_date=_fmt_date(on)))
    return out


def citation_after_plan(ctx: Context, rule: Rule) -> list[Finding]:
    """A cited document dated after the plan's own date (or after the end of its year when only the year is
    known): an impossible date."""
    meta = ctx.seg.meta
    limit = meta.issued_on or (f"{meta.plan_year}-12-31" if meta.plan_year else None)
    if not limit:
        return []
    out = []
    for c in ctx.citations:
        when = c.date or (f"{c.year}-01-01" if c.kind == "Luật" and c.year and not c.date_text else None)
        if when and when > limit:
            out.append(rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key,
                                    cited_date=_fmt_date(c.date) if c.date else str(c.year),
                                    plan_date=_fmt_date(limit) if meta.issued_on else f"năm {meta.plan_year}"))
    return out


def citation_superseded(ctx: Context, rule: Rule) -> list[Finding]:
    """A basis already replaced or expired at the plan's own date, with what replaced it (the knowledge base's
    status, replaced_by and effective dates, each with its source)."""
    if ctx.kb is None:
        return []
    on = _on(ctx)
    only_basis = rule.options.only_basis
    out, seen = [], set()
    for c in ctx.citations:
        if not c.kb_key or c.kb_status != "ok" or c.kb_key in seen or (only_basis and not c.in_basis_section):
            continue
        entry = c.kb_entry or ctx.kb.get(c.kb_key, c.date)
        if entry is None:
            continue
        chain, since = ctx.kb.successors(entry, on)
        if not chain:
            continue
        seen.add(c.kb_key)
        current = chain[-1]
        out.append(rule.finding(evidence=f"{c.raw} {c.date_text}".strip(), location=c.location, citation=c.key,
                                key=entry.key, replacement=f"{current.kind} {current.key}",
                                replacement_title=current.title, since=_fmt_date(since),
                                status="hết hiệu lực" if entry.status == "expired" else "được thay thế",
                                source="; ".join(ev.get("url", "") for ev in entry.evidence[:1])))
    return out
