"""The Word (.docx) parts of a round-2 memo: "Tình hình tiếp thu ý kiến phản biện" at the top and the
appendix (changes v1 → v2 with inserted / deleted words marked, findings the council accepted).
The Markdown and HTML parts are templates/rounds.*.j2 and templates/appendix.*.j2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .redline import DELETE, EQUAL, INSERT


def _table(document, headers: list[str], rows: list[list[Any]]) -> None:
    t = document.add_table(rows=1, cols=len(headers))
    t._tbl.tblStyle_val = document.styles["Table Grid"].style_id  # (python-docx's style-name setter is slow)
    for cell, text in zip(t.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(t.add_row().cells, row):
            cell.text = str(text if text is not None else "")


def _mark_run(paragraph, op: int, text: str) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    run = paragraph.add_run(text)
    if op == INSERT:
        run.underline = True
        run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    elif op == DELETE:
        run.font.strike = True
        run.font.highlight_color = WD_COLOR_INDEX.PINK


def docx_round_section(document, view: dict[str, Any]) -> None:
    rnd = view["round"]
    document.add_heading("TÌNH HÌNH TIẾP THU Ý KIẾN PHẢN BIỆN", level=1)
    document.add_paragraph(
        f"So với lần rà soát trước ({rnd.previous_file or rnd.previous}): {len(rnd.resolved)} ý kiến đã tiếp thu, "
        f"{len(rnd.still_open)} chưa tiếp thu, {len(rnd.new)} phát hiện mới"
        + (f", {len(rnd.accepted)} được Hội đồng chấp nhận (Phụ lục)." if rnd.accepted else "."))
    if rnd.skipped:
        document.add_paragraph(f"({rnd.skipped} phát hiện của lần trước thuộc quy tắc đã tắt hoặc dưới mức tối "
                               "thiểu, không so sánh.)")
    _table(document, ["Tình hình", "Số lượng"], [["Đã tiếp thu", len(rnd.resolved)],
                                                 ["Chưa tiếp thu", len(rnd.still_open)], ["Mới", len(rnd.new)],
                                                 ["Hội đồng chấp nhận", len(rnd.accepted)]])
    rows = []
    for i in rnd.resolved + rnd.still_open + rnd.new:
        where = i.location or i.previous_location or "toàn văn bản"
        if i.status == "open" and i.previous_location and i.previous_location != i.location:
            where += f" (lần trước: {i.previous_location})"
        rows.append([i.status_label, i.rule_id, i.message, where])
    if rows:
        document.add_paragraph()
        _table(document, ["Tình hình", "Quy tắc", "Nội dung", "Vị trí"], rows)
    if rnd.redline:
        c = rnd.redline.counts()
        document.add_paragraph(f"Dự thảo sửa đổi so với lần trước: {c['added']} đoạn thêm, {c['removed']} đoạn bỏ, "
                               f"{c['changed']} đoạn sửa; nhiệm vụ: {c['tasks_added']} thêm, {c['tasks_removed']} bỏ, "
                               f"{c['tasks_changed']} thay đổi (chi tiết tại Phụ lục).")
    elif rnd.redline_note:
        document.add_paragraph(rnd.redline_note)


def docx_appendix(document, view: dict[str, Any]) -> None:
    rnd = view.get("round")
    accepted = view.get("accepted") or []
    round_accepted = [i for i in (rnd.accepted if rnd else [])
                      if i.fingerprint not in {a["finding"].fingerprint for a in accepted}]
    if not ((rnd and rnd.redline) or accepted or round_accepted):
        return
    document.add_heading("PHỤ LỤC", level=1)
    n = 1
    if rnd and rnd.redline:
        document.add_heading(f"Phụ lục {n}. Những thay đổi so với dự thảo trước", level=2)
        document.add_paragraph(f"Phần chèn gạch chân, tô xanh; phần xóa gạch ngang. Bản Word có theo dõi thay đổi: "
                               f"{Path(view['file']).stem}.redline.docx.")
        for section in rnd.redline.sections:
            document.add_paragraph().add_run(
                f"{section.title} — thêm {section.count('added')}, bỏ {section.count('removed')}, "
                f"sửa {section.count('changed')}").bold = True
            for ch in section.changes:
                p = document.add_paragraph(style="List Bullet")
                if ch.kind == "added":
                    p.add_run("Thêm: ")
                    _mark_run(p, INSERT, ch.new)
                elif ch.kind == "removed":
                    p.add_run("Bỏ: ")
                    _mark_run(p, DELETE, ch.old)
                else:
                    p.add_run("Sửa: ")
                    for op, text in ch.pieces:
                        if op == EQUAL:
                            p.add_run(text)
                        else:
                            _mark_run(p, op, text)
        if rnd.redline.tasks:
            document.add_paragraph().add_run("Danh mục nhiệm vụ").bold = True
            labels = {"added": "Thêm", "removed": "Bỏ", "changed": "Thay đổi"}
            _table(document, ["Thay đổi", "Nhiệm vụ", "Chi tiết"],
                   [[labels[t.kind], t.task, "\n".join(t.field_lines())] for t in rnd.redline.tasks])
        if rnd.redline.empty:
            document.add_paragraph("Không có thay đổi về nội dung.")
        n += 1
    if accepted or round_accepted:
        document.add_heading(f"Phụ lục {n}. Phát hiện Hội đồng đã chấp nhận (không nêu lại)", level=2)
        rows = [[a["finding"].fingerprint, f"[{a['finding'].rule_id}] {a['finding'].message}", a["accepted"].reason,
                 f"{a['accepted'].by} {a['accepted'].date}".strip()] for a in accepted]
        rows += [[i.fingerprint, f"[{i.rule_id}] {i.message}", i.reason, i.by] for i in round_accepted]
        _table(document, ["Mã phát hiện", "Nội dung", "Lý do chấp nhận", "Người / phiên"], rows)
