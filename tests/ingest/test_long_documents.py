"""Long drafts (issues 32 and 35): a PDF's pages loaded once each, its reading reported page by page, and a large
.docx's XML tree freed as soon as it is read."""

from __future__ import annotations

import gc
import io

import pypdfium2
import pytest

from pipeline.ingest import pdf as pdf_reader
from pipeline.ingest.read import LARGE_DOCUMENT_BLOCKS, parse_file
from pipeline.review.stages import ReviewHooks
from planreview_testing.synthetic import clean_spec, write_draft


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """A 40-odd-page PDF with a task table running over several pages (reportlab)."""
    path = write_draft(clean_spec(extra_paragraphs=420, extra_tasks=60), tmp_path_factory.mktemp("long") / "d.pdf")
    pages = len(pypdfium2.PdfDocument(str(path)))
    assert pages >= pdf_reader.PROGRESS_PAGES
    return path, pages


def test_each_pdf_page_is_loaded_once(long_pdf, monkeypatch):
    """The scan test, the text lines and the ruled tables of a page share one loaded page (they loaded it three
    times, table pages' text twice); the document read is the same."""
    path, pages = long_pdf
    loaded: list[int] = []
    textpages: list[int] = []
    get_page, get_textpage = pypdfium2.PdfDocument.get_page, pypdfium2.PdfPage.get_textpage
    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", lambda self, i: loaded.append(i) or get_page(self, i))
    monkeypatch.setattr(pypdfium2.PdfPage, "get_textpage",
                        lambda self, *a, **k: textpages.append(1) or get_textpage(self, *a, **k))
    doc = parse_file(path)
    assert sorted(loaded) == list(range(pages))
    assert len(textpages) == pages
    assert doc.tables and any(len(t.rows) > 20 for t in doc.tables)


def test_pdf_reading_is_reported_page_by_page(long_pdf):
    path, pages = long_pdf
    told: list[tuple[int, int, str]] = []
    parse_file(path, progress=lambda done, total, unit: told.append((done, total, unit)))
    assert [d for d, _, _ in told] == list(range(1, pages + 1)) and {(t, u) for _, t, u in told} == {
        (pages, "trang / page")}


def test_a_short_pdf_reports_no_pages(tmp_path):
    path = write_draft(clean_spec(), tmp_path / "short.pdf")
    told: list[tuple[int, int, str]] = []
    parse_file(path, progress=lambda *args: told.append(args))
    assert len(pypdfium2.PdfDocument(str(path))) < pdf_reader.PROGRESS_PAGES and told == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_only_on_a_terminal():
    assert ReviewHooks.shown(io.StringIO()) is None  # piped, tests, the web server: nothing
    screen = _Terminal()
    show = ReviewHooks.shown(screen)
    for done in range(1, 486):
        show(done, 485, "trang / page")
    lines = screen.getvalue().split("\r")
    assert lines[-1] == "      trang / page 485/485\n"
    assert 2 <= len(lines) < 100  # rewritten in place a few times a second, not once per page


def test_docx_reading_is_reported_by_paragraphs_and_rows(tmp_path):
    """A long .docx: its own paragraphs and every task row told as read, to the last; a short one tells nothing."""
    path = write_draft(clean_spec(extra_tasks=LARGE_DOCUMENT_BLOCKS), tmp_path / "tasks.docx")
    told: list[tuple[int, int, str]] = []
    doc = parse_file(path, progress=lambda *args: told.append(args))
    total = told[-1][1]
    assert total > LARGE_DOCUMENT_BLOCKS and told[-1] == (total, total, "khối / blocks")
    assert [d for d, _, _ in told] == list(range(1, total + 1)) and len(doc.blocks) <= total
    short: list[tuple[int, int, str]] = []
    parse_file(write_draft(clean_spec(), tmp_path / "short.docx"), progress=lambda *args: short.append(args))
    assert short == []


def test_a_large_docx_tree_is_freed_when_read(tmp_path):
    """python-docx's package and parts refer to each other: without a collection the XML tree of a large draft
    (300 MiB for 20,000 tasks) would live on through the review, whose collector the CLI pauses."""
    import docx.document

    path = write_draft(clean_spec(extra_tasks=LARGE_DOCUMENT_BLOCKS), tmp_path / "tasks.docx")
    gc.collect()
    gc.disable()
    try:
        doc = parse_file(path)
        alive = sum(isinstance(o, docx.document.Document) for o in gc.get_objects())
    finally:
        gc.enable()
    assert len(doc.blocks) >= LARGE_DOCUMENT_BLOCKS and alive == 0
