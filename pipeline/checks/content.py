"""Content checks: pillar coverage, required content by keywords, sections with figures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.checks.context import Context
from pipeline.core.model import Block, Finding
from pipeline.rules.params import KeywordsPresentParams, PillarCoverageParams, SectionFiguresParams

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule

_FIGURE = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*(?:\s*%)?(?![\w/-])")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _has_any(text: str, keywords: list[str]) -> bool:
    low = text.lower()
    return any(k.lower() in low for k in keywords)


def _scope(ctx: Context, o: PillarCoverageParams | KeywordsPresentParams) -> list[Block]:
    return ctx.scoped_blocks(o.scope, o.exclude)


def count_figures(text: str) -> int:
    return sum(1 for m in _FIGURE.finditer(text) if not _YEAR.match(m.group(0)))


def mentions(ctx: Context, o: PillarCoverageParams) -> list[tuple[str, Block]]:
    """Sentences (outside the legal basis) that mention any of the pillar's ``keywords``."""
    blocks = _scope(ctx, o)
    return [(s, b) for s, b in ctx.seg.sentences(blocks) if b.kind != "heading" and _has_any(s, o.keywords)]


def clauses(sentence: str) -> list[str]:
    """Statements of a sentence: real plans write a pillar as one long sentence of clauses joined by ";"."""
    return [c for c in re.split(r";\s*", sentence) if len(c.split()) >= 3]


_CITED_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ]{1,6}\b")


def _statements_about(sentence: str, o: PillarCoverageParams) -> int:
    """How many statements of a sentence say something about the pillar. Not counted: a clause that lists
    the pillars side by side ("cả ba trụ cột chính quyền số, kinh tế số, xã hội số" — ``listing`` names them,
    two or more make a list), the title of a cited document ("Quyết định số 06/QĐ-TTg … định danh điện tử"),
    and a clause whose keyword is about someone else (``not_with``: "kỹ năng số cho cán bộ, công chức" is
    the administration's staff, not digital society)."""
    def counts(clause: str) -> bool:
        return (_has_any(clause, o.keywords)
                and sum(_has_any(clause, [name]) for name in o.listing) < 2
                and not _CITED_NUMBER.search(clause)
                and not _has_any(clause, o.not_with))

    parts = clauses(sentence) or [sentence]
    return sum(counts(c) for c in parts)


def pillar_coverage(ctx: Context, rule: Rule) -> list[Finding]:
    """A pillar needs substance, not a mention: its own section with several statements (clauses joined by
    ";" count one by one), or tasks of its own in the task list (``min_tasks``), or enough statements about
    it in what the plan will do — objectives, tasks, targets; what the status section says exists does not
    count."""
    o: PillarCoverageParams = rule.options
    headings = o.heading_keywords if o.heading_keywords is not None else o.keywords
    for section in ctx.seg.sections:
        if _has_any(section.title, headings):
            body = [b for b in section.all_blocks() if b.kind != "heading"]
            if sum(len(clauses(s)) for b in body for s in b.sentences) >= o.min_section_sentences:
                return []
    own_tasks = [t for t in ctx.tasks.tasks if t.pillar == o.key]
    if len(own_tasks) >= o.min_tasks:
        return []
    mentioned = mentions(ctx, o)
    planned = [(s, b) for s, b in mentioned if "hien_trang" not in b.section_kinds]
    substance = sum(_statements_about(s, o) for s, _ in planned) + len(own_tasks)
    # an annual plan names that year's work for a pillar: fewer statements make it substance
    needed = min([o.min_sentences] + [o.min_sentences_by_kind[k] for k in ctx.seg.meta.kinds
                                      if k in o.min_sentences_by_kind])
    if substance >= needed:
        return []
    if not mentioned and not own_tasks:
        return [rule.finding(variant="missing", pillar=o.name)]
    if not mentioned:  # tasks of its own, too few: a thin pillar, not a missing one
        task = own_tasks[0]
        return [rule.finding(evidence=task.text, location=task.location, variant="few_tasks", pillar=o.name,
                             count=len(own_tasks), mentions=0)]
    sentence, block = (planned or mentioned)[0]
    return [rule.finding(evidence=sentence, location=block.location, variant="thin", pillar=o.name,
                         count=substance, mentions=len(mentioned))]


def keywords_present(ctx: Context, rule: Rule) -> list[Finding]:
    """At least ``min_groups`` of the keyword ``groups`` appear in the scope (with ``min_hits`` each)."""
    o: KeywordsPresentParams = rule.options
    blocks = _scope(ctx, o)
    if o.scope and not blocks:
        return []  # the section itself is missing: section_present / sections_required report that
    text = " ".join(b.text for b in blocks).lower()
    present, absent = [], []
    for label, words in o.groups.items():
        hits = sum(text.count(w.lower()) for w in words)
        (present if hits >= o.min_hits else absent).append(label)
    if o.figures_group in absent:
        stated = [b for b in ctx.seg.blocks_in(o.figures_section) if b.kind != "heading"]
        if sum(count_figures(b.text) for b in stated) >= o.min_figures:
            absent.remove(o.figures_group)
            present.append(o.figures_group)
    if len(present) >= (o.min_groups if o.min_groups is not None else len(o.groups)):
        return []
    return [rule.finding(present=", ".join(present) or "không có", missing=", ".join(absent))]


def _sections_of(ctx: Context, kind: str):
    return [s for s in ctx.seg.sections if kind in ctx.ruleset.section_kinds_of(s.title)]


def section_present(ctx: Context, rule: Rule) -> list[Finding]:
    kind = rule.options.kind
    if _sections_of(ctx, kind):
        return []
    return [rule.finding(section=ctx.ruleset.section_label(kind))]


def section_figures(ctx: Context, rule: Rule) -> list[Finding]:
    """A section of ``kind`` must carry at least ``min_figures`` figures (numbers, percentages)."""
    o: SectionFiguresParams = rule.options
    kind = o.kind
    sections = _sections_of(ctx, kind)
    if not sections:
        return []  # section_present reports the missing section
    blocks = [b for s in sections for b in s.all_blocks() if b.kind != "heading"]
    figures = sum(count_figures(b.text) for b in blocks)
    if figures >= o.min_figures:
        return []
    heading = sections[0].heading
    return [rule.finding(evidence=heading.text if heading else "", location=heading.location if heading else None,
                         section=ctx.ruleset.section_label(kind), figures=figures)]


def duplicate_content(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per draft passage that repeats a passage of an earlier plan in the corpus."""
    out = []
    for m in ctx.duplicates:
        also = f" Đoạn này còn lặp lại ở {m.also_in} kế hoạch khác trong kho." if m.also_in else ""
        out.append(rule.finding(
            evidence=m.draft_text, location=m.draft_location, score=round(m.score * 100),
            variant="task" if m.source_kind == "task" else None, task_no=m.source_task_no,
            source_doc=m.source_doc, source_title=m.source_title or m.source_doc,
            source_location=m.source_location.label(), source_text=m.source_text, also=also,
        ))
    return out


def boilerplate_note(ctx: Context, rule: Rule) -> list[Finding]:
    """One note saying how many shared passages were set aside as generic to the plan form (never silent)."""
    if not ctx.boilerplate:
        return []
    first = ctx.boilerplate[0]
    return [rule.finding(evidence=first.draft_text, location=first.draft_location, count=len(ctx.boilerplate),
                         docs=first.also_in + 1)]
