"""Synthetic plans of today's two levels — a commune (xã/phường) of a merged province and a province — with
planted level and era defects, written in .docx, .pdf and .txt by planreview_testing/synthetic.py's writers.

Their shapes follow published commune and province digital-transformation plans of 2025-2026 (a two-column
header "ỦY BAN NHÂN DÂN / XÃ ..." beside the national motto, "Căn cứ ..." lines citing Nghị quyết 57-NQ/TW,
sections Mục đích, yêu cầu → Mục tiêu → Nhiệm vụ, giải pháp → Kinh phí → Tổ chức thực hiện, a task table with
unit in charge / partners / time / money / source, tổ công nghệ số cộng đồng at commune and village level, the
commune's Trung tâm Phục vụ hành chính công). All units are fictional ("tỉnh Thanh Lâm", "xã Tân Lạc Sơn"),
the text is our own. :func:`expected_findings` gives, from the spec alone, the findings of the level rules
(rules/80-levels.yaml, and SCOPE-01 for a province plan) each draft must raise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from planreview_testing.synthetic import SYNTHETIC_NOTE, Item, money, write_items
from planreview_testing.synthetic import PlannedTask as Task

LEVEL_RULES = ("COMMUNE-01", "COMMUNE-02", "COMMUNE-03", "COMMUNE-04", "SCOPE-01", "PROVINCE-02", "REFORM-01",
               "REFORM-02")
PILLAR_TITLES = {"chinh_quyen_so": "Chính quyền số", "kinh_te_so": "Kinh tế số", "xa_hoi_so": "Xã hội số"}


@dataclass
class LevelSpec:
    level: str = "xa"  # xa | tinh
    unit_kind: str = "xã"  # xã | phường (level xa); tỉnh (level tinh)
    name: str = "Tân Lạc Sơn"  # the commune's name (level xa)
    province: str = "Thanh Lâm"
    merged_from: str = "Bình Sơn"  # the fictional province merged into Thanh Lâm in 2025
    plan_year: int = 2026
    plan_month: int = 3
    header: str = "table"  # table (two-column header) | lines (issuer over two lines) | one_line
    # planted defects
    omit_villages: bool = False  # COMMUNE-01: nothing for thôn / tổ dân phố in objectives and tasks
    omit_community_team: bool = False  # COMMUNE-02: no tổ công nghệ số cộng đồng
    omit_one_stop: bool = False  # COMMUNE-03: no bộ phận một cửa / Trung tâm Phục vụ hành chính công
    district_department_owner: int | None = None  # COMMUNE-04: task i given to "Phòng Giáo dục và Đào tạo"
    defunct_owner: int | None = None  # REFORM-01: task i given to "Phòng Văn hóa và Thông tin huyện"
    defunct_partner: int | None = None  # REFORM-01: task i with partner "Công an huyện"
    defunct_duty: bool = False  # REFORM-01: Tổ chức thực hiện gives a duty to UBND huyện / các huyện
    omit_commune_coverage: bool = False  # SCOPE-01: objectives and tasks say nothing of the communes
    omit_commune_duties: bool = False  # PROVINCE-02: Tổ chức thực hiện gives the communes no duty
    stale: bool = False  # REFORM-02 (with real names): a 2026 plan written for a unit merged away in 2025


def commune_spec(**changes) -> LevelSpec:
    return replace(LevelSpec(), **changes)


def province_spec(**changes) -> LevelSpec:
    return replace(LevelSpec(level="tinh", unit_kind="tỉnh", name="Thanh Lâm"), **changes)


# --------------------------------------------------------------------------- commune content


def _commune_tasks(spec: LevelSpec) -> list[Task]:
    u = f"{spec.unit_kind} {spec.name}"
    one_stop = ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công "
                f"{u}") if not spec.omit_one_stop else f"Số hóa hồ sơ lưu trữ của cơ quan Đảng, chính quyền {u}"
    villages = ("Lắp đặt điểm truy cập Internet công cộng tại nhà văn hóa các thôn, tổ dân phố"
                if not spec.omit_villages else "Lắp đặt điểm truy cập Internet công cộng tại nhà văn hóa xã")
    team = ("Kiện toàn và duy trì hoạt động tổ công nghệ số cộng đồng, hướng dẫn người dân cài đặt, sử dụng "
            "ứng dụng số" if not spec.omit_community_team else "Tổ chức các lớp tập huấn kỹ năng số cho người dân "
            "vào cuối tuần")
    tasks = [
        Task("chinh_quyen_so", one_stop, "Trung tâm Phục vụ hành chính công", "Văn phòng HĐND và UBND",
             "2026-2027", 350, "Ngân sách xã"),
        Task("chinh_quyen_so", "Triển khai hệ thống quản lý văn bản, hồ sơ công việc và chữ ký số cho 100% cán bộ, "
             "công chức", "Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "2026", 120, "Ngân sách xã"),
        Task("kinh_te_so", "Hỗ trợ hợp tác xã, hộ sản xuất đưa nông sản chủ lực lên sàn thương mại điện tử",
             "Phòng Kinh tế", "Hội Nông dân xã; Sở Công Thương", "2026-2028", 200, "Ngân sách tỉnh, xã hội hóa"),
        Task("kinh_te_so", "Phổ biến thanh toán không dùng tiền mặt tại chợ và các hộ kinh doanh", "Phòng Kinh tế",
             "Các ngân hàng thương mại trên địa bàn", "2026-2027", 60, "Xã hội hóa"),
        Task("xa_hoi_so", team, "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên xã; Công an xã", "2026-2030", 150,
             "Ngân sách tỉnh, ngân sách xã"),
        Task("xa_hoi_so", villages, "Phòng Văn hóa - Xã hội", "Ban công tác Mặt trận các thôn", "2027-2028", 240,
             "Ngân sách xã, lồng ghép"),
        Task("xa_hoi_so", "Triển khai hồ sơ sức khỏe điện tử tại trạm y tế xã và học liệu số cho các trường học",
             "Trạm Y tế xã", "Các trường học trên địa bàn", "2026-2028", 180, "Ngân sách tỉnh, lồng ghép"),
    ]
    if spec.omit_one_stop:
        tasks[0].owner = "Văn phòng HĐND và UBND"
    if spec.district_department_owner is not None:
        tasks[spec.district_department_owner].owner = "Phòng Giáo dục và Đào tạo"
    if spec.defunct_owner is not None:
        tasks[spec.defunct_owner].owner = "Phòng Văn hóa và Thông tin huyện"
    if spec.defunct_partner is not None:
        tasks[spec.defunct_partner].partner = "Công an huyện; Hội Nông dân xã"
    return tasks


def _province_tasks(spec: LevelSpec) -> list[Task]:
    communes = "UBND các xã, phường" if not spec.omit_commune_coverage else "Các sở, ngành"
    tasks = [
        Task("chinh_quyen_so", "Vận hành Hệ thống thông tin giải quyết thủ tục hành chính thống nhất từ tỉnh đến "
             "các Trung tâm Phục vụ hành chính công", "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ",
             "2026-2027", 4200, "Ngân sách tỉnh"),
        Task("chinh_quyen_so", "Hợp nhất cơ sở dữ liệu chuyên ngành của hai tỉnh cũ vào kho dữ liệu số của tỉnh",
             "Sở Khoa học và Công nghệ", "Các sở, ngành", "2026-2028", 9500, "Ngân sách tỉnh"),
        Task("kinh_te_so", "Hỗ trợ doanh nghiệp nhỏ và vừa, hợp tác xã chuyển đổi số và tham gia thương mại điện "
             "tử", "Sở Công Thương", "Hiệp hội Doanh nghiệp tỉnh", "2026-2030", 3000, "Ngân sách tỉnh, xã hội hóa"),
        Task("kinh_te_so", "Phát triển du lịch thông minh, số hóa di tích và bản đồ du lịch số", "Sở Văn hóa, Thể "
             "thao và Du lịch", "Các doanh nghiệp du lịch", "2027-2029", 2500, "Ngân sách tỉnh, xã hội hóa"),
        Task("xa_hoi_so", "Kiện toàn tổ công nghệ số cộng đồng và triển khai phong trào Bình dân học vụ số",
             "Sở Khoa học và Công nghệ", communes, "2026-2030", 1800, "Ngân sách tỉnh, ngân sách xã"),
        Task("xa_hoi_so", "Triển khai hồ sơ sức khỏe điện tử và học bạ số trong toàn tỉnh", "Sở Y tế",
             "Sở Giáo dục và Đào tạo", "2026-2028", 5200, "Ngân sách tỉnh, lồng ghép"),
    ]
    if spec.defunct_owner is not None:
        tasks[spec.defunct_owner].owner = "UBND các huyện, thị xã, thành phố"
    if spec.defunct_partner is not None:
        tasks[spec.defunct_partner].partner = "Trung tâm Văn hóa - Thông tin các huyện"
    return tasks


def planned_tasks(spec: LevelSpec) -> list[Task]:
    return _commune_tasks(spec) if spec.level == "xa" else _province_tasks(spec)


# --------------------------------------------------------------------------- the draft


def _header(spec: LevelSpec, place: str) -> list[Item]:
    issuer = f"{spec.unit_kind} {spec.name}".upper()
    date = f"{place}, ngày 12 tháng {spec.plan_month} năm {spec.plan_year}"
    number = "Số: /KH-UBND"  # a draft: the number is given when the plan is signed
    if spec.header == "table":
        return [Item("table", rows=[["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                                    [issuer, "Độc lập - Tự do - Hạnh phúc"], [number, date]])]
    if spec.header == "lines":
        return [Item("front", "ỦY BAN NHÂN DÂN"), Item("front", issuer),
                Item("front", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Item("front", "Độc lập - Tự do - Hạnh phúc"),
                Item("front", number), Item("front", date)]
    return [Item("front", f"ỦY BAN NHÂN DÂN {issuer}"), Item("front", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            Item("front", "Độc lập - Tự do - Hạnh phúc"), Item("front", date)]


def _bases(spec: LevelSpec) -> list[Item]:
    p = spec.province
    lines = [
        "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;",
        "Luật Giao dịch điện tử số 20/2023/QH15 ngày 22/6/2023;",
        "Luật Dữ liệu số 60/2024/QH15 ngày 30/11/2024;",
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi "
        "mới sáng tạo và chuyển đổi số quốc gia;",
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc "
        "gia đến năm 2025, định hướng đến năm 2030;",
        "Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển Chính phủ "
        "điện tử hướng tới Chính phủ số giai đoạn 2021-2025, định hướng đến năm 2030;",
        "Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia phát triển "
        "kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030;",
        f"Nghị quyết số 06-NQ/TU ngày 15/7/2021 của Ban Chấp hành Đảng bộ tỉnh {p} về chuyển đổi số tỉnh {p} giai "
        "đoạn 2021-2025, định hướng đến năm 2030.",
    ]
    return [Item("bullet", f"- {line}") for line in lines]


def _task_table(tasks: list[Task]) -> Item:
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
             "Kinh phí (triệu đồng)", "Nguồn vốn"]]
    groups, n = [], 0
    roman = ["I", "II", "III"]
    for g, pillar in enumerate(p for p in PILLAR_TITLES if any(t.pillar == p for t in tasks)):
        groups.append(len(rows))
        rows.append([roman[g], PILLAR_TITLES[pillar], "", "", "", "", ""])
        for t in (t for t in tasks if t.pillar == pillar):
            n += 1
            rows.append([str(n), t.text, t.owner, t.partner, t.time, money(t.budget), t.source])
    total = sum(t.budget for t in tasks)
    rows.append(["", "Tổng cộng", "", "", "", money(total), ""])
    return Item("table", rows=rows, group_rows=tuple(groups))


def build_items(spec: LevelSpec) -> list[Item]:
    commune = spec.level == "xa"
    unit = f"{spec.unit_kind} {spec.name}"
    p, y = spec.province, spec.plan_year
    tasks = planned_tasks(spec)
    place = spec.name
    title = (f"Chuyển đổi số {unit} năm {y} và giai đoạn {y}-2030" if commune
             else f"Chuyển đổi số tỉnh {p} giai đoạn {y}-2030")
    items = [Item("front", SYNTHETIC_NOTE), *_header(spec, place),
             Item("title", "KẾ HOẠCH"),
             Item("title", title),
             Item("heading", "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", 1),
             *_bases(spec)]
    if commune:
        status = [
            Item("para", (f"{unit[:1].upper()}{unit[1:]}, tỉnh {p}" if spec.stale else
                          f"Sau sắp xếp đơn vị hành chính, {unit} thuộc tỉnh {p} (tỉnh {p} hợp nhất tỉnh "
                          f"{spec.merged_from} và tỉnh {p} từ ngày 01/7/2025)")
                 + " có diện tích 48,6 km2, 9 thôn và 3 tổ dân phố với 5.240 hộ dân. Năm 2025, chỉ số chuyển đổi "
                 "số của xã theo bộ chỉ số của tỉnh đạt 0,52 điểm, xếp thứ 14/62 xã, phường."),
            Item("para", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình năm 2025 "
                 "đạt 58%. Có 40% hộ sản xuất, hợp tác xã đã đưa sản phẩm lên sàn thương mại điện tử. Tỷ lệ người "
                 "dân trưởng thành có danh tính số đạt 72%."),
            Item("para", "Điểm mạnh: cấp ủy, chính quyền quan tâm chỉ đạo; sóng di động 4G phủ khắp địa bàn. Hạn chế: "
                 "thiết bị tại trụ sở mới sau sắp xếp còn thiếu; nhiều người cao tuổi chưa có kỹ năng số."),
        ]
    else:
        status = [
            Item("para", (f"Tỉnh {p}" if spec.stale else f"Tỉnh {p} sau hợp nhất với tỉnh {spec.merged_from} từ "
                          "ngày 01/7/2025") + " có 96 đơn vị hành chính cấp xã (81 xã, 13 phường, 2 đặc khu). Năm "
                 "2025, chỉ số chuyển đổi số (DTI) của tỉnh theo bộ chỉ số của Bộ Khoa học và Công nghệ đạt 0,61 "
                 "điểm, xếp thứ 18/34 tỉnh, thành phố."),
            Item("para", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình năm 2025 "
                 "đạt 62%. Có 35% doanh nghiệp nhỏ và vừa sử dụng nền tảng số. Tỷ lệ người dân trưởng thành có "
                 "danh tính số đạt 74%."),
            Item("para", "Điểm mạnh: hạ tầng viễn thông phát triển; đội ngũ công chức trẻ. Hạn chế: dữ liệu của hai "
                 "tỉnh cũ chưa được hợp nhất; nhân lực công nghệ thông tin ở cấp xã còn mỏng."),
        ]
    items += [Item("heading", "II. ĐÁNH GIÁ THỰC TRẠNG CHUYỂN ĐỔI SỐ", 1), *status]

    # objectives
    if commune:
        targets = [
            "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt 80%.",
            "Tối thiểu 60% hộ sản xuất, hợp tác xã đưa sản phẩm lên sàn thương mại điện tử.",
            "Tỷ lệ người dân trưởng thành có danh tính số đạt 90%.",
        ]
        general = (f"Xây dựng chính quyền số {unit} phục vụ người dân, phát triển kinh tế số và xã hội số; đưa "
                   "dịch vụ số đến từng hộ gia đình"
                   + (", từng thôn, tổ dân phố." if not spec.omit_villages else "."))
    else:
        targets = [
            "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt 85%.",
            "Có 75% doanh nghiệp nhỏ và vừa sử dụng nền tảng số.",
            "Tỷ lệ người dân trưởng thành có danh tính số đạt 92%.",
        ]
        general = (f"Phát triển đồng bộ chính quyền số, kinh tế số, xã hội số tỉnh {p}"
                   + ("; UBND các xã, phường, đặc khu vận hành chính quyền số thông suốt." if not
                      spec.omit_commune_coverage else "."))
    items += [
        Item("heading", "III. MỤC TIÊU", 1),
        Item("heading", "1. Mục tiêu chung", 2),
        Item("para", general),
        Item("heading", "2. Mục tiêu cụ thể đến năm 2030", 2),
        *[Item("bullet", f"- {t}") for t in targets],
        Item("heading", "IV. NHIỆM VỤ, GIẢI PHÁP", 1),
    ]
    texts = _solution_texts(spec)
    for n, pillar in enumerate(PILLAR_TITLES, start=1):
        items += [Item("heading", f"{n}. {PILLAR_TITLES[pillar]}", 2), Item("para", texts[pillar])]
    items += [Item("heading", "4. Danh mục nhiệm vụ trọng tâm", 2), _task_table(tasks)]
    total = sum(t.budget for t in tasks)
    sources = "ngân sách tỉnh, ngân sách xã" if commune else "ngân sách tỉnh, ngân sách xã"
    items += [
        Item("heading", "V. KINH PHÍ THỰC HIỆN", 1),
        Item("para", f"Tổng kinh phí dự kiến thực hiện Kế hoạch là {money(total)} triệu đồng, từ {sources}, nguồn "
             "xã hội hóa và lồng ghép các chương trình mục tiêu."),
        Item("heading", "VI. TỔ CHỨC THỰC HIỆN", 1),
        *_organisation(spec),
    ]
    return items


def _solution_texts(spec: LevelSpec) -> dict[str, str]:
    unit = f"{spec.unit_kind} {spec.name}"
    if spec.level == "xa":
        one_stop = ("Trung tâm Phục vụ hành chính công của xã bố trí hướng dẫn viên hỗ trợ người dân nộp hồ sơ trực "
                    "tuyến, số hóa kết quả giải quyết thủ tục hành chính. " if not spec.omit_one_stop else
                    "Các bộ phận chuyên môn cập nhật dữ liệu lên các hệ thống dùng chung của tỉnh. ")
        team = ("Tổ công nghệ số cộng đồng ở xã và ở từng thôn, tổ dân phố thực hiện phương châm đi từng ngõ, gõ "
                "từng nhà, hướng dẫn từng người. " if not spec.omit_community_team and not spec.omit_villages else
                "Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng ứng dụng số. "
                if not spec.omit_community_team else "Đoàn Thanh niên hướng dẫn người dân sử dụng ứng dụng số. ")
        villages = ("Mỗi thôn, tổ dân phố có ít nhất một điểm hỗ trợ người dân truy cập dịch vụ công trực tuyến. "
                    if not spec.omit_villages else "")
        return {
            "chinh_quyen_so": f"Xây dựng chính quyền số {unit} lấy người dân làm trung tâm. {one_stop}Sử dụng chữ "
                              "ký số, hồ sơ công việc trên môi trường điện tử. Kết nối, chia sẻ dữ liệu dân cư với "
                              "các cơ sở dữ liệu của tỉnh.",
            "kinh_te_so": "Phát triển kinh tế số gắn với nông nghiệp và du lịch cộng đồng. Hỗ trợ hợp tác xã, hộ "
                          "sản xuất bán nông sản trên sàn thương mại điện tử. Khuyến khích thanh toán không dùng "
                          "tiền mặt tại chợ.",
            "xa_hoi_so": f"Phát triển xã hội số, hình thành công dân số. {team}{villages}Đẩy mạnh y tế số tại trạm y "
                         "tế xã và giáo dục số tại các trường học.",
        }
    communes = ("UBND các xã, phường, đặc khu bố trí công chức phụ trách chuyển đổi số và vận hành Trung tâm Phục "
                "vụ hành chính công cấp xã. " if not spec.omit_commune_coverage else "")
    return {
        "chinh_quyen_so": "Hoàn thiện chính quyền số của tỉnh sau hợp nhất, thống nhất các hệ thống thông tin dùng "
                          f"chung. {communes}Vận hành nền tảng tích hợp, chia sẻ dữ liệu và kho dữ liệu dùng chung.",
        "kinh_te_so": "Phát triển kinh tế số, hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số. Phát triển thương mại "
                      "điện tử, du lịch thông minh và nông nghiệp số gắn với truy xuất nguồn gốc.",
        "xa_hoi_so": "Phát triển xã hội số, phổ cập kỹ năng số qua phong trào Bình dân học vụ số. Duy trì tổ công "
                     "nghệ số cộng đồng; đẩy mạnh y tế số và giáo dục số trong toàn tỉnh.",
    }


def _organisation(spec: LevelSpec) -> list[Item]:
    if spec.level == "xa":
        items = [
            Item("heading", "1. Phòng Văn hóa - Xã hội", 2),
            Item("para", "Là cơ quan thường trực, tham mưu UBND xã tổ chức triển khai Kế hoạch; theo dõi, tổng hợp, "
                 "báo cáo kết quả định kỳ."),
            Item("heading", "2. Trưởng thôn, tổ trưởng tổ dân phố", 2),
            Item("para", "Phối hợp tổ công nghệ số cộng đồng tuyên truyền, vận động người dân tham gia."),
        ]
        if spec.defunct_duty:
            items.append(Item("para", "Đề nghị UBND huyện hỗ trợ kinh phí mua sắm trang thiết bị cho Trung tâm Phục "
                              "vụ hành chính công."))
        return items
    items = [
        Item("heading", "1. Sở Khoa học và Công nghệ", 2),
        Item("para", "Là cơ quan thường trực, tham mưu UBND tỉnh tổ chức triển khai Kế hoạch; hướng dẫn, đôn đốc, "
             "tổng hợp kết quả."),
    ]
    if not spec.omit_commune_duties:
        items += [Item("heading", "2. UBND các xã, phường, đặc khu", 2),
                  Item("para", "Xây dựng kế hoạch chuyển đổi số hằng năm của địa phương; bố trí nguồn lực và công "
                       "chức phụ trách.")]
    if spec.defunct_duty:
        items.append(Item("para", "UBND các huyện, thị xã, thành phố chỉ đạo các phòng chuyên môn phối hợp thực hiện."))
    return items


# --------------------------------------------------------------------------- ground truth and writers


def expected_findings(spec: LevelSpec) -> dict[str, int]:
    """How many findings each level rule must raise on the draft of ``spec``."""
    exp: dict[str, int] = {}

    def add(rule: str, n: int | bool = 1) -> None:
        if n:
            exp[rule] = exp.get(rule, 0) + int(n)

    post = (spec.plan_year, spec.plan_month) >= (2025, 7)
    if spec.level == "xa":
        add("COMMUNE-01", spec.omit_villages)
        add("COMMUNE-02", spec.omit_community_team)
        add("COMMUNE-03", spec.omit_one_stop)
        add("COMMUNE-04", spec.district_department_owner is not None)
    else:
        add("SCOPE-01", spec.omit_commune_coverage)
        add("PROVINCE-02", spec.omit_commune_duties)
    add("REFORM-02", post and spec.stale)
    if post:
        defunct_tasks = {i for i in (spec.defunct_owner, spec.defunct_partner) if i is not None}
        add("REFORM-01", len(defunct_tasks) + spec.defunct_duty)
    return exp


def _pdf_header(items: list[Item]) -> list[Item]:
    """A two-column header as a PDF's text reads it: each line of both columns side by side."""
    out = []
    for it in items:
        if it.kind == "table" and len(it.rows[0]) == 2:
            out += [Item("front", "      ".join(row)) for row in it.rows]
        else:
            out.append(it)
    return out


def write_level_draft(spec: LevelSpec, path: Path) -> Path:
    """Write the draft in the format its extension names (.docx, .pdf, .txt)."""
    path = Path(path)
    items = build_items(spec)
    if path.suffix == ".pdf":
        items = _pdf_header(items)
    return write_items(items, path)


if __name__ == "__main__":  # python planreview_testing/gen_levels.py OUT_DIR: a clean commune, ward and province draft
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "level-drafts")
    out.mkdir(parents=True, exist_ok=True)
    drafts = {"ke-hoach-cds-xa-tan-lac-son-2026": commune_spec(),
              "ke-hoach-cds-xa-tan-lac-son-2026-loi": commune_spec(omit_villages=True, district_department_owner=2,
                                                                  defunct_owner=4, defunct_duty=True),
              "ke-hoach-cds-phuong-hoa-lac-tay-2026": commune_spec(unit_kind="phường", name="Hòa Lạc Tây",
                                                                   header="lines"),
              "ke-hoach-cds-tinh-thanh-lam-2026-2030": province_spec()}
    for stem, spec in drafts.items():
        for fmt in ("docx", "pdf", "txt"):
            print(write_level_draft(spec, out / f"{stem}.{fmt}"))
