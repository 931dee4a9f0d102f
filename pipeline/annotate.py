"""The submitted .docx with a Word comment at each finding: `<name>.annotated.docx`.

Comments are anchored at the paragraph (or table cell) the finding points to; findings about the
whole document sit on the title. Nothing else of the document changes.

The anchors come from the already-parsed document: parse.py made one block per non-empty body paragraph
and one per row of each non-empty table, in body order, so the body's XML elements are matched to the
blocks without reading their text again (a table row is anchored in the cell whose parsed text is the
longest). Only if that count disagrees with the parse (a document python-docx reads differently) is the
draft walked again with :func:`pipeline.parse.read_docx`.
"""

from __future__ import annotations

from pathlib import Path

from .atomic_io import atomic_save
from .review import ReviewResult
from .rules_loader import SEVERITY_LABELS

FINGERPRINT_LABEL = "Mã phát hiện"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the text python-docx's Paragraph.text reads (runs directly in the paragraph or in a hyperlink)
_TEXT = (f"{_W}r/{_W}t", f"{_W}hyperlink/{_W}r/{_W}t")


def _with_runs(paragraphs: list, start: int):
    """The first paragraph from ``start`` on (then backwards) that has runs to anchor a comment on."""
    order = list(range(start, len(paragraphs))) + list(range(start - 1, -1, -1))
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
        rows = child.findall(tr_tag)
        if len(rows) != len(table.blocks):
            return None
        top: dict[int, object] = {}  # grid column → the first cell of its vertical merge
        for tr, block in zip(rows, table.blocks):
            texts = block.cells or []
            # python-docx's row.cells repeats a horizontally merged cell per grid column; parse kept its text
            # in the first column only, so the longest parsed text names a grid column: map it to its <w:tc>
            column = max(range(len(texts)), key=lambda i: len(texts[i])) if texts else 0
            tc = _cell_at_column(tr.findall(tc_tag), column, top)
            paragraph = tc.find(p_tag) if tc is not None else None
            anchors.append(_Anchor(paragraph, document._body) if paragraph is not None else None)
    return anchors if len(anchors) == len(blocks) else None


def _cell_at_column(cells: list, column: int, top: dict[int, object]):
    """The <w:tc> covering grid column ``column`` (cells spanning columns count their gridSpan; a cell that
    continues a vertical merge stands for the merge's first cell, as python-docx's ``row.cells`` says)."""
    from docx.oxml.ns import qn

    position, found = 0, None
    for tc in cells:
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        width = int(span.get(qn("w:val"))) if span is not None else 1
        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if vmerge is None or vmerge.get(qn("w:val")) == "restart":
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
    refs = anchors_from_parse(document, result)
    if refs is None:  # the parse and this reading disagree: walk the draft again, as the parse did
        from docx.table import Table as DocxTable

        from .parse import read_docx

        refs = []
        read_docx(document, DocxTable, refs)
    if not refs:
        return 0
    count = 0
    for f in result.findings:
        index = (f.location.paragraph - 1) if f.location and f.location.paragraph else 0
        paragraph = _with_runs(refs, min(index, len(refs) - 1))
        if paragraph is None:
            continue
        comment = document.add_comment(paragraph.runs, text=f"[{f.rule_id}] {f.title} — mức "
                                                            f"{SEVERITY_LABELS[f.severity]}", author=author,
                                       initials="PR")
        comment.add_paragraph(f.message)
        comment.add_paragraph(f"Đề xuất: {f.suggestion}")
        if f.fingerprint:  # lets `planreview merge` and planreview.toml's [[accepted]] name this finding
            comment.add_paragraph(f"{FINGERPRINT_LABEL}: {f.fingerprint}")
        count += 1
    atomic_save(lambda tmp: document.save(str(tmp)), target)
    return count
