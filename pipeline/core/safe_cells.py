"""Text taken from a draft, made safe for the places it is written to.

* CSV (tasks.csv, summary.csv, shared_passages.csv): a cell beginning with ``= + - @``, a tab or a carriage
  return is prefixed with a single quote, as the OWASP CSV-injection guidance says, so a spreadsheet
  program opening the file shows the text instead of running it as a formula (``=HYPERLINK(...)``,
  ``=cmd|...`` DDE payloads).
* xlsx: a spreadsheet writer may store a string beginning with ``=`` as a formula; :func:`xlsx_cell` always
  writes draft text as a (shared) string cell.
* Markdown (memo.md): raw HTML and link syntax from the draft are escaped (:func:`markdown_text`).
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")
_JAVASCRIPT = re.compile(r"(?i)\b(java|vb)script\s*:")
# what CommonMark would read as raw HTML or an autolink after "<": a tag or closing tag (a name, then a space,
# "/>", ">" or the end), a comment / declaration / processing instruction, "<scheme:"
_HTML_START = re.compile(r"<(?=/|!|\?|[A-Za-z][A-Za-z0-9-]*(?:\s|/?>|$)|[A-Za-z][A-Za-z0-9+.-]{1,31}:)")


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet program will evaluate (numbers, including negative ones, stay numbers)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _NUMBER.match(value):
        return value
    return "'" + value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def xlsx_cell(ws, row: int, column: int, value: Any, style=None) -> None:
    """Write ``value`` into an XlsxWriter sheet at (``row``, ``column``), both 0-based: strings as string cells
    (never formulas, URLs or numbers), numbers as numbers, None or "" as an empty cell (kept when it has a style)."""
    if value is None or value == "":
        ws.write_blank(row, column, None, style)
    elif isinstance(value, str):
        ws.write_string(row, column, value, style)
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, style)
    elif isinstance(value, (int, float)):
        ws.write_number(row, column, value, style)
    else:
        ws.write_string(row, column, str(value), style)


def markdown_text(value: Any) -> Any:
    """Jinja ``finalize`` for Markdown templates: no HTML tags, links or images come from the draft's text.
    Only what Markdown would execute is escaped, with a backslash (a reader of the plain text sees no
    entities): "<" opening a tag or an autolink, "[" / "]" of a link; "Mục I > 2" and "<số>" stay as written."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = _HTML_START.sub(r"\\<", str(value))
    text = text.replace("[", "\\[").replace("]", "\\]")
    return _JAVASCRIPT.sub(lambda m: m.group(1) + "script&#58;", text)
