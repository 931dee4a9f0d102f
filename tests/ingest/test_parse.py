"""Parsing .docx, .pdf and .txt: headings, paragraphs, tables, locations, bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.core.errors import InputError
from pipeline.ingest.headings import RANK_ARABIC, RANK_LETTER, RANK_ROMAN, list_numbering, match_heading
from pipeline.ingest.read import parse_file
from planreview_testing.synthetic import clean_spec


@pytest.mark.parametrize(("text", "rank", "numbering"), [
    ("I. CĂN CỨ PHÁP LÝ", RANK_ROMAN, "I"),
    ("IV. NHIỆM VỤ, GIẢI PHÁP", RANK_ROMAN, "IV"),
    ("1. Mục tiêu chung", RANK_ARABIC, "1"),
    ("2.1. Chính quyền số", RANK_ARABIC + 1, "2.1"),
    ("2.1.3 Hạ tầng số", RANK_ARABIC + 2, "2.1.3"),
    ("a) Kinh tế số", RANK_LETTER, "a"),
    ("Phần thứ nhất: SỰ CẦN THIẾT", 0, "thứ nhất"),
    ("PHẦN II. NỘI DUNG ĐỀ ÁN", 0, "II"),
    ("Chương I. Quy định chung", 1, "I"),
    ("Mục 2. Nhiệm vụ trọng tâm", 2, "2"),
    ("CĂN CỨ XÂY DỰNG ĐỀ ÁN", 3, ""),
])
def test_heading_numbering(text, rank, numbering):
    m = match_heading(text)
    assert m is not None and m.rank == rank and m.numbering == numbering


@pytest.mark.parametrize("text", [
    "1. Triển khai hệ thống quản lý văn bản cho 100% cơ quan, đơn vị trên địa bàn huyện trong năm 2024.",
    "a) Đẩy mạnh tuyên truyền, nâng cao nhận thức của cán bộ, công chức và người dân về chuyển đổi số;",
    "Mục tiêu của Đề án là phát triển chính quyền số.",
    "Chuyển đổi số là xu thế tất yếu.",
])
def test_sentences_and_list_items_are_not_headings(text):
    assert match_heading(text) is None


def test_list_markers():
    assert list_numbering("- Luật Công nghệ thông tin;") == "-"
    assert list_numbering("+ Hỗ trợ hộ sản xuất") == "-"
    assert list_numbering("b) Xây dựng cơ sở dữ liệu đất đai;") == "b"
    assert list_numbering("Văn bản thường") is None


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt"])
def test_parse_keeps_headings_tables_and_locations(make_draft, fmt):
    doc = parse_file(make_draft(clean_spec(), f"parse_clean.{fmt}"))
    headings = [b for b in doc.blocks if b.kind == "heading"]
    texts = [h.text for h in headings]
    assert "II. ĐÁNH GIÁ HIỆN TRẠNG CHUYỂN ĐỔI SỐ CỦA HUYỆN" in texts
    assert "IV. NHIỆM VỤ, GIẢI PHÁP" in texts
    (table,) = doc.tables
    assert table.rows[0][:3] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert table.rows[-1][1] == "Tổng cộng"
    assert len(table.rows) == 1 + 3 + 8 + 1  # header, 3 group rows, 8 tasks, total
    assert [b.location.paragraph for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert all(b.location.table == 1 and b.location.row == i for i, b in enumerate(table.blocks, start=1))
    bullets = [b for b in doc.blocks if b.text.startswith("- Luật")]
    assert bullets and all(b.is_list_item for b in bullets)
    if fmt == "pdf":
        assert doc.pages and doc.pages >= 2
        assert all(b.location.page for b in doc.blocks)


def test_docx_merged_group_rows_and_heading_styles(make_draft):
    doc = parse_file(make_draft(clean_spec(), "merged.docx"))
    table = doc.tables[0]
    group = table.rows[1]
    assert group[0] == "I" and group[1] == "Chính quyền số" and not any(group[2:])
    styled = [b for b in doc.blocks if b.kind == "heading" and b.text.startswith("1. Chính quyền số")]
    assert styled


def test_docx_without_heading_styles_uses_numbering(make_draft):
    doc = parse_file(make_draft(clean_spec(heading_styles=False), "nostyle.docx"))
    assert any(b.kind == "heading" and b.numbering == "III" for b in doc.blocks)


def _encode_cp1258(text: str) -> bytes:
    """Windows-1258 stores letters such as "ế" as a precomposed vowel ("ê") plus a combining tone mark."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            try:
                out += unicodedata.normalize("NFC", d[:2]).encode("cp1258") + d[2:].encode("cp1258")
            except UnicodeEncodeError:
                out += d.encode("cp1258")
    return out


def test_txt_in_windows_1258_is_decoded(tmp_path):
    path = tmp_path / "cp1258.txt"
    text = "I. CĂN CỨ PHÁP LÝ\nQuyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ.\n"
    path.write_bytes(_encode_cp1258(text))
    doc = parse_file(path)
    assert doc.blocks[0].text == "I. CĂN CỨ PHÁP LÝ"
    assert "749/QĐ-TTg" in doc.blocks[1].text


def test_txt_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Kế hoạch chuyển đổi số\n".encode("utf-16"))
    assert parse_file(path).blocks[0].text == "Kế hoạch chuyển đổi số"


def _expect_input_error(path, *words):
    with pytest.raises(InputError) as info:
        parse_file(path)
    message = info.value.one_line()
    assert "\n" not in message
    for word in words:
        assert word in message
    return message


def test_missing_file(tmp_path):
    _expect_input_error(tmp_path / "khong-co.docx", "Không tìm thấy", "not found")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    _expect_input_error(path, "rỗng", "Empty")


def test_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("đây không phải tệp Word", encoding="utf-8")
    _expect_input_error(path, ".docx", "Not a valid .docx")


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    _expect_input_error(path, "hỏng", "Corrupt .docx")


def test_docx_with_no_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    _expect_input_error(path, "không có nội dung", "no text")


def test_old_doc_format(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    _expect_input_error(path, ".doc", ".docx")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "plan.pages"
    path.write_bytes(b"abc")
    _expect_input_error(path, "không được hỗ trợ", "Unsupported")


def test_scanned_pdf_without_text(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)  # a page with only graphics, as a scan without OCR
    c.showPage()
    c.save()
    _expect_input_error(path, "OCR", "no text layer")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage garbage")
    _expect_input_error(path, "PDF", "cannot be read")


def test_pdf_line_with_leading_spaces_is_read(tmp_path):
    """pdfium finds no character at the left edge of a text box that opens with spaces (get_index → None);
    such a valid PDF was refused as corrupt."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    path = tmp_path / "indented.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("DejaVu", 12)
    c.drawString(72, 700, "KẾ HOẠCH Chuyển đổi số xã Tân Hòa năm 2026")
    c.drawString(72, 660, "     Phát triển chính quyền số, nâng cao hiệu quả phục vụ người dân.")
    c.save()
    doc = parse_file(path)
    assert any(b.text.startswith("Phát triển chính quyền số") for b in doc.blocks)


def test_pdf_lines_read_from_the_page_text_equal_pdfiums_bounded_read():
    """Each text rect of a page is read as a slice of the page's text (pdfium's bounded read of every rect
    searches the whole page: quadratic); on every PDF of the repository the lines are the same."""
    from pathlib import Path

    import pypdfium2 as pdfium

    from pipeline.core.textnorm import normalize_text
    from pipeline.ingest.pdf import _pdfium_lines

    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("samples/*.pdf")) + sorted(root.glob("tests/data/realistic/*.pdf"))
    assert len(files) >= 3
    compared = 0
    for path in files:
        document = pdfium.PdfDocument(str(path))
        for page in document:
            textpage = page.get_textpage()
            bounded = [normalize_text(textpage.get_text_bounded(*textpage.get_rect(r)))
                       for r in range(textpage.count_rects())]
            fast = [normalize_text(line["text"]) for line in _pdfium_lines(page)]
            # runs of one line are joined into it (a bold word, a raised footnote mark): same text, fewer lines
            assert "".join(fast).replace(" ", "") == "".join(bounded).replace(" ", ""), path.name
            assert len(fast) <= len([text for text in bounded if text])
            compared += len(fast)
    assert compared > 300


def test_pdf_table_pages_fall_back_to_pdfplumber_with_the_same_result(monkeypatch):
    """Ruled tables are read with pdfium (pdf_tables.py); a page it cannot read (rotated, cropped) or fails on
    goes through pdfplumber as before — and gives the same blocks and tables."""
    from pipeline.ingest import pdf_tables

    sample = Path(__file__).resolve().parents[2] / "samples" / "de-an-cds-tay-son.pdf"
    fast = parse_file(sample)
    calls: list[int] = []

    def fail(page, textpage=None):
        calls.append(1)
        raise ValueError("unreadable rulings")

    monkeypatch.setattr(pdf_tables, "page_tables", fail)
    slow = parse_file(sample)
    assert calls and fast.tables and len(fast.tables[0].rows) > 5
    assert [t.rows for t in slow.tables] == [t.rows for t in fast.tables]
    assert [(b.kind, b.text, b.location.label()) for b in slow.blocks] == [
        (b.kind, b.text, b.location.label()) for b in fast.blocks]


def test_pdfium_does_not_read_tables_of_rotated_or_cropped_pages(tmp_path):
    """pdf_tables measures from an unrotated, uncropped page's top-left, as pdfplumber does; other pages are
    left to pdfplumber."""
    import pypdf
    import pypdfium2 as pdfium

    from pipeline.ingest import pdf_tables

    sample = Path(__file__).resolve().parents[2] / "samples" / "de-an-cds-tay-son.pdf"
    reader = pypdf.PdfReader(sample)
    writer = pypdf.PdfWriter()
    for page in reader.pages[:3]:
        writer.add_page(page)
    writer.pages[1].rotate(90)
    writer.pages[2].cropbox.lower_left = (20, 20)
    path = tmp_path / "turned.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    document = pdfium.PdfDocument(str(path))
    assert [pdf_tables.can_read(document[i]) for i in range(3)] == [True, False, False]
    assert parse_file(path).blocks


def test_reading_a_pdf_with_a_ruled_table_needs_no_pdfminer():
    """Speed (issue 13): pdfplumber/pdfminer (0.1 s to import, 0.1–0.25 s a table page) only for pages pdfium
    cannot read."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = ("import sys; from pipeline.ingest.read import parse_file; "
            "doc = parse_file('samples/de-an-cds-tay-son.pdf'); assert doc.tables; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer')); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=root)


def test_a_raised_footnote_mark_keeps_its_line_in_order():
    """A LibreOffice PDF draws "đạt 55%", the footnote mark "1" a little higher, then "; 100% xã …" as three runs:
    one line, in that order (before: the mark sorted above the line, the line's runs out of order, and the
    status figure read as no baseline)."""
    from pipeline.ingest.read import parse_file

    gated = Path(__file__).resolve().parents[1] / "data" / "gated" / "g12-ke-hoach-tinh-ha-nguyen-2026-2030.pdf"
    text = next(b.text for b in parse_file(gated).blocks if "55%" in b.text)
    assert "toàn trình đạt 55%1; 100% xã, phường vận hành" in text
    assert text.index("55%") < text.index("64%")
