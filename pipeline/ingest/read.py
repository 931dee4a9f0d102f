"""Read a draft of any supported format into blocks (headings, paragraphs, table rows) with locations.

:func:`parse_file` checks the file (exists, size, type, password, bombs) and hands it to the reader of its
format: docx.py, pdf.py, txt.py, convert.py (.doc/.rtf/.odt through LibreOffice) or ocr.py (scans). Every
reader returns a :class:`ParsedDocument`; every unusable input raises :class:`InputError` with a one-line
message in Vietnamese and English.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.formats import (
    CONTENT_NAMES,
    CONVERTED_SUFFIXES,
    CONVERTED_WORKBOOKS,
    IMAGE_SUFFIXES,
    SUPPORTED,
    content_suffix,
    same_kind,
)
from pipeline.core.model import ParsedDocument
from pipeline.ingest.blocks import refuse_mojibake
from pipeline.ingest.legacy_fonts import (
    looks_like_mojibake,
)
from pipeline.ingest.safe_zip import check_package
from pipeline.ingest.txt import parse_txt


def parse_file(path: str | Path, max_bytes: int | None = None, parallel: bool = False,
               progress: Callable[[int, int, str], None] | None = None) -> ParsedDocument:
    """Parse a draft by its extension; raise InputError for anything that cannot be reviewed. ``parallel``: a
    long PDF's pages are read on two cores; ``progress``: told (parts read, parts, their name) as a long PDF's
    pages or a long .docx's paragraphs and rows are read (:func:`parse_pdf`, :func:`parse_docx`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp: {path}", f"File not found: {path}")
    if path.is_dir():
        raise InputError(f"Đây là thư mục, không phải tệp: {path}", f"This is a folder, not a file: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f"Định dạng '{suffix or 'không có đuôi'}' không được hỗ trợ (chỉ .docx, .pdf, .txt, .doc, .rtf, .odt, "
            f"sổ tính .xlsx/.xls/.ods, ảnh .png/.jpg/.tif): {path.name}",
            f"Unsupported file type '{suffix or 'none'}' (use .docx, .pdf, .txt, .doc, .rtf, .odt, a .xlsx/.xls/.ods "
            f"workbook or a .png/.jpg/.tif image): {path.name}",
        )
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"Tệp rỗng (0 byte): {path.name}", f"Empty file (0 bytes): {path.name}")
    if max_bytes is not None and size > max_bytes:
        sizes = f"{size / 1048576:.1f} MB > {max_bytes / 1048576:.0f} MB"
        raise InputError(f"Tệp quá lớn ({sizes}; đổi bằng --max-size-mb): {path.name}",
                         f"File too large ({sizes}; see --max-size-mb): {path.name}")
    suffix, format_note = _by_content(path, suffix)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix in (".docx", ".xlsx"):
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
    elif suffix in CONVERTED_WORKBOOKS + (".xlsx",):  # issue 36: a workbook's sheets as tables (xlsx.py)
        from pipeline.ingest.convert import parse_converted_workbook
        from pipeline.ingest.xlsx import parse_xlsx

        doc = parse_xlsx(path) if suffix == ".xlsx" else parse_converted_workbook(path)
    elif suffix == ".pdf":  # (each format's reader, with its library, loads for its own format)
        from pipeline.ingest.pdf import parse_pdf

        doc = parse_pdf(path, parallel, progress)
    elif suffix == ".docx":
        from pipeline.ingest.docx import parse_docx

        doc = parse_docx(path, progress)
    else:
        doc = {".txt": parse_txt}[suffix](path)
    if suffix != ".txt" and len(doc.blocks) >= LARGE_DOCUMENT_BLOCKS:
        return_freed_memory()
    doc.format_note = format_note
    if not any(b.text.strip() for b in doc.blocks):
        raise InputError(
            f"Tài liệu không có nội dung văn bản: {path.name}", f"The document contains no text: {path.name}"
        )
    if looks_like_mojibake(" ".join(b.text for b in doc.blocks[:400])):
        raise refuse_mojibake(path.name)
    return doc


LARGE_DOCUMENT_BLOCKS = 2000  # from this many blocks (≈ 80 pages) the reader's memory is handed back at once


def return_freed_memory() -> None:
    """Free the reader's XML tree now and give its memory back to the system. python-docx's package and its
    parts refer to each other, so the tree (≈ 20 bytes of memory per byte of document.xml: 300 MiB for a
    20,000-task .docx) lives until the cyclic collector runs — which the CLI pauses from the end of parsing
    (apps/collector.py): the whole review and every forked writer would carry it. One full collection frees
    it; lxml's many small C allocations then stay in glibc's heap unless ``malloc_trim`` (glibc; elsewhere
    nothing happens) returns them. A 20,000-task .docx: 320 → 121 MiB resident after parsing."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).malloc_trim(0)


def _by_content(path: Path, suffix: str) -> tuple[str, str]:
    """(the suffix to read the file by, a note for the memo): a file whose bytes are another supported format
    than its name says (a PDF named .docx, a .docx saved as .doc) is read by what it is, with a note; one that
    is something unsupported is refused naming what it is. An OLE container named .docx keeps its own message
    below (a password or an old .doc)."""
    actual = content_suffix(path)
    if actual is None or same_kind(actual, suffix):
        return suffix, ""
    if actual == ".doc" and suffix in (".docx", ".xls", ".xlsx"):
        return suffix, ""  # an OLE container is a .doc, an .xls or an encrypted package: its reader tells
    if actual == ".zip" and suffix in (".docx", ".odt", ".xlsx", ".ods"):
        return suffix, ""  # a package without its main part: the format's own reader says it is damaged
    vi, en = CONTENT_NAMES[actual]
    if actual not in SUPPORTED:
        raise InputError(f"Tệp mang đuôi {suffix} nhưng nội dung là {vi}, không rà soát được: {path.name}",
                         f"The file is named {suffix} but its content is a {en}, which cannot be reviewed: "
                         f"{path.name}")
    return actual, f"tệp mang đuôi {suffix} nhưng nội dung là {vi}: đã đọc theo nội dung thật"
