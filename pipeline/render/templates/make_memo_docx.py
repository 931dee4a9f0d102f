"""Write templates/memo.docx, the Word template of memo.docx (docxtpl: jinja2 tags inside a Word document).

    python pipeline/templates/make_memo_docx.py

A council restyles the memo by opening memo.docx in Word (styles, fonts, margins, letterhead, header and
footer, table look), keeping the {{ ... }} / {%p ... %} / {%tr ... %} tags, and passing the folder with
``--template-dir`` as memo-template.docx. This script only makes the bundled starting point; the values
come from pipeline/memo_view.py and pipeline/memo_docx.py (``docx`` in the tags).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def build(path: Path = HERE / "memo.docx") -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    body = document.element.body
    for child in list(body):  # python-docx's default document starts empty but for its section properties
        if child.tag.endswith("}p"):
            body.remove(child)

    def p(text: str = "", style: str | None = None, bold: bool = False, italic: bool = False,
          indent: bool = False):
        para = document.add_paragraph(style=style)
        if text:
            run = para.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        if indent:
            para.paragraph_format.left_indent = Pt(24)
        return para

    def table(headers: list[str], loop: str, cells: list[str]) -> None:
        """A header row, then one row per item of ``loop`` ("row in docx.info")."""
        t = document.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.paragraphs[0].add_run(text).bold = True
        t.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
        for cell, text in zip(t.rows[2].cells, cells):
            cell.paragraphs[0].add_run(text)
        t.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")

    def row_table(headers: list[str], loop: str) -> None:
        """A table whose rows are lists of text (``docx.*`` rows prepared in memo_docx.py)."""
        item = loop.split(" in ")[0]
        table(headers, loop, [f"{{{{ {item}[{i}] }}}}" for i in range(len(headers))])

    document.add_heading("BÁO CÁO PHẢN BIỆN", level=0)
    p("{{ title }}", bold=True)
    p("Báo cáo do công cụ planreview lập tự động ngày {{ generated }} để hỗ trợ Hội đồng phản biện; các nhận "
      "xét cần được chuyên gia xem xét, bổ sung trước khi sử dụng.")
    # ---- round 2: "Tình hình tiếp thu ý kiến phản biện"
    p("{%p if round %}")
    document.add_heading("TÌNH HÌNH TIẾP THU Ý KIẾN PHẢN BIỆN", level=1)
    p("{{ docx.round.line }}")
    p("{%p if round.skipped %}")
    p("({{ round.skipped }} phát hiện của lần trước thuộc quy tắc đã tắt hoặc dưới mức tối thiểu, không so sánh.)")
    p("{%p endif %}")
    row_table(["Tình hình", "Số lượng"], "r in docx.round.counts")
    p("{%p if docx.round.rows %}")
    p()
    row_table(["Tình hình", "Quy tắc", "Nội dung", "Vị trí"], "r in docx.round.rows")
    p("{%p endif %}")
    p("{%p if docx.round.redline_line %}")
    p("{{ docx.round.redline_line }}")
    p("{%p endif %}")
    p("{%p endif %}")
    # ---- I. general information
    document.add_heading("I. THÔNG TIN CHUNG", level=1)
    row_table(["Thông tin", "Nội dung"], "r in docx.info")
    # ---- II. overall assessment
    document.add_heading("II. NHẬN XÉT CHUNG", level=1)
    p("{%p if not is_plan %}")
    p("{{ not_a_plan }}.", bold=True)
    p("Tài liệu không được chấm điểm vì: {{ not_a_plan_reasons|join('; ') }}.")
    p("{%p else %}")
    p("Đánh giá tổng hợp: {{ overall }}/100 ({{ score_band }}) — {{ docx.counts }}.")
    p("{{ score_line }}", italic=True)
    p("{%p endif %}")
    p("{%p if is_plan %}")
    row_table(["Nội dung", "Điểm (/100)", "Số phát hiện"], "r in docx.scores")
    p("{%p endif %}")
    p("{%p if strong_areas %}")
    p("Đạt yêu cầu: {{ strong_areas|join(', ') }}.")
    p("{%p endif %}")
    p("{%p if weak_areas %}")
    p("Cần tập trung hoàn thiện: {{ weak_areas|join(', ') }}.")
    p("{%p endif %}")
    # ---- III. comments by topic
    document.add_heading("III. NHẬN XÉT THEO TỪNG NỘI DUNG", level=1)
    p("{%p for section in memo_sections %}")
    document.add_heading("{{ loop.index }}. {{ section.title }}", level=2)
    p("{%p if not section.groups %}")
    p("Không phát hiện vấn đề theo bộ quy tắc hiện hành.")
    p("{%p endif %}")
    p("{%p for group in section.groups %}")
    p("{{r docx.group_title(group) }}")
    p("{%p for f in group.shown %}")
    p("{{r docx.finding_line(f) }}", style="List Bullet")
    p("{%p if f.evidence %}")
    p("“{{ f.evidence }}”", italic=True, indent=True)
    p("{%p endif %}")
    fix = p("Đề xuất: ", bold=True, indent=True)
    fix.add_run("{{ f.suggestion }}")
    p("{%p endfor %}")
    p("{%p if group.more %}")
    p("… và {{ group.more }} trường hợp khác (đầy đủ trong findings.json)", style="List Bullet", italic=True)
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if section.key == 'can_cu' %}")
    p("Trạng thái: ✓ có trong cơ sở dữ liệu và khớp; ✗ mâu thuẫn với cơ sở dữ liệu; ? chưa có trong cơ sở dữ liệu, "
      "cần kiểm tra thủ công.")
    row_table(["Văn bản", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu", "Vị trí", "Trạng thái", "Ghi chú"],
              "r in docx.citations")
    p("{%p if missing_bases %}")
    p("Căn cứ cần có nhưng chưa được viện dẫn:", bold=True)
    p("{%p for f in missing_bases %}")
    p("{{ f.message }}", style="List Bullet")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p elif section.key == 'muc_tieu' and targets %}")
    row_table(["Chỉ tiêu", "Giá trị", "Thời hạn", "Hiện trạng"], "r in docx.targets")
    p("Đối chiếu với chỉ tiêu của cấp trên", bold=True)
    table(["Chỉ tiêu của dự thảo", "Chỉ tiêu cấp trên", "Chênh lệch"], "r in target_rows",
          ["{{ r.draft }}", "{{ r.reference }}", "{{ r.gap }}"])
    p("{%p if key_missing %}")
    p("Chỉ tiêu chủ yếu của cấp trên chưa có trong dự thảo: {{ key_missing|join('; ') }}.")
    p("{%p endif %}")
    p("{%p elif section.key == 'hien_trang' and coverage %}")
    p("{%p for c in coverage %}")
    p("{{ c.name }}: có số liệu hiện trạng {{ c.covered }}/{{ c.total }} chỉ số ({{ c.percent }}%)"
      "{% if c.missing %}; thiếu: {{ c.missing }}.{% else %}.{% endif %}")
    p("{%p endfor %}")
    p("{%p elif section.key == 'nhiem_vu' %}")
    p("{%p if tasks %}")
    p("Danh mục nhiệm vụ trích xuất", bold=True)
    row_table(["#", "Trụ cột", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kinh phí", "Nguồn vốn",
               "Còn thiếu"], "r in docx.tasks")
    p("{%p endif %}")
    p("{%p if duplicates %}")
    p("Nội dung trùng lặp với chương trình, đề án khác", bold=True)
    p("{%p endif %}")
    p("{%p for item in duplicates %}")
    p("{{ docx.duplicate_line(item) }}", style="List Bullet")
    t = document.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    for cell, label in zip(t.rows[0].cells, ["Dự thảo", "Văn bản đã có (phần trùng in đậm)"]):
        cell.paragraphs[0].add_run(label).bold = True
    for cell, side in zip(t.rows[1].cells, ("0", "1")):
        cell.paragraphs[0].add_run(f"{{{{r docx.pieces(item, {side}) }}}}")
    p("{%p endfor %}")
    p("{%p elif section.key == 'kinh_phi' and budget_line %}")
    p("{{ budget_line }}")
    p("{%p endif %}")
    p("{%p endfor %}")
    # ---- IV. recommendations
    document.add_heading("IV. KIẾN NGHỊ", level=1)
    p("{%p if recommendations %}")
    p("Đề nghị cơ quan xây dựng Đề án tiếp thu, hoàn thiện các nội dung sau:")
    p("{%p for r in recommendations %}")
    p("{{ r }}", style="List Number")
    p("{%p endfor %}")
    p("{%p else %}")
    p("Dự thảo đáp ứng các yêu cầu của bộ quy tắc hiện hành; đề nghị Hội đồng xem xét các nội dung chuyên môn khác.")
    p("{%p endif %}")
    # ---- appendix (round 2: changes v1 → v2; findings the council accepted)
    p("{%p if docx.appendix %}")
    document.add_heading("PHỤ LỤC", level=1)
    p("{%p if docx.appendix.redline %}")
    document.add_heading("{{ docx.appendix.redline_heading }}", level=2)
    p("Phần chèn gạch chân, tô xanh; phần xóa gạch ngang. Bản Word có theo dõi thay đổi: "
      "{{ docx.appendix.redline_file }}.")
    p("{%p for s in docx.appendix.sections %}")
    p("{{ s.line }}", bold=True)
    p("{%p for change in s.changes %}")
    p("{{r change }}", style="List Bullet")
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{%p if docx.appendix.tasks %}")
    p("Danh mục nhiệm vụ", bold=True)
    row_table(["Thay đổi", "Nhiệm vụ", "Chi tiết"], "r in docx.appendix.tasks")
    p("{%p endif %}")
    p("{%p if docx.appendix.empty %}")
    p("Không có thay đổi về nội dung.")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p if docx.appendix.accepted %}")
    document.add_heading("{{ docx.appendix.accepted_heading }}", level=2)
    row_table(["Mã phát hiện", "Nội dung", "Lý do chấp nhận", "Người / phiên"], "r in docx.appendix.accepted")
    p("{%p endif %}")
    p("{%p endif %}")
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
