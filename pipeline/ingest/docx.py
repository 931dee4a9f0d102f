"""A .docx draft read into blocks and tables as Word shows it: styles and headings, automatic numbering
(docx_numbering.py), tracked changes accepted, footnotes at their anchor (docx_notes.py), text boxes, content
controls, the header block of a first-page header; the XML walk is docx_body.py. Also counts the tracked changes
and comments the draft still carries (the memo's general information says so).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.model import Block, ParsedDocument, Table
from pipeline.ingest.blocks import clean_text, make_table, number_blocks, text_block
from pipeline.ingest.docx_body import BodyReader, Options, read_body
from pipeline.ingest.docx_notes import Notes, read_notes
from pipeline.ingest.docx_numbering import Numbering
from pipeline.ingest.legacy_fonts import (
    convert_run,
    encoding_of_font,
)


class _DocxStyles:
    """Style names and boldness by style id, read once (python-docx's paragraph.style scans every style
    of the document on each call, which made long drafts slow to parse)."""

    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE

        paragraph_styles = [s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
        self.names = {s.style_id: s.name or "" for s in paragraph_styles}
        self.bold = {s.style_id: bool(s.font.bold) for s in paragraph_styles}
        default = next((s for s in paragraph_styles if s.element.default), None)
        self.default_id = default.style_id if default is not None else None
        self.document = document
        self._legacy: dict[str | None, str | None] | None = None
        self.fonts: dict[str | None, str | None] = {}  # font of each style (legacy documents only)

    # ---- legacy font encodings (TCVN3 .VnTime, VNI-Times): the text is converted run by run
    def legacy_styles(self) -> dict[str | None, str | None] | None:
        """Legacy encoding of each paragraph style (None: Unicode), or None when the document uses no legacy
        font at all (the common case, decided once from the fonts it names)."""
        if self._legacy is None:
            from docx.oxml.ns import qn

            fonts = set(self.document.element.xpath(".//w:rFonts/@w:ascii"))
            fonts |= set(self.document.styles.element.xpath(".//w:rFonts/@w:ascii"))
            if not any(encoding_of_font(f) for f in fonts):
                self._legacy = {}
                return None
            defaults = self.document.styles.element.find(qn("w:docDefaults"))
            found = defaults.findall(".//" + qn("w:rFonts")) if defaults is not None else []
            default_fonts = [f.get(qn("w:ascii")) for f in found if f.get(qn("w:ascii"))]
            default_encoding = encoding_of_font(default_fonts[0]) if default_fonts else None
            legacy: dict[str | None, str | None] = {None: default_encoding}
            for style in self.document.styles:
                font, base = None, style
                while base is not None and font is None and hasattr(base, "font"):
                    font, base = base.font.name, base.base_style
                legacy[style.style_id] = encoding_of_font(font) if font else default_encoding
                self.fonts[style.style_id] = font or (default_fonts[0] if default_fonts else None)
            self._legacy = legacy
        return self._legacy or None

    def legacy_run(self, r, text: str, style_id: str | None) -> str:
        """One run's text in Unicode: converted from the legacy encoding of its font (or its style's)."""
        legacy = self._legacy or {}
        style_encoding, style_font = legacy.get(style_id, legacy.get(None)), self.fonts.get(style_id)
        font = None
        rpr = next(r.iterchildren(f"{_W}rPr"), None)
        if rpr is not None:
            fonts = next(rpr.iterchildren(f"{_W}rFonts"), None)
            if fonts is not None:
                font = fonts.get(f"{_W}ascii")
        encoding = encoding_of_font(font) if font else style_encoding
        return convert_run(text, font or style_font, encoding) if encoding and text else text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CHANGES = {f"{_W}{t}" for t in ("ins", "del", "moveFrom", "moveTo")}
# a page header that holds the document's header block (issuer, number, place and date, motto), not only a
# running title or a page number
_HEADER_BLOCK = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do|^\s*Số\s*:|ngày\s+\d{1,2}\s+tháng\s+\d"
                           r"|ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN", re.IGNORECASE | re.MULTILINE)


def _parts(document) -> dict[str, object]:
    """The root element of each part the body refers to, by relationship id and by kind (last word of its type)."""
    from docx.oxml.parser import parse_xml

    found: dict[str, object] = {}
    for rid, rel in document.part.rels.items():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in ("numbering", "footnotes", "endnotes", "comments", "header"):
            continue
        part = rel.target_part
        root = getattr(part, "element", None)
        if root is None:
            root = parse_xml(part.blob)
        found[rid] = root
        found.setdefault(kind, root)
    return found


def count_changes(*roots) -> int:
    """Tracked changes of content not yet accepted: insertions, deletions and moves of text and of table rows
    (the markers on a paragraph mark or in run properties belong to a change already counted)."""
    count = 0
    for root in roots:
        if root is None:
            continue
        for e in root.iter(*_CHANGES):
            parent = e.getparent()
            if parent is None or parent.tag != f"{_W}rPr":
                count += 1
    return count


def _first_page_header(document, parts: dict[str, object]):
    """The header Word prints on the first page: the first section's "first" header when it has a distinct first
    page (w:titlePg), else its default header."""
    body = document.element.body
    sect = None  # the first section ends at the first paragraph carrying a w:sectPr, else at the body's own
    for child in body.iterchildren(f"{_W}p", f"{_W}sectPr"):
        if child.tag == f"{_W}sectPr":
            sect = child
            break
        ppr = next(child.iterchildren(f"{_W}pPr"), None)
        found = next(ppr.iterchildren(f"{_W}sectPr"), None) if ppr is not None else None
        if found is not None:
            sect = found
            break
    if sect is None:
        return None
    title_pg = next(sect.iterchildren(f"{_W}titlePg"), None)
    distinct = title_pg is not None and title_pg.get(f"{_W}val", "1") not in ("0", "false", "off")
    wanted = "first" if distinct else "default"
    for ref in sect.iterchildren(f"{_W}headerReference"):
        if ref.get(f"{_W}type", "default") == wanted:
            return parts.get(ref.get(f"{_R}id") or "")
    return None


@dataclass
class DocxReading:
    blocks: list[Block]
    tables: list[Table]
    anchors: list[tuple[int, ...] | None]
    lines: list[str]  # every paragraph's text, in reading order (the oracle compares them with LibreOffice's)
    changes: int = 0
    comments: int = 0


def read_document(document, options: Options | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> DocxReading:
    """Everything planreview reads of a loaded python-docx Document (docx_body.py walks the XML)."""
    styles = _DocxStyles(document)
    legacy = styles.legacy_run if styles.legacy_styles() is not None else None
    cleaned: dict[str, str] = {}

    def clean(text: str) -> str:
        found = cleaned.get(text)
        if found is None:
            found = cleaned[text] = clean_text(text)
        return found

    parts = _parts(document)
    styles_root = document.styles.element
    numbering = Numbering(parts.get("numbering"), styles_root) if "numbering" in parts else None
    note_reader = BodyReader(styles, clean, text_block, make_table, None, None, Options(lo_view=True), legacy)

    def note_text(p) -> str:
        return note_reader.paragraph(p)[0]

    notes = Notes(read_notes(parts.get("footnotes"), "footnote", note_text),
                  read_notes(parts.get("endnotes"), "endnote", note_text))
    options = options or Options()
    body = read_body(document, styles, clean, text_block, make_table, numbering, notes, options, legacy, progress)
    if not options.lo_view:
        header = _first_page_header(document, parts)
        if header is not None:
            top = BodyReader(styles, clean, text_block, make_table, None, notes, options, legacy)
            top.container(header, ())
            if top.out.blocks and any(_HEADER_BLOCK.search(b.text) for b in top.out.blocks):
                anchor = next((a for a in body.anchors if a is not None), None)
                blocks = [b for b in top.out.blocks]
                for table in body.tables:
                    table.index += len(top.out.tables)
                for b in body.blocks:
                    if b.location.table is not None:
                        b.location.table += len(top.out.tables)
                body.blocks[:0] = blocks
                body.anchors[:0] = [anchor] * len(blocks)
                body.tables[:0] = top.out.tables
    comments = parts.get("comments")
    return DocxReading(body.blocks, body.tables, body.anchors, body.lines,
                       count_changes(document.element, parts.get("footnotes"), parts.get("endnotes")),
                       sum(1 for _ in comments.iterchildren(f"{_W}comment")) if comments is not None else 0)


def resolve_anchor(document, path: tuple[int, ...] | None):
    """The element at a path of child indices from w:body (None when the path does not lead anywhere)."""
    if path is None:
        return None
    element = document.element.body
    try:
        for i in path:
            element = element[i]
    except IndexError:
        return None
    return element


def read_docx(document, table_type=None, refs: list | None = None) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a python-docx Document. With ``refs``, also collect for each block the python-docx
    paragraph a comment on it is anchored at (for a table row: the first paragraph of its longest cell), so that
    annotate_docx.py and merge.py can anchor at block N."""
    reading = read_document(document)
    if refs is not None:
        from docx.text.paragraph import Paragraph

        for path in reading.anchors:
            element = resolve_anchor(document, path)
            refs.append(Paragraph(element, document._body) if element is not None else None)
    return reading.blocks, reading.tables


def parse_docx(path: Path, progress: Callable[[int, int, str], None] | None = None) -> ParsedDocument:
    """``progress``: told (parts read, parts, "khối / blocks") as a long body's paragraphs and table rows are read."""
    import docx

    if not zipfile.is_zipfile(path):
        raise InputError(
            f"Tệp không phải .docx hợp lệ (không đọc được cấu trúc nén): {path.name}",
            f"Not a valid .docx file (not a zip package): {path.name}",
        )
    try:
        reading = read_document(docx.Document(str(path)), progress=progress)
    except Exception as exc:  # python-docx and lxml raise many kinds for broken packages
        raise InputError(
            f"Tệp .docx bị hỏng, không đọc được: {path.name} ({type(exc).__name__})",
            f"Corrupt .docx, cannot be read: {path.name} ({type(exc).__name__})",
        ) from exc
    number_blocks(reading.blocks)
    return ParsedDocument(str(path), "docx", reading.blocks, reading.tables, anchors=reading.anchors,
                          changes=reading.changes, comments=reading.comments)
