"""The normalised task table as tasks.csv and tasks.xlsx (every task: the spreadsheet is never capped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.core.atomic_io import atomic_save, atomic_write
from pipeline.core.safe_cells import csv_row, xlsx_cell
from pipeline.render.memo_view import MISSING_LABELS, PILLAR_LABELS
from pipeline.review.reviewer import ReviewResult

TASK_COLUMNS = ["STT", "Nhóm", "Trụ cột", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian",
                "Năm bắt đầu", "Năm kết thúc", "Kinh phí (như ghi)", "Kinh phí (đồng)", "Nguồn vốn", "Còn thiếu",
                "Vị trí"]
# which spreadsheet column is highlighted when a task lacks a field
MISSING_COLUMN = {"owner": "Cơ quan chủ trì", "time": "Thời gian", "budget": "Kinh phí (đồng)", "source": "Nguồn vốn"}
COLUMN_WIDTHS = {"Nhiệm vụ": 60, "Nhóm": 20, "Cơ quan chủ trì": 30, "Cơ quan phối hợp": 30, "Còn thiếu": 25}


def task_rows(result: ReviewResult) -> list[list[Any]]:
    """The normalised task table, one row per task, in TASK_COLUMNS order."""
    rows = []
    for i, t in enumerate(result.tasks.tasks, start=1):
        rows.append([i, t.group, PILLAR_LABELS.get(t.pillar, ""), t.text, "; ".join(t.owners) or t.owner,
                     "; ".join(t.partner_units), t.time_text, t.start_year, t.end_year, t.budget_text,
                     round(t.budget_vnd) if t.budget_vnd is not None else None, ", ".join(t.sources),
                     ", ".join(MISSING_LABELS[m] for m in t.missing), t.location.label()])
    return rows


def write_task_csv(result: ReviewResult, path: Path, rows: list[list[Any]] | None = None) -> None:
    """tasks.csv (UTF-8 with BOM for Excel); cells that would start a formula are prefixed (OWASP)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TASK_COLUMNS)
    writer.writerows(csv_row(row) for row in (rows if rows is not None else task_rows(result)))
    atomic_write(path, "\ufeff" + buffer.getvalue())


def write_task_xlsx(result: ReviewResult, path: Path, rows: list[list[Any]] | None = None) -> None:
    """The task table as a spreadsheet reviewers can filter; missing cells are filled red.

    Written with XlsxWriter in constant-memory mode: rows go to disk as they are made, so time and memory grow
    linearly with the number of tasks (and the library imports in a tenth of openpyxl's time). Draft text is
    always written as a string cell, never as a formula (``write_string``, see safe_cells)."""
    import xlsxwriter

    rows = rows if rows is not None else task_rows(result)

    def save(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
        bold = wb.add_format({"bold": True})
        plain = wb.add_format({"text_wrap": True, "valign": "top"})
        red = wb.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFC7CE", "pattern": 1})
        ws = wb.add_worksheet("Nhiệm vụ")
        for n, name in enumerate(TASK_COLUMNS):
            ws.set_column(n, n, COLUMN_WIDTHS.get(name, 14))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(rows), len(TASK_COLUMNS) - 1)
        for n, name in enumerate(TASK_COLUMNS):
            ws.write_string(0, n, name, bold)
        for r, (task, row) in enumerate(zip(result.tasks.tasks, rows), start=1):
            missing = {TASK_COLUMNS.index(MISSING_COLUMN[m]) for m in task.missing}
            for n, value in enumerate(row):
                xlsx_cell(ws, r, n, value, red if n in missing else plain)
        budget = wb.add_worksheet("Kinh phí")
        budget.set_column(0, 0, 45)
        budget.set_column(1, 1, 20)
        tasks = result.tasks
        lines = [["Tổng kinh phí các nhiệm vụ (đồng)", round(tasks.sum_vnd)],
                 ["Dòng Tổng cộng của bảng (đồng)", round(tasks.table_total_vnd) if tasks.table_total_vnd else None],
                 ["Tổng kinh phí nêu tại phần Kinh phí (đồng)",
                  round(tasks.stated_total_vnd) if tasks.stated_total_vnd else None],
                 ["Số nhiệm vụ chưa có kinh phí", sum(1 for t in tasks.tasks if t.budget_vnd is None)]]
        for r, line in enumerate(lines):  # (an empty amount is still written, as an empty cell)
            for c, value in enumerate(line):
                xlsx_cell(budget, r, c, value)
        wb.close()

    atomic_save(save, path)
