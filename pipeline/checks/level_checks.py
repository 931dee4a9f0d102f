"""Checks of a plan against its government level and era (rules/15-levels.yaml; see plan_profile.py).

* ``terms_present`` — content a level owes (a commune plan's thôn/tổ dân phố, its tổ công nghệ số cộng đồng and
  one-stop shop; a province plan's communes): terms matched as whole syllables, so "thôn" is not found in
  "thông tin" and, by the rule's own patterns, not in "nông thôn";
* ``owners_at_level`` — a task whose unit in charge does not exist at the plan's level (a commune plan giving a
  task to "Phòng Giáo dục và Đào tạo", a district department);
* ``defunct_bodies`` — a plan written after the 2025 reform that gives tasks or duties to bodies of the
  abolished district level ("UBND huyện", "Phòng Văn hóa và Thông tin huyện", "Trung tâm Y tế huyện") or a
  merged department (Sở Thông tin và Truyền thông);
* ``stale_terms`` — the words of the abolished level left anywhere in such a plan ("ngân sách huyện", "các xã,
  thị trấn", targets "của huyện"), once per term, with how often it occurs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.analyse import admin_units
from pipeline.analyse.plan_profile import unit_kind
from pipeline.checks.context import Context
from pipeline.checks.task_checks import cell_location, task_tables
from pipeline.core.model import Block, Finding
from pipeline.rules.params import DefunctBodiesParams, OwnersAtLevelParams, StaleTermsParams, TermsPresentParams

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


@lru_cache(maxsize=512)
def _pattern(term: str) -> re.Pattern:
    """A term (a regular expression) matched as whole syllables, in any case."""
    return re.compile(rf"(?<!\w)(?:{term})(?!\w)", re.IGNORECASE)


def _blocks(ctx: Context, o: TermsPresentParams | DefunctBodiesParams) -> list:
    return ctx.scoped_blocks(o.scope, o.exclude)  # headings too: "2. UBND các xã, phường"


def terms_present(ctx: Context, rule: Rule) -> list[Finding]:
    """At least ``min_groups`` of the term ``groups`` occur ``min_hits`` times in the scope (whole syllables)."""
    o: TermsPresentParams = rule.options
    blocks = _blocks(ctx, o)
    if o.scope and not blocks:
        return []  # the section itself is missing: STRUCT-01 reports it
    present, absent = [], []
    for label, terms in o.groups.items():
        hits = sum(len(_pattern(t).findall(b.text)) for b in blocks for t in terms)
        (present if hits >= o.min_hits else absent).append(label)
    if len(present) >= (o.min_groups if o.min_groups is not None else len(o.groups)):
        return []
    return [rule.finding(present=", ".join(present) or "không có", missing=", ".join(absent))]


def _first_match(text: str, patterns: list[str]) -> str:
    for pat in patterns:
        m = _pattern(pat).search(text)
        if m:
            return m.group(0)
    return ""


def owners_at_level(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per task whose unit in charge matches ``not_at_level`` (and none of ``except``)."""
    o: OwnersAtLevelParams = rule.options
    out = []
    for task in ctx.tasks.tasks:
        owner = task.owner or ""
        if not owner or _first_match(owner, o.except_):
            continue
        body = _first_match(owner, o.not_at_level)
        if body:
            out.append(rule.finding(evidence=task.text, location=task.location, owner=body, task=task.text))
    return out


def defunct_bodies(ctx: Context, rule: Rule) -> list[Finding]:
    """Tasks (owner or partners) and sentences of the ``scope`` sections naming a body of ``patterns``."""
    o: DefunctBodiesParams = rule.options
    patterns = o.patterns
    out = []
    tables = task_tables(ctx)
    for task in ctx.tasks.tasks:
        body = _first_match(f"{task.owner} ; {task.partners}", patterns)
        if body:
            role = "chủ trì" if _first_match(task.owner, patterns) else "phối hợp"
            where = cell_location(task.location, tables, "owner" if role == "chủ trì" else "partner")
            out.append(rule.finding(evidence=task.text, location=where, variant="task", body=body,
                                    role=role, task=task.text))
    for sentence, block in ctx.seg.sentences(_blocks(ctx, o)):
        if block.kind == "table_row":
            continue  # task rows are reported above, once per task
        body = _first_match(sentence, patterns)
        if body:
            out.append(rule.finding(evidence=sentence, location=block.location, body=body))
    return out


def unit_exists(ctx: Context, rule: Rule) -> list[Finding]:
    """The unit a plan is for still exists (checked against the administrative-unit data): a former province, a
    district, a thị trấn, or a commune of a real province that is not one of today's communes but a former one."""

    meta = ctx.seg.meta
    kind = unit_kind(meta)
    if not kind:
        return []
    name = meta.unit[len(kind):].strip()
    if meta.level == "huyen":
        return [rule.finding(evidence=meta.unit, variant="district", unit=meta.unit)]
    if meta.level == "tinh":
        if not meta.former_province:
            return []
        today = admin_units.province(meta.province)
        successor = today.full_name if today else meta.province
        return [rule.finding(evidence=meta.unit, unit=meta.unit, successor=successor)]
    def successors() -> str:
        found = admin_units.former_communes(name, kind, meta.former_province or meta.province)
        return ", ".join(sorted({c.successor[:1].lower() + c.successor[1:] for c in found}))

    if kind == "thị trấn":  # no thị trấn is left after the reform, known to the data or not
        after = successors()
        return [rule.finding(evidence=meta.unit, variant=None if after else "no_successor", unit=meta.unit,
                             successor=after)]
    if admin_units.province(meta.province) is None:
        return []  # a province the data do not know (or none read): nothing to check the commune against
    if any(c.province == meta.province for c in admin_units.communes_named(name, kind)):
        return []  # one of today's communes
    after = successors()
    return [rule.finding(evidence=meta.unit, unit=meta.unit, successor=after)] if after else []


def stale_terms(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per term of ``patterns`` found outside the ``exclude`` sections (table cells too), with how
    often it occurs, located at its first occurrence: each term is one leftover, its repetitions are not."""
    o: StaleTermsParams = rule.options
    counts: dict[str, int] = {}
    first: dict[str, Block] = {}
    for block in ctx.seg.body:
        if block.kind == "heading" or block.section_kinds & set(o.exclude):
            continue
        for pat in o.patterns:
            for m in _pattern(pat).finditer(block.text):
                term = " ".join(m.group(0).split()).lower()
                counts[term] = counts.get(term, 0) + 1
                first.setdefault(term, block)
    return [rule.finding(evidence=first[t].text, location=first[t].location, term=t, count=n)
            for t, n in counts.items()]
