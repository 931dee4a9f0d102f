"""A submission of several files — a plan with its appendices (and the decision issuing it) — read as one document.

A district or commune office sends the plan as a .docx and its "Phụ lục" (the task list, the targets by year,
the projects and their capital) as an Excel workbook, a second .docx or a PDF; a province sends a QUYẾT ĐỊNH with
the Kế hoạch and its appendices as separate files. :func:`parse_submission` reads each file with its own reader
(read.py: every check and limit of one file applies to each) and joins them in reading order — decision, plan,
appendices — into one :class:`ParsedDocument`: blocks numbered through the whole submission, each block's
location naming its file (and sheet, row for a workbook), tables keeping their own numbers per file. The parts
(:class:`SubmissionPart`) say which blocks and tables came from which file, for the annotated copies.

:func:`file_role` tells a plan from an appendix or a decision by the file's name ("Phụ lục", "PL", "phu-luc";
"Quyết định", "QĐ") or else by its first lines.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.core.doc_kinds import DECISION_ALONE, PLAN_LINE
from pipeline.core.errors import InputError
from pipeline.core.model import ParsedDocument, SubmissionPart
from pipeline.ingest.headings import match_heading
from pipeline.ingest.read import parse_file

_APPENDIX_NAME = re.compile(r"(?:^|[^a-z])(?:phu[\s_.-]*luc|pl)(?:[^a-z]|$)")
_DECISION_NAME = re.compile(r"(?:^|[^a-z])(?:quyet[\s_.-]*dinh|qd)(?:[^a-z]|$)")
_PLAN_NAME = re.compile(r"(?:^|[^a-z])(?:ke[\s_.-]*hoach|de[\s_.-]*an|kh|du[\s_.-]*thao)(?:[^a-z]|$)")
_APPENDIX_LINE = re.compile(r"^(?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:số\s+)?(?P<n>[IVXLC]+|\d+))?\b\s*[.:–-]?\s*"
                            r"(?P<t>.*)$")
_ARTICLE = re.compile(r"^Điều\s+1\b")
ROLE_ORDER = {"decision": 0, "plan": 1, "appendix": 2}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def appendix_number(text: str) -> int | None:
    """"II" → 2, "02" → 2, "3a" → 3; None for anything else."""
    text = text.strip().upper()
    if re.fullmatch(r"[IVXLC]{1,6}", text):
        values = [_ROMAN[c] for c in text]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    m = re.match(r"\d{1,2}", text)
    return int(m.group()) if m else None


def _ascii(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


def role_by_name(path: Path) -> str:
    """"appendix", "decision", "plan" or "" (the name says nothing) from the file's name."""
    stem = _ascii(path.stem)
    if _APPENDIX_NAME.search(stem):
        return "appendix"
    decision = _DECISION_NAME.search(stem)
    plan = _PLAN_NAME.search(stem)
    if decision and (not plan or decision.start() < plan.start()):  # "quyet-dinh-ban-hanh-ke-hoach"
        return "decision"
    if _PLAN_NAME.search(stem):
        return "plan"
    return ""


def role_by_content(doc: ParsedDocument) -> str:
    """What the first lines say: an appendix opens with "PHỤ LỤC …" (a workbook is one), a decision with
    "QUYẾT ĐỊNH" and its "Điều 1" before any plan title; anything else is a plan."""
    if doc.source_format == "xlsx":
        return "appendix"
    lines = [b.text.strip() for b in doc.blocks[:30] if b.kind != "table_row"]
    for text in lines[:3]:  # (a plan's table of contents lists its "Phụ lục" further down)
        if _APPENDIX_LINE.match(text) and len(text.split()) <= 25:
            return "appendix"
    for text in lines:
        if PLAN_LINE.match(text):
            return "plan"
        if _ARTICLE.match(text):
            return "decision" if any(DECISION_ALONE.match(t) for t in lines) else "plan"
    return "plan"


def file_role(path: Path, doc: ParsedDocument | None = None) -> str:
    """The role of one file of a submission: its name first, else its content (``doc``), else "plan"."""
    if path.suffix.lower() in (".xlsx", ".xls", ".ods"):
        return "appendix"
    return role_by_name(path) or (role_by_content(doc) if doc is not None else "plan")


def split_plan(paths: list[Path]) -> tuple[Path, list[Path]]:
    """The plan among the files of a submission, by name (the first file not named as an appendix or a decision,
    nor a workbook; else the first file), and the others in their order."""
    plan = next((p for p in paths if file_role(p) == "plan"), paths[0])
    return plan, [p for p in paths if p != plan]


def appendix_label(doc: ParsedDocument) -> tuple[str, str]:
    """("Phụ lục II", "DANH MỤC NHIỆM VỤ …") from an appendix's first lines; ("", "") when it names none."""
    blocks = [b for b in doc.blocks[:12] if b.kind != "table_row"]
    for k, block in enumerate(blocks):
        m = _APPENDIX_LINE.match(block.text.strip())
        if m:
            title = m.group("t").strip()
            if not title and k + 1 < len(blocks):
                title = blocks[k + 1].text.strip()
            return (f"Phụ lục {m.group('n')}" if m.group("n") else "Phụ lục"), title
    return "", ""


def parse_submission(plan: Path, others: list[Path], max_bytes: int | None = None,
                     parallel: bool = False) -> ParsedDocument:
    """The plan and the other files of its submission read as one document (see the module's docstring)."""
    plan = Path(plan)
    seen = {plan.resolve()}
    files = []
    for f in map(Path, others):
        if f.resolve() not in seen:
            seen.add(f.resolve())
            files.append(f)
    docs = [(plan, parse_file(plan, max_bytes, parallel=parallel), "plan")]
    for f in files:
        doc = parse_file(f, max_bytes)
        role = file_role(f, doc)
        docs.append((f, doc, "appendix" if role == "plan" else role))
    names = [p.name for p, _, _ in docs]
    if len(set(names)) != len(names):
        raise InputError("Hai tệp trong cùng hồ sơ trùng tên; hãy đổi tên một tệp: " + ", ".join(names),
                         "Two files of the submission have the same name; rename one: " + ", ".join(names))
    def order(item: tuple[int, tuple]) -> tuple:
        k, (_, doc, role) = item  # appendices by their number (Phụ lục I, II …), then in the order given
        number = appendix_number(appendix_label(doc)[0].removeprefix("Phụ lục")) if role == "appendix" else None
        return ROLE_ORDER[role], number is None, number or 0, k

    docs = [d for _, d in sorted(enumerate(docs), key=order)]
    return merge_documents(docs)


def merge_documents(docs: list[tuple[Path, ParsedDocument, str]]) -> ParsedDocument:
    """Join parsed files into one document: blocks renumbered through the submission, each location naming
    its file; tables keep their own numbers (the annotated copy of each file finds them by these)."""
    plan = next(doc for _, doc, role in docs if role == "plan")
    blocks, tables, parts = [], [], []
    for path, doc, role in docs:
        label, title = appendix_label(doc) if role == "appendix" else ("", "")
        parts.append(SubmissionPart(str(path), role, doc.source_format, len(blocks), len(doc.blocks), doc.tables,
                                    doc.converted_path, label, title, doc.ocr))
        for block in doc.blocks:
            block.location.file = path.name
        if role == "appendix":
            _appendix_heading_first(doc)
        blocks.extend(doc.blocks)
        tables.extend(doc.tables)
    for i, block in enumerate(blocks, start=1):
        block.location.paragraph = i
    merged = ParsedDocument(plan.path, plan.source_format, blocks, tables, title=plan.title, pages=plan.pages,
                            ocr=plan.ocr, converted_path=plan.converted_path, parts=parts)
    return merged


def _appendix_heading_first(doc: ParsedDocument) -> None:
    """An appendix file's "PHỤ LỤC II" lines are headings at the top of the hierarchy, even when a workbook's
    merged title cell or a plain paragraph carries them (the appendix never nests inside the plan's last
    section), numbered "Phụ lục II" so that locations inside read "Mục Phụ lục II > …", not "Mục II > …" (the
    plan's own Roman-numbered section)."""
    heading = match_heading("PHỤ LỤC")
    for k, block in enumerate(doc.blocks):
        m = _APPENDIX_LINE.match(block.text.strip()) if block.kind != "table_row" else None
        if m is None or (k >= 12 and block.kind != "heading") or len(block.text.split()) > 25:
            continue
        if block.kind != "heading" and heading is not None:
            block.kind, block.heading_rank = "heading", heading.rank
        block.numbering = f"Phụ lục {m.group('n')}" if m.group("n") else "Phụ lục"
