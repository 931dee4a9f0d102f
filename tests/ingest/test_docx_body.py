"""The .docx reader (pipeline/ingest/docx_body.py over docx.py) on hand-written XML and on the Word-feature corpus
(planreview_testing/gen_word_features.py): what Word displays is what is read — automatic numbers, accepted
changes, footnotes at their anchor, text boxes once, content controls, the header block in a page header. Expected
values are the literals the generator planted. (That every paragraph equals LibreOffice's own reading is
tests/ingest/test_docx_oracle.py.)"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def features(tmp_path_factory) -> dict[str, Path]:
    from planreview_testing.gen_word_features import write_corpus

    return {p.stem: p for p in write_corpus(tmp_path_factory.mktemp("features"), combinations=2)}


def _texts(path: Path) -> list[str]:
    from pipeline.ingest.read import parse_file

    return [b.text for b in parse_file(path).blocks]


def test_numbering_labels_are_read(features):
    texts = _texts(features["numbering-levels"])
    assert texts[2:9] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
                          "a) Nâng cao hiệu quả hoạt động của chính quyền xã trên môi trường số.",
                          "b) Bảo đảm người dân được tiếp cận dịch vụ công trực tuyến thuận lợi.", "2. Yêu cầu",
                          "a) Phân công rõ người, rõ việc, rõ thời gian, rõ kết quả.", "II. NHIỆM VỤ, GIẢI PHÁP"]
    legal = _texts(features["numbering-legal"])
    assert "1.1. Hạ tầng số" in legal and "1.2.1. Làm sạch dữ liệu dân cư phục vụ thủ tục hành chính." in legal
    assert "2.1. Ngân sách xã" in legal  # isLgl: the Roman parent drawn as a decimal, as Word does
    part = _texts(features["numbering-part"])
    assert part[2] == "Phần I. SỰ CẦN THIẾT XÂY DỰNG KẾ HOẠCH" and part[5] == "Phần II. NỘI DUNG KẾ HOẠCH"
    assert part[6:9] == ["Mục 1. Mục tiêu", "1.1. Mục tiêu đến năm 2026", "1.2. Mục tiêu đến năm 2030"]
    listed = _texts(features["numbering-list-style"])  # w:numStyleLink → the list style's own list
    assert listed[2:] == ["I. ĐÁNH GIÁ THỰC TRẠNG", "1. Hạ tầng số", "2. Nhân lực số", "II. NHIỆM VỤ TRỌNG TÂM"]


def test_lists_continue_restart_and_override(features):
    texts = _texts(features["numbering-start-restart"])
    assert [t.split()[0] for t in texts[3:]] == ["1.", "2.", "3.", "a)", "b)", "1.", "2.", "IV.", "V.", "E.", "F."]


def test_headings_numbered_through_their_style_do_not_nest(features):
    from pipeline.analyse.segment import segment
    from pipeline.ingest.read import parse_file
    from pipeline.rules.loader import load_rules

    doc = parse_file(features["numbering-heading-styles"])
    assert [b.text for b in doc.blocks if b.kind == "heading"][2:6] == [
        "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "II. MỤC TIÊU", "1. Mục tiêu chung", "2. Mục tiêu cụ thể"]
    assert "Không đánh số (numId 0)" in [b.text for b in doc.blocks]  # numId 0 removes the style's number
    ranks = {b.text: b.heading_rank for b in doc.blocks if b.kind == "heading"}
    assert ranks["I. CĂN CỨ XÂY DỰNG KẾ HOẠCH"] == ranks["II. MỤC TIÊU"] == ranks["III. NHIỆM VỤ"]
    sections = segment(doc, load_rules()).sections
    roman = [s for s in sections if s.numbering in ("I", "II", "III")]
    assert [s.numbering for s in roman] == ["I", "II", "III"]
    assert not any(c.numbering in ("II", "III") for s in roman for c in s.children)  # side by side, not nested
    assert [c.numbering for c in roman[1].children] == ["1", "2", ""]  # the numId-0 heading has no number


def test_bullets_and_table_numbers(features):
    from pipeline.ingest.read import parse_file

    doc = parse_file(features["numbering-bullets"])
    items = [b for b in doc.blocks if "%" in b.text]
    assert items and all(b.is_list_item for b in items) and items[0].text.startswith("Tỷ lệ hồ sơ")
    table = parse_file(features["numbering-in-table"]).tables[0]
    assert [r[0] for r in table.rows] == ["STT", "I", "1.", "2.", "II", "3."]


def test_tracked_changes_read_as_accepted(features):
    from pipeline.ingest.read import parse_file

    doc = parse_file(features["tracked-paragraphs"])
    texts = [b.text for b in doc.blocks]
    assert texts[2].endswith("phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;")
    assert "Giao Văn phòng HĐND và UBND xã chủ trì, kinh phí 150 triệu đồng." in texts
    assert "Bổ sung nhiệm vụ xây dựng kho dữ liệu dùng chung của xã." in texts
    assert "Đoạn tiếp theo sau đoạn đã xóa." in texts and not any("bị xóa" in t for t in texts)
    assert "Câu ở lại." in texts and "Câu đứng trước. Câu được chuyển đi." in texts
    assert doc.changes == 11 and doc.comments == 0  # planted: 5 insertions, 4 deletions, one move (from + to)
    table = parse_file(features["tracked-table"])
    rows = table.tables[0].rows
    assert [r[0] for r in rows] == ["STT", "1", "2", "3"]  # the inserted row read, the deleted row gone
    assert rows[1][2] == "Văn phòng HĐND và UBND xã"


def test_footnote_joined_at_its_anchor_is_one_citation(features):
    from pipeline.analyse.citations import extract_citations
    from pipeline.ingest.read import parse_file

    doc = parse_file(features["footnotes"])
    found = [c for c in extract_citations(doc.blocks) if c.number == "749"]
    assert len(found) == 1
    assert found[0].date == "2020-06-03" and found[0].location.paragraph == 3
    nq = [c for c in extract_citations(doc.blocks) if c.number == "52"]
    assert len(nq) == 1 and nq[0].date == "2019-09-27"
    assert doc.blocks[4].text == ("Đến năm 2026, 80% hồ sơ được giải quyết trực tuyến (Tính trên tổng số hồ sơ thủ tục "
                                  "hành chính của xã).")  # an explanatory note: in parentheses


def test_text_boxes_read_once_and_header_block_found(features):
    from pipeline.analyse.citations import plan_identity
    from pipeline.ingest.read import parse_file

    texts = _texts(features["textboxes"])
    assert texts.count("Số: 45/KH-UBND") == 1  # DrawingML choice read, its VML fallback not
    assert texts[:3] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA ĐÔNG", "Số: 45/KH-UBND"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "KẾ HOẠCH" in texts  # VML-only and wps-only boxes
    for name in ("textboxes", "page-header", "content-controls"):
        identity = plan_identity(parse_file(features[name]).blocks)
        assert identity.own_number == "45/KH-UBND" and identity.issued_on == "2026-03-12", name
    header = _texts(features["page-header"])
    assert header[0] == "ỦY BAN NHÂN DÂN XÃ TÂN HÒA ĐÔNG" and "Kế hoạch chuyển đổi số xã Tân Hòa Đông" not in header
    inline = _texts(features["textbox-in-text"])
    assert inline[2:] == ["Ban Chỉ đạo chuyển đổi số xã",
                          "Sơ đồ tổ chức thực hiện: Tổ giúp việc gồm công chức các bộ phận."]


def test_content_controls_fields_and_nested_tables(features):
    from pipeline.ingest.read import parse_file

    doc = parse_file(features["content-controls"])
    assert [b.text for b in doc.blocks[:4]] == ["Số: 45/KH-UBND", "Tân Hòa Đông, ngày 12 tháng 3 năm 2026", "KẾ HOẠCH",
                                                "Chuyển đổi số xã Tân Hòa Đông năm 2026"]
    assert [r[1] for r in doc.tables[0].rows][1:] == [
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Tuyên truyền kỹ năng số cho người dân qua Tổ công nghệ số cộng đồng"]
    assert _texts(features["fields"])[2:] == ["Bảng 1. Danh mục nhiệm vụ trọng tâm", "Xem Phụ lục I kèm theo.",
                                              "Liên kết Cổng dịch vụ công của tỉnh.", "Phụ lục I: Danh mục nhiệm vụ"]
    nested = parse_file(features["nested-table"])
    assert nested.tables[0].rows[1][2] == "Tổng 150 Năm 2026 100 Năm 2027 50" and nested.comments == 1


def test_combinations_read_every_case(features):
    from pipeline.ingest.read import parse_file

    for name in ("combo-0", "combo-1"):
        assert len(parse_file(features[name]).blocks) > 10


def test_annotated_output_reads_alike(tmp_path):
    """The annotated .docx (comment ranges and references inside paragraphs) reads as the draft did."""
    from pipeline.apps.cli import main

    source = ROOT / "samples" / "de-an-cds-dong-hai.docx"
    assert main(["review", str(source), "-o", str(tmp_path / "out"), "--no-corpus"]) == 0
    annotated = next((tmp_path / "out").rglob("*.annotated.docx"))
    assert _texts(annotated) == _texts(source)


# ------------------------------------------------------------------------------------------ hand-written XML

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SHAPES = f"""
<w:p xmlns:w="{_W}"><w:r><w:t>Tab</w:t><w:tab/><w:t>và</w:t><w:br/><w:t>ngắt</w:t><w:br w:type="page"/>
  <w:t>trang</w:t><w:cr/><w:noBreakHyphen/><w:ptab/><w:br w:type="textWrapping"/></w:r>
  <w:hyperlink><w:r><w:t xml:space="preserve"> liên kết </w:t></w:r></w:hyperlink>
  <w:ins><w:r><w:t>chèn</w:t></w:r></w:ins><w:del><w:r><w:delText>xóa</w:delText></w:r></w:del>
  <w:fldSimple><w:r><w:t>trường</w:t></w:r></w:fldSimple><w:smartTag><w:r><w:t>thẻ</w:t></w:r></w:smartTag>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
  <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p xmlns:w="{_W}"><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr>
  <w:t>1. Mục có kiểu</w:t></w:r></w:p>
<w:p xmlns:w="{_W}"><w:r><w:rPr><w:b/></w:rPr><w:t>ĐẬM</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r>
  <w:r><w:rPr><w:b w:val="true"/></w:rPr><w:t>CẢ DÒNG</w:t></w:r></w:p>
<w:p xmlns:w="{_W}"><w:r><w:rPr><w:b/></w:rPr><w:t>Nửa</w:t></w:r><w:r><w:rPr><w:b w:val="off"/></w:rPr>
  <w:t> đậm</w:t></w:r></w:p>
<w:p xmlns:w="{_W}"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>
  <w:r><w:t>Mục danh sách đánh số tự động</w:t></w:r></w:p>
<w:sdt xmlns:w="{_W}"><w:sdtContent><w:p><w:r><w:t>Trong điều khiển nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:tbl xmlns:w="{_W}"><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
  <w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>
    <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Nhiệm vụ gộp hai cột</w:t></w:r></w:p></w:tc>
    <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Gộp dọc</w:t></w:r></w:p>
      <w:p><w:r><w:t>dòng hai</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
    <w:tc><w:p><w:hyperlink><w:r><w:t>Cổng</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>dịch vụ</w:t></w:r></w:p>
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>bảng lồng</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>
    <w:tc><w:p><w:ins><w:r><w:t>chèn trong ô</w:t></w:r></w:ins></w:p></w:tc>
    <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
  <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
    <w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>Một ô trải ba cột</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr><w:p><w:r><w:t>II. Nhóm gộp cả dòng</w:t></w:r></w:p>
    </w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:gridSpan w:val="4"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
  <w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>ô trong sdt</w:t>
    </w:r></w:p></w:tc></w:sdtContent></w:sdt><w:tc><w:p><w:r><w:t>cuối</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:tbl xmlns:w="{_W}"><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>
"""


def _draft_with_shapes(path: Path) -> Path:
    import docx
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH", style="Title")
    document.add_paragraph("Văn bản có kiểu danh sách", style="List Bullet")
    body = document.element.body
    sect = body[-1]
    for element in etree.fromstring(f"<root>{_SHAPES}</root>"):
        sect.addprevious(copy.deepcopy(element))
    document.save(str(path))
    return path


def test_hand_written_shapes(tmp_path):
    from pipeline.ingest.read import parse_file

    path = _draft_with_shapes(tmp_path / "shapes.docx")
    doc = parse_file(path)
    texts = [b.text for b in doc.blocks]
    # a page break is no text; ins, fldSimple, smartTag read; del not
    assert texts[2] == "Tab và ngắttrang - liên kết chèntrườngthẻ3"
    assert texts[4] == "ĐẬM CẢ DÒNG" and doc.blocks[4].kind == "heading"
    assert "Trong điều khiển nội dung" in texts
    rows = doc.tables[0].rows
    assert rows[0] == ["STT", "Nhiệm vụ gộp hai cột", "", "Gộp dọc dòng hai"]
    assert rows[1] == ["1", "Cổng dịch vụ bảng lồng", "chèn trong ô", "Gộp dọc dòng hai"]  # nested table in its cell
    assert rows[5] == ["2", "ô trong sdt", "cuối", ""] or rows[5][:3] == ["2", "ô trong sdt", "cuối"]
    assert 3 in doc.tables[0].merged_rows and 4 in doc.tables[0].merged_rows
    assert len(doc.tables) == 1  # a table without any text is left out


def test_vertical_merge_in_first_row_is_refused_like_python_docx(tmp_path):
    """python-docx cannot read a table whose first row continues a merge: the draft is refused as corrupt
    either way (the direct reader raises, parse falls back to python-docx, which raises)."""
    import docx
    from lxml import etree

    from pipeline.core.errors import InputError
    from pipeline.ingest.read import parse_file

    xml = (f'<w:tbl xmlns:w="{_W}"><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p>'
           "</w:tc></w:tr></w:tbl>")
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH chuyển đổi số")
    document.element.body[-1].addprevious(etree.fromstring(xml))
    document.save(str(tmp_path / "bad.docx"))
    with pytest.raises(InputError):
        parse_file(tmp_path / "bad.docx")


def test_legacy_font_draft_still_converted():
    path = ROOT / "tests" / "data" / "realistic" / "r10-ke-hoach-huyen-hung-lac-2023-tcvn3.docx"
    with zipfile.ZipFile(path) as z:
        assert b".Vn" in z.read("word/document.xml") or b".Vn" in z.read("word/styles.xml")
    from pipeline.ingest.read import parse_file

    text = " ".join(b.text for b in parse_file(path).blocks)
    assert "chuyển đổi số" in text.lower()


def test_many_comments_get_python_docx_ids_in_linear_time(tmp_path):
    """annotate.py's comment parking: the same comments part python-docx writes by itself (ids, order, text),
    with a draft that already carries comments out of id order."""
    import docx

    from pipeline.render import annotate_docx as annotate

    source = docx.Document()
    paragraphs = [source.add_paragraph(f"Đoạn {i} của dự thảo") for i in range(40)]
    for i in (7, 3):  # earlier reviewers' comments, ids not in document order
        source.add_comment(paragraphs[i].runs, text=f"cũ {i}", author="Tổ biên tập")
    source.comments._comments_elm[0].set(f"{{{_W}}}id", "12")
    source.save(str(tmp_path / "draft.docx"))

    def write(parked: bool) -> list[tuple[str, str]]:
        document = docx.Document(str(tmp_path / "draft.docx"))
        ps = [p for p in document.paragraphs if p.runs]
        parking = None
        for i, p in enumerate(ps):
            c = document.add_comment(p.runs, text=f"[R{i}] phát hiện", author="planreview", initials="PR")
            c.add_paragraph("Đề xuất: bổ sung")
            if parked:
                parking = parking or annotate._CommentParking(document, len(ps))
                parking.park()
                assert len(document.comments._comments_elm) == 1
        if parking:
            parking.restore()
        element = document.comments._comments_elm
        return [(c.get(f"{{{_W}}}id"), "".join(t.text or "" for t in c.iter(f"{{{_W}}}t"))) for c in element]

    plain, parked = write(False), write(True)
    assert parked == plain and len(plain) == 42
    assert plain[0][0] == "12" and plain[2][0] == "13"  # new ids follow the highest, as python-docx numbers them


def test_number_formats():
    from pipeline.ingest.docx_numbering import format_number

    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert format_number(3, "decimalZero") == "03" and format_number(7, "ordinalText") == "7"
    # cardinalText in a Vietnamese document, as LibreOffice draws it (checked against its export)
    assert [format_number(n, "cardinalText") for n in (1, 10, 15, 21, 35, 44)] == [
        "Một", "Mười", "Mười lăm", "Hai mươi mốt", "Ba mươi lăm", "Bốn mươi bốn"]
