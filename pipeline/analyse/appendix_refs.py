"""Cross-references from the plan to its appendices: "(chi tiết tại Phụ lục II)", "Danh mục nhiệm vụ kèm theo".

An appendix is a section headed "PHỤ LỤC …" — in the plan's own file or in a file of the submission
(ingest/submission.py). A reference is resolved to the appendix of its number (II = 2 = 02) or, unnumbered
("Danh mục nhiệm vụ kèm theo", "Phụ lục kèm theo"), to the appendices there are (or to a table after the
reference in a one-file draft). A resolved reference points the rules at the appendix: the appendix's blocks
take the kinds of the section that refers to them (tasks, targets, budget: "nhiem_vu", "muc_tieu",
"kinh_phi"), so the task, target and budget extraction reads them as the plan's own. An appendix that is
referred to but found nowhere is reported (check ``appendix_missing``); an appendix nobody refers to is still
read (its tables are the document's tables like any other).

References to another document's appendix ("Phụ lục 1 Quyết định số 922/QĐ-BTTTT", "Phụ lục ban hành kèm
theo Thông tư …") are not the plan's and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.analyse.segment import Segmented
from pipeline.core.model import Block, Location
from pipeline.ingest.submission import appendix_number

POINTED_KINDS = frozenset({"nhiem_vu", "muc_tieu", "kinh_phi"})
_NUMBER = r"(?:[IVX]{1,5}|\d{1,2}[a-z]?)"
_NUMBERED = re.compile(rf"\bPhụ lục\s+(?:số\s+)?(?P<n>{_NUMBER}(?:\s*(?:,|;|và|-|–|đến)\s*{_NUMBER})*)\b",
                       re.IGNORECASE)
_UNNUMBERED = re.compile(r"\b(?:(?:danh mục|bảng|biểu)[^.;()]{0,70}?|phụ lục\s+)(?:kèm theo|đính kèm)"
                         r"(?!\s+(?:quyết định|nghị quyết|thông tư|nghị định|công văn|chỉ thị|kế hoạch số))",
                         re.IGNORECASE)
# "Phụ lục 1 (ban hành kèm theo) Quyết định số 922/QĐ-BTTTT", "Phụ lục II của Thông tư …": another document's
_EXTERNAL = re.compile(r"^[\s,]*(?:\S+\s+){0,6}?(?:quyết định|nghị quyết|thông tư|nghị định|công văn|chỉ thị|hướng dẫn"
                       r"|văn bản|\d+/\d{4}/|\d+/[A-ZĐ]{2,})", re.IGNORECASE)
_APPENDIX_HEADING = re.compile(rf"^\s*Phụ lục(?:\s+(?:số\s+)?(?P<n>{_NUMBER}))?\b", re.IGNORECASE)
_WORD_KINDS = (("nhiem_vu", re.compile(r"nhiệm vụ|dự án|giải pháp", re.I)),
               ("muc_tieu", re.compile(r"chỉ tiêu|mục tiêu|lộ trình", re.I)),
               ("kinh_phi", re.compile(r"kinh phí|nguồn vốn|vốn đầu tư|dự toán", re.I)))


@dataclass
class Appendix:
    """A section headed "PHỤ LỤC …": its number (None when it has none), its blocks and where it starts."""

    label: str
    number: int | None
    title: str
    file: str
    location: Location
    blocks: list[Block] = field(default_factory=list)
    referred: bool = False

    @property
    def has_table(self) -> bool:
        return any(b.kind == "table_row" for b in self.blocks)


@dataclass
class AppendixRef:
    """A place where the plan refers to an appendix, and the appendix it resolves to (None: missing)."""

    label: str  # "Phụ lục II" | "danh mục kèm theo"
    number: int | None
    evidence: str
    location: Location
    kinds: frozenset[str]
    targets: list[Appendix] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.targets

    def to_dict(self) -> dict:
        return {"label": self.label, "evidence": self.evidence, "location": self.location.to_dict(),
                "kinds": sorted(self.kinds), "resolved_to": [a.label or a.file for a in self.targets]}


def find_appendices(seg: Segmented) -> list[Appendix]:
    """Every section headed "PHỤ LỤC …" (top-level headings of the body), in order."""
    out: list[Appendix] = []
    for section in seg.sections:
        heading = section.heading
        if heading is None or not (m := _APPENDIX_HEADING.match(heading.text)):
            continue
        if any(a.blocks and heading in a.blocks for a in out):
            continue  # a "Phụ lục" heading inside another appendix (its own sub-part)
        number = appendix_number(m.group("n")) if m.group("n") else None
        title = section.title
        out.append(Appendix(f"Phụ lục {m.group('n')}" if m.group("n") else "Phụ lục", number, title,
                            heading.location.file, heading.location, [heading, *section.all_blocks()]))
    return out


def _kinds_of(block: Block, text: str) -> frozenset[str]:
    own = block.section_kinds & POINTED_KINDS
    if own:
        return own
    return frozenset(kind for kind, pattern in _WORD_KINDS if pattern.search(text))


def _sentence(block: Block, start: int) -> str:
    for sentence in block.sentences or [block.text]:
        if sentence and block.text.find(sentence) <= start < block.text.find(sentence) + len(sentence) + 1:
            return sentence
    return block.text


def find_references(seg: Segmented, appendices: list[Appendix]) -> list[AppendixRef]:
    """The plan's references to appendices (outside the appendices themselves)."""
    inside = {id(b) for a in appendices for b in a.blocks}
    refs: list[AppendixRef] = []
    for block in seg.body:
        if id(block) in inside or block.kind == "table_row" or "can_cu" in block.section_kinds:
            continue
        text = block.text
        if "phụ lục" not in text.lower() and "kèm theo" not in text.lower() and "đính kèm" not in text.lower():
            continue
        spans = []
        for m in _NUMBERED.finditer(text):
            if _EXTERNAL.match(text[m.end():m.end() + 60]):
                continue
            evidence = _sentence(block, m.start())
            kinds = _kinds_of(block, evidence)
            for part in re.split(r"\s*(?:,|;|và|-|–|đến)\s*", m.group("n")):
                number = appendix_number(part)
                if number is not None:
                    refs.append(AppendixRef(f"Phụ lục {part.strip()}", number, evidence, block.location, kinds))
            spans.append((m.start(), m.end()))
        for m in _UNNUMBERED.finditer(text):
            if any(a <= m.end() and m.start() <= b for a, b in spans):
                continue
            evidence = _sentence(block, m.start())
            refs.append(AppendixRef("danh mục kèm theo", None, evidence, block.location, _kinds_of(block, evidence)))
    return refs


def resolve_appendix_refs(seg: Segmented) -> list[AppendixRef]:
    """Find the appendices and the references to them, resolve each reference and point the referring
    sections' kinds at the appendix's blocks (module docstring). The references are kept on ``seg``."""
    appendices = find_appendices(seg)
    refs = find_references(seg, appendices)
    by_number: dict[int, list[Appendix]] = {}
    for a in appendices:
        if a.number is not None:
            by_number.setdefault(a.number, []).append(a)
    for ref in refs:
        if ref.number is not None:
            ref.targets = by_number.get(ref.number, [])
            if not ref.targets and len(appendices) == 1 and appendices[0].number is None and ref.number == 1:
                ref.targets = appendices  # "Phụ lục 01" and a lone appendix headed "PHỤ LỤC"
        else:
            with_tables = [a for a in appendices if a.has_table]
            ref.targets = with_tables or appendices
            if not ref.targets and _table_after(seg, ref.location):
                ref.targets = [Appendix("", None, "", ref.location.file, ref.location)]  # the table in the body
        for a in ref.targets:
            a.referred = True
            if ref.kinds:
                for block in a.blocks:
                    block.section_kinds = block.section_kinds | ref.kinds
    seg.appendix_refs = refs
    seg.appendices = appendices
    return refs


def _table_after(seg: Segmented, location: Location) -> bool:
    """A one-file draft: a table somewhere after the reference stands for "the list attached"."""
    return any(b.kind == "table_row" and (b.location.paragraph or 0) > (location.paragraph or 0)
               for b in seg.doc.blocks)
