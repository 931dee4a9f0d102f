"""A table that runs on over a page break is one table — for PDF pages read from their text layer
(ingest/pdf.py) and for recognised scans (ocr.py) alike.

The continuation is the first thing on its page, has as many columns as the table before it, and the
table ended the previous page. Its repeated header (one to three rows, as Word, LibreOffice and reportlab
repeat them, and the row of column numbers under them) is dropped, a row broken by the page (its number cell
empty) is joined to the row above, and a merged owner or source cell cut by the page gives its name to the
task rows it covers on the new page.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.model import Block, Table
from pipeline.core.textnorm import fold
from pipeline.ingest.blocks import make_table

SameRow = Callable[[list[str], list[str]], bool]
MAX_HEADER_ROWS = 4  # a three-row header and its row of column numbers


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


def _is_data_row(row: list[str]) -> bool:
    """A task's row: a short number cell ("3", "12"; a scan may read "b)" for "3"), then two cells or more with
    words (the task, its owner …); a group or total row names only itself."""
    return (bool(row) and len(row[0].strip()) <= 4
            and sum(1 for c in row[1:] if sum(ch.isalpha() for ch in c) >= 3) >= 2)


def data_merge_columns(rows: list[list[str]], covered: dict[tuple[int, int], int]) -> set[int]:
    """Columns where a data row's cell is merged down over the rows below (``covered``: position → the row of
    the merged cell)."""
    return {c for (_r, c), top in covered.items() if _is_data_row(rows[top])}


def carry_split_cells(prev: Table, rows: list[list[str]], covered: dict[tuple[int, int], int],
                      columns: set[int], same_row: SameRow = exact_row) -> None:
    """A merged cell cut by the page break prints its text on the first page only: the continuation's first
    task row shows an empty cell where the cell above it, in a column whose cells the table merges over several
    tasks, holds a name. That name is given to the empty cell (and to the rows the cell covers below it)."""
    if not columns or not prev.rows:
        return
    k = repeated_header(prev, rows, same_row)
    while k < len(rows) - 1 and not _is_data_row(rows[k]) and all(len(c) <= 4 for c in rows[k]):
        k += 1  # the row of column numbers under the repeated header, as a scan reads it ("q)", "(2)" …)
    last = prev.rows[-1]
    if k >= len(rows) or not (_is_data_row(rows[k]) and _is_data_row(last)):
        return
    for c in (prev.merged_columns | columns):
        if c < len(rows[k]) and c < len(last) and not rows[k][c] and any(ch.isalpha() for ch in last[c]):
            rows[k][c] = last[c]
            for (r, col), top in covered.items():
                if col == c and top == k and not rows[r][c]:
                    rows[r][c] = last[c]


def add_table(tables: list[Table], blocks: list[Block], rows: list[list[str]], covered: dict[tuple[int, int], int],
              page_no: int, first_on_page: bool, same_row: SameRow = exact_row) -> None:
    """A table read on a page (its cells' texts; ``covered``: positions a cell merged down from the row above
    covers, to the row it starts in) as a new table, or as the continuation of the previous page's table. A cell
    merged down gives its text to each row it spans (as Word's reader gives a vertically merged cell)."""
    kept = [i for i, row in enumerate(rows) if any(row)]
    if not kept:
        return
    index = {old: new for new, old in enumerate(kept)}
    rows = [list(rows[i]) for i in kept]
    covered = {(index[r], c): index[top] for (r, c), top in covered.items() if r in index and top in index}
    for (r, c), top in sorted(covered.items()):
        if c < len(rows[r]) and not rows[r][c]:
            rows[r][c] = rows[top][c]
    merged_columns = data_merge_columns(rows, covered)
    merged = {i for i, r in enumerate(rows) if len(r) > 1 and all(not c for c in r[1:])}
    prev = tables[-1] if tables else None
    if continues(prev, rows, page_no, blocks, first_on_page):  # a table split across pages
        carry_split_cells(prev, rows, covered, merged_columns, same_row)
        append_continuation(prev, rows, merged, page_no, blocks, same_row)
        prev.merged_columns |= merged_columns
    else:
        table = make_table(len(tables) + 1, rows, merged, page_no)
        table.merged_columns = merged_columns
        tables.append(table)
        blocks.extend(table.blocks)


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
