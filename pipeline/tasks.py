"""Extract the plan's tasks (nhiệm vụ, dự án) with owner, timeline, budget and funding source.

Tasks come from task tables (recognised by their header row, see rules/task_columns.yaml) or,
when a draft has no task table, from list items under "Nhiệm vụ"/"Giải pháp" sections where
owner, time and money are written in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import Block, Location, Table
from .segment import Segmented

ROLE_ORDER = ("stt", "source", "partner", "owner", "time", "budget", "task", "note")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVX]{1,5}|[A-DĐ])\.?$")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_VAGUE_TIME = re.compile(r"hằng năm|hàng năm|thường xuyên|liên tục|theo kế hoạch|theo lộ trình", re.I)
_MONEY = re.compile(
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(?P<unit>tỷ|tỉ|triệu|nghìn|ngàn)?\s*"
    r"(?P<cur>đồng|đ\b|VNĐ|VND)?",
    re.IGNORECASE,
)
_UNITS = {"tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3}
_SOURCES = re.compile(
    r"ngân sách (?:trung ương|tỉnh|huyện|xã|nhà nước|địa phương)|xã hội hóa|lồng ghép|vốn sự nghiệp"
    r"|vốn đầu tư công|nguồn vốn hợp pháp|doanh nghiệp|vốn (?:ODA|vay)|ngân sách",
    re.IGNORECASE,
)
_UNASSIGNED = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|sở, ngành|phòng, ban)(?:,\s*(?:đơn vị|địa phương|tổ chức))*"
    r"(?:\s+(?:có\s+)?liên quan)?\.?$|^các (?:cơ quan|đơn vị|ngành),? (?:đơn vị|địa phương) liên quan$",
    re.IGNORECASE,
)
_OWNER_IN_TEXT = [
    re.compile(r"(?:cơ quan|đơn vị)\s+chủ trì\s*:\s*(?P<o>[^;.\n]+?)(?=[;.]|,\s*(?:cơ quan|đơn vị|phối hợp"
               r"|thời gian|thực hiện|kinh phí|nguồn)|$)", re.I),
    re.compile(r"(?P<o>(?:Phòng|Ban|Trung tâm|UBND|Ủy ban nhân dân|Văn phòng|Công an|Đài|Sở|Huyện đoàn|Hội)"
               r"[^;.()]{0,80}?)\s+chủ trì"),
]
_PARTNER_IN_TEXT = re.compile(r"phối hợp(?:\s+với)?\s*:?\s*(?P<p>[^;.]+?)(?=[;.]|,\s*(?:thời gian|thực hiện"
                              r"|hoàn thành|kinh phí|nguồn)|$)", re.I)
_TIME_IN_TEXT = re.compile(
    r"(?:thời gian(?: thực hiện| hoàn thành)?\s*:?\s*|thực hiện(?: trong)?(?: năm| giai đoạn)?\s+"
    r"|hoàn thành(?: trong| trước)?(?: năm| quý [IV]+/)?\s*|năm\s+|giai đoạn\s+|quý\s+[IV]+/)"
    r"(?P<t>(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)|(?P<v>hằng năm|hàng năm|thường xuyên)",
    re.I,
)
_BUDGET_IN_TEXT = re.compile(r"(?:kinh phí|dự toán|tổng mức đầu tư)[^;.]*?(?P<m>\d[\d.,]*\s*(?:tỷ|tỉ|triệu|nghìn)"
                             r"\s*(?:đồng)?)", re.I)


@dataclass
class Task:
    text: str
    location: Location
    origin: str  # table | list
    group: str = ""
    owner: str = ""
    partners: str = ""
    time_text: str = ""
    start_year: int | None = None
    end_year: int | None = None
    time_vague: bool = False
    budget_text: str = ""
    budget_vnd: float | None = None
    source: str = ""
    owner_unassigned: bool = False
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["location"] = self.location.to_dict()
        return d


@dataclass
class TaskTable:
    table: Table
    header_rows: int
    roles: dict[int, str]  # column → role
    unit: float  # multiplier of budget cells without a unit (header "triệu đồng" → 1e6)


def parse_money(text: str, default_unit: float = 1.0) -> float | None:
    """'1.500 triệu đồng' → 1.5e9; '1,5 tỷ' → 1.5e9; '1.500.000.000 đ' → 1.5e9; no number → None."""
    best = None
    for m in _MONEY.finditer(text):
        num = m.group("num")
        if _YEAR.fullmatch(num) and not m.group("unit") and not m.group("cur"):
            continue  # a year, not money
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", num):
            value = float(num.replace(".", "").replace(",", "."))
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", num) and not m.group("unit"):
            value = float(num.replace(",", ""))
        else:
            value = float(num.replace(",", "."))
        unit = _UNITS.get((m.group("unit") or "").lower())
        value *= unit if unit else (1.0 if m.group("cur") else default_unit)
        best = value if best is None else best + value
        if unit or m.group("cur"):
            break
    return best


def parse_time(text: str) -> tuple[int | None, int | None, bool]:
    years = [int(y) for y in _YEAR.findall(text)]
    vague = bool(_VAGUE_TIME.search(text))
    if not years:
        return None, None, vague
    return min(years), max(years), False


def _role_of(header: str, columns: dict[str, list[str]]) -> str | None:
    h = header.lower()
    for role in ROLE_ORDER:
        if any(name in h for name in columns.get(role, [])):
            return role
    return None


def find_task_table(table: Table, columns: dict[str, list[str]]) -> TaskTable | None:
    """Recognise a task table by its header (one or two rows); None when the table is something else."""
    for start in range(min(3, len(table.rows))):
        roles = {i: r for i, cell in enumerate(table.rows[start]) if (r := _role_of(cell, columns))}
        if "task" in roles.values() and len({"owner", "time", "budget", "source"} & set(roles.values())) >= 1:
            header_rows = start + 1
            if header_rows < len(table.rows):  # a second header row (e.g. budget split by source)
                extra = {i: r for i, cell in enumerate(table.rows[header_rows]) if (r := _role_of(cell, columns))}
                if len(extra) >= 2 and not any(re.search(r"\d{3}", c) for c in table.rows[header_rows]):
                    for i, r in extra.items():
                        roles.setdefault(i, r)
                    header_rows += 1
            header_text = " ".join(" ".join(r) for r in table.rows[:header_rows]).lower()
            unit = 1e9 if "tỷ" in header_text else 1e6 if "triệu" in header_text else 1.0
            return TaskTable(table, header_rows, roles, unit)
    return None


def _cell(row: list[str], roles: dict[int, str], role: str) -> str:
    values = [row[i] for i, r in roles.items() if r == role and i < len(row) and row[i]]
    return " ; ".join(dict.fromkeys(values))


def _finish(task: Task) -> Task:
    task.start_year, task.end_year, task.time_vague = parse_time(task.time_text)
    task.owner_unassigned = bool(task.owner) and bool(_UNASSIGNED.match(task.owner.strip()))
    if not task.source:
        src = _SOURCES.search(task.budget_text)
        task.source = src.group(0) if src else ""
    task.missing = []
    if not task.owner or task.owner_unassigned:
        task.missing.append("owner")
    if task.start_year is None:
        task.missing.append("time")
    if task.budget_vnd is None and not task.source:
        task.missing.append("budget")
    return task


def tasks_from_table(tt: TaskTable) -> tuple[list[Task], float | None]:
    """Tasks of a task table, and the total of its "Tổng cộng" row if it has one."""
    tasks: list[Task] = []
    group = ""
    total = None
    roles = tt.roles
    for r in range(tt.header_rows, len(tt.table.rows)):
        row = tt.table.rows[r]
        block = tt.table.blocks[r]
        text = _cell(row, roles, "task")
        stt = _cell(row, roles, "stt")
        others = [_cell(row, roles, k) for k in ("owner", "partner", "time", "budget", "source")]
        if re.match(r"^(?:tổng cộng|tổng số|tổng)\b", (text or stt).lower()):
            total = parse_money(_cell(row, roles, "budget"), tt.unit)
            continue
        distinct = set(filter(None, row))
        if r in tt.table.merged_rows or len(distinct) == 1 or (
                _ROMAN_OR_LETTER.match(stt) and not any(others)):
            group = " ".join(dict.fromkeys(c for c in row if c and not _ROMAN_OR_LETTER.match(c)))
            continue
        if not text:
            continue
        budget_text = _cell(row, roles, "budget")
        task = Task(text=text, location=block.location, origin="table", group=group,
                    owner=_cell(row, roles, "owner"), partners=_cell(row, roles, "partner"),
                    time_text=_cell(row, roles, "time"), budget_text=budget_text,
                    budget_vnd=parse_money(budget_text, tt.unit), source=_cell(row, roles, "source"))
        tasks.append(_finish(task))
    return tasks, total


def task_from_sentence(block: Block, group: str = "") -> Task:
    """A task written as a list item: owner, time and money are read from the sentence itself."""
    text = block.text
    owner = ""
    for pattern in _OWNER_IN_TEXT:
        m = pattern.search(text)
        if m:
            owner = m.group("o").strip(" ,:")
            break
    partner = _PARTNER_IN_TEXT.search(text)
    times = [m.group("t") or m.group("v") for m in _TIME_IN_TEXT.finditer(text)]
    money = _BUDGET_IN_TEXT.search(text)
    src = _SOURCES.search(text)
    task = Task(text=text, location=block.location, origin="list", group=group, owner=owner,
                partners=partner.group("p").strip() if partner else "", time_text=", ".join(times),
                budget_text=money.group("m") if money else "",
                budget_vnd=parse_money(money.group("m")) if money else None,
                source=src.group(0) if src else "")
    return _finish(task)


@dataclass
class TaskExtraction:
    tasks: list[Task]
    tables: list[TaskTable]
    table_total_vnd: float | None


def extract_tasks(seg: Segmented, columns: dict[str, list[str]]) -> TaskExtraction:
    tables = [tt for t in seg.doc.tables if (tt := find_task_table(t, columns))]
    tasks: list[Task] = []
    total = None
    for tt in tables:
        found, table_total = tasks_from_table(tt)
        tasks.extend(found)
        total = table_total if table_total is not None else total
    if not tables:
        for block in seg.blocks_in("nhiem_vu", "danh_muc"):
            if block.kind == "paragraph" and block.is_list_item and len(block.text.split()) >= 6:
                tasks.append(task_from_sentence(block, group=block.location.section))
    return TaskExtraction(tasks, tables, total)
