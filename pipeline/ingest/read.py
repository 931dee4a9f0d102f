"""Parse .docx, .pdf and .txt drafts into blocks (headings, paragraphs, table rows) with locations.

Every parser returns a :class:`ParsedDocument`; every unusable input raises :class:`InputError`
with a one-line message in Vietnamese and English.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.forked import ForkedCall
from pipeline.core.formats import SUPPORTED  # noqa: F401  (the one list: CLI, batch, corpus, web)
from pipeline.core.model import Block, Location, ParsedDocument, Table
from pipeline.core.textnorm import normalize_text
from pipeline.ingest import pdf_tables, table_join
from pipeline.ingest.convert import CONVERTED_SUFFIXES  # .doc/.rtf/.odt through LibreOffice
from pipeline.ingest.headings import WORD_HEADING_STYLE, list_numbering, match_heading
from pipeline.ingest.legacy_fonts import (
    convert_run,
    decode_legacy_bytes,
    detect_by_content,
    encoding_of_font,
    looks_like_mojibake,
)
from pipeline.ingest.ocr import IMAGE_SUFFIXES  # scans and photos through Tesseract
from pipeline.ingest.safe_zip import check_package


def parse_file(path: str | Path, max_bytes: int | None = None, parallel: bool = False) -> ParsedDocument:
    """Parse a draft by its extension; raise InputError for anything that cannot be reviewed. ``parallel``: a
    PDF's table pages are read on two cores (:func:`parse_pdf`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp: {path}", f"File not found: {path}")
    if path.is_dir():
        raise InputError(f"Đây là thư mục, không phải tệp: {path}", f"This is a folder, not a file: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f"Định dạng '{suffix or 'không có đuôi'}' không được hỗ trợ (chỉ .docx, .pdf, .txt, .doc, .rtf, .odt, "
            f"ảnh .png/.jpg/.tif): {path.name}",
            f"Unsupported file type '{suffix or 'none'}' (use .docx, .pdf, .txt, .doc, .rtf, .odt or a "
            f".png/.jpg/.tif image): {path.name}",
        )
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"Tệp rỗng (0 byte): {path.name}", f"Empty file (0 bytes): {path.name}")
    if max_bytes is not None and size > max_bytes:
        sizes = f"{size / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB"
        raise InputError(f"Tệp quá lớn ({sizes}; đổi bằng --max-size-mb): {path.name}",
                         f"File too large ({sizes}; see --max-size-mb): {path.name}")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix == ".docx":
        raise InputError(
            f"Tệp .docx được mã hóa bằng mật khẩu hoặc thực chất là tệp .doc cũ; hãy bỏ mật khẩu/lưu lại thành "
            f".docx: {path.name}",
            f"The .docx is password-protected or an old .doc renamed; remove the password or save as .docx: "
            f"{path.name}",
        )
    if suffix == ".pdf" and not head.startswith(b"%PDF"):
        raise InputError(f"Tệp không phải PDF hợp lệ (thiếu phần đầu %PDF): {path.name}",
                         f"Not a valid PDF (no %PDF header): {path.name}")
    check_package(path, max_bytes)  # decompression bombs are refused before any library expands them
    if suffix in CONVERTED_SUFFIXES + IMAGE_SUFFIXES:  # issue 19: convert.py (LibreOffice), ocr.py (Tesseract)
        from pipeline.ingest.convert import parse_converted
        from pipeline.ingest.ocr import parse_image

        doc = (parse_converted if suffix in CONVERTED_SUFFIXES else parse_image)(path)
    else:
        doc = parse_pdf(path, parallel) if suffix == ".pdf" else {".docx": parse_docx, ".txt": parse_txt}[suffix](path)
    if not any(b.text.strip() for b in doc.blocks):
        raise InputError(
            f"Tài liệu không có nội dung văn bản: {path.name}", f"The document contains no text: {path.name}"
        )
    if looks_like_mojibake(" ".join(b.text for b in doc.blocks[:400])):
        raise _refuse_mojibake(path.name)
    return doc


# --------------------------------------------------------------------------- helpers


def _clean(text: str) -> str:
    """One line of text through the one normaliser (NFC, one tone placement, spaces, dashes, quotes)."""
    return normalize_text(text)


def _refuse_mojibake(name: str) -> InputError:
    return InputError(
        f"Văn bản dùng bảng mã/phông chữ cũ không nhận ra được (không phải Unicode); hãy chuyển sang Unicode "
        f"(ví dụ bằng Unikey) rồi gửi lại: {name}",
        f"The text uses an unrecognised legacy Vietnamese encoding (not Unicode); convert it to Unicode "
        f"(e.g. with Unikey) and submit it again: {name}",
    )


def _text_block(text: str, style_level: int | None = None, bold: bool = False,
                list_style: bool = False, page: int | None = None) -> Block:
    heading = match_heading(text, style_level, bold)
    if heading:
        return Block("heading", text, Location(page=page), heading_rank=heading.rank,
                     numbering=heading.numbering)
    marker = list_numbering(text)
    return Block("paragraph", text, Location(page=page), numbering=marker or "",
                 is_list_item=bool(marker) or list_style)


def _table(index: int, rows: list[list[str]], merged: set[int], page: int | None = None) -> Table:
    blocks = []
    for r, cells in enumerate(rows, start=1):
        distinct = list(dict.fromkeys(c for c in cells if c))
        blocks.append(Block("table_row", " | ".join(distinct), Location(table=index, row=r, page=page),
                            cells=cells))
    return Table(index=index, rows=rows, blocks=blocks, merged_rows=merged, page=page)


def _number_blocks(blocks: list[Block]) -> None:
    for i, block in enumerate(blocks, start=1):
        block.location.paragraph = i


# --------------------------------------------------------------------------- docx


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
            texts.append("" if i and cell._tc is cells[i - 1]._tc else _clean(styles.cell_text(cell)))
        rows.append(texts)
        if len(cells) > 1 and len({id(c._tc) for c in cells}) == 1:
            merged.add(r)
    return rows, merged


def read_docx(document, table_type, refs: list | None = None) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a python-docx Document. With ``refs``, also collect for each block the
    python-docx paragraph it comes from (for a table row: the paragraph of its longest cell), so that
    annotate.py can anchor a comment at block N."""
    styles = _DocxStyles(document)
    blocks: list[Block] = []
    tables: list[Table] = []
    for item in document.iter_inner_content():
        if isinstance(item, table_type):
            rows, merged = _docx_table_rows(item, styles)
            if not any(any(c for c in row) for row in rows):
                continue
            table = _table(len(tables) + 1, rows, merged)
            tables.append(table)
            blocks.extend(table.blocks)
            if refs is not None:
                for row in item.rows:
                    cell = max(row.cells, key=lambda c: len(c.text))
                    refs.append(cell.paragraphs[0] if cell.paragraphs else None)
            continue
        text = _clean(styles.text(item))
        if text:
            blocks.append(_text_block(text, styles.heading_level(item), styles.is_bold(item), styles.is_list(item)))
            if refs is not None:
                refs.append(item)
    return blocks, tables


def _read_document(document, table_type) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a loaded python-docx Document: its body's XML walked directly (docx_body.py, the
    same result ≈40 times faster than python-docx's proxies); a document in a legacy font, or one the direct
    walk cannot read, through :func:`read_docx`."""
    from pipeline.ingest.docx_body import read_body

    styles = _DocxStyles(document)
    if styles.legacy_styles() is None:
        cleaned: dict[str, str] = {}

        def clean(text: str) -> str:
            found = cleaned.get(text)
            if found is None:
                found = cleaned[text] = _clean(text)
            return found

        try:
            return read_body(document, styles, clean, _text_block, _table)
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
    _number_blocks(blocks)
    return ParsedDocument(str(path), "docx", blocks, tables)


# --------------------------------------------------------------------------- pdf

_SENTENCE_END = re.compile(r"[.;:!?]$")
_PDF_CELL_BREAK = re.compile(r"(?<=[\d/.-])\n(?=\d)")  # "2023-202\n4" in a narrow cell


def _is_bold_line(line: dict) -> bool:
    if "bold" in line:
        return bool(line["bold"])
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip()]
    return bool(chars) and all("bold" in str(c.get("fontname", "")).lower() for c in chars)


def _join_pdf_lines(lines: list[dict], page: int) -> list[Block]:
    """Re-flow wrapped PDF lines into paragraphs.

    A line ends its paragraph when it ends a sentence, stops well short of the right margin or is
    set in bold (a heading); a new paragraph also starts after a vertical gap clearly wider than the
    page's usual line gap, and at a line that opens with a heading number or a list marker.
    """
    blocks: list[Block] = []
    buffer: list[str] = []
    bold_lines: list[bool] = []
    right = max((ln.get("x1", 0.0) for ln in lines), default=0.0)
    gaps = sorted(b["top"] - a["bottom"] for a, b in zip(lines, lines[1:]) if "bottom" in a and "top" in b
                  and b["top"] > a["bottom"] - 1)
    usual_gap = gaps[len(gaps) // 4] if gaps else 0.0  # the tight in-paragraph gap

    def flush() -> None:
        if buffer:
            blocks.append(_text_block(_clean(" ".join(buffer)), bold=all(bold_lines), page=page))
            buffer.clear()
            bold_lines.clear()

    ended = True
    previous: dict | None = None
    for line in lines:
        text = _clean(line["text"])
        if not text:
            flush()
            ended = True
            continue
        bold = _is_bold_line(line)
        wide_gap = (previous is not None and "bottom" in previous and "top" in line
                    and line["top"] - previous["bottom"] > usual_gap * 1.6 + 1.5)
        continues = text[0].islower()  # Vietnamese paragraphs, items and headings open with a capital
        if ((ended and not continues) or wide_gap or (bold_lines and bold != bold_lines[-1])
                or match_heading(text) is not None or list_numbering(text) is not None):
            flush()
        buffer.append(text)
        bold_lines.append(bold)
        # a wrapped line reaches (nearly) the right margin; a paragraph's last line usually does not
        x1 = line.get("x1", right)
        ended = x1 < 0.8 * right or (bool(_SENTENCE_END.search(text)) and x1 < 0.92 * right)
        previous = line
    flush()
    return blocks


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError in its own exception."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop()
        if e in seen:
            continue
        seen.append(e)
        if any(word in type(e).__name__ for word in ("Password", "Encrypt")):
            return True
        todo += [x for x in (e.__cause__, e.__context__, *e.args) if isinstance(x, BaseException)]
    return False


def _pdf_error(path: Path, exc: BaseException) -> InputError:
    if _is_password_error(exc) or "password" in str(exc).lower():
        return InputError(f"PDF được bảo vệ bằng mật khẩu, không đọc được: {path.name}",
                          f"Password-protected PDF, cannot be read: {path.name}")
    name = type(exc).__name__
    return InputError(f"Tệp PDF bị hỏng, không đọc được: {path.name} ({name})",
                      f"Corrupt PDF, cannot be read: {path.name} ({name})")


def _pdfium_lines(page) -> list[dict]:
    """Text lines of a page without drawings, read with pdfium (fast): text, box and boldness."""
    import ctypes

    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    lines = []
    font = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    rects = [textpage.get_rect(r) for r in range(textpage.count_rects())]
    # each rect is a run of consecutive characters: its first character is the one at its left edge
    firsts = [textpage.get_index(left + 1, (bottom + top) / 2, 3, 3) for left, bottom, _right, top in rects]
    page_text = textpage.get_text_range()
    for r, (left, bottom, right, top) in enumerate(rects):
        index = firsts[r]  # None where no character is near
        text = _rect_text(page_text, index, firsts[r + 1] if r + 1 < len(rects) else len(page_text))
        if text is None:  # not a plain run: ask pdfium for the characters inside the rect (slower, ~0.1 ms)
            text = textpage.get_text_bounded(left, bottom, right, top)
        if not text.strip():
            continue
        bold = False
        if index is not None and index >= 0:
            raw.FPDFText_GetFontInfo(textpage.raw, index, font, len(font), ctypes.byref(flags))
            bold = b"bold" in font.value.lower() or raw.FPDFText_GetFontWeight(textpage.raw, index) >= 600
        lines.append({"text": text.replace("\r", " ").replace("\n", " "), "x0": left, "x1": right,
                      "top": height - top, "bottom": height - bottom, "bold": bold})
    return lines


def _rect_text(page_text: str, first: int | None, following: int | None) -> str | None:
    """The text of a rect read from the page's text, from its first character up to the next rect's
    first one (pdfium's ``get_text_bounded`` searches the whole page for every rect: quadratic in the
    page). None when that is not a plain run of one line: no first character, rects out of order, a
    line break inside."""
    if first is None or first < 0 or following is None or following <= first:
        return None
    text = page_text[first:following].rstrip("\r\n ")
    return None if "\n" in text or "\r" in text else text


_MARGIN = 0.08  # running headers and footers live in the top and bottom 8 % of a page
_PAGE_NUMBER = re.compile(r"^(?:trang|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|trên|of)\s*\d{1,4})?$", re.I)


def _in_margin(line: dict, height: float) -> bool:
    return line.get("top", height / 2) < _MARGIN * height or line.get("bottom", height / 2) > (1 - _MARGIN) * height


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", normalize_text(text).lower())


def _running_lines(pages: list[tuple[list[dict], float]]) -> set[str]:
    """Texts (digits masked) that stand in the top or bottom margin of several pages: running headers and
    footers of a Word export ("Kế hoạch chuyển đổi số huyện … năm 2023", "Trang 3/12")."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for lines, height in pages:
        counts.update({_running_key(ln["text"]) for ln in lines if _in_margin(ln, height)})
    needed = max(2, int(0.3 * len(pages)))
    return {key for key, n in counts.items() if n >= needed}


def _drop_running(lines: list[dict], height: float, running: set[str]) -> list[dict]:
    """A page's lines less its running header, footer and page number."""
    def running_line(ln: dict) -> bool:
        if not _in_margin(ln, height):
            return False
        text = normalize_text(ln["text"])
        return bool(_PAGE_NUMBER.match(text)) or _running_key(text) in running

    return [ln for ln in lines if not running_line(ln)]


def parse_pdf(path: Path, parallel: bool = False) -> ParsedDocument:
    """Pages are read with pdfium: their text lines, and on pages with drawings the ruled tables
    (pdf_tables.py; pdfplumber, 10–30 times slower, for a page pdfium's reading cannot stand in for).
    Running headers, footers and page numbers are left out, so that paragraphs and tables run on across pages."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
        page_count = len(document)
    except Exception as exc:
        raise _pdf_error(path, exc) from exc
    blocks: list[Block] = []
    tables: list[Table] = []
    recognised: dict = {}
    ocr_summary = None
    try:
        from pipeline.ingest import ocr  # pages without a text layer (scans) are recognised with Tesseract (issue 19)

        scanned = ocr.pdf_pages_without_text(document)
        if scanned:
            recognised, ocr_summary = ocr.recognise_pdf(path, document, scanned)
        pages = [document[i] for i in range(page_count)]
        text_lines = [([] if i + 1 in recognised else _pdfium_lines(page), page.get_height())
                      for i, page in enumerate(pages)]
        running = _running_lines(text_lines)
        # pages with drawings, where ruled tables may be (_table_pages); with ``parallel`` and many of them, a
        # forked child reads half of them while this process reads the others (forked.py)
        drawn = [n for n, page in enumerate(pages, start=1) if n not in recognised and pdf_tables.has_paths(page)]
        half = len(drawn) // 2 if parallel and len(drawn) >= FORK_TABLE_PAGES else 0
        side = ForkedCall(lambda numbers: _table_pages(path, numbers, text_lines), use_fork=bool(half))
        side.send(drawn[:half])
        try:
            ruled = _table_pages(path, drawn[half:], text_lines, pages)
        except BaseException:
            side.discard()
            raise
        ruled.update(side.result())
        for page_no in range(1, page_count + 1):
            lines, height = text_lines[page_no - 1]
            start = len(blocks)
            if page_no in recognised:
                scan = recognised[page_no]
                scan.lines = _drop_running(scan.lines, scan.height, running)  # a scan's page number too
                ocr.add_page(scan, blocks, tables)
                continue
            if ruled.get(page_no) is not None:
                try:
                    _plumber_page(ruled[page_no], page_no, blocks, tables, running)
                    _join_page_break(blocks, start)
                    continue
                except Exception:  # noqa: BLE001,S110 - as when pdfplumber fails: keep the text, without tables
                    pass
            blocks.extend(_join_pdf_lines(_drop_running(lines, height, running), page_no))
            _join_page_break(blocks, start)
    except InputError:
        raise
    except Exception as exc:
        raise _pdf_error(path, exc) from exc
    finally:
        with contextlib.suppress(Exception):  # closing a broken file may fail again; the first error counts
            document.close()
    if not blocks:
        raise InputError(
            f"PDF không có lớp văn bản (có thể là bản scan); cần nhận dạng ký tự (OCR) trước: {path.name}",
            f"PDF has no text layer (probably scanned); run OCR first: {path.name}",
        )
    _number_blocks(blocks)
    return ParsedDocument(str(path), "pdf", blocks, tables, pages=page_count, ocr=ocr_summary)


def _join_page_break(blocks: list[Block], start: int) -> None:
    """A paragraph that runs on over a page break is one paragraph: the previous page's last paragraph
    ends mid-sentence (a wrapped line, no final punctuation) and this page's first one is no heading or
    list item ("… kinh phí" | "400 triệu đồng, nguồn ngân sách huyện.")."""
    if not 0 < start < len(blocks):
        return
    prev, first = blocks[start - 1], blocks[start]
    if (prev.kind == first.kind == "paragraph" and prev.location.table is None and first.location.table is None
            and not first.numbering and not first.is_list_item and prev.text
            and not prev.text.endswith((".", ";", ":", "!", "?")) and len(prev.text.split()) >= 8
            and first.text[:1].isalnum()):
        prev.text = f"{prev.text} {first.text}"
        del blocks[start]


FORK_TABLE_PAGES = 8  # from this many pages with drawings a forked child reads half of them (≈ 10–25 ms a page)


def _table_pages(path: Path, numbers: list[int], text_lines: list[tuple[list[dict], float]],
                 pages: list | None = None) -> dict[int, dict | None]:
    """What :func:`_plumber_extract` finds on each of these pages (1-based): read with pdfium (pdf_tables.py,
    ~10–25 ms a page); a page it cannot read (rotated, cropped) or fails on goes through pdfplumber (≈ 0.25 s a
    page); None for a page neither reads. ``pages``: the document's pages, opened again when not given (a
    forked child reads the file on its own: pdfium's file position is not to be shared)."""
    if not numbers:
        return {}
    document = None
    if pages is None:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
    try:
        found: dict[int, dict | None] = {}
        for n in numbers:
            page = pages[n - 1] if pages is not None else document[n - 1]
            found[n] = _pdfium_table_page(page, text_lines[n - 1])
        found.update(_plumber_pages(path, [n for n, tables in found.items() if tables is None]))
        return found
    finally:
        if document is not None:
            document.close()


def _pdfium_table_page(page, text: tuple[list[dict], float]) -> dict | None:
    """What :func:`_plumber_extract` finds on a page, read with pdfium: the page's text lines (``text``, from
    :func:`_pdfium_lines`) outside its ruled tables, and each table's top and raw rows. None when pdfium's
    reading cannot stand in for pdfplumber's on this page (see :func:`pdf_tables.can_read`) or fails."""
    try:
        if not pdf_tables.can_read(page):
            return None
        found = pdf_tables.page_tables(page)
    except Exception:  # noqa: BLE001 - pdfplumber reads the page instead
        return None
    lines, height = text

    def outside(line: dict) -> bool:
        middle_x, middle_y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        return not any(t.bbox[0] <= middle_x <= t.bbox[2] and t.bbox[1] <= middle_y <= t.bbox[3] for t in found)

    return {"height": height, "lines": [ln for ln in lines if outside(ln)],
            "tables": [(t.bbox[1], t.rows) for t in found]}


def _plumber_extract(page) -> dict:
    """What pdfplumber finds on one page — text lines outside the ruled tables (text, box, boldness) and each
    table's top and raw rows — as plain data (the slow part of a table page; it may run in a forked child)."""
    page_tables = page.find_tables() if (page.lines or page.rects) else []
    boxes = [t.bbox for t in page_tables]

    def outside(obj) -> bool:
        if "x0" not in obj or "top" not in obj:
            return True
        return not any(b[0] - 1 <= obj["x0"] and obj["top"] >= b[1] - 1
                       and obj.get("x1", obj["x0"]) <= b[2] + 1 and obj["bottom"] <= b[3] + 1 for b in boxes)

    lines = page.filter(outside).extract_text_lines() if boxes else page.extract_text_lines()
    keep = ("text", "x0", "x1", "top", "bottom")
    return {"height": page.height,
            "lines": [{**{k: ln[k] for k in keep if k in ln}, "bold": _is_bold_line(ln)} for ln in lines],
            "tables": [(t.bbox[1], t.extract()) for t in page_tables]}


def _plumber_page(found: dict, page_no: int, blocks: list[Block], tables: list[Table], running: set[str]) -> None:
    """Text lines and ruled tables of one page (:func:`_plumber_extract`), in reading order."""
    lines = _drop_running(found["lines"], found["height"], running)
    items: list[tuple[float, str, object]] = [(ln["top"], "line", ln) for ln in lines]
    items += [(top, "table", rows) for top, rows in found["tables"]]
    items.sort(key=lambda it: it[0])
    pending: list[dict] = []
    for position, (_, kind, payload) in enumerate(items):
        if kind == "line":
            pending.append(payload)
            continue
        blocks.extend(_join_pdf_lines(pending, page_no))
        pending = []
        rows = [[_clean(_PDF_CELL_BREAK.sub("", c or "")) for c in row] for row in payload]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        merged = {i for i, r in enumerate(rows) if len(r) > 1 and all(not c for c in r[1:])}
        prev = tables[-1] if tables else None
        if table_join.continues(prev, rows, page_no, blocks, position == 0):  # a table split across pages
            table_join.append_continuation(prev, rows, merged, page_no, blocks)
        else:
            table = _table(len(tables) + 1, rows, merged, page_no)
            tables.append(table)
            blocks.extend(table.blocks)
    blocks.extend(_join_pdf_lines(pending, page_no))


def _plumber_pages(path: Path, page_numbers: list[int]) -> dict[int, dict | None]:
    """:func:`_plumber_extract` of the given pages (None for a page pdfplumber cannot read)."""
    if not page_numbers:
        return {}
    import pdfplumber

    found: dict[int, dict | None] = dict.fromkeys(page_numbers)
    try:
        plumber = pdfplumber.open(str(path))
    except Exception:  # noqa: BLE001 - pdfplumber cannot read the file: the pages' text stays, without tables
        return found
    with plumber:
        for page_no in page_numbers:
            with contextlib.suppress(Exception):  # pdfplumber cannot read this page: its text stays
                found[page_no] = _plumber_extract(plumber.pages[page_no - 1])
    return found


# --------------------------------------------------------------------------- txt


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, a legacy Vietnamese 8-bit encoding
    (TCVN3, VNI: detected from the characters), else Windows-1258. Text typed in a legacy font and saved as
    Unicode is converted too; text that stays unreadable is refused, never reviewed as mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            legacy = decode_legacy_bytes(data)
            if legacy is not None:
                return legacy[0]
            try:
                text = data.decode("cp1258")  # composed by normalize_text, line by line
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"Không nhận ra bảng mã của tệp văn bản (hãy lưu lại dạng UTF-8): {name}",
                    f"Unknown text encoding (save the file as UTF-8): {name}",
                ) from exc
    encoding = detect_by_content(text)
    if encoding is not None:
        from pipeline.ingest.legacy_fonts import convert

        text = convert(text, encoding)
    if looks_like_mojibake(text):
        raise _refuse_mojibake(name)
    return text


_LIST_MARKER_CELL = re.compile(r"(?:[IVXivx]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]?|[-•+*–○▪●◦]")


def _txt_cells(raw: str) -> list[str] | None:
    """The cells of a table row in plain text, or None: Markdown-style "| a | b |" rows, or a row as Word's
    "Plain Text" saves a table — cells separated by tabs (two cells or more with text)."""
    line = raw.strip()
    if line.startswith("|") or line.count(" | ") >= 2:
        return [_clean(c) for c in line.strip("|").split("|")]
    if "\t" in line:
        cells = [_clean(c) for c in raw.rstrip("\r\n").split("\t")]
        filled = [c for c in cells if c]
        if len(filled) == 2 and _LIST_MARKER_CELL.fullmatch(filled[0]):
            return None  # Word saves a numbered or bulleted paragraph as "1.<tab>text"
        if len(filled) >= 2:
            return cells
    return None


def _is_group_line(line: str) -> bool:
    """A line between two tab-separated rows that is a merged row of the table ("I. Chính quyền số")."""
    return 0 < len(line.split()) <= 12 and not line.endswith((".", ";", ":"))


def parse_txt(path: Path) -> ParsedDocument:
    """Plain text: one paragraph per line; table rows (" | " or tab separated, as Word saves tables) form
    tables, and a short line between two tab-separated rows is a merged row of the same table."""
    text = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise InputError(f"Tệp không phải văn bản thuần: {path.name}", f"Not a plain-text file: {path.name}")
    blocks: list[Block] = []
    tables: list[Table] = []
    table_rows: list[list[str]] = []
    merged_lines: set[int] = set()

    def flush_table() -> None:
        if table_rows:
            width = max(len(r) for r in table_rows)
            rows = [r + [""] * (width - len(r)) for r in table_rows]
            table = _table(len(tables) + 1, rows, set(merged_lines))
            table.merged_rows |= {i for i, r in enumerate(table_rows) if len(set(filter(None, r))) == 1
                                  and len(r) > 1 and r.count(r[0]) == len(r)}
            tables.append(table)
            blocks.extend(table.blocks)
            table_rows.clear()
            merged_lines.clear()

    lines = text.splitlines()
    for n, raw in enumerate(lines):
        cells = _txt_cells(raw)
        if cells is not None:
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue  # markdown separator row
            table_rows.append(cells)
            continue
        line = _clean(raw)
        if table_rows and line and _is_group_line(line):
            following = next((x for x in lines[n + 1:] if x.strip()), "")
            if "\t" in following and _txt_cells(following) is not None:
                merged_lines.add(len(table_rows))
                table_rows.append([line])
                continue
        flush_table()
        if line:
            blocks.append(_text_block(line))
    flush_table()
    _number_blocks(blocks)
    return ParsedDocument(str(path), "txt", blocks, tables)
