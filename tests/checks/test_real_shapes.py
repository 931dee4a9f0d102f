"""Shapes of real submissions that our generator never wrote (issue #11): a KẾ HOẠCH form with a preamble of
bases and headings that are only bold paragraphs, a decision with the plan attached, an appendix task table
with group subtotals, tables in text saved by Word (tab-separated), Vietnamese number formats."""

from __future__ import annotations

import pytest
from docx import Document

from pipeline.analyse.segment import PREAMBLE_TITLE, segment
from pipeline.analyse.tasks import extract_tasks, parse_money
from pipeline.ingest.read import parse_file
from pipeline.rules.loader import load_rules

RULES = load_rules()

HEADER = ["ỦY BAN NHÂN DÂN HUYỆN KIM SƠN", "Số: 86/KH-UBND", "Kim Sơn, ngày 14 tháng 3 năm 2023"]
PREAMBLE = [
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi "
    "số quốc gia đến năm 2025, định hướng đến năm 2030;",
    "Thực hiện Kế hoạch số 120/KH-UBND ngày 10/02/2023 của UBND tỉnh về chuyển đổi số năm 2023;",
    "Ủy ban nhân dân huyện ban hành Kế hoạch chuyển đổi số năm 2023 như sau:",
]
TABLE = [
    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
     "Kinh phí (triệu đồng)", "Nguồn kinh phí"],
    ["I", "Chính quyền số", "", "", "", "1.250", ""],
    ["1", "Nâng cấp hệ thống quản lý văn bản và điều hành", "Văn phòng HĐND và UBND huyện", "Các phòng, ban",
     "2023", "450", "Ngân sách huyện"],
    ["2", "Số hóa hồ sơ địa chính", "Phòng Tài nguyên và Môi trường", "UBND các xã", "2023-2024", "800",
     "Ngân sách huyện"],
    ["II", "Kinh tế số", "", "", "", "0,282 tỷ", ""],
    ["3", "Đưa sản phẩm OCOP lên sàn thương mại điện tử", "Phòng Kinh tế và Hạ tầng", "Hội Nông dân", "2023",
     "0,282 tỷ", "Xã hội hóa"],
    ["", "Tổng cộng", "", "", "", "1.532", ""],
]


def _kehoach_docx(path, table=TABLE):
    doc = Document()
    for line in HEADER + ["KẾ HOẠCH", "Chuyển đổi số huyện Kim Sơn năm 2023"] + PREAMBLE:
        doc.add_paragraph(line)
    for title, body in [("I. MỤC ĐÍCH, YÊU CẦU", "Đẩy mạnh chuyển đổi số trên địa bàn huyện."),
                        ("Mục tiêu cụ thể", "Đến năm 2023, 80% hồ sơ được xử lý trực tuyến."),
                        ("II. NHIỆM VỤ, GIẢI PHÁP", "Chi tiết tại Phụ lục kèm theo.")]:
        doc.add_paragraph().add_run(title).bold = True  # headings that are only bold text, no style
        doc.add_paragraph(body)
    doc.add_paragraph().add_run("Phụ lục DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2023").bold = True
    t = doc.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    doc.save(path)
    return path


def _paragraphs_docx(path, lines):
    """A .docx of plain paragraphs, one per line (no styles, no bold): the barest Word draft."""
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path


def test_preamble_is_the_legal_basis_and_bold_paragraphs_are_headings(tmp_path):
    seg = segment(parse_file(_kehoach_docx(tmp_path / "kh.docx")), RULES)
    assert seg.meta.title == "KẾ HOẠCH Chuyển đổi số huyện Kim Sơn năm 2023"
    assert seg.meta.plan_year == 2023
    basis = seg.blocks_in("can_cu")
    assert [b.text[:9] for b in basis] == ["Căn cứ Qu", "Thực hiện"]
    assert all(b.location.section == PREAMBLE_TITLE for b in basis)
    titles = [s.title for s in seg.sections]
    assert titles[0] == PREAMBLE_TITLE and "Mục tiêu cụ thể" in titles
    assert "muc_tieu" in seg.sections[titles.index("Mục tiêu cụ thể")].kinds


def test_group_rows_with_subtotals_are_not_tasks_and_are_checked(tmp_path):
    seg = segment(parse_file(_kehoach_docx(tmp_path / "kh.docx")), RULES)
    found = extract_tasks(seg, RULES.task_columns)
    assert [t.text[:12] for t in found.tasks] == ["Nâng cấp hệ ", "Số hóa hồ sơ", "Đưa sản phẩm"]
    assert [t.group for t in found.tasks] == ["Chính quyền số", "Chính quyền số", "Kinh tế số"]
    assert found.sum_vnd == pytest.approx(1.532e9)
    assert found.table_total_vnd == pytest.approx(1.532e9)
    assert [(g.group, g.stated_vnd, g.tasks_vnd) for g in found.group_totals] == [
        ("Chính quyền số", 1.25e9, 1.25e9), ("Kinh tế số", 0.282e9, 0.282e9)]


def test_wrong_subtotal_is_a_finding(tmp_path, reviewer):
    table = [row[:] for row in TABLE]
    table[1][5] = "1.500"  # the group says 1.500 but its tasks add up to 1.250
    result = reviewer.review(_kehoach_docx(tmp_path / "kh-sai.docx", table))
    messages = [f.message for f in result.findings if f.rule_id == "TASK-07"]
    assert len(messages) == 1 and 'nhóm "Chính quyền số"' in messages[0]


@pytest.mark.parametrize(("stated", "fires"), [("1.265", True), ("1.260", False)])
def test_subtotal_tolerance_is_one_percent(tmp_path, reviewer, stated, fires):
    """The edge of TASK-07's tolerance (1 %): 15 million off 1.250 is a finding, 10 million is rounding."""
    table = [row[:] for row in TABLE]
    table[1][5] = stated
    result = reviewer.review(_kehoach_docx(tmp_path / f"kh-{stated}.docx", table))
    groups = [f for f in result.findings if f.rule_id == "TASK-07" and 'nhóm "Chính quyền số"' in f.message]
    assert len(groups) == int(fires), [f.message for f in groups]


def test_decision_with_attached_plan(tmp_path):
    doc = Document()
    lines = ["ỦY BAN NHÂN DÂN HUYỆN KIM SƠN", "Số: 512/QĐ-UBND", "Kim Sơn, ngày 20 tháng 4 năm 2022",
             "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch chuyển đổi số huyện Kim Sơn giai đoạn 2022-2025",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KIM SƠN",
             "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
             "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;",
             "Theo đề nghị của Trưởng phòng Văn hóa và Thông tin tại Tờ trình số 45/TTr-VHTT ngày 15/4/2022.",
             "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số huyện.",
             "Điều 2. Quyết định có hiệu lực kể từ ngày ký.", "Điều 3. Chánh Văn phòng, Trưởng các phòng chịu "
             "trách nhiệm thi hành Quyết định này./.", "Nơi nhận:", "CHỦ TỊCH",
             "KẾ HOẠCH", "Chuyển đổi số huyện Kim Sơn giai đoạn 2022-2025",
             "(Ban hành kèm theo Quyết định số 512/QĐ-UBND ngày 20/4/2022 của UBND huyện)",
             "I. MỤC TIÊU", "Đến năm 2025, 100% xã có điểm phục vụ dịch vụ công trực tuyến."]
    for line in lines:
        doc.add_paragraph(line)
    doc.save(tmp_path / "qd.docx")
    seg = segment(parse_file(tmp_path / "qd.docx"), RULES)
    assert seg.meta.title == "KẾ HOẠCH Chuyển đổi số huyện Kim Sơn giai đoạn 2022-2025"
    assert (seg.meta.plan_year, seg.meta.target_year) == (2022, 2025)
    assert [b.text[:6] for b in seg.body][:2] == ["I. MỤC", "Đến nă"]
    assert len([b for b in seg.front_matter if "can_cu" in b.section_kinds]) == 3


def test_txt_saved_by_word_reads_tab_tables(tmp_path):
    rows = ["\t".join(r) if r[0] not in ("I", "II") else f"{r[0]}. {r[1]}" for r in TABLE]
    text = "\r\n".join(["KẾ HOẠCH", "Chuyển đổi số huyện Kim Sơn năm 2023", "1.\tMục tiêu chung", *rows,
                        "Nơi nhận:"])
    path = tmp_path / "kh.txt"
    path.write_bytes(text.encode("utf-16"))
    parsed = parse_file(path)
    assert len(parsed.tables) == 1
    table = parsed.tables[0]
    assert table.rows[0][:2] == ["TT", "Nội dung nhiệm vụ"] and len(table.rows) == len(TABLE)
    assert {1, 4} <= table.merged_rows
    assert any(b.text == "1. Mục tiêu chung" for b in parsed.blocks)  # "1.<tab>text" is a numbered paragraph
    found = extract_tasks(segment(parsed, RULES), RULES.task_columns)
    assert [t.group for t in found.tasks] == ["I. Chính quyền số", "I. Chính quyền số", "II. Kinh tế số"]


@pytest.mark.parametrize(("text", "unit", "vnd"), [
    ("0,282 tỷ", 1, 2.82e8), ("0,282", 1e9, 2.82e8), ("1.500 triệu đồng", 1, 1.5e9), ("1,5 tỷ đồng", 1, 1.5e9),
    ("1.500.000.000 đ", 1, 1.5e9), ("1,500,000,000 đồng", 1, 1.5e9), ("1.250,5", 1e6, 1.2505e9),
])
def test_vietnamese_amounts(text, unit, vnd):
    assert parse_money(text, unit) == pytest.approx(vnd)


def _legacy(text: str, encoding: str) -> str:
    """Unicode → the characters a legacy-font document stores (inverse of viparse's table)."""
    import unicodedata

    from viparse.normalize.encodings import get_charmap

    table = {}
    for legacy, uni in get_charmap(encoding).pairs:
        table.setdefault(unicodedata.normalize("NFC", uni), legacy)
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def test_tcvn3_docx_is_converted_run_by_run(tmp_path):
    doc = Document()
    heading = doc.add_paragraph().add_run(_legacy("kế hoạch chuyển đổi số", "tcvn3"))
    heading.font.name = ".VnTimeH"  # TCVN3's capital font draws lower-case codes as capitals
    body = doc.add_paragraph()
    body.add_run(_legacy("Phòng Văn hóa và Thông tin chủ trì, ", "tcvn3")).font.name = ".VnTime"
    body.add_run("Unicode text stays as it is.").font.name = "Times New Roman"
    doc.save(tmp_path / "tcvn3.docx")
    texts = [b.text for b in parse_file(tmp_path / "tcvn3.docx").blocks]
    assert texts == ["KẾ HOẠCH CHUYỂN ĐỔI SỐ", "Phòng Văn hóa và Thông tin chủ trì, Unicode text stays as it is."]


def test_vni_text_file_is_converted(tmp_path):
    text = "KẾ HOẠCH\r\nChuyển đổi số xã Tân Hòa năm 2026\r\nỦy ban nhân dân xã ban hành Kế hoạch như sau:\r\n"
    path = tmp_path / "vni.txt"
    path.write_bytes(_legacy(text, "vni").encode("cp1252"))
    assert [b.text for b in parse_file(path).blocks] == [
        "KẾ HOẠCH", "Chuyển đổi số xã Tân Hòa năm 2026", "Ủy ban nhân dân xã ban hành Kế hoạch như sau:"]


def test_unreadable_legacy_text_is_refused_not_reviewed(tmp_path):
    from pipeline.core.errors import InputError

    path = tmp_path / "mojibake.txt"
    # characters no legacy table reads as Vietnamese, far too many to be a stray symbol
    path.write_text("Þæð ør ðæmí úm fjörð øg ßþ wæz jøð\n" * 5, encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert "Unicode" in err.value.en


def test_tasks_written_as_prose_paragraphs(tmp_path):
    _paragraphs_docx(tmp_path / "prose.docx", [
        "KẾ HOẠCH", "Chuyển đổi số huyện Kim Sơn năm 2024", "II. NHIỆM VỤ, GIẢI PHÁP",
        "Tăng cường công tác tuyên truyền về chuyển đổi số trên địa bàn huyện.",
        "Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với UBND các xã xây dựng bản đồ số "
        "vùng trồng, thực hiện năm 2024, kinh phí 300 triệu đồng từ ngân sách huyện.",
        "Bồi dưỡng kỹ năng số cho cán bộ: Chủ trì: Phòng Nội vụ; thời gian: 2024; kinh phí: 0,15 tỷ đồng; "
        "nguồn: ngân sách thị xã."])
    found = extract_tasks(segment(parse_file(tmp_path / "prose.docx"), RULES), RULES.task_columns)
    assert [(t.owners, t.start_year, t.budget_vnd, t.sources) for t in found.tasks] == [
        (["Phòng Nông nghiệp và Phát triển nông thôn"], 2024, 3e8, ["ngân sách huyện"]),
        (["Phòng Nội vụ"], 2024, 1.5e8, ["ngân sách huyện"]),
    ]  # the general sentence without owner, time or money is not a task


def test_word_pdf_running_headers_and_a_table_across_pages(tmp_path):
    """Word-exported PDF: a running header and "Trang N" on every page, a ruled table that runs across
    pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    style = ParagraphStyle("b", fontName="DejaVu", fontSize=10, leading=13)

    def header_footer(canvas, doc):
        canvas.setFont("DejaVu", 9)
        canvas.drawString(72, A4[1] - 40, "Kế hoạch chuyển đổi số huyện Kim Sơn")
        canvas.drawString(A4[0] / 2, 30, f"Trang {doc.page}")

    rows = [[Paragraph(c, style) for c in TABLE[0]]]
    for n in range(1, 41):
        rows.append([Paragraph(c, style) for c in [str(n), f"Nhiệm vụ số {n} về chuyển đổi số của huyện",
                                                     "Phòng Văn hóa và Thông tin", "Các xã", "2024", "100",
                                                     "Ngân sách huyện"]])
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "word.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("KẾ HOẠCH chuyển đổi số huyện Kim Sơn năm 2024", style), table],
        onFirstPage=header_footer, onLaterPages=header_footer)
    parsed = parse_file(path)
    assert parsed.pages and parsed.pages > 1
    assert not any("Trang" in b.text or b.text.startswith("Kế hoạch chuyển đổi số huyện Kim") for b in parsed.blocks)
    assert len(parsed.tables) == 1
    numbers = [r[0] for r in parsed.tables[0].rows[1:]]
    assert numbers == [str(n) for n in range(1, 41)]


def test_prose_task_record_without_its_owner_is_a_task_missing_its_owner(tmp_path):
    _paragraphs_docx(tmp_path / "record.docx", [
        "KẾ HOẠCH", "Chuyển đổi số xã Đồng Tiến năm 2026", "II. NHIỆM VỤ, GIẢI PHÁP",
        "Làm sạch, cập nhật dữ liệu dân cư, hộ tịch, đất đai, phối hợp với Phòng Kinh tế; thời gian thực "
        "hiện 2027; kinh phí dự kiến 75 triệu đồng từ ngân sách xã.",
        "Tổng kinh phí dự kiến thực hiện Kế hoạch: 1,2 tỷ đồng; thời gian thực hiện 2026-2030; kinh phí "
        "dự kiến 1,2 tỷ đồng."])
    found = extract_tasks(segment(parse_file(tmp_path / "record.docx"), RULES), RULES.task_columns)
    assert [(t.owners, t.start_year, t.budget_vnd, "owner" in t.missing) for t in found.tasks] == [
        ([], 2027, 7.5e7, True)]  # the plan's total is not a task


def test_annual_plan_covers_its_year_and_its_targets_for_that_year_are_not_early(tmp_path, reviewer):
    _paragraphs_docx(tmp_path / "annual.docx", [
        "UBND HUYỆN KIM SƠN", "Số: 12/KH-UBND", "Kim Sơn, ngày 15 tháng 01 năm 2024", "KẾ HOẠCH",
        "Chuyển đổi số huyện Kim Sơn năm 2024", "I. MỤC TIÊU",
        "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến đạt 60%.",
        "Đến năm 2023, 100% xã có tổ công nghệ số cộng đồng."])
    result = reviewer.review(tmp_path / "annual.docx")
    assert (result.seg.meta.plan_year, result.seg.meta.target_year) == (2024, 2024)
    early = [f.evidence for f in result.findings if f.rule_id == "TARGET-01"]
    assert [e.rstrip(".") for e in early] == ["Đến năm 2023, 100% xã có tổ công nghệ số cộng đồng"]  # past only


def test_signature_block_lines_are_not_headings():
    from pipeline.ingest.headings import match_heading

    for line in ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "Nơi nhận:"]:
        assert match_heading(line) is None, line
    assert match_heading("TỔ CHỨC THỰC HIỆN") is not None


def test_a_pillar_listed_beside_the_others_is_no_content_of_it(tmp_path, reviewer):
    """"cả ba trụ cột chính quyền số, kinh tế số, xã hội số", a cited document's title and the staff's own
    digital skills do not make a pillar: xã hội số below is only mentioned (PILLAR-03, thin)."""
    lines = ["KẾ HOẠCH", "Chuyển đổi số huyện Kim Sơn giai đoạn 2024-2025", "I. MỤC TIÊU",
             "Đẩy mạnh chuyển đổi số trên cả ba trụ cột chính quyền số, kinh tế số, xã hội số.",
             "II. NHIỆM VỤ", "Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức của huyện.",
             "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 về phát triển ứng dụng dữ liệu dân cư, định danh "
             "và xác thực điện tử.",
             "Từng bước phát triển xã hội số phù hợp điều kiện địa phương."]
    _paragraphs_docx(tmp_path / "thin.docx", lines)
    pillar = [f for f in reviewer.review(tmp_path / "thin.docx").findings if f.rule_id == "PILLAR-03"]
    assert len(pillar) == 1 and pillar[0].severity == "medium" and "1 nội dung cụ thể" in pillar[0].message


def test_messages_name_the_plan_by_its_kind(tmp_path, reviewer):
    """A KẾ HOẠCH is a "Kế hoạch" in the memo, not an "Đề án" (the rules write {plan_kind})."""
    result = reviewer.review(_kehoach_docx(tmp_path / "kh.docx"))
    texts = [f.message + " " + f.suggestion for f in result.findings]
    assert any("Kế hoạch" in t for t in texts)
    assert not any("Đề án" in t or "{plan_kind}" in t for t in texts)


def test_budget_split_into_nsnn_and_other_columns(tmp_path):
    """"Kinh phí" over "Tổng số | NSNN | Khác": the sources are the columns that hold an amount."""
    table = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Kinh phí (triệu đồng)", "", ""],
             ["", "", "", "", "Tổng số", "NSNN", "Khác"],
             ["1", "Số hóa hồ sơ địa chính", "Phòng Tài nguyên và Môi trường", "2023-2024", "500", "300", "200"],
             ["2", "Đưa sản phẩm OCOP lên sàn thương mại điện tử", "Phòng Kinh tế và Hạ tầng", "2023", "120", "",
              "120"]]
    seg = segment(parse_file(_kehoach_docx(tmp_path / "nsnn.docx", table)), RULES)
    found = extract_tasks(seg, RULES.task_columns)
    assert [(t.budget_vnd, t.sources) for t in found.tasks] == [
        (5e8, ["ngân sách nhà nước", "nguồn khác"]), (1.2e8, ["nguồn khác"])]
