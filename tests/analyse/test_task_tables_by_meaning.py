"""Task tables read by their meaning (issue 29 item 5): headers of several rows, a budget split by year, the unit
written beside the table, amounts in full đồng or "1 tỷ 250 triệu", the header repeated on a new page."""

from __future__ import annotations

import pytest

from pipeline.analyse.tasks import extract_tasks, find_task_table, parse_money, tasks_from_table, unit_notes
from pipeline.core.model import Block, Location
from pipeline.ingest.blocks import make_table
from pipeline.rules.loader import load_rules

COLUMNS = load_rules().task_columns
HEAD = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Kinh phí", "", "", "Nguồn vốn"],
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Tổng số", "Chia theo năm", "", "Nguồn vốn"],
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Tổng số", "2026", "2027", "Nguồn vốn"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]]


def _tasks(rows, unit_note=None):
    tt = find_task_table(make_table(1, rows, set()), COLUMNS, unit_note)
    assert tt is not None
    return tt, tasks_from_table(tt)[0]


def test_three_header_rows_and_years_give_total_and_timeline():
    rows = HEAD + [["I", "Chính quyền số", "", "1.700", "700", "1.000", ""],
                   ["1", "Số hóa hồ sơ một cửa", "Văn phòng UBND tỉnh", "1.200", "200", "1.000", "Ngân sách tỉnh"],
                   ["2", "Nâng cấp cổng thông tin", "Sở Khoa học và Công nghệ", "", "500", "", "Ngân sách tỉnh"],
                   *HEAD,  # the header a PDF page repeats, when the page's table was not joined
                   ["3", "Bồi dưỡng kỹ năng số", "Sở Nội vụ", "300", "", "300", "Xã hội hóa"]]
    tt, tasks = _tasks(rows, unit_note=1e6)
    assert tt.header_rows == 4 and tt.budget_years == {4: 2026, 5: 2027}
    assert [t.text for t in tasks] == ["Số hóa hồ sơ một cửa", "Nâng cấp cổng thông tin", "Bồi dưỡng kỹ năng số"]
    assert [t.budget_vnd for t in tasks] == [1.2e9, 5e8, 3e8]  # the stated total, else the sum of the years
    assert [(t.start_year, t.end_year) for t in tasks] == [(2026, 2027), (2026, 2026), (2027, 2027)]


def test_years_in_a_single_header_row():
    rows = [["TT", "Nhiệm vụ", "Chủ trì", "2025", "2026", "Nguồn kinh phí"],
            ["1", "Trang bị máy tính cho Bộ phận Một cửa", "UBND xã", "120.000.000", "", "Ngân sách xã"]]
    _, (task,) = _tasks(rows)
    assert task.budget_vnd == 1.2e8 and (task.start_year, task.end_year) == (2025, 2025)


@pytest.mark.parametrize(("note", "where"), [("ĐVT: triệu đồng", "above"), ("(Đơn vị: tỷ đồng)", "above"),
                                              ("Ghi chú: Đơn vị tính: triệu đồng.", "below")])
def test_unit_written_beside_the_table(note, where):
    table = make_table(1, [["STT", "Nhiệm vụ", "Chủ trì", "Kinh phí", "Nguồn vốn"],
                           ["1", "Số hóa hồ sơ địa chính", "Phòng Nông nghiệp", "2,5", "Ngân sách huyện"]], set())
    title = Block("paragraph", "DANH MỤC NHIỆM VỤ", Location())
    unit = Block("paragraph", note, Location())
    blocks = [title, unit, *table.blocks] if where == "above" else [title, *table.blocks, unit]
    notes = unit_notes(blocks, [table])
    (task,) = tasks_from_table(find_task_table(table, COLUMNS, notes.get(1)))[0]
    assert task.budget_vnd == pytest.approx(2.5e9 if "tỷ" in note else 2.5e6)


@pytest.mark.parametrize(("text", "vnd"), [("1 tỷ 250 triệu đồng", 1.25e9), ("1,25 tỷ", 1.25e9),
                                            ("1.250.000.000 đồng", 1.25e9), ("2 tỷ đồng", 2e9),
                                            ("5.760,000.000", 5.76e9)])  # separators mixed by a scan
def test_amounts_as_written(text, vnd):
    assert parse_money(text) == vnd


def test_amounts_in_prose(tmp_path):
    from pipeline.analyse.segment import segment
    from pipeline.ingest.read import parse_file

    draft = tmp_path / "ke-hoach.txt"
    draft.write_text("KẾ HOẠCH\nChuyển đổi số xã Tân Hòa năm 2026\nI. NHIỆM VỤ, GIẢI PHÁP\n"
                     "- Số hóa hồ sơ hộ tịch của xã: Công an xã chủ trì, thực hiện năm 2026, kinh phí 1 tỷ 250 triệu "
                     "đồng từ ngân sách xã.\n"
                     "- Lắp đặt cụm loa truyền thanh thông minh: Văn phòng UBND xã chủ trì, thực hiện năm 2026, "
                     "kinh phí dự kiến 450.000.000 đồng từ ngân sách xã.\n", encoding="utf-8")
    found = extract_tasks(segment(parse_file(draft), load_rules()), COLUMNS).tasks
    assert [t.budget_vnd for t in found] == [1.25e9, 4.5e8]


def test_unit_in_a_row_above_the_header():
    rows = [["ĐVT: triệu đồng", "", "", "", ""], ["STT", "Nhiệm vụ", "Chủ trì", "Kinh phí", "Nguồn vốn"],
            ["1", "Số hóa hồ sơ địa chính", "Phòng Nông nghiệp", "350", "Ngân sách huyện"]]
    tt, (task,) = _tasks(rows)
    assert tt.header_rows == 2 and task.budget_vnd == 3.5e8
