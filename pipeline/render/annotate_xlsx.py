"""The submitted workbook with a cell comment at each finding's cell: `<name>.annotated.xlsx`.

The council returns the plan (Word comments, annotate_docx.py) and its Excel appendix (this) to the drafting
office. A finding's location names the sheet, the row and — for a task's missing owner, time, budget or source,
a total that does not add up — the column (checks/task_checks.py ``cell_location``); a finding about a whole row
sits on the row's first visible cell. Several findings on one cell share its comment. Values, formulas,
merged cells, hidden rows and styles are kept as openpyxl round-trips them (it is the maintained library that
writes comments into an existing .xlsx; it is imported only here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.core.atomic_io import atomic_save
from pipeline.core.model import SEVERITY_LABELS

FINGERPRINT_LABEL = "Mã phát hiện"


def _cell_of(finding: Any, first_column: dict[str, str]) -> tuple[str, str] | None:
    loc = finding.location
    if loc is None or not loc.sheet or not loc.sheet_row:
        return None
    return loc.sheet, f"{loc.column or first_column.get(loc.sheet, 'A')}{loc.sheet_row}"


def annotate_xlsx(findings: list, source: Path, target: Path, author: str = "planreview") -> int:
    """Write ``target``: ``source`` with one comment per commented cell; returns the number of findings placed.
    Findings without a cell (about the whole file) go on the first cell of the first sheet."""
    import openpyxl
    from openpyxl.comments import Comment

    workbook = openpyxl.load_workbook(str(source))
    first_column = {ws.title: _first_visible_column(ws) for ws in workbook.worksheets}
    texts: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        where = _cell_of(f, first_column)
        if where is None or where[0] not in workbook.sheetnames:
            where = (workbook.worksheets[0].title, f"{first_column.get(workbook.worksheets[0].title, 'A')}1")
        text = f"[{f.rule_id}] {f.title} — mức {SEVERITY_LABELS[f.severity]}\n{f.message}\nĐề xuất: {f.suggestion}"
        if f.fingerprint:
            text += f"\n{FINGERPRINT_LABEL}: {f.fingerprint}"
        texts.setdefault(where, []).append(text)
    for (sheet, ref), items in texts.items():
        cell = workbook[sheet][ref]
        if type(cell).__name__ == "MergedCell":  # a merged range's comment belongs on its first cell
            cell = next((workbook[sheet].cell(r.min_row, r.min_col) for r in workbook[sheet].merged_cells.ranges
                         if ref in r), cell)
        previous = cell.comment.text + "\n\n" if cell.comment is not None else ""
        comment = Comment(previous + "\n\n".join(items), author)
        comment.width, comment.height = 360, min(600, 120 + 60 * len(items))
        cell.comment = comment
    atomic_save(lambda tmp: workbook.save(str(tmp)), target)
    return sum(len(v) for v in texts.values())


def _first_visible_column(ws) -> str:
    from openpyxl.utils import get_column_letter

    for c in range(1, (ws.max_column or 1) + 1):
        letter = get_column_letter(c)
        dim = ws.column_dimensions.get(letter)
        if dim is None or not dim.hidden:
            return letter
    return "A"
