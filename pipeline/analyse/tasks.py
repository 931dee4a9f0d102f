"""Extract the plan's tasks (nhiệm vụ, dự án) as structured data: owner, partners, timeline, budget, source.

Tasks come from task tables, recognised by their header (one or two rows; see rules/00-task-columns.yaml),
with group rows ("I. Chính quyền số") that classify the rows below and a "Tổng cộng" row; or, when a
draft has no task table, from list items under "Nhiệm vụ"/"Giải pháp" sections where owner, time and
money are written in the sentence ("Phòng Văn hóa - Thông tin chủ trì, thực hiện năm 2024, kinh phí
500 triệu đồng"). Every value is normalised: owners split into units, time into years (or flagged
vague), money into VND, funding sources into canonical names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from pipeline.analyse.segment import Segmented
from pipeline.core.model import Block, Location, Table

ROLE_ORDER = ("stt", "source", "partner", "owner", "time", "budget", "task", "note")
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVX]{1,5}|[A-DĐ])\.?$")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_VAGUE_TIME = re.compile(r"hằng năm|hàng năm|thường xuyên|liên tục|theo kế hoạch|theo lộ trình|kịp thời", re.I)
_MONEY = re.compile(
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*(?P<unit>tỷ|tỉ|triệu|nghìn|ngàn)?\s*"
    r"(?P<cur>đồng|đ\b|VNĐ|VND)?",
    re.IGNORECASE,
)
_TY_REST = re.compile(r"\s*(\d{1,3})\s*triệu", re.IGNORECASE)
_UNITS = {"tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3}
# canonical funding sources, in the order a memo lists them
SOURCES: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in [
        ("ngân sách trung ương", r"ngân sách trung ương|ngân sách TW\b|vốn trung ương"),
        ("ngân sách tỉnh", r"ngân sách tỉnh|NS tỉnh"),
        ("ngân sách huyện", r"ngân sách (?:cấp )?(?:huyện|thị xã|quận)|NS huyện|ngân sách cấp huyện"),
        ("ngân sách xã", r"ngân sách (?:cấp )?(?:xã|phường|thị trấn|đặc khu)|NS xã"),
        ("ngân sách nhà nước", r"ngân sách nhà nước|ngân sách địa phương|\bNSNN\b|\bNSĐP\b"),
        ("xã hội hóa", r"xã hội hóa|doanh nghiệp|vốn hợp pháp khác|nguồn vốn hợp pháp|nguồn (?:kinh phí )?hợp pháp"
                       r"|huy động hợp pháp"),
        ("lồng ghép", r"lồng ghép|chương trình mục tiêu"),
        ("vốn sự nghiệp", r"(?:vốn|nguồn|kinh phí|chi|nguồn thu|thu) sự nghiệp"
                          r"|sự nghiệp (?:khoa học|giáo dục|y tế|kinh tế|văn hóa)|chi thường xuyên|kinh phí tự chủ"
                          r"|dự toán (?:được giao|chi thường xuyên)"),
        ("vốn đầu tư công", r"đầu tư công|đầu tư phát triển"),
        ("vốn ODA, vay", r"\bODA\b|vốn vay"),
        # a budget column headed "Khác" / "Nguồn khác" beside "NSNN" (two-row headers of appendix tables)
        ("nguồn khác", r"^\s*(?:nguồn\s+|vốn\s+)?khác\s*$|\bnguồn (?:vốn )?khác\b"),
    ]
]
_UNASSIGNED = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|sở, ngành|phòng, ban|ngành)(?:,?\s*(?:đơn vị|địa phương|tổ chức|ngành))*"
    r"(?:\s+(?:có\s+)?liên quan)?\.?$",
    re.IGNORECASE,
)
# bodies that may lead a task, mass organisations among them ("Đoàn Thanh niên xã", "Hội Nông dân", "Mặt trận")
_UNITS_NAMES = (r"Phòng|Ban|UBND|Ủy ban|Trung tâm|Công an|Văn phòng|Sở|Huyện [đĐ]oàn|Huyện ủy|Hội|Đài|Chi cục"
                r"|Đoàn Thanh niên|Đoàn TN|Xã [đĐ]oàn|Tỉnh [đĐ]oàn|Mặt trận|MTTQ|Liên đoàn|Bưu điện|Trạm|Trường"
                r"|Công chức|Bộ phận|Tổ công nghệ")
_SPLIT_UNITS = re.compile(rf"\s*;\s*|\s*\n\s*|,\s*(?=(?:{_UNITS_NAMES}|Các|các)\b)")
_OWNER_LABELS = re.compile(r"(?:chủ trì|phối hợp)\s*:", re.I)
_OWNER_IN_TEXT = [
    re.compile(r"(?:(?:cơ quan|đơn vị)\s+|(?<![\w\s])\s*|^)chủ trì\s*:\s*(?P<o>[^;.\n]+?)(?=[;.]|,\s*(?:cơ quan|đơn vị"
               r"|phối hợp|thời gian|thực hiện|kinh phí|nguồn)|$)", re.I),
    re.compile(rf"(?P<o>(?:{_UNITS_NAMES})[^;.()]{{0,80}}?)\s+chủ trì"),
]
_PARTNER_IN_TEXT = re.compile(r"phối hợp(?:\s+với)?\s*:?\s*(?P<p>[^;.]+?)(?=[;.]|,\s*(?:thời gian|thực hiện"
                              r"|hoàn thành|kinh phí|nguồn)|$)", re.I)
# a part of a year before "/2024": "quý II", "quý II - IV", "quý II - quý IV", "tháng 7", "tháng 7 - 9"
_PART_OF_YEAR = r"(?:quý\s+[IV]+(?:\s*[-–]\s*(?:quý\s+)?[IV]+)?|tháng\s+\d{1,2}(?:\s*[-–]\s*(?:tháng\s+)?\d{1,2})?)"
_TIME_IN_TEXT = re.compile(
    r"(?:thời gian(?: thực hiện| hoàn thành)?\s*:?\s*|thực hiện(?: trong)?(?: năm| giai đoạn)?\s+"
    r"|hoàn thành(?: trong| trước)?(?: năm)?\s*|năm\s+|giai đoạn\s+)"
    rf"(?P<t>(?:{_PART_OF_YEAR}/)?(?:19|20)\d{{2}}(?:\s*[-–]\s*(?:19|20)\d{{2}})?)|(?P<q>{_PART_OF_YEAR}/(?:19|20)\d{{2}})"
    r"|(?P<v>hằng năm|hàng năm|thường xuyên)",
    re.I,
)
_BUDGET_IN_TEXT = re.compile(r"(?:kinh phí|dự toán|tổng mức đầu tư)[^;.]*?(?P<m>\d[\d.,]*\s*(?:(?:tỷ|tỉ)(?:\s*\d{1,3}"
                             r"\s*triệu)?|triệu|nghìn)\s*(?:đồng)?|\d{1,3}(?:\.\d{3}){2,}\s*(?:đồng|đ\b|VNĐ))", re.I)
_NO_AMOUNT = re.compile(r"theo dự toán|được duyệt|sẽ xác định|xác định sau|chưa xác định", re.I)
# a prose task record: its time and its budget (or "theo dự toán") each under their own label
_TASK_RECORD = re.compile(r"thời gian (?:thực hiện|hoàn thành)\s*:?\s*(?:quý\s+[IV]+/)?(?:19|20)\d{2}[^;.]*[;,.]\s*"
                          r"kinh phí(?: dự kiến)?\s*:?\s*(?:\d|khoảng\s+\d|theo dự toán)", re.I)
_TOTAL_ROW = re.compile(r"^(?:tổng cộng|tổng số|tổng kinh phí|tổng)\b", re.I)
# "Cộng", "Cộng (I)", "Cộng nhóm I", "Tổng mục II": the subtotal of the group above
_SUBTOTAL_ROW = re.compile(r"^(?:cộng|tổng (?:mục|nhóm|phần)|cộng (?:mục|nhóm|phần))\b", re.I)
_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,5}|[A-DĐ])[.)]\s+\S")  # "I. Chính quyền số" written in the task column


@dataclass
class Task:
    text: str
    location: Location
    origin: str  # table | list
    group: str = ""  # the group row or section the task sits under ("Chính quyền số")
    pillar: str = ""  # chinh_quyen_so | kinh_te_so | xa_hoi_so | "" (set by classify_pillars)
    owner: str = ""
    owners: list[str] = field(default_factory=list)  # normalised units in charge
    partners: str = ""
    partner_units: list[str] = field(default_factory=list)
    owner_unassigned: bool = False
    time_text: str = ""
    start_year: int | None = None
    end_year: int | None = None
    time_vague: bool = False
    budget_text: str = ""
    budget_vnd: float | None = None
    source: str = ""
    sources: list[str] = field(default_factory=list)  # canonical funding sources
    missing: list[str] = field(default_factory=list)  # owner | time | budget | source

    def to_dict(self) -> dict[str, Any]:
        """As ``dataclasses.asdict`` gives it (same keys, same order), without its recursive deep copy, which
        cost ≈0.2 ms a task: every field is a str, number, bool or list of str."""
        d = {name: getattr(self, name) for name in _TASK_FIELDS}
        for name in _TASK_LISTS:
            d[name] = list(d[name])
        d["location"] = self.location.to_dict()
        return d


_TASK_FIELDS = tuple(f.name for f in fields(Task))
_TASK_LISTS = ("owners", "partner_units", "sources", "missing")


@dataclass
class GroupTotal:
    """A group of a task table ("I. Chính quyền số") with the subtotal its group or "Cộng" row states."""

    group: str
    stated_vnd: float
    location: Location
    tasks_vnd: float = 0.0  # sum of the budgets of the group's tasks
    task_count: int = 0


@dataclass
class TaskTable:
    table: Table
    header_rows: int
    roles: dict[int, str]  # column → role
    unit: float  # multiplier of budget cells without a unit (header "triệu đồng" → 1e6)
    budget_sources: dict[int, str] = field(default_factory=dict)  # budget split by source: column → source
    budget_years: dict[int, int] = field(default_factory=dict)  # budget split by year: column → year
    total_vnd: float | None = None  # its own "Tổng cộng" row (a submission has one task table per appendix)


# --------------------------------------------------------------------------- normalisation


def parse_money(text: str, default_unit: float = 1.0) -> float | None:
    """'1.500 triệu đồng' → 1.5e9; '1,5 tỷ' → 1.5e9; '1.500.000.000 đ' → 1.5e9; no number → None."""
    if not text or _NO_AMOUNT.search(text) and not re.search(r"\d", text):
        return None
    for m in _MONEY.finditer(text):
        num = m.group("num")
        if _YEAR.fullmatch(num) and not m.group("unit") and not m.group("cur"):
            continue  # a year, not money
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", num):  # Vietnamese: "1.500", "1.250,5"
            value = float(num.replace(".", "").replace(",", "."))
        elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", num):  # "1,500,000,000": English thousands
            value = float(num.replace(",", ""))
        elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3}){2,}", num):  # "5.760,000.000": separators mixed (a scan)
            value = float(re.sub(r"[.,]", "", num))
        elif num.count(",") + num.count(".") > 1:
            continue  # no amount: "1.2,5"
        else:  # "0,282", "1,5", "2.5": a decimal comma (Vietnamese) or point
            value = float(num.replace(",", "."))
        unit = _UNITS.get((m.group("unit") or "").lower())
        if unit == 1e9 and (rest := _TY_REST.match(text, m.end("unit"))):  # "1 tỷ 250 triệu đồng"
            return value * unit + float(rest.group(1)) * 1e6
        return value * (unit if unit else (1.0 if m.group("cur") else default_unit))
    return None


def parse_time(text: str) -> tuple[int | None, int | None, bool]:
    """(start year, end year, vague): '2023-2025' → (2023, 2025, False); 'Hằng năm' → (None, None, True)."""
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None, None, bool(_VAGUE_TIME.search(text))
    return min(years), max(years), False


def parse_sources(text: str) -> list[str]:
    """Canonical funding sources named in ``text`` ('Ngân sách tỉnh, xã hội hóa' → two names)."""
    return list(_sources(text))


@lru_cache(maxsize=50_000)  # a task table repeats its sources and units row after row
def _sources(text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in SOURCES if pattern.search(text))


def split_units(text: str) -> list[str]:
    """'Phòng A; UBND các xã, thị trấn' → ['Phòng A', 'UBND các xã, thị trấn']."""
    return list(_units(text))


@lru_cache(maxsize=50_000)
def _units(text: str) -> tuple[str, ...]:
    return tuple(u.strip(" ,.") for u in _SPLIT_UNITS.split(text) if u.strip(" ,."))


def _split_owner_cell(owner: str, partners: str) -> tuple[str, str]:
    """An owner cell written as 'Chủ trì: A; Phối hợp: B' is split into owner and partners."""
    if not _OWNER_LABELS.search(owner):
        return owner, partners
    lead = re.search(r"chủ trì\s*:\s*(?P<x>.+?)(?=phối hợp\s*:|$)", owner, re.I | re.S)
    help_ = re.search(r"phối hợp\s*:\s*(?P<x>.+)$", owner, re.I | re.S)
    return (lead.group("x").strip(" ;,.") if lead else ""), (help_.group("x").strip(" ;,.") if help_ else partners)


def finish(task: Task) -> Task:
    """Normalise a task's fields and list what it lacks."""
    task.owner, task.partners = _split_owner_cell(task.owner, task.partners)
    task.owner_unassigned = bool(task.owner) and bool(_UNASSIGNED.match(task.owner.strip()))
    task.owners = [] if task.owner_unassigned else split_units(task.owner)
    task.partner_units = split_units(task.partners)
    task.start_year, task.end_year, task.time_vague = parse_time(task.time_text)
    task.sources = parse_sources(task.source) or parse_sources(task.budget_text)
    task.missing = []
    if not task.owners:
        task.missing.append("owner")
    if task.start_year is None:
        task.missing.append("time")
    if task.budget_vnd is None:
        task.missing.append("budget")
    if not task.sources:
        task.missing.append("source")
    return task


# --------------------------------------------------------------------------- tables


def _role_of(header: str, columns: dict[str, list[str]]) -> str | None:
    h = header.lower()
    squeezed = h.replace(" ", "")  # a narrow PDF column wraps "STT" into "ST T"
    for role in ROLE_ORDER:
        if any(name in h or name.replace(" ", "") in squeezed for name in columns.get(role, [])):
            return role
    return None


_HEADER_WORDS = re.compile(r"^(?:tổng(?: số| cộng)?|trong đó|chia (?:ra|theo)(?: (?:các )?\w+)?|phân (?:kỳ|theo năm)"
                           r"|phân bổ(?: theo năm)?|giai đoạn|dự kiến|kinh phí|tổng kinh phí|chia theo nguồn(?: vốn)?"
                           r"|đơn vị|ghi chú)[\s:]*$", re.I)
_HEADER_YEAR = re.compile(r"^(?:năm\s+)?((?:19|20)\d{2})(?:\s*\([^)]*\))?$", re.I)
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
# "ĐVT: triệu đồng", "Đơn vị tính: đồng", "(Đơn vị: tỷ đồng)": the unit of a table's amounts, written beside it
_UNIT_NOTE = re.compile(r"(?:ĐVT|Đ\.V\.T|đơn vị tính|đơn vị)\s*[:：]?\s*(?P<u>tỷ|tỉ|triệu|nghìn|ngàn|đồng|VNĐ)", re.I)
_UNIT_WORDS = {"tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3, "đồng": 1.0, "vnđ": 1.0}


def unit_of(text: str) -> float | None:
    """The multiplier a unit note names ("ĐVT: triệu đồng" → 1e6; "Đơn vị tính: đồng" → 1), else None."""
    m = _UNIT_NOTE.search(text)
    return _UNIT_WORDS[m.group("u").lower()] if m else None


def _header_unit(text: str) -> float | None:
    low = text.lower()
    if "tỷ" in low or "tỉ đồng" in low:
        return 1e9
    if "triệu" in low:
        return 1e6
    if re.search(r"nghìn đồng|ngàn đồng", low):
        return 1e3
    return unit_of(text)


def is_column_number_row(row: list[str]) -> bool:
    """The row of column numbers under a header: "(1) (2) (3) …" or "1 2 3 …", increasing (a scan may misread a
    few of them, "q)" for "(1)": most cells numbers, all of them short)."""
    filled = [c.strip() for c in row if c.strip()]
    numbers = [int(m.group(1)) for c in filled if (m := _COLUMN_NUMBER.match(c))]
    return (len(filled) >= 3 and len(numbers) >= 0.6 * len(filled) and all(len(c) <= 4 for c in filled)
            and numbers == sorted(set(numbers)) and numbers[0] <= 3)


def _header_cell(cell: str, above: str, columns: dict[str, list[str]]) -> bool:
    """A cell a header row below the first may hold: the merged cell above repeated, a year, a role's name,
    a funding source, a heading word ("Tổng số", "Chia theo năm")."""
    text = cell.strip()
    return (not text or text == above or bool(_HEADER_YEAR.match(text)) or bool(_HEADER_WORDS.match(text))
            or (len(text) <= 60 and (_role_of(text, columns) is not None or bool(parse_sources(text)))))


def find_task_table(table: Table, columns: dict[str, list[str]], unit_note: float | None = None) -> TaskTable | None:
    """Recognise a task table by its header (one to four rows); None when the table is something else.

    Rows below the first header row belong to the header while each of their cells is a header cell (a merged
    cell repeated, "Tổng số", "Chia theo năm", a year, a role, a source) or while they number the columns;
    a year under "Kinh phí" makes that column the budget of that year. ``unit_note``: the multiplier a note
    beside the table states ("ĐVT: triệu đồng"), used when the header names no unit."""
    for start in range(min(3, len(table.rows))):
        roles = {i: r for i, cell in enumerate(table.rows[start]) if (r := _role_of(cell, columns))}
        # one column a year in the header itself: "Nhiệm vụ | Chủ trì | 2026 | 2027 | Nguồn vốn"
        budget_years = {i: int(m.group(1)) for i, cell in enumerate(table.rows[start])
                        if i not in roles and (m := _HEADER_YEAR.match(cell.strip()))}
        roles.update(dict.fromkeys(budget_years, "budget"))
        if "task" not in roles.values() or not {"owner", "time", "budget", "source"} & set(roles.values()):
            continue
        header_rows = start + 1
        budget_sources: dict[int, str] = {}
        while header_rows < min(len(table.rows), start + 4):
            row = table.rows[header_rows]
            above = table.rows[header_rows - 1]
            if is_column_number_row(row):
                header_rows += 1
                continue
            if not all(_header_cell(c, above[i] if i < len(above) else "", columns) for i, c in enumerate(row)):
                break
            new = [i for i, c in enumerate(row) if c and (i >= len(above) or c != above[i])]
            if not new:
                header_rows += 1  # a header row Word or the PDF repeats from a merged cell above
                continue
            extra = {i: r for i in new if (r := _role_of(row[i], columns))}
            by_source = {i: s[0] for i in new if (s := parse_sources(row[i])) and i not in extra}
            years = {i: int(m.group(1)) for i in new if (m := _HEADER_YEAR.match(row[i].strip()))}
            if not years and len(extra) + len(by_source) < 2 and not any(_HEADER_WORDS.match(row[i]) for i in new):
                break
            for i, r in extra.items():
                if r in ("owner", "partner", "source") or i not in roles:
                    roles[i] = r
            for i, source in by_source.items():
                roles[i] = "budget"
                budget_sources[i] = source
            for i, year in years.items():
                roles[i] = "budget"
                budget_years[i] = year
            for i in new:  # "Tổng số" under "Kinh phí": the stated total of the budget
                if i not in roles and _HEADER_WORDS.match(row[i]) and re.match(r"tổng", row[i].strip(), re.I):
                    roles[i] = "budget"
            header_rows += 1
        before = " ".join(" ".join(r) for r in table.rows[:start])
        header_text = " ".join(" ".join(r) for r in table.rows[start:header_rows])
        # (a workbook's reader keeps the "ĐVT: triệu đồng" line above the header as the table's unit_note)
        unit = _header_unit(header_text) or unit_of(before) or unit_of(table.unit_note) or unit_note or 1.0
        return TaskTable(table, header_rows, roles, unit, budget_sources, budget_years)
    return None


def _cell(row: list[str], roles: dict[int, str], role: str) -> str:
    values = [row[i] for i, r in roles.items() if r == role and i < len(row) and row[i]]
    return " ; ".join(dict.fromkeys(values))


def _budget_of(row: list[str], tt: TaskTable) -> tuple[str, float | None, list[str]]:
    """Budget text, amount in VND, and the sources named by a budget split into source columns. A budget split
    into source or year columns is the stated total ("Tổng số") or else the sum of the parts."""
    if tt.budget_sources or tt.budget_years:
        total, named, texts = 0.0, [], []
        for i, source in tt.budget_sources.items():
            amount = parse_money(row[i], tt.unit) if i < len(row) else None
            if amount:
                total += amount
                named.append(source)
                texts.append(f"{source}: {row[i]}")
        for i, year in tt.budget_years.items():
            amount = parse_money(row[i], tt.unit) if i < len(row) else None
            if amount:
                total += amount
                texts.append(f"{year}: {row[i]}")
        overall = [i for i, r in tt.roles.items() if r == "budget" and i not in tt.budget_sources
                   and i not in tt.budget_years]
        stated = next((parse_money(row[i], tt.unit) for i in overall if i < len(row) and row[i]), None)
        written = next((row[i] for i in overall if i < len(row) and row[i]), "")
        text = "; ".join(texts)
        if tt.budget_years and written:  # "20.350 (2027: 10.175; 2028: 10.175)": the total as written first
            text = f"{written} ({text})" if text else written
        elif not texts:
            text = "; ".join(row[i] for i in overall if i < len(row) and row[i])
        return text, (stated if stated is not None else (total or None)), named
    text = _cell(row, tt.roles, "budget")
    return text, parse_money(text, tt.unit), []


def _funded_years(row: list[str], tt: TaskTable) -> str:
    """The years whose budget column holds an amount ("2026-2028", "2027"), "" when none does."""
    years = sorted(y for i, y in tt.budget_years.items() if i < len(row) and parse_money(row[i], tt.unit))
    if not years:  # a scan's misread amount ("00.000"): a year cell holding figures still says the year is funded
        years = sorted(y for i, y in tt.budget_years.items() if i < len(row) and re.search(r"\d{2}", row[i]))
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


_AMOUNT_ONLY = re.compile(r"\d{1,3}(?:[.,]\d{3})*(?:,\d+)?(?:\s*(?:tỷ|tỉ|triệu)(?:\s*đồng)?)?")


def _row_amount(row: list[str], tt: TaskTable) -> float | None:
    """The amount a group, subtotal or total row states: in its budget column, or — when Word saved the
    merged cells as fewer columns — in whichever cell holds only an amount."""
    amount = _budget_of(row, tt)[1]
    if amount is None:
        amount = next((parse_money(c, tt.unit) for c in row[1:] if c and _AMOUNT_ONLY.fullmatch(c)), None)
    return amount


def tasks_from_table(tt: TaskTable, group_totals: list[GroupTotal] | None = None) -> tuple[list[Task], float | None]:
    """Tasks of a task table, and the total of its "Tổng cộng" row if it has one.

    Group rows ("I. Chính quyền số", merged or numbered I, II, A, B) classify the rows below; when a group row
    or a "Cộng" row under the group carries an amount, that subtotal goes to ``group_totals`` (never a task).
    """
    tasks: list[Task] = []
    group = ""
    current: GroupTotal | None = None
    total = None
    roles = tt.roles
    columns = {role: [i for i, r in roles.items() if r == role] for role in set(roles.values())}

    def cell(row: list[str], role: str) -> str:  # _cell, with each role's columns found once per table
        values = [row[i] for i in columns.get(role, ()) if i < len(row) and row[i]]
        return values[0] if len(values) == 1 else " ; ".join(dict.fromkeys(values))

    header = {tuple(row) for row in tt.table.rows[:tt.header_rows]}
    for r in range(tt.header_rows, len(tt.table.rows)):
        row = tt.table.rows[r]
        block = tt.table.blocks[r]
        if tuple(row) in header or is_column_number_row(row):
            continue  # the header repeated on a new page, or the row of column numbers
        text = cell(row, "task")
        stt = cell(row, "stt") or (row[0] if 0 not in roles and row else "")
        details = [cell(row, k) for k in ("owner", "partner", "time", "source")]
        owner, partners, time_text, source_text = details
        labels = [x for x in (text, stt) if x]
        # a group or total row has no owner, time or source: at most its amount, which Word's plain text may
        # have moved into another column
        numbers_only = all(_AMOUNT_ONLY.fullmatch(d) and not _YEAR.fullmatch(d) for d in details if d)
        if numbers_only and any(_SUBTOTAL_ROW.match(x) for x in labels):
            amount = _row_amount(row, tt)
            if current is None:
                total = amount if total is None else total  # a table without groups: "Cộng" is its total
            elif amount and not current.stated_vnd:
                current.stated_vnd, current.location = amount, block.location
            continue
        if numbers_only and any(_TOTAL_ROW.match(x) for x in labels):
            total = _row_amount(row, tt)
            continue
        distinct = set(filter(None, row))
        is_group = (r in tt.table.merged_rows or len(distinct) == 1
                    or ((_ROMAN_OR_LETTER.match(stt) or _GROUP_NUMBER.match(text)) and numbers_only)
                    # a group's number misread in a scan ("H" for "II"): not a task number, nothing but amounts
                    or (bool(stt) and len(stt) <= 3 and not stt[0].isdigit() and not any(details)))
        if is_group:
            group = " ".join(dict.fromkeys(c for c in row if c and not _ROMAN_OR_LETTER.match(c)
                                           and not _AMOUNT_ONLY.fullmatch(c)))
            current = GroupTotal(group, _row_amount(row, tt) or 0.0, block.location)
            if group_totals is not None:
                group_totals.append(current)
            continue
        if not text:
            continue
        budget_text, amount, named = _budget_of(row, tt)
        source = source_text or ", ".join(named)
        if not time_text and tt.budget_years:
            time_text = _funded_years(row, tt)  # no period written: the years the budget is spread over
        task = Task(text=text, location=block.location, origin="table", group=group, owner=owner, partners=partners,
                    time_text=time_text, budget_text=budget_text, budget_vnd=amount, source=source)
        tasks.append(finish(task))
        if current is not None:
            current.tasks_vnd += amount or 0.0
            current.task_count += 1
    if group_totals is not None:
        group_totals[:] = [g for g in group_totals if g.stated_vnd and g.task_count]
    return tasks, total


# --------------------------------------------------------------------------- lists


_SOURCE_LABEL = re.compile(r"\bnguồn(?: vốn| kinh phí)?\s*:", re.I)


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
    times = [m.group("t") or m.group("q") or m.group("v") for m in _TIME_IN_TEXT.finditer(text)]
    money = _BUDGET_IN_TEXT.search(text)
    labelled = _SOURCE_LABEL.search(text)  # "nguồn: ngân sách tỉnh": the sources named after the label
    sources = (parse_sources(text[labelled.end():]) if labelled else []) or parse_sources(text)
    task = Task(text=text, location=block.location, origin="list", group=group, owner=owner,
                partners=partner.group("p").strip() if partner else "", time_text=", ".join(times),
                budget_text=money.group("m") if money else "",
                budget_vnd=parse_money(money.group("m")) if money else None,
                source=", ".join(sources))
    return finish(task)


# a task written as a record of field lines under its name ("1.1. Hoàn thiện …" then "- Chủ trì: Sở …",
# "- Phối hợp: …", "- Thời gian: Quý III/2026", "- Kinh phí: 4.500 triệu đồng, ngân sách tỉnh")
_FIELD_LINE = re.compile(
    r"^\s*[-–+•*]?\s*(?P<label>(?:cơ quan |đơn vị )?chủ trì(?: thực hiện)?|(?:cơ quan |đơn vị )?phối hợp"
    r"|thời gian(?: thực hiện| hoàn thành)?|tiến độ(?: thực hiện)?|kinh phí(?: dự kiến| thực hiện)?"
    r"|nguồn(?: vốn| kinh phí)?|sản phẩm(?: đầu ra)?|kết quả(?: đầu ra)?)\s*:\s*(?P<value>.*)$", re.I)
_FIELD_KEYS = (("chủ trì", "owner"), ("phối hợp", "partners"), ("thời gian", "time"), ("tiến độ", "time"),
               ("kinh phí", "budget"), ("nguồn", "source"))


def field_line(text: str) -> tuple[str, str] | None:
    """("owner" | "partners" | "time" | "budget" | "source" | "other", value) of a field line, else None."""
    m = _FIELD_LINE.match(text)
    if not m:
        return None
    label = m.group("label").lower()
    key = next((k for word, k in _FIELD_KEYS if word in label), "other")
    return key, m.group("value").strip(" ;.")


def task_from_fields(head: Block, fields: dict[str, str], group: str = "") -> Task:
    """A task named by ``head`` whose owner, partners, time, budget and source are its field lines."""
    budget = fields.get("budget", "")
    money = _BUDGET_IN_TEXT.search(f"kinh phí {budget}") if budget else None
    task = Task(text=head.text, location=head.location, origin="list", group=group, owner=fields.get("owner", ""),
                partners=fields.get("partners", ""), time_text=fields.get("time", ""),
                budget_text=money.group("m") if money else budget,
                budget_vnd=parse_money(money.group("m")) if money else None,
                source=", ".join(parse_sources(fields.get("source") or budget)))
    return finish(task)


# --------------------------------------------------------------------------- the whole draft


@dataclass
class TaskExtraction:
    tasks: list[Task]
    tables: list[TaskTable]
    table_total_vnd: float | None  # the "Tổng cộng" row of the task table(s)
    stated_total_vnd: float | None = None  # the total written in the Kinh phí section
    stated_total_text: str = ""
    stated_total_location: Location | None = None
    group_totals: list[GroupTotal] = field(default_factory=list)  # subtotals stated per group of a task table

    @property
    def sum_vnd(self) -> float:
        return sum(t.budget_vnd or 0 for t in self.tasks)


_STATED_TOTAL = re.compile(r"tổng (?:kinh phí|dự toán|nguồn vốn|mức đầu tư|vốn)[^.;]*?(?P<m>\d[\d.,]*\s*"
                           r"(?:(?:tỷ|tỉ)(?:\s*\d{1,3}\s*triệu)?|triệu|nghìn)?\s*(?:đồng|đ\b|VNĐ)?)", re.I)


def stated_total(seg: Segmented) -> tuple[float | None, str, Location | None]:
    """The total budget the Kinh phí section states ("Tổng kinh phí dự kiến ... là 9.200 triệu đồng")."""
    for block in seg.blocks_in("kinh_phi"):
        if block.kind != "paragraph":
            continue
        for sentence in block.sentences:
            m = _STATED_TOTAL.search(sentence)
            if m:
                amount = parse_money(m.group("m"))
                if amount:
                    return amount, sentence, block.location
    return None, "", None


def classify_pillars(tasks: list[Task], pillar_words: dict[str, tuple[list[str], list[str]]]) -> None:
    """Assign each task to a pillar: by its group row ("I. Chính quyền số") or else by its words.

    ``pillar_words`` maps a pillar to (heading keywords, task keywords).
    """
    for task in tasks:
        group = task.group.lower()
        text = task.text.lower()
        by_group = [p for p, (heads, _) in pillar_words.items() if any(h.lower() in group for h in heads)]
        if by_group:
            task.pillar = by_group[0]
            continue
        scores = {p: sum(text.count(w.lower()) for w in words) for p, (_, words) in pillar_words.items()}
        best = max(scores, key=scores.get, default="")
        task.pillar = best if best and scores[best] > 0 else ""


def unit_notes(blocks: list[Block], tables: list[Table]) -> dict[int, float]:
    """The unit each table's amounts are in when a line beside it says so: up to three paragraphs above the table
    ("ĐVT: triệu đồng" under the appendix's title) or two below it ("Ghi chú: Đơn vị tính: đồng")."""
    where = {id(b): i for i, b in enumerate(blocks)}
    out: dict[int, float] = {}
    for table in tables:
        if not table.blocks or id(table.blocks[0]) not in where:
            continue
        first, last = where[id(table.blocks[0])], where[id(table.blocks[-1])]
        near = [b for b in blocks[max(0, first - 3):first] if b.kind != "table_row"][::-1]
        near += [b for b in blocks[last + 1:last + 3] if b.kind != "table_row"]
        for block in near:
            if len(block.text) <= 120 and (unit := unit_of(block.text)) is not None:
                out[table.index] = unit
                break
    return out


def extract_tasks(seg: Segmented, columns: dict[str, list[str]],
                  pillar_words: dict[str, tuple[list[str], list[str]]] | None = None) -> TaskExtraction:
    notes = unit_notes(seg.doc.blocks, seg.doc.tables)
    tables = [tt for t in seg.doc.tables if (tt := find_task_table(t, columns, notes.get(t.index)))]
    tasks: list[Task] = []
    total = None
    group_totals: list[GroupTotal] = []
    for tt in tables:
        found, table_total = tasks_from_table(tt, group_totals)
        tt.total_vnd = table_total
        tasks.extend(found)
        total = table_total if table_total is not None else total
    if not tables:
        heading_of = {id(b): s.title for s in seg.sections for b in s.blocks}
        blocks = seg.blocks_in("nhiem_vu", "danh_muc")
        fields_of = {i: f for i, b in enumerate(blocks) if (f := field_line(b.text)) is not None}
        for i, block in enumerate(blocks):
            if i in fields_of:
                continue  # a field line belongs to the task above it, never a task of its own
            record, j = {}, i + 1
            while j in fields_of:
                record.setdefault(*fields_of[j])
                j += 1
            if record.keys() & {"owner", "time", "budget"} and block.kind in ("paragraph", "heading"):
                tasks.append(task_from_fields(block, record, group=heading_of.get(id(block), "")))
                continue
            if block.kind != "paragraph" or len(block.text.split()) < 6:
                continue
            task = task_from_sentence(block, group=heading_of.get(id(block), ""))
            # a list item is a task; so is a prose paragraph that names who is in charge and when or how much
            # ("Phòng Nông nghiệp chủ trì … năm 2024 … kinh phí 300 triệu đồng"), and one written as a task
            # record whose owner was left out ("…, phối hợp với X; thời gian thực hiện 2027; kinh phí dự kiến …")
            if (block.is_list_item or (task.owners and (task.start_year is not None or task.budget_vnd))
                    or _TASK_RECORD.search(block.text) and not _TOTAL_ROW.match(block.text)):
                tasks.append(task)
    if pillar_words:
        classify_pillars(tasks, pillar_words)
    amount, text, location = stated_total(seg)
    return TaskExtraction(tasks, tables, total, amount, text, location, group_totals)
