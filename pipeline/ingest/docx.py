"""A .docx draft read into blocks and tables: styles, headings and list numbering, tables with merged cells.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.model import Block, ParsedDocument, Table
from pipeline.ingest.blocks import clean_text, make_table, number_blocks, text_block
from pipeline.ingest.docx_body import read_body
from pipeline.ingest.headings import WORD_HEADING_STYLE
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

    def text(self, paragraph) -> str:
        """The paragraph's text, each run in a legacy font converted to Unicode."""
        legacy = self.legacy_styles()
        if legacy is None:
            return paragraph.text
        style_id = self.style_id(paragraph)
        style_encoding, style_font = legacy.get(style_id, legacy[None]), self.fonts.get(style_id)
        parts = []
        for item in paragraph.iter_inner_content():
            for run in getattr(item, "runs", [item]):
                text = run.text
                font = run.font.name or style_font
                encoding = encoding_of_font(run.font.name) if run.font.name else style_encoding
                parts.append(convert_run(text, font, encoding) if encoding and text else text)
        return "".join(parts)

    def cell_text(self, cell) -> str:
        if self.legacy_styles() is None:
            return cell.text
        return "\n".join(self.text(p) for p in cell.paragraphs)

    def style_id(self, paragraph) -> str | None:
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.pStyle is not None:
            return ppr.pStyle.val
        return self.default_id

    def heading_level(self, paragraph) -> int | None:
        m = WORD_HEADING_STYLE.match(self.names.get(self.style_id(paragraph), ""))
        return int(m.group(1)) if m else None

    def is_bold(self, paragraph) -> bool:
        runs = [r for r in paragraph.runs if r.text.strip()]
        style_bold = self.bold.get(self.style_id(paragraph), False)
        return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)

    def is_list(self, paragraph) -> bool:
        if self.names.get(self.style_id(paragraph), "").startswith("List"):
            return True
        ppr = paragraph._p.pPr
        return ppr is not None and ppr.numPr is not None


def _docx_table_rows(table, styles: _DocxStyles) -> tuple[list[list[str]], set[int]]:
    rows: list[list[str]] = []
    merged: set[int] = set()
    for r, row in enumerate(table.rows):
        cells = row.cells
        texts = []
        for i, cell in enumerate(cells):
            # a horizontally merged cell is returned once per grid column: keep its text in the first only
            texts.append("" if i and cell._tc is cells[i - 1]._tc else clean_text(styles.cell_text(cell)))
        rows.append(texts)
        if len(cells) > 1 and len({id(c._tc) for c in cells}) == 1:
            merged.add(r)
    return rows, merged


def read_docx(document, table_type, refs: list | None = None) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a python-docx Document. With ``refs``, also collect for each block the
    python-docx paragraph it comes from (for a table row: the paragraph of its longest cell), so that
    annotate_docx.py can anchor a comment at block N."""
    styles = _DocxStyles(document)
    blocks: list[Block] = []
    tables: list[Table] = []
    for item in document.iter_inner_content():
        if isinstance(item, table_type):
            rows, merged = _docx_table_rows(item, styles)
            if not any(any(c for c in row) for row in rows):
                continue
            table = make_table(len(tables) + 1, rows, merged)
            tables.append(table)
            blocks.extend(table.blocks)
            if refs is not None:
                for row in item.rows:
                    cell = max(row.cells, key=lambda c: len(c.text))
                    refs.append(cell.paragraphs[0] if cell.paragraphs else None)
            continue
        text = clean_text(styles.text(item))
        if text:
            blocks.append(text_block(text, styles.heading_level(item), styles.is_bold(item), styles.is_list(item)))
            if refs is not None:
                refs.append(item)
    return blocks, tables


def _read_document(document, table_type) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a loaded python-docx Document: its body's XML walked directly (docx_body.py, the
    same result ≈40 times faster than python-docx's proxies); a document in a legacy font, or one the direct
    walk cannot read, through :func:`read_docx`."""

    styles = _DocxStyles(document)
    if styles.legacy_styles() is None:
        cleaned: dict[str, str] = {}

        def clean(text: str) -> str:
            found = cleaned.get(text)
            if found is None:
                found = cleaned[text] = clean_text(text)
            return found

        try:
            return read_body(document, styles, clean, text_block, make_table)
        except Exception:  # noqa: BLE001 — python-docx below reads it, or says why it cannot
            pass
    return read_docx(document, table_type)


def parse_docx(path: Path) -> ParsedDocument:
    import docx
    from docx.table import Table as DocxTable

    if not zipfile.is_zipfile(path):
        raise InputError(
            f"Tệp không phải .docx hợp lệ (không đọc được cấu trúc nén): {path.name}",
            f"Not a valid .docx file (not a zip package): {path.name}",
        )
    try:
        blocks, tables = _read_document(docx.Document(str(path)), DocxTable)
    except Exception as exc:  # python-docx and lxml raise many kinds for broken packages
        raise InputError(
            f"Tệp .docx bị hỏng, không đọc được: {path.name} ({type(exc).__name__})",
            f"Corrupt .docx, cannot be read: {path.name} ({type(exc).__name__})",
        ) from exc
    number_blocks(blocks)
    return ParsedDocument(str(path), "docx", blocks, tables)
