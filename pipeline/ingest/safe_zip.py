"""Archive limits: refuse a decompression bomb before any library expands it.

A .docx is a zip package; python-docx/lxml read each XML part whole, so a 2 MB file whose parts expand to
2 GiB takes gigabytes of memory. :func:`check_package` reads only the zip's central directory (the declared
uncompressed size of every member; Python's zipfile never returns more than the declared size) and refuses:

* more than ``MAX_MEMBERS`` members,
* a total uncompressed size above ``EXPANSION`` × the size limit (``--max-size-mb``; 20 × 50 MB = 1 GB),
* a member larger than ``RATIO_MIN_BYTES`` that expands more than ``MAX_RATIO`` times (deflate bombs expand
  ~1000×; real Word XML ~5-30×, images ~1×).

A PDF's compressed streams (FlateDecode) are inflated in bounded chunks, without keeping the output, and the
same limits apply (image streams are skipped: reading text and tables never decodes them).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from pipeline.core.errors import InputError

EXPANSION = 20  # total uncompressed size allowed, as a multiple of the file size limit
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_MIN_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CHUNK = 1 << 20


def _refuse(name: str, what_vi: str, what_en: str) -> InputError:
    return InputError(f"Tệp có dấu hiệu 'bom nén' ({what_vi}), từ chối đọc để bảo vệ máy: {name}",
                      f"Refused as a decompression bomb ({what_en}): {name}")


def _mb(n: int) -> str:
    return f"{n / 1048576:,.0f} MB"


def check_package(path: Path, max_bytes: int | None = None) -> None:
    """Refuse a .docx/.xlsx/.pdf whose content expands past the limits; other files pass untouched."""
    suffix = path.suffix.lower()
    limit = EXPANSION * (max_bytes or DEFAULT_MAX_BYTES)
    if suffix in (".docx", ".xlsx", ".docm", ".pptx", ".ods", ".odt") and zipfile.is_zipfile(path):
        check_zip(path, limit)
    elif suffix == ".pdf":
        check_pdf_streams(path, limit)


def check_zip(path: Path, limit: int) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the parser reports a broken package with its own message
    if len(members) > MAX_MEMBERS:
        raise _refuse(path.name, f"{len(members)} thành phần", f"{len(members)} members")
    total = 0
    for info in members:
        total += info.file_size
        if total > limit:
            raise _refuse(path.name, f"giải nén ra hơn {_mb(limit)}, giới hạn = {EXPANSION} × --max-size-mb",
                          f"expands to more than {_mb(limit)}, limit = {EXPANSION} × --max-size-mb")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(path.name, f"{info.filename} nén {info.file_size // max(info.compress_size, 1)} lần",
                          f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)}×")


_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(path: Path, limit: int) -> None:
    """Inflate every FlateDecode stream that is not an image, counting bytes, keeping none."""
    data = path.read_bytes()
    total = 0
    for m in _STREAM.finditer(data):
        start = m.start()
        if start >= 3 and data[start - 3:start] == b"end":
            continue
        header = data[max(0, start - 1024):start]
        obj = header.rfind(b"obj")
        header = header[obj:] if obj >= 0 else header
        if b"/FlateDecode" not in header and b"/Fl " not in header and b"/Fl]" not in header:
            continue
        if b"/Image" in header:
            continue
        inflater = zlib.decompressobj()
        pos, out, compressed = m.end(), 0, 0
        try:
            while pos < len(data) and not inflater.eof:
                chunk = data[pos:pos + 65536]
                pos += len(chunk)
                compressed += len(chunk)
                buf = chunk
                while buf:
                    piece = inflater.decompress(buf, _CHUNK)
                    out += len(piece)
                    buf = inflater.unconsumed_tail
                    if out > RATIO_MIN_BYTES and out > MAX_RATIO * compressed:
                        raise _refuse(path.name, f"một luồng PDF nén hơn {MAX_RATIO} lần",
                                      f"a PDF stream is compressed more than {MAX_RATIO}×")
                    if total + out > limit:
                        raise _refuse(path.name, f"giải nén ra hơn {_mb(limit)}, giới hạn = {EXPANSION} × "
                                      "--max-size-mb", f"expands to more than {_mb(limit)}, limit = "
                                      f"{EXPANSION} × --max-size-mb")
                    if inflater.eof:
                        break
        except zlib.error:
            pass  # a damaged stream: the PDF libraries decide
        total += out
