"""The body of a .docx read straight from its XML, as Word displays it with all changes accepted.

python-docx loads the package (its checks and errors, its styles); this module walks the XML with plain lxml
child iteration (python-docx's ``Paragraph`` / ``_Row`` / ``_Cell`` proxies cost ≈0.2 ms per table cell). What a
paragraph says is what Word shows:

* its automatic number (numbering.xml, docx_numbering.py) before its text: "I.", "1.", "a)", "Phần II.";
  bullets make it a list item without a label;
* the runs of the paragraph and of every run container in it: hyperlinks, inserted and moved-in text (``w:ins``,
  ``w:moveTo``: changes read as accepted), content controls (``w:sdt``), fields (``w:fldSimple``; a complex field
  shows its result, never its code), smart tags, custom XML; deleted and moved-out text (``w:del``,
  ``w:moveFrom``) is left out, and a paragraph whose mark is deleted joins the next one, as on accepting;
* ``w:t``, tabs, text-wrapping breaks and carriage returns as line breaks (page and column breaks: nothing),
  non-breaking hyphens, ``w:sym`` characters;
* a footnote's or endnote's text joined at its reference (docx_notes.py), so a legal basis whose date and issuer
  sit in a footnote is one citation at the anchor;
* text boxes (DrawingML ``wps:txbx`` and VML ``v:textbox``; of an ``mc:AlternateContent`` only the choice
  read, never its fallback as well): their paragraphs are blocks of their own, before the paragraph they are
  anchored in.

Tables: rows in ``w:tr`` (also inside row-level ``w:sdt``), deleted rows (``w:trPr/w:del``) left out; a row's
cells as python-docx's ``row.cells`` gives them (a cell spanning columns once per grid column, a cell continuing a
vertical merge repeating the merge's first cell, cells inside cell-level ``w:sdt`` included); a cell's text is its
paragraphs', one line each, nested tables' cells included.

Every block also gets its *anchor*: the path of child indices from ``w:body`` to the paragraph a comment on that
block belongs to (render/annotate_docx.py), so the annotated copy needs no second reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.core.model import Block, Table
from pipeline.ingest.docx_numbering import format_number
from pipeline.ingest.headings import WORD_HEADING_STYLE

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, R, HYPERLINK = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "r", "hyperlink"))
T, TAB, PTAB, BR, CR, NB_HYPHEN = (f"{_W}{t}" for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
PPR, PSTYLE, NUMPR, RPR, B = (f"{_W}{t}" for t in ("pPr", "pStyle", "numPr", "rPr", "b"))
TCPR, GRID_SPAN, VMERGE, TRPR, GRID_BEFORE = (f"{_W}{t}" for t in ("tcPr", "gridSpan", "vMerge", "trPr",
                                                                   "gridBefore"))
INS, DEL, MOVE_TO, MOVE_FROM, SDT, SDT_CONTENT = (f"{_W}{t}" for t in ("ins", "del", "moveTo", "moveFrom", "sdt",
                                                                      "sdtContent"))
FLD_SIMPLE, SMART_TAG, CUSTOM_XML, DIR, BDO, SYM = (f"{_W}{t}" for t in ("fldSimple", "smartTag", "customXml",
                                                                        "dir", "bdo", "sym"))
FOOTNOTE_REF, ENDNOTE_REF, DRAWING, PICT, TXBX = (f"{_W}{t}" for t in ("footnoteReference", "endnoteReference",
                                                                      "drawing", "pict", "txbxContent"))
ALTERNATE, CHOICE, FALLBACK = f"{_MC}AlternateContent", f"{_MC}Choice", f"{_MC}Fallback"
VAL, TYPE, ID = f"{_W}val", f"{_W}type", f"{_W}id"
# markup in a paragraph that holds no text: bookmarks, comment ranges, proofing marks
_MARKS = {f"{_W}{t}" for t in ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
                               "proofErr", "permStart", "permEnd")}
_INLINE_CONTAINERS = {HYPERLINK, INS, MOVE_TO, FLD_SIMPLE, SMART_TAG, CUSTOM_XML, DIR, BDO}
_BLOCK_WRAPPERS = {SDT, CUSTOM_XML}
_KNOWN_CHOICES = {"wps", "wpg", "wpc", "wpi", "w14", "w15", "w16", "wp14", "a14", "v", "o", "w10"}
_ON = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def _on_off(value: str | None) -> bool:
    """ST_OnOff as python-docx reads it: absent → true; anything but 1/0/true/false/on/off is an error."""
    if value is None:
        return True
    if value not in _ON:
        raise ValueError(f"invalid ST_OnOff value {value!r}")
    return _ON[value]


def _first(element, tag: str):
    """The first child with this tag, or None (``iterchildren`` filters in C; ``find`` is ≈10 times slower)."""
    for child in element.iterchildren(tag):
        return child
    return None


def _run_bold(r) -> bool | None:
    rpr = _first(r, RPR)
    if rpr is None:
        return None
    b = _first(rpr, B)
    return None if b is None else _on_off(b.get(VAL))


def _chosen(alternate):
    """The branch of an ``mc:AlternateContent`` a reader that knows DrawingML and VML takes: the first
    ``mc:Choice`` whose requirements it understands, else the ``mc:Fallback``."""
    for child in alternate:
        if child.tag == CHOICE and set((child.get("Requires") or "").split()) <= _KNOWN_CHOICES:
            return child
    return _first(alternate, FALLBACK)


def text_boxes(element) -> list:
    """The outermost ``w:txbxContent`` inside a drawing, picture or alternate content, each once."""
    found: list = []
    for child in element:
        tag = child.tag
        if tag == TXBX:
            found.append(child)
        elif tag == ALTERNATE:
            branch = _chosen(child)
            if branch is not None:
                found.extend(text_boxes(branch))
        elif isinstance(tag, str):
            found.extend(text_boxes(child))
    return found


def _span_and_merge(tcpr) -> tuple[int, bool]:
    """From a cell's first ``w:tcPr``: ``w:gridSpan`` (default 1) and whether the cell continues a vertical
    merge (a ``w:vMerge`` without a value continues)."""
    if tcpr is None:
        return 1, False
    grid_span = vmerge = None
    for child in tcpr:
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


def _grid_before(trpr) -> int:
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
    """What stands at that grid offset of an already read row of (tc, span, (first cell of its merge, its span))."""
    remaining = offset - grid_before
    for _tc, span, top in row:
        if remaining < 0:
            break
        if remaining == 0:
            return top
        remaining -= span
    raise ValueError(f"no `tc` element at grid_offset={offset}")


def _wrapped(element, tag: str, path: tuple[int, ...]) -> list[tuple[object, tuple[int, ...], int]]:
    """Children with ``tag`` of ``element``, also those inside ``w:sdt``/``w:customXml`` wrappers, each as
    (child, the path of its parent, its index there)."""
    found = []
    for i, child in enumerate(element):
        ctag = child.tag
        if ctag == tag:
            found.append((child, path, i))
        elif ctag == SDT:
            for j, content in enumerate(child):
                if content.tag == SDT_CONTENT:
                    found.extend(_wrapped(content, tag, (*path, i, j)))
        elif ctag == CUSTOM_XML:
            found.extend(_wrapped(child, tag, (*path, i)))
    return found


@dataclass
class Options:
    """What the reader adds to what LibreOffice's text export shows (``lo_view`` turns all of them off, for the
    oracle of tests/ingest/test_docx_oracle.py)."""

    lo_view: bool = False


@dataclass
class Body:
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    anchors: list[tuple[int, ...] | None] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every paragraph's text in reading order (cells' included)


class BodyReader:
    """One reading of a document: its numbering counters, notes and styles (see the module's docstring)."""

    def __init__(self, styles, clean: Callable[[str], str], text_block: Callable[..., Block],
                 make_table: Callable[..., Table], numbering=None, notes=None, options: Options | None = None,
                 legacy: Callable | None = None) -> None:
        self.names: dict[str, str] = styles.names
        self.bold: dict[str, bool] = styles.bold
        self.default_id = styles.default_id
        self.clean, self.text_block, self.make_table = clean, text_block, make_table
        self.numbering, self.notes = numbering, notes
        self.options = options or Options()
        self.legacy = legacy  # (w:r, its text, paragraph style id) → Unicode text, for legacy-font documents
        self.out = Body()
        self._style_id: str | None = None
        self._want_bold = True
        self._note_marks = {"footnote": 0, "endnote": 0}
        self.tick: Callable[[], None] | None = None  # told of each body paragraph and table row read (progress)

    # ---------------------------------------------------------------- inline content
    def _run(self, r, out: list[str], boxes: list, bold: list[bool]) -> None:
        parts: list[str] = []
        for e in r:
            tag = e.tag
            if tag == T:
                parts.append(e.text or "")
            elif tag == RPR:
                continue
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
            elif tag == SYM:
                char = e.get(f"{_W}char") or ""
                try:
                    code = int(char, 16)
                except ValueError:
                    continue
                if code < 0xE000 or code > 0xF8FF:  # private-use symbol-font glyphs are no text
                    parts.append(chr(code))
            elif tag in (FOOTNOTE_REF, ENDNOTE_REF):
                if parts:
                    out.append(self._convert(r, "".join(parts)))
                    parts = []
                self._note("footnote" if tag == FOOTNOTE_REF else "endnote", e.get(ID), out)
            elif tag in (DRAWING, PICT):
                boxes.extend(text_boxes(e))
            elif tag == ALTERNATE:
                branch = _chosen(e)
                if branch is not None:
                    boxes.extend(text_boxes(branch))
        if parts:
            text = "".join(parts) if len(parts) > 1 else parts[0]
            if self.legacy is not None and text:
                text = self.legacy(r, text, self._style_id)
            out.append(text)
            if self._want_bold and text.strip():
                b = _run_bold(r)
                bold.append(bool(b or (b is None and self.bold.get(self._style_id or "", False))))

    def _convert(self, r, text: str) -> str:
        return self.legacy(r, text, self._style_id) if self.legacy is not None and text else text

    def _note(self, kind: str, note_id: str | None, out: list[str]) -> None:
        if self.options.lo_view or self.notes is None:
            self._note_marks[kind] += 1
            n = self._note_marks[kind]
            out.append(str(n) if kind == "footnote" else format_number(n, "lowerRoman"))
            return
        text = self.notes.text(kind, note_id)
        if text:
            out.append(self.notes.join("".join(out), text))

    def _inline(self, element, out: list[str], boxes: list, bold: list[bool]) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                self._run(child, out, boxes, bold)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, out, boxes, bold)
            elif tag == SDT:
                content = _first(child, SDT_CONTENT)
                if content is not None:
                    self._inline(content, out, boxes, bold)

    def paragraph(self, p, want_bold: bool = True) -> tuple[str, list, bool, bool, str | None, bool]:
        """(text with its number, text boxes in it, all runs bold, numbered or a bullet, style id, mark deleted).
        ``want_bold``: whether boldness matters (not for a table cell's paragraphs)."""
        ppr = _first(p, PPR)
        style_id = self.default_id
        numpr = None
        deleted = False
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == PSTYLE:
                    style_id = child.get(VAL)
                    if style_id is None:
                        raise ValueError("w:pStyle without w:val")
                elif tag == NUMPR:
                    numpr = child
                elif tag == RPR:
                    deleted = _first(child, DEL) is not None or _first(child, MOVE_FROM) is not None
        self._style_id = style_id
        self._want_bold = want_bold
        out: list[str] = []
        boxes: list = []
        bold: list[bool] = []
        self._inline(p, out, boxes, bold)
        listed = False
        numbering = self.numbering
        if numbering is not None:
            if not deleted and (numpr is not None or style_id in numbering.style_num):
                found = numbering.label(ppr, style_id)
                if found is not None:
                    label, bullet = found
                    listed = True
                    if not bullet and label:
                        out.insert(0, label)
        elif numpr is not None:
            listed = True
        return "".join(out), boxes, bool(bold) and all(bold), listed, style_id, deleted

    # ---------------------------------------------------------------- blocks
    def container(self, element, path: tuple[int, ...], anchor: tuple[int, ...] | None = None) -> None:
        """Blocks of a body-like element (w:body, w:txbxContent, w:sdtContent, a header): paragraphs, tables and
        block-level content controls. ``anchor``: the anchor of every block (text boxes: their paragraph's)."""
        pending = ""
        for i, child in enumerate(element):
            tag = child.tag
            here = (*path, i)
            if tag == P:
                if not path and self.tick is not None:
                    self.tick()
                text, boxes, bold, listed, style_id, deleted = self.paragraph(child)
                for box in boxes:
                    if not self.options.lo_view:
                        self.container(box, here, anchor or here)
                if deleted:
                    pending += text
                    continue
                text, pending = pending + text, ""
                self.out.lines.append(text)
                cleaned = self.clean(text)
                if cleaned:
                    name = self.names.get(style_id or "", "")
                    m = WORD_HEADING_STYLE.match(name)
                    self.out.blocks.append(self.text_block(cleaned, int(m.group(1)) if m else None, bold,
                                                           name.startswith("List") or listed))
                    self.out.anchors.append(anchor or here)
            elif tag == TBL:
                self.table(child, here, anchor)
            elif tag in _BLOCK_WRAPPERS:
                if tag == SDT:
                    for j, content in enumerate(child):
                        if content.tag == SDT_CONTENT:
                            self.container(content, (*here, j), anchor)
                else:
                    self.container(child, here, anchor)

    def cell_lines(self, tc) -> list[str]:
        """A cell's paragraphs, one line each, with its nested tables' cells and its text boxes."""
        lines: list[str] = []
        pending = ""
        for child in tc:
            tag = child.tag
            if tag == P and not pending:
                plain = self._plain(child)
                if plain is not None:
                    lines.append(plain)
                    self.out.lines.append(plain)
                    continue
            if tag == P:
                text, boxes, _bold, _listed, _style, deleted = self.paragraph(child, want_bold=False)
                if not self.options.lo_view:
                    for box in boxes:
                        lines.extend(self.cell_lines(box))
                if deleted:
                    pending += text
                    continue
                lines.append(pending + text)
                self.out.lines.append(pending + text)
                pending = ""
            elif tag == TBL:
                for _tr, _trpr, cells in self._rows(child, ()):
                    for inner, _parent, _i in cells:
                        lines.extend(self.cell_lines(inner))
            elif tag in _BLOCK_WRAPPERS:
                content = _first(child, SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    lines.extend(self.cell_lines(content))
        return lines

    def _rows(self, tbl, path: tuple[int, ...]):
        """(w:tr, its w:trPr, [(w:tc, parent path, index)]) of every row not deleted, row- and cell-level content
        controls opened."""
        tick = self.tick
        for tr, parent, i in _wrapped(tbl, TR, path):
            if tick is not None:
                tick()
            trpr = _first(tr, TRPR)
            if trpr is not None and _first(trpr, DEL) is not None:
                continue
            yield tr, trpr, _wrapped(tr, TC, (*parent, i))

    def _plain(self, p) -> str | None:
        """The text of a paragraph made of plain runs only (text, tabs, breaks) with no number and no change of
        its mark — most table cells —, read without the general walk; None for any other paragraph."""
        numbering = self.numbering
        parts: list[str] = []
        for child in p:
            tag = child.tag
            if tag == R:
                for e in child:
                    etag = e.tag
                    if etag == T:
                        parts.append(e.text or "")
                    elif etag != RPR:
                        return None
            elif tag == PPR:
                for c in child:
                    ctag = c.tag
                    if ctag == NUMPR or (ctag == RPR and (_first(c, DEL) is not None
                                                          or _first(c, MOVE_FROM) is not None)):
                        return None
                    if ctag == PSTYLE and numbering is not None and c.get(VAL) in numbering.style_num:
                        return None
            elif tag not in _MARKS:
                return None
        if self.legacy is not None:
            return None
        if numbering is not None and self.default_id in numbering.style_num:
            return None
        return "".join(parts)

    def table(self, tbl, path: tuple[int, ...], anchor: tuple[int, ...] | None) -> None:
        rows: list[list[object]] = []
        texts: dict[int, str] = {}
        paths: dict[int, tuple[tuple[int, ...], int]] = {}
        above: list[tuple[object, int, tuple[object, int]]] | None = None
        above_before = 0
        cell_lines = self.cell_lines
        for _tr, trpr, cells_of in self._rows(tbl, path):
            before = _grid_before(trpr)
            offset = before
            read: list[tuple[object, int, tuple[object, int]]] = []
            cells: list[object] = []
            for tc, parent, i in cells_of:
                span, continues = _span_and_merge(_first(tc, TCPR))
                if continues:
                    if above is None:
                        raise ValueError("no tr above topmost tr in w:tbl")
                    top, top_span = _at_grid_offset(above, above_before, offset)
                    cells.extend([top] * top_span)
                    cell_lines(tc)  # read (numbering counters, lines), shown by the merge's first cell
                else:
                    top, top_span = tc, span
                    if span == 1:
                        cells.append(tc)
                    else:
                        cells.extend([tc] * span)
                    key = id(tc)
                    texts[key] = "\n".join(cell_lines(tc))
                    paths[key] = (parent, i)
                read.append((tc, span, (top, top_span)))
                offset += span
            rows.append(cells)
            above, above_before = read, before
        table_rows: list[list[str]] = []
        merged: set[int] = set()
        cleaned: dict[int, str] = {}
        row_anchors: list[tuple[int, ...] | None] = []
        for r, cells in enumerate(rows):
            row: list[str] = []
            previous = None
            for i, tc in enumerate(cells):
                if i and tc is previous:
                    row.append("")
                else:
                    key = id(tc)
                    text = cleaned.get(key)
                    if text is None:
                        text = cleaned[key] = self.clean(texts[key])
                    row.append(text)
                previous = tc
            table_rows.append(row)
            if len(cells) > 1 and all(tc is cells[0] for tc in cells):
                merged.add(r)
            if anchor is not None or not cells:
                row_anchors.append(anchor)
                continue
            lengths = [len(x) for x in row]
            tc = cells[lengths.index(max(lengths))]
            first_p = None
            for j, c in enumerate(tc):
                if c.tag == P:
                    first_p = j
                    break
            parent, i = paths[id(tc)]
            row_anchors.append((*parent, i, first_p) if first_p is not None else None)
        if not any(any(c for c in row) for row in table_rows):
            return
        table = self.make_table(len(self.out.tables) + 1, table_rows, merged)
        self.out.tables.append(table)
        self.out.blocks.extend(table.blocks)
        self.out.anchors.extend(row_anchors)


PROGRESS_PARTS = 2000  # a body of this many paragraphs and table rows reports them as they are read
BLOCKS = "khối / blocks"


def read_body(document, styles, clean: Callable[[str], str], text_block: Callable[..., Block],
              make_table: Callable[..., Table], numbering=None, notes=None, options: Options | None = None,
              legacy: Callable | None = None, progress: Callable[[int, int, str], None] | None = None) -> Body:
    """Blocks, tables, anchors and paragraph texts of the document's body, in order. ``progress``: told (parts
    read, parts, :data:`BLOCKS`) — the body's own paragraphs and every table row — from :data:`PROGRESS_PARTS`."""
    reader = BodyReader(styles, clean, text_block, make_table, numbering, notes, options, legacy)
    body = document.element.body
    total = sum(1 for child in body if child.tag == P) + sum(1 for _ in body.iter(TR)) if progress else 0
    if total >= PROGRESS_PARTS:
        done = [0]

        def tick() -> None:
            done[0] += 1
            if done[0] < total:
                progress(done[0], total, BLOCKS)

        reader.tick = tick
    reader.container(body, ())
    if total >= PROGRESS_PARTS:
        progress(total, total, BLOCKS)
    return reader.out
