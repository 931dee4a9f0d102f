"""A table that runs on over a page break is one table — for PDF pages read from their text layer
(ingest/pdf.py) and for recognised scans (ocr.py) alike.

The continuation is the first thing on its page, has as many columns as the table before it, and the
table ended the previous page. Its repeated header (one row or two, as Word and reportlab repeat
them) is dropped, and a row broken by the page (its number cell empty) is joined to the row above.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.model import Block, Table
from pipeline.core.textnorm import fold
from pipeline.ingest.blocks import make_table

SameRow = Callable[[list[str], list[str]], bool]
MAX_HEADER_ROWS = 3


def exact_row(a: list[str], b: list[str]) -> bool:
    return a == b


def continues(prev: Table | None, rows: list[list[str]], page_no: int, blocks: list[Block],
              first_on_page: bool) -> bool:
    """``rows`` (the first thing on page ``page_no``) continue ``prev``, the table that ended the page before."""
    return (first_on_page and prev is not None and prev.blocks[-1].location.page == page_no - 1
            and len(prev.rows[0]) == len(rows[0]) and bool(blocks) and blocks[-1] is prev.blocks[-1])


def repeated_header(prev: Table, rows: list[list[str]], same_row: SameRow = exact_row) -> int:
    """How many rows at the top of ``rows`` repeat the first rows of ``prev`` (its header)."""
    k = 0
    while k < min(MAX_HEADER_ROWS, len(rows), len(prev.rows)) and same_row(rows[k], prev.rows[k]):
        k += 1
    return k


def _is_total(row: list[str]) -> bool:
    label = fold(next((c for c in row if c), ""))
    return label.startswith(("tong", "cong"))


def append_continuation(prev: Table, rows: list[list[str]], merged: set[int], page_no: int,
                        blocks: list[Block], same_row: SameRow = exact_row) -> None:
    """Append a table's continuation on the next page to ``prev`` (and its row blocks to ``blocks``),
    less the header the page repeats; a row broken by the page break — its first cell (the number)
    empty, the row above a numbered row — is joined to the row above."""

    k = repeated_header(prev, rows, same_row)
    rows = rows[k:]
    merged = {i - k for i in merged if i >= k}
    if (rows and not rows[0][0] and prev.rows[-1][0] and (len(prev.rows) - 1) not in prev.merged_rows
            and not _is_total(rows[0])):
        last = prev.rows[-1]
        prev.rows[-1] = [" ".join(filter(None, (a, b))) for a, b in zip(last, rows[0])]
        prev.blocks[-1].cells = prev.rows[-1]
        prev.blocks[-1].text = " | ".join(dict.fromkeys(c for c in prev.rows[-1] if c))
        rows = rows[1:]
        merged = {i - 1 for i in merged if i}
    if not rows:
        return
    extra = make_table(prev.index, rows, set(), page_no)
    for i, blk in enumerate(extra.blocks):
        blk.location.row = len(prev.rows) + i + 1
    prev.merged_rows |= {len(prev.rows) + i for i in merged}
    prev.rows.extend(rows)
    prev.blocks.extend(extra.blocks)
    blocks.extend(extra.blocks)
