"""memo.docx: the memo as a Word document the council can edit (same layout as the Markdown/HTML memo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .atomic_io import atomic_save
from .docx_xml import append_table_rows


def write_docx(view: dict[str, Any], path: Path, template_dir: Path | None = None) -> None:
    """The memo as a Word document the council can edit (same layout as the Markdown/HTML memo).

    A ``memo-template.docx`` in ``template_dir`` gives the styles (fonts, margins, letterhead)."""
    import docx
    from docx.shared import Pt, RGBColor

    base = template_dir / "memo-template.docx" if template_dir else None
    document = docx.Document(str(base)) if base and base.exists() else docx.Document()
    if not (base and base.exists()):
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)

    def table(headers: list[str], rows: list[list[Any]]) -> None:
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        append_table_rows(t, rows)

    colors = {"high": RGBColor(0xB0, 0x00, 0x20), "medium": RGBColor(0xC0, 0x60, 0x00)}
    meta = view["meta"]
    document.add_heading("BÁO CÁO PHẢN BIỆN", level=0)
    document.add_paragraph().add_run(view["title"]).bold = True
    document.add_paragraph(f"Báo cáo do công cụ planreview lập tự động ngày {view['generated']} để hỗ trợ Hội đồng "
                           "phản biện; các nhận xét cần được chuyên gia xem xét, bổ sung trước khi sử dụng.")
    if view.get("round"):
        from .round_memo import docx_round_section

        docx_round_section(document, view)
    document.add_heading("I. THÔNG TIN CHUNG", level=1)
    table(["Thông tin", "Nội dung"], [
        ["Tên đề án", view["title"]], ["Địa phương", view["profile"]["unit"]],
        ["Cấp chính quyền", view["profile"]["level"]], ["Tỉnh, thành phố (hiện nay)", view["profile"]["province"]],
        ["Thời kỳ", view["profile"]["era"]], ["Khung thời gian", view["profile"]["horizon"]],
        ["Năm xây dựng", meta.plan_year or "không xác định"],
        ["Số, ngày của văn bản", view["own_identity"]],
        ["Mốc mục tiêu / định hướng", f"{meta.target_year or '?'}" + (f" / {meta.vision_year}" if meta.vision_year
                                                                       else "")],
        ["Tệp dự thảo", f"{view['file']} ({view['format']}; {len(view['sections'])} đề mục, {view['n_tables']} bảng)"],
        *([["Nhận dạng / chuyển đổi", view["input_note"]]] if view.get("input_note") else []),
        ["Bộ quy tắc", view["rules_version"]],
    ])
    document.add_heading("II. NHẬN XÉT CHUNG", level=1)
    counts = " · ".join(f"{c['label']}: {c['count']}" for c in view["severity_counts"])
    if not view["is_plan"]:
        verdict = document.add_paragraph()
        verdict.add_run(f"{view['not_a_plan']}.").bold = True
        document.add_paragraph("Tài liệu không được chấm điểm vì: " + "; ".join(view["not_a_plan_reasons"]) + ".")
    else:
        document.add_paragraph(f"Đánh giá tổng hợp: {view['overall']}/100 ({view['score_band']}) — {counts}.")
        document.add_paragraph(view["score_line"]).runs[0].italic = True
    if view["is_plan"]:
        table(["Nội dung", "Điểm (/100)", "Số phát hiện"],
              [[s["area"], s["score"], s["count"]] for s in view["scores"]])
    if view["strong_areas"]:
        document.add_paragraph(f"Đạt yêu cầu: {', '.join(view['strong_areas'])}.")
    if view["weak_areas"]:
        document.add_paragraph(f"Cần tập trung hoàn thiện: {', '.join(view['weak_areas'])}.")
    document.add_heading("III. NHẬN XÉT THEO TỪNG NỘI DUNG", level=1)
    for n, section in enumerate(view["memo_sections"], start=1):
        document.add_heading(f"{n}. {section['title']}", level=2)
        if not section["groups"]:
            document.add_paragraph("Không phát hiện vấn đề theo bộ quy tắc hiện hành.")
        for group in section["groups"]:
            p = document.add_paragraph()
            run = p.add_run(f"[{group['rule_id']}] {group['title']} — mức {group['severity']} "
                            f"({len(group['findings'])})")
            run.bold = True
            if group["severity_key"] in colors:
                run.font.color.rgb = colors[group["severity_key"]]
            for f in group["shown"]:
                item = document.add_paragraph(style="List Bullet")
                if view["round_marks"].get(f.fingerprint):
                    item.add_run(f"({view['round_marks'][f.fingerprint]}) ").bold = True
                item.add_run(f.message)
                if f.location:
                    item.add_run(f" ({f.location.label()})").italic = True
                if f.evidence:
                    q = document.add_paragraph(f"“{f.evidence}”")
                    q.paragraph_format.left_indent = Pt(24)
                    q.runs[0].italic = True
                fix = document.add_paragraph()
                fix.paragraph_format.left_indent = Pt(24)
                fix.add_run("Đề xuất: ").bold = True
                fix.add_run(f.suggestion)
            if group["more"]:
                document.add_paragraph(style="List Bullet").add_run(
                    f"… và {group['more']} trường hợp khác (đầy đủ trong findings.json)").italic = True
        if section["key"] == "can_cu":
            _docx_legal(document, view, table)
        elif section["key"] == "muc_tieu" and view["targets"]:
            table(["Chỉ tiêu", "Giá trị", "Thời hạn", "Hiện trạng"],
                  [[t.indicator, f"{t.value:g}%", t.deadline or "",
                    f"{t.baseline:g}%" if t.baseline is not None else "—"] for t in view["targets"]])
            _docx_target_rows(document, view, table)
        elif section["key"] == "hien_trang" and view["coverage"]:
            for c in view["coverage"]:
                document.add_paragraph(f"{c['name']}: có số liệu hiện trạng {c['covered']}/{c['total']} chỉ số "
                                       f"({c['percent']}%)" + (f"; thiếu: {c['missing']}." if c["missing"] else "."))
        elif section["key"] == "nhiem_vu":
            _docx_tasks(document, view, table)
        elif section["key"] == "kinh_phi" and view["budget_line"]:
            document.add_paragraph(view["budget_line"])
    document.add_heading("IV. KIẾN NGHỊ", level=1)
    if view["recommendations"]:
        document.add_paragraph("Đề nghị cơ quan xây dựng Đề án tiếp thu, hoàn thiện các nội dung sau:")
        for r in view["recommendations"]:
            document.add_paragraph(r, style="List Number")
    else:
        document.add_paragraph("Dự thảo đáp ứng các yêu cầu của bộ quy tắc hiện hành; đề nghị Hội đồng xem xét các "
                               "nội dung chuyên môn khác.")
    if view.get("round") or view.get("accepted"):
        from .round_memo import docx_appendix

        docx_appendix(document, view)
    atomic_save(lambda tmp: document.save(str(tmp)), path)


def _docx_legal(document, view: dict[str, Any], table) -> None:
    document.add_paragraph("Trạng thái: ✓ có trong cơ sở dữ liệu và khớp; ✗ mâu thuẫn với cơ sở dữ liệu; "
                           "? chưa có trong cơ sở dữ liệu, cần kiểm tra thủ công.")
    table(["Văn bản", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu", "Vị trí", "Trạng thái", "Ghi chú"],
          [[c["key"], c["kind"], c["date"], c["issuer"], c["title"], c["locations"], c["symbol"], c["note"]]
           for c in view["citations"]])
    if view["missing_bases"]:
        document.add_paragraph().add_run("Căn cứ cần có nhưng chưa được viện dẫn:").bold = True
        for f in view["missing_bases"]:
            document.add_paragraph(f.message, style="List Bullet")


def _docx_target_rows(document, view: dict[str, Any], table) -> None:
    document.add_paragraph().add_run("Đối chiếu với chỉ tiêu của cấp trên").bold = True
    table(["Chỉ tiêu của dự thảo", "Chỉ tiêu cấp trên", "Chênh lệch"],
          [[r["draft"], r["reference"], r["gap"]] for r in view["target_rows"]])
    if view["key_missing"]:
        document.add_paragraph("Chỉ tiêu chủ yếu của cấp trên chưa có trong dự thảo: " + "; ".join(view["key_missing"])
                               + ".")


def _docx_tasks(document, view: dict[str, Any], table) -> None:
    if view["tasks"]:
        document.add_paragraph().add_run("Danh mục nhiệm vụ trích xuất").bold = True
        table(["#", "Trụ cột", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kinh phí", "Nguồn vốn", "Còn thiếu"],
              [[i, t["pillar"], t["task"].text, t["owners"], t["partners"], t["task"].time_text, t["budget"],
                t["sources"], t["missing"]] for i, t in enumerate(view["tasks"], start=1)])
    if view["duplicates"]:
        document.add_paragraph().add_run("Nội dung trùng lặp với chương trình, đề án khác").bold = True
    for item in view["duplicates"]:
        d = item["match"]
        what = f"nhiệm vụ {d.source_task_no} của " if d.source_kind == "task" else ""
        document.add_paragraph(f"Trùng {round(d.score * 100)}% — {d.draft_location.label()} ↔ {what}"
                               f"{d.source_title or d.source_doc} ({d.source_doc}, {d.source_location.label()})",
                               style="List Bullet")
        t = document.add_table(rows=2, cols=2)
        t.style = "Table Grid"
        for cell, label in zip(t.rows[0].cells, ["Dự thảo", "Văn bản đã có (phần trùng in đậm)"]):
            cell.paragraphs[0].add_run(label).bold = True
        for cell, pieces in zip(t.rows[1].cells, item["pieces"]):
            para = cell.paragraphs[0]
            for k, (text, shared) in enumerate(pieces):
                para.add_run(("" if k == 0 else " ") + text).bold = shared
