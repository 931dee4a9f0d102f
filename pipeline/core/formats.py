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
