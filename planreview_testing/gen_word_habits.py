"""Realistic drafts in the Word habits of issue 29, each with its ground truth (benchmarks/eval_word_habits.py).

    python -m planreview_testing.gen_word_habits OUT_DIR      # writes w01…w10 + .truth.yaml (PDFs need soffice)

The content (header, bases, status, targets, tasks, budget, organisation) is built by the realistic corpus's
builder (tests/data/realistic/make_realistic.py, fictional units, national documents with their real numbers and
dates); this module writes it the way office staff's Word stores it (planreview_testing/word_ooxml.py) with one
habit per draft, and shapes the task appendix as real appendices are shaped:

* w01 headings and list labels from numbering.xml (issue item 1);
* w02 a revised draft with its changes unaccepted: an inserted row, owner, amount and basis (item 2);
* w03 legal bases whose number, date and issuer sit in footnotes (item 3);
* w04 the header block (unit, number, date) and the title in a text box — clean (item 4);
* w05 a three-row header ("Kinh phí" over "Tổng số" and "Chia theo năm" over the years), "ĐVT: triệu đồng"
  above the table, owners merged (w:vMerge) over the tasks they lead, header rows repeated (item 5);
* w06 the same habits as a PDF exported by LibreOffice: per-year columns without a time column, amounts in full
  đồng under "Đơn vị tính: đồng", owner and source cells merged, a column-number row — clean (item 5);
* w07 a web copy (.txt) with line breaks inside sentences, amounts as "1 tỷ 250 triệu đồng" (items 5, 6);
* w08 a department's decision (Sở … of tỉnh X), its unit named by the place-date line and the body — clean (7);
* w09 tasks in prose with amounts in full đồng and "1,25 tỷ" (item 5);
* w10 a PDF exported by LibreOffice: budget split by source under two header rows, "ĐVT: triệu đồng" below the
  table (item 5);
* w11 a web copy of a department's decision whose header cells run together ("UBND TỈNH X SỞ …") — clean (6, 7);
* w12 w06's appendix as a scan (OCR): its tasks only (item 5).

Each truth lists the planted defects (rule id and quoted text), every task with its owner, years, budget and
source as planted literals, and ``items`` (the issue's classes the draft exercises).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from planreview_testing.word_ooxml import Cell, Package, Par, Row, Run, Tbl, write

ROOT = Path(__file__).resolve().parent.parent
REALISTIC = ROOT / "tests" / "data" / "realistic"
DEFAULT_OUT = ROOT / "tests" / "data" / "word_habits"


def _realistic():
    """tests/data/realistic/make_realistic.py (and its writers) as a module."""
    if "make_realistic" in sys.modules:
        return sys.modules["make_realistic"]
    sys.path.insert(0, str(REALISTIC))
    spec = importlib.util.spec_from_file_location("make_realistic", REALISTIC / "make_realistic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_realistic"] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- money as appendices write it
def million_text(m: float) -> str:
    return f"{m:,.0f}".replace(",", ".")


def dong_text(m: float) -> str:
    return f"{m * 1_000_000:,.0f}".replace(",", ".")


def ty_trieu(m: float) -> str:
    """1250 → "1 tỷ 250 triệu đồng"; 800 → "800 triệu đồng"; 2000 → "2 tỷ đồng"."""
    ty, rest = divmod(int(round(m)), 1000)
    if not ty:
        return f"{rest} triệu đồng"
    return f"{ty} tỷ" + (f" {rest} triệu" if rest else "") + " đồng"


def split_years(million: float, years: list[int]) -> dict[int, float]:
    """A task's amount spread over its years (multiples of 5 million, the rest in the last year)."""
    if len(years) == 1:
        return {years[0]: million}
    part = round(million / len(years) / 5) * 5
    out = {y: float(part) for y in years[:-1]}
    out[years[-1]] = million - part * (len(years) - 1)
    return {y: v for y, v in out.items() if v > 0}


# --------------------------------------------------------------------------- the task appendix as rows
class TaskRow:
    def __init__(self, n: str, name: str, owner: str, partner: str, time: str, budget: str, source: str):
        self.n, self.name, self.owner, self.partner, self.time, self.budget, self.source = (
            n, name, owner, partner, time, budget, source)


def read_task_table(rows: list[list[str]]) -> list[tuple[str, list[TaskRow]]]:
    """The builder's appendix (TT, name, owner, partner, time, budget in million, source) as groups of tasks."""
    groups: list[tuple[str, list[TaskRow]]] = []
    for row in rows[1:]:
        if re.fullmatch(r"[IVX]+", row[0]):
            groups.append((f"{row[0]}. {row[1]}" if not row[1].startswith(row[0]) else row[1], []))
        elif row[0].isdigit():
            groups[-1][1].append(TaskRow(*row[:7]))
    return groups


def _years(time: str, plan: list[int]) -> list[int]:
    found = [int(y) for y in re.findall(r"20\d\d", time)]
    if not found:
        return []
    return [y for y in plan if min(found) <= y <= max(found)] or [min(found)]


def _para(text: str, bold: bool = False, align: str = "center", italic: bool = False, size: int = 24) -> Par:
    return Par([Run(text, bold=bold, italic=italic)], align=align, indent=False, size=size)


def _cell(text: str, bold: bool = False, align: str = "center", span: int = 1, vmerge: str = "",
          runs: list[Run] | None = None) -> Cell:
    par = Par(runs if runs is not None else [Run(text, bold=bold)], align=align, indent=False, size=24)
    return Cell([par] if (text or runs) else [Par([], indent=False)], span=span, vmerge=vmerge)


def _merge_runs(values: list[str]) -> list[str]:
    """vMerge marks for a column: "restart" where a run of equal non-empty values of 2+ rows starts,
    "continue" below it, "" elsewhere."""
    marks = [""] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i] and values[i]:
            j += 1
        if j > i:
            marks[i] = "restart"
            for k in range(i + 1, j + 1):
                marks[k] = "continue"
        i = j + 1
    return marks


def per_year_table(groups, plan_years: list[int], *, time_column: bool, unit: str, merge: tuple[str, ...],
                   number_row: bool, truth_tasks: dict[str, dict]) -> Tbl:
    """A task appendix with "Kinh phí" over "Tổng số" and "Chia theo năm" over one column per year (three header
    rows, or two without "Chia theo năm"), owners/sources merged over consecutive tasks, headers repeated."""
    fmt = million_text if unit == "triệu" else dong_text
    lead = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"] + (
        ["Thời gian thực hiện"] if time_column else [])
    ny = len(plan_years)
    widths = [1.0, 6.4, 3.2, 3.0] + ([2.0] if time_column else []) + [2.4] + [2.0] * ny + [2.8]
    head = [Row([_cell(x, True, vmerge="restart") for x in lead]
                + [_cell("Kinh phí", True, span=1 + ny), _cell("Nguồn vốn", True, vmerge="restart")], header=True),
            Row([_cell("", vmerge="continue") for _ in lead]
                + [_cell("Tổng số", True, vmerge="restart"), _cell("Chia theo năm", True, span=ny),
                   _cell("", vmerge="continue")], header=True),
            Row([_cell("", vmerge="continue") for _ in lead] + [_cell("", vmerge="continue")]
                + [_cell(str(y), True) for y in plan_years] + [_cell("", vmerge="continue")], header=True)]
    if number_row:
        head.append(Row([_cell(f"({i})", False) for i in range(1, len(widths) + 1)], header=True))
    body: list[Row] = []
    grand = [0.0] * (1 + ny)
    for title, tasks in groups:
        lines = []
        sums = [0.0] * (1 + ny)
        for t in tasks:
            truth = truth_tasks[t.name]
            million = truth["budget_vnd"] / 1e6 if truth["budget_vnd"] is not None else None
            years = _years(t.time, plan_years) or plan_years[:1]
            parts = split_years(million, years) if million else {}
            if not time_column:
                truth["years"] = [min(parts), max(parts)] if parts else None
            amounts = [million or 0.0] + [parts.get(y, 0.0) for y in plan_years]
            sums = [a + b for a, b in zip(sums, amounts)]
            lines.append(t)
            lines_amounts = amounts
            t.amounts = lines_amounts
            t.budget_cells = ([fmt(million)] if million else [t.budget]) + [fmt(v) if v else "" for v in
                                                                           amounts[1:]]
        grand = [a + b for a, b in zip(grand, sums)]
        body.append(Row([_cell(title.split(". ", 1)[0], True), _cell(title.split(". ", 1)[1], True, "left",
                                                                       span=len(lead) - 1)]
                        + [_cell(fmt(v) if v else "", True) for v in sums] + [_cell("")]))
        owner_marks = _merge_runs([t.owner for t in tasks]) if "owner" in merge else [""] * len(tasks)
        source_marks = _merge_runs([t.source for t in tasks]) if "source" in merge else [""] * len(tasks)
        for t, om, sm in zip(tasks, owner_marks, source_marks):
            cells = [_cell(t.n), _cell(t.name, align="left"),
                     _cell("" if om == "continue" else t.owner, vmerge=om),
                     _cell(t.partner)] + ([_cell(t.time)] if time_column else [])
            cells += [_cell(v) for v in t.budget_cells]
            cells.append(_cell("" if sm == "continue" else t.source, vmerge=sm))
            body.append(Row(cells))
    body.append(Row([_cell("", span=1), _cell("Tổng cộng", True, span=len(lead) - 1)]
                    + [_cell(fmt(v) if v else "", True) for v in grand] + [_cell("")]))
    return Tbl(head + body, widths)


def by_source_table(groups, mr, truth_tasks: dict[str, dict], merge_source: bool) -> Tbl:
    """Two header rows: "Kinh phí" over "Tổng số" and one column per source; no unit in the header."""
    columns = mr.SOURCE_COLUMNS
    head = [Row([_cell(x, True, vmerge="restart") for x in ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì",
                                                            "Thời gian thực hiện")]
                + [_cell("Kinh phí", True, span=1 + len(columns)), _cell("Ghi chú", True, vmerge="restart")],
                header=True),
            Row([_cell("", vmerge="continue") for _ in range(4)] + [_cell("Tổng số", True)]
                + [_cell(c, True) for c in columns] + [_cell("", vmerge="continue")], header=True)]
    body: list[Row] = []
    for title, tasks in groups:
        body.append(Row([_cell(title.split(". ", 1)[0], True), _cell(title.split(". ", 1)[1], True, "left", span=3)]
                        + [_cell("") for _ in range(1 + len(columns))] + [_cell("")]))
        for t in tasks:
            truth = truth_tasks[t.name]
            million = truth["budget_vnd"] / 1e6 if truth["budget_vnd"] is not None else None
            x = mr.T(t.name, t.owner, t.partner, t.time, million, t.source, "")
            parts = mr.split_by_source(x)
            truth["source_columns"] = [c for c, v in zip(columns, parts) if v]
            truth["source"] = ", ".join(truth["source_columns"])
            cells = [_cell(t.n), _cell(t.name, align="left"), _cell(t.owner), _cell(t.time),
                     _cell(million_text(million) if million else t.budget)]
            cells += [_cell(million_text(v) if v else "") for v in parts]
            cells.append(_cell(""))
            body.append(Row(cells))
    return Tbl(head + body, [1.0, 6.4, 3.4, 2.2, 2.2] + [2.2] * len(columns) + [1.8])


# --------------------------------------------------------------------------- the draft's elements as OOXML
_NUMBERED = re.compile(r"^([IVX]+|\d+)\.\s+")
_BASIS = re.compile(r"^(?P<lead>Căn cứ |- )(?P<kind>Luật|Nghị quyết|Quyết định|Nghị định|Chương trình|Kế hoạch)"
                    r"(?P<ref> số \S+ ngày \d.*?(?: của (?:Thủ tướng Chính phủ|Chính phủ|Bộ Chính trị|Bộ [^,]+?"
                    r"|Ban Chấp hành Đảng bộ [^,]+?|UBND tỉnh \S+ \S+|HĐND tỉnh \S+ \S+|Tỉnh ủy \S+ \S+)))"
                    r" (?P<title>(?:về|phê duyệt|ban hành|quy định|sửa đổi|thực hiện).*);$")


def elements_to_items(els, habit: str, table_hook=None) -> tuple[list, bool]:
    """The builder's elements as paragraphs and tables; ``habit`` shapes the ones it concerns. Returns the
    items and whether the last section is landscape."""
    items: list = []
    landscape = False
    first_grid = True
    pending_box: list = []
    for el in els:
        if el.kind == "grid":
            rows = [Row([_cell(c, bold=c.isupper() or c.startswith("Độc lập")) for c in r]) for r in el.rows]
            tbl = Tbl(rows, el.widths or [8.0, 8.0], borders=False)
            if habit in ("textbox", "department_box") and first_grid:
                pending_box.append(tbl)
                first_grid = False
                continue
            first_grid = False
            items.append(tbl)
        elif el.kind == "h":
            m = _NUMBERED.match(el.text)
            if habit == "numbering" and m:
                level = 0 if re.fullmatch(r"[IVX]+", m.group(1)) else 1
                items.append(Par([Run(el.text[m.end():], bold=True)], align="both", num=(1, level), indent=False))
            else:
                items.append(Par([Run(el.text, bold=True)], align="both", indent=False))
        elif el.kind == "p":
            m = _BASIS.match(el.text)
            if habit == "footnotes" and m:
                items.append(Par([Run(f"{m.group('lead')}{m.group('kind')} {m.group('title')}", note=(
                    f"{m.group('kind')}{m.group('ref')}.")), Run(";")]))
            else:
                items.append(Par([Run(el.text, bold=el.bold, italic=el.italic)]))
        elif el.kind == "bullet":
            if habit == "numbering":
                items.append(Par([Run(el.text)], num=(2, 0), indent=False))
            else:
                items.append(Par([Run("- " + el.text)]))
        elif el.kind == "center":
            par = Par([Run(el.text, bold=el.bold, italic=el.italic)], align="center", indent=False)
            if pending_box and el.text in ("KẾ HOẠCH", "ĐỀ ÁN", "QUYẾT ĐỊNH"):
                pending_box.append(par)
                continue
            if pending_box:
                pending_box.append(par)
                items.append(Par([], indent=False, text_box=pending_box))
                pending_box = []
                continue
            items.append(par)
        elif el.kind == "pagebreak":
            items.append(Par([], page_break_before=True, indent=False))
        elif el.kind == "section":
            items.append(Par([], indent=False, landscape_section_end=landscape))
            landscape = el.landscape
        elif el.kind == "table":
            shaped = table_hook(el) if table_hook else None
            if shaped is None:
                rows = []
                for i, r in enumerate(el.rows):
                    merged = el.merge_rows.get(i)
                    cells = []
                    j = 0
                    while j < len(r):
                        if merged and j == merged[0]:
                            cells.append(_cell(r[j], bold=True, span=merged[1] - merged[0] + 1))
                            j = merged[1] + 1
                            continue
                        cells.append(_cell(r[j], bold=i < el.header_rows or i in el.bold_rows,
                                           align="left" if j == 1 and i >= el.header_rows else "center"))
                        j += 1
                    rows.append(Row(cells, header=i < el.header_rows))
                width = el.widths or [16.0 / len(el.rows[0])] * len(el.rows[0])
                items.append(Tbl(rows, width))
            else:
                items.extend(shaped if isinstance(shaped, list) else [shaped])
    return items, landscape


# --------------------------------------------------------------------------- the drafts
def specs():
    mr = _realistic()
    S = mr.Spec  # noqa: N806
    return [
        (S("w01-ke-hoach-huyen-yen-truong-2024", "docx", "kh", "roman", "huyen", "huyện", "Yên Trường",
           "Phú Trường", "45/KH-UBND", "2024-03-12", 2024, 2025, n_tasks=11, seed=21,
           defects={"no_budget": [2], "budget_text": "Theo dự toán được duyệt"}), "numbering", [1]),
        (S("w02-ke-hoach-xa-tan-truong-2026", "docx", "kh", "roman", "xa", "xã", "Tân Trường", "An Lâm",
           "18/KH-UBND", "2026-02-24", 2026, 2026, vision=None, yearly=True, n_tasks=9, seed=22,
           defects={"no_time": [1]}), "tracked", [2]),
        (S("w03-de-an-huyen-binh-truong-2023", "docx", "dean", "chuong", "huyen", "huyện", "Bình Trường",
           "Phú Trường", "1120/QĐ-UBND", "2023-06-16", 2023, 2025, n_tasks=12, seed=23,
           defects={"wrong_date": {"17/NQ-CP": "2019-03-17"}}), "footnotes", [3]),
        (S("w04-quyet-dinh-tinh-an-lam-2026", "docx", "qd", "roman", "tinh", "tỉnh", "An Lâm", "An Lâm",
           "412/QĐ-UBND", "2026-03-09", 2026, 2030, vision=None, n_tasks=12, seed=24,
           to_trinh=("27/TTr-SKHCN", "2026-02-27", "Giám đốc Sở Khoa học và Công nghệ")),
         "textbox", [4, 7]),
        (S("w05-ke-hoach-huyen-dong-truong-2024", "docx", "kh", "roman", "huyen", "huyện", "Đông Trường",
           "Phú Trường", "77/KH-UBND", "2024-04-02", 2024, 2025, vision=2030, n_tasks=13, seed=25,
           defects={"no_budget": [4], "budget_text": ""}), "per_year_docx", [5]),
        (S("w06-ke-hoach-tinh-ha-truong-2026", "pdf", "kh", "roman", "tinh", "tỉnh", "Hà Trường", "Hà Trường",
           "96/KH-UBND", "2026-03-20", 2026, 2028, vision=2030, n_tasks=14, seed=26), "per_year_pdf", [5]),
        (S("w07-de-an-huyen-bac-truong-2022", "txt", "dean", "chuong", "huyen", "huyện", "Bắc Trường",
           "Phú Trường", "2315/QĐ-UBND", "2022-09-14", 2022, 2025, n_tasks=10, seed=27, tasks_mode="list",
           defects={"wrong_date": {"749/QĐ-TTg": "2020-06-13"}}), "webcopy", [5, 6]),
        (S("w08-quyet-dinh-so-nong-nghiep-an-lam-2026", "docx", "qd", "roman", "tinh", "tỉnh", "An Lâm", "An Lâm",
           "215/QĐ-SNNMT", "2026-04-06", 2026, 2026, vision=None, yearly=True, n_tasks=8, seed=28,
           to_trinh=("11/TTr-VP", "2026-03-30", "Chánh Văn phòng Sở")),
         "department", [7]),
        (S("w11-quyet-dinh-so-khoa-hoc-an-lam-2026", "txt", "qd", "roman", "tinh", "tỉnh", "An Lâm", "An Lâm",
           "88/QĐ-SKHCN", "2026-02-10", 2026, 2026, vision=None, yearly=True, n_tasks=8, seed=31,
           tasks_mode="list", to_trinh=("05/TTr-VP", "2026-02-03", "Chánh Văn phòng Sở")), "department_web", [6, 7]),
        (S("w13-ke-hoach-so-y-te-an-lam-2026", "docx", "kh", "roman", "tinh", "tỉnh", "An Lâm", "An Lâm",
           "64/KH-SYT", "2026-03-16", 2026, 2026, vision=None, yearly=True, n_tasks=8, seed=33),
         "department_box", [4, 7]),
        (S("w09-ke-hoach-phuong-tan-truong-2026", "docx", "kh", "roman", "xa", "phường", "Tân Trường", "An Lâm",
           "33/KH-UBND", "2026-03-03", 2026, 2026, vision=None, yearly=True, n_tasks=8, seed=29,
           tasks_mode="prose", defects={"no_source": [2]}), "money_prose", [5]),
        (S("w10-ke-hoach-huyen-nam-truong-2023", "pdf", "kh", "roman", "huyen", "huyện", "Nam Trường",
           "Phú Trường", "140/KH-UBND", "2023-05-08", 2023, 2025, n_tasks=12, seed=30, by_source=False,
           defects={"no_owner": [3]}), "by_source_pdf", [5]),
    ]


def _truth_tasks(truth: dict) -> dict[str, dict]:
    by_name = {}
    for t in truth["tasks"]:
        years = [int(y) for y in re.findall(r"20\d\d", t["time"] or "")]
        t["years"] = [min(years), max(years)] if years else None
        by_name[t["name"]] = t
    return by_name


def build_draft(spec, habit: str) -> tuple[Package, dict, list]:
    mr = _realistic()
    dr, truth = mr.build(spec)
    tasks = _truth_tasks(truth)
    plan_years = list(range(spec.plan_year, spec.horizon_end + 1))
    pkg = Package(created=f"{spec.issued}T08:00:00Z")

    def hook(el):
        if "Nội dung nhiệm vụ" not in el.rows[0]:
            return None
        groups = read_task_table(el.rows)
        if habit == "per_year_docx":
            return [Par([Run("ĐVT: triệu đồng", italic=True)], align="right", indent=False),
                    per_year_table(groups, plan_years, time_column=True, unit="triệu", merge=("owner",),
                                   number_row=False, truth_tasks=tasks)]
        if habit == "per_year_pdf":
            return [Par([Run("Đơn vị tính: đồng", italic=True)], align="right", indent=False),
                    per_year_table(groups, plan_years, time_column=False, unit="đồng", merge=("owner", "source"),
                                   number_row=True, truth_tasks=tasks)]
        if habit == "by_source_pdf":
            return [by_source_table(groups, mr, tasks, merge_source=True),
                    Par([Run("Ghi chú: ĐVT: triệu đồng.", italic=True)], align="left", indent=False)]
        if habit == "tracked":
            return tracked_table(el, tasks)
        return None

    els = list(dr.els)
    if habit == "money_prose":  # amounts in full đồng ("kinh phí dự kiến 450.000.000 đồng")
        for el in els:
            el.text = re.sub(r"kinh phí dự kiến (\d[\d.]*) triệu đồng", lambda m: "kinh phí dự kiến " + dong_text(
                float(m.group(1).replace(".", ""))) + " đồng", el.text)
    if habit in ("department", "department_web", "department_box"):
        els = department(els, spec)
    if habit == "department_box":  # the title names the sector, not the unit; the body says where it applies
        for el in els:
            if el.kind == "center" and el.text.startswith("Chuyển đổi số tỉnh"):
                el.text = "Ứng dụng công nghệ thông tin, chuyển đổi số ngành y tế năm 2026"
            elif el.text.startswith("Cụ thể hóa các mục tiêu"):
                el.text = el.text.replace("phù hợp với điều kiện", "trong ngành y tế trên địa bàn tỉnh An Lâm, "
                                          "phù hợp với điều kiện", 1)
    items, landscape = elements_to_items(els, habit, hook)
    if habit == "tracked":
        tracked_basis(items)
        pkg.track_revisions = True
    pkg.body = items
    pkg.landscape_last = landscape
    pkg.numbering = habit == "numbering"
    pkg.header_text = "" if spec.level == "xa" else ""
    truth["items"] = []
    return pkg, truth, items


# --- w02: a revised draft with its changes unaccepted
def tracked_table(el, tasks: dict[str, dict]) -> Tbl:
    rows = []
    widths = el.widths or [1.0, 4.6, 2.8, 2.6, 1.8, 1.6, 1.6]
    task_rows = [i for i, r in enumerate(el.rows) if r[0].isdigit()]
    for i, r in enumerate(el.rows):
        merged = el.merge_rows.get(i)
        if merged:
            rows.append(Row([_cell(r[0], True), _cell(r[1], True, "left", span=merged[1] - merged[0])]
                            + [_cell(c, True) for c in r[merged[1] + 1:]]) if merged[0] == 1 else
                        Row([_cell(r[0], True, span=merged[1] + 1)] + [_cell(c, True) for c in r[merged[1] + 1:]]))
            continue
        cells = [_cell(c, bold=i == 0 or i in el.bold_rows, align="left" if j == 1 and i else "center")
                 for j, c in enumerate(r)]
        change = ""
        if i == task_rows[2]:  # the owner was changed: the old one deleted, the new one inserted
            cells[2] = _cell("", runs=[Run("Phòng Kinh tế", change="del"), Run(r[2], change="ins")])
        if i == task_rows[4] and r[5] and r[5][0].isdigit():  # the amount corrected
            cells[5] = _cell("", runs=[Run("1.000", change="del"), Run(r[5], change="ins")])
        if i == task_rows[-1]:  # a whole task added by the reviewer
            change = "ins"
            cells = [_cell("", runs=[Run(c, change="ins")]) if c else _cell("") for c in r]
        rows.append(Row(cells, header=i == 0, change=change))
    return Tbl(rows, widths)


def tracked_basis(items: list) -> None:
    """The last basis was added with changes tracked; a sentence of the purpose was deleted."""
    bases = [i for i, it in enumerate(items) if isinstance(it, Par) and it.runs
             and it.runs[0].text.startswith("Căn cứ ")]
    if bases:
        par = items[bases[-1]]
        par.runs = [Run(r.text, change="ins") for r in par.runs]
    for it in items:
        if isinstance(it, Par) and it.runs and it.runs[0].text.startswith("Cụ thể hóa"):
            it.runs.append(Run(" Ưu tiên các nhiệm vụ đã có trong kế hoạch năm trước.", change="del"))
            break


# --- w08: a department's decision
DEPARTMENTS = {"w08": "Sở Nông nghiệp và Môi trường", "w11": "Sở Khoa học và Công nghệ", "w13": "Sở Y tế"}


def department(els, spec) -> list:
    dept = DEPARTMENTS[spec.stem[:3]]
    out = []
    for el in els:
        el = copy.deepcopy(el)
        if el.kind == "grid" and el.rows and el.rows[0][0] == "ỦY BAN NHÂN DÂN":
            el.rows[0][0] = f"UBND TỈNH {spec.name.upper()}"
            el.rows[1][0] = dept.upper()
            el.rows[-1][1] = el.rows[-1][1].replace(spec.name, f"{spec.name}", 1)
        elif el.kind == "center" and el.text == f"ỦY BAN NHÂN DÂN TỈNH {spec.name.upper()}":
            el.text = f"GIÁM ĐỐC {dept.upper()}"
        elif el.kind == "grid" and el.rows and el.rows[0][1] == "TM. ỦY BAN NHÂN DÂN":
            el.rows[0][1] = "KT. GIÁM ĐỐC"
            el.rows[1][1] = "PHÓ GIÁM ĐỐC"
        el.text = el.text.replace(f"Ủy ban nhân dân tỉnh {spec.name} ban hành", f"{dept} ban hành")
        el.text = el.text.replace(f"của UBND tỉnh {spec.name})", f"của {dept})")
        if el.text.startswith("Điều 3."):
            el.text = ("Điều 3. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các tổ chức, cá nhân "
                       "liên quan chịu trách nhiệm thi hành Quyết định này./.")
        out.append(el)
    return out


# --- w07: a web copy with lines broken inside sentences
def _wrap(text: str, width: int, first: int) -> list[str]:
    out, cur, limit = [], "", first
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > limit:
            out.append(cur)
            cur, limit = w, width
        else:
            cur = f"{cur} {w}" if cur else w
    return out + ([cur] if cur else [])


def web_copy(els, width: int = 80, flat_header: bool = False) -> str:
    """The draft as a web page's text copy of its PDF gives it: lines broken at about ``width`` characters inside
    sentences, a paragraph's first line shorter (the page's indent), the header table's cells one under the
    other with "|" lines between them, the place-date line broken after "ngày"."""
    out: list[str] = []
    for el in els:
        if el.kind == "grid":
            columns = list(zip(*el.rows))
            top = [list(c[:3]) for c in columns]
            for cells in top:
                if flat_header:  # the cell's lines run together, as some sites copy them
                    out.append(" ".join(c for c in cells if c))
                else:
                    out.extend(c for c in cells if c)
                out.append("|")
            for row in el.rows[3:]:
                for c in row:
                    if c:
                        out.extend(re.sub(r"(, ngày) ", r"\1\n", c).split("\n"))
                    out.append("|")
        elif el.kind in ("h", "center"):
            out.extend(_wrap(el.text, width, width))
        elif el.kind == "p":
            out.extend(_wrap(el.text, width, 38))
        elif el.kind == "bullet":
            out.extend(_wrap("- " + el.text, width, 38))
        elif el.kind == "table":
            for row in el.rows:
                out.extend(c for c in row if c)
                out.append("|")
        else:
            out.append("")
    return "\n".join(out)


def write_draft(spec, habit: str, items_classes: list[int], out: Path) -> Path:
    pkg, truth, _ = build_draft(spec, habit)
    truth["items"] = items_classes
    truth["habit"] = habit
    if habit in ("department", "department_web", "department_box"):
        truth["meta"]["unit"] = "tỉnh An Lâm"
        truth["meta"]["issuer"] = DEPARTMENTS[spec.stem[:3]]
    path = out / f"{spec.stem}.{spec.fmt}"
    if spec.fmt == "docx":
        write(pkg, path)
    elif spec.fmt == "pdf":
        with tempfile.TemporaryDirectory() as tmp:
            src = write(pkg, Path(tmp) / f"{spec.stem}.docx")
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=180)
            path.write_bytes((Path(tmp) / f"{spec.stem}.pdf").read_bytes())
    else:
        mr = _realistic()
        dr, _ = mr.build(spec)
        if habit == "department_web":
            dr.els = department(dr.els, spec)
        for el in dr.els if habit == "webcopy" else []:  # amounts as "2 tỷ 565 triệu đồng"
            el.text = re.sub(r"kinh phí: (\d+(?:,\d+)?) tỷ đồng", lambda m: "kinh phí: " + ty_trieu(
                float(m.group(1).replace(",", ".")) * 1000), el.text)
        text = web_copy(dr.els, flat_header=habit == "department_web")
        path.write_text(text + "\n", encoding="utf-8")
    with open(out / f"{spec.stem}.truth.yaml", "w", encoding="utf-8") as fh:
        fh.write(f"# Ground truth for {path.name} — written by planreview_testing/gen_word_habits.py.\n")
        yaml.safe_dump(truth, fh, allow_unicode=True, sort_keys=False, width=110)
    return path


def scan_appendix(pdf: Path, truth_path: Path, stem: str, out: Path) -> Path:
    """The appendix of a PDF draft (from the page holding "DANH MỤC NHIỆM VỤ" on) as a scan (200 dpi, a little
    askew, JPEG): how a task table reaches a council as a separate scanned "Phụ lục". Its truth keeps the tasks
    only (``tasks_only``: findings and identity are not measured on an appendix alone)."""
    import pypdfium2 as pdfium

    from planreview_testing.gen_scans import Degrade, degrade

    document = pdfium.PdfDocument(str(pdf))
    try:
        first = next(i for i in range(len(document))
                     if "DANH MỤC NHIỆM VỤ" in document[i].get_textpage().get_text_range())
        pages = [document[i].render(scale=200 / 72).to_pil() for i in range(first, len(document))]
    finally:
        document.close()
    images = [degrade(p, Degrade(skew=0.4, jpeg_quality=80, seed=12 + i)) for i, p in enumerate(pages)]
    target = out / f"{stem}.pdf"
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=200)
    truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    truth.update({"draft": target.name, "habit": "per_year_scan", "items": [5], "tasks_only": True,
                  "expected_findings": [], "allowed_findings": [], "clean": True})
    with open(out / f"{stem}.truth.yaml", "w", encoding="utf-8") as fh:
        fh.write(f"# Ground truth for {target.name} — written by planreview_testing/gen_word_habits.py.\n")
        yaml.safe_dump(truth, fh, allow_unicode=True, sort_keys=False, width=110)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUT)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--seed-offset", type=int, default=0,
                    help="other task choices, amounts and periods: a set kept aside from the tuned one")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for spec, habit, classes in specs():
        if args.only and not any(spec.stem.startswith(o) for o in args.only):
            continue
        spec.seed += args.seed_offset
        print(write_draft(spec, habit, classes, args.out))
    if not args.only or any("w12".startswith(o) for o in args.only):
        w06 = next(args.out.glob("w06-*.pdf"))
        print(scan_appendix(w06, w06.with_suffix(".truth.yaml"), "w12-phu-luc-tinh-ha-truong-2026-scan", args.out))
    return 0


if __name__ == "__main__":
    _ = dt
    raise SystemExit(main())
