"""Ruled tables of a PDF page read with pdfium: the rulings from the page's path objects, the cells from
where the rulings cross, each cell's text from pdfium's characters.

The algorithm is pdfplumber's default ("lines" strategy, after Nurminen's thesis and Tabula) with its default
tolerances, so that a page gives the tables pdfplumber gives — but without pdfminer interpreting the page in
Python (≈ 0.1–0.25 s a page; here a few milliseconds). Axis-parallel straight segments of every path are
rulings, whether stroked lines, rectangles or the thin filled rectangles Word draws as borders; rulings
within 3 pt of each other are snapped to one line and joined where they touch; a cell is the smallest
rectangle whose four corners are crossings joined by rulings; cells sharing a corner form a table.
:func:`page_tables` returns what pdfplumber's ``Table.bbox`` and ``Table.extract()`` would (checked on every
page of tests/ingest/test_pdf_tables.py: tables drawn as reportlab, LibreOffice and Word draw them, flipped and scaled
coordinates, Form XObjects, drawings that are no table), with two differences where pdfium reads better: text
printed twice a fraction of a point apart (bold by overprinting) is read once ("STT", not "SSTTTT"), and text
turned a quarter (a header written upwards in a narrow column) is read in its own direction. Rotated and cropped
pages are not read here (:func:`can_read`): ingest/pdf.py gives them to pdfplumber.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import functools
import itertools
import math
from operator import itemgetter
from typing import Any, NamedTuple

SNAP = 3.0  # rulings this close (pt) are one ruling
JOIN = 3.0  # collinear rulings with a gap this small are one ruling
MIN_LENGTH = 3.0  # shorter rulings are not rulings
CROSSING = 3.0  # a ruling reaching this close to another crosses it
TEXT_TOLERANCE = 3.0  # characters whose tops differ less are on one line; a wider gap starts a word
_AXIS = 0.1  # a segment this close to horizontal or vertical is one

Edge = tuple[float, float, float, float]  # x0, top, x1, bottom (from the page's top-left); x0 == x1 or top == bottom
Cell = tuple[float, float, float, float]
Char = tuple[str, float, float, float, float, int]  # text, x0, top, x1, bottom, quarter turns (0 upright)
_LEFT, _TOP = itemgetter(1), itemgetter(2)


class RuledTable(NamedTuple):
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in pt from the page's top-left
    rows: list[list[str | None]]  # None: covered by a merged neighbour; a cell's lines joined by "\n"
    # positions (row, column) covered by a cell merged down from the row above it, in the same column
    # (an owner printed once beside several tasks), to the row that cell starts in
    merged_down: dict[tuple[int, int], int] = {}


def can_read(page) -> bool:
    """This reader's coordinates are pdfplumber's: an unrotated page, its media box at the origin, not cropped."""
    media = tuple(page.get_mediabox())
    return not page.get_rotation() and media[:2] == (0, 0) and tuple(page.get_cropbox()) == media


def page_tables(page, textpage=None) -> list[RuledTable]:
    """The ruled tables of a pypdfium2 page, top to bottom (see the module's docstring)."""
    height = page.get_height()
    tables = _tables(_cells(_crossings(_merge(_rulings(page, height)))))
    if not tables:
        return []
    boxes = [_bbox(cells) for cells in tables]
    chars = _chars(textpage if textpage is not None else page.get_textpage(), height, boxes)
    return [RuledTable(box, _extract(cells, chars), _merged_down(cells)) for box, cells in zip(boxes, tables)]


# --------------------------------------------------------------------------- rulings


Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: x' = a x + c y + e, y' = b x + d y + f
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 8  # Form XObjects inside Form XObjects (a page imported into another, then stamped)


def _rulings(page, height: float) -> list[Edge]:
    """Every axis-parallel straight segment (≥ 1 pt) of the page's path objects — also those inside Form
    XObjects, as pdfminer sees them — in page coordinates."""
    import pypdfium2.raw as raw

    edges: list[Edge] = []
    count = raw.FPDFPage_CountObjects(page.raw)
    _walk([raw.FPDFPage_GetObject(page.raw, i) for i in range(count)], _IDENTITY, height, edges, 0)
    return edges


def has_paths(page) -> bool:
    """The page paints a path (at any depth of Form XObjects): where a ruled table may be."""
    import pypdfium2.raw as raw

    def any_path(objects, depth: int) -> bool:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                return True
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH and any_path(
                    (raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))),
                    depth + 1):
                return True
        return False

    return any_path((raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))), 0)


def _walk(objects, outer: Matrix, height: float, edges: list[Edge], depth: int) -> None:
    """The rulings of these page objects (a Form XObject's own objects are in its space: ``outer``)."""
    import pypdfium2.raw as raw

    fs_matrix = raw.FS_MATRIX()
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM) or not raw.FPDFPageObj_GetMatrix(obj, fs_matrix):
            continue
        matrix = _compose((fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, fs_matrix.e, fs_matrix.f), outer)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path_edges(obj, matrix, height, edges)
        elif depth < MAX_FORM_DEPTH:
            inner = [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))]
            _walk(inner, matrix, height, edges, depth + 1)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - the second matrix's entries
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_edges(obj, matrix: Matrix, height: float, edges: list[Edge]) -> None:
    import pypdfium2.raw as raw

    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = current = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
            _add_edge(edges, current, point)
        current = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(edges, point, start)
            current = start


def _add_edge(edges: list[Edge], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS and abs(x1 - x0) >= 1:
        edges.append((min(x0, x1), y0, max(x0, x1), y0))
    elif abs(x0 - x1) <= _AXIS and abs(y1 - y0) >= 1:
        edges.append((x0, min(y0, y1), x0, max(y0, y1)))


def _is_vertical(edge: Edge) -> bool:
    return edge[0] == edge[2] and edge[1] != edge[3]


def _merge(edges: list[Edge]) -> list[Edge]:
    """Rulings snapped (within :data:`SNAP` to their mean position) and joined (gaps ≤ :data:`JOIN`), then
    those shorter than :data:`MIN_LENGTH` dropped."""
    vertical = [e for e in edges if _is_vertical(e)]
    horizontal = [e for e in edges if not _is_vertical(e)]
    merged: list[Edge] = []
    for group in _snap(vertical, 0):
        merged += _join(group, 0)
    for group in _snap(horizontal, 1):
        merged += _join(group, 1)
    return [e for e in merged if max(e[2] - e[0], e[3] - e[1]) >= MIN_LENGTH]


def _snap(edges: list[Edge], axis: int) -> list[list[Edge]]:
    """Rulings grouped by position (x of a vertical one, ``axis`` 0; y of a horizontal one, 1): positions
    chained within :data:`SNAP` are one group, moved to the group's mean position."""
    groups: list[list[Edge]] = []
    for _, members in itertools.groupby(sorted(edges, key=lambda e: e[axis]), key=_Chain(SNAP, axis)):
        group = list(members)
        mean = sum(e[axis] for e in group) / len(group)
        if axis == 0:
            groups.append([(mean, e[1], mean, e[3]) for e in group])
        else:
            groups.append([(e[0], mean, e[2], mean) for e in group])
    return groups


class _Chain:
    """A groupby key that stays the same while sorted values grow by at most ``tolerance`` at each step
    (distinct values chained, as pdfplumber clusters them)."""

    def __init__(self, tolerance: float, axis: int):
        self.tolerance, self.axis = tolerance, axis
        self.last: float | None = None
        self.group = 0

    def __call__(self, edge: Edge) -> int:
        value = edge[self.axis]
        if self.last is not None and value > self.last + self.tolerance:
            self.group += 1
        self.last = value
        return self.group


def _join(group: list[Edge], axis: int) -> list[Edge]:
    """Collinear rulings of one position that overlap or nearly touch, as one (``axis`` 0: vertical)."""
    lo, hi = (1, 3) if axis == 0 else (0, 2)
    joined: list[list[float]] = []
    for edge in sorted(group, key=lambda e: e[lo]):
        if joined and edge[lo] <= joined[-1][hi] + JOIN:
            joined[-1][hi] = max(joined[-1][hi], edge[hi])
        else:
            joined.append(list(edge))
    return [(e[0], e[1], e[2], e[3]) for e in joined]


# --------------------------------------------------------------------------- cells and tables


Crossings = dict[tuple[float, float], tuple[set[Edge], set[Edge]]]  # point -> (vertical, horizontal) rulings


def _crossings(edges: list[Edge]) -> Crossings:
    """Points where a vertical ruling meets a horizontal one (within :data:`CROSSING`), with both rulings.
    (Horizontal rulings looked up by position: a chart's hundreds of grid lines stay fast.)"""
    vertical = sorted((e for e in edges if _is_vertical(e)), key=lambda e: (e[0], e[1]))
    horizontal = sorted((e for e in edges if not _is_vertical(e)), key=lambda e: (e[1], e[0]))
    positions = [h[1] for h in horizontal]
    found: Crossings = {}
    for v in vertical:
        first = bisect.bisect_left(positions, v[1] - CROSSING)
        last = bisect.bisect_right(positions, v[3] + CROSSING)
        for h in horizontal[first:last]:
            if h[0] - CROSSING <= v[0] <= h[2] + CROSSING:
                point = (v[0], h[1])
                if point not in found:
                    found[point] = (set(), set())
                found[point][0].add(v)
                found[point][1].add(h)
    return found


def _cells(crossings: Crossings) -> list[Cell]:
    """For each crossing, the smallest rectangle it opens whose corners are crossings joined by rulings: the
    first crossing below it (top to bottom) joined to it, with the first crossing right of it (left to right)
    joined to it, whose fourth corner is a crossing joined to both."""

    def joined(p: tuple[float, float], q: tuple[float, float]) -> bool:
        if p[0] == q[0] and crossings[p][0] & crossings[q][0]:
            return True
        return p[1] == q[1] and bool(crossings[p][1] & crossings[q][1])

    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    for point in sorted(crossings):
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    below_of = {p: column[i + 1:] for column in columns.values() for i, p in enumerate(column)}
    right_of = {p: row[i + 1:] for row in rows.values() for i, p in enumerate(sorted(row))}
    cells: list[Cell] = []
    for point in sorted(crossings):
        cell = next(((point[0], point[1], r[0], b[1]) for b in below_of[point] if joined(point, b)
                     for r in right_of[point] if joined(point, r) and (r[0], b[1]) in crossings
                     and joined((r[0], b[1]), r) and joined((r[0], b[1]), b)), None)
        if cell is not None:
            cells.append(cell)
    return cells


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped into tables: cells sharing a corner belong to one table (chains of them too); tables of
    one cell are not tables. Top to bottom, then left to right."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, cell in enumerate(cells):
        for corner in _corners(cell):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Cell]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _corners(cell: Cell) -> tuple[tuple[float, float], ...]:
    x0, top, x1, bottom = cell
    return (x0, top), (x0, bottom), (x1, top), (x1, bottom)


def _bbox(cells: list[Cell]) -> tuple[float, float, float, float]:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


# --------------------------------------------------------------------------- text


def _chars(textpage, height: float, within: list[tuple[float, float, float, float]] | None = None) -> list[Char]:
    """The page's characters as pdfium reads them (its generated spaces and line breaks left out), from the
    page's top-left. An upright character's box is as wide as its advance and one font size tall, standing on
    the font's descent below the baseline (pdfium's loose box takes its top from the glyph: "ố" would stand
    taller than "s"); a turned one (a header written upwards in a narrow column) keeps pdfium's box.
    ``within``: boxes (the tables); a character whose middle — where :func:`_extract` places it — lies in none
    of them is left out (a page of prose with one small table: most of its characters, asked no more; one
    beside every box, or above them, is not asked its angle and font size).
    (pdfium gives every character of one text object the object's font size and matrix, so its angle:
    they are asked once per text object — the character's own answer where it has none.)"""
    import pypdfium2.raw as raw

    chars: list[Char] = []
    box = raw.FS_RECTF()
    count = raw.FPDFText_CountChars(textpage.raw)
    text = textpage.get_text_range()
    if len(text) != count:  # characters beyond the BMP count twice in the page's text: ask one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFE) for i in range(count))
    api = _text_api()
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value if api else textpage.raw
    is_generated, loose_box, font_size, char_angle, text_object = api or (
        raw.FPDFText_IsGenerated, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetCharAngle,
        lambda page, i: ctypes.cast(raw.FPDFText_GetTextObject(page, i), ctypes.c_void_p).value,
    )  # (pypdfium2's own: the same answers, slower)
    turns: dict[float, int] = {}  # angle → quarter turns (a page has few angles)
    objects: dict[int, tuple[int, float]] = {}  # text object → (quarter turns, font size)
    inf = float("inf")
    bounded = bool(within)
    top_of_all, bottom_of_all = (min(b[1] for b in within), max(b[3] for b in within)) if within else (-inf, inf)
    left_of_all, right_of_all = (min(b[0] for b in within), max(b[2] for b in within)) if within else (-inf, inf)
    several = within is not None and len(within) > 1  # (one box: the bounds of all are its own)
    append = chars.append
    for index, char in enumerate(text):
        if char.isspace() and is_generated(handle, index) == 1:
            continue
        if char in "\x00\ufffe\uffff" or not loose_box(handle, index, box):
            continue
        bottom = height - box.bottom
        if bottom < top_of_all:  # its middle (never below its bottom) is above every box
            continue
        left, right = box.left, box.right
        middle_x = (left + right) / 2
        if bounded and not left_of_all <= middle_x < right_of_all:  # (its middle's x does not hang on its turn)
            continue
        obj = text_object(handle, index)
        known = objects.get(obj) if obj else None
        if known is None:
            angle = char_angle(handle, index)
            turn = turns.get(angle)
            if turn is None:
                turn = turns[angle] = _quarter_turns(angle)
            known = (turn, font_size(handle, index))
            if obj:
                objects[obj] = known
        turn = known[0]
        top = bottom - known[1] if turn == 0 else height - box.top
        if bounded:
            middle_y = (top + bottom) / 2
            if not top_of_all <= middle_y < bottom_of_all or (
                    several and not any(b[0] <= middle_x < b[2] and b[1] <= middle_y < b[3] for b in within)):
                continue
        append((char, left, top, right, bottom, turn))
    return chars


def text_page_call(function: Any, result: Any, *arguments: Any) -> Any:
    """pypdfium2's binding of a pdfium text-page function, called with the text page as a plain address (≈ 25 %
    cheaper a call than through pypdfium2's typed pointers); raises where ctypes cannot take it by address."""
    prototype = ctypes.CFUNCTYPE(result, ctypes.c_void_p, *arguments)
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


@functools.lru_cache(maxsize=1)
def _text_api() -> tuple | None:
    """pdfium's per-character calls by address (:func:`text_page_call`): is generated, loose box, font size,
    angle, text object (its address). None where ctypes cannot take pypdfium2's functions by address."""
    import pypdfium2.raw as raw

    index = ctypes.c_int
    with contextlib.suppress(Exception):
        return (text_page_call(raw.FPDFText_IsGenerated, ctypes.c_int, index),
                text_page_call(raw.FPDFText_GetLooseCharBox, ctypes.c_int, index, ctypes.POINTER(raw.FS_RECTF)),
                text_page_call(raw.FPDFText_GetFontSize, ctypes.c_double, index),
                text_page_call(raw.FPDFText_GetCharAngle, ctypes.c_float, index),
                text_page_call(raw.FPDFText_GetTextObject, ctypes.c_void_p, index))
    return None


def _quarter_turns(angle: float) -> int:
    """1 for text written upwards (turned a quarter anticlockwise), 3 downwards, else 0 (upright; also
    upside down and slanted text, read as upright). pdfium measures the angle clockwise (-1: unknown)."""
    if angle < 0:
        return 0
    clockwise = round(angle / (math.pi / 2))
    if clockwise not in (1, 3) or abs(angle - clockwise * math.pi / 2) > 0.1:
        return 0
    return 4 - clockwise


def _extract(cells: list[Cell], chars: list[Char]) -> list[list[str | None]]:
    """The table's rows of cell texts: one row per distinct cell top, one column per distinct cell left; a
    position no cell starts at (covered by a merged cell) is None. A cell holds the characters whose middle
    lies in it (left and top edges in, right and bottom out), in the order of their middles (top to bottom)."""
    middles = sorted(((ch[2] + ch[4]) / 2, (ch[1] + ch[3]) / 2, ch) for ch in chars)
    heights = [m[0] for m in middles]
    lefts = sorted({c[0] for c in cells})
    # a band of characters (those whose middle lies between two heights), ordered by the middle's x once:
    # each cell of the band takes its characters by bisection, then back in the band's order
    bands: dict[tuple[int, int], tuple[list[float], list[int]]] = {}
    rows: list[list[str | None]] = []
    for _, row_cells in itertools.groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        by_left = {c[0]: c for c in row_cells}
        row: list[str | None] = []
        for left in lefts:
            cell = by_left.get(left)
            if cell is None:
                row.append(None)
                continue
            span = (bisect.bisect_left(heights, cell[1]), bisect.bisect_left(heights, cell[3]))
            band = bands.get(span)
            if band is None:
                by_x = sorted((middles[i][1], i) for i in range(*span))
                band = bands[span] = ([x for x, _ in by_x], [i for _, i in by_x])
            xs, order = band
            picked = sorted(order[bisect.bisect_left(xs, cell[0]):bisect.bisect_left(xs, cell[2])])
            row.append(_text([middles[i][2] for i in picked]))
        rows.append(row)
    return rows


def _merged_down(cells: list[Cell]) -> dict[tuple[int, int], int]:
    """Positions of :func:`_extract`'s rows no cell starts at because a cell of the same column, starting in a
    row above, reaches down over them: (row, column) → the row that cell starts in."""
    tops = sorted({c[1] for c in cells})
    lefts = sorted({c[0] for c in cells})
    row_of = {t: i for i, t in enumerate(tops)}
    col_of = {x: j for j, x in enumerate(lefts)}
    out: dict[tuple[int, int], int] = {}
    for c in cells:
        x0, top, _x1, bottom = c
        for t in tops[row_of[top] + 1:]:
            if t >= bottom:
                break
            out[(row_of[t], col_of[x0])] = row_of[top]
    return out


def fill_merged_down(rows: list[list[str | None]], merged_down: dict[tuple[int, int], int]) -> list[list[str | None]]:
    """``rows`` with each position a cell merged down covers given that cell's text, as Word's reader gives a
    vertically merged cell to every row it spans."""
    if not merged_down:
        return rows
    out = [list(r) for r in rows]
    for (r, c), top in merged_down.items():
        if r < len(out) and c < len(out[r]) and out[r][c] is None and c < len(rows[top]):
            out[r][c] = rows[top][c]
    return out


def _text(chars: list[Char]) -> str:
    """A cell's text: its upright characters, then any turned ones read in their own direction
    (:func:`_reading_frame`), as lines of words joined by line breaks."""
    upright = [ch for ch in chars if ch[5] == 0]
    if len(upright) == len(chars):  # (no turned character: the common cell)
        return _lines(chars)
    parts = [_lines(upright)]
    for turn in (1, 3):
        turned = [_reading_frame(ch) for ch in chars if ch[5] == turn]
        parts.append(_lines(turned))
    return "\n".join(part for part in parts if part)


def _reading_frame(char: Char) -> Char:
    """A turned character's box as if the text were turned upright: written upwards (turn 1), the page's
    bottom-to-top is the line's left-to-right and the page's left-to-right goes down the lines; written
    downwards (turn 3), top-to-bottom and right-to-left."""
    text, x0, top, x1, bottom, turn = char
    if turn == 1:
        return (text, -bottom, x0, -top, x1, 0)
    return (text, top, -x1, bottom, -x0, 0)


def _lines(chars: list[Char]) -> str:
    """Characters as lines (tops within :data:`TEXT_TOLERANCE`, top to bottom) of words (left to right, split
    at spaces and at gaps wider than the tolerance), joined by spaces and line breaks."""
    lines: list[str] = []
    line: list[Char] = []
    last_top = 0.0
    for ch in sorted(chars, key=_TOP):  # chained as :class:`_Chain` chains them
        if line and ch[2] > last_top + TEXT_TOLERANCE:
            _add_line(lines, line)
            line = []
        line.append(ch)
        last_top = ch[2]
    if line:
        _add_line(lines, line)
    return "\n".join(lines)


def _add_line(lines: list[str], members: list[Char]) -> None:
    """One line's characters as words (see :func:`_lines`), added to ``lines`` unless it has none."""
    words: list[str] = []
    word: list[str] = []
    last_x1 = 0.0
    for ch in sorted(members, key=_LEFT):
        if ch[0].isspace():
            if word:
                words.append("".join(word))
                word = []
            continue
        if word and ch[1] > last_x1 + TEXT_TOLERANCE:
            words.append("".join(word))
            word = []
        word.append(ch[0])
        last_x1 = ch[3]
    if word:
        words.append("".join(word))
    if words:
        lines.append(" ".join(words))
