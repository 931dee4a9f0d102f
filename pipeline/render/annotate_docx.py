"""The submitted .docx with a Word comment at each finding: `<name>.annotated.docx`.

Comments are anchored at the paragraph (or table cell) the finding points to; findings about the
whole document sit on the title. Nothing else of the document changes.

The anchors come from the already-parsed document: ingest/docx.py made one block per non-empty body paragraph
and one per row of each non-empty table, in body order, so the body's XML elements are matched to the
blocks without reading their text again (a table row is anchored in the cell whose parsed text is the
longest). Only if that count disagrees with the parse (a document python-docx reads differently) is the
draft walked again with :func:`pipeline.ingest.read.read_docx`.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.analyse.parent_plan import ROLE_LABELS
from pipeline.core.atomic_io import atomic_save
from pipeline.core.model import SEVERITY_LABELS
from pipeline.ingest.docx import read_docx, resolve_anchor
from pipeline.review.reviewer import ReviewResult

if TYPE_CHECKING:
    from pipeline.core.model import Block

FINGERPRINT_LABEL = "Mã phát hiện"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the text python-docx's Paragraph.text reads (runs directly in the paragraph or in a hyperlink)
_TEXT = (f"{_W}r/{_W}t", f"{_W}hyperlink/{_W}r/{_W}t")


def _with_runs(paragraphs: list, start: int):
    """The first paragraph from ``start`` on (then backwards) that has runs to anchor a comment on."""
    order = chain(range(start, len(paragraphs)), range(start - 1, -1, -1))  # lazily: one finding per row is common
    return next((paragraphs[i] for i in order if paragraphs[i] is not None and paragraphs[i].runs), None)


class _Anchor:
    """A paragraph element of the body, wrapped as a python-docx Paragraph only when a comment needs it."""

    __slots__ = ("element", "parent", "_paragraph")

    def __init__(self, element, parent):
        self.element, self.parent, self._paragraph = element, parent, None

    @property
    def paragraph(self):
        if self._paragraph is None:
            from docx.text.paragraph import Paragraph

            self._paragraph = Paragraph(self.element, self.parent)
        return self._paragraph

    @property
    def runs(self):
        return self.paragraph.runs


class _TableRows:
    """The anchors of one table's rows, found row by row only as far as a comment needs them (a vertical merge
    is followed from the top, so rows are read in order; a 20,000-row table with two findings reads few)."""

    def __init__(self, rows: list, blocks: list[Block], parent, tc_tag: str, p_tag: str):
        self.rows, self.blocks, self.parent, self.tc_tag, self.p_tag = rows, blocks, parent, tc_tag, p_tag
        self.top: dict[int, object] = {}  # grid column → the first cell of its vertical merge
        self.found: list = []  # the <w:p> (or None) of each row read so far

    def element(self, k: int):
        while len(self.found) <= k:
            tr, block = self.rows[len(self.found)], self.blocks[len(self.found)]
            texts = block.cells or []
            # python-docx's row.cells repeats a horizontally merged cell per grid column; parse kept its text
            # in the first column only, so the longest parsed text names a grid column: map it to its <w:tc>
            column = max(range(len(texts)), key=lambda i: len(texts[i])) if texts else 0
            tc = _cell_at_column(list(tr.iterchildren(self.tc_tag)), column, self.top)
            self.found.append(next(tc.iterchildren(self.p_tag), None) if tc is not None else None)
        return self.found[k]


class _RowAnchor:
    """The anchor of table row ``k``, found when first asked for (false when its cell has no paragraph, as a
    missing anchor is None)."""

    __slots__ = ("table", "k", "_paragraph")

    def __init__(self, table: _TableRows, k: int):
        self.table, self.k, self._paragraph = table, k, None

    def __bool__(self) -> bool:
        return self.element is not None

    @property
    def element(self):
        return self.table.element(self.k)

    @property
    def paragraph(self):
        if self._paragraph is None:
            from docx.text.paragraph import Paragraph

            self._paragraph = Paragraph(self.element, self.table.parent)
        return self._paragraph

    @property
    def runs(self):
        return self.paragraph.runs if self else []


def _has_text(element) -> bool:
    return any((t.text or "").strip() for path in _TEXT for t in element.iterfind(path))


def anchors_from_parse(document, result: ReviewResult) -> list | None:
    """For each parsed block, the paragraph to anchor its comments on; None if the body does not match."""
    from docx.oxml.ns import qn

    blocks = result.seg.doc.blocks
    tables = iter(result.seg.doc.tables)
    anchors: list = []
    body = document.element.body
    tbl_tag, p_tag, tr_tag, tc_tag = qn("w:tbl"), qn("w:p"), qn("w:tr"), qn("w:tc")
    for child in body.iterchildren(p_tag, tbl_tag):
        if child.tag == p_tag:
            if _has_text(child):
                anchors.append(_Anchor(child, document._body))
            continue
        if not any(_has_text(p) for p in child.iter(p_tag)):
            continue  # parse skips tables without any text
        table = next(tables, None)
        if table is None:
            return None
        rows = list(child.iterchildren(tr_tag))
        if len(rows) != len(table.blocks):
            return None
        rows_of = _TableRows(rows, table.blocks, document._body, tc_tag, p_tag)
        anchors.extend(_RowAnchor(rows_of, k) for k in range(len(rows)))
    return anchors if len(anchors) == len(blocks) else None


_HIDDEN = {f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent"}


class _PathAnchor:
    """The paragraph at a path the parse recorded (ingest/docx_body.py), found when a comment needs it; its runs
    are every run Word shows in it (also inside insertions, hyperlinks and content controls, never in deletions
    or text boxes), so a paragraph whose text is all a tracked insertion still carries its comment."""

    __slots__ = ("document", "path", "_runs")

    def __init__(self, document, path: tuple[int, ...]):
        self.document, self.path, self._runs = document, path, None

    @property
    def runs(self):
        if self._runs is None:
            from docx.text.paragraph import Paragraph
            from docx.text.run import Run

            element = resolve_anchor(self.document, self.path)
            self._runs = []
            if element is not None and element.tag == f"{_W}p":
                paragraph = Paragraph(element, self.document._body)
                for r in element.iter(f"{_W}r"):
                    parent = r.getparent()
                    hidden = False
                    while parent is not None and parent is not element:
                        if parent.tag in _HIDDEN:
                            hidden = True
                            break
                        parent = parent.getparent()
                    if not hidden:
                        self._runs.append(Run(r, paragraph))
        return self._runs


def anchors_from_paths(document, result: ReviewResult) -> list | None:
    """The anchors the parse recorded for each block (None when it recorded none, e.g. a converted .doc)."""
    doc = result.seg.doc
    if doc.anchors is None or len(doc.anchors) != len(doc.blocks):
        return None
    return [_PathAnchor(document, path) if path is not None else None for path in doc.anchors]


def _grand_child(element, child_tag: str, tag: str):
    """``element.find("child/tag")`` (the first match in document order) without lxml's Python ElementPath."""
    for child in element.iterchildren(child_tag):
        for found in child.iterchildren(tag):
            return found
    return None


_TCPR, _GRID_SPAN, _VMERGE, _VAL = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"


def _cell_at_column(cells: list, column: int, top: dict[int, object]):
    """The <w:tc> covering grid column ``column`` (cells spanning columns count their gridSpan; a cell that
    continues a vertical merge stands for the merge's first cell, as python-docx's ``row.cells`` says)."""
    position, found = 0, None
    for tc in cells:
        span = _grand_child(tc, _TCPR, _GRID_SPAN)
        width = int(span.get(_VAL)) if span is not None else 1
        vmerge = _grand_child(tc, _TCPR, _VMERGE)
        if vmerge is None or vmerge.get(_VAL) == "restart":
            top[position] = tc
        elif position in top:
            tc = top[position]
        if found is None and position <= column < position + width:
            found = tc
        position += width
    return found if found is not None else (cells[-1] if cells else None)


def annotate_docx(result: ReviewResult, source: Path, target: Path, author: str = "planreview") -> int:
    """Write ``target``: ``source`` with one comment per finding. Returns the number of comments."""
    import docx

    document = docx.Document(str(source))
    refs = anchors_from_paths(document, result)
    if refs is None:
        refs = anchors_from_parse(document, result)
    if refs is None:  # the parse and this reading disagree: walk the draft again, as the parse did
        from docx.table import Table as DocxTable


        refs = []
        read_docx(document, DocxTable, refs)
    if not refs:
        return 0
    count = 0
    parking: _CommentParking | None = None
    notes = [((f.location.paragraph - 1) if f.location and f.location.paragraph else 0,
              f"[{f.rule_id}] {f.title} — mức {SEVERITY_LABELS[f.severity]}",
              [f.message, f"Đề xuất: {f.suggestion}"]
              # lets `planreview merge` and planreview.toml's [[accepted]] name this finding
              + ([f"{FINGERPRINT_LABEL}: {f.fingerprint}"] if f.fingerprint else [])) for f in result.findings]
    notes += parent_notes(result)
    for index, head, lines in notes:
        paragraph = _with_runs(refs, min(index, len(refs) - 1))
        if paragraph is None:
            continue
        comment = document.add_comment(paragraph.runs, text=head, author=author, initials="PR")
        for line in lines:
            comment.add_paragraph(line)
        count += 1
        if parking is None:
            parking = _CommentParking(document, len(notes))
        parking.park()
    if parking is not None:
        parking.restore()
    atomic_save(lambda tmp: document.save(str(tmp)), target)
    return count


def parent_notes(result: ReviewResult) -> list[tuple[int, str, list[str]]]:
    """A comment on each draft task carrying out a task of the plan above (--parent): which one, its score."""
    comparison = getattr(result, "parent", None)
    if comparison is None:
        return []
    out = []
    for pair in comparison.tasks:
        where = pair.draft.location if pair.draft is not None else None
        if where is None or not where.paragraph:
            continue
        a = pair.assignment
        out.append((where.paragraph - 1, f"[Kế hoạch cấp trên] Cụ thể hóa nhiệm vụ {a.number} của "
                                         f"{comparison.parent.label()}",
                    [f"Nhiệm vụ cấp trên giao ({a.by}, {ROLE_LABELS[a.role]}): {a.task.text}",
                     f"Điểm khớp nội dung: {pair.score:.2f} (từ {comparison.threshold:.2f} là đã cụ thể hóa)."]))
    return out


class _CommentParking:
    """python-docx gives each new comment the highest id of *all* comments + 1, read anew on every
    ``add_comment``: quadratic (a draft with 20,000 findings took many minutes). While comments are added,
    only the comment with the highest id stays in the comments part (the others wait, in order, and are put
    back before saving), so python-docx computes the same ids in constant time. Unused (python-docx does its
    own thing) when its comments part cannot be reached or ids would near 2³¹."""

    def __init__(self, document, planned: int):
        self.element = None
        self.children: list = []
        try:
            element = document.comments._comments_elm
            ids = [int(x) for x in element.xpath("./w:comment/@w:id")]
        except (AttributeError, ValueError):
            return
        if max(ids, default=-1) + planned + 1 >= 2**31 - 1:
            return
        self.element, self.children = element, list(element)  # every comment, in order, the new one last

    def park(self) -> None:
        """Leave in the part only the comment just added (it has the highest id)."""
        if self.element is None:
            return
        for child in list(self.element)[:-1]:
            self.element.remove(child)
        added = self.element[-1]
        if not self.children or added is not self.children[-1]:
            self.children.append(added)

    def restore(self) -> None:
        if self.element is None:
            return
        for child in list(self.element):
            self.element.remove(child)
        for child in self.children:
            self.element.append(child)
