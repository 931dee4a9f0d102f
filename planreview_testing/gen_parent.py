"""A provincial plan and the commune/ward plans that carry it out (or not), with ground truth (issue 34).

    python -m planreview_testing.gen_parent [OUT_DIR]     # default tests/data/parent/

Shapes from published provincial plans 2026–2030 (a task appendix "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan
phối hợp | Thời gian | Kinh phí" with rows led by "UBND các xã, phường" / "UBND cấp xã" or naming them as partners,
commune-level targets "100% xã, phường có …" among the province's) and from commune plans that cite the
province's plan in their bases and take its assignments up in their own words. Every place is fictional
(tỉnh Ninh Lạc); the wording is ours.

* ``p00-ke-hoach-tinh-ninh-lac-2026.docx`` the parent: 19 tasks, 14 assigned to the commune level (9 led by it,
  5 as partner), 8 targets, 5 of them for the commune level;
* ``c01``…``c06`` commune and ward plans: all assignments taken up (a clean one), some, none; targets equal,
  lower, later or missing; own extra tasks whose words overlap the province's (never to be flagged).

Each ``cNN….truth.yaml`` says, per parent assignment, ``taken_up`` (with the draft task's text) or
``not_taken_up``, and per commune-level parent target ``ok | lower | later | lower_later | missing``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planreview_testing.word_ooxml import Cell, Package, Par, Row, Run, Tbl, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "data" / "parent"
PROVINCE = "Ninh Lạc"
PARENT_NUMBER = "215/KH-UBND"
PARENT_DATE = "20/01/2026"
PARENT_TITLE = f"Kế hoạch chuyển đổi số tỉnh {PROVINCE} giai đoạn 2026 - 2030"
PARENT_FILE = "p00-ke-hoach-tinh-ninh-lac-2026.docx"


@dataclass(frozen=True)
class ParentTask:
    key: str  # P01 … (assigned to the commune level) or X01 … (the province's own)
    group: str
    text: str
    owner: str
    partners: str
    time: str
    money: int  # million đồng
    role: str = ""  # chu_tri | phoi_hop | "" (not the commune level's)


G1, G2, G3, G4 = ("I. Hạ tầng số và dữ liệu số", "II. Chính quyền số", "III. Kinh tế số", "IV. Xã hội số")
XA = "UBND các xã, phường"
PARENT_TASKS = [
    ParentTask("P01", G1, "Nâng cấp mạng nội bộ (LAN), kết nối mạng truyền số liệu chuyên dùng cấp IV đến trụ sở "
               "UBND các xã, phường", XA, "Sở Khoa học và Công nghệ", "2026 - 2027", 12000, "chu_tri"),
    ParentTask("X01", G1, "Xây dựng Trung tâm dữ liệu tỉnh, chuyển các hệ thống thông tin dùng chung lên nền tảng "
               "điện toán đám mây", "Sở Khoa học và Công nghệ", "Các doanh nghiệp viễn thông", "2026 - 2028", 85000),
    ParentTask("P02", G1, "Phủ sóng di động 4G/5G và Internet cáp quang đến 100% thôn, tổ dân phố, ưu tiên vùng "
               "sâu, vùng xa", "Sở Khoa học và Công nghệ", f"Các doanh nghiệp viễn thông; {XA}", "2026 - 2030", 0,
               "phoi_hop"),
    ParentTask("P03", G1, "Số hóa sổ hộ tịch, hồ sơ, giấy tờ kết quả giải quyết thủ tục hành chính còn hiệu lực "
               "tại cấp xã", "UBND cấp xã", "Sở Tư pháp", "2026 - 2027", 9500, "chu_tri"),
    ParentTask("P04", G1, "Cập nhật, làm sạch dữ liệu đất đai; kết nối cơ sở dữ liệu đất đai với Cơ sở dữ liệu "
               "quốc gia về dân cư", "Sở Nông nghiệp và Môi trường", f"Công an tỉnh; {XA}", "2026 - 2028", 30000,
               "phoi_hop"),
    ParentTask("P05", G2, "Triển khai hệ thống quản lý văn bản và điều hành, ký số trên thiết bị di động cho "
               "100% cán bộ, công chức cấp xã", XA, "Văn phòng UBND tỉnh", "2026", 3000, "chu_tri"),
    ParentTask("P06", G2, "Vận hành Bộ phận Một cửa cấp xã gắn với Hệ thống thông tin giải quyết thủ tục hành "
               "chính của tỉnh; hướng dẫn người dân nộp hồ sơ trực tuyến", XA,
               "Văn phòng UBND tỉnh; Trung tâm Phục vụ hành chính công tỉnh", "2026 - 2030", 6000, "chu_tri"),
    ParentTask("X02", G2, "Xây dựng Hệ thống thông tin báo cáo của tỉnh, kết nối với Hệ thống thông tin báo cáo "
               "Chính phủ", "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ", "2026 - 2027", 7000),
    ParentTask("X03", G2, "Mở rộng Trung tâm giám sát, điều hành thông minh (IOC) cấp tỉnh với các dịch vụ giao "
               "thông, môi trường, y tế", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành", "2027 - 2029", 40000),
    ParentTask("P07", G2, "Bảo đảm an toàn thông tin theo cấp độ cho hệ thống thông tin, trang thông tin điện tử "
               "của UBND cấp xã; cài đặt phần mềm phòng, chống mã độc cho máy trạm", "UBND cấp xã",
               "Công an tỉnh; Sở Khoa học và Công nghệ", "2026 - 2030", 4500, "chu_tri"),
    ParentTask("P08", G3, "Hỗ trợ hộ sản xuất, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử",
               "Sở Công Thương", XA, "2026 - 2030", 5000, "phoi_hop"),
    ParentTask("X04", G3, "Hỗ trợ hình thành, phát triển doanh nghiệp công nghệ số của tỉnh",
               "Sở Khoa học và Công nghệ", "Hiệp hội doanh nghiệp tỉnh", "2026 - 2030", 15000),
    ParentTask("P09", G3, "Đẩy mạnh thanh toán không dùng tiền mặt tại chợ, trường học, cơ sở y tế trên địa bàn "
               "xã, phường", XA, "Ngân hàng Nhà nước chi nhánh Khu vực 7; các ngân hàng thương mại", "2026 - 2030",
               0, "chu_tri"),
    ParentTask("P10", G4, "Kiện toàn, duy trì hoạt động tổ công nghệ số cộng đồng ở thôn, tổ dân phố; bồi dưỡng kỹ "
               "năng cho thành viên tổ", XA, "Sở Khoa học và Công nghệ; Tỉnh đoàn", "2026 - 2030", 8000, "chu_tri"),
    ParentTask("P11", G4, "Phổ cập kỹ năng số cho người dân qua nền tảng học trực tuyến mở đại trà (MOOCs), "
               "phong trào Bình dân học vụ số", "Sở Khoa học và Công nghệ", f"Sở Giáo dục và Đào tạo; {XA}",
               "2026 - 2030", 6000, "phoi_hop"),
    ParentTask("P12", G4, "Triển khai hồ sơ sức khỏe điện tử, khám chữa bệnh bằng căn cước điện tử tại trạm y tế",
               "Sở Y tế", XA, "2026 - 2027", 12000, "phoi_hop"),
    ParentTask("P13", G4, "Duy trì chuyên mục chuyển đổi số trên hệ thống truyền thanh cơ sở và trang thông tin "
               "điện tử; cấp xã thực hiện tuyên truyền hằng tháng", "Sở Văn hóa, Thể thao và Du lịch", "",
               "2026 - 2030", 2000, "chu_tri"),
    ParentTask("X05", G4, "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức cấp tỉnh", "Sở Nội vụ",
               "Sở Khoa học và Công nghệ", "2026 - 2030", 4000),
    ParentTask("P14", G4, "Bồi dưỡng kỹ năng số, an toàn thông tin cho cán bộ, công chức cấp xã", XA, "Sở Nội vụ",
               "2026 - 2028", 3500, "chu_tri"),
]
ASSIGNED = [t for t in PARENT_TASKS if t.role]


@dataclass(frozen=True)
class ParentTarget:
    key: str
    text: str  # as the parent writes it (a list item under "Đến năm 2030")
    value: float
    year: int
    commune: bool  # set for the commune level


PARENT_TARGETS = [
    ParentTarget("T1", "Đến năm 2028, 100% xã, phường có tổ công nghệ số cộng đồng hoạt động thường xuyên.",
                 100, 2028, True),
    ParentTarget("T2", "95% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng (trừ hồ sơ mật).", 95, 2030,
                 True),
    ParentTarget("T3", "Đến năm 2027, 100% cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số cơ bản.", 100, 2027,
                 True),
    ParentTarget("T4", "80% hộ gia đình tại các xã, phường có kết nối Internet băng rộng cáp quang.", 80, 2030,
                 True),
    ParentTarget("T5", "Đến năm 2028, 100% thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã đủ điều kiện "
                 "được cung cấp dịch vụ công trực tuyến toàn trình.", 100, 2028, True),
    ParentTarget("T6", "70% dân số trưởng thành có tài khoản thanh toán điện tử.", 70, 2030, False),
    ParentTarget("T7", "100% cơ quan, đơn vị cấp tỉnh kết nối, chia sẻ dữ liệu với Trung tâm giám sát, điều hành "
                 "thông minh.", 100, 2030, False),
    ParentTarget("T8", "Kinh tế số chiếm tỷ trọng 25% GRDP của tỉnh.", 25, 2030, False),
]
COMMUNE_TARGETS = [t for t in PARENT_TARGETS if t.commune]

# each assignment in two of a commune's own wordings (A: a ward's, B: a commune's; {u} = the unit's kind)
WORDINGS: dict[str, tuple[str, str]] = {
    "P01": ("Hoàn thiện mạng LAN tại trụ sở UBND {u}, kết nối mạng truyền số liệu chuyên dùng cấp IV",
            "Đầu tư nâng cấp hạ tầng mạng nội bộ của trụ sở {u} và đường truyền số liệu chuyên dùng của cơ quan "
            "Đảng, Nhà nước"),
    "P02": ("Phối hợp doanh nghiệp viễn thông phủ sóng 4G/5G, kéo cáp quang đến các khu phố còn lõm sóng",
            "Phối hợp với các nhà mạng đưa Internet cáp quang và sóng di động đến toàn bộ thôn, xóa vùng lõm sóng"),
    "P03": ("Số hóa dữ liệu hộ tịch và kết quả giải quyết thủ tục hành chính còn hiệu lực của {u}",
            "Chuyển sổ hộ tịch giấy, giấy tờ kết quả thủ tục hành chính lưu tại {u} sang dạng số, cập nhật vào cơ "
            "sở dữ liệu"),
    "P04": ("Phối hợp rà soát, làm sạch dữ liệu đất đai trên địa bàn {u} phục vụ kết nối với Cơ sở dữ liệu quốc "
            "gia về dân cư",
            "Tham gia chỉnh lý, cập nhật dữ liệu đất đai của {u} để đồng bộ với Cơ sở dữ liệu quốc gia về dân cư"),
    "P05": ("Sử dụng phần mềm quản lý văn bản và điều hành, ký số trên điện thoại cho toàn bộ cán bộ, công chức {u}",
            "Cấp chữ ký số cá nhân, xử lý văn bản đi, đến trên hệ thống quản lý văn bản và điều hành cho 100% công "
            "chức {u}, kể cả trên thiết bị di động"),
    "P06": ("Duy trì Bộ phận Một cửa {u} kết nối Hệ thống thông tin giải quyết thủ tục hành chính tỉnh; bố trí công "
            "chức hướng dẫn người dân nộp hồ sơ trực tuyến",
            "Tổ chức tiếp nhận, trả kết quả thủ tục hành chính tại Bộ phận Một cửa {u} trên hệ thống giải quyết "
            "TTHC của tỉnh, hỗ trợ người dân làm dịch vụ công trực tuyến"),
    "P07": ("Triển khai phương án bảo đảm an toàn thông tin theo cấp độ cho trang thông tin điện tử {u}; cài phần "
            "mềm phòng, chống mã độc trên máy tính của công chức",
            "Trang bị phần mềm diệt virus, phòng chống mã độc cho máy trạm, xây dựng hồ sơ cấp độ an toàn hệ thống "
            "thông tin của {u}"),
    "P08": ("Phối hợp hướng dẫn hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP của {u} lên sàn thương mại điện tử",
            "Phối hợp hỗ trợ hợp tác xã, hộ sản xuất đăng ký gian hàng, bán sản phẩm OCOP của {u} trên các sàn "
            "thương mại điện tử"),
    "P09": ("Đẩy mạnh thanh toán không dùng tiền mặt tại chợ, trường học, trạm y tế trên địa bàn {u}",
            "Xây dựng mô hình chợ, trường học, trạm y tế chấp nhận thanh toán bằng mã QR, không dùng tiền mặt"),
    "P10": ("Kiện toàn tổ công nghệ số cộng đồng ở các khu phố, tập huấn kỹ năng cho thành viên",
            "Củng cố, duy trì hoạt động của các tổ công nghệ số cộng đồng tại thôn; bồi dưỡng nghiệp vụ cho tổ viên"),
    "P11": ("Phối hợp phổ cập kỹ năng số cho người dân qua nền tảng MOOCs, phong trào Bình dân học vụ số",
            "Phối hợp tổ chức các lớp Bình dân học vụ số, hướng dẫn người dân tự học kỹ năng số trên nền tảng học "
            "trực tuyến mở"),
    "P12": ("Phối hợp với Trạm Y tế triển khai hồ sơ sức khỏe điện tử, khám chữa bệnh bằng căn cước điện tử",
            "Phối hợp vận động người dân lập hồ sơ sức khỏe điện tử, dùng căn cước điện tử khi khám bệnh tại trạm y "
            "tế {u}"),
    "P13": ("Tuyên truyền về chuyển đổi số hằng tháng trên hệ thống truyền thanh cơ sở và chuyên mục trên trang thông "
            "tin điện tử {u}",
            "Phát sóng chuyên mục chuyển đổi số trên đài truyền thanh {u}, đăng tin bài trên trang thông tin điện tử "
            "của {u}"),
    "P14": ("Cử cán bộ, công chức {u} tham gia các lớp bồi dưỡng kỹ năng số, kỹ năng bảo đảm an toàn thông tin",
            "Tổ chức tập huấn kỹ năng số, an toàn thông tin cho cán bộ, công chức, người hoạt động không chuyên "
            "trách của {u}"),
}
# a commune's own tasks: words shared with the province's, another object (never a take-up)
EXTRAS: dict[str, str] = {
    "E1": "Số hóa tài liệu lưu trữ lịch sử của Đảng ủy {u} giai đoạn 1990 - 2020",
    "E2": "Lắp đặt camera giám sát an ninh trật tự tại các trục đường chính, kết nối về Công an {u}",
    "E3": "Xây dựng bản đồ số các điểm du lịch cộng đồng, di tích lịch sử của {u}",
    "E4": "Trang bị hệ thống họp trực tuyến cho phòng họp UBND {u} và nhà văn hóa các thôn",
    "E5": "Hỗ trợ nông dân ứng dụng nhật ký điện tử, truy xuất nguồn gốc cho vùng trồng bưởi",
    "E6": "Tổ chức Ngày hội chuyển đổi số của {u} hằng năm vào dịp 10 tháng 10",
    "E7": "Nâng cấp giao diện trang thông tin điện tử của {u} để truy cập thuận tiện trên điện thoại",
}
# a commune's own targets (not the province's indicators)
OWN_TARGETS = [
    "Đến năm 2030, 100% thôn, tổ dân phố có loa truyền thanh ứng dụng công nghệ thông tin - viễn thông.",
    "Đến năm 2030, 60% hộ sản xuất nông nghiệp được hướng dẫn ghi nhật ký sản xuất điện tử.",
]
# the commune's wording of each commune-level target (value and year filled per commune)
TARGET_WORDINGS = {
    "T1": "{v}% thôn, tổ dân phố có tổ công nghệ số cộng đồng hoạt động thường xuyên",
    "T2": "{v}% văn bản, hồ sơ công việc của UBND {u} được giải quyết trên môi trường điện tử (trừ hồ sơ mật)",
    "T3": "{v}% cán bộ, công chức {u} được bồi dưỡng kỹ năng số cơ bản",
    "T4": "{v}% hộ gia đình trên địa bàn {u} có kết nối Internet băng rộng cáp quang",
    "T5": "{v}% thủ tục hành chính thuộc thẩm quyền của {u} đủ điều kiện được cung cấp dịch vụ công trực tuyến "
          "toàn trình",
}


@dataclass
class Commune:
    code: str
    kind: str  # xã | phường
    name: str
    wording: int  # 0: A, 1: B
    taken: list[str]  # assignment keys it takes up
    extras: list[str]
    targets: dict[str, tuple[float, int] | None]  # T key → (value, year) or None (missing)
    prose: bool = False  # tasks as a prose list instead of a table
    note: str = ""
    own: list[str] = field(default_factory=lambda: list(OWN_TARGETS))

    @property
    def unit(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def file(self) -> str:
        slug = {"An Khê": "an-khe", "Tân Phong": "tan-phong", "Hòa Sơn": "hoa-son", "Bình Lộc": "binh-loc",
                "Đông Thành": "dong-thanh", "Vĩnh Hưng": "vinh-hung"}[self.name]
        kind = "phuong" if self.kind == "phường" else "xa"
        return f"{self.code}-ke-hoach-{kind}-{slug}-2026.docx"


ALL = [t.key for t in ASSIGNED]
LEADS = [t.key for t in ASSIGNED if t.role == "chu_tri"]
COMMUNES = [
    Commune("c01", "phường", "An Khê", 0, ALL, ["E2", "E3"],
            {"T1": (100, 2028), "T2": (95, 2030), "T3": (100, 2027), "T4": (85, 2030), "T5": (100, 2028)},
            note="takes up every assignment, targets as high and as early: clean"),
    Commune("c02", "xã", "Tân Phong", 1, ["P01", "P03", "P05", "P06", "P10", "P13", "P08", "P11"], ["E1", "E5"],
            {"T1": (100, 2028), "T2": (90, 2030), "T3": (100, 2028), "T4": None, "T5": (100, 2027)},
            note="some assignments; one target lower, one later, one missing"),
    Commune("c03", "xã", "Hòa Sơn", 1, [], ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            {"T1": None, "T2": None, "T3": None, "T4": None, "T5": None},
            note="none of the assignments: its own tasks only, no target of the province's"),
    Commune("c04", "xã", "Bình Lộc", 1, ALL, ["E6"],
            {"T1": (100, 2030), "T2": (85, 2030), "T3": (100, 2027), "T4": (60, 2030), "T5": (100, 2030)},
            note="every assignment in other words; targets lower and later"),
    Commune("c05", "phường", "Đông Thành", 0, [k for k in ALL if k not in ("P04", "P07", "P12")],
            ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            {"T1": (100, 2027), "T2": (100, 2028), "T3": (100, 2026), "T4": (90, 2030), "T5": (100, 2028)},
            note="most assignments, many own tasks sharing the province's words; targets higher and earlier"),
    Commune("c06", "xã", "Vĩnh Hưng", 1, LEADS, ["E4"],
            {"T1": (100, 2028), "T2": (95, 2029), "T3": (100, 2027), "T4": None, "T5": (90, 2028)},
            prose=True, note="tasks in prose: every task it leads, none it only partners; one target lower"),
]

OWNERS = {"P01": "Văn phòng HĐND và UBND", "P02": "Phòng Kinh tế", "P03": "Phòng Văn hóa - Xã hội",
          "P04": "Phòng Kinh tế", "P05": "Văn phòng HĐND và UBND", "P06": "Trung tâm Phục vụ hành chính công",
          "P07": "Văn phòng HĐND và UBND", "P08": "Phòng Kinh tế", "P09": "Phòng Kinh tế",
          "P10": "Phòng Văn hóa - Xã hội", "P11": "Phòng Văn hóa - Xã hội", "P12": "Trạm Y tế",
          "P13": "Phòng Văn hóa - Xã hội", "P14": "Văn phòng HĐND và UBND", "E1": "Văn phòng Đảng ủy",
          "E2": "Công an", "E3": "Phòng Văn hóa - Xã hội", "E4": "Văn phòng HĐND và UBND", "E5": "Phòng Kinh tế",
          "E6": "Phòng Văn hóa - Xã hội", "E7": "Văn phòng HĐND và UBND"}
MONEY = {"P01": 450, "P02": 0, "P03": 320, "P04": 60, "P05": 80, "P06": 150, "P07": 90, "P08": 70, "P09": 50,
         "P10": 120, "P11": 60, "P12": 40, "P13": 45, "P14": 75, "E1": 210, "E2": 680, "E3": 150, "E4": 260,
         "E5": 90, "E6": 60, "E7": 55}


# --------------------------------------------------------------------------- Word parts


def _p(text: str, bold: bool = False, align: str = "both", style: str = "", italic: bool = False) -> Par:
    return Par([Run(text, bold=bold, italic=italic)], align=align, style=style, indent=align == "both")


def _h(text: str, level: int = 1) -> Par:
    return _p(text, bold=True, align="left", style=f"Heading{level}")


def _cell(text: str, width: float, bold: bool = False, align: str = "left") -> Cell:
    """A cell; each line its own paragraph, as the header block of a letterhead is typed."""
    return Cell([Par([Run(line, bold=bold)], align=align, indent=False, size=24) for line in text.split("\n")],
                width=width)


def _header(issuer: str, number: str, place_date: str, kind: str, title: str) -> list:
    widths = [6.5, 9.5]
    top = Tbl([Row([_cell(issuer, widths[0], True, "center"),
                    _cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", widths[1], True,
                          "center")]),
               Row([_cell(f"Số: {number}", widths[0], False, "center"),
                    Cell([Par([Run(place_date, italic=True)], align="center", indent=False, size=24)],
                         width=widths[1])])], widths, borders=False)
    return [top, _p(kind, bold=True, align="center"), _p(title, bold=True, align="center")]


def _task_table(rows: list[tuple[str, str, str, str, str, str]], widths: list[float], head: list[str]) -> Tbl:
    out = [Row([_cell(h, w, True, "center") for h, w in zip(head, widths)], header=True)]
    for r in rows:
        if r[1] and not r[0] and not any(r[2:]):  # a group row
            out.append(Row([Cell([Par([Run(r[1], bold=True)], align="left", indent=False, size=24)],
                                 span=len(widths), width=sum(widths))]))
        else:
            out.append(Row([_cell(c, w, align="center" if i in (0, 4, 5) else "left")
                            for i, (c, w) in enumerate(zip(r, widths))]))
    return Tbl(out, widths)


def _money(m: int) -> str:
    return f"{m:,}".replace(",", ".") if m else "Xã hội hóa"


# --------------------------------------------------------------------------- the parent


def parent_package() -> Package:
    body = _header(f"ỦY BAN NHÂN DÂN\nTỈNH {PROVINCE.upper()}", PARENT_NUMBER,
                   f"{PROVINCE}, ngày 20 tháng 01 năm 2026", "KẾ HOẠCH",
                   f"Chuyển đổi số tỉnh {PROVINCE} giai đoạn 2026 - 2030")
    body += [
        _p("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công "
           "nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;"),
        _p("Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành "
           "động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW;"),
        _p("Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển "
           "đổi số quốc gia đến năm 2025, định hướng đến năm 2030;"),
        _p(f"Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số tỉnh {PROVINCE} giai đoạn 2026 - 2030 như sau:"),
        _h("I. MỤC ĐÍCH, YÊU CẦU"),
        _p("Cụ thể hóa các nhiệm vụ chuyển đổi số của Trung ương phù hợp điều kiện của tỉnh sau khi sắp xếp đơn vị "
           "hành chính hai cấp; phân công rõ cơ quan chủ trì, thời hạn hoàn thành và sản phẩm của từng nhiệm vụ."),
        _p("Các sở, ban, ngành và UBND các xã, phường căn cứ Kế hoạch này xây dựng kế hoạch chuyển đổi số của cơ "
           "quan, địa phương mình, bảo đảm không thấp hơn các chỉ tiêu của tỉnh."),
        _h("II. MỤC TIÊU"),
        _h("1. Mục tiêu chung", 2),
        _p("Chính quyền số vận hành thông suốt từ tỉnh đến cơ sở; người dân, doanh nghiệp được phục vụ trên môi "
           "trường số; kinh tế số trở thành động lực tăng trưởng của tỉnh."),
        _h("2. Mục tiêu cụ thể đến năm 2030", 2),
    ]
    body += [_p(f"- {t.text}") for t in PARENT_TARGETS]
    body += [
        _h("III. NHIỆM VỤ, GIẢI PHÁP"),
        _p("Các nhiệm vụ, cơ quan chủ trì, phối hợp, thời gian và kinh phí được phân công tại Phụ lục kèm theo Kế "
           "hoạch này."),
        _h("IV. KINH PHÍ THỰC HIỆN"),
        _p("Kinh phí thực hiện từ ngân sách tỉnh, ngân sách xã theo phân cấp, lồng ghép các chương trình mục tiêu "
           "quốc gia và nguồn xã hội hóa; tổng kinh phí dự kiến 250.500 triệu đồng."),
        _h("V. TỔ CHỨC THỰC HIỆN"),
        _p("1. Sở Khoa học và Công nghệ là cơ quan thường trực, hướng dẫn, theo dõi, đôn đốc việc thực hiện Kế "
           "hoạch; tổng hợp kết quả báo cáo UBND tỉnh trước ngày 15 tháng 12 hằng năm."),
        _p("2. Sở Tài chính tham mưu bố trí kinh phí thực hiện các nhiệm vụ của Kế hoạch theo khả năng cân đối ngân "
           "sách."),
        _p("3. UBND các xã, phường ban hành kế hoạch chuyển đổi số của địa phương giai đoạn 2026 - 2030 trước ngày 31 "
           "tháng 3 năm 2026, cụ thể hóa các nhiệm vụ, chỉ tiêu được giao tại Kế hoạch này."),
        _p("PHỤ LỤC", bold=True, align="center"),
        _p(f"DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TỈNH {PROVINCE.upper()} GIAI ĐOẠN 2026 - 2030", bold=True,
           align="center"),
        _p(f"(Kèm theo Kế hoạch số {PARENT_NUMBER} ngày {PARENT_DATE} của UBND tỉnh {PROVINCE})", italic=True,
           align="center"),
    ]
    rows: list[tuple[str, str, str, str, str, str]] = []
    group = ""
    for n, t in enumerate(PARENT_TASKS, 1):
        if t.group != group:
            group = t.group
            rows.append(("", group, "", "", "", ""))
        rows.append((str(n), t.text, t.owner, t.partners, t.time, _money(t.money)))
    body.append(_task_table(rows, [1.0, 7.0, 3.2, 3.6, 2.0, 2.2],
                            ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
                             "Kinh phí (triệu đồng)"]))
    return Package(body=body, header_text=f"Kế hoạch chuyển đổi số tỉnh {PROVINCE} 2026 - 2030")


# --------------------------------------------------------------------------- the communes


def _task_rows(c: Commune) -> list[tuple[str, str, str]]:
    """(key, text, owner) in the commune's order: its share of the province's tasks by group, then its own."""
    u = c.unit
    rows = [(k, WORDINGS[k][c.wording].format(u=u), OWNERS[k]) for k in ALL if k in c.taken]
    rows += [(k, EXTRAS[k].format(u=u), OWNERS[k]) for k in c.extras]
    # the own tasks interleaved with the province's (real plans do not keep them apart)
    order = sorted(range(len(rows)), key=lambda i: (i * 7) % len(rows)) if rows else []
    return [rows[i] for i in order]


def _target_text(c: Commune, key: str, value: float, year: int) -> str:
    return f"Đến năm {year}, " + TARGET_WORDINGS[key].format(v=f"{value:g}", u=c.unit) + "."


def commune_package(c: Commune) -> Package:
    u, U = c.unit, c.unit.upper()
    body = _header(f"ỦY BAN NHÂN DÂN\n{U}", "18/KH-UBND", f"{c.name}, ngày 16 tháng 3 năm 2026", "KẾ HOẠCH",
                   f"Chuyển đổi số {u} giai đoạn 2026 - 2030")
    body += [
        _p(f"Thực hiện Kế hoạch số {PARENT_NUMBER} ngày {PARENT_DATE} của UBND tỉnh {PROVINCE} về chuyển đổi số "
           f"tỉnh {PROVINCE} giai đoạn 2026 - 2030; căn cứ tình hình thực tế của địa phương, UBND {u} ban hành Kế "
           "hoạch chuyển đổi số giai đoạn 2026 - 2030 như sau:"),
        _h("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH"),
        _p("- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
           "đổi mới sáng tạo và chuyển đổi số quốc gia;"),
        _p("- Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số "
           "quốc gia đến năm 2025, định hướng đến năm 2030;"),
        _p(f"- Kế hoạch số {PARENT_NUMBER} ngày {PARENT_DATE} của UBND tỉnh {PROVINCE} về chuyển đổi số tỉnh "
           f"{PROVINCE} giai đoạn 2026 - 2030."),
        _h("II. THỰC TRẠNG CHUYỂN ĐỔI SỐ"),
        _p(f"Năm 2025, 78% hồ sơ công việc của UBND {u} được xử lý trên môi trường mạng; 64% hộ gia đình có kết nối "
           "Internet cáp quang; 12/14 thôn, tổ dân phố có tổ công nghệ số cộng đồng; 70% cán bộ, công chức được bồi "
           "dưỡng kỹ năng số."),
        _p(f"Hạn chế: hạ tầng mạng tại trụ sở {u} đã xuống cấp; nhiều người cao tuổi chưa biết sử dụng dịch vụ công "
           "trực tuyến; kinh phí cho chuyển đổi số còn ít."),
        _h("III. MỤC TIÊU"),
        _h("1. Mục tiêu chung", 2),
        _p(f"Xây dựng chính quyền số {u} phục vụ người dân, doanh nghiệp; phát triển kinh tế số, xã hội số ở thôn, "
           "tổ dân phố."),
        _h("2. Chỉ tiêu cụ thể", 2),
    ]
    for t in COMMUNE_TARGETS:
        got = c.targets.get(t.key)
        if got is not None:
            body.append(_p("- " + _target_text(c, t.key, *got)))
    body += [_p(f"- {text}") for text in c.own]
    body.append(_h("IV. NHIỆM VỤ, GIẢI PHÁP"))
    rows = _task_rows(c)
    if c.prose:
        for n, (k, text, owner) in enumerate(rows, 1):
            years = "2026 - 2030" if k in ("P06", "P09", "P10", "E6") else "2026 - 2027"
            body.append(_p(f"{n}. {text}. {owner} {u} chủ trì, thực hiện năm {years}; kinh phí {MONEY[k]} triệu "
                           "đồng từ ngân sách xã."))
    else:
        body.append(_p("Các nhiệm vụ cụ thể, đơn vị chủ trì, thời gian và kinh phí tại bảng sau:"))
        table = [(str(n), text, f"{owner} {u}", "Các thôn, tổ dân phố" if k.startswith("E") else "",
                  "2026 - 2030" if k in ("P06", "P09", "P10", "E6") else "2026 - 2027", _money(MONEY[k]))
                 for n, (k, text, owner) in enumerate(rows, 1)]
        body.append(_task_table(table, [1.0, 7.4, 3.4, 2.6, 2.0, 1.8],
                                ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian",
                                 "Kinh phí (triệu đồng)"]))
    total = sum(MONEY[k] for k, _, _ in rows)
    body += [
        _h("V. KINH PHÍ THỰC HIỆN"),
        _p(f"Tổng kinh phí dự kiến {_money(total)} triệu đồng từ ngân sách xã, hỗ trợ của ngân sách tỉnh và nguồn "
           "xã hội hóa."),
        _h("VI. TỔ CHỨC THỰC HIỆN"),
        _p(f"Văn phòng HĐND và UBND {u} là đầu mối theo dõi, tổng hợp, báo cáo kết quả thực hiện Kế hoạch về UBND "
           "tỉnh (qua Sở Khoa học và Công nghệ) trước ngày 10 tháng 12 hằng năm."),
        _p("Các phòng chuyên môn, các thôn, tổ dân phố, tổ công nghệ số cộng đồng căn cứ nhiệm vụ được giao tổ chức "
           "thực hiện."),
    ]
    return Package(body=body, header_text=f"Kế hoạch chuyển đổi số {u}")


def commune_truth(c: Commune) -> dict:
    rows = {k: text for k, text, _ in _task_rows(c)}
    tasks = []
    for t in ASSIGNED:
        item = {"key": t.key, "parent_task": t.text, "role": t.role,
                "status": "taken_up" if t.key in c.taken else "not_taken_up"}
        if t.key in c.taken:
            item["draft_task"] = rows[t.key]
        tasks.append(item)
    targets = []
    for t in COMMUNE_TARGETS:
        got = c.targets.get(t.key)
        if got is None:
            status = "missing"
        else:
            lower, later = got[0] < t.value, got[1] > t.year
            status = "lower_later" if lower and later else "lower" if lower else "later" if later else "ok"
        targets.append({"key": t.key, "parent_target": t.text, "parent_value": t.value, "parent_year": t.year,
                        "status": status, **({"draft_value": got[0], "draft_year": got[1]} if got else {})})
    return {"draft": c.file, "parent": PARENT_FILE, "unit": c.unit, "note": c.note, "tasks": tasks,
            "targets": targets, "extras": [EXTRAS[k].format(u=c.unit) for k in c.extras]}


def parent_truth() -> dict:
    return {"parent": PARENT_FILE, "number": PARENT_NUMBER, "title": PARENT_TITLE,
            "assigned_to_commune_level": [{"key": t.key, "text": t.text, "role": t.role} for t in ASSIGNED],
            "not_assigned": [t.text for t in PARENT_TASKS if not t.role],
            "commune_targets": [{"key": t.key, "text": t.text, "value": t.value, "year": t.year}
                                for t in COMMUNE_TARGETS],
            "province_targets": [t.text for t in PARENT_TARGETS if not t.commune]}


def generate(out: Path, truth: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [write(parent_package(), out / PARENT_FILE)]
    for c in COMMUNES:
        written.append(write(commune_package(c), out / c.file))
    if truth:
        dump = {"allow_unicode": True, "sort_keys": False, "width": 120}
        (out / PARENT_FILE.replace(".docx", ".truth.yaml")).write_text(yaml.safe_dump(parent_truth(), **dump),
                                                                       encoding="utf-8")
        for c in COMMUNES:
            (out / c.file.replace(".docx", ".truth.yaml")).write_text(yaml.safe_dump(commune_truth(c), **dump),
                                                                      encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?", default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
