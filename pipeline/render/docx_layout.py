"""The print layout of a rendered memo.docx: column widths fitted to their content, document codes kept on one
line, no empty landscape appendix.

* Every data table ("Table Grid") gets column widths from its text, as a browser lays out an automatic table:
  each column at least as wide as its longest unbreakable piece (a date "31/3/2022", a code "3125/QĐ-UBND",
  an amount), the rest of the text width shared by how much more each column's text asks for. Widths come
  from Times New Roman's advance widths (the same as Liberation Serif's, which LibreOffice substitutes).
* A hyphen inside a document code or a range of years ("06-NQ/TU", "QĐ-UBND", "2021-2025") becomes Word's
  non-breaking hyphen
  (``<w:noBreakHyphen/>``, read back as "-"): Word and LibreOffice break a line after a plain hyphen.
* A last section (the landscape appendix) left with nothing in it is removed, with its page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_PT = 20
# Times New Roman advance widths (1/1000 em) of " " … "~", then of the few other characters the memo uses
_ASCII = [int(w) for w in (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 278 "
    "278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 "
    "722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 "
    "500 333 389 278 500 500 722 500 500 444 480 200 480 541").split()]
_OTHER = {"–": 500, "—": 1000, "“": 444, "”": 444, "‘": 333, "’": 333, "…": 1000, "·": 250, "→": 1000,
          "↔": 1000, "✓": 833, "✗": 833, "đ": 500, "Đ": 722}
BOLD = 1.07  # bold text is about this much wider
CELL_PADDING_PT = 2 * 5.4 + 4  # Word's default left and right cell margins (0.19 cm each), and a little air
CODE = re.compile(r"\b\d[\w.]*(?:[/-][\w.]+)+")  # 3125/QĐ-UBND, 06-NQ/TU, 47/2020/NĐ-CP, 2021-2025


def char_width(ch: str) -> int:
    if " " <= ch <= "~":
        return _ASCII[ord(ch) - 32]
    if ch in _OTHER:
        return _OTHER[ch]
    base = unicodedata.normalize("NFD", ch)[0]  # a Vietnamese letter is as wide as its base letter
    if " " <= base <= "~":
        return _ASCII[ord(base) - 32]
    return 1000 if unicodedata.east_asian_width(ch) in "WF" else 500


def text_width(text: str, size_pt: float) -> float:
    """The width of ``text`` in points at ``size_pt`` (Times New Roman)."""
    return sum(char_width(c) for c in text) * size_pt / 1000


FIT_STEPS = 32  # the spare width is given out in this many slices
FIT_ROWS = 40  # rows measured below the header (a table of thousands of rows is laid out like its first ones)


def _lines(words: list[float], space: float, width: float) -> int:
    """How many lines a cell's words (their widths) take at ``width`` (greedy wrapping, as Word does)."""
    lines, used = 1, 0.0
    for w in words:
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
    return lines


def fit_widths(rows: list[list[tuple[str, float, bool]]], total_pt: float) -> list[float]:
    """Column widths (points) summing to ``total_pt`` for a table given as rows of cells (text, size, bold):
    each column at least its longest word (an unbreakable piece: a date, a code, an amount), then the spare
    width given out slice by slice to the column where it saves the most height (the table as short as
    the width allows); when everything fits on one line, the columns widened in proportion."""
    rows = rows[:FIT_ROWS + 1]
    n = max((len(r) for r in rows), default=0)
    # cells[r][c]: the cell's lines, each as (its words' widths, the font size, the width of a space)
    cells: list[list[list[tuple[list[float], float, float]]]] = []
    for row in rows:
        cells.append([])
        for text, size, bold in row + [("", 12.0, False)] * (n - len(row)):
            factor = BOLD if bold else 1.0
            cells[-1].append([([text_width(w, size) * factor for w in line.split()], size, text_width(" ", size))
                              for line in text.split("\n")])
    low, high = [], []
    for c in range(n):
        lines = [line for row in cells for line in row[c]]
        low.append(max((w for words, _s, _sp in lines for w in words), default=0.0) + CELL_PADDING_PT)
        high.append(max((sum(words) + sp * max(0, len(words) - 1) for words, _s, sp in lines), default=0.0)
                    + CELL_PADDING_PT)
    if sum(low) >= total_pt:  # even the words do not fit: shrink in proportion (the widest words will break)
        return [w * total_pt / sum(low) for w in low]
    if sum(high) <= total_pt:  # everything fits on one line: widen in proportion
        return [w * total_pt / sum(high) for w in high]

    known: dict[tuple[int, float], list[float]] = {}

    def height_of(c: int, width: float) -> list[float]:
        """Each row's height (points) of column ``c``'s cells at ``width`` (remembered: the same widths are
        tried again and again)."""
        key = (c, round(width, 3))
        if key not in known:
            known[key] = [sum(_lines(words, sp, width - CELL_PADDING_PT) * size for words, size, sp in row[c])
                          for row in cells]
        return known[key]

    rows_n = range(len(cells))
    widths = list(low)
    heights = [height_of(c, widths[c]) for c in range(n)]
    step = (total_pt - sum(low)) / FIT_STEPS
    left = FIT_STEPS
    while left > 0:
        # the slices (1 to 4: a narrow column saves a line only once a whole word fits) that save the most
        # per slice: the table's height, and a quarter as much the column's own lines (a column as tall as
        # another in the same row still gains, so the two are widened in turn)
        tallest = [max(range(n), key=lambda j, r=r: heights[j][r]) for r in rows_n]
        first = [heights[tallest[r]][r] for r in rows_n]
        second = [max((heights[j][r] for j in range(n) if j != tallest[r]), default=0.0) for r in rows_n]
        table = sum(first)
        best, best_gain, best_k, best_heights = -1, 0.0, 1, None
        for c in range(n):
            others = [second[r] if tallest[r] == c else first[r] for r in rows_n]  # the row without column c
            own = sum(heights[c])
            for k in range(1, min(4, left) + 1):
                if widths[c] + (k - 1) * step >= high[c]:
                    break
                trial = height_of(c, min(high[c], widths[c] + k * step))
                gain = table - sum(t if t > o else o for t, o in zip(trial, others))
                gain = (gain + 0.25 * (own - sum(trial))) / k
                if gain > best_gain:
                    best, best_gain, best_k, best_heights = c, gain, k, trial
        if best < 0:  # no slice saves a line: to the column that most wants width
            best = max(range(n), key=lambda j: high[j] - widths[j])
            best_heights = height_of(best, widths[best] + step)
        widths[best] += best_k * step
        heights[best] = best_heights
        left -= best_k
    return widths


# ------------------------------------------------------------------------------------------ the document


_SPECIAL = {f"{W}t": "", f"{W}br": "\n", f"{W}noBreakHyphen": "-", f"{W}tab": " "}


def _size_pt(element, default: float) -> float:
    size = element.find(f"{W}rPr/{W}sz")
    return int(size.get(f"{W}val")) / 2 if size is not None else default


def _cell_runs(tc, default_pt: float, styles: dict[str, float]) -> Iterable[tuple[str, float, bool]]:
    for p in tc.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        p_size = styles.get(style.get(f"{W}val"), default_pt) if style is not None else default_pt
        parts, size, bold = [], p_size, False
        for r in p.iter(f"{W}r"):
            size = _size_pt(r, p_size)
            bold = bold or r.find(f"{W}rPr/{W}b") is not None
            parts.append("".join(t.text or "" if t.tag == f"{W}t" else _SPECIAL[t.tag] for t in r
                                 if t.tag in _SPECIAL))
        yield "".join(parts), size, bold


def _cell_text(tc, default_pt: float, sizes: dict[str, float]) -> tuple[str, float, bool]:
    """A cell as one text (its paragraphs as lines), the largest font size in it and whether it is bold."""
    runs = list(_cell_runs(tc, default_pt, sizes))
    return ("\n".join(t for t, _s, _b in runs), max((s for _t, s, _b in runs), default=default_pt),
            any(b for _t, _s, b in runs))


def _style_sizes(document) -> dict[str, float]:
    """Each paragraph style's font size (points), following ``basedOn`` (read from styles.xml directly)."""
    own: dict[str, float | None] = {}
    parent: dict[str, str] = {}
    for style in document.styles.element.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        size = style.find(f"{W}rPr/{W}sz")
        own[sid] = int(size.get(f"{W}val")) / 2 if size is not None else None
        based = style.find(f"{W}basedOn")
        if based is not None:
            parent[sid] = based.get(f"{W}val")
    sizes = {}
    for sid in own:
        seen, at = set(), sid
        while at is not None and own.get(at) is None and at not in seen:
            seen.add(at)
            at = parent.get(at)
        if at is not None and own.get(at) is not None:
            sizes[sid] = own[at]
    return sizes


def _text_width_pt(sect) -> float:
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    width = int(size.get(f"{W}w"))
    return (width - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))) / TWIPS_PER_PT


def _is_data_table(tbl, grid_style: str | None) -> bool:
    style = tbl.find(f"{W}tblPr/{W}tblStyle")
    return style is not None and style.get(f"{W}val") == grid_style


def fit_tables(document) -> None:
    """Set every data table's column widths from its content and the width of the section it is in."""
    body = document.element.body
    grid_style = next((s.style_id for s in document.styles if s.name == "Table Grid"), None)
    sizes = _style_sizes(document)
    normal = sizes.get(next((s.style_id for s in document.styles if s.name == "Normal"), ""), 12.0)
    # the section of each top-level element: the next section properties in document order
    pending = []
    for child in body:
        sect = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else (child if child.tag == f"{W}sectPr"
                                                                               else None)
        if child.tag == f"{W}tbl":
            pending.append(child)
        if sect is not None and sect.find(f"{W}pgSz") is not None and sect.find(f"{W}pgMar") is not None:
            total = _text_width_pt(sect)
            for tbl in pending:
                if _is_data_table(tbl, grid_style):
                    _fit(tbl, total, normal, sizes)
            pending = []


def _fit(tbl, total_pt: float, default_pt: float, sizes: dict[str, float]) -> None:
    from lxml import etree

    rows = tbl.findall(f"{W}tr")
    n = max((len(r.findall(f"{W}tc")) for r in rows), default=0)
    if not n or any(r.find(f"{W}tc/{W}tcPr/{W}gridSpan") is not None for r in rows):
        return  # merged cells: leave the template's widths
    # the header and the rows fit_widths measures (a table of thousands of rows is laid out like its first ones)
    cells = [[_cell_text(tc, default_pt, sizes) for tc in r.findall(f"{W}tc")] for r in rows[:FIT_ROWS + 1]]
    widths = [round(w * TWIPS_PER_PT) for w in fit_widths(cells, total_pt)]
    _align_numbers(rows, cells)
    _keep_head_with_rows(rows[:KEEP_ROWS])
    grid = tbl.find(f"{W}tblGrid")
    if grid is not None:
        for col in list(grid):
            grid.remove(col)
        for w in widths:
            etree.SubElement(grid, f"{W}gridCol").set(f"{W}w", str(w))
    tblpr = tbl.find(f"{W}tblPr")
    layout = tblpr.find(f"{W}tblLayout")
    if layout is None:
        layout = etree.Element(f"{W}tblLayout")
        later = next((e for e in tblpr if e.tag in _AFTER_LAYOUT), None)
        if later is not None:
            later.addprevious(layout)  # the schema's order
        else:
            tblpr.append(layout)
    layout.set(f"{W}type", "fixed")
    tblw = tblpr.find(f"{W}tblW")
    if tblw is not None:
        tblw.set(f"{W}type", "dxa")
        tblw.set(f"{W}w", str(sum(widths)))
    for r in rows:
        for tc, w in zip(r.findall(f"{W}tc"), widths):
            tcpr = tc.find(f"{W}tcPr")
            if tcpr is None:
                tcpr = etree.Element(f"{W}tcPr")
                tc.insert(0, tcpr)
            tcw = tcpr.find(f"{W}tcW")
            if tcw is None:
                tcw = etree.Element(f"{W}tcW")
                tcpr.insert(0, tcw)
            tcw.set(f"{W}type", "dxa")
            tcw.set(f"{W}w", str(w))


_AFTER_LAYOUT = {f"{W}{t}" for t in ("tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange")}
_AFTER_JC = {f"{W}{t}" for t in ("textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                                  "cnfStyle", "rPr", "sectPr", "pPrChange")}
NUMBER = re.compile(r"[+−-]?\d[\d.,]*%?")


def _align_numbers(rows: list, cells: list[list[tuple[str, float, bool]]]) -> None:
    """Columns of numbers (every measured cell below the header a number) aligned right, as figures are read."""
    body = cells[1:]
    for c in range(max((len(r) for r in cells), default=0)):
        column = [row[c][0].strip() for row in body if c < len(row)]
        if not column or not all(NUMBER.fullmatch(text) for text in column):
            continue
        for r in rows[1:]:
            tcs = r.findall(f"{W}tc")
            if c >= len(tcs):
                continue
            for para in tcs[c].findall(f"{W}p"):
                ppr = para.find(f"{W}pPr")
                if ppr is None:
                    ppr = para.makeelement(f"{W}pPr", {})
                    para.insert(0, ppr)
                jc = ppr.find(f"{W}jc")
                if jc is None:  # in its place in the schema's order: before these, else last
                    jc = ppr.makeelement(f"{W}jc", {})
                    later = next((e for e in ppr if e.tag in _AFTER_JC), None)
                    if later is not None:
                        later.addprevious(jc)
                    else:
                        ppr.append(jc)
                jc.set(f"{W}val", "right")


KEEP_ROWS = 3  # a table's head is kept on the page of its first rows (the header and two more)


def _keep_head_with_rows(rows: list) -> None:
    """"Keep with next" on the paragraphs of a table's first rows: a page never ends after the header row and
    one row (nor after a heading and the header row)."""
    for r in rows:
        for para in r.iter(f"{W}p"):
            ppr = para.find(f"{W}pPr")
            if ppr is None:
                ppr = para.makeelement(f"{W}pPr", {})
                para.insert(0, ppr)
            if ppr.find(f"{W}keepNext") is None:
                keep = ppr.makeelement(f"{W}keepNext", {})
                style = ppr.find(f"{W}pStyle")
                if style is not None:
                    style.addnext(keep)  # the schema's order: pStyle, keepNext, …
                else:
                    ppr.insert(0, keep)


def unbreakable_codes(text: str) -> str:
    """``text`` with the hyphens inside document codes as U+2011 (written as <w:noBreakHyphen/>)."""
    return CODE.sub(lambda m: m.group(0).replace("-", "\u2011"), text) if "-" in text else text


def keep_codes_whole(document) -> None:
    """Hyphens inside document codes → <w:noBreakHyphen/> (the run's text split around it)."""
    from lxml import etree

    for t in list(document.element.body.iter(f"{W}t")):
        text = t.text or ""
        marked = unbreakable_codes(text)
        if marked == text:
            continue
        pieces = marked.split("\u2011")
        t.text = pieces[0]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor = t
        for piece in pieces[1:]:
            hyphen = etree.Element(f"{W}noBreakHyphen")
            anchor.addnext(hyphen)
            nxt = etree.Element(f"{W}t")
            nxt.text = piece
            nxt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            hyphen.addnext(nxt)
            anchor = nxt


def drop_empty_last_section(document) -> None:
    """If nothing but empty paragraphs follows the last section break, remove them and the break: the
    section before becomes the last one (no blank landscape page when a memo has no appendix)."""
    body = document.element.body
    breaks = [p for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    if not breaks:
        return
    last = breaks[-1]
    after = []
    for child in last.itersiblings():
        if child.tag == f"{W}sectPr":
            break
        if child.tag != f"{W}p" or "".join(t.text or "" for t in child.iter(f"{W}t")).strip():
            return
        after.append(child)
    final = body.find(f"{W}sectPr")
    sect = last.find(f"{W}pPr/{W}sectPr")
    for child in after:
        body.remove(child)
    if final is not None:
        body.replace(final, sect)
    else:
        body.append(sect)
    if "".join(t.text or "" for t in last.iter(f"{W}t")).strip():
        return
    body.remove(last)


def finish_layout(document) -> None:
    """All three, in order, on a rendered memo."""
    drop_empty_last_section(document)
    keep_codes_whole(document)
    fit_tables(document)
