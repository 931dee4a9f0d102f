"""The direct XML reader of a .docx body (pipeline/docx_body.py) gives exactly the blocks python-docx's proxies
give (parse.read_docx): on every .docx of the repository, every generated draft, and hand-written XML with the
shapes python-docx has its own rules for (spans, vertical merges, hyperlinks, breaks, tracked changes, fields,
content controls, nested tables)."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _both(path: Path):
    import docx
    from docx.table import Table as DocxTable

    from pipeline.ingest.blocks import clean_text, make_table, text_block
    from pipeline.ingest.docx import _DocxStyles, read_docx
    from pipeline.ingest.docx_body import read_body

    old = read_docx(docx.Document(str(path)), DocxTable)
    document = docx.Document(str(path))
    styles = _DocxStyles(document)
    new = read_body(document, styles, clean_text, text_block, make_table)
    return old, new, styles.legacy_styles() is None


def _assert_same(path: Path) -> None:
    (old_blocks, old_tables), (new_blocks, new_tables), unicode = _both(path)
    if not unicode:
        return  # a legacy-font draft is read by python-docx (parse._read_document), run by run
    assert len(new_blocks) == len(old_blocks), path.name
    for a, b in zip(old_blocks, new_blocks):
        assert a == b, (path.name, a, b)
    assert new_tables == old_tables, path.name


REPO_DOCX = sorted(p for folder in ("samples", "tests/data", "benchmarks/data")
                   for p in (ROOT / folder).rglob("*.docx"))


def test_repository_has_drafts_to_compare():
    assert len(REPO_DOCX) >= 15


@pytest.mark.parametrize("path", REPO_DOCX, ids=lambda p: p.name)
def test_repository_docx_read_alike(path):
    _assert_same(path)


def test_generated_drafts_read_alike(tmp_path):
    from planreview_testing.gen_levels import commune_spec, province_spec, write_level_draft
    from planreview_testing.gen_rounds import write_pair
    from planreview_testing.gen_targets import TargetSpec, write_target_draft
    from planreview_testing.rule_drafts import SPECS
    from planreview_testing.synthetic import clean_spec, write_draft

    drafts = [write_draft(spec, tmp_path / f"{name}.docx") for name, spec in SPECS.items()]
    drafts.append(write_draft(clean_spec(extra_tasks=300, extra_paragraphs=100, copy_corpus=True),
                              tmp_path / "big.docx"))
    drafts += [write_level_draft(commune_spec(), tmp_path / "commune.docx"),
               write_level_draft(province_spec(), tmp_path / "province.docx"),
               write_target_draft(TargetSpec(), tmp_path / "targets.docx")]
    drafts += list(write_pair(tmp_path / "rounds")[:2])
    for path in drafts:
        _assert_same(path)


def test_annotated_output_reads_alike(tmp_path):
    """The annotated .docx (comment ranges and references inside paragraphs) reads as the draft did."""
    from pipeline.apps.cli import main

    source = ROOT / "samples" / "de-an-cds-dong-hai.docx"
    assert main(["review", str(source), "-o", str(tmp_path / "out"), "--no-corpus"]) == 0
    annotated = next((tmp_path / "out").rglob("*.annotated.docx"))
    _assert_same(annotated)


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


def test_hand_written_shapes_read_alike(tmp_path):
    path = _draft_with_shapes(tmp_path / "shapes.docx")
    _assert_same(path)
    (_old, _), (blocks, tables), _ = _both(path)
    texts = [b.text for b in blocks]
    assert texts[2].startswith("Tab và ngắt") and "chèn" not in texts[2] and "trường" not in texts[2]
    assert tables[0].rows[0] == ["STT", "Nhiệm vụ gộp hai cột", "", "Gộp dọc dòng hai"]
    assert tables[0].rows[1][3] == "Gộp dọc dòng hai"  # a vertical merge repeats its first cell, as python-docx
    assert 3 in tables[0].merged_rows and 4 in tables[0].merged_rows
    assert len(tables) == 1  # a table without any text is left out


def test_vertical_merge_in_first_row_is_refused_like_python_docx(tmp_path):
    """python-docx cannot read a table whose first row continues a merge: the draft is refused as corrupt
    either way (the direct reader raises, parse falls back to python-docx, which raises)."""
    import docx
    from lxml import etree

    from pipeline.core.errors import InputError
    from pipeline.ingest.docx_body import table_cells
    from pipeline.ingest.read import parse_file

    xml = (f'<w:tbl xmlns:w="{_W}"><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p>'
           "</w:tc></w:tr></w:tbl>")
    with pytest.raises(ValueError):
        table_cells(etree.fromstring(xml))
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH chuyển đổi số")
    document.element.body[-1].addprevious(etree.fromstring(xml))
    document.save(str(tmp_path / "bad.docx"))
    with pytest.raises(InputError):
        parse_file(tmp_path / "bad.docx")


def test_parse_uses_the_direct_reader(tmp_path, monkeypatch):
    """parse_docx reads a Unicode draft without python-docx's table proxies."""
    from pipeline.ingest import docx as docx_reader
    from pipeline.ingest.read import parse_file

    def refuse(*_args, **_kwargs):
        raise AssertionError("python-docx proxies walked")

    monkeypatch.setattr(docx_reader, "read_docx", refuse)
    doc = parse_file(ROOT / "samples" / "de-an-cds-dong-hai.docx")
    assert doc.tables and doc.blocks[0].location.paragraph == 1


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
