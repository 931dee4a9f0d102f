"""Data structures that flow through parse → segment → check → compare → render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "table_row"]

# how serious a finding is, most serious first, and the word the memo prints for each
SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_LABELS = {"high": "Cao", "medium": "Trung bình", "low": "Thấp", "info": "Thông tin"}


@dataclass
class Location:
    """Where a piece of text sits in the source document.

    ``paragraph`` is the 1-based index of the block among all blocks of the document
    (headings, paragraphs and table rows, in reading order).
    """

    section: str = ""
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    page: int | None = None
    # a submission of several files (ingest/submission.py): the file's name; in a workbook, the sheet, its row
    # number and the column letter of the cell ("" / None for a one-file review)
    file: str = ""
    sheet: str = ""
    sheet_row: int | None = None
    column: str = ""

    def label(self) -> str:
        """A short Vietnamese label a reviewer can follow, e.g. ``Mục III > 2 · Bảng 1, dòng 3 · trang 4``
        (``phu-luc.xlsx · trang tính PL1, ô C12`` in a workbook)."""
        parts: list[str] = [self.file] if self.file else []
        if self.section and not (self.sheet and self.sheet_row):  # (a workbook's cell says where it is)
            parts.append(f"Mục {self.section}")
        if self.sheet:
            place = f"ô {self.column}{self.sheet_row}" if self.column else f"dòng {self.sheet_row}"
            parts.append(f"trang tính {self.sheet}, {place}" if self.sheet_row else f"trang tính {self.sheet}")
        elif self.table is not None:
            parts.append(f"Bảng {self.table}" + (f", dòng {self.row}" if self.row is not None else ""))
        elif self.paragraph is not None:
            parts.append(f"đoạn {self.paragraph}")
        if self.page is not None:
            parts.append(f"trang {self.page}")
        return " · ".join(parts) or "toàn văn bản"

    def to_dict(self) -> dict[str, Any]:
        # asdict's result, spelled out (asdict deep-copies; a 20,000-task draft has 60,000 locations to write)
        d = {"section": self.section, "paragraph": self.paragraph, "table": self.table, "row": self.row,
             "page": self.page, "label": self.label()}
        if self.file:  # only a submission of several files names them (a one-file findings.json is unchanged)
            d["file"] = self.file
        if self.sheet:
            d.update(sheet=self.sheet, sheet_row=self.sheet_row, column=self.column)
        return d


@dataclass
class Block:
    """One unit of text: a heading, a paragraph (list items included) or a table row."""

    kind: BlockKind
    text: str
    location: Location
    heading_rank: float | None = None  # smaller = higher in the hierarchy (see headings.py)
    numbering: str = ""  # "III", "2.1", "a" ... for headings and numbered list items
    is_list_item: bool = False
    cells: list[str] | None = None  # table rows only
    sentences: list[str] = field(default_factory=list)
    section_kinds: frozenset[str] = frozenset()  # canonical kinds of the enclosing sections


@dataclass
class Table:
    """A table as rows of cell texts; ``merged_rows`` marks rows whose cells are one merged cell."""

    index: int  # 1-based
    rows: list[list[str]]
    blocks: list[Block]  # one table_row block per row, same order as rows
    merged_rows: set[int] = field(default_factory=set)  # 0-based row numbers
    page: int | None = None
    columns: list[str] = field(default_factory=list)  # a workbook's column letter of each column (hidden ones out)
    unit_note: str = ""  # "ĐVT: triệu đồng" written above the table, outside its header (a workbook's)
    # columns where a cell of a data row is merged down over the rows below (an owner or source printed once
    # beside the tasks it covers; known for PDF tables, whose merged cells the page shows once)
    merged_columns: set[int] = field(default_factory=set)


@dataclass
class Section:
    """A node of the section tree built from headings."""

    title: str
    numbering: str
    rank: float
    heading: Block | None
    kinds: frozenset[str] = frozenset()
    children: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # direct body blocks (not in children)

    def all_blocks(self) -> list[Block]:
        out = list(self.blocks)
        for child in self.children:
            out.extend(child.all_blocks())
        return out

    def path_label(self) -> str:
        return self.numbering or self.title[:40]


@dataclass
class ParsedDocument:
    path: str
    source_format: str  # docx | pdf | txt
    blocks: list[Block]
    tables: list[Table]
    title: str = ""
    pages: int | None = None
    ocr: Any = None  # ocr.OcrSummary: the pages recognised from images and their confidence (None: none)
    converted_path: str = ""  # the .docx LibreOffice made of a .doc/.rtf/.odt (the annotated copy is made from it)
    format_note: str = ""  # the file's content is another format than its name says: read by its content
    parts: list[SubmissionPart] = field(default_factory=list)  # the files of a submission (empty: one file)
    # .docx only: for each block, the path of child indices from w:body to the paragraph its comments anchor at
    anchors: list[tuple[int, ...] | None] | None = None
    changes: int = 0  # tracked changes not yet accepted (read as accepted): insertions, deletions, moves
    comments: int = 0  # comments already in the draft (kept in the annotated copy beside planreview's)


@dataclass
class SubmissionPart:
    """One file of a submission (a plan with its appendices) inside the merged document: its blocks are
    ``blocks[first_block:first_block + block_count]``, its tables keep their own numbers (1, 2 … per file)."""

    path: str
    role: str  # decision | plan | appendix
    source_format: str  # docx | pdf | txt | xlsx …
    first_block: int
    block_count: int
    tables: list[Table] = field(default_factory=list)
    converted_path: str = ""  # the .docx / .xlsx LibreOffice made of an old format
    label: str = ""  # "Phụ lục II" as its first heading names it ("" when it names none)
    title: str = ""  # the appendix's title line ("DANH MỤC NHIỆM VỤ …")
    ocr: Any = None  # a scanned file's OcrSummary (its annotated copy highlights what was recognised)

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class PlanMeta:
    """What the plan says about itself: its title, the year it was written and its horizon."""

    title: str
    plan_year: int | None
    target_year: int | None
    vision_year: int | None
    district: str = ""
    # The plan's own identity and level (filled by later stages; "" / None when unknown):
    level: str = ""  # "tinh" (tỉnh/thành phố) | "huyen" (legacy district) | "xa" (xã/phường/đặc khu)
    unit: str = ""  # the unit the plan is for, e.g. "xã Tân Hòa", "tỉnh Thanh Lâm"
    own_number: str = ""  # the plan's own number from its header, e.g. "186/KH-UBND" (never a cited basis)
    issued_on: str | None = None  # the plan's own date (ISO), from "…, ngày 12 tháng 3 năm 2026"
    # Filled by plan_profile.py with level and unit:
    province: str = ""  # today's province (after the 2025 mergers), e.g. "Hải Phòng"
    former_province: str = ""  # the pre-merger province the plan names, e.g. "Hải Dương" ("" if none)
    era_date: str | None = None  # ISO date rules' applies_to is decided on (own date, header date or 1 January)
    issuer: str = ""  # the issuing body when it is not the unit's People's Committee, e.g. "Sở Y tế"
    kinds: list[str] = field(default_factory=list)  # plan kinds rules apply by (PLAN_KINDS in plan_profile.py)

    @property
    def horizon_end(self) -> int | None:
        return self.vision_year or self.target_year


@dataclass
class Finding:
    rule_id: str
    title: str
    severity: str  # high | medium | low | info
    area: str
    message: str
    suggestion: str
    evidence: str = ""
    location: Location | None = None
    details: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""  # stable identity across rounds (fingerprint.py): "TASK-01:3fa2c1d09b7e"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "fingerprint": self.fingerprint,
            "title": self.title,
            "severity": self.severity,
            "area": self.area,
            "message": self.message,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
            "location": self.location.to_dict() if self.location else None,
            "details": self.details,
        }
