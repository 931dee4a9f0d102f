"""The normalised task table as tasks.csv and tasks.xlsx (every task: the spreadsheet is never capped)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .atomic_io import atomic_save, atomic_write
from .memo_view import MISSING_LABELS, PILLAR_LABELS
from .review import ReviewResult
from .safe_cells import csv_row, xlsx_text_cell

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

    Written with openpyxl's streaming (write-only) writer: rows go to disk as they are made, so time and
    memory grow linearly with the number of tasks."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = rows if rows is not None else task_rows(result)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nhiệm vụ")
    # every appended row is a list of ready cells (value, type, position, style): hand them to the writer as
    # they are (openpyxl would first try each cell as a value and catch the ValueError, ~0.1 ms a cell)
    ws._values_to_row = lambda cells, _row: cells
    for i, name in enumerate(TASK_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = COLUMN_WIDTHS.get(name, 14)
    ws.freeze_panes = "A2"
    header = []
    for n, name in enumerate(TASK_COLUMNS, start=1):
        cell = xlsx_text_cell(ws, name, 1, n)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    # one style per kind of cell, copied (assigning style objects per cell costs ~0.25 ms each)
    plain = xlsx_text_cell(ws, None, 1, 1)
    plain.alignment = Alignment(wrap_text=True, vertical="top")
    red = xlsx_text_cell(ws, None, 1, 1)
    red.fill = PatternFill("solid", fgColor="FFC7CE")
    red.alignment = Alignment(wrap_text=True, vertical="top")
    for r, (task, row) in enumerate(zip(result.tasks.tasks, rows), start=2):
        missing = {TASK_COLUMNS.index(MISSING_COLUMN[m]) for m in task.missing}
        cells = []
        for n, value in enumerate(row):
            cell = xlsx_text_cell(ws, value, r, n + 1)  # draft text is never stored as a formula
            cell._style = copy((red if n in missing else plain)._style)
            cells.append(cell)
        ws.append(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(TASK_COLUMNS))}{len(rows) + 1}"
    budget = wb.create_sheet("Kinh phí")
    budget.column_dimensions["A"].width = 45
    budget.column_dimensions["B"].width = 20
    tasks = result.tasks
    lines = [["Tổng kinh phí các nhiệm vụ (đồng)", round(tasks.sum_vnd)],
             ["Dòng Tổng cộng của bảng (đồng)", round(tasks.table_total_vnd) if tasks.table_total_vnd else None],
             ["Tổng kinh phí nêu tại phần Kinh phí (đồng)",
              round(tasks.stated_total_vnd) if tasks.stated_total_vnd else None],
             ["Số nhiệm vụ chưa có kinh phí", sum(1 for t in tasks.tasks if t.budget_vnd is None)]]
    for r, line in enumerate(lines, start=1):  # (an empty amount is still written, as an empty cell)
        budget.append([xlsx_text_cell(budget, value, r, c) for c, value in enumerate(line, start=1)])
    atomic_save(lambda tmp: wb.save(str(tmp)), path)
