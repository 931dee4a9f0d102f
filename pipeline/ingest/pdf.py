"""A PDF draft read into blocks and tables: the text layer with pdfium, running headers and footers left out,
ruled tables with pdf_tables (pdfplumber only for pages it declines), pages without text through OCR.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.forked import ForkedCall, stopped_on_failure
from pipeline.core.model import Block, ParsedDocument, Table
from pipeline.core.textnorm import normalize_text
from pipeline.ingest import pdf_tables, table_join
from pipeline.ingest.blocks import PDF_CELL_BREAK, clean_text, is_bold_line, join_pdf_lines, number_blocks


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


def _pdfium_lines(page, textpage=None) -> list[dict]:
    """Text lines of a page, read with pdfium (fast): text, box and boldness."""
    import ctypes

    import pypdfium2.raw as raw
    from pypdfium2 import PdfiumError

    height = page.get_height()
    textpage = textpage if textpage is not None else page.get_textpage()
    lines = []
    font = ctypes.create_string_buffer(128)  # (its length: 128, passed below)
    flags = ctypes.c_int()
    api = _line_api()
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value if api else textpage.raw
    get_rect, index_at, font_info, font_weight = api or (
        raw.FPDFText_GetRect, raw.FPDFText_GetCharIndexAtPos, raw.FPDFText_GetFontInfo,
        raw.FPDFText_GetFontWeight)  # (pypdfium2's own: the same answers, slower)
    left_, top_, right_, bottom_ = (ctypes.c_double() for _ in range(4))
    rects = []
    for r in range(textpage.count_rects()):
        if not get_rect(handle, r, left_, top_, right_, bottom_):
            raise PdfiumError("Failed to get rectangle. (Make sure count_rects() was called with default params once "
                              "before subsequent get_rect() calls.)")
        rects.append((left_.value, bottom_.value, right_.value, top_.value))
    # each rect is a run of consecutive characters: its first character is the one at its left edge
    firsts = []
    for left, bottom, _right, top in rects:
        index = index_at(handle, left + 1, (bottom + top) / 2, 3, 3)
        if index < -1:  # (-3: pdfium's error; as pypdfium2's get_index)
            raise PdfiumError("An error occurred on attempt to get char index by pos.")
        firsts.append(None if index == -1 else index)
    page_text = textpage.get_text_range()
    followings = [*firsts[1:], len(page_text)]
    for (left, bottom, right, top), index, following in zip(rects, firsts, followings):
        # index: None where no character is near
        text = _rect_text(page_text, index, following)
        if text is None:  # not a plain run: ask pdfium for the characters inside the rect (slower, ~0.1 ms)
            text = textpage.get_text_bounded(left, bottom, right, top)
        if not text.strip():
            continue
        bold = False
        if index is not None and index >= 0:
            font_info(handle, index, font, 128, flags)
            bold = b"bold" in font.value.lower() or font_weight(handle, index) >= 600
        line = {"text": text.replace("\r", " ").replace("\n", " "), "x0": left, "x1": right,
                "top": height - top, "bottom": height - bottom, "bold": bold}
        if lines and _same_line(lines[-1], line):
            _extend(lines[-1], line)
        else:
            lines.append(line)
    return lines


@functools.lru_cache(maxsize=1)
def _line_api() -> tuple | None:
    """pdfium's calls of :func:`_pdfium_lines` by address (:func:`pdf_tables.text_page_call`): a text rect, the
    character at a point, font name, font weight. None where ctypes cannot take pypdfium2's functions by
    address."""
    import ctypes

    import pypdfium2.raw as raw

    typed = pdf_tables.text_page_call
    number, real = ctypes.c_int, ctypes.c_double
    reals = ctypes.POINTER(real)
    with contextlib.suppress(Exception):
        return (typed(raw.FPDFText_GetRect, number, number, reals, reals, reals, reals),
                typed(raw.FPDFText_GetCharIndexAtPos, number, real, real, real, real),
                typed(raw.FPDFText_GetFontInfo, ctypes.c_ulong, number, ctypes.c_void_p, ctypes.c_ulong,
                      ctypes.POINTER(number)),
                typed(raw.FPDFText_GetFontWeight, number, number))
    return None


SAME_LINE_GAP = 6.0  # points: runs of one line (a style change, a raised footnote mark) lie this close


def _same_line(prev: dict, cur: dict) -> bool:
    """Is ``cur`` the next run of ``prev``'s line — just right of it and overlapping it vertically (a bold word,
    a footnote mark raised above "55%")? Two columns of a header are far apart and stay two lines."""
    overlap = min(prev["bottom"], cur["bottom"]) - max(prev["top"], cur["top"])
    shorter = min(prev["bottom"] - prev["top"], cur["bottom"] - cur["top"])
    return (shorter > 0 and overlap > 0.4 * shorter and prev["x1"] - 2 <= cur["x0"] <= prev["x1"] + SAME_LINE_GAP)


def _extend(prev: dict, cur: dict) -> None:
    gap = cur["x0"] - prev["x1"]
    # a raised, smaller run is a mark glued to what it follows ("55%¹"); other runs are words apart
    raised = (cur["bottom"] - cur["top"] < 0.75 * (prev["bottom"] - prev["top"])
              and cur["bottom"] < prev["bottom"] - 1)
    spaced = prev["text"].endswith(" ") or cur["text"].startswith(" ")
    joiner = "" if raised or spaced or gap <= 0.3 or cur["text"][:1] in ";,.:)" else " "
    prev["text"] += joiner + cur["text"]
    prev["x1"] = cur["x1"]
    prev["top"], prev["bottom"] = min(prev["top"], cur["top"]), max(prev["bottom"], cur["bottom"])
    prev["bold"] = prev["bold"] and cur["bold"]


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
    """``text`` (normalised) with its digits masked, lower case."""
    return re.sub(r"\d+", "#", text.lower())


def _line_text(line: dict) -> str:
    """A line's text normalised (a line read by :func:`_read_pages` is already: "clean")."""
    return line["text"] if line.get("clean") else normalize_text(line["text"])


def _running_lines(pages: list[tuple[list[dict], float]]) -> set[str]:
    """Texts (digits masked) that stand in the top or bottom margin of several pages: running headers and
    footers of a Word export ("Kế hoạch chuyển đổi số huyện … năm 2023", "Trang 3/12")."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for lines, height in pages:
        counts.update({_running_key(_line_text(ln)) for ln in lines if _in_margin(ln, height)})
    needed = max(2, int(0.3 * len(pages)))
    return {key for key, n in counts.items() if n >= needed}


def _drop_running(lines: list[dict], height: float, running: set[str]) -> list[dict]:
    """A page's lines less its running header, footer and page number."""
    def running_line(ln: dict) -> bool:
        if not _in_margin(ln, height):
            return False
        text = _line_text(ln)
        return bool(_PAGE_NUMBER.match(text)) or _running_key(text) in running

    return [ln for ln in lines if not running_line(ln)]


def parse_pdf(path: Path, parallel: bool = False,
              progress: Callable[[int, int, str], None] | None = None) -> ParsedDocument:
    """Pages are read with pdfium: their text lines, and on pages with drawings the ruled tables
    (pdf_tables.py; pdfplumber, 10–30 times slower, for a page pdfium's reading cannot stand in for).
    Running headers, footers and page numbers are left out, so that paragraphs and tables run on across pages.
    ``progress`` is told (pages read, pages, "trang / page") as they are read, from :data:`PROGRESS_PAGES` pages
    (with a forked child reading every other page, this process's share stands for both)."""
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

        # every page loaded once: its text lines and, where it draws, its ruled tables (_read_pages); with
        # ``parallel`` and a long document, a forked child reads every other page while this process reads the rest
        numbers = list(range(1, page_count + 1))
        split = parallel and page_count >= FORK_PAGES
        side = ForkedCall(lambda wanted: _read_pages(path, wanted), use_fork=split)
        side.send(numbers[::2] if split else [])
        own = numbers[1::2] if split else numbers
        told = None
        if progress is not None and page_count >= PROGRESS_PAGES:
            def told(k: int) -> None:
                progress(page_count if k == len(own) else k * page_count // len(own), page_count, PAGES)
        with stopped_on_failure(side):
            read = _read_pages(path, own, document, progress=told)
        read.update(side.result())
        scanned = [n for n in numbers if read[n] is None]
        if scanned:
            recognised, ocr_summary = ocr.recognise_pdf(path, document, scanned)
            # a page taken for a scan that OCR did not give back is read as any other
            read.update(_read_pages(path, [n for n in scanned if n not in recognised], document, scan_test=False))
        text_lines = [(read[n][0], read[n][1]) if n not in recognised else ([], document[n - 1].get_height())
                      for n in numbers]
        running = _running_lines(text_lines)
        ruled = {n: read[n][2] for n in numbers if n not in recognised and read[n][2] is not _NO_DRAWING}
        ruled.update(_plumber_pages(path, [n for n, found in ruled.items() if found is None]))
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
            blocks.extend(join_pdf_lines(_drop_running(lines, height, running), page_no))
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
    number_blocks(blocks)
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


PAGES = "trang / page"
PROGRESS_PAGES = 40  # a PDF this long reports its pages as they are read (the CLI's "trang N/M")
FORK_PAGES = 24  # from this many pages a forked child reads every other page (≈ 2–10 ms a page)
_NO_DRAWING = "no drawing"  # a page that draws no path: no ruled table


def _read_pages(path: Path, numbers: list[int], document=None, scan_test: bool = True,
                progress: Callable[[int], None] | None = None) -> dict[int, tuple | None]:
    """Each of these pages (1-based) loaded once: None for a scanned page (no text layer, an image: OCR reads
    it; with ``scan_test``), else (text lines, height, tables) — the tables what :func:`_pdfium_table_page`
    finds on a page with drawings (None: pdfium cannot read them, pdfplumber will), :data:`_NO_DRAWING` on a
    page without. ``document``: the open document, opened again when not given (a forked child reads the file
    on its own: pdfium's file position is not to be shared)."""
    from pipeline.ingest import ocr

    if not numbers:
        return {}
    own = document is None
    if own:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
    try:
        found: dict[int, tuple | None] = {}
        for n in numbers:
            page = document[n - 1]
            try:
                if scan_test and ocr.page_without_text(page):
                    found[n] = None
                    continue
                textpage = page.get_textpage()
                try:
                    lines, height = _pdfium_lines(page, textpage), page.get_height()
                    tables = (_pdfium_table_page(page, (lines, height), textpage) if pdf_tables.has_paths(page)
                              else _NO_DRAWING)
                    # the lines the blocks are made of (those outside the tables) normalised here
                    _clean_lines(tables["lines"] if isinstance(tables, dict) else lines if tables else [])
                finally:
                    textpage.close()
                found[n] = (lines, height, tables)
            finally:
                page.close()
            if progress is not None:
                progress(len(found))
        return found
    finally:
        if own:
            document.close()


def _clean_lines(lines: list[dict]) -> None:
    """The lines' texts normalised, each line marked "clean" (done where the page is read: in a forked child for
    every other page of a long document, rather than after the reading, here)."""
    for line in lines:
        line["text"], line["clean"] = normalize_text(line["text"]), True


def _clean_rows(rows: list[list[str | None]]) -> list[list[str]]:
    """A table's raw rows as cell texts: a number broken over two lines of a narrow cell joined, normalised."""
    return [[clean_text(PDF_CELL_BREAK.sub("", c or "")) for c in row] for row in rows]


def _pdfium_table_page(page, text: tuple[list[dict], float], textpage=None) -> dict | None:
    """What :func:`_plumber_extract` finds on a page, read with pdfium: the page's text lines (``text``, from
    :func:`_pdfium_lines`) outside its ruled tables, and each table's top and raw rows. None when pdfium's
    reading cannot stand in for pdfplumber's on this page (see :func:`pdf_tables.can_read`) or fails."""
    try:
        if not pdf_tables.can_read(page):
            return None
        found = pdf_tables.page_tables(page, textpage)
    except Exception:  # noqa: BLE001 - pdfplumber reads the page instead
        return None
    lines, height = text

    def outside(line: dict) -> bool:
        middle_x, middle_y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        return not any(t.bbox[0] <= middle_x <= t.bbox[2] and t.bbox[1] <= middle_y <= t.bbox[3] for t in found)

    return {"height": height, "lines": [ln for ln in lines if outside(ln)], "clean": True,  # (rows: _clean_rows)
            "tables": [(t.bbox[1], _clean_rows(pdf_tables.fill_merged_down(t.rows, t.merged_down)), t.merged_down)
                       for t in found]}


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
            "lines": [{**{k: ln[k] for k in keep if k in ln}, "bold": is_bold_line(ln)} for ln in lines],
            "tables": [(t.bbox[1], t.extract(), {}) for t in page_tables]}


def _plumber_page(found: dict, page_no: int, blocks: list[Block], tables: list[Table], running: set[str]) -> None:
    """Text lines and ruled tables of one page (:func:`_plumber_extract`), in reading order."""
    lines = _drop_running(found["lines"], found["height"], running)
    items: list[tuple[float, str, object]] = [(ln["top"], "line", ln) for ln in lines]
    items += [(top, "table", (rows, merged_down)) for top, rows, merged_down in found["tables"]]
    items.sort(key=lambda it: it[0])
    pending: list[dict] = []
    for position, (_, kind, payload) in enumerate(items):
        if kind == "line":
            pending.append(payload)
            continue
        blocks.extend(join_pdf_lines(pending, page_no))
        pending = []
        raw, merged_down = payload
        rows = raw if found.get("clean") else _clean_rows(raw)
        table_join.add_table(tables, blocks, rows, merged_down, page_no, position == 0)
    blocks.extend(join_pdf_lines(pending, page_no))


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
