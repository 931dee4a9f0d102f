"""The one list of file types a draft may come in — read by the parser, the CLI, batch, the corpus and the
web page's upload picker, so that none of them accepts less (or more) than the others."""

from __future__ import annotations

TEXT_SUFFIXES = (".docx", ".pdf", ".txt")  # read directly
WORKBOOK_SUFFIXES = (".xlsx",)  # an appendix in Excel, read as tables (xlsx.py)
CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")  # through LibreOffice headless (convert.py)
CONVERTED_WORKBOOKS = (".xls", ".ods")  # through LibreOffice Calc to .xlsx (convert.py)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans and photos through Tesseract (ocr.py)
SUPPORTED = TEXT_SUFFIXES + WORKBOOK_SUFFIXES + CONVERTED_SUFFIXES + CONVERTED_WORKBOOKS + IMAGE_SUFFIXES


def accept_attribute() -> str:
    """The ``accept`` attribute of an HTML file input: ``.docx,.pdf,…``."""
    return ",".join(SUPPORTED)


def listed() -> str:
    """The suffixes for a message: ``.docx, .pdf, .txt, .doc, …``."""
    return ", ".join(SUPPORTED)


# what a file's first bytes say it is (a PDF named .docx, a .docx named .doc …): suffix → its name in a message
CONTENT_NAMES = {".pdf": ("PDF", "PDF"), ".docx": ("Word .docx", "Word .docx"), ".doc": ("Word .doc", "Word .doc"),
                 ".odt": ("OpenDocument .odt", "OpenDocument .odt"), ".rtf": ("RTF", "RTF"),
                 ".png": ("ảnh PNG", "PNG image"), ".jpg": ("ảnh JPEG", "JPEG image"),
                 ".tif": ("ảnh TIFF", "TIFF image"),
                 ".xlsx": ("bảng tính Excel .xlsx", "Excel .xlsx workbook"),
                 ".ods": ("bảng tính OpenDocument .ods", "OpenDocument .ods spreadsheet"),
                 ".zip": ("tệp nén .zip", ".zip archive")}
_SAME = {".jpeg": ".jpg", ".tiff": ".tif"}


def content_suffix(path) -> str | None:
    """The suffix the file's content really has, from its first bytes (and a zip package's part names), or
    None when the bytes say nothing (plain text) — read without trusting the file's name."""
    import zipfile

    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    if head.startswith(b"\x89PNG"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return ".tif"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"  # an OLE container: an old .doc (or a password-protected .docx)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist()[:2000])
                mimetype = z.read("mimetype")[:80] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        if "word/document.xml" in names:
            return ".docx"
        if "xl/workbook.xml" in names:
            return ".xlsx"
        if b"opendocument.text" in mimetype:
            return ".odt"
        if b"opendocument.spreadsheet" in mimetype:
            return ".ods"
        return ".zip"
    return None


def same_kind(a: str, b: str) -> bool:
    """Two suffixes naming the same kind of file (.jpeg and .jpg)."""
    return _SAME.get(a, a) == _SAME.get(b, b)
