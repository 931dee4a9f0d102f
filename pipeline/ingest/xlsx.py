"""An Excel workbook (.xlsx) read as the .docx reader reads a document: title lines, then tables.

A plan's appendix in Excel ("PHỤ LỤC I — DANH MỤC NHIỆM VỤ …") is a sheet with merged title rows, a
"ĐVT: triệu đồng" line above the header, a header of one or two rows, merged group rows with subtotals and a
"Tổng cộng" row. Each visible sheet gives, in order, a paragraph block per line above its table (the title,
"(Kèm theo Kế hoạch số …)", the unit) and the table itself as :func:`make_table` makes it for a .docx: a cell
merged across columns keeps its text in its first column ("" in the others), a cell merged down repeats its
text in every row it covers (python-docx's ``row.cells``), a row that is one merged cell is a merged row.

Values are what Excel stored: a formula by its cached value (a total typed over a formula is what the
reader sees), numbers as numbers (1500.0 → "1500"), dates as dd/mm/yyyy. Hidden sheets, rows and columns
are left out. Values and merged ranges come from python-calamine (Rust; ≈14× faster than openpyxl on a
20,000-row sheet, see docs/benchmarks.md); calamine does not say which rows and columns are hidden, so their
flags are read from the sheet's XML (``<row hidden="1">``, ``<col hidden="1">``). The package is checked for
bombs before (safe_zip.py) and a sheet whose used range exceeds ``MAX_CELLS`` is refused: a one-cell sheet
at XFD1048576 would otherwise be expanded to 17 billion cells.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.model import Block, Location, ParsedDocument, Table
from pipeline.ingest.blocks import clean_text, make_table, number_blocks, text_block

MAX_CELLS = 5_000_000  # cells of one sheet's used range (20,000 rows × 250 columns)
MAX_WORKBOOK_CELLS = 2 * MAX_CELLS  # of all the visible sheets together
_UNIT_NOTE = re.compile(r"^\(?\s*(?:ĐVT|Đơn vị tính|Đơn vị)\s*:", re.IGNORECASE)
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')  # a cell beyond column Z
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,7})"')
_HIDDEN = re.compile(rb'hidden="(?:1|true)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]{1,3}\d+:([A-Z]{1,3})\d+"')


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object, cache: dict | None = None) -> str:
    """A cell's value as text, as Excel stored it (``cache``: texts already made; a task list repeats its units,
    sources and dates row after row)."""
    if cache is not None:
        text = cache.get(value)
        if text is None:
            text = cache[value] = cell_text(value)
        return text
    if isinstance(value, str):
        return clean_text(value) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return clean_text(str(value))


def _refuse_unreadable(name: str, detail: str = "") -> InputError:
    return InputError(f"Không đọc được sổ tính Excel (hỏng hoặc có mật khẩu?), hãy mở bằng Excel và lưu lại thành "
                      f".xlsx: {name}",
                      f"Cannot read the Excel workbook (corrupt or password-protected?); open it in Excel and save it "
                      f"as .xlsx: {name}" + (f" ({detail[:120]})" if detail else ""))


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def sheet_extent(xml: bytes) -> int:
    """An upper bound of the cells a reader expands the sheet to, (last row) × (last column), read from the
    cells' references before any library builds the sheet (calamine allocates the whole range). Byte searches,
    not a parse: a sheet beyond column Z is rare, so the columns are found letter by letter."""
    last = max(xml.rfind(b"<row"), xml.rfind(b":row "))
    rows = 0
    if last >= 0 and (m := _ROW_REF.match(xml, last if xml[last:last + 1] == b"<" else xml.rfind(b"<", 0, last))):
        rows = int(m.group(1))
    cols = max((_column_number(m) for m in _WIDE_REF.findall(xml)), default=0)
    if not cols:
        claimed = _DIMENSION.search(xml, 0, 2048)  # "A1:I20806": the claim is checked by one search past it
        if claimed and len(claimed.group(1)) == 1 and claimed.group(1) != b"Z":
            beyond = re.compile(rb' r="[' + bytes([claimed.group(1)[0] + 1]) + rb'-Z]\d')
            if beyond.search(xml) is None:
                return rows * _column_number(claimed.group(1))
        cols = next((ord(letter) - 64 for letter in "ZYXWVUTSRQPONMLKJIHGFEDCBA"
                     if xml.find(b' r="' + letter.encode()) >= 0), 0)
    return rows * cols


def hidden_flags(path: Path) -> dict[str, tuple[set[int], set[int], int]]:
    """Sheet name → (hidden rows, hidden columns, cells of its extent), 0-based, from each sheet's XML."""
    out: dict[str, tuple[set[int], set[int], int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            workbook = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
            targets = {}
            for attrs in re.findall(rb"<(?:\w+:)?Relationship\b([^>]*)>", rels):
                a = dict(_ATTR.findall(attrs))
                target = a.get(b"Target", b"").decode()
                targets[a.get(b"Id", b"").decode()] = (target.lstrip("/") if target.startswith("/")
                                                       else posixpath.normpath(posixpath.join("xl", target)))
            for attrs in re.findall(rb"<(?:\w+:)?sheet\b([^>]*)>", workbook):
                a = {k.split(b":")[-1]: v for k, v in re.findall(rb'([\w:]+)="([^"]*)"', attrs)}
                part = targets.get(a.get(b"id", b"").decode())
                if not part or part not in names:
                    continue
                xml = zf.read(part)
                rows, cols = _hidden_in(xml)
                name = a.get(b"name", b"").decode("utf-8", "replace")
                out[_xml_unescape(name)] = (rows, cols, sheet_extent(xml))
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return out


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


def _hidden_in(xml: bytes) -> tuple[set[int], set[int]]:
    rows: set[int] = set()
    cols: set[int] = set()
    head, _, _ = xml.partition(b"<sheetData")
    for attrs in _COL_TAG.findall(head):
        a = dict(_ATTR.findall(attrs))
        if a.get(b"hidden") in (b"1", b"true") and a.get(b"min") and a.get(b"max"):
            lo, hi = int(a[b"min"]), min(int(a[b"max"]), 16384)
            cols.update(range(lo - 1, hi))
    for m in _HIDDEN.finditer(xml, len(head)):  # few rows are hidden: find the flags, then their row tags
        tag = _ROW_REF.match(xml, xml.rfind(b"<", 0, m.start()))
        if tag is not None:
            rows.add(int(tag.group(1)) - 1)
    return rows, cols


def parse_xlsx(path: Path) -> ParsedDocument:
    """Every visible sheet's title lines and tables, in order (see the module's docstring)."""
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [m.name for m in workbook.sheets_metadata if str(m.visible).lower().endswith("visible")
                  and "hidden" not in str(m.visible).lower() and "worksheet" in str(m.typ).lower()]
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own errors (CalamineError, ZipError …) for a broken package
        raise _refuse_unreadable(path.name, str(exc)) from exc
    hidden = hidden_flags(path)
    total = sum(hidden.get(name, (set(), set(), 0))[2] for name in sheets)
    if total > MAX_WORKBOOK_CELLS:
        raise InputError(f"Sổ tính quá lớn ({total:,} ô trên {len(sheets)} trang tính), từ chối đọc: {path.name}",
                         f"Workbook too large ({total:,} cells in {len(sheets)} sheets), refused: {path.name}")
    blocks: list[Block] = []
    tables: list[Table] = []
    for name in sheets:
        rows_hidden, cols_hidden, extent = hidden.get(name, (set(), set(), 0))
        if extent > MAX_CELLS:
            raise InputError(f"Trang tính '{name}' quá lớn ({extent:,} ô), từ chối đọc: {path.name}",
                             f"Sheet '{name}' is too large ({extent:,} cells), refused: {path.name}")
        try:
            sheet = workbook.get_sheet_by_name(name)
            if sheet.height * sheet.width > MAX_CELLS:  # (a sheet whose XML said otherwise)
                raise InputError(f"Trang tính '{name}' quá lớn, từ chối đọc: {path.name}",
                                 f"Sheet '{name}' is too large, refused: {path.name}")
            values = sheet.to_python(skip_empty_area=False)
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        except InputError:
            raise
        except Exception as exc:
            raise _refuse_unreadable(path.name, str(exc)) from exc
        sheet_blocks, sheet_tables = read_sheet(name, values, merges, rows_hidden, cols_hidden, len(tables))
        blocks.extend(sheet_blocks)
        tables.extend(sheet_tables)
    number_blocks(blocks)
    return ParsedDocument(str(path), "xlsx", blocks, tables)


def _grid(values: list[list], merges: list[tuple[int, int, int, int]]) -> tuple[list[list[str]], dict]:
    """Cell texts with merged ranges resolved as a .docx table reads them; and (row, col) → merge."""
    cache: dict[str, str] = {}
    grid = [[cell_text(v, cache) for v in row] for row in values]
    where: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r0, c0, r1, c1 in merges:
        if r0 >= len(grid):
            continue
        top = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
                where[(r, c)] = (r0, c0, r1, c1)
                grid[r][c] = top if c == c0 else ""  # down: repeated (row.cells); across: first column only
    return grid, where


def read_sheet(name: str, values: list[list], merges: list[tuple[int, int, int, int]], rows_hidden: set[int],
               cols_hidden: set[int], tables_before: int = 0) -> tuple[list[Block], list[Table]]:
    """One sheet's blocks: a paragraph per line outside a table; a table from its header to its last row of
    several cells (group rows of one merged cell inside it stay table rows)."""
    grid, where = _grid(values, merges)
    columns = [c for c in range(max((len(r) for r in grid), default=0)) if c not in cols_hidden]
    rows = [r for r in range(len(grid)) if r not in rows_hidden]
    cells = {r: [grid[r][c] if c < len(grid[r]) else "" for c in columns] for r in rows}
    used = [i for i, c in enumerate(columns) if any(cells[r][i] for r in rows)]
    columns = [columns[i] for i in used]
    cells = {r: [row[i] for i in used] for r, row in cells.items()}
    filled = {r: sum(1 for c in cells[r] if c) for r in rows}
    blocks: list[Block] = []
    tables: list[Table] = []
    k = 0
    while k < len(rows):
        r = rows[k]
        if filled[r] == 0:
            k += 1
            continue
        if filled[r] == 1:  # a line above (or below) a table: the title, "(Kèm theo …)", "ĐVT: …", notes
            text = next(c for c in cells[r] if c)
            block = text_block(text)
            block.location = Location(page=None, sheet=name, sheet_row=r + 1, column=column_letter(
                columns[next(i for i, c in enumerate(cells[r]) if c)]))
            blocks.append(block)
            k += 1
            continue
        end = _table_end(rows, k, filled)
        body = rows[k:end]
        body = [x for x in body if filled[x]]
        unit = next((b.text for b in reversed(blocks[-3:]) if _UNIT_NOTE.match(b.text)), "")
        table = _table(name, tables_before + len(tables) + 1, body, cells, columns, where)
        table.unit_note = unit
        tables.append(table)
        blocks.extend(table.blocks)
        k = end
    return blocks, tables


def _table_end(rows: list[int], k: int, filled: dict[int, int]) -> int:
    """The end (exclusive index into ``rows``) of the table starting at ``rows[k]``: after its last row of
    several cells, before two empty rows; one-cell rows between rows of several cells are its group rows."""
    last = k
    empty = 0
    for j in range(k, len(rows)):
        n = filled[rows[j]]
        if n == 0:
            empty += 1
            if empty >= 2:
                break
            continue
        empty = 0
        if n >= 2:
            last = j
    return last + 1


def _table(sheet: str, index: int, body: list[int], cells: dict[int, list[str]], columns: list[int],
           where: dict) -> Table:
    rows = [cells[r] for r in body]
    merged = set()
    for i, r in enumerate(body):
        spans = {where.get((r, c)) for c in columns}
        if len(columns) > 1 and len(spans) == 1 and None not in spans:
            merged.add(i)
    table = make_table(index, rows, merged)
    letters = [column_letter(c) for c in columns]
    for block, r in zip(table.blocks, body):
        block.location.sheet, block.location.sheet_row = sheet, r + 1
    table.columns = letters
    return table
