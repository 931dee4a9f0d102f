"""The body of a .docx read straight from its XML: the same blocks and tables as python-docx's proxies give.

python-docx loads the package (its checks and errors, its styles); this module then walks
``document.element.body`` with plain lxml child iteration instead of python-docx's ``Paragraph`` /
``_Row`` / ``_Cell`` objects, which cost ≈0.2 ms per table cell (a draft with 20,000 task rows took half
a minute to read). It reproduces exactly what those objects say:

* a paragraph's text is ``CT_P.text``: its ``w:r`` children and the ``w:r`` children of its ``w:hyperlink``
  children, each run's ``w:t`` text, ``w:tab``/``w:ptab`` → tab, ``w:br`` (text wrapping) / ``w:cr`` →
  line break, a page or column ``w:br`` → nothing, ``w:noBreakHyphen`` → "-"; runs inside ``w:ins``,
  ``w:smartTag``, ``w:sdt``, fields' ``w:fldSimple`` and deleted text are left out, as python-docx does;
* a table's rows are its ``w:tr`` children and a row's cells are ``row.cells``: a cell spanning columns
  (``w:gridSpan``) comes once per grid column, a cell continuing a vertical merge (``w:vMerge``) is the
  merge's first cell above it (found by grid offset, as ``CT_Tc._tc_above`` finds it, errors included);
  a cell's text is its ``w:p`` children's texts joined by line breaks;
* bold, heading level and list status come from the same style table (ingest/docx.py's ``_DocxStyles``).

Documents in a legacy font (TCVN3, VNI), whose text is converted run by run, are read by python-docx as
before (ingest/docx.py decides).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.model import Block, Table
from pipeline.ingest.headings import WORD_HEADING_STYLE

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, R, HYPERLINK = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "r", "hyperlink"))
T, TAB, PTAB, BR, CR, NB_HYPHEN = (f"{_W}{t}" for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
PPR, PSTYLE, NUMPR, RPR, B = (f"{_W}{t}" for t in ("pPr", "pStyle", "numPr", "rPr", "b"))
TCPR, GRID_SPAN, VMERGE, TRPR, GRID_BEFORE = (f"{_W}{t}" for t in ("tcPr", "gridSpan", "vMerge", "trPr",
                                                                   "gridBefore"))
VAL, TYPE = f"{_W}val", f"{_W}type"
_ON = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def _on_off(value: str | None) -> bool:
    """ST_OnOff as python-docx reads it: absent → true; anything but 1/0/true/false/on/off is an error."""
    if value is None:
        return True
    if value not in _ON:
        raise ValueError(f"invalid ST_OnOff value {value!r}")
    return _ON[value]


def run_text(r) -> str:
    """``CT_R.text``."""
    parts = []
    for e in r:
        tag = e.tag
        if tag == T:
            parts.append(e.text or "")
        elif tag in (TAB, PTAB):
            parts.append("\t")
        elif tag == BR:
            kind = e.get(TYPE)
            if kind is None or kind == "textWrapping":
                parts.append("\n")
        elif tag == CR:
            parts.append("\n")
        elif tag == NB_HYPHEN:
            parts.append("-")
    return "".join(parts)


def paragraph_text(p) -> str:
    """``CT_P.text``: runs and the runs of hyperlinks, direct children only."""
    parts = []
    for child in p:
        tag = child.tag
        if tag == R:
            parts.append(run_text(child))
        elif tag == HYPERLINK:
            parts.extend(run_text(r) for r in child if r.tag == R)
    return "".join(parts)


def _first(element, tag: str):
    """python-docx's ZeroOrOne child: the first child with this tag, or None (``iterchildren`` filters in C;
    ``find`` goes through lxml's Python ElementPath, ≈10 times slower)."""
    for child in element.iterchildren(tag):
        return child
    return None


def paragraph_style_id(p, default_id: str | None) -> str | None:
    ppr = _first(p, PPR)
    if ppr is not None:
        pstyle = _first(ppr, PSTYLE)
        if pstyle is not None:
            val = pstyle.get(VAL)
            if val is None:
                raise ValueError("w:pStyle without w:val")
            return val
    return default_id


def _run_bold(r) -> bool | None:
    rpr = _first(r, RPR)
    if rpr is None:
        return None
    b = _first(rpr, B)
    return None if b is None else _on_off(b.get(VAL))


def is_bold(p, style_bold: bool) -> bool:
    """ingest/docx.py's ``_DocxStyles.is_bold``: every run with text (direct ``w:r`` children) is bold, by its own
    formatting or by the paragraph style's."""
    found = False
    for r in p:
        if r.tag != R or not run_text(r).strip():
            continue
        found = True
        bold = _run_bold(r)
        if not (bold or (bold is None and style_bold)):
            return False
    return found


def has_numbering(p) -> bool:
    ppr = _first(p, PPR)
    return ppr is not None and _first(ppr, NUMPR) is not None


def _span_and_merge(tcpr) -> tuple[int, bool]:
    """From a cell's first ``w:tcPr``: ``tc.grid_span`` (``w:gridSpan``, default 1) and whether the cell
    continues a vertical merge (``tc.vMerge == "continue"``; a ``w:vMerge`` without a value continues)."""
    if tcpr is None:
        return 1, False
    grid_span = vmerge = None
    for child in tcpr:  # the first of each, as python-docx's ZeroOrOne finds it
        tag = child.tag
        if tag == GRID_SPAN and grid_span is None:
            grid_span = child
        elif tag == VMERGE and vmerge is None:
            vmerge = child
    span = 1
    if grid_span is not None:
        val = grid_span.get(VAL)
        if val is None:
            raise ValueError("w:gridSpan without w:val")
        span = int(val)
    continues = vmerge is not None and vmerge.get(VAL, "continue") == "continue"
    return span, continues


def _grid_before(tr) -> int:
    trpr = _first(tr, TRPR)
    if trpr is None:
        return 0
    before = _first(trpr, GRID_BEFORE)
    if before is None:
        return 0
    val = before.get(VAL)
    if val is None:
        raise ValueError("w:gridBefore without w:val")
    return int(val)


def _at_grid_offset(row: list[tuple[object, int, tuple[object, int]]], grid_before: int, offset: int):
    """``CT_Row.tc_at_grid_offset`` on an already read row of (tc, span, (first cell of its merge, that cell's
    span)): what stands at that grid offset."""
    remaining = offset - grid_before
    for _tc, span, top in row:
        if remaining < 0:
            break
        if remaining == 0:
            return top
        remaining -= span
    raise ValueError(f"no `tc` element at grid_offset={offset}")


def _grid(tbl) -> tuple[list[list[object]], dict[int, str]]:
    """Each row's ``row.cells`` as ``w:tc`` elements (a spanning or vertically merged cell repeated), and the
    text (``_Cell.text``: its ``w:p`` children's texts, one line each) of every cell that holds content, by
    ``id`` of its ``w:tc``. Each cell's children are read once."""
    rows: list[list[object]] = []
    texts: dict[int, str] = {}
    above: list[tuple[object, int, tuple[object, int]]] | None = None
    above_before = 0
    for tr in tbl:
        if tr.tag != TR:
            continue
        before = _grid_before(tr)
        offset = before
        read: list[tuple[object, int, tuple[object, int]]] = []
        cells: list[object] = []
        for tc in tr:
            if tc.tag != TC:
                continue
            tcpr = None
            paragraphs = []
            for child in tc:
                tag = child.tag
                if tag == P:
                    paragraphs.append(child)
                elif tag == TCPR and tcpr is None:
                    tcpr = child
            span, continues = _span_and_merge(tcpr)
            if continues:
                if above is None:
                    raise ValueError("no tr above topmost tr in w:tbl")
                top, top_span = _at_grid_offset(above, above_before, offset)
                cells.extend([top] * top_span)
            else:
                top, top_span = tc, span
                cells.extend([tc] * span)
                texts[id(tc)] = "\n".join([paragraph_text(p) for p in paragraphs])
            read.append((tc, span, (top, top_span)))
            offset += span
        rows.append(cells)
        above, above_before = read, before
    return rows, texts


def table_cells(tbl) -> list[list[object]]:
    """Each row's ``row.cells`` as ``w:tc`` elements (a spanning or vertically merged cell repeated)."""
    return _grid(tbl)[0]


def cell_text(tc) -> str:
    """``_Cell.text``: the texts of the cell's ``w:p`` children, one line each."""
    return "\n".join(paragraph_text(p) for p in tc if p.tag == P)


def read_table(tbl, clean: Callable[[str], str]) -> tuple[list[list[str]], set[int]]:
    """ingest/docx.py's rows of a table: a cell's text in the first grid column it covers ("" in the others),
    and the rows that are one merged cell."""
    rows: list[list[str]] = []
    merged: set[int] = set()
    grid, raw = _grid(tbl)
    texts: dict[int, str] = {}  # id of a w:tc → its cleaned text (a vertical merge repeats its first cell)
    for r, cells in enumerate(grid):
        row = []
        previous = None
        for i, tc in enumerate(cells):
            if i and tc is previous:
                row.append("")
            else:
                key = id(tc)
                text = texts.get(key)
                if text is None:
                    text = texts[key] = clean(raw[key])
                row.append(text)
            previous = tc
        rows.append(row)
        if len(cells) > 1 and all(tc is cells[0] for tc in cells):
            merged.add(r)
    return rows, merged


def read_body(document, styles, clean: Callable[[str], str], text_block: Callable[..., Block],
              make_table: Callable[..., Table]) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of the body, in order (ingest/docx.py's ``read_docx`` without python-docx's proxies)."""
    blocks: list[Block] = []
    tables: list[Table] = []
    body = document.element.body
    for item in body:
        tag = item.tag
        if tag == TBL:
            rows, merged = read_table(item, clean)
            if not any(any(c for c in row) for row in rows):
                continue
            table = make_table(len(tables) + 1, rows, merged)
            tables.append(table)
            blocks.extend(table.blocks)
        elif tag == P:
            text = clean(paragraph_text(item))
            if not text:
                continue
            style_id = paragraph_style_id(item, styles.default_id)
            name = styles.names.get(style_id, "")
            m = WORD_HEADING_STYLE.match(name)
            blocks.append(text_block(text, int(m.group(1)) if m else None,
                                     is_bold(item, styles.bold.get(style_id, False)),
                                     name.startswith("List") or has_numbering(item)))
    return blocks, tables
