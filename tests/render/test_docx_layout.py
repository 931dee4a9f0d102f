"""The print layout of memo.docx (render/docx_layout.py): column widths from the content, codes kept whole,
numbers aligned right, no empty appendix section."""

from __future__ import annotations

import docx
from docx.enum.section import WD_SECTION

from pipeline.render.docx_layout import (
    CELL_PADDING_PT,
    W,
    drop_empty_last_section,
    fit_tables,
    fit_widths,
    text_width,
    unbreakable_codes,
)

LONG = ("phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030 và các nhiệm vụ "
        "trọng tâm của tỉnh trong giai đoạn tới")


def test_a_date_or_code_column_is_never_narrower_than_its_longest_piece():
    rows = [[("Văn bản", 11, True), ("Ngày", 11, True), ("Trích yếu", 11, True)]]
    rows += [[("3125/QĐ-UBND", 11, False), ("12/10/2021", 11, False), (LONG, 11, False)] for _ in range(6)]
    widths = fit_widths(rows, 400)
    assert abs(sum(widths) - 400) < 0.01
    assert widths[0] >= text_width("3125/QĐ-UBND", 11) + CELL_PADDING_PT
    assert widths[1] >= text_width("12/10/2021", 11) + CELL_PADDING_PT
    assert widths[2] > widths[0] + widths[1]  # the long text gets what is left


def test_short_columns_are_kept_on_one_line_when_the_width_allows():
    rows = [[("Loại", 11, True), ("Cơ quan ban hành", 11, True), ("Trích yếu", 11, True)]]
    rows += [[("Quyết định", 11, False), ("Thủ tướng Chính phủ", 11, False), (LONG, 11, False)]] * 5
    widths = fit_widths(rows, 700)
    assert widths[0] >= text_width("Quyết định", 11) + CELL_PADDING_PT
    assert widths[1] >= text_width("Thủ tướng Chính phủ", 11) + CELL_PADDING_PT


def test_everything_on_one_line_is_widened_in_proportion():
    rows = [[("a", 12, False), ("bbbb", 12, False)]]
    widths = fit_widths(rows, 300)
    assert abs(sum(widths) - 300) < 0.01 and widths[1] > widths[0]


def test_hyphens_of_codes_and_year_ranges_become_non_breaking_and_nothing_else():
    assert unbreakable_codes("Nghị quyết 06-NQ/TU và 3125/QĐ-UBND") == "Nghị quyết 06\u2011NQ/TU và 3125/QĐ\u2011UBND"
    assert unbreakable_codes("giai đoạn 2021-2025") == "giai đoạn 2021\u20112025"
    assert unbreakable_codes("Văn hóa - Thông tin, LEGAL-03, kinh-tế") == "Văn hóa - Thông tin, LEGAL-03, kinh-tế"


def test_fitted_table_has_fixed_widths_and_numbers_aligned_right(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for row, values in zip(table.rows, [["Nội dung", "Điểm trừ", "Điểm"], ["Căn cứ pháp lý", "5", "95"],
                                        ["Nhiệm vụ và kinh phí", "26", "74"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    fit_tables(document)
    tbl = table._tbl
    grid = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
    section = document.sections[0]
    assert abs(sum(grid) - (section.page_width - section.left_margin - section.right_margin) / 635) < 5
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    jc = [[p.alignment for p in cell.paragraphs] for cell in table.rows[2].cells]
    assert str(jc[1][0]).startswith("RIGHT") and str(jc[2][0]).startswith("RIGHT") and jc[0][0] is None
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert docx.Document(str(path)).tables[0].rows[1].cells[1].text == "5"


def test_an_empty_last_section_is_dropped_with_its_page():
    document = docx.Document()
    document.add_paragraph("Báo cáo")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("")
    drop_empty_last_section(document)
    body = document.element.body
    assert not [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(document.sections) == 1 and document.paragraphs[-1].text == "Báo cáo"
    filled = docx.Document()
    filled.add_paragraph("Báo cáo")
    filled.add_section(WD_SECTION.NEW_PAGE)
    filled.add_paragraph("Phụ lục I")
    drop_empty_last_section(filled)
    assert len(filled.sections) == 2
