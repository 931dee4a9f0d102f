"""Segment a parsed document: front matter and title, the section tree, sentences and words.

Sentences come from underthesea's ``sent_tokenize``; word tokens from ``word_tokenize`` (cached,
computed only where a later stage asks for them, since word segmentation is the slowest step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.analyse.citations import fill_identity
from pipeline.analyse.plan_profile import profile_plan
from pipeline.analyse.vi_tokenize import sentence_splitter
from pipeline.core.doc_kinds import PLAN_KIND_ALONE, PLAN_TITLE_START
from pipeline.core.model import Block, ParsedDocument, PlanMeta, Section
from pipeline.rules.loader import RuleSet

# "(Ban hành kèm theo Quyết định số …/QĐ-UBND ngày …)": the plan attached to a decision starts above this line
_ATTACHED = re.compile(r"^\(?\s*(?:ban hành\s+)?kèm theo (?:quyết định|qđ|nghị quyết|công văn|tờ trình)", re.IGNORECASE)
# "Về việc ban hành Kế hoạch chuyển đổi số …": the subject line of a decision that has no attached plan
_DECISION_SUBJECT = re.compile(r"^v/v|^về việc\s+(?:ban hành|phê duyệt)\s+(?P<t>(?:đề án|kế hoạch|chương trình)\b.*)",
                               re.IGNORECASE)
# Preamble lines that state the bases of a KẾ HOẠCH or QUYẾT ĐỊNH without any "Căn cứ" heading
# a preamble basis: "Căn cứ …", "Thực hiện …", "Triển khai …", "Để triển khai thực hiện …", "Theo đề nghị …"
# ("Triển khai …" only naming a document by its number: a title may open with the words)
_PREAMBLE = re.compile(r"^(?:căn cứ|thực hiện|theo đề nghị|xét đề nghị|xét tờ trình|(?:(?:để|nhằm) )?(?:triển khai"
                       r"|thực hiện|cụ thể hóa)\b(?=.{0,80}?\b(?:quyết định|nghị quyết|chỉ thị|kế hoạch|chương trình"
                       r"|đề án|thông tư|nghị định|công văn)\s+(?:số\s+)?\d))\b", re.IGNORECASE)
PREAMBLE_TITLE = "Căn cứ ban hành"
_TITLE_CONTINUES = re.compile(r"đến năm|giai đoạn|định hướng|chuyển đổi số", re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"tháng\s+\d{1,2}\s+năm\s+(\d{4})", re.IGNORECASE)
_UNTIL = re.compile(r"đến năm\s+(\d{4})", re.IGNORECASE)
_VISION = re.compile(r"(?:định hướng|tầm nhìn)\s+(?:đến\s+)?(?:năm\s+)?(\d{4})", re.IGNORECASE)
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
# an annual plan: "Kế hoạch chuyển đổi số tỉnh X năm 2026" — the year it covers is its horizon
_ANNUAL = re.compile(r"\bnăm\s+((?:19|20)\d{2})\s*$", re.IGNORECASE)  # "đến năm 2025" is excluded by annual_year
_DISTRICT = re.compile(r"\b(huyện|thị xã|thành phố|quận)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*\s?){1,4})")
_ABBREVIATIONS = re.compile(r"\b(TP|Tp|ThS|TS|PGS|GS|Th\.S|v\.v|Q|P|Số|No)\.$")


@dataclass
class Segmented:
    """A document after segmentation: body blocks, their section tree and the plan's metadata."""

    doc: ParsedDocument
    front_matter: list[Block]
    body: list[Block]
    root: Section
    meta: PlanMeta
    sections: list[Section] = field(default_factory=list)  # every section, document order
    # the appendices ("PHỤ LỤC …" sections) and the plan's references to them (appendix_refs.py)
    appendices: list = field(default_factory=list)
    appendix_refs: list = field(default_factory=list)

    def blocks_in(self, *kinds: str) -> list[Block]:
        """Body blocks inside a section of any of the given canonical kinds."""
        wanted = set(kinds)
        return [b for b in self.body if b.section_kinds & wanted]

    def sentences(self, blocks: list[Block] | None = None) -> list[tuple[str, Block]]:
        return [(s, b) for b in (self.body if blocks is None else blocks) for s in b.sentences]


def _title_end(blocks: list[Block], i: int) -> int:
    end = i + 1
    while end < len(blocks) and end - i < 4:
        nxt = blocks[end]
        short_title = len(" ".join(b.text for b in blocks[i:end]).split()) <= 4
        # the line under a bare "KẾ HOẠCH" is the title's subject, "Triển khai Quyết định số …" included
        subject = end == i + 1 and PLAN_KIND_ALONE.match(blocks[i].text) and not nxt.text.lower().startswith("căn cứ")
        if (nxt.kind == "table_row" or nxt.numbering or len(nxt.text.split()) > (60 if subject else 30)
                or (_PREAMBLE.match(nxt.text) and not subject) or nxt.text.endswith((";", ":", "."))):
            break
        if not (short_title or _TITLE_CONTINUES.search(nxt.text)):
            break
        end += 1
    return end


def _find_title(blocks: list[Block]) -> tuple[int, int]:
    """Index range [start, end) of the title lines, or (-1, -1).

    A plan attached to a decision ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)") is found wherever it
    starts, and its title ends after the "kèm theo" line, so the decision itself is front matter.
    """
    for k, block in enumerate(blocks):
        if block.kind != "table_row" and _ATTACHED.match(block.text):
            for i in range(k - 1, max(-1, k - 6), -1):
                if blocks[i].kind != "table_row" and PLAN_TITLE_START.match(blocks[i].text):
                    return i, k + 1
            break
    for i, block in enumerate(blocks[:25]):
        if block.kind == "table_row":
            continue
        if PLAN_TITLE_START.match(block.text) and len(block.text.split()) <= 40:
            return i, _title_end(blocks, i)
    return -1, -1


def _decision_subject(blocks: list[Block]) -> str:
    """The plan named by a decision's subject line, when the decision comes without the plan's own title."""
    for block in blocks[:25]:
        m = _DECISION_SUBJECT.match(block.text)
        if m and m.group("t"):
            return m.group("t")
    return ""


def _mark_preamble(blocks: list[Block]) -> list[Block]:
    """The preamble bases ("Căn cứ …;", "Thực hiện …;", "Theo đề nghị …") before the first heading of the
    body: they are the plan's legal-basis block, with or without a heading."""
    found = []
    previous = ""
    for block in blocks:
        if block.kind == "heading" and not _PREAMBLE.match(block.text):
            break
        follows_kind, previous = bool(PLAN_KIND_ALONE.match(previous)), block.text
        if follows_kind:
            continue  # "KẾ HOẠCH" / "Triển khai Quyết định số 06/QĐ-TTg …": the title, not a basis
        if block.kind != "table_row" and _PREAMBLE.match(block.text):
            block.kind = "paragraph"
            block.heading_rank = None
            block.section_kinds = frozenset({"can_cu"})
            block.location.section = PREAMBLE_TITLE
            found.append(block)
    return found


def _plan_year(front: list[Block], body: list[Block]) -> int | None:
    for block in front + body[:10]:
        for pattern in (_DATE_WORDS, _MONTH_YEAR):
            m = pattern.search(block.text)
            if m:
                return int(m.group(1))
    return None


def annual_year(title: str) -> int | None:
    """The year an annual plan covers ("Kế hoạch chuyển đổi số tỉnh X năm 2026" → 2026), else None."""
    m = _ANNUAL.search(title)
    return int(m.group(1)) if m and not _PERIOD.search(title) and not _UNTIL.search(title) else None


def extract_meta(title: str, front: list[Block], body: list[Block], plan_year: int | None = None) -> PlanMeta:
    target = vision = None
    period = _PERIOD.search(title)
    if period:
        target = int(period.group(2))
    vision_m = _VISION.search(title)
    if vision_m:
        vision = int(vision_m.group(1))
    untils = [int(y) for y in _UNTIL.findall(title)]
    if untils and target is None:
        target = min(untils)
    if vision is None and len(untils) > 1:
        vision = max(untils)
    if target is None and vision is None and (annual := annual_year(title)):
        target = annual
    district_m = _DISTRICT.search(title)
    district = f"{district_m.group(1)} {district_m.group(2).strip()}" if district_m else ""
    return PlanMeta(title=title, plan_year=plan_year or _plan_year(front, body), target_year=target,
                    vision_year=vision if vision != target else None, district=district)


_HORIZON_LINE = re.compile(r"^\W*(?:mục tiêu[^:]{0,40}?)?(?:đến hết|đến|trong|cuối)\s+năm\s+(20\d{2})\b"
                           r"[^.;]{0,40}:?\s*$", re.IGNORECASE)


def _objectives_horizon(body: list[Block]) -> int | None:
    """The year the objectives section opens with ("Đến hết năm 2026:", "Mục tiêu đến năm 2027"), for a plan
    whose title names no period; None when it does not open with one."""
    opening = [b for b in body if "muc_tieu" in b.section_kinds][:4]
    for block in opening:
        m = _HORIZON_LINE.match(block.text.strip())
        if m:
            return int(m.group(1))
    return None


def split_sentences(text: str) -> list[str]:
    sentences = [s.strip() for s in sentence_splitter()(text) if s.strip()]
    # underthesea splits after abbreviations such as "TP." — glue those back
    merged: list[str] = []
    for s in sentences:
        if merged and _ABBREVIATIONS.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {s}"
        else:
            merged.append(s)
    return merged or [text]


_BARE_DIVISION = re.compile(r"^(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|PHỤ LỤC|Phụ lục)(?:\s+(?:THỨ|thứ|số))?"
                            r"(?:\s+[\wÀ-ỹ]+)?\s*[.:]?$")


def _title_lines_under_bare_divisions(body: list[Block]) -> None:
    """"Chương IV" on one line and "NHIỆM VỤ, GIẢI PHÁP" on the next: the second line is the chapter's
    title. It is placed just under the chapter, so that "I.", "1." … below it are its children (and take
    its section kind) instead of its siblings."""
    for prev, block in zip(body, body[1:]):
        if (prev.kind == "heading" and block.kind == "heading" and not block.numbering
                and prev.heading_rank is not None and block.heading_rank is not None
                and block.heading_rank >= prev.heading_rank and _BARE_DIVISION.match(prev.text)):
            block.heading_rank = prev.heading_rank + 0.5


def build_tree(body: list[Block], ruleset: RuleSet) -> tuple[Section, list[Section]]:
    """Build the section tree from heading ranks; fill each block's section label and kinds."""
    _title_lines_under_bare_divisions(body)
    root = Section(title="", numbering="", rank=-1, heading=None)
    stack = [root]
    all_sections: list[Section] = []
    for block in body:
        if block.kind == "heading" and block.heading_rank is not None:
            while len(stack) > 1 and stack[-1].rank >= block.heading_rank:
                stack.pop()
            parent = stack[-1]
            own = ruleset.section_kinds_of(block.text)
            section = Section(title=block.text, numbering=block.numbering, rank=block.heading_rank,
                              heading=block, kinds=parent.kinds | own)
            parent.children.append(section)
            stack.append(section)
            all_sections.append(section)
            container = section
        else:
            container = stack[-1]
            container.blocks.append(block)
        block.section_kinds = container.kinds
        block.location.section = " > ".join(s.path_label() for s in stack[1:])
    return root, all_sections


def segment(doc: ParsedDocument, ruleset: RuleSet, plan_year: int | None = None) -> Segmented:
    """Split front matter from body, build the section tree and split paragraphs into sentences."""
    start, end = _find_title(doc.blocks)
    if start >= 0:
        front = doc.blocks[:end]
        body = doc.blocks[end:]
        title = " ".join(b.text for b in doc.blocks[start:end])
        title = re.sub(r"\s*\(\s*(?:ban hành\s+)?kèm theo\b.*$", "", title, flags=re.IGNORECASE)
    else:
        front, body = [], list(doc.blocks)
        title = _decision_subject(doc.blocks) or doc.title or ""
    for block in front:
        block.kind = "paragraph" if block.kind == "heading" else block.kind
        block.heading_rank = None
        block.sentences = [block.text]
    preamble = {id(b) for b in _mark_preamble(front + body)}
    root, sections = build_tree([b for b in body if id(b) not in preamble], ruleset)
    if preamble:
        sections.insert(0, Section(title=PREAMBLE_TITLE, numbering="", rank=-1, heading=None,
                                   kinds=frozenset({"can_cu"}), blocks=[b for b in body if id(b) in preamble]))
    for block in body:
        block.sentences = split_sentences(block.text) if block.kind == "paragraph" else [block.text]
    meta = extract_meta(title, front, body, plan_year)
    if meta.target_year is None and meta.vision_year is None:
        meta.target_year = _objectives_horizon(body)  # a title without years: "III. MỤC TIÊU / Đến hết năm 2026:"
    fill_identity(meta, doc.blocks)  # the plan's own number and date (citations.py)
    profile_plan(meta, front, body)  # level, unit, province, era (plan_profile.py; reads issued_on)
    doc.title = title
    return Segmented(doc=doc, front_matter=front, body=body, root=root, meta=meta, sections=sections)
