"""The submitted .docx with a Word comment at each finding: `<name>.annotated.docx`.

Comments are anchored at the paragraph (or table cell) the finding points to; findings about the
whole document sit on the title. Nothing else of the document changes.
"""

from __future__ import annotations

from pathlib import Path

from .render import _atomic_save
from .review import ReviewResult
from .rules_loader import SEVERITY_LABELS

FINGERPRINT_LABEL = "Mã phát hiện"


def _with_runs(paragraphs: list, start: int):
    """The first paragraph from ``start`` on (then backwards) that has runs to anchor a comment on."""
    order = list(range(start, len(paragraphs))) + list(range(start - 1, -1, -1))
    return next((paragraphs[i] for i in order if paragraphs[i] is not None and paragraphs[i].runs), None)


def annotate_docx(result: ReviewResult, source: Path, target: Path, author: str = "planreview") -> int:
    """Write ``target``: ``source`` with one comment per finding. Returns the number of comments."""
    import docx
    from docx.table import Table as DocxTable

    from .parse import _read_docx

    document = docx.Document(str(source))
    refs: list = []
    _read_docx(document, DocxTable, refs)
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
    _atomic_save(lambda tmp: document.save(str(tmp)), target)
    return count
