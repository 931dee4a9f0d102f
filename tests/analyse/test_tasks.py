"""Tasks, budgets and targets as structured data, on every shape drafts use."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from pipeline.analyse.tasks import Task, finish, parse_sources, split_units
from pipeline.apps.cli import main
from pipeline.core.model import Location
from pipeline.ingest.read import parse_file
from planreview_testing.synthetic import clean_spec
from planreview_testing.task_eval import FIELDS, evaluate


def test_extraction_precision_recall_and_field_accuracy(reviewer, tmp_path):
    """Six shapes (tables with one or two header rows, budget split by source, bulleted and numbered
    lists) in three formats; every planted task must be found with its owner, time, budget and source."""
    total = evaluate(reviewer, tmp_path)["all"]
    assert total.planned >= 150
    # floors at the measured value (180 of 180, every field right): one wrong owner or date fails
    assert total.matched == total.planned == total.extracted, total.errors[:10]
    for name in FIELDS:
        assert total.correct[name] == total.matched, (name, total.errors[:10])


def test_pdf_table_split_across_pages_is_one_table(make_draft):
    doc = parse_file(make_draft(clean_spec(table_layout="multirow", extra_tasks=12), "long-table.pdf"))
    task_tables = [t for t in doc.tables if t.rows[0][1] == "Nhiệm vụ"]
    assert len(task_tables) == 1
    pages = {b.location.page for b in task_tables[0].blocks}
    assert len(pages) >= 2
    first = min(pages)
    # the header rows (its merged "STT" cell given to each row it spans, as in Word) stay on the first page: the
    # header the next pages repeat is dropped
    header = [b.location.page for r, b in zip(task_tables[0].rows, task_tables[0].blocks) if r[0] == "STT"]
    assert header and set(header) == {first}


def test_owner_cell_with_labels_is_split():
    task = finish(Task(text="Nhiệm vụ", location=Location(), origin="table",
                       owner="Chủ trì: Phòng Văn hóa - Thông tin; Phối hợp: Công an huyện, UBND các xã"))
    assert task.owners == ["Phòng Văn hóa - Thông tin"]
    assert task.partner_units == ["Công an huyện", "UBND các xã"]


@pytest.mark.parametrize(("owner", "unassigned"), [
    ("Các cơ quan, đơn vị liên quan", True), ("các cơ quan, đơn vị có liên quan", True), ("Các sở, ngành", True),
    ("Sở Thông tin và Truyền thông", False),
    ("Phòng Tư pháp", False),
])
def test_unassigned_owner(owner, unassigned):
    task = finish(Task(text="x", location=Location(), origin="table", owner=owner))
    assert task.owner_unassigned is unassigned
    assert ("owner" in task.missing) is unassigned


def test_units_and_sources_normalised():
    assert split_units("Văn phòng HĐND và UBND huyện; Phòng Tư pháp, UBND các xã") == [
        "Văn phòng HĐND và UBND huyện", "Phòng Tư pháp", "UBND các xã"]
    assert parse_sources("Ngân sách tỉnh, xã hội hóa và lồng ghép chương trình") == [
        "ngân sách tỉnh", "xã hội hóa", "lồng ghép"]
    assert parse_sources("Vốn sự nghiệp CNTT") == ["vốn sự nghiệp"]
    assert parse_sources("Theo dự toán được duyệt") == []


def test_budget_total_mismatch_names_both_numbers(reviewer, make_draft):
    draft = make_draft(clean_spec(budget_total_mismatch=True), "total.docx")
    (finding,) = [f for f in reviewer.review(draft).findings if f.rule_id == "TASK-07"]
    assert "9.200 triệu đồng" in finding.message and "10.700 triệu đồng" in finding.message
    assert "Tổng kinh phí dự kiến" in finding.evidence


def test_pillar_without_tasks(reviewer, make_draft):
    draft = make_draft(clean_spec(tasks_missing_pillar="xa_hoi_so"), "no-social-tasks.txt")
    result = reviewer.review(draft)
    (finding,) = [f for f in result.findings if f.rule_id == "TASK-08"]
    assert "xã hội số" in finding.message
    assert {t.pillar for t in result.tasks.tasks} == {"chinh_quyen_so", "kinh_te_so"}


def test_task_outputs_csv_xlsx_json(tmp_path, make_draft):
    draft = make_draft(clean_spec(task_without_owner=1, task_budget_no_amount=4), "outputs.docx")
    assert main(["review", str(draft), "-o", str(tmp_path), "--no-corpus"]) == 0
    with (tmp_path / "tasks.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    assert rows[1]["Cơ quan chủ trì"] == "" and rows[1]["Còn thiếu"] == "cơ quan chủ trì"
    assert rows[0]["Kinh phí (đồng)"] == "800000000" and rows[0]["Năm kết thúc"] == "2024"
    assert rows[4]["Kinh phí (như ghi)"] == "Theo dự toán được duyệt" and "kinh phí" in rows[4]["Còn thiếu"]
    ws = openpyxl.load_workbook(tmp_path / "tasks.xlsx")["Nhiệm vụ"]
    header = [c.value for c in ws[1]]
    owner_cell = ws.cell(row=3, column=header.index("Cơ quan chủ trì") + 1)
    assert owner_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=2, column=header.index("Cơ quan chủ trì") + 1).fill.fgColor.rgb in ("00000000", None)
    data = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert data["budget"]["tasks_sum_vnd"] == 8.3e9 and data["budget"]["tasks_without_amount"] == 1
    assert data["tasks"][0]["owners"] == ["Văn phòng HĐND và UBND huyện"]
    assert data["tasks"][0]["sources"] == ["ngân sách huyện"] and data["tasks"][0]["pillar"] == "chinh_quyen_so"


def test_targets_with_qualifiers_baselines_and_pace(reviewer, tmp_path):
    draft = tmp_path / "targets.txt"
    draft.write_text(
        "ĐỀ ÁN\nChuyển đổi số huyện Mẫu đến năm 2025\nHuyện Mẫu, ngày 01 tháng 02 năm 2023\n"
        "I. HIỆN TRẠNG\nTỷ lệ hồ sơ trực tuyến toàn trình năm 2022 đạt 10%. Có 40% hộ dân có tài khoản thanh toán số.\n"
        "II. MỤC TIÊU\n- Tỷ lệ hồ sơ trực tuyến toàn trình đạt 80% đến năm 2025.\n"
        "- Tối thiểu 60% hộ dân có tài khoản thanh toán số.\n- Phấn đấu 50% doanh nghiệp dùng hóa đơn điện tử.\n",
        encoding="utf-8")
    result = reviewer.review(draft)
    targets = {t.value: t for t in result.targets}
    assert set(targets) == {80, 60, 50}
    assert targets[80].deadline == 2025 and targets[80].baseline == 10
    assert targets[60].qualifier == "tối thiểu" and targets[60].baseline == 40 and targets[60].deadline == 2025
    assert targets[50].baseline is None
    pace = [f for f in result.findings if f.rule_id == "TARGET-02"]
    # the pace runs from the baseline's year (2022), not the plan's: (80 - 10) / 3 years
    assert len(pace) == 1 and "23 điểm %/năm" in pace[0].message
    assert targets[80].baseline_year == 2022 and targets[60].baseline_year is None
    assert [f.evidence for f in result.findings if f.rule_id == "TARGET-03"] == [targets[50].text]


FIELD_RECORDS = """KẾ HOẠCH
Chuyển đổi số xã Hòa Phong năm 2027
Hòa Phong, ngày 20 tháng 01 năm 2027
I. MỤC TIÊU
Đến hết năm 2027, 80% hồ sơ thủ tục hành chính của xã được tiếp nhận và giải quyết trực tuyến.
II. NHIỆM VỤ
1. Số hóa sổ hộ tịch còn lưu trữ giấy tại Văn phòng - Thống kê của xã.
- Chủ trì: Văn phòng - Thống kê
- Phối hợp: Công an xã
- Thời gian: Quý II - Quý III/2027
- Kinh phí: 120 triệu đồng, ngân sách xã
2. Mở lớp hướng dẫn người cao tuổi dùng dịch vụ công trên điện thoại tại nhà văn hóa thôn.
- Đơn vị chủ trì: Hội Người cao tuổi xã
- Tiến độ: năm 2027
- Nguồn kinh phí: xã hội hóa
3. Lắp đặt điểm phát wifi công cộng miễn phí tại chợ trung tâm xã và nhà văn hóa các thôn.
- Chủ trì: Phòng Kinh tế
- Thời gian thực hiện: 2027
- Kinh phí dự kiến: 1,2 tỷ đồng
- Nguồn vốn: ngân sách tỉnh hỗ trợ, ngân sách xã
"""


def test_a_task_written_as_field_lines_is_one_task_with_its_fields(tmp_path, reviewer):
    """Issue 30 (gated g03): "1.1. <task>" followed by "- Chủ trì: …", "- Thời gian: …", "- Kinh phí: …" lines is one
    task whose fields are those lines — not one task per line with nothing attached."""
    draft = tmp_path / "ke-hoach-hoa-phong.txt"
    draft.write_text(FIELD_RECORDS, encoding="utf-8")
    tasks = reviewer.review(draft).tasks.tasks
    assert [t.text[:2] for t in tasks] == ["1.", "2.", "3."]
    first, second, third = tasks
    assert (first.owner, first.partners, first.start_year, first.end_year) == ("Văn phòng - Thống kê", "Công an xã",
                                                                              2027, 2027)
    assert first.budget_vnd == 120_000_000 and first.sources == ["ngân sách xã"] and first.missing == []
    assert second.owner == "Hội Người cao tuổi xã" and second.start_year == 2027
    assert second.budget_vnd is None and second.missing == ["budget"] and second.sources == ["xã hội hóa"]
    assert third.owner == "Phòng Kinh tế" and third.budget_vnd == 1_200_000_000
    assert set(third.sources) == {"ngân sách tỉnh", "ngân sách xã"}


@pytest.mark.parametrize("written, years", [("quý II - IV/2024", (2024, 2024)), ("quý II - quý IV/2026", (2026, 2026)),
                                            ("tháng 7/2024", (2024, 2024)), ("tháng 7 - 9/2025", (2025, 2025)),
                                            ("quý III/2026", (2026, 2026))])
def test_a_part_of_a_year_in_a_prose_task_is_its_time(written, years):
    """Issue 30 (gated g04): "thời gian: quý II - IV/2024" and "thời gian: tháng 7/2024" in a task sentence."""
    from pipeline.analyse.tasks import task_from_sentence
    from pipeline.core.model import Block

    text = f"Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng; thời gian: {written}; kinh phí: 30 triệu đồng."
    task = task_from_sentence(Block(kind="paragraph", text=text, location=Location()))
    assert task.time_text == written and (task.start_year, task.end_year) == years and "time" not in task.missing


def test_field_lines_as_word_bullets_read_alike_in_docx_and_its_libreoffice_pdf(tmp_path, reviewer):
    """The same task records with Word's bullets (List Bullet, no dash in the text); LibreOffice's PDF draws each
    bullet as a Symbol glyph (U+F0B7) on a line of its own, which must not become a task head."""
    import shutil
    import subprocess

    import docx

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    document = docx.Document()
    for line in FIELD_RECORDS.strip().split("\n"):
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.startswith(("I.", "II.")):
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    path = tmp_path / "ke-hoach-gach-dau-dong.docx"
    document.save(str(path))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    for draft in (path, path.with_suffix(".pdf")):
        tasks = reviewer.review(draft).tasks.tasks
        assert [(t.owner, t.start_year, t.budget_vnd) for t in tasks] == [
            ("Văn phòng - Thống kê", 2027, 120_000_000), ("Hội Người cao tuổi xã", 2027, None),
            ("Phòng Kinh tế", 2027, 1_200_000_000)], draft.suffix
