"""Write the realistic evaluation corpus (drafts + ground truth) — NOT planreview_testing/synthetic.py.

    python tests/data/realistic/make_realistic.py            # the 15+ drafts of tests/data/realistic/
    python tests/data/realistic/make_realistic.py --heldout  # the 5 drafts of benchmarks/data/heldout/
    python tests/data/realistic/make_realistic.py --only r03

The drafts imitate the shapes of published Vietnamese DX plans and decisions (Quốc hiệu header
table, "Số: …/KH-UBND", "Căn cứ …;" preamble, "Theo đề nghị của … tại Tờ trình số …", decision
form with the plan attached, "Phần thứ …" / "Chương …" / Roman-numbered sections, pillars as long
";"-joined sentences, appendix task tables with group rows, subtotals and a "Tổng cộng" row, tasks
as prose paragraphs) with fictional provinces, districts and communes. National documents keep
their real numbers and dates (/work/shared/legal/dx-legal-documents.csv, shared/DOMAIN.md).

Each draft gets ``<stem>.truth.yaml``: what a careful council reviewer would say (expected and
allowed findings), every task, every cited document. The generated files are committed as test
data; rerunning this script rewrites them (.docx and .txt byte-identical; the PDFs differ only in
LibreOffice's timestamps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
HELDOUT_DIR = ROOT / "benchmarks" / "data" / "heldout"
sys.path.insert(0, str(HERE))

from realistic_writers import DocxStyle, Draft, TxtStyle, docx_to_pdf, write_docx, write_txt  # noqa: E402

# --------------------------------------------------------------------------- legal documents (real facts)
# key → (kind word, number as cited, ISO date, issuer phrase, title, aliases for matching)
NATIONAL = {
    "77/2015/QH13": ("Luật", "", "2015-06-19", "", "Tổ chức chính quyền địa phương",
                     ["Luật Tổ chức chính quyền địa phương"]),
    "47/2019/QH14": ("Luật", "", "2019-11-22", "",
                     "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
                     ["Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                      "địa phương"]),
    "72/2025/QH15": ("Luật", "72/2025/QH15", "2025-06-16", "", "Tổ chức chính quyền địa phương",
                     ["Luật Tổ chức chính quyền địa phương"]),
    "67/2006/QH11": ("Luật", "", "2006-06-29", "", "Công nghệ thông tin", ["Luật Công nghệ thông tin"]),
    "20/2023/QH15": ("Luật", "20/2023/QH15", "2023-06-22", "", "Giao dịch điện tử", ["Luật Giao dịch điện tử"]),
    "60/2024/QH15": ("Luật", "60/2024/QH15", "2024-11-30", "", "Dữ liệu", ["Luật Dữ liệu"]),
    "52-NQ/TW": ("Nghị quyết", "52-NQ/TW", "2019-09-27", "của Bộ Chính trị",
                 "về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư", []),
    "57-NQ/TW": ("Nghị quyết", "57-NQ/TW", "2024-12-22", "của Bộ Chính trị",
                 "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia", []),
    "17/NQ-CP": ("Nghị quyết", "17/NQ-CP", "2019-03-07", "của Chính phủ",
                 "về một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020, "
                 "định hướng đến 2025", []),
    "71/NQ-CP": ("Nghị quyết", "71/NQ-CP", "2025-04-01", "của Chính phủ",
                 "sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết số "
                 "57-NQ/TW", []),
    "214/NQ-CP": ("Nghị quyết", "214/NQ-CP", "2025-07-23", "của Chính phủ",
                  "về thúc đẩy tạo lập dữ liệu phục vụ chuyển đổi số toàn diện", []),
    "749/QĐ-TTg": ("Quyết định", "749/QĐ-TTg", "2020-06-03", "của Thủ tướng Chính phủ",
                   "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030", []),
    "942/QĐ-TTg": ("Quyết định", "942/QĐ-TTg", "2021-06-15", "của Thủ tướng Chính phủ",
                   "phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn "
                   "2021 - 2025, định hướng đến năm 2030", []),
    "411/QĐ-TTg": ("Quyết định", "411/QĐ-TTg", "2022-03-31", "của Thủ tướng Chính phủ",
                   "phê duyệt Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng "
                   "đến năm 2030", []),
    "06/QĐ-TTg": ("Quyết định", "06/QĐ-TTg", "2022-01-06", "của Thủ tướng Chính phủ",
                  "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ "
                  "chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030", []),
    "146/QĐ-TTg": ("Quyết định", "146/QĐ-TTg", "2022-01-28", "của Thủ tướng Chính phủ",
                   "phê duyệt Đề án Nâng cao nhận thức, phổ cập kỹ năng và phát triển nguồn nhân lực chuyển đổi "
                   "số quốc gia đến năm 2025, định hướng đến năm 2030", []),
    "505/QĐ-TTg": ("Quyết định", "505/QĐ-TTg", "2022-04-22", "của Thủ tướng Chính phủ",
                   "về Ngày Chuyển đổi số quốc gia", []),
    "922/QĐ-BTTTT": ("Quyết định", "922/QĐ-BTTTT", "2022-05-20", "của Bộ Thông tin và Truyền thông",
                     "phê duyệt Đề án Xác định Bộ chỉ số đánh giá chuyển đổi số của các bộ, cơ quan ngang bộ, "
                     "cơ quan thuộc Chính phủ, các tỉnh, thành phố trực thuộc Trung ương và của quốc gia", []),
    "924/QĐ-TTg": ("Quyết định", "924/QĐ-TTg", "2022-08-02", "của Thủ tướng Chính phủ",
                   "phê duyệt Chương trình chuyển đổi số trong xây dựng nông thôn mới, hướng tới nông thôn thông "
                   "minh giai đoạn 2021 - 2025", []),
    "964/QĐ-TTg": ("Quyết định", "964/QĐ-TTg", "2022-08-10", "của Thủ tướng Chính phủ",
                   "phê duyệt Chiến lược An toàn, An ninh mạng quốc gia, chủ động ứng phó với các thách thức từ "
                   "không gian mạng đến năm 2025, tầm nhìn 2030", []),
    "1565/QĐ-TTg": ("Quyết định", "1565/QĐ-TTg", "2025-07-18", "của Thủ tướng Chính phủ",
                    "ban hành Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình", []),
    "73/2019/NĐ-CP": ("Nghị định", "73/2019/NĐ-CP", "2019-09-05", "của Chính phủ",
                      "quy định quản lý đầu tư ứng dụng công nghệ thông tin sử dụng nguồn vốn ngân sách nhà nước",
                      []),
    "42/2022/NĐ-CP": ("Nghị định", "42/2022/NĐ-CP", "2022-06-24", "của Chính phủ",
                      "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên "
                      "môi trường mạng", []),
}
KIND_CODE = {"Luật": "luat", "Nghị quyết": "nghi_quyet", "Quyết định": "quyet_dinh", "Nghị định": "nghi_dinh",
             "Kế hoạch": "ke_hoach", "Chương trình": "chuong_trinh", "Tờ trình": "to_trinh"}


def vn_date(iso: str, style: int = 0) -> str:
    d = dt.date.fromisoformat(iso)
    if style == 1:
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}" if d.month < 3 else \
            f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
    return f"ngày {d.day:02d}/{d.month:02d}/{d.year}" if d.month < 3 else f"ngày {d.day:02d}/{d.month}/{d.year}"


@dataclass
class Cite:
    """A document as the draft cites it; ``written_date`` may differ from the real one (planted)."""

    key: str
    kind: str
    date: str  # the real date (truth)
    text: str  # the citation as written in the draft, without "Căn cứ" and the final ";"
    aliases: list[str] = field(default_factory=list)


def national(key: str, style: int = 0, wrong_date: str | None = None) -> Cite:
    kind, number, date, issuer, title, aliases = NATIONAL[key]
    written = vn_date(wrong_date or date, style)
    if kind == "Luật":
        law = f"Luật {title}" if not title.startswith("sửa đổi") else f"Luật {title}"
        text = f"{law} số {number} {written}" if number else f"{law} {written}"
    else:
        text = f"{kind} số {number} {written} {issuer} {title}"
    return Cite(key, KIND_CODE[kind], date, text, list(aliases))


def local(kind: str, number: str, date: str, issuer: str, title: str, style: int = 0) -> Cite:
    return Cite(number, KIND_CODE[kind], date, f"{kind} số {number} {vn_date(date, style)} {issuer} {title}")


# --------------------------------------------------------------------------- units and agencies
def agencies(level: str, kind: str, name: str) -> dict[str, str]:
    if level == "huyen":
        u = kind  # huyện | thị xã
        below = "UBND các xã, phường" if kind == "thị xã" else "UBND các xã, thị trấn"
        return {"VP": f"Văn phòng HĐND và UBND {u}", "VHTT": "Phòng Văn hóa và Thông tin",
                "TNMT": "Phòng Tài nguyên và Môi trường", "NN": "Phòng Nông nghiệp và Phát triển nông thôn"
                if kind == "huyện" else "Phòng Kinh tế", "GD": "Phòng Giáo dục và Đào tạo",
                "YT": f"Trung tâm Y tế {u}", "TCKH": "Phòng Tài chính - Kế hoạch",
                "KTHT": "Phòng Kinh tế và Hạ tầng" if kind == "huyện" else "Phòng Kinh tế",
                "LD": "Phòng Lao động - Thương binh và Xã hội", "CA": f"Công an {u}", "XA": below,
                "TTVH": f"Trung tâm Văn hóa, Thông tin và Thể thao {u}", "NV": "Phòng Nội vụ",
                "BUUDIEN": f"Bưu điện {u}", "VIETTEL": f"Viettel {name}"}
    if level == "xa":
        ward = kind == "phường"
        return {"VP": f"Văn phòng HĐND và UBND {kind}", "VHXH": "Phòng Văn hóa - Xã hội",
                "KT": "Phòng Kinh tế, Hạ tầng và Đô thị" if ward else "Phòng Kinh tế",
                "TTPV": f"Trung tâm Phục vụ hành chính công {kind}", "CA": f"Công an {kind}",
                "TYT": f"Trạm Y tế {kind}",
                "BELOW": "Ban điều hành các tổ dân phố" if ward else "Ban điều hành các thôn",
                "DOAN": f"Đoàn Thanh niên {kind}"}
    return {"KHCN": "Sở Khoa học và Công nghệ", "VP": "Văn phòng UBND tỉnh", "TC": "Sở Tài chính",
            "NNMT": "Sở Nông nghiệp và Môi trường", "YT": "Sở Y tế", "GD": "Sở Giáo dục và Đào tạo",
            "CT": "Sở Công Thương", "VHDL": "Sở Văn hóa, Thể thao và Du lịch", "NV": "Sở Nội vụ",
            "CA": "Công an tỉnh", "XA": "UBND các xã, phường"}


@dataclass
class T:
    """One task as written in the draft; empty fields are planted omissions."""

    name: str
    owner: str
    partner: str
    time: str
    budget: float | None  # million VND; None = no amount
    source: str
    group: str  # chinh_quyen_so | kinh_te_so | xa_hoi_so | nen_tang
    budget_text: str = ""  # what the budget cell says when there is no amount ("Theo dự toán …")


GROUP_TITLES = {"nen_tang": "Hạ tầng số, dữ liệu số và nhân lực số", "chinh_quyen_so": "Chính quyền số",
                "kinh_te_so": "Kinh tế số", "xa_hoi_so": "Xã hội số"}


def task_pool(level: str, a: dict[str, str], unit: str) -> list[T]:
    """Tasks a plan of this level typically lists (budget in million VND, time filled later)."""
    if level == "huyen":
        ns = f"Ngân sách {unit.split()[0] if unit.startswith('thị xã') else 'huyện'}"
        ns = "Ngân sách thị xã" if unit.startswith("thị xã") else "Ngân sách huyện"
        return [
            T("Nâng cấp hệ thống quản lý văn bản và điều hành, bảo đảm liên thông văn bản điện tử 4 cấp",
              a["VP"], a["VHTT"], "", 450, ns, "chinh_quyen_so"),
            T("Trang bị chứng thư số, chữ ký số chuyên dùng cho cán bộ, công chức cấp huyện và cấp xã",
              a["VP"], a["XA"], "", 180, ns, "chinh_quyen_so"),
            T("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa cấp huyện",
              a["VP"], a["TNMT"], "", 620, ns, "chinh_quyen_so"),
            T("Số hóa hồ sơ địa chính và xây dựng cơ sở dữ liệu đất đai", a["TNMT"], a["XA"], "", 2850,
              "Ngân sách tỉnh hỗ trợ", "chinh_quyen_so"),
            T("Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) cấp huyện", a["VHTT"], a["VIETTEL"], "",
              3500, "Ngân sách huyện và ngân sách tỉnh hỗ trợ", "chinh_quyen_so"),
            T("Nâng cấp Cổng thông tin điện tử và kết nối trang thông tin điện tử của các xã", a["VHTT"],
              a["XA"], "", 320, ns, "chinh_quyen_so"),
            T("Lắp đặt camera giám sát an ninh trật tự, giao thông tại các nút giao trọng điểm", a["CA"],
              a["VHTT"], "", 1200, "Ngân sách huyện và xã hội hóa", "chinh_quyen_so"),
            T("Trang bị máy tính, máy quét cho Bộ phận Một cửa cấp xã", a["XA"], a["VP"], "", 900,
              "Ngân sách xã", "chinh_quyen_so"),
            T("Hỗ trợ hợp tác xã, hộ sản xuất đưa sản phẩm OCOP lên sàn thương mại điện tử", a["NN"],
              a["BUUDIEN"], "", 240, ns, "kinh_te_so"),
            T("Xây dựng bản đồ số vùng trồng và mã số truy xuất nguồn gốc nông sản chủ lực", a["NN"], a["XA"], "",
              560, "Lồng ghép Chương trình MTQG xây dựng nông thôn mới", "kinh_te_so"),
            T("Tập huấn kỹ năng bán hàng trực tuyến cho hộ kinh doanh, hợp tác xã", a["KTHT"], a["BUUDIEN"], "",
              150, ns, "kinh_te_so"),
            T("Phát triển thanh toán không dùng tiền mặt tại chợ, trường học, cơ sở y tế", a["KTHT"], a["TCKH"],
              "", 120, "Xã hội hóa", "kinh_te_so"),
            T("Xây dựng bản đồ du lịch số và quảng bá điểm đến trên nền tảng số", a["VHTT"], a["TTVH"], "", 300,
              ns, "kinh_te_so"),
            T("Triển khai hồ sơ sức khỏe điện tử và bệnh án điện tử tại Trung tâm Y tế và các trạm y tế",
              a["YT"], a["XA"], "", 1850, "Ngân sách tỉnh hỗ trợ", "xa_hoi_so"),
            T("Triển khai phần mềm quản lý trường học, sổ điểm điện tử và học bạ số", a["GD"], "Các trường học",
              "", 700, "Ngân sách huyện và xã hội hóa", "xa_hoi_so"),
            T("Duy trì hoạt động Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố", a["XA"], a["VHTT"], "",
              260, "Ngân sách xã", "xa_hoi_so"),
            T("Phổ cập kỹ năng số cho người dân qua nền tảng học trực tuyến mở đại trà", a["VHTT"], a["LD"], "",
              95, ns, "xa_hoi_so"),
            T("Nâng cấp hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông", a["TTVH"],
              a["XA"], "", 410, ns, "xa_hoi_so"),
            T("Bồi dưỡng kỹ năng số, an toàn thông tin cho cán bộ, công chức huyện và xã", a["NV"], a["VHTT"], "",
              135, ns, "nen_tang"),
            T("Phát triển hạ tầng cáp quang, phủ sóng di động 4G đến các thôn vùng lõm sóng", a["VIETTEL"],
              a["KTHT"], "", 2400, "Doanh nghiệp viễn thông đầu tư", "nen_tang"),
        ]
    if level == "xa":
        xa = "Ngân sách xã"
        return [
            T("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", a["TTPV"], a["VP"], "", 150,
              xa, "chinh_quyen_so"),
            T("Nâng cấp mạng nội bộ, trang bị thiết bị đầu cuối tại trụ sở làm việc", a["VP"], a["KT"], "", 280,
              "Ngân sách tỉnh bổ sung có mục tiêu", "chinh_quyen_so"),
            T("Làm sạch, cập nhật dữ liệu dân cư, hộ tịch, đất đai theo yêu cầu đúng, đủ, sạch, sống", a["CA"],
              a["KT"], "", 60, xa, "chinh_quyen_so"),
            T("Tổ chức họp không giấy và xử lý hồ sơ công việc trên môi trường mạng", a["VP"], a["VHXH"], "", 45,
              xa, "chinh_quyen_so"),
            T("Hướng dẫn hộ kinh doanh, hợp tác xã mở gian hàng trên sàn thương mại điện tử", a["KT"], a["DOAN"],
              "", 40, xa, "kinh_te_so"),
            T("Triển khai thanh toán không dùng tiền mặt tại chợ, trường học và trạm y tế", a["KT"], a["TYT"], "",
              25, "Xã hội hóa", "kinh_te_so"),
            T("Số hóa bản đồ vùng trồng cây ăn quả và cấp mã số vùng trồng", a["KT"], a["BELOW"], "", 90,
              "Lồng ghép Chương trình MTQG xây dựng nông thôn mới", "kinh_te_so"),
            T("Duy trì Tổ công nghệ số cộng đồng và phong trào Bình dân học vụ số", a["VHXH"], a["BELOW"], "", 72,
              xa, "xa_hoi_so"),
            T("Hướng dẫn người dân sử dụng VNeID, sổ sức khỏe điện tử và dịch vụ công trực tuyến", a["CA"],
              a["TYT"], "", 20, xa, "xa_hoi_so"),
            T("Lắp đặt cụm loa truyền thanh ứng dụng công nghệ thông tin - viễn thông", a["VHXH"], a["BELOW"], "",
              350, "Ngân sách tỉnh bổ sung có mục tiêu", "xa_hoi_so"),
            T("Triển khai học bạ số, sổ điểm điện tử tại các trường mầm non, tiểu học, trung học cơ sở",
              a["VHXH"], "Các trường học", "", 30, "Nguồn chi thường xuyên của các trường", "xa_hoi_so"),
        ]
    return [
        T("Nâng cấp Trung tâm dữ liệu tỉnh theo mô hình điện toán đám mây", a["KHCN"], a["TC"], "", 18500,
          "Ngân sách tỉnh (vốn đầu tư công)", "nen_tang"),
        T("Xây dựng kho dữ liệu dùng chung và nền tảng dữ liệu của tỉnh theo Luật Dữ liệu", a["KHCN"], "Các sở, ngành",
          "", 9200, "Ngân sách tỉnh", "nen_tang"),
        T("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính phục vụ dịch vụ công trực tuyến toàn trình",
          a["VP"], a["KHCN"], "", 6400, "Ngân sách tỉnh", "chinh_quyen_so"),
        T("Hoàn thiện cơ sở dữ liệu đất đai tại các xã, phường chưa được số hóa", a["NNMT"], a["XA"], "", 35000,
          "Ngân sách tỉnh và ngân sách trung ương hỗ trợ", "chinh_quyen_so"),
        T("Triển khai hệ thống họp trực tuyến, điều hành tác nghiệp đến 100% xã, phường", a["KHCN"], a["XA"], "",
          4800, "Ngân sách tỉnh", "chinh_quyen_so"),
        T("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, sử dụng nền tảng số", a["CT"], "Hiệp hội doanh nghiệp tỉnh",
          "", 3000, "Nguồn sự nghiệp khoa học và công nghệ", "kinh_te_so"),
        T("Phát triển sàn thương mại điện tử nông sản và sản phẩm OCOP của tỉnh", a["CT"], a["NNMT"], "", 2100,
          "Ngân sách tỉnh và xã hội hóa", "kinh_te_so"),
        T("Ứng dụng bản đồ số, vé điện tử, thuyết minh tự động tại các điểm du lịch", a["VHDL"], a["XA"], "", 2600,
          "Ngân sách tỉnh và xã hội hóa", "kinh_te_so"),
        T("Triển khai bệnh án điện tử tại các bệnh viện và trung tâm y tế tuyến tỉnh", a["YT"], a["KHCN"], "", 22000,
          "Ngân sách tỉnh và nguồn thu sự nghiệp", "xa_hoi_so"),
        T("Xây dựng nền tảng học tập số, học bạ số dùng chung toàn tỉnh", a["GD"], a["KHCN"], "", 7500,
          "Ngân sách tỉnh", "xa_hoi_so"),
        T("Bồi dưỡng kỹ năng số cho cán bộ cấp xã và người dân theo phong trào Bình dân học vụ số", a["KHCN"],
          a["XA"], "", 1500, "Ngân sách tỉnh và ngân sách xã", "xa_hoi_so"),
    ]


def money(million: float) -> str:
    """Budget cell in million VND, Vietnamese style: 2.850 / 282,5."""
    if abs(million - round(million)) < 1e-9:
        return f"{int(round(million)):,}".replace(",", ".")
    whole, frac = f"{million:.1f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def money_ty(million: float) -> str:
    """Billions with a decimal comma, as a "Kinh phí (tỷ đồng)" column writes it: 0,282 / 2,85 / 18,5."""
    return f"{million / 1000:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def money_words(million: float, in_ty: bool = False) -> str:
    """Prose budget as plans write it: 850 triệu đồng / 2,85 tỷ đồng / 0,282 tỷ đồng."""
    if in_ty:
        return f"{money_ty(million)} tỷ đồng"
    if million >= 1000:
        b = million / 1000
        s = f"{b:.3f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{s} tỷ đồng"
    return f"{money(million)} triệu đồng"


# --------------------------------------------------------------------------- the draft specification
@dataclass
class Spec:
    stem: str
    fmt: str  # docx | pdf | txt
    form: str  # qd | kh | dean
    layout: str  # roman | phan | chuong
    level: str  # huyen | xa | tinh
    unit_kind: str  # huyện | thị xã | xã | phường | tỉnh
    name: str
    province: str
    number: str  # own number (the decision's in the QĐ form)
    issued: str  # ISO
    plan_year: int
    horizon_end: int
    vision: int | None = 2030
    yearly: bool = False  # "Kế hoạch chuyển đổi số năm 2024"
    tasks_mode: str = "appendix"  # appendix | inline | prose | list
    n_tasks: int = 10
    status_heading: str = "THỰC TRẠNG CHUYỂN ĐỔI SỐ"
    defects: dict = field(default_factory=dict)
    shapes: list[str] = field(default_factory=list)
    docx: DocxStyle = field(default_factory=DocxStyle)
    txt: TxtStyle = field(default_factory=TxtStyle)
    merge_groups: bool = True
    budget_in_ty: bool = False  # budgets written in tỷ đồng ("0,282 tỷ"), table column "Kinh phí (tỷ đồng)"
    by_source: bool = False  # appendix budget split by source under two header rows
    seed: int = 0
    plan_number: str = ""  # KH number of the attached plan in the QĐ form ("" = none)
    to_trinh: tuple[str, str, str] | None = None  # (number, ISO date, proposer)
    extra_bases: list[str] = field(default_factory=list)  # national keys added to the usual set
    heldout: bool = False

    @property
    def unit(self) -> str:
        return f"{self.unit_kind} {self.name}"

    @property
    def era(self) -> str:
        return "new" if self.issued >= "2025-07-01" else "legacy"

    @property
    def period(self) -> str:
        if self.yearly:
            return f"năm {self.plan_year}"
        start = self.plan_year
        vis = f", định hướng đến năm {self.vision}" if self.vision and self.vision != self.horizon_end else ""
        return f"giai đoạn {start}-{self.horizon_end}{vis}"

    @property
    def doc_word(self) -> str:
        return "Đề án" if self.form == "dean" else "Kế hoạch"


# --------------------------------------------------------------------------- the truth being built
@dataclass
class Truth:
    expected: list[dict] = field(default_factory=list)
    allowed: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)

    def expect(self, rule, category: str, match: str = "", note: str = "") -> None:
        d = {"rule": rule, "category": category}
        if match:
            d["match"] = match
        if note:
            d["note"] = note
        self.expected.append(d)

    def allow(self, rule: str, match: str = "", note: str = "") -> None:
        d = {"rule": rule}
        if match:
            d["match"] = match
        if note:
            d["note"] = note
        self.allowed.append(d)


def time_span(spec: Spec, rng: random.Random) -> str:
    y0, y1 = spec.plan_year, spec.horizon_end
    if spec.yearly:
        return rng.choice([f"Quý II/{y0}", f"Quý III/{y0}", f"Năm {y0}", f"Quý IV/{y0}", f"{y0}"])
    options = [f"{y0}-{y1}", f"{y0}-{min(y0 + 1, y1)}", f"{min(y0 + 1, y1)}", f"{y0}", f"{min(y0 + 1, y1)}-{y1}"]
    return rng.choice(options)


def choose_tasks(spec: Spec, a: dict[str, str], rng: random.Random, t: Truth) -> list[T]:
    pool = task_pool(spec.level, a, spec.unit)
    d = spec.defects
    pool = [x for x in pool if x.group != d.get("pillar_missing") and x.group != d.get("pillar_thin")]
    if d.get("no_level_below"):
        pool = [x for x in pool if x.owner != a.get("XA") and x.partner != a.get("XA")
                and not re.search(r"\bxã\b|thôn", x.name)]
    by_group: dict[str, list[T]] = {}
    for x in pool:
        by_group.setdefault(x.group, []).append(x)
    chosen: list[T] = []
    # at least two tasks per present pillar, then fill at random up to n_tasks
    for g in ("nen_tang", "chinh_quyen_so", "kinh_te_so", "xa_hoi_so"):
        items = by_group.get(g, [])
        rng.shuffle(items)
        chosen += items[: 2 if g != "nen_tang" else 1]
    rest = [x for x in pool if x not in chosen]
    rng.shuffle(rest)
    chosen += rest[: max(0, spec.n_tasks - len(chosen))]
    order = {"nen_tang": 0, "chinh_quyen_so": 1, "kinh_te_so": 2, "xa_hoi_so": 3}
    chosen.sort(key=lambda x: order[x.group])
    scale = rng.choice([0.8, 0.9, 1.0, 1.1, 1.25])
    for x in chosen:
        if spec.unit_kind == "thị xã":  # the pool speaks of a huyện
            x.name, x.source = x.name.replace("huyện", "thị xã"), x.source.replace("huyện", "thị xã")
        x.time = time_span(spec, rng)
        if x.budget is not None:
            x.budget = round(x.budget * scale / 5) * 5 if x.budget >= 50 else x.budget
    # planted omissions: {"no_owner": [i], "no_time": [i], "no_budget": [i], "no_source": [i]}
    for field_name, category, rule in (("no_owner", "task-no-owner", "TASK-01"), ("no_time", "task-no-time", "TASK-02"),
                                       ("no_budget", "task-no-budget", "TASK-03"),
                                       ("no_source", "task-no-source", "TASK-06")):
        for i in d.get(field_name, []):
            x = chosen[i % len(chosen)]
            if field_name == "no_owner":
                x.owner = ""
            elif field_name == "no_time":
                x.time = d.get("vague_time", "")
            elif field_name == "no_budget":
                x.budget = None
                x.budget_text = d.get("budget_text", "")
            else:
                x.source = ""
            t.expect(rule, category, x.name[:40])
    return chosen


# --------------------------------------------------------------------------- bases
def bases_for(spec: Spec, t: Truth) -> tuple[list[Cite], list[Cite]]:
    """(bases in the preamble/Căn cứ list, documents cited only in the body)."""
    d = spec.defects
    style = spec.seed % 2
    wrong = d.get("wrong_date", {})
    out: list[Cite] = []
    if spec.era == "legacy":
        keys = ["77/2015/QH13", "47/2019/QH14", "67/2006/QH11", "52-NQ/TW", "17/NQ-CP", "749/QĐ-TTg",
                "942/QĐ-TTg", "411/QĐ-TTg", "146/QĐ-TTg", "922/QĐ-BTTTT"]
        if spec.issued < "2022-03-31":
            keys.remove("411/QĐ-TTg")
        if spec.issued < "2022-05-20":
            keys.remove("922/QĐ-BTTTT")
        if spec.issued < "2022-01-28":
            keys.remove("146/QĐ-TTg")
    else:
        keys = ["72/2025/QH15", "20/2023/QH15", "60/2024/QH15", "57-NQ/TW", "71/NQ-CP", "749/QĐ-TTg",
                "942/QĐ-TTg", "411/QĐ-TTg", "1565/QĐ-TTg"]
        if spec.level == "tinh":
            keys.insert(5, "214/NQ-CP")
    keys += [k for k in spec.extra_bases if k not in keys]
    keys = [k for k in keys if k not in d.get("body_only", [])]
    for k in d.get("omit_bases", []):
        keys.remove(k)
    no57 = "57-NQ/TW" in d.get("omit_bases", [])
    for k in keys:
        c = national(k, style, wrong.get(k))
        if no57:
            c.text = c.text.replace(" thực hiện Nghị quyết số 57-NQ/TW", "")
        out.append(c)
    # provincial and own-level bases
    prov = spec.province
    if spec.era == "legacy":
        local_docs = [local("Nghị quyết", "09-NQ/TU", "2021-08-18", f"của Ban Chấp hành Đảng bộ tỉnh {prov}",
                            f"về chuyển đổi số tỉnh {prov} đến năm 2025, định hướng đến năm 2030", style),
                      local("Quyết định", "2417/QĐ-UBND", "2021-10-05", f"của UBND tỉnh {prov}",
                            f"phê duyệt Đề án chuyển đổi số tỉnh {prov} giai đoạn 2021-2025, định hướng đến năm 2030",
                            style)]
        if spec.issued >= "2022-06-01":
            local_docs.append(local("Quyết định", "1186/QĐ-UBND", "2022-05-12", f"của UBND tỉnh {prov}",
                                    "ban hành Bộ chỉ số đánh giá chuyển đổi số cấp huyện, cấp xã", style))
        if spec.level == "huyen" and spec.issued >= "2021-12-01":
            local_docs.append(local("Nghị quyết", "07-NQ/HU", "2021-11-26",
                                    f"của Ban Chấp hành Đảng bộ {spec.unit}",
                                    f"về chuyển đổi số {spec.unit} giai đoạn 2021-2025, định hướng đến năm 2030",
                                    style))
    else:
        local_docs = [local("Chương trình", "18-CTr/TU", "2025-03-14", f"của Tỉnh ủy {prov}",
                            "thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị" if "57-NQ/TW" not in
                            d.get("omit_bases", []) else "về đột phá phát triển khoa học, công nghệ, đổi mới sáng "
                            "tạo và chuyển đổi số", style)]
        if spec.level != "tinh":
            local_docs.append(local("Kế hoạch", "221/KH-UBND", "2025-12-26", f"của UBND tỉnh {prov}",
                                    f"về chuyển đổi số tỉnh {prov} năm 2026", style)
                              if spec.issued > "2025-12-26" else
                              local("Kế hoạch", "143/KH-UBND", "2025-08-20", f"của UBND tỉnh {prov}",
                                    "về chuyển đổi số tại chính quyền địa phương hai cấp", style))
            local_docs.append(local("Nghị quyết", "04-NQ/ĐU", "2025-08-29" if spec.issued > "2025-09-01" else
                                    "2025-07-25", f"của Ban Chấp hành Đảng bộ {spec.unit}",
                                    f"về chuyển đổi số {spec.unit} nhiệm kỳ 2025-2030", style))
        else:
            local_docs.append(local("Nghị quyết", "36/2025/NQ-HĐND", "2025-12-10", f"của HĐND tỉnh {prov}",
                                    "quy định nội dung, mức chi thực hiện nhiệm vụ chuyển đổi số trên địa bàn tỉnh",
                                    style))
    if d.get("no_provincial"):
        local_docs = [c for c in local_docs if "tỉnh" not in c.text.split(" của ")[-1][:30]
                      and "Tỉnh ủy" not in c.text]
    for c in local_docs:
        if c.date > spec.issued:  # the fixed provincial documents can postdate an early plan: a true defect
            t.expect("LEGAL-09", "legal-wrong-date", c.key, note="natural defect of the generated draft: the "
                     f"document cited ({c.date}) is dated after the plan itself ({spec.issued})")
    out += local_docs
    if local_docs:  # the unknown-documents finding names them: allowed by the first one's key
        t.allow("LEGAL-08", local_docs[0].key,
                note="the fictional province's and district's own documents, which no knowledge base holds")
    body_only: list[Cite] = []
    for k in d.get("body_only", []):
        body_only.append(national(k, style))
    for c in out + body_only:
        entry = {"key": c.key, "kind": c.kind, "date": c.date}
        if c.aliases:
            entry["aliases"] = c.aliases
        t.citations.append(entry)
    for k, bad in wrong.items():
        t.expect("LEGAL-05", "legal-wrong-date", k, note=f"written {bad}, real {NATIONAL[k][2]}")
    for c in body_only:
        t.expect("LEGAL-06", "legal-outside-basis", c.key)
    return out, body_only


# --------------------------------------------------------------------------- content blocks
@dataclass
class Figures:
    online: float  # % hồ sơ trực tuyến
    tram: int
    tram_ehr: int
    ocop: int
    ocop_online: int
    dti_rank: int
    dti_of: int
    dti_score: str
    fiber: int
    villages: int
    it_staff: int
    pay: int  # % người trưởng thành có tài khoản thanh toán
    schools: int
    schools_sw: int


def figures(spec: Spec, rng: random.Random) -> Figures:
    tram = rng.choice([14, 16, 18, 21]) if spec.level != "xa" else 1
    if spec.level == "tinh":
        tram = 14  # provincial hospitals
    return Figures(
        online=round(rng.uniform(31, 48), 1), tram=tram,
        tram_ehr=(12 if spec.level == "tinh" else max(1, tram - rng.choice([4, 5, 6]))) if spec.level != "xa" else 1,
        ocop=rng.choice([17, 23, 29]) if spec.level != "xa" else rng.choice([5, 7, 9]),
        ocop_online=rng.choice([8, 9, 11]) if spec.level != "xa" else rng.choice([2, 3, 4]),
        dti_rank=rng.choice([4, 6, 7, 9]),
        dti_of=rng.choice([10, 11, 13]) if spec.level == "huyen" else 34, dti_score=rng.choice(["0,418", "0,452",
                                                                                              "0,387", "0,471"]),
        fiber=rng.choice([12, 15, 17]), villages=rng.choice([64, 78, 92, 105]), it_staff=rng.choice([1, 2, 3]),
        pay=rng.choice([38, 41, 44, 47]), schools=rng.choice([24, 31, 37]), schools_sw=rng.choice([15, 18, 22]))


def below_words(spec: Spec) -> str:
    return "xã, phường" if spec.unit_kind == "thị xã" else "xã, thị trấn"


def status_section(spec: Spec, f: Figures, dr: Draft, heading: str, sub: callable) -> None:
    d = spec.defects
    dr.h(heading, 1)
    u = spec.unit
    ku = spec.unit_kind
    if d.get("status_no_figures"):
        sub("Kết quả đạt được", 2)
        dr.p(f"Thời gian qua, cấp ủy, chính quyền {u} đã quan tâm lãnh đạo, chỉ đạo công tác ứng dụng công nghệ "
             "thông tin và chuyển đổi số; hạ tầng mạng từng bước được đầu tư, phần lớn cán bộ, công chức đã sử dụng "
             "thành thạo hệ thống quản lý văn bản và điều hành; dịch vụ công trực tuyến được triển khai rộng rãi.")
        dr.p("Một số hợp tác xã, hộ sản xuất đã bước đầu đưa sản phẩm lên các sàn thương mại điện tử; các cơ sở "
             "y tế, giáo dục đã ứng dụng phần mềm trong quản lý, góp phần nâng cao chất lượng phục vụ người dân.")
        sub("Hạn chế, nguyên nhân", 2)
        dr.p("Hạ tầng số ở một số vùng còn thiếu đồng bộ; đội ngũ cán bộ chuyên trách còn mỏng, kỹ năng số của "
             "một bộ phận người dân còn hạn chế; tỷ lệ hồ sơ trực tuyến chưa cao; nguồn lực đầu tư còn khó khăn.")
        return
    dti = not d.get("status_no_dti")
    sub("Kết quả đạt được", 2)
    if spec.level == "tinh":
        dr.p(f"Năm 2024, Chỉ số chuyển đổi số (DTI) của tỉnh {spec.name} đạt {f.dti_score} điểm, xếp thứ "
             f"{f.dti_rank + 12}/63 tỉnh, thành phố; sau sắp xếp đơn vị hành chính, tỉnh có 96 xã, phường, trong "
             f"đó 96/96 xã, phường đã kết nối mạng truyền số liệu chuyên dùng." if dti else
             f"Sau sắp xếp đơn vị hành chính, tỉnh {spec.name} có 96 xã, phường; 96/96 xã, phường đã kết nối mạng "
             "truyền số liệu chuyên dùng.")
        dr.p(f"Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt {money(f.online)}%; "
             f"{f.tram_ehr}/{f.tram} bệnh viện tuyến tỉnh đã triển khai bệnh án điện tử; "
             f"{f.ocop_online}/{f.ocop} sản phẩm OCOP 4 sao trở lên đã có mặt trên sàn thương mại điện tử; "
             f"{f.pay}% người dân trưởng thành có tài khoản thanh toán điện tử.")
    elif spec.level == "huyen":
        if dti:
            dr.p(f"Theo kết quả đánh giá Bộ chỉ số chuyển đổi số cấp huyện năm {spec.plan_year - 1} do UBND tỉnh "
                 f"công bố, {u} đạt {f.dti_score} điểm, xếp thứ {f.dti_rank}/{f.dti_of} huyện, thị xã, thành phố; "
                 "trong đó chỉ số chính quyền số đạt khá, chỉ số kinh tế số và xã hội số còn thấp.")
        dr.p(f"Hạ tầng: {f.fiber}/{f.fiber + 3} {below_words(spec)} có cáp quang đến trung tâm thôn; 100% cơ quan "
             f"chuyên môn cấp {ku} và cấp xã kết nối mạng truyền số liệu chuyên dùng; {f.villages - 9}/{f.villages} "
             "thôn, tổ dân phố được phủ sóng 4G.")
        dr.p(f"Chính quyền số: tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến năm {spec.plan_year - 1} "
             f"đạt {money(f.online)}%; 100% văn bản đi, đến (trừ văn bản mật) được xử lý trên môi trường mạng; "
             f"{ku.capitalize()} có {f.it_staff} công chức kiêm nhiệm công nghệ thông tin.")
        dr.p(f"Kinh tế số, xã hội số: {f.ocop_online}/{f.ocop} sản phẩm OCOP đã đưa lên sàn thương mại điện tử; "
             f"{f.tram_ehr}/{f.tram} trạm y tế đã triển khai hồ sơ sức khỏe điện tử; "
             f"{f.schools_sw}/{f.schools} trường học sử dụng sổ điểm điện tử; khoảng {f.pay}% người dân trưởng "
             "thành có tài khoản thanh toán điện tử.")
    else:
        if dti:
            dr.p(f"Theo kết quả đánh giá Bộ chỉ số chuyển đổi số cấp xã năm {spec.plan_year - 1}, {u} đạt "
                 f"{f.dti_score} điểm, thuộc nhóm trung bình của tỉnh.")
        dr.p(f"Sau sắp xếp, {u} có {f.villages // 5} {'tổ dân phố' if ku == 'phường' else 'thôn'}, "
             f"{money(f.fiber * 110)} hộ; {f.villages // 5 - 2}/{f.villages // 5} "
             f"{'tổ dân phố' if ku == 'phường' else 'thôn'} có cáp quang; tỷ lệ hồ sơ thủ tục hành chính "
             f"trực tuyến toàn trình đạt {money(f.online)}%; {f.it_staff + 1} công chức được giao phụ trách chuyển "
             "đổi số.")
        dr.p(f"{f.ocop_online}/{f.ocop} sản phẩm OCOP của {ku} có gian hàng trên sàn thương mại điện tử; "
             f"{f.pay}% người trưởng thành có tài khoản thanh toán điện tử; "
             f"{f.schools_sw // 6}/{f.schools // 6} trường học dùng sổ điểm điện tử.")
    sub("Hạn chế, nguyên nhân", 2)
    dr.p("Bên cạnh kết quả đạt được, chuyển đổi số còn một số hạn chế: hạ tầng ở vùng sâu chưa đồng bộ; dữ liệu "
         "chuyên ngành còn phân tán, chưa được làm sạch; kỹ năng số của một bộ phận người dân, nhất là người cao "
         "tuổi, còn thấp; nguồn lực đầu tư chưa tương xứng với yêu cầu.")
    if d.get("target_unrealistic"):
        dr.p("Đáng chú ý, tỷ lệ người dân có hồ sơ sức khỏe điện tử được cập nhật đầy đủ mới đạt khoảng 20%; "
             "nhiều hồ sơ còn thiếu thông tin tiền sử bệnh, tiêm chủng.")


def targets_section(spec: Spec, f: Figures, dr: Draft, sub: callable, t: Truth) -> None:
    d = spec.defects
    y = spec.horizon_end
    dr.p(f"Đẩy mạnh chuyển đổi số toàn diện trên cả ba trụ cột chính quyền số, kinh tế số, xã hội số, góp phần "
         f"nâng cao năng lực quản lý, điều hành và chất lượng phục vụ người dân, doanh nghiệp trên địa bàn "
         f"{spec.unit}." if not d.get("pillar_missing") else
         f"Đẩy mạnh chuyển đổi số, nâng cao năng lực quản lý, điều hành và chất lượng phục vụ người dân, doanh "
         f"nghiệp trên địa bàn {spec.unit}.")
    sub(f"Mục tiêu cụ thể năm {y}" if spec.yearly else f"Mục tiêu cụ thể đến năm {y}", 2)
    years = max(1, y - spec.plan_year)  # targets keep a pace a reviewer finds realistic (≤ 15 points a year)
    items = [f"Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến đạt từ "
             f"{int(min(95, f.online + 7 * years) // 5 * 5)}% trở lên."]
    if spec.level != "xa" and d.get("pillar_missing") != "xa_hoi_so":
        base = f.tram_ehr / f.tram * 100
        what = "trạm y tế triển khai hồ sơ sức khỏe điện tử" if spec.level == "huyen" else \
            "bệnh viện tuyến tỉnh triển khai bệnh án điện tử"
        if (100 - base) / years <= 15:
            items.append(f"100% {what}.")
        else:
            items.append(f"Tỷ lệ {what} đạt {int((base + 15 * years) // 5 * 5)}%.")
    if d.get("pillar_missing") != "kinh_te_so" and d.get("pillar_thin") != "kinh_te_so":
        items.append(f"Tỷ lệ sản phẩm OCOP được đưa lên sàn thương mại điện tử đạt "
                     f"{int(min(90, f.ocop_online / f.ocop * 100 + 12 * years) // 5 * 5)}%.")
    if d.get("pillar_missing") != "xa_hoi_so" and d.get("pillar_thin") != "xa_hoi_so":
        items.append(f"Tỷ lệ người dân trưởng thành có tài khoản thanh toán điện tử đạt "
                     f"{min(85, f.pay + 8 * years)}%.")
    if d.get("target_unrealistic"):
        yy = spec.plan_year + 1 if not spec.yearly else spec.plan_year
        items.append(f"Phấn đấu đến hết năm {yy}, 100% người dân có hồ sơ sức khỏe điện tử được cập nhật đầy đủ.")
        t.expect("TARGET-02", "target-unrealistic", "hồ sơ sức khỏe điện tử được cập nhật",
                 note="baseline about 20 % in the status section")
    if d.get("target_early"):
        items.append(f"Đến năm {spec.plan_year - 1}, 100% thôn, tổ dân phố có điểm truy cập Internet công cộng.")
        t.expect("TARGET-01", "target-early", "điểm truy cập Internet công cộng")
        t.allow("TARGET-03", "điểm truy cập Internet công cộng")
    dr.bullets(items)


PILLAR_TEXT = {
    "chinh_quyen_so": [
        "Tiếp tục hoàn thiện hệ thống quản lý văn bản và điều hành, bảo đảm 100% văn bản (trừ văn bản mật) được "
        "gửi, nhận dưới dạng điện tử có ký số; số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, tái sử dụng "
        "dữ liệu đã số hóa để người dân không phải cung cấp lại giấy tờ; cung cấp dịch vụ công trực tuyến toàn "
        "trình đối với các thủ tục đủ điều kiện.",
        "Xây dựng, cập nhật các cơ sở dữ liệu chuyên ngành về đất đai, hộ tịch, dân cư, an sinh xã hội; kết nối, "
        "chia sẻ dữ liệu với nền tảng tích hợp, chia sẻ dữ liệu của tỉnh; tổ chức họp trực tuyến, điều hành tác "
        "nghiệp trên môi trường số, giảm dần hội họp trực tiếp.",
        "Tăng cường bảo đảm an toàn thông tin mạng theo mô hình 4 lớp; định kỳ rà soát, khắc phục lỗ hổng của "
        "các hệ thống thông tin; nâng cao kỹ năng sử dụng chữ ký số, khai thác dữ liệu của cán bộ, công chức.",
    ],
    "kinh_te_so": [
        "Hỗ trợ doanh nghiệp, hợp tác xã, hộ kinh doanh ứng dụng nền tảng số trong quản trị, sản xuất, kinh "
        "doanh; đưa sản phẩm OCOP, nông sản chủ lực lên các sàn thương mại điện tử; phát triển thanh toán không "
        "dùng tiền mặt trong thu học phí, viện phí, tiền điện, nước và tại các chợ.",
        "Ứng dụng công nghệ số trong nông nghiệp: cấp mã số vùng trồng, truy xuất nguồn gốc, nhật ký đồng ruộng "
        "điện tử; quảng bá du lịch trên nền tảng số, xây dựng bản đồ số các điểm du lịch, làng nghề.",
        "Khuyến khích các tổ chức tín dụng, doanh nghiệp viễn thông phối hợp hướng dẫn người dân mở tài khoản, "
        "sử dụng ví điện tử, Mobile Money; hình thành các tuyến phố, chợ thanh toán không dùng tiền mặt.",
    ],
    "xa_hoi_so": [
        "Phát triển công dân số: hướng dẫn người dân kích hoạt tài khoản định danh điện tử, sử dụng dịch vụ công "
        "trực tuyến, sổ sức khỏe điện tử; phổ cập kỹ năng số cơ bản cho người dân thông qua Tổ công nghệ số "
        "cộng đồng và phong trào Bình dân học vụ số.",
        "Chuyển đổi số trong y tế: triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử, đặt lịch khám trực "
        "tuyến; trong giáo dục: sổ điểm điện tử, học bạ số, thu học phí không dùng tiền mặt, học liệu số dùng chung.",
        "Bảo đảm an sinh xã hội trên môi trường số: chi trả trợ cấp qua tài khoản, số hóa dữ liệu người có công, "
        "người hưởng chính sách; tuyên truyền, nâng cao nhận thức về chuyển đổi số trên hệ thống truyền thanh cơ sở.",
    ],
    "nen_tang": [
        "Phát triển hạ tầng số đồng bộ: phủ sóng di động 4G, cáp quang đến các thôn, tổ dân phố; nâng cấp mạng "
        "nội bộ, thiết bị của cơ quan nhà nước; sử dụng hạ tầng điện toán đám mây của tỉnh.",
        "Phát triển nhân lực số: bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức; bố trí công chức phụ trách "
        "công nghệ thông tin, chuyển đổi số; thu hút sự tham gia của doanh nghiệp công nghệ số.",
    ],
}

LEVEL_BELOW = {
    "huyen": "Đối với cấp xã: UBND các xã, thị trấn xây dựng kế hoạch chuyển đổi số hằng năm của xã, bố trí "
             "công chức phụ trách chuyển đổi số, duy trì Tổ công nghệ số cộng đồng tại 100% thôn, tổ dân phố, "
             "số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa cấp xã và hoàn thành các tiêu chí chuyển đổi số "
             "trong xây dựng nông thôn mới.",
    "xa": "Đối với các thôn, tổ dân phố: Ban điều hành các thôn, tổ dân phố phối hợp Tổ công nghệ số cộng đồng "
          "lập danh sách hộ gia đình cần hỗ trợ, tổ chức hướng dẫn tại nhà văn hóa, cập nhật nhóm Zalo của thôn để "
          "phổ biến thông tin, tiếp nhận phản ánh của người dân.",
    "tinh": "Đối với cấp xã: UBND các xã, phường xây dựng kế hoạch chuyển đổi số hằng năm, bảo đảm mỗi xã, "
            "phường có ít nhất 01 công chức phụ trách chuyển đổi số, vận hành Trung tâm Phục vụ hành chính công "
            "cấp xã trên nền tảng số và chịu trách nhiệm về chất lượng dữ liệu do cấp xã tạo lập.",
}
DUP_PASSAGES = {
    "kinh_te_so": "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số thông qua chương trình SMEdx; phát triển các sàn "
                  "thương mại điện tử tiêu thụ nông sản đặc trưng của tỉnh; phấn đấu tỷ trọng kinh tế số đạt 15% GRDP "
                  "vào năm 2025.",
    "xa_hoi_so": "Triển khai phong trào bình dân học vụ số, phổ cập kỹ năng số cơ bản cho người dân thông qua mạng "
                 "lưới tổ công nghệ số cộng đồng tại 100% thôn, bản, tổ dân phố trên địa bàn tỉnh.",
    "nen_tang": "Các sở, ngành ưu tiên xây dựng cơ sở dữ liệu chuyên ngành về đất đai, quy hoạch xây dựng, doanh "
                "nghiệp, y tế, giáo dục, lao động việc làm và an sinh xã hội, bảo đảm dữ liệu đúng, đủ, sạch, sống.",
}


def tasks_table(spec: Spec, tasks: list[T], d: dict) -> tuple[list[list[str]], dict, set, float, float]:
    """Appendix rows with group rows + subtotals + total; returns rows, merges, bold rows, sum, written total."""
    fmt = money_ty if spec.budget_in_ty else money
    rows = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
             "Kinh phí (tỷ đồng)" if spec.budget_in_ty else "Kinh phí (triệu đồng)", "Nguồn kinh phí"]]
    merges: dict[int, tuple[int, int]] = {}
    bold: set[int] = set()
    roman = ["I", "II", "III", "IV", "V"]
    groups = [g for g in ("nen_tang", "chinh_quyen_so", "kinh_te_so", "xa_hoi_so") if any(x.group == g for x in tasks)]
    n = 0
    total = 0.0
    for gi, g in enumerate(groups):
        items = [x for x in tasks if x.group == g]
        sub = sum(x.budget or 0 for x in items)
        total += sub
        rows.append([roman[gi], GROUP_TITLES[g], "", "", "", fmt(sub), ""])
        bold.add(len(rows) - 1)
        if spec.merge_groups:
            merges[len(rows) - 1] = (1, 4)
        for x in items:
            n += 1
            rows.append([str(n), x.name, x.owner, x.partner, x.time,
                         fmt(x.budget) if x.budget is not None else x.budget_text, x.source])
    written = total + d.get("table_total_off", 0)
    rows.append(["Tổng cộng", "", "", "", "", fmt(written), ""] if spec.merge_groups
                else ["", "Tổng cộng", "", "", "", fmt(written), ""])
    bold.add(len(rows) - 1)
    if spec.merge_groups:
        merges[len(rows) - 1] = (0, 4)
    return rows, merges, bold, total, written


SOURCE_COLUMNS = ("Ngân sách tỉnh", "Ngân sách huyện", "Ngân sách xã", "Xã hội hóa và nguồn khác")


def split_by_source(x: T) -> list[float]:
    """A task's budget spread over the source columns, as a by-source appendix writes it."""
    src = x.source.lower()
    has = {0: "tỉnh" in src, 1: "huyện" in src or "thị xã" in src, 2: "ngân sách xã" in src,
           3: any(w in src for w in ("xã hội hóa", "lồng ghép", "doanh nghiệp"))}
    cols = [c for c, ok in has.items() if ok] or [3]
    shares = [(cols[0], 1.0)] if len(cols) == 1 else [(cols[0], 0.7), (cols[1], 0.3)]
    out = [0.0] * len(SOURCE_COLUMNS)
    if x.budget is None:
        return out
    first = round(x.budget * shares[0][1] / 5) * 5
    out[shares[0][0]] = first
    if len(shares) > 1:
        out[shares[1][0]] = x.budget - first
    return out


def tasks_table_by_source(spec: Spec, tasks: list[T], d: dict):
    """Two header rows ("Kinh phí (triệu đồng)" over Tổng số + one column per source), group rows, total."""
    head0 = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Kinh phí (triệu đồng)", "", "",
             "", ""]
    head1 = ["", "", "", "", "Tổng số", *SOURCE_COLUMNS]
    rows = [head0, head1]
    merges = {0: (4, 8)}
    vmerges = [(c, 0, 1) for c in range(4)]
    bold: set[int] = set()
    roman = ["I", "II", "III", "IV"]
    cell = lambda v: money(v) if v else ""  # noqa: E731
    grand = [0.0] * 5
    n = 0
    groups = [g for g in ("nen_tang", "chinh_quyen_so", "kinh_te_so", "xa_hoi_so") if any(x.group == g for x in tasks)]
    for gi, g in enumerate(groups):
        items = [x for x in tasks if x.group == g]
        parts = [split_by_source(x) for x in items]
        sub = [sum(x.budget or 0 for x in items)] + [sum(p[i] for p in parts) for i in range(4)]
        grand = [a + b for a, b in zip(grand, sub)]
        rows.append([roman[gi], GROUP_TITLES[g], "", "", *[cell(v) for v in sub]])
        bold.add(len(rows) - 1)
        for x, p in zip(items, parts):
            n += 1
            total = money(x.budget) if x.budget is not None else x.budget_text
            rows.append([str(n), x.name, x.owner, x.time, total, *[cell(v) for v in p]])
    written = grand[0] + d.get("table_total_off", 0)
    rows.append(["", "Tổng cộng", "", "", money(written), *[cell(v) for v in grand[1:]]])
    bold.add(len(rows) - 1)
    return rows, merges, vmerges, bold, grand[0], written


def prose_task(x: T, spec: Spec) -> str:
    parts = []
    if x.owner:
        parts.append(f"{x.owner} chủ trì" + (f", phối hợp với {x.partner}" if x.partner else "") +
                     f" {x.name[0].lower()}{x.name[1:]}")
    else:
        parts.append(f"{x.name}" + (f", phối hợp với {x.partner}" if x.partner else ""))
    if x.time:
        parts.append(f"thời gian thực hiện {x.time.lower() if x.time.startswith('Năm') else x.time}")
    if x.budget is not None:
        src = f" từ {x.source[0].lower()}{x.source[1:]}" if x.source else ""
        parts.append(f"kinh phí dự kiến {money_words(x.budget, spec.budget_in_ty)}{src}")
    elif x.budget_text:
        parts.append(x.budget_text[0].lower() + x.budget_text[1:])
    elif x.source:
        parts.append(f"nguồn kinh phí: {x.source[0].lower()}{x.source[1:]}")
    return "; ".join(parts) + "."


def list_task(x: T, spec: Spec) -> str:
    bits = [x.name + ":"]
    if x.owner:
        bits.append(f"Chủ trì: {x.owner};")
    if x.partner:
        bits.append(f"phối hợp: {x.partner};")
    if x.time:
        bits.append(f"thời gian: {x.time};")
    if x.budget is not None:
        bits.append(f"kinh phí: {money_words(x.budget, spec.budget_in_ty)};")
    elif x.budget_text:
        bits.append(f"kinh phí: {x.budget_text[0].lower()}{x.budget_text[1:]};")
    if x.source:
        bits.append(f"nguồn: {x.source[0].lower()}{x.source[1:]}.")
    s = " ".join(bits)
    return s.rstrip(";") + ("" if s.endswith(".") else ".")


# --------------------------------------------------------------------------- one draft
def build(spec: Spec) -> tuple[Draft, dict]:
    rng = random.Random(spec.seed * 7919 + len(spec.stem))
    d = spec.defects
    t = Truth()
    a = agencies(spec.level, spec.unit_kind, spec.name)
    dr = Draft()
    org_upper = f"{spec.unit_kind.upper()} {spec.name.upper()}"
    issued = dt.date.fromisoformat(spec.issued)
    place = spec.name
    date_line = f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}" if issued.month < 3 \
        else f"{place}, ngày {issued.day:02d} tháng {issued.month} năm {issued.year}"

    def header(number: str | None) -> None:
        dr.grid([["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                 [org_upper, "Độc lập - Tự do - Hạnh phúc"],
                 ["-------", "---------------"],
                 [f"Số: {number}" if number else "", date_line]], widths=[6.0, 10.0])

    bases, body_only = bases_for(spec, t)
    plan_title = (f"{'Đề án' if spec.form == 'dean' else 'Kế hoạch'} chuyển đổi số {spec.unit} {spec.period}")
    tasks = choose_tasks(spec, a, rng, t)
    f = figures(spec, rng)

    # ---- decision form: the QĐ first, the plan attached
    if spec.form == "qd":
        header(spec.number)
        dr.center("QUYẾT ĐỊNH")
        dr.center(f"Về việc ban hành {plan_title}")
        dr.center(f"ỦY BAN NHÂN DÂN {org_upper}")
        for c in bases:
            dr.p(f"Căn cứ {c.text};")
        tt_no, tt_date, proposer = spec.to_trinh
        dr.p(f"Theo đề nghị của {proposer} tại Tờ trình số {tt_no} {vn_date(tt_date)}.")
        t.citations.append({"key": tt_no, "kind": "to_trinh", "date": tt_date})
        dr.center("QUYẾT ĐỊNH:")
        dr.p(f"Điều 1. Ban hành kèm theo Quyết định này {plan_title}.")
        dr.p("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
        dr.p(f"Điều 3. Chánh Văn phòng HĐND và UBND {spec.unit_kind}; Thủ trưởng các cơ quan, đơn vị liên quan; "
             f"Chủ tịch {a.get('XA', 'UBND các xã, thị trấn')} chịu trách nhiệm thi hành Quyết định này./."
             if spec.level == "huyen" else
             f"Điều 3. Chánh Văn phòng HĐND và UBND {spec.unit_kind}, Trưởng các phòng, ban, đơn vị liên quan "
             "chịu trách nhiệm thi hành Quyết định này./.")
        dr.grid([["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"], ["- Như Điều 3;", "CHỦ TỊCH"],
                 [f"- UBND tỉnh {spec.province} (b/c);", ""], ["- Lưu: VT.", "Nguyễn Văn Hải"]], widths=[8, 8])
        dr.pagebreak()
        header(None)
        dr.center("KẾ HOẠCH" if spec.doc_word == "Kế hoạch" else "ĐỀ ÁN")
        dr.center(plan_title[len(spec.doc_word) + 1:][0].upper() + plan_title[len(spec.doc_word) + 2:])
        dr.center(f"(Ban hành kèm theo Quyết định số {spec.number} {vn_date(spec.issued)} của UBND {spec.unit})",
                  bold=False, italic=True)
    else:
        header(spec.number)
        dr.center("KẾ HOẠCH" if spec.form == "kh" else "ĐỀ ÁN")
        dr.center(plan_title[len(spec.doc_word) + 1:][0].upper() + plan_title[len(spec.doc_word) + 2:])

    # ---- section helpers by layout
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    phan = ["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy"]
    counters = {"top": 0, "sub": 0}

    def top(title: str) -> None:
        i = counters["top"]
        counters["top"] += 1
        counters["sub"] = 0
        if spec.layout == "roman":
            dr.h(f"{roman[i]}. {title.upper()}", 1)
        elif spec.layout == "phan":
            dr.h(f"Phần {phan[i]}", 1)
            dr.h(title.upper(), 1)
        else:
            dr.h(f"Chương {roman[i]}", 1)
            dr.h(title.upper(), 1)

    def sub(title: str, level: int = 2) -> None:
        counters["sub"] += 1
        if spec.layout == "roman":
            dr.h(f"{counters['sub']}. {title}", 2)
        else:
            dr.h(f"{roman[counters['sub'] - 1]}. {title.upper() if level == 2 else title}", 2)

    # ---- the bases inside the plan (KH / Đề án form)
    def bases_block() -> None:
        for c in bases:
            dr.p(f"- {c.text};" if spec.layout != "roman" else f"Căn cứ {c.text};")

    if spec.form == "kh":
        bases_block()
        if spec.to_trinh:
            tt_no, tt_date, proposer = spec.to_trinh
            dr.p(f"Theo đề nghị của {proposer} tại Tờ trình số {tt_no} {vn_date(tt_date)};")
            t.citations.append({"key": tt_no, "kind": "to_trinh", "date": tt_date})
        dr.p(f"Ủy ban nhân dân {spec.unit} ban hành Kế hoạch chuyển đổi số {spec.period}, cụ thể như sau:")

    sections = ["purpose", "status", "targets", "tasks", "budget", "org"]
    if spec.form == "dean":
        sections = ["basis", "status", "targets", "tasks", "budget", "org"]
    if d.get("misplace_status"):
        sections.remove("status")
        sections.insert(sections.index("targets") + 1, "status")
        t.expect("STRUCT-02", "section-misplaced", "", note="hiện trạng after mục tiêu")
    for omit in d.get("omit_sections", []):
        sections.remove(omit)
        label = {"org": "tổ chức thực hiện", "budget": "kinh phí"}[omit]
        t.expect("STRUCT-01", "section-missing", label)

    dup_used = []
    for s in sections:
        if s == "basis":
            top("Sự cần thiết và căn cứ xây dựng Đề án")
            sub("Sự cần thiết")
            dr.p(f"Chuyển đổi số là xu thế tất yếu, là động lực để {spec.unit} đổi mới phương thức lãnh đạo, chỉ "
                 "đạo, điều hành, nâng cao chất lượng phục vụ người dân, doanh nghiệp; việc xây dựng Đề án nhằm cụ "
                 f"thể hóa các chủ trương của Trung ương, của tỉnh {spec.province} vào điều kiện thực tế của địa "
                 "phương.")
            sub("Căn cứ xây dựng Đề án")
            bases_block()
        elif s == "purpose":
            top("Mục đích, yêu cầu")
            sub("Mục đích")
            dr.p(f"Cụ thể hóa các mục tiêu, nhiệm vụ chuyển đổi số của tỉnh {spec.province} phù hợp với điều kiện "
                 f"của {spec.unit}; xác định rõ nhiệm vụ, lộ trình, cơ quan chủ trì và nguồn lực thực hiện.")
            sub("Yêu cầu")
            dr.p("Các cơ quan, đơn vị chủ động, sáng tạo trong tổ chức thực hiện; bám sát mục tiêu, chỉ tiêu được "
                 "giao; bảo đảm thiết thực, hiệu quả, tránh hình thức, lãng phí; không trùng lặp với các chương "
                 "trình, dự án khác đang triển khai trên địa bàn.")
        elif s == "status":
            heading = spec.status_heading
            i = counters["top"]
            counters["top"] += 1
            counters["sub"] = 0
            if spec.layout == "roman":
                status_section(spec, f, dr, f"{roman[i]}. {heading.upper()}", sub)
            else:
                dr.h(f"Phần {phan[i]}" if spec.layout == "phan" else f"Chương {roman[i]}", 1)
                status_section(spec, f, dr, heading.upper(), sub)
        elif s == "targets":
            top("Mục tiêu")
            sub("Mục tiêu chung")
            targets_section(spec, f, dr, sub, t)
        elif s == "tasks":
            top("Nhiệm vụ, giải pháp")
            groups = [g for g in ("nen_tang", "chinh_quyen_so", "kinh_te_so", "xa_hoi_so")
                      if g != d.get("pillar_missing")]
            for g in groups:
                title = {"nen_tang": "Phát triển hạ tầng số và nhân lực số",
                         "chinh_quyen_so": "Phát triển chính quyền số",
                         "kinh_te_so": "Phát triển kinh tế số", "xa_hoi_so": "Phát triển xã hội số"}[g]
                if g == d.get("pillar_thin"):
                    sub(title)
                    word = {"kinh_te_so": "kinh tế số", "xa_hoi_so": "xã hội số",
                            "chinh_quyen_so": "chính quyền số"}[g]
                    dr.p(f"Từng bước phát triển {word} phù hợp với điều kiện của địa phương.")
                    continue
                sub(title)
                texts = list(PILLAR_TEXT[g])
                if spec.level == "xa":
                    texts = [x.replace("cán bộ, công chức", "cán bộ, công chức xã") for x in texts]
                if spec.unit_kind == "thị xã":
                    texts = [x.replace("xã, thị trấn", "xã, phường") for x in texts]
                if g == d.get("dup_in"):
                    texts.insert(1, DUP_PASSAGES[d["dup_passage"]])
                    dup_used.append(DUP_PASSAGES[d["dup_passage"]])
                for x in texts:
                    dr.p(x)
                if spec.tasks_mode == "prose":
                    for x in [x for x in tasks if x.group == g]:
                        dr.p(prose_task(x, spec))
                elif spec.tasks_mode == "list":
                    for x in [x for x in tasks if x.group == g]:
                        dr.bullet(list_task(x, spec))
            if not d.get("no_level_below"):
                sub("Nhiệm vụ đối với cấp cơ sở" if spec.level != "xa" else "Nhiệm vụ đối với thôn, tổ dân phố")
                dr.p(LEVEL_BELOW[spec.level].replace("xã, thị trấn", below_words(spec)))
            if d.get("body_only"):
                c = body_only[0]
                dr.p(f"Thực hiện {c.text}, tiếp tục phối hợp với Công an cùng cấp làm sạch dữ liệu dân cư, "
                     "triển khai các tiện ích của tài khoản định danh điện tử trong giải quyết thủ tục hành chính.")
            if spec.tasks_mode in ("appendix", "inline"):
                if spec.tasks_mode == "inline":
                    sub("Danh mục nhiệm vụ trọng tâm")
                    rows, merges, bold, total, written = tasks_table(spec, tasks, d)
                    dr.table(rows, merge_rows=merges, bold_rows=bold, widths=[1.0, 4.6, 2.8, 2.6, 1.8, 1.6, 1.6])
                else:
                    dr.p("Danh mục nhiệm vụ, dự án cụ thể tại Phụ lục kèm theo.", italic=True)
        elif s == "budget":
            top("Kinh phí thực hiện")
            total = sum(x.budget or 0 for x in tasks)
            stated = total + d.get("stated_total_off", 0)
            dr.p(f"Tổng kinh phí dự kiến thực hiện {spec.doc_word}: {money_words(stated, spec.budget_in_ty)}"
                 + (f" ({money(stated)} triệu đồng)" if stated >= 1000 else "") +
                 ", từ ngân sách nhà nước theo phân cấp, lồng ghép các chương trình mục tiêu quốc gia và huy động "
                 "nguồn xã hội hóa.")
            dr.p("Hằng năm, căn cứ nhiệm vụ được giao, các cơ quan, đơn vị lập dự toán kinh phí gửi cơ quan tài "
                 "chính cùng cấp thẩm định, trình cấp có thẩm quyền bố trí theo quy định; ưu tiên hình thức thuê "
                 "dịch vụ công nghệ thông tin.")
            if d.get("stated_total_off"):
                t.expect("TASK-07", "budget-mismatch", "", note=f"stated {stated} vs sum {total} million")
        elif s == "org":
            top("Tổ chức thực hiện")
            lead = a.get("VHTT") or a.get("VHXH") or a.get("KHCN")
            sub(lead)
            dr.p(f"Là cơ quan thường trực, hướng dẫn, đôn đốc, kiểm tra việc thực hiện {spec.doc_word}; tổng hợp, "
                 f"báo cáo kết quả định kỳ 6 tháng, hằng năm về UBND {spec.unit_kind}.")
            fin = a.get("TCKH") or a.get("KT") or a.get("TC")
            sub(fin)
            dr.p("Tham mưu bố trí kinh phí thực hiện các nhiệm vụ theo khả năng cân đối ngân sách; hướng dẫn thanh "
                 "toán, quyết toán theo quy định.")
            if spec.level != "xa" and not d.get("no_level_below"):
                sub(a["XA"])
                dr.p(f"Căn cứ {spec.doc_word}, xây dựng kế hoạch chuyển đổi số của địa phương; bố trí nguồn lực, "
                     "tổ chức thực hiện và báo cáo kết quả định kỳ.")
    if d.get("dup_in"):
        t.expect("DUP-01", "duplicate", dup_used[0][:45] if dup_used else "", note="copied from corpora/")

    # ---- signature
    if spec.form != "qd":
        dr.grid([["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"],
                 [f"- UBND tỉnh {spec.province} (b/c);" if spec.level != "tinh" else
                  "- Bộ Khoa học và Công nghệ (b/c);", "KT. CHỦ TỊCH"],
                 ["- Các cơ quan, đơn vị liên quan;", "PHÓ CHỦ TỊCH"],
                 ["- Lưu: VT.", "Trần Thị Minh Thu"]], widths=[8, 8])

    # ---- appendix
    if spec.tasks_mode == "appendix":
        landscape = spec.by_source or spec.seed % 2 == 0
        dr.section(landscape)
        dr.center("Phụ lục")
        dr.center(f"DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ {spec.unit.upper()} {spec.period.upper()}")
        own = spec.plan_number or spec.number
        dr.center(f"(Kèm theo {'Quyết định' if spec.form == 'qd' else spec.doc_word} số {own} "
                  f"{vn_date(spec.issued)} của UBND {spec.unit})", bold=False, italic=True)
        if spec.by_source:
            rows, merges, vmerges, bold, total, written = tasks_table_by_source(spec, tasks, d)
            dr.table(rows, header_rows=2, merge_rows=merges, bold_rows=bold, vmerges=vmerges,
                     widths=[1.0, 7.0, 3.8, 2.2, 2.0, 2.0, 2.0, 2.0, 2.6])
        else:
            rows, merges, bold, total, written = tasks_table(spec, tasks, d)
            dr.table(rows, merge_rows=merges, bold_rows=bold,
                     widths=[1.0, 7.5, 4.0, 3.6, 2.4, 2.2, 3.9] if landscape else [1.0, 4.6, 2.8, 2.6, 1.8, 1.6, 1.6])
        if d.get("table_total_off"):
            t.expect("TASK-07", "budget-mismatch", "", note=f"table total {written} vs sum {total} million")

    # ---- defects that concern the whole document
    if "749/QĐ-TTg" in d.get("omit_bases", []):
        t.expect("LEGAL-01", "legal-749-missing")
    if d.get("no_provincial"):
        t.expect("LEGAL-02", "legal-provincial-missing")
    for k in d.get("omit_bases", []):
        if k in ("942/QĐ-TTg", "411/QĐ-TTg", "57-NQ/TW"):
            t.expect("LEGAL-04", "legal-expected-missing", k)
    if d.get("status_no_figures"):
        t.expect("STATUS-02", "status-no-figures")
        t.allow("TARGET-03", note="targets lack baselines because the status has no figures")
        t.allow("TARGET-02", note="high targets without baseline")
        t.allow("STATUS-03")
    if d.get("status_no_dti"):
        t.expect("STATUS-03", "status-no-indicators")
    for key in ("pillar_missing", "pillar_thin"):
        g = d.get(key)
        if g:
            rule = {"chinh_quyen_so": "PILLAR-01", "kinh_te_so": "PILLAR-02", "xa_hoi_so": "PILLAR-03"}[g]
            name = {"chinh_quyen_so": "chính quyền số", "kinh_te_so": "kinh tế số", "xa_hoi_so": "xã hội số"}[g]
            t.expect(rule, "pillar-missing" if key == "pillar_missing" else "pillar-mentioned-only", name)
            t.allow("TASK-08", name)
            if key == "pillar_missing" and g != "chinh_quyen_so":
                t.allow("LEGAL-04", "411", note="411 is expected only when KTS/XHS are planned")
    if d.get("no_level_below"):
        t.expect("SCOPE-01", "level-below-missing")
        if spec.level == "tinh" and spec.era == "new":
            t.allow("PROVINCE-02", note="same omission: the organisation section gives the communes no duty")
    if d.get("omit_sections") and "budget" in d["omit_sections"]:
        pass

    for x in tasks:
        if spec.by_source and x.budget is None:  # no amount in any source column: no source either
            x.source = ""
            t.allow("TASK-06", x.name[:40], note="same omission as its missing budget (by-source table)")
        t.tasks.append({"name": x.name, "owner": x.owner, "time": x.time,
                        "budget_vnd": int(round(x.budget * 1_000_000)) if x.budget is not None else None,
                        "source": x.source, "pillar": x.group})
    for key, name in (("chinh_quyen_so", "chính quyền số"), ("kinh_te_so", "kinh tế số"), ("xa_hoi_so", "xã hội số")):
        if tasks and not any(x.group == key for x in tasks) and key not in (d.get("pillar_missing"),
                                                                          d.get("pillar_thin")):
            # the body develops the pillar but the drawn task list holds none of its tasks: a true remark
            t.allow("TASK-08", name, note="the task list holds no task of a pillar the body develops")
    truth = {
        "draft": f"{spec.stem}.{spec.fmt}",
        "shapes": spec.shapes,
        "clean": not t.expected,
        "meta": {"level": spec.level, "unit": spec.unit, "plan_year": spec.plan_year,
                 "horizon_end": spec.horizon_end if not spec.vision else max(spec.horizon_end, spec.vision),
                 "own_number": spec.number, "issued_on": dt.date.fromisoformat(spec.issued),
                 "province": f"tỉnh {spec.province}" if spec.level != "tinh" else spec.unit},
        "expected_findings": t.expected,
        "allowed_findings": t.allowed,
        "tasks": t.tasks,
        "budget_total_vnd": int(round(sum(x.budget or 0 for x in tasks) * 1_000_000)),
        "citations": t.citations,
    }
    if spec.plan_number:
        truth["meta"]["plan_number"] = spec.plan_number
    if spec.docx.transform in ("tcvn3", "vni") or spec.txt.encoding in ("tcvn3", "vni"):
        truth["legacy_encoding"] = spec.docx.transform if spec.fmt == "docx" else spec.txt.encoding
    return dr, truth


def write(spec: Spec, out_dir: Path) -> Path:
    dr, truth = build(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{spec.stem}.{spec.fmt}"
    spec.docx.date = dt.date.fromisoformat(spec.issued)
    if spec.fmt == "docx":
        write_docx(dr, path, spec.docx)
    elif spec.fmt == "txt":
        write_txt(dr, path, spec.txt)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            src = write_docx(dr, Path(tmp) / f"{spec.stem}.docx", spec.docx)
            pdf = docx_to_pdf(src, Path(tmp))
            shutil.copyfile(pdf, path)
    with open(out_dir / f"{spec.stem}.truth.yaml", "w", encoding="utf-8") as fh:
        fh.write(f"# Ground truth for {path.name} — written by make_realistic.py; what a careful reviewer "
                 "would say.\n")
        yaml.safe_dump(truth, fh, allow_unicode=True, sort_keys=False, width=110)
    return path


# --------------------------------------------------------------------------- the drafts
# Fictional units: tỉnh Đông Lĩnh (legacy districts, 2021-2025), tỉnh Vĩnh Xuyên (two-tier government
# from 1 July 2025). Held-out drafts use tỉnh Quảng Hà and tỉnh Bắc Thịnh.
SPECS: list[Spec] = [
    Spec("r01-quyet-dinh-huyen-phu-lac-2022", "docx", "qd", "roman", "huyen", "huyện", "Phú Lạc", "Đông Lĩnh",
         "1835/QĐ-UBND", "2022-07-18", 2022, 2025, n_tasks=14, seed=1,
         status_heading="Thực trạng chuyển đổi số trên địa bàn huyện",
         to_trinh=("62/TTr-VHTT", "2022-07-08", "Trưởng phòng Văn hóa và Thông tin"),
         defects={"wrong_date": {"52-NQ/TW": "2018-09-27"}, "no_time": [3], "table_total_off": 500},
         shapes=["quyet-dinh-form", "bold-headings", "appendix-subtotals", "merged-cells", "header-footer",
                 "borderless-header-table"],
         docx=DocxStyle(header_text="Kế hoạch chuyển đổi số huyện Phú Lạc giai đoạn 2022-2025")),
    Spec("r02-ke-hoach-huyen-tan-khe-2023", "docx", "kh", "roman", "huyen", "huyện", "Tân Khê", "Đông Lĩnh",
         "86/KH-UBND", "2023-03-14", 2023, 2025, n_tasks=11, seed=2,
         status_heading="Tình hình triển khai chuyển đổi số thời gian qua",
         defects={"pillar_thin": "kinh_te_so", "target_unrealistic": True, "no_budget": [2, 6],
                  "budget_text": "Theo dự toán được duyệt"},
         shapes=["ke-hoach-form", "bold-headings", "appendix-subtotals", "nfd", "status-heading-tinh-hinh"],
         docx=DocxStyle(transform="nfd")),
    Spec("r03-ke-hoach-huyen-dong-phong-2023", "pdf", "kh", "roman", "huyen", "huyện", "Đông Phong", "Đông Lĩnh",
         "112/KH-UBND", "2023-05-22", 2023, 2025, n_tasks=16, seed=3,
         status_heading="Thực trạng chuyển đổi số huyện Đông Phong",
         to_trinh=("31/TTr-VHTT", "2023-05-10", "Phòng Văn hóa và Thông tin"),
         shapes=["ke-hoach-form", "word-pdf", "running-header", "page-numbers", "table-across-pages",
                 "appendix-subtotals", "clean"],
         docx=DocxStyle(bold_headings=False, header_text="Kế hoạch chuyển đổi số huyện Đông Phong")),
    Spec("r04-de-an-huyen-yen-ha-2022", "txt", "dean", "phan", "huyen", "huyện", "Yên Hà", "Đông Lĩnh",
         "05/ĐA-UBND", "2021-12-15", 2022, 2025, n_tasks=12, seed=4,
         status_heading="Thực trạng công tác chuyển đổi số",
         defects={"omit_bases": ["749/QĐ-TTg"], "status_no_figures": True, "no_owner": [1, 5],
                  "dup_in": "xa_hoi_so", "dup_passage": "xa_hoi_so"},
         shapes=["de-an-form", "phan-thu", "word-txt-utf8-bom", "crlf", "tab-tables", "dash-bullets",
                 "duplicate-of-provincial-plan"],
         txt=TxtStyle(encoding="utf-8-sig", bullet="-")),
    Spec("r05-de-an-thi-xa-bac-linh-2022", "txt", "dean", "chuong", "huyen", "thị xã", "Bắc Lĩnh", "Đông Lĩnh",
         "12/ĐA-UBND", "2022-09-06", 2022, 2025, n_tasks=12, seed=5, tasks_mode="list",
         status_heading="Đánh giá thực trạng chuyển đổi số của thị xã",
         defects={"no_provincial": True, "omit_sections": ["org"], "no_source": [4, 8]}, budget_in_ty=True,
         shapes=["de-an-form", "chuong", "word-txt-utf16le-bom", "crlf", "bullet-tab", "tasks-as-list", "budget-in-ty"],
         txt=TxtStyle(encoding="utf-16-le-bom", bullet="•", bullet_tab=True)),
    Spec("r06-quyet-dinh-xa-phuoc-lam-trung-2026", "docx", "qd", "roman", "xa", "xã", "Phước Lâm Trung",
         "Vĩnh Xuyên", "58/QĐ-UBND", "2026-01-12", 2026, 2030, vision=None, n_tasks=9, seed=6,
         status_heading="Kết quả chuyển đổi số năm 2025",
         to_trinh=("07/TTr-VHXH", "2026-01-05", "Trưởng phòng Văn hóa - Xã hội"),
         defects={"omit_bases": ["57-NQ/TW"], "status_no_dti": True, "no_time": [2], "vague_time": "Thường xuyên"},
         shapes=["quyet-dinh-form", "bold-headings", "old-tone-placement", "commune", "post-2025",
                 "status-heading-ket-qua"],
         docx=DocxStyle(transform="old_tone"), merge_groups=False),
    # ---- stage 2 (r16: added after the first measurements, same rules)
    Spec("r07-quyet-dinh-huyen-hoa-my-2024", "docx", "qd", "roman", "huyen", "huyện", "Hòa Mỹ", "Đông Lĩnh",
         "327/QĐ-UBND", "2024-02-20", 2024, 2025, n_tasks=13, seed=7,
         status_heading="Đánh giá thực trạng chuyển đổi số của huyện",
         to_trinh=("09/TTr-VHTT", "2024-02-06", "Trưởng phòng Văn hóa và Thông tin"),
         shapes=["quyet-dinh-form", "bold-headings", "appendix-subtotals", "merged-cells", "page-numbers",
                 "word-list-bullets", "clean"],
         docx=DocxStyle(header_text="", list_bullets=True)),
    Spec("r08-de-an-huyen-ngoc-sa-2024", "pdf", "dean", "phan", "huyen", "huyện", "Ngọc Sa", "Đông Lĩnh",
         "02/ĐA-UBND", "2024-04-10", 2024, 2025, n_tasks=15, seed=8,
         status_heading="Thực trạng chuyển đổi số huyện Ngọc Sa",
         defects={"target_early": True, "body_only": ["06/QĐ-TTg"], "no_owner": [6], "stated_total_off": 750,
                  "no_level_below": True},
         shapes=["de-an-form", "phan-thu", "word-pdf", "page-numbers", "table-across-pages", "appendix-subtotals"],
         docx=DocxStyle(header_text="Đề án chuyển đổi số huyện Ngọc Sa")),
    Spec("r09-ke-hoach-huyen-lac-van-2023", "txt", "kh", "roman", "huyen", "huyện", "Lạc Vân", "Đông Lĩnh",
         "154/KH-UBND", "2023-08-21", 2023, 2025, n_tasks=10, seed=9,
         status_heading="Thực trạng chuyển đổi số trên địa bàn huyện",
         defects={"pillar_missing": "xa_hoi_so", "status_no_figures": True, "no_budget": [4], "misplace_status": True},
         shapes=["ke-hoach-form", "word-txt-cp1258", "crlf", "tab-tables", "dash-bullets"],
         txt=TxtStyle(encoding="cp1258", bullet="-")),
    Spec("r10-ke-hoach-huyen-hung-lac-2023-tcvn3", "docx", "kh", "roman", "huyen", "huyện", "Hưng Lạc", "Đông Lĩnh",
         "208/KH-UBND", "2022-12-19", 2023, 2023, vision=None, yearly=True, n_tasks=10, seed=10,
         status_heading="Kết quả thực hiện chuyển đổi số năm 2022",
         defects={"wrong_date": {"942/QĐ-TTg": "2022-06-15"}, "no_source": [1], "misplace_status": True},
         shapes=["ke-hoach-form", "yearly-plan", "legacy-font-tcvn3", "bold-headings"],
         docx=DocxStyle(transform="tcvn3", font=".VnTime", heading_font=".VnTimeH", page_numbers=True)),
    Spec("r11-de-an-huyen-thuan-hai-2021-vni", "txt", "dean", "chuong", "huyen", "huyện", "Thuận Hải", "Đông Lĩnh",
         "09/ĐA-UBND", "2021-10-20", 2021, 2025, n_tasks=11, seed=11,
         status_heading="Thực trạng ứng dụng công nghệ thông tin và chuyển đổi số",
         defects={"misplace_status": True, "no_time": [5], "vague_time": "Thường xuyên", "no_provincial": True},
         shapes=["de-an-form", "chuong", "legacy-encoding-vni", "word-txt", "crlf", "tab-tables"],
         txt=TxtStyle(encoding="vni", bullet="-")),
    Spec("r12-ke-hoach-tinh-vinh-xuyen-2026", "docx", "kh", "roman", "tinh", "tỉnh", "Vĩnh Xuyên", "Vĩnh Xuyên",
         "221/KH-UBND", "2025-12-26", 2026, 2026, vision=None, yearly=True, n_tasks=11, seed=12,
         status_heading="Kết quả thực hiện chuyển đổi số năm 2025",
         to_trinh=("412/TTr-SKHCN", "2025-12-15", "Sở Khoa học và Công nghệ"),
         shapes=["ke-hoach-form", "provincial", "post-2025", "yearly-plan", "heading-styles", "appendix-subtotals",
                 "status-heading-ket-qua", "word-list-bullets", "landscape-appendix", "clean"],
         docx=DocxStyle(bold_headings=False, header_text="", list_bullets=True)),
    Spec("r13-ke-hoach-phuong-binh-minh-tay-2025", "docx", "kh", "roman", "xa", "phường", "Bình Minh Tây",
         "Vĩnh Xuyên", "36/KH-UBND", "2025-09-18", 2025, 2030, vision=None, tasks_mode="prose", n_tasks=9, seed=13,
         status_heading="Tình hình chuyển đổi số trên địa bàn phường",
         defects={"pillar_thin": "xa_hoi_so", "target_unrealistic": True, "no_budget": [3],
                  "body_only": ["06/QĐ-TTg"]}, budget_in_ty=True,
         shapes=["ke-hoach-form", "commune", "post-2025", "bold-headings", "tasks-as-prose", "budget-in-ty",
                 "status-heading-tinh-hinh"],
         docx=DocxStyle(header_text="")),
    Spec("r14-de-an-huyen-son-phu-2021", "pdf", "dean", "chuong", "huyen", "huyện", "Sơn Phú", "Đông Lĩnh",
         "07/ĐA-UBND", "2021-09-28", 2021, 2025, n_tasks=18, seed=14,
         status_heading="Thực trạng chuyển đổi số huyện Sơn Phú",
         defects={"status_no_dti": True, "omit_bases": ["942/QĐ-TTg"], "dup_in": "nen_tang", "dup_passage": "nen_tang",
                  "no_level_below": True}, budget_in_ty=True,
         shapes=["de-an-form", "chuong", "word-pdf", "running-header", "page-numbers", "table-across-pages",
                 "duplicate-of-provincial-plan", "budget-in-ty"],
         docx=DocxStyle(header_text="Đề án chuyển đổi số huyện Sơn Phú giai đoạn 2021-2025")),
    Spec("r15-ke-hoach-huyen-duc-phong-2024", "docx", "kh", "roman", "huyen", "huyện", "Đức Phong", "Đông Lĩnh",
         "18/KH-UBND", "2024-01-25", 2024, 2024, vision=None, yearly=True, tasks_mode="inline", n_tasks=10, seed=15,
         status_heading="Kết quả thực hiện chuyển đổi số năm 2023",
         defects={"omit_bases": ["749/QĐ-TTg"], "pillar_missing": "kinh_te_so", "omit_sections": ["budget"],
                  "target_early": True},
         shapes=["ke-hoach-form", "yearly-plan", "bold-headings", "inline-task-table", "status-heading-ket-qua"],
         docx=DocxStyle(header_text="Kế hoạch CĐS huyện Đức Phong năm 2024")),
    Spec("r16-ke-hoach-huyen-kim-dai-2023", "docx", "kh", "roman", "huyen", "huyện", "Kim Đài", "Đông Lĩnh",
         "173/KH-UBND", "2023-10-05", 2023, 2025, n_tasks=12, seed=16, by_source=True,
         status_heading="Thực trạng chuyển đổi số huyện Kim Đài",
         to_trinh=("58/TTr-VHTT", "2023-09-26", "Phòng Văn hóa và Thông tin"),
         defects={"omit_bases": ["411/QĐ-TTg"], "misplace_status": True, "no_budget": [5]},
         shapes=["ke-hoach-form", "bold-headings", "word-auto-numbered-headings", "appendix-by-source",
                 "two-header-rows", "vertical-merges", "landscape-appendix"],
         docx=DocxStyle(auto_numbering=True, header_text="")),
]
# Held-out drafts: written after the 15 above, other provinces and units, never used while tuning.
HELDOUT: list[Spec] = [
    Spec("h01-quyet-dinh-huyen-van-an-2023", "docx", "qd", "roman", "huyen", "huyện", "Vạn An", "Quảng Hà",
         "1462/QĐ-UBND", "2023-06-12", 2023, 2025, n_tasks=12, seed=21, heldout=True,
         status_heading="Thực trạng chuyển đổi số trên địa bàn huyện Vạn An",
         to_trinh=("118/TTr-VHTT", "2023-06-02", "Trưởng phòng Văn hóa và Thông tin"),
         shapes=["quyet-dinh-form", "bold-headings", "appendix-subtotals", "merged-cells", "page-numbers",
                 "budget-in-ty", "clean"], budget_in_ty=True),
    Spec("h02-ke-hoach-xa-dong-hoa-bac-2026", "pdf", "kh", "roman", "xa", "xã", "Đông Hòa Bắc", "Bắc Thịnh",
         "21/KH-UBND", "2026-02-09", 2026, 2030, vision=None, tasks_mode="prose", n_tasks=9, seed=22, heldout=True,
         status_heading="Kết quả triển khai chuyển đổi số năm 2025",
         defects={"no_provincial": True, "target_unrealistic": True, "no_owner": [2], "status_no_dti": True},
         shapes=["ke-hoach-form", "commune", "post-2025", "word-pdf", "tasks-as-prose", "status-heading-ket-qua"],
         docx=DocxStyle(header_text="Kế hoạch chuyển đổi số xã Đông Hòa Bắc")),
    Spec("h03-de-an-huyen-thach-yen-2022", "txt", "dean", "phan", "huyen", "huyện", "Thạch Yên", "Quảng Hà",
         "03/ĐA-UBND", "2022-05-30", 2022, 2025, n_tasks=12, seed=23, heldout=True,
         status_heading="Đánh giá thực trạng chuyển đổi số",
         defects={"pillar_thin": "xa_hoi_so", "wrong_date": {"749/QĐ-TTg": "2020-03-06"}, "no_source": [3],
                  "table_total_off": 300},
         shapes=["de-an-form", "phan-thu", "word-txt-utf16le-bom", "crlf", "tab-tables", "appendix-subtotals"],
         txt=TxtStyle(encoding="utf-16-le-bom", bullet="-")),
    Spec("h04-ke-hoach-tinh-bac-thinh-2026", "docx", "kh", "roman", "tinh", "tỉnh", "Bắc Thịnh", "Bắc Thịnh",
         "309/KH-UBND", "2025-12-30", 2026, 2026, vision=None, yearly=True, n_tasks=10, seed=24, heldout=True,
         status_heading="Tình hình thực hiện chuyển đổi số năm 2025",
         to_trinh=("655/TTr-SKHCN", "2025-12-22", "Sở Khoa học và Công nghệ"),
         defects={"omit_bases": ["749/QĐ-TTg"], "omit_sections": ["org"], "no_level_below": True, "no_time": [4]},
         shapes=["ke-hoach-form", "provincial", "post-2025", "yearly-plan", "nfd", "bold-headings",
                 "appendix-subtotals"],
         docx=DocxStyle(transform="nfd")),
    Spec("h05-ke-hoach-huyen-hai-yen-2022", "txt", "kh", "roman", "huyen", "huyện", "Hải Yên", "Quảng Hà",
         "41/KH-UBND", "2022-03-08", 2022, 2025, n_tasks=11, seed=25, heldout=True,
         status_heading="Thực trạng chuyển đổi số huyện Hải Yên",
         defects={"misplace_status": True, "dup_in": "kinh_te_so", "dup_passage": "kinh_te_so",
                  "body_only": ["06/QĐ-TTg"], "no_budget": [7]},
         shapes=["ke-hoach-form", "word-txt-utf8-bom", "crlf", "tab-tables", "bullet-dot",
                 "duplicate-of-provincial-plan"],
         txt=TxtStyle(encoding="utf-8-sig", bullet="•")),
    # A second held-out batch, written after the issue-11 fixes had been tuned on h01-h05 (2026-11-23) and
    # measured once: other seeds, places and combinations of shapes and defects.
    Spec("h06-ke-hoach-phuong-an-lac-2026", "docx", "kh", "roman", "xa", "phường", "An Lạc", "Tây Giang",
         "58/KH-UBND", "2026-03-16", 2026, 2030, vision=None, tasks_mode="list", n_tasks=8, seed=31, heldout=True,
         status_heading="Tình hình chuyển đổi số trên địa bàn phường",
         defects={"no_budget": [1], "no_source": [4], "pillar_thin": "kinh_te_so"},
         shapes=["ke-hoach-form", "commune", "post-2025", "tasks-as-list", "old-tone-marks", "word-list-bullets"],
         docx=DocxStyle(transform="old_tone", list_bullets=True)),
    Spec("h07-de-an-huyen-minh-son-2021", "pdf", "dean", "chuong", "huyen", "huyện", "Minh Sơn", "Tây Giang",
         "12/ĐA-UBND", "2021-08-20", 2021, 2025, n_tasks=13, seed=32, heldout=True, by_source=True,
         status_heading="Thực trạng chuyển đổi số huyện Minh Sơn",
         defects={"wrong_date": {"942/QĐ-TTg": "2021-06-25"}, "no_time": [6], "status_no_figures": True},
         shapes=["de-an-form", "chuong", "word-pdf", "appendix-by-source", "two-header-rows", "page-numbers"],
         docx=DocxStyle(header_text="Đề án chuyển đổi số huyện Minh Sơn")),
    Spec("h08-quyet-dinh-xa-tan-phu-dong-2025", "docx", "qd", "roman", "xa", "xã", "Tân Phú Đông", "Tây Giang",
         "215/QĐ-UBND", "2025-09-05", 2025, 2030, vision=None, n_tasks=9, seed=33, heldout=True,
         plan_number="96/KH-UBND", budget_in_ty=True,
         to_trinh=("41/TTr-VP", "2025-08-28", "Văn phòng HĐND và UBND xã"),
         status_heading="Kết quả chuyển đổi số năm 2025",
         defects={"no_provincial": True, "no_owner": [3], "table_total_off": 150},
         shapes=["quyet-dinh-form", "commune", "post-2025", "bold-headings", "budget-in-ty", "appendix-subtotals"]),
    Spec("h09-ke-hoach-huyen-dong-xuyen-2024", "txt", "kh", "roman", "huyen", "huyện", "Đông Xuyên", "Hà Lâm",
         "77/KH-UBND", "2024-01-22", 2024, 2024, vision=None, yearly=True, n_tasks=10, seed=34, heldout=True,
         status_heading="Kết quả thực hiện năm 2023",
         defects={"pillar_missing": "xa_hoi_so", "body_only": ["06/QĐ-TTg"], "vague_time": [2]},
         shapes=["ke-hoach-form", "yearly-plan", "word-txt-utf16le-bom", "crlf", "tab-tables"],
         txt=TxtStyle(encoding="utf-16-le-bom", bullet="-", bullet_tab=True)),
    Spec("h10-ke-hoach-tinh-ha-lam-2026", "pdf", "kh", "phan", "tinh", "tỉnh", "Hà Lâm", "Hà Lâm",
         "142/KH-UBND", "2026-05-11", 2026, 2030, vision=2035, n_tasks=12, seed=35, heldout=True,
         status_heading="Đánh giá tình hình chuyển đổi số giai đoạn 2021-2025",
         to_trinh=("210/TTr-SKHCN", "2026-04-28", "Sở Khoa học và Công nghệ"),
         defects={"omit_bases": ["57-NQ/TW"], "no_level_below": True, "misplace_status": True},
         shapes=["ke-hoach-form", "provincial", "post-2025", "phan-thu", "word-pdf", "appendix-subtotals"],
         docx=DocxStyle(header_text="")),
]




def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heldout", action="store_true", help="write the held-out drafts (benchmarks/data/heldout/)")
    ap.add_argument("--only", nargs="*", help="stems (or prefixes) to write")
    args = ap.parse_args(argv)
    specs, out = (HELDOUT, HELDOUT_DIR) if args.heldout else (SPECS, HERE)
    for spec in specs:
        if args.only and not any(spec.stem.startswith(o) for o in args.only):
            continue
        path = write(spec, out)
        print(f"wrote {path.relative_to(ROOT)}")
    write_index(out, "held-out drafts (kept aside while tuning)" if args.heldout else "drafts")
    return 0


def write_index(folder: Path, what: str) -> None:
    """README.md of a corpus folder: one line per draft, from its truth file."""
    lines = [f"# Realistic corpus — {what}", "",
             "Written by `tests/data/realistic/make_realistic.py` (not planreview_testing/synthetic.py); measured by",
             "`python benchmarks/eval_realistic.py" + (" --heldout`." if folder == HELDOUT_DIR else "`."),
             "Fictional units; national documents keep their real numbers and dates. Each draft has a",
             "`.truth.yaml`: expected findings (planted defects), allowed findings, every task, every citation.",
             "", "| draft | level | shapes | expected findings (category: rule) |", "| --- | --- | --- | --- |"]
    for truth_path in sorted(folder.glob("*.truth.yaml")):
        t = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        exp = "; ".join(f"{e['category']}: {e['rule']}" for e in t["expected_findings"]) or "**clean**"
        lines.append(f"| {t['draft']} | {t['meta']['level']} | {', '.join(t['shapes'])} | {exp} |")
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
