"""Realistic submissions of several files — a plan with its appendices — with planted defects and ground truth.

    python -m planreview_testing.gen_submissions OUT_DIR     # one sub-folder per submission + truth.yaml each

Shapes follow published plans (fictional places, own wording): a commune's Kế hoạch chuyển đổi số as .docx
with its "PHỤ LỤC I — DANH MỤC NHIỆM VỤ" and "PHỤ LỤC II — LỘ TRÌNH CHỈ TIÊU" in one Excel workbook (merged
title rows, "(Kèm theo Kế hoạch số …)", "ĐVT: triệu đồng" above the header, group rows with subtotals as
formulas, a "Tổng cộng" row, a hidden working column and a hidden withdrawn row, dates typed as dates); a ward's
plan with its appendix as a second .docx; a province's QUYẾT ĐỊNH, the Kế hoạch it issues and three
appendices (.xlsx tasks, .docx targets by year, .xlsx projects with their capital). Workbooks are written with
XlsxWriter (real OOXML: sharedStrings, mergeCells, formulas with their cached values, hidden rows/columns);
.docx with tests/data/realistic/realistic_writers.py (python-docx, real parts).

Planted defects (truth.yaml ``expected``): a task without owner (TASK-01), one without source (TASK-06), an
abolished district office as owner after 1 July 2025 (REFORM-01), a "Tổng cộng" typed over its formula that
does not add up (TASK-07), an appendix referred to but not sent (TASK-12). Clean submissions carry none.
Every task's fields are literals (truth.yaml ``tasks``), with the file (and sheet, row) holding it.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "data" / "realistic"))

from realistic_writers import DocxStyle, Draft, docx_to_pdf, write_docx  # noqa: E402

NATIONAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia;",
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số "
    "quốc gia đến năm 2025, định hướng đến năm 2030;",
    "Căn cứ Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ về việc phê duyệt Chương trình phát "
    "triển Chính phủ số;",
]
PROVINCE_BASIS = ("Căn cứ Kế hoạch số 150/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Vĩnh Xuyên về chuyển đổi "
                  "số tỉnh Vĩnh Xuyên năm 2026;")


@dataclass
class Task:
    name: str
    owner: str
    partner: str
    time: str | dt.date  # a date is typed into the workbook as a date cell
    budget: float  # million VND
    source: str
    group: str = "Chính quyền số"

    def truth(self, file: str, sheet: str = "", row: int | None = None) -> dict:
        time = self.time.strftime("%d/%m/%Y") if isinstance(self.time, dt.date) else self.time
        d = {"name": self.name, "owner": self.owner, "time": time, "budget_vnd": int(round(self.budget * 1e6)),
             "source": self.source, "file": file}
        if sheet:
            d.update(sheet=sheet, row=row)
        return d


@dataclass
class Submission:
    slug: str
    unit: str  # "xã Tân Mỹ"
    committee: str  # "UBND XÃ TÂN MỸ"
    province: str
    number: str  # "45/KH-UBND"
    date: dt.date
    layout: str  # xlsx | docx | decision
    tasks: list[Task]
    projects: list[Task] = field(default_factory=list)
    targets: list[tuple[str, float, list[float]]] = field(default_factory=list)  # indicator, baseline, 2026..2030
    typed_total: float | None = None  # a "Tổng cộng" typed over the formula (None: the formula's value)
    missing_appendix: str = ""  # "Phụ lục III" referred to but not sent
    expected: list[dict] = field(default_factory=list)
    clean: bool = False

    @property
    def year(self) -> int:
        return self.date.year


def vn_date(d: dt.date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _header(dr: Draft, s: Submission, number: str, place: str) -> None:
    dr.grid([[s.committee, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
             ["", "Độc lập - Tự do - Hạnh phúc"],
             [f"Số: {number}", f"{place}, {vn_date(s.date)}"]], widths=[6.5, 9.5])


def _signature(dr: Draft, title: str) -> None:
    dr.grid([["Nơi nhận:\n- Như trên;\n- Lưu: VT.", f"TM. ỦY BAN NHÂN DÂN\n{title}\n\n\nNguyễn Văn An"]],
            widths=[7.5, 8.5])


def _plan_body(dr: Draft, s: Submission, refs: dict[str, str]) -> None:
    """The plan's sections; ``refs``: where it refers to its appendices ("tasks", "targets", "projects")."""
    for line in NATIONAL_BASES:
        dr.p(line)
    if s.layout != "decision":
        dr.p(PROVINCE_BASIS)
    dr.p(f"Ủy ban nhân dân {s.unit} ban hành Kế hoạch chuyển đổi số năm {s.year}, định hướng đến năm 2030 "
         f"như sau:")
    dr.h("I. ĐÁNH GIÁ THỰC TRẠNG")
    dr.p(f"Kết quả đạt được: hạ tầng số của {s.unit} cơ bản đáp ứng yêu cầu; 100% cán bộ, công chức được trang bị "
         "máy tính kết nối Internet; tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng năm 2025 đạt 85%; tỷ lệ "
         "hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 45%. Điểm mạnh là sự quan tâm chỉ đạo "
         "thường xuyên của cấp ủy, chính quyền và sự tham gia tích cực của tổ công nghệ số cộng đồng.")
    dr.p("Hạn chế: dữ liệu chuyên ngành còn phân tán, chưa được làm sạch; kỹ năng số của một bộ phận người dân còn "
         "thấp; kinh phí bố trí cho chuyển đổi số chưa tương xứng với yêu cầu.")
    dr.h("II. MỤC ĐÍCH, YÊU CẦU")
    dr.p(f"Cụ thể hóa các chủ trương của Trung ương và của tỉnh về chuyển đổi số phù hợp với điều kiện của {s.unit}; "
         "xác định rõ nhiệm vụ, tiến độ, cơ quan chủ trì và nguồn lực thực hiện.")
    dr.p("Việc triển khai bảo đảm thiết thực, hiệu quả, lấy người dân và doanh nghiệp làm trung tâm; gắn trách nhiệm "
         "của người đứng đầu với kết quả chuyển đổi số của cơ quan, đơn vị.")
    dr.h("III. MỤC TIÊU")
    dr.h("1. Mục tiêu chung", 2)
    dr.p(f"Phát triển đồng bộ chính quyền số, kinh tế số và xã hội số trên địa bàn {s.unit}, nâng cao chất lượng phục "
         "vụ người dân, doanh nghiệp và hiệu quả quản lý nhà nước.")
    dr.h("2. Mục tiêu cụ thể", 2)
    dr.bullet("Đến năm 2030, tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng đạt 100% (trừ hồ sơ mật).")
    dr.bullet("Đến năm 2030, tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 80%.")
    if "targets" in refs:
        dr.p(f"Lộ trình thực hiện các chỉ tiêu theo từng năm chi tiết tại {refs['targets']} kèm theo Kế hoạch này.")
    dr.h("IV. NHIỆM VỤ, GIẢI PHÁP")
    dr.h("1. Phát triển chính quyền số", 2)
    dr.p("Hoàn thiện hạ tầng số tại trụ sở, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; khai thác hiệu quả "
         "các cơ sở dữ liệu dùng chung và hệ thống quản lý văn bản, điều hành.")
    dr.h("2. Phát triển kinh tế số", 2)
    dr.p("Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm lên sàn thương mại điện tử; thúc đẩy thanh toán không dùng "
         "tiền mặt trong chợ, trường học, cơ sở y tế.")
    dr.h("3. Phát triển xã hội số", 2)
    dr.p("Duy trì tổ công nghệ số cộng đồng, phổ cập kỹ năng số cho người dân; phát triển các nền tảng số phục vụ "
         "y tế, giáo dục trên địa bàn.")
    if "tasks" in refs:
        dr.p(f"Danh mục nhiệm vụ cụ thể, cơ quan chủ trì, thời gian và kinh phí thực hiện chi tiết tại "
             f"{refs['tasks']} kèm theo.")
    if "projects" in refs:
        dr.p(f"Các dự án đầu tư ứng dụng công nghệ thông tin giai đoạn 2026 - 2030 chi tiết tại {refs['projects']}.")
    dr.h("V. KINH PHÍ THỰC HIỆN")
    dr.p("Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành, lồng ghép các "
         "chương trình mục tiêu và nguồn xã hội hóa; các cơ quan, đơn vị lập dự toán hằng năm theo quy định.")
    dr.h("VI. TỔ CHỨC THỰC HIỆN")
    dr.p("Các cơ quan, đơn vị được giao chủ trì nhiệm vụ chủ động xây dựng kế hoạch chi tiết, báo cáo kết quả thực "
         "hiện định kỳ 6 tháng, hằng năm về cơ quan thường trực.")
    dr.p("Trong quá trình triển khai, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời để tổng hợp, "
         "báo cáo xem xét, điều chỉnh.")


def _style(s: Submission) -> DocxStyle:
    style = DocxStyle()
    style.date = s.date
    return style


def write_plan_docx(s: Submission, path: Path, refs: dict[str, str], attached_to: str = "") -> None:
    dr = Draft()
    place = s.unit.split(" ", 1)[1] if " " in s.unit else s.unit
    _header(dr, s, s.number, place)
    dr.center("KẾ HOẠCH")
    dr.center(f"Chuyển đổi số {s.unit} năm {s.year}, định hướng đến năm 2030")
    if attached_to:
        dr.center(f"(Ban hành kèm theo Quyết định số {attached_to} {vn_date(s.date)} của UBND {s.unit})",
                  bold=False, italic=True)
    _plan_body(dr, s, refs)
    _signature(dr, "CHỦ TỊCH")
    write_docx(dr, path, _style(s))


def write_decision_docx(s: Submission, number: str, path: Path) -> None:
    dr = Draft()
    place = s.unit.split(" ", 1)[1]
    _header(dr, s, number, place)
    dr.center("QUYẾT ĐỊNH")
    dr.center(f"Về việc ban hành Kế hoạch chuyển đổi số {s.unit} năm {s.year}, định hướng đến năm 2030")
    dr.center(f"ỦY BAN NHÂN DÂN {s.unit.upper()}")
    for line in NATIONAL_BASES:
        dr.p(line)
    dr.p("Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 88/TTr-SKHCN ngày 02/3/2026.")
    dr.center("QUYẾT ĐỊNH:")
    dr.p(f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số {s.unit} năm {s.year}, định hướng đến "
         "năm 2030.")
    dr.p("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    dr.p("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch UBND các xã, "
         "phường chịu trách nhiệm thi hành Quyết định này./.")
    _signature(dr, "CHỦ TỊCH")
    write_docx(dr, path, _style(s))


def write_appendix_docx(s: Submission, label: str, title: str, rows: list[list[str]], merges: dict, path: Path,
                        header_rows: int = 1) -> None:
    dr = Draft()
    dr.center(label.upper())
    dr.center(title)
    dr.center(f"(Kèm theo Kế hoạch số {s.number} {vn_date(s.date)} của UBND {s.unit})", bold=False, italic=True)
    dr.table(rows, header_rows=header_rows, merge_rows=merges, bold_rows=set(merges))
    write_docx(dr, path, _style(s))


# --------------------------------------------------------------------------- workbooks


def _formats(wb) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter", "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "align": "center", "font_size": 13}),
        "italic": wb.add_format({**base, "italic": True, "align": "center"}),
        "unit": wb.add_format({**base, "italic": True, "align": "right"}),
        "head": wb.add_format({**base, "bold": True, "align": "center", "border": 1, "bg_color": "#DDEBF7"}),
        "cell": wb.add_format({**base, "border": 1}),
        "center": wb.add_format({**base, "border": 1, "align": "center"}),
        "group": wb.add_format({**base, "border": 1, "bold": True}),
        "money": wb.add_format({**base, "border": 1, "num_format": "#,##0.0"}),
        "gmoney": wb.add_format({**base, "border": 1, "bold": True, "num_format": "#,##0.0"}),
        "date": wb.add_format({**base, "border": 1, "align": "center", "num_format": "dd/mm/yyyy"}),
    }


def _task_sheet(wb, f: dict, s: Submission, sheet: str, label: str, title: str, tasks: list[Task], file: str,
                typed_total: float | None, truth: list[dict], project_words: bool = False) -> None:
    """A task (or project) list: merged titles, ĐVT line, header, groups with subtotal formulas, total row."""
    ws = wb.add_worksheet(sheet)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 3, 24)
    ws.set_column(4, 4, 14)
    ws.set_column(5, 5, 12)
    ws.set_column(6, 6, 20)
    ws.set_column(7, 7, 14)
    ws.set_column(8, 8, 10, None, {"hidden": True})  # a working column the office hid ("Mã NV")
    ws.merge_range(0, 0, 0, 7, label.upper(), f["title"])
    ws.merge_range(1, 0, 1, 7, title, f["title"])
    ws.merge_range(2, 0, 2, 7, f"(Kèm theo Kế hoạch số {s.number} {vn_date(s.date)} của UBND {s.unit})",
                   f["italic"])
    ws.merge_range(4, 6, 4, 7, "ĐVT: triệu đồng", f["unit"])
    head = ["STT", "Tên dự án" if project_words else "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
            "Thời gian thực hiện", "Tổng mức đầu tư" if project_words else "Kinh phí", "Nguồn vốn", "Ghi chú", "Mã NV"]
    ws.write_row(5, 0, head, f["head"])
    r = 6
    groups: dict[str, list[Task]] = {}
    for t in tasks:
        groups.setdefault(t.group, []).append(t)
    romans = ["I", "II", "III", "IV"]
    group_rows = []
    n = 0
    for g, (group, items) in enumerate(groups.items()):
        group_row = r
        ws.write(r, 0, romans[g], f["group"])
        ws.merge_range(r, 1, r, 4, group, f["group"])
        first = r + 1
        r += 1
        for t in items:
            n += 1
            ws.write_number(r, 0, n, f["center"])
            ws.write(r, 1, t.name, f["cell"])
            ws.write(r, 2, t.owner, f["cell"])
            ws.write(r, 3, t.partner, f["cell"])
            if isinstance(t.time, dt.date):
                ws.write_datetime(r, 4, dt.datetime.combine(t.time, dt.time()), f["date"])
            else:
                ws.write(r, 4, t.time, f["center"])
            ws.write_number(r, 5, t.budget, f["money"])
            ws.write(r, 6, t.source, f["cell"])
            ws.write(r, 7, "", f["cell"])
            ws.write(r, 8, f"NV{n:02d}")
            truth.append(t.truth(file, sheet, r + 1))
            r += 1
            if n == 2:  # a task the office withdrew and hid rather than deleted: never read
                ws.write_row(r, 0, [99, "Nhiệm vụ đã rút khỏi danh mục (không thực hiện)", "Phòng Kinh tế", "",
                                    "2026", 999, "Ngân sách xã"], f["cell"])
                ws.set_row(r, None, None, {"hidden": True})
                r += 1
        last = r - 1
        subtotal = sum(t.budget for t in items)
        ws.write_formula(group_row, 5, f"=SUBTOTAL(109,F{first + 1}:F{last + 1})", f["gmoney"], subtotal)
        group_rows.append(group_row)
    total = sum(t.budget for t in tasks)
    ws.merge_range(r, 0, r, 4, "Tổng cộng", f["group"])
    if typed_total is not None:  # typed over the formula: the cell holds a number, the sum says otherwise
        ws.write_number(r, 5, typed_total, f["gmoney"])
    else:
        ws.write_formula(r, 5, "=" + "+".join(f"F{g + 1}" for g in group_rows), f["gmoney"], total)
    ws.write(r + 3, 0, "Ghi chú: Kinh phí được cân đối, bố trí trong dự toán hằng năm của các cơ quan, đơn vị.")


def _target_sheet(wb, f: dict, s: Submission, label: str, targets) -> None:
    ws = wb.add_worksheet(label.replace("Phụ lục", "PL"))
    ws.set_column(1, 1, 50)
    ws.merge_range(0, 0, 0, 8, label.upper(), f["title"])
    ws.merge_range(1, 0, 1, 8, "LỘ TRÌNH THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ ĐẾN NĂM 2030", f["title"])
    ws.merge_range(2, 0, 2, 8, f"(Kèm theo Kế hoạch số {s.number} {vn_date(s.date)} của UBND {s.unit})",
                   f["italic"])
    ws.write_row(4, 0, ["STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng 2025", "2026", "2027", "2028", "2029",
                        "2030"], f["head"])
    for k, (name, base, values) in enumerate(targets, 1):
        ws.write_row(4 + k, 0, [k, name, "%", base, *values], f["cell"])


def write_workbook(s: Submission, path: Path, sheets: list[tuple], truth: list[dict]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    wb.set_properties({"author": "UBND", "created": dt.datetime.combine(s.date, dt.time(8, 0))})
    f = _formats(wb)
    for kind, *args in sheets:
        if kind == "tasks":
            sheet, label, title, tasks, typed, project = args
            _task_sheet(wb, f, s, sheet, label, title, tasks, path.name, typed, truth, project)
        else:
            label, targets = args
            _target_sheet(wb, f, s, label, targets)
    wb.close()


# --------------------------------------------------------------------------- docx task tables


def docx_task_rows(tasks: list[Task], file: str, truth: list[dict]) -> tuple[list[list[str]], dict]:
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
             "Kinh phí (triệu đồng)", "Nguồn vốn"]]
    merges: dict[int, tuple[int, int]] = {}
    groups: dict[str, list[Task]] = {}
    for t in tasks:
        groups.setdefault(t.group, []).append(t)
    n = 0
    for g, (group, items) in enumerate(groups.items()):
        merges[len(rows)] = (0, 6)
        rows.append([f"{['I', 'II', 'III'][g]}. {group}"] + [""] * 6)
        for t in items:
            n += 1
            time = t.time.strftime("%d/%m/%Y") if isinstance(t.time, dt.date) else t.time
            rows.append([str(n), t.name, t.owner, t.partner, time, _vn_number(t.budget), t.source])
            truth.append(t.truth(file))
    rows.append(["", "Tổng cộng", "", "", "", _vn_number(sum(t.budget for t in tasks)), ""])
    return rows, merges


def _vn_number(x: float) -> str:
    whole = f"{int(x):,}".replace(",", ".")
    return whole if float(x).is_integer() else f"{whole},{str(x).split('.')[1]}"


# --------------------------------------------------------------------------- the submissions

CQS, KTS, XHS = "Chính quyền số", "Kinh tế số", "Xã hội số"


def submissions(with_pdf: bool = False) -> list[Submission]:
    """The submissions; ``with_pdf`` adds a plan whose appendix is a PDF (LibreOffice exports it)."""
    d1 = dt.date(2026, 3, 12)
    tan_my = Submission(
        "01-xa-tan-my-xlsx", "xã Tân Mỹ", "ỦY BAN NHÂN DÂN\nXÃ TÂN MỸ", "tỉnh Vĩnh Xuyên", "45/KH-UBND", d1, "xlsx",
        tasks=[
            Task("Nâng cấp mạng nội bộ và thiết bị đầu cuối tại trụ sở UBND xã", "Văn phòng HĐND và UBND xã",
                 "Trung tâm Phục vụ hành chính công xã", "2026", 350, "Ngân sách xã", CQS),
            Task("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "Trung tâm Phục vụ hành chính "
                 "công xã", "Các thôn", "2026-2027", 180, "Ngân sách xã", CQS),
            Task("Triển khai hội nghị trực tuyến đến các thôn", "", "Văn phòng HĐND và UBND xã", "2027", 240,
                 "Ngân sách tỉnh", CQS),  # defect: no owner
            Task("Làm sạch dữ liệu dân cư, hộ tịch, đất đai dùng chung", "Công an xã", "Phòng Kinh tế",
                 dt.date(2026, 12, 31), 60, "Ngân sách xã", CQS),
            Task("Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử", "Phòng Kinh tế",
                 "Hội Nông dân xã", "2026-2028", 150, "", KTS),  # defect: no source
            Task("Phổ cập thanh toán không dùng tiền mặt tại chợ Tân Mỹ", "Phòng Kinh tế", "Các ngân hàng thương mại",
                 "2026-2027", 45.5, "Xã hội hóa", KTS),
            Task("Số hóa tư liệu di tích, lễ hội truyền thống của xã", "Phòng Văn hóa và Thông tin huyện",
                 "Phòng Văn hóa - Xã hội", "2027-2028", 120, "Ngân sách tỉnh", XHS),  # defect: abolished office
            Task("Duy trì hoạt động tổ công nghệ số cộng đồng ở các thôn", "Phòng Văn hóa - Xã hội",
                 "Đoàn Thanh niên xã", "2026-2030", 90, "Ngân sách xã", XHS),
            Task("Tập huấn kỹ năng số cho cán bộ, công chức và người dân", "Phòng Văn hóa - Xã hội",
                 "Trung tâm Phục vụ hành chính công xã", "2026-2030", 75, "Ngân sách xã", XHS),
            Task("Triển khai sổ sức khỏe điện tử cho người dân", "Trạm Y tế xã", "Phòng Văn hóa - Xã hội",
                 dt.date(2027, 6, 30), 30, "Ngân sách tỉnh", XHS),
        ],
        targets=[("Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng", 85, [90, 95, 98, 100, 100]),
                 ("Tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình", 45, [55, 62, 70, 75, 80])],
        typed_total=1400,  # the tasks add up to 1.340,5
    )
    tan_my.expected = [
        {"rule": "TASK-01", "match": "Triển khai hội nghị trực tuyến", "file": "phu-luc-ke-hoach-45.xlsx",
         "cell": "C"},
        {"rule": "TASK-06", "match": "sản phẩm OCOP", "file": "phu-luc-ke-hoach-45.xlsx", "cell": "G"},
        {"rule": "REFORM-01", "match": "Số hóa tư liệu di tích", "file": "phu-luc-ke-hoach-45.xlsx", "cell": "C"},
        {"rule": "TASK-07", "match": "", "file": "phu-luc-ke-hoach-45.xlsx", "cell": "F"},
    ]
    phu_an = Submission(
        "02-xa-phu-an-xlsx-clean", "xã Phú An", "ỦY BAN NHÂN DÂN\nXÃ PHÚ AN", "tỉnh Vĩnh Xuyên", "21/KH-UBND",
        dt.date(2026, 2, 5), "xlsx",
        tasks=[
            Task("Trang bị máy tính, máy quét cho bộ phận một cửa", "Văn phòng HĐND và UBND xã",
                 "Trung tâm Phục vụ hành chính công xã", "2026", 210, "Ngân sách xã", CQS),
            Task("Triển khai chữ ký số cho cán bộ, công chức xã", "Văn phòng HĐND và UBND xã", "Công an xã",
                 "2026", 25, "Ngân sách xã", CQS),
            Task("Xây dựng kho dữ liệu dùng chung của xã", "Phòng Kinh tế", "Công an xã", "2027-2028", 300,
                 "Ngân sách tỉnh", CQS),
            Task("Hỗ trợ nông dân bán nông sản qua sàn thương mại điện tử", "Phòng Kinh tế", "Hội Nông dân xã",
                 "2026-2030", 120, "Xã hội hóa", KTS),
            Task("Phổ cập kỹ năng số cho hội viên phụ nữ", "Phòng Văn hóa - Xã hội", "Hội Liên hiệp Phụ nữ xã",
                 dt.date(2027, 12, 31), 40, "Ngân sách xã", XHS),
            Task("Lắp đặt wifi công cộng tại nhà văn hóa các thôn", "Phòng Văn hóa - Xã hội",
                 "Các doanh nghiệp viễn thông", "2026-2027", 95, "Xã hội hóa", XHS),
        ],
        targets=[("Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng", 80, [88, 92, 96, 100, 100])],
        clean=True,
    )
    hoa_loc = Submission(
        "03-phuong-hoa-loc-docx", "phường Hòa Lộc", "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA LỘC", "tỉnh Vĩnh Xuyên",
        "112/KH-UBND", dt.date(2026, 4, 2), "docx",
        tasks=[
            Task("Triển khai hệ thống camera giám sát an ninh trật tự khu dân cư", "Công an phường",
                 "Phòng Kinh tế, Hạ tầng và Đô thị", "2026-2027", 1200, "Ngân sách tỉnh", CQS),
            Task("Số hóa hồ sơ địa chính, cấp giấy chứng nhận quyền sử dụng đất", "Phòng Kinh tế, Hạ tầng và Đô thị",
                 "Văn phòng HĐND và UBND phường", "2026-2028", 650, "Ngân sách phường", CQS),
            Task("Xây dựng bản đồ số các điểm du lịch, dịch vụ của phường", "",
                 "Phòng Văn hóa - Xã hội", "2027", 180, "Xã hội hóa", KTS),  # defect: no owner
            Task("Phát triển thanh toán số tại các cơ sở giáo dục trên địa bàn", "Phòng Văn hóa - Xã hội",
                 "Các trường học", "2026-2027", 35, "Xã hội hóa", XHS),
            Task("Đào tạo kỹ năng số cho người cao tuổi", "Phòng Văn hóa - Xã hội", "Hội Người cao tuổi phường",
                 "2026-2030", 60, "Ngân sách phường", XHS),
        ],
        missing_appendix="Phụ lục II",  # referred to for the targets, never sent
    )
    hoa_loc.expected = [
        {"rule": "TASK-01", "match": "bản đồ số các điểm du lịch", "file": "phu-luc-danh-muc-nhiem-vu.docx"},
        {"rule": "TASK-12", "match": "Phụ lục II", "file": "ke-hoach-cds-phuong-hoa-loc.docx"},
    ]
    dong_son = Submission(
        "04-phuong-dong-son-docx-clean", "phường Đông Sơn", "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐÔNG SƠN", "tỉnh Vĩnh Xuyên",
        "58/KH-UBND", dt.date(2026, 3, 20), "docx",
        tasks=[
            Task("Nâng cấp hệ thống quản lý văn bản và điều hành của phường", "Văn phòng HĐND và UBND phường",
                 "Trung tâm Phục vụ hành chính công phường", "2026", 150, "Ngân sách phường", CQS),
            Task("Số hóa sổ hộ tịch lưu trữ từ năm 1990", "Văn phòng HĐND và UBND phường", "Công an phường",
                 "2026-2027", 220, "Ngân sách tỉnh", CQS),
            Task("Hỗ trợ tiểu thương chợ Đông Sơn dùng mã QR thanh toán", "Phòng Kinh tế, Hạ tầng và Đô thị",
                 "Các ngân hàng thương mại", "2026", 30, "Xã hội hóa", KTS),
            Task("Triển khai học bạ số tại các trường tiểu học", "Phòng Văn hóa - Xã hội", "Các trường học",
                 "2026-2028", 140, "Ngân sách phường", XHS),
        ],
        clean=True,
    )
    vinh_xuyen = Submission(
        "05-tinh-vinh-xuyen-qd-kh-3pl", "tỉnh Vĩnh Xuyên", "ỦY BAN NHÂN DÂN\nTỈNH VĨNH XUYÊN", "tỉnh Vĩnh Xuyên",
        "96/KH-UBND", dt.date(2026, 3, 25), "decision",
        tasks=[
            Task("Xây dựng nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) phiên bản mới",
                 "Sở Khoa học và Công nghệ", "Các sở, ban, ngành", "2026-2027", 8500, "Ngân sách tỉnh", CQS),
            Task("Triển khai hệ thống thông tin giải quyết thủ tục hành chính dùng chung cho cấp xã",
                 "Văn phòng UBND tỉnh", "UBND các xã, phường", "2026", 4200, "Ngân sách tỉnh", CQS),
            Task("Số hóa hồ sơ lưu trữ lịch sử của tỉnh", "Sở Nội vụ", "UBND các huyện, thị xã", "2026-2029", 6300,
                 "Ngân sách tỉnh", CQS),
            Task("Phát triển sàn thương mại điện tử nông sản của tỉnh", "Sở Công Thương", "Hiệp hội doanh nghiệp tỉnh",
                 "2026-2028", 3100, "", KTS),  # defect: no source
            Task("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", "Sở Khoa học và Công nghệ", "Sở Tài chính",
                 "2026-2030", 5000, "Xã hội hóa", KTS),
            Task("Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh", "Sở Y tế", "Bảo hiểm xã hội tỉnh",
                 dt.date(2027, 12, 31), 12000, "Ngân sách tỉnh", XHS),
            Task("Phổ cập kỹ năng số cho người dân qua nền tảng học trực tuyến mở", "Sở Giáo dục và Đào tạo",
                 "Tỉnh đoàn", "2026-2030", 900, "Ngân sách tỉnh", XHS),
        ],
        projects=[
            Task("Trung tâm điều hành thông minh tỉnh Vĩnh Xuyên", "Sở Khoa học và Công nghệ", "Công an tỉnh",
                 "2026-2028", 45000, "Vốn đầu tư công", "Dự án nhóm B"),
            Task("Hạ tầng trung tâm dữ liệu tỉnh giai đoạn 2", "Sở Khoa học và Công nghệ", "Sở Tài chính",
                 "2027-2029", 38000, "Vốn đầu tư công", "Dự án nhóm B"),
            Task("Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã", "Sở Khoa học và Công nghệ",
                 "UBND các xã, phường", "2026-2027", 9500, "Ngân sách tỉnh", "Dự án nhóm C"),
        ],
        targets=[("Tỷ lệ dịch vụ công trực tuyến toàn trình", 60, [70, 75, 80, 85, 90]),
                 ("Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân", 35, [45, 55, 65, 70, 80])],
    )
    vinh_xuyen.expected = [
        {"rule": "TASK-06", "match": "sàn thương mại điện tử nông sản", "file": "phu-luc-01-danh-muc-nhiem-vu.xlsx",
         "cell": "G"},
        {"rule": "REFORM-01", "match": "Số hóa hồ sơ lưu trữ lịch sử", "file": "phu-luc-01-danh-muc-nhiem-vu.xlsx",
         "cell": "D"},
    ]
    an_binh = Submission(  # the appendix sent as the PDF the office exported from Word (with_pdf)
        "06-phuong-an-binh-pdf", "phường An Bình", "ỦY BAN NHÂN DÂN\nPHƯỜNG AN BÌNH", "tỉnh Vĩnh Xuyên",
        "77/KH-UBND", dt.date(2026, 4, 10), "pdf",
        tasks=[
            Task("Triển khai phần mềm quản lý hồ sơ công chức của phường", "Văn phòng HĐND và UBND phường",
                 "Phòng Văn hóa - Xã hội", "2026", 85, "Ngân sách phường", CQS),
            Task("Số hóa bản đồ quy hoạch chi tiết của phường", "Phòng Kinh tế, Hạ tầng và Đô thị",
                 "Văn phòng HĐND và UBND phường", "2026-2027", 420, "", CQS),  # defect: no source
            Task("Hỗ trợ doanh nghiệp nhỏ dùng hóa đơn điện tử", "Phòng Kinh tế, Hạ tầng và Đô thị",
                 "Chi cục Thuế khu vực", "2026", 20, "Xã hội hóa", KTS),
            Task("Phổ cập ứng dụng định danh điện tử cho người dân", "Công an phường", "Đoàn Thanh niên phường",
                 "2026-2027", 30, "Ngân sách phường", XHS),
        ],
    )
    an_binh.expected = [{"rule": "TASK-06", "match": "bản đồ quy hoạch", "file": "phu-luc-danh-muc-nhiem-vu.pdf"}]
    return [tan_my, phu_an, hoa_loc, dong_son, vinh_xuyen] + ([an_binh] if with_pdf else [])


def _slug_unit(s: Submission) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", s.unit.replace("đ", "d").replace("Đ", "D"))
    return "-".join("".join(c for c in text if unicodedata.category(c) != "Mn").lower().split())


def write_submission(s: Submission, out: Path) -> dict:
    """Write one submission's files into ``out`` (a folder) and its truth.yaml; return the truth."""
    out.mkdir(parents=True, exist_ok=True)
    truth_tasks: list[dict] = []
    files: list[dict] = []
    name = _slug_unit(s)
    if s.layout == "xlsx":
        plan = out / f"ke-hoach-cds-{name}-{s.year}.docx"
        book = out / f"phu-luc-ke-hoach-{s.number.split('/')[0]}.xlsx"
        write_plan_docx(s, plan, {"tasks": "Phụ lục I", "targets": "Phụ lục II"})
        write_workbook(s, book, [("tasks", "PL I - Nhiệm vụ", "Phụ lục I",
                                  f"DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ {s.unit.upper()} NĂM {s.year}",
                                  s.tasks, s.typed_total, False),
                                 ("targets", "Phụ lục II", s.targets)], truth_tasks)
        files = [{"name": plan.name, "role": "plan"}, {"name": book.name, "role": "appendix"}]
    elif s.layout in ("docx", "pdf"):
        plan = out / f"ke-hoach-cds-{name}.docx"
        appendix = out / "phu-luc-danh-muc-nhiem-vu.docx"
        refs = {"tasks": "Phụ lục I"}
        if s.missing_appendix:
            refs["targets"] = s.missing_appendix
        write_plan_docx(s, plan, refs)
        rows, merges = docx_task_rows(s.tasks, appendix.name, truth_tasks)
        write_appendix_docx(s, "Phụ lục I", f"DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ {s.unit.upper()}", rows, merges,
                            appendix)
        if s.layout == "pdf":
            pdf = docx_to_pdf(appendix, out)
            appendix.unlink()
            appendix = pdf
            for t in truth_tasks:
                t["file"] = pdf.name
        files = [{"name": plan.name, "role": "plan"}, {"name": appendix.name, "role": "appendix"}]
    else:
        decision = out / "quyet-dinh-ban-hanh-ke-hoach.docx"
        plan = out / f"ke-hoach-chuyen-doi-so-{name}.docx"
        pl1 = out / "phu-luc-01-danh-muc-nhiem-vu.xlsx"
        pl2 = out / "phu-luc-02-lo-trinh-chi-tieu.docx"
        pl3 = out / "phu-luc-03-du-an-dau-tu.xlsx"
        write_decision_docx(s, "612/QĐ-UBND", decision)
        write_plan_docx(s, plan, {"tasks": "Phụ lục 01", "targets": "Phụ lục 02", "projects": "Phụ lục 03"},
                        attached_to="612/QĐ-UBND")
        write_workbook(s, pl1, [("tasks", "Nhiệm vụ", "Phụ lục 01",
                                 f"DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ {s.unit.upper()} NĂM {s.year}", s.tasks, None,
                                 False)], truth_tasks)
        rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng 2025", "2026", "2027", "2028", "2029", "2030"]]
        rows += [[str(k), n, "%", str(b), *map(str, v)] for k, (n, b, v) in enumerate(s.targets, 1)]
        write_appendix_docx(s, "Phụ lục 02", "LỘ TRÌNH THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ ĐẾN NĂM 2030", rows, {},
                            pl2)
        write_workbook(s, pl3, [("tasks", "Dự án", "Phụ lục 03",
                                 "DANH MỤC DỰ ÁN ĐẦU TƯ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN GIAI ĐOẠN 2026 - 2030",
                                 s.projects, None, True)], truth_tasks)
        files = [{"name": p.name, "role": r} for p, r in ((decision, "decision"), (plan, "plan"), (pl1, "appendix"),
                                                          (pl2, "appendix"), (pl3, "appendix"))]
    truth = {"submission": s.slug, "unit": s.unit, "clean": s.clean, "files": files, "plan": plan.name,
             "expected": s.expected, "tasks": truth_tasks,
             "targets": [{"indicator": n, "values": dict(zip(range(2026, 2031), v))} for n, _, v in s.targets]}
    (out / "truth.yaml").write_text(yaml.safe_dump(truth, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return truth


def write_all(out: Path, with_pdf: bool = False) -> list[tuple[Path, dict]]:
    return [(out / s.slug, write_submission(s, out / s.slug)) for s in submissions(with_pdf)]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "submissions")
    for folder, truth in write_all(target, with_pdf=True):
        print(folder, len(truth["tasks"]), "tasks")
