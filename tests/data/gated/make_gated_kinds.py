"""Write the gated drafts g08–g13 (tests/data/gated/): plans of the kinds the rules must tell apart (issue 30).

    python tests/data/gated/make_gated_kinds.py     # rewrites g08–g13 (not their truth files)

Written apart from the pipeline, in the shapes of real published documents (read with the ``search`` tool) with
fictional places and wording of our own; national documents keep their real numbers and dates
(/work/shared/legal/dx-legal-documents.csv):

* g08 — a province department's own plan (Sở Nông nghiệp và Môi trường): its divisions and units own the tasks,
  "Căn cứ …" preamble with the province's plan, numbering.xml headings, footnote, landscape task appendix;
* g09 — a ward's plan implementing one national decision (Quyết định 1565/QĐ-TTg): "Thực hiện …" preamble and no
  Căn cứ list, copied from a web portal as plain text (pipe table rows);
* g10 — a commune's annual plan issued in January for its own year: "Sự cần thiết" before "Căn cứ", baselines in
  parentheses after targets, mass organisations owning tasks, funds "nguồn thu sự nghiệp", "vốn sự nghiệp",
  "nguồn hợp pháp khác", sector work named by its products;
* g11 — a post-reform commune plan written over an old district template (planted leftovers of the district
  level, an abolished department, an unrealistic jump);
* g12 — a province plan 2026–2030 with a steering committee's plan (…-KH/BCĐ) among its bases, a "Thực hiện …"
  line and the proposing department's Tờ trình, exported to PDF by LibreOffice;
* g13 — a notice of a meeting's conclusions (thông báo kết luận): no plan.

The .truth.yaml files beside the drafts were written before the pipeline ever ran on them (tools/
check_truth_frozen.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import docx_raw as dx  # noqa: E402
from docx_raw import Cell, para, run  # noqa: E402
from make_gated import _bold, _bullets, _h1, _h2, _masthead, to_pdf  # noqa: E402


def _sign(lines: list[str]) -> list[str]:
    return [para(run(t, bold=True), jc="right") for t in lines]


def _noi_nhan(items: list[str]) -> list[str]:
    return [para(run("Nơi nhận:", bold=True, italic=True))] + [para(run(t, size=22)) for t in items]


# --------------------------------------------------------------------------- g08: a department's own plan
def g08(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["UBND TỈNH LÂM GIANG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Số: 15/KH-SNNMT",
                       "Lâm Giang, ngày 22 tháng 01 năm 2026"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số của Sở Nông nghiệp và Môi trường năm 2026", bold=True), jc="center"))
    for t in [
        "Căn cứ Luật Dữ liệu số 60/2024/QH15 ngày 30/11/2024;",
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số quốc gia;",
        "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành động "
        "của Chính phủ thực hiện Nghị quyết số 57-NQ/TW;",
        "Căn cứ Quyết định số 150/QĐ-TTg ngày 28/01/2022 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển nông "
        "nghiệp và nông thôn bền vững giai đoạn 2021 - 2030, tầm nhìn đến năm 2050;",
        "Căn cứ Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển "
        "Chính phủ số;",
        "Căn cứ Quyết định số 09/2025/QĐ-UBND ngày 03/3/2025 của UBND tỉnh Lâm Giang quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Sở Nông nghiệp và Môi trường;",
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 20/01/2026 của UBND tỉnh Lâm Giang về chuyển đổi số tỉnh Lâm Giang năm "
        "2026,",
    ]:
        b.append(para(run(t, italic=True)))
    b.append(para("Sở Nông nghiệp và Môi trường xây dựng Kế hoạch chuyển đổi số năm 2026 của Sở như sau:"))
    b.append(_h1("KẾT QUẢ CHUYỂN ĐỔI SỐ CỦA SỞ NĂM 2025"))
    b.append(_h2("Kết quả đạt được"))
    b.append(para("Năm 2025, 100% văn bản đi, đến của Sở (trừ văn bản mật) được xử lý trên Hệ thống quản lý văn bản và "
                  "điều hành; 112/118 thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được cung cấp dịch vụ công "
                  "trực tuyến toàn trình; tỷ lệ hồ sơ nộp trực tuyến đạt 71%. Cơ sở dữ liệu đất đai đã hoàn thành tại "
                  "41/58 xã, phường và được kết nối với cơ sở dữ liệu quốc gia về đất đai", dx.footnote_ref(1), "."))
    b.append(para("Toàn tỉnh có 1.240 mã số vùng trồng và 96 mã số cơ sở đóng gói được cấp, 186 sản phẩm nông sản có "
                  "tem truy xuất nguồn gốc. Theo kết quả đánh giá chỉ số chuyển đổi số của các sở, ban, ngành năm "
                  "2025, Sở xếp thứ 6/17 cơ quan cấp tỉnh; 82% công chức, viên chức của Sở đã được bồi dưỡng kỹ "
                  "năng số."))
    b.append(_h2("Tồn tại, hạn chế"))
    b.append(para("Dữ liệu chuyên ngành về trồng trọt, chăn nuôi, lâm nghiệp còn lưu ở nhiều phần mềm riêng rẽ, chưa "
                  "đồng bộ; 17 xã, phường chưa có cơ sở dữ liệu đất đai; một số viên chức ở các trạm, hạt còn hạn chế "
                  "về kỹ năng số; kinh phí sự nghiệp dành cho chuyển đổi số còn thấp."))
    b.append(_h1("MỤC TIÊU NĂM 2026"))
    b += _bullets([
        "100% thủ tục hành chính đủ điều kiện thuộc thẩm quyền của Sở được cung cấp trực tuyến toàn trình; tỷ lệ hồ sơ "
        "nộp trực tuyến đạt 80%.",
        "Hoàn thành cơ sở dữ liệu đất đai tại 58/58 xã, phường.",
        "Cấp mới tối thiểu 150 mã số vùng trồng; 250 sản phẩm nông sản có tem truy xuất nguồn gốc.",
        "100% công chức, viên chức của Sở được bồi dưỡng kỹ năng số và an toàn thông tin.",
    ])
    b.append(_h1("NHIỆM VỤ, GIẢI PHÁP"))
    b.append(_h2("Chuyển đổi số trong quản lý nhà nước của Sở"))
    b.append(para("Chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực đất đai, môi trường, tài nguyên "
                  "nước; số hóa hồ sơ, kết quả giải quyết; vận hành hệ thống quan trắc môi trường tự động và công khai "
                  "số liệu trên Cổng thông tin điện tử của Sở."))
    b.append(_h2("Dữ liệu số của ngành"))
    b.append(para("Hoàn thiện cơ sở dữ liệu đất đai; cập nhật cơ sở dữ liệu mã số vùng trồng, cơ sở đóng gói; ứng dụng "
                  "bản đồ số và ảnh vệ tinh theo dõi diễn biến rừng."))
    b.append(_h2("Chuyển đổi số trong sản xuất, kinh doanh nông sản"))
    b.append(para("Hướng dẫn hợp tác xã, tổ hợp tác cấp mã truy xuất nguồn gốc, ghi nhật ký canh tác điện tử và đưa "
                  "sản phẩm OCOP lên sàn thương mại điện tử."))
    b.append(_h2("Nhân lực số và an toàn thông tin"))
    b.append(para("Bồi dưỡng kỹ năng số, an toàn thông tin cho công chức, viên chức của Sở và các đơn vị trực thuộc."))
    b.append(para("Danh mục nhiệm vụ cụ thể tại Phụ lục kèm theo."))
    b.append(_h1("KINH PHÍ THỰC HIỆN"))
    b.append(para("Tổng kinh phí dự kiến 10.000 triệu đồng từ dự toán ngân sách tỉnh giao cho Sở năm 2026, vốn sự "
                  "nghiệp và nguồn thu sự nghiệp của các đơn vị sự nghiệp công lập trực thuộc."))
    b.append(_h1("TỔ CHỨC THỰC HIỆN"))
    b.append(para("Văn phòng Sở là đầu mối theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch. Phòng Kế hoạch - "
                  "Tài chính tham mưu bố trí kinh phí. Thủ trưởng các phòng, chi cục và đơn vị sự nghiệp trực thuộc "
                  "triển khai nhiệm vụ được giao, báo cáo kết quả về Văn phòng Sở trước ngày 05/12/2026 để tổng hợp, "
                  "báo cáo Sở Khoa học và Công nghệ, UBND tỉnh."))
    b += _noi_nhan(["- UBND tỉnh (b/c);", "- Sở Khoa học và Công nghệ;", "- Giám đốc, các Phó Giám đốc Sở;",
                    "- Các phòng, chi cục, đơn vị trực thuộc;", "- Lưu: VT, VP."])
    b += _sign(["GIÁM ĐỐC"])
    b.append(dx.section_break())
    b.append(para(run("PHỤ LỤC: DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026", bold=True), jc="center"))
    b.append(para(run("(Kèm theo Kế hoạch số 15/KH-SNNMT ngày 22/01/2026 của Sở Nông nghiệp và Môi trường)",
                      italic=True), jc="center"))
    head = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Kinh phí (triệu đồng)",
            "Nguồn kinh phí"]
    rows: list[list] = [head]
    rows.append(["1", "Chuẩn hóa quy trình nội bộ, số hóa hồ sơ giải quyết thủ tục hành chính lĩnh vực đất đai, môi "
                 "trường", "Văn phòng Sở", "Văn phòng Đăng ký đất đai", "Quý II/2026", "260", "Ngân sách tỉnh"])
    rows.append(["2", "Xây dựng cơ sở dữ liệu đất đai tại 17 xã, phường còn lại", "Văn phòng Đăng ký đất đai",
                 "Các chi nhánh Văn phòng Đăng ký đất đai", "Quý IV/2026", "6.800", "Ngân sách tỉnh"])
    rows.append(["3", "Cập nhật cơ sở dữ liệu mã số vùng trồng, cơ sở đóng gói lên hệ thống quản lý của Bộ",
                 "Chi cục Trồng trọt và Bảo vệ thực vật", "Trung tâm Khuyến nông", "", "350", "Ngân sách tỉnh"])
    rows.append(["4", "Ứng dụng bản đồ số và ảnh vệ tinh theo dõi diễn biến rừng", "Chi cục Kiểm lâm",
                 "Các hạt kiểm lâm", "Quý III/2026", "900", "Vốn sự nghiệp lâm nghiệp"])
    rows.append(["5", "Hướng dẫn hợp tác xã cấp mã truy xuất nguồn gốc, đưa sản phẩm OCOP lên sàn thương mại điện tử",
                 "Trung tâm Khuyến nông", "Chi cục Phát triển nông thôn", "Tháng 9/2026", "420",
                 "Ngân sách tỉnh, xã hội hóa"])
    rows.append(["6", "Vận hành hệ thống quan trắc môi trường tự động, công khai số liệu quan trắc",
                 "Trung tâm Quan trắc tài nguyên và môi trường", "Văn phòng Sở", "Năm 2026", "1.150",
                 "Nguồn thu sự nghiệp"])
    rows.append(["7", "Bồi dưỡng kỹ năng số, an toàn thông tin cho công chức, viên chức của Sở", "Văn phòng Sở",
                 "Phòng Kế hoạch - Tài chính", "Tháng 5/2026", "120", "Ngân sách tỉnh"])
    rows.append([Cell("Tổng cộng", span=5, bold=True), Cell("10.000", bold=True), ""])
    b.append(dx.table(rows, [600, 4300, 2300, 2200, 1500, 1400, 1900]))
    dx.write(dx.DocxParts(body=b, numbering=True, landscape_tail=True,
                          header="Kế hoạch chuyển đổi số Sở Nông nghiệp và Môi trường năm 2026",
                          footnotes=["Số liệu của Văn phòng Đăng ký đất đai, tính đến ngày 31/12/2025."]), path)


# --------------------------------------------------------------------------- g09: implementing one decision (web text)
# the task table as a web portal's copy gives it: one row a line, cells between "|"
G09_ROWS = [
    ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Kinh phí (triệu đồng)",
     "Nguồn kinh phí"),
    ("1", "Rà soát, công bố danh mục thủ tục hành chính thực hiện trực tuyến toàn trình tại phường",
     "Văn phòng HĐND và UBND phường", "Trung tâm Phục vụ hành chính công phường", "Tháng 10/2025", "15",
     "Ngân sách phường"),
    ("2", "Bố trí khu vực hướng dẫn người dân nộp hồ sơ trực tuyến, trang bị 04 máy tính và 02 máy quét",
     "Trung tâm Phục vụ hành chính công phường", "Văn phòng HĐND và UBND phường", "Quý IV/2025", "120",
     "Ngân sách phường"),
    ("3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực của các phường, xã trước sắp xếp",
     "Trung tâm Phục vụ hành chính công phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "Quý II/2026", "280",
     "Ngân sách tỉnh hỗ trợ"),
    ("4", "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức 2 và thanh toán phí, lệ phí trực tuyến",
     "Công an phường", "Trung tâm Phục vụ hành chính công phường; các ngân hàng", "Năm 2026", "40", "Ngân sách phường"),
    ("5", "Tập huấn Tổ công nghệ số cộng đồng của 24 tổ dân phố về hướng dẫn nộp hồ sơ trực tuyến",
     "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên phường", "Tháng 11/2025", "60", "Ngân sách phường"),
    ("6", "Khảo sát, công khai mức độ hài lòng của người dân đối với dịch vụ công trực tuyến",
     "Văn phòng HĐND và UBND phường", "Trung tâm Phục vụ hành chính công phường", "Hằng quý, năm 2025 - 2026", "25",
     "Ngân sách phường"),
    ("", "Tổng cộng", "", "", "", "540", ""),
]
G09_TABLE = "\n".join("| " + " | ".join(row) + " |" for row in G09_ROWS)
G09 = """\
ỦY BAN NHÂN DÂN
PHƯỜNG ĐÔNG THÀNH
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 87/KH-UBND
|
Đông Thành, ngày 15 tháng 9 năm 2025
|
KẾ HOẠCH
Triển khai Quyết định số 1565/QĐ-TTg ngày 18/7/2025 của Thủ tướng Chính phủ trên địa bàn phường Đông Thành
Thực hiện Quyết định số 1565/QĐ-TTg ngày 18/7/2025 của Thủ tướng Chính phủ ban hành Kế hoạch nâng cao chất lượng
cung cấp dịch vụ công trực tuyến toàn trình; cung cấp dịch vụ số mới được cá nhân hóa, dựa trên dữ liệu cho người
dân và doanh nghiệp (sau đây gọi là Quyết định số 1565/QĐ-TTg) và Kế hoạch số 268/KH-UBND ngày 20/8/2025 của UBND
tỉnh Hà Nguyên triển khai Quyết định số 1565/QĐ-TTg trên địa bàn tỉnh, Ủy ban nhân dân phường Đông Thành ban hành
Kế hoạch thực hiện trên địa bàn phường như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Cụ thể hóa các nhiệm vụ được giao cho cấp xã tại Quyết định số 1565/QĐ-TTg và Kế hoạch của UBND tỉnh; nâng cao
chất lượng dịch vụ công trực tuyến toàn trình, tạo thuận lợi cho người dân, doanh nghiệp trên địa bàn phường.
2. Phân công rõ đơn vị chủ trì, thời hạn hoàn thành, kinh phí của từng nhiệm vụ; gắn trách nhiệm người đứng đầu.
II. THỰC TRẠNG
Phường Đông Thành được thành lập từ ngày 01/7/2025, có 24 tổ dân phố với 9.860 hộ. Từ ngày 01/7/2025 đến ngày
31/8/2025, Trung tâm Phục vụ hành chính công phường tiếp nhận 3.260 hồ sơ, trong đó 1.470 hồ sơ nộp trực tuyến
toàn trình, đạt 45%; 92% kết quả giải quyết được số hóa khi trả; 38% hồ sơ có phí, lệ phí được thanh toán trực
tuyến; 19/24 tổ dân phố có thành viên Tổ công nghệ số cộng đồng đã được tập huấn hướng dẫn nộp hồ sơ trực tuyến.
Hạn chế: một số thủ tục còn yêu cầu người dân bổ sung giấy tờ bản giấy; khu vực hướng dẫn tại Trung tâm còn thiếu
máy tính, máy quét; người cao tuổi chưa quen sử dụng tài khoản định danh điện tử.
III. MỤC TIÊU
Đến hết năm 2026:
- Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến toàn trình đạt 62%.
- 100% kết quả giải quyết thủ tục hành chính được số hóa khi trả.
- 55% hồ sơ có phí, lệ phí được thanh toán trực tuyến.
- 24/24 tổ dân phố có thành viên Tổ công nghệ số cộng đồng được tập huấn hướng dẫn người dân nộp hồ sơ trực tuyến.
IV. NHIỆM VỤ
{G09_TABLE}
V. KINH PHÍ THỰC HIỆN
Tổng kinh phí thực hiện Kế hoạch là 540 triệu đồng, bố trí trong dự toán ngân sách phường năm 2025, năm 2026 và
kinh phí ngân sách tỉnh hỗ trợ số hóa hồ sơ theo Kế hoạch số 268/KH-UBND của UBND tỉnh.
VI. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND phường là cơ quan thường trực, theo dõi, đôn đốc, tổng hợp kết quả, báo cáo UBND phường
và Sở Khoa học và Công nghệ định kỳ hằng quý (trước ngày 15 của tháng cuối quý).
2. Trung tâm Phục vụ hành chính công phường, Công an phường, Phòng Văn hóa - Xã hội, Phòng Kinh tế, Hạ tầng và Đô
thị triển khai nhiệm vụ được giao; Tổ trưởng các tổ dân phố phối hợp tuyên truyền, vận động Nhân dân.
Nơi nhận:
- UBND tỉnh (b/c);
- Sở Khoa học và Công nghệ;
- TT Đảng ủy, TT HĐND phường;
- Các cơ quan, đơn vị thuộc UBND phường;
- Lưu: VT.
|
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""


# --------------------------------------------------------------------------- g10: a commune's annual plan (January)
def g10(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ CƯ LÂM"], "Số: 09/KH-UBND", "Cư Lâm, ngày 15 tháng 01 năm 2026",
                       borders=False))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số năm 2026", bold=True), jc="center"))
    b.append(_h1("SỰ CẦN THIẾT XÂY DỰNG KẾ HOẠCH"))
    b.append(para("Xã Cư Lâm được thành lập từ ngày 01/7/2025 trên cơ sở nhập ba xã cũ, có 16 thôn, buôn với 5.430 hộ, "
                  "trong đó hơn 70% hộ sống bằng nghề trồng cà phê, sầu riêng. Năm 2026 là năm đầu xã vận hành đầy đủ "
                  "bộ máy chính quyền hai cấp trên nền tảng số; việc số hóa hồ sơ của ba xã cũ, quản lý vùng trồng và "
                  "đưa nông sản lên sàn thương mại điện tử đòi hỏi một kế hoạch riêng, có chỉ tiêu, phân công và kinh "
                  "phí cụ thể cho từng việc."))
    b.append(_h1("CĂN CỨ XÂY DỰNG KẾ HOẠCH"))
    b += _bullets([
        "Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số quốc gia;",
        "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành động của "
        "Chính phủ thực hiện Nghị quyết số 57-NQ/TW;",
        "Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển Chính "
        "phủ số;",
        "Nghị quyết số 14-NQ/TU ngày 18/4/2025 của Ban Thường vụ Tỉnh ủy Lâm Giang về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Lâm Giang.",
    ])
    b.append(_h1("KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2025"))
    b.append(_h2("Kết quả đạt được"))
    b.append(para("Trung tâm Phục vụ hành chính công xã tiếp nhận 6.120 hồ sơ, trong đó 3.550 hồ sơ được giải quyết "
                  "trực tuyến toàn trình, đạt 58%; 71% người dân trưởng thành có danh tính số. Chỉ số chuyển đổi số "
                  "(DTI) cấp xã năm 2025 của xã đạt 0,51 điểm", dx.footnote_ref(1),
                  ", xếp thứ 14/58 xã, phường của tỉnh."))
    b.append(para("86% diện tích cà phê, sầu riêng xuất khẩu thuộc vùng trồng đã được cấp mã số; 27 hộ, hợp tác xã bán "
                  "nông sản trên sàn thương mại điện tử; 60% hộ kinh doanh tại chợ xã sử dụng thanh toán không dùng "
                  "tiền mặt; 16/16 thôn, buôn có Tổ công nghệ số cộng đồng với 104 thành viên."))
    b.append(_h2("Tồn tại, hạn chế"))
    b.append(para("Hồ sơ của ba xã cũ chưa được số hóa hết; sóng di động tại 2 buôn vùng sâu còn yếu; nhiều hộ trồng "
                  "sầu riêng chưa ghi nhật ký canh tác điện tử nên khó duy trì mã số vùng trồng."))
    b.append(_h1("MỤC TIÊU NĂM 2026"))
    b += _bullets([
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 65% (năm 2025 đạt 58%).",
        "Tỷ lệ người dân trưởng thành có danh tính số đạt 80% (năm 2025 đạt 71%).",
        "100% diện tích cà phê, sầu riêng xuất khẩu thuộc vùng trồng được cấp mã số (năm 2025 đạt 86%).",
        "Tối thiểu 40 hộ, hợp tác xã bán nông sản trên sàn thương mại điện tử (năm 2025 có 27 hộ, hợp tác xã).",
        "Tỷ lệ hộ kinh doanh tại chợ xã sử dụng thanh toán không dùng tiền mặt đạt 75% (năm 2025 đạt 60%).",
    ])
    b.append(_h1("NHIỆM VỤ, GIẢI PHÁP"))
    b.append(_h2("Chính quyền số"))
    b.append(para("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực của ba xã cũ; nâng cấp Trang thông "
                  "tin điện tử xã, mở chuyên mục hỏi đáp cho người dân."))
    b.append(_h2("Kinh tế số"))
    b.append(para("Duy trì mã số vùng trồng, nhật ký canh tác điện tử; gắn tem truy xuất nguồn gốc cho cà phê rang "
                  "xay, sầu riêng; đưa nông sản lên sàn thương mại điện tử nông sản; mở rộng thanh toán không dùng "
                  "tiền mặt tại chợ xã."))
    b.append(_h2("Xã hội số"))
    b.append(para("Tập huấn Tổ công nghệ số cộng đồng tại 16 thôn, buôn; triển khai hồ sơ sức khỏe điện tử tại Trạm Y "
                  "tế xã; trang bị phòng học số cho trường trung học cơ sở."))
    b.append(para("Danh mục nhiệm vụ, đơn vị chủ trì và kinh phí tại Phụ lục kèm theo."))
    b.append(_h1("KINH PHÍ THỰC HIỆN"))
    b.append(para("Tổng kinh phí dự kiến 1.120 triệu đồng từ ngân sách xã, ngân sách tỉnh hỗ trợ, vốn sự nghiệp, nguồn "
                  "thu sự nghiệp của Trạm Y tế xã và nguồn hợp pháp khác do các hội, đoàn thể vận động."))
    b.append(_h1("TỔ CHỨC THỰC HIỆN"))
    b.append(para("Văn phòng HĐND và UBND xã là cơ quan thường trực, theo dõi, tổng hợp kết quả thực hiện Kế hoạch. "
                  "Phòng Kinh tế, Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính công xã, Trạm Y tế xã triển "
                  "khai nhiệm vụ được giao. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã chỉ đạo Đoàn Thanh niên xã, "
                  "Hội Nông dân xã, Hội Liên hiệp Phụ nữ xã chủ trì các nhiệm vụ tại Phụ lục. Trưởng thôn, buôn phối "
                  "hợp vận động Nhân dân; các đơn vị báo cáo kết quả trước ngày 10/12/2026."))
    b += _sign(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    b.append(dx.section_break())
    b.append(para(run("PHỤ LỤC: DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026", bold=True), jc="center"))
    head = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Kinh phí (triệu đồng)",
            "Nguồn kinh phí"]
    rows: list[list] = [head]
    rows.append([Cell("I. CHÍNH QUYỀN SỐ", span=7, bold=True)])
    rows.append(["1", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực của ba xã cũ",
                 "Trung tâm Phục vụ hành chính công xã", "Văn phòng HĐND và UBND xã", "Quý II/2026", "210",
                 "Ngân sách xã"])
    rows.append(["2", "Nâng cấp Trang thông tin điện tử xã, mở chuyên mục hỏi đáp cho người dân",
                 "Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Quý III/2026", "70", "Ngân sách xã"])
    rows.append([Cell("II. KINH TẾ SỐ", span=7, bold=True)])
    rows.append(["3", "Hỗ trợ duy trì mã số vùng trồng cà phê, sầu riêng và nhật ký canh tác điện tử", "Phòng Kinh tế",
                 "Hội Nông dân xã", "Quý III/2026", "160", "Vốn sự nghiệp nông nghiệp"])
    rows.append(["4", "Gắn tem truy xuất nguồn gốc cho cà phê rang xay, sầu riêng của 4 hợp tác xã", "Hội Nông dân xã",
                 "Phòng Kinh tế; các hợp tác xã", "Tháng 8/2026", "90", "Nguồn hợp pháp khác"])
    rows.append(["5", "Đưa nông sản của hộ, hợp tác xã lên sàn thương mại điện tử nông sản, tổ chức 2 phiên bán hàng "
                 "trực tuyến", "Đoàn Thanh niên xã", "Hội Nông dân xã; Phòng Kinh tế", "Quý IV/2026", "55",
                 "Nguồn hợp pháp khác"])
    rows.append(["6", "Hướng dẫn hộ kinh doanh tại chợ Cư Lâm mở tài khoản và thanh toán không dùng tiền mặt",
                 "Hội Liên hiệp Phụ nữ xã", "Ban quản lý chợ; các ngân hàng", "Tháng 6/2026", "35",
                 "Nguồn hợp pháp khác"])
    rows.append([Cell("III. XÃ HỘI SỐ", span=7, bold=True)])
    rows.append(["7", "Tập huấn Tổ công nghệ số cộng đồng 16 thôn, buôn", "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên "
                                                                                                    "xã",
                 "Tháng 4/2026", "80", "Ngân sách xã"])
    rows.append(["8", "Triển khai hồ sơ sức khỏe điện tử, đặt lịch khám trực tuyến tại Trạm Y tế xã", "Trạm Y tế xã",
                 "Tổ công nghệ số cộng đồng", "Quý III/2026", "120", "Nguồn thu sự nghiệp"])
    rows.append(["9", "Trang bị phòng học số cho Trường Trung học cơ sở Cư Lâm", "Trường Trung học cơ sở Cư Lâm",
                 "Phòng Văn hóa - Xã hội", "Tháng 8/2026", "300", "Ngân sách tỉnh hỗ trợ"])
    rows.append([Cell("Tổng cộng", span=5, bold=True), Cell("1.120", bold=True), ""])
    b.append(dx.table(rows, [600, 4300, 2300, 2300, 1500, 1400, 1900]))
    dx.write(dx.DocxParts(body=b, numbering=True, landscape_tail=True, header="Kế hoạch chuyển đổi số xã Cư Lâm năm "
                                                                              "2026",
                          footnotes=["Kết quả đánh giá Chỉ số chuyển đổi số cấp xã năm 2025 do Sở Khoa học và Công "
                                     "nghệ tỉnh Lâm Giang công bố."]), path)


# --------------------------------------------------------------------------- g11: commune plan over a district template
def g11(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ HÒA MỸ"], "Số: 31/KH-UBND", "Hòa Mỹ, ngày 05 tháng 3 năm 2026"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số xã Hòa Mỹ năm 2026", bold=True), jc="center"))
    b.append(_bold("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH"))
    for t in [
        "- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số quốc gia;",
        "- Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành động của "
        "Chính phủ thực hiện Nghị quyết số 57-NQ/TW;",
        "- Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển Chính "
        "phủ số;",
        "- Kế hoạch số 36/KH-UBND ngày 09/02/2026 của UBND tỉnh Hà Nguyên về chuyển đổi số tỉnh Hà Nguyên giai đoạn "
        "2026 - 2030.",
    ]:
        b.append(para(t))
    b.append(_bold("II. THỰC TRẠNG CHUYỂN ĐỔI SỐ"))
    b.append(para("Xã Hòa Mỹ được thành lập từ ngày 01/7/2025 trên cơ sở nhập thị trấn Hòa Mỹ, xã Mỹ Lộc và xã Hòa "
                  "Đông của huyện Đông Nguyên (cũ), có 12 thôn, 3 tổ dân phố. Năm 2025, Trung tâm Phục vụ hành chính "
                  "công xã tiếp nhận 4.310 hồ sơ, trong đó 2.030 hồ sơ trực tuyến toàn trình (47%); 69% người dân "
                  "trưởng thành có danh tính số; 38% hộ kinh doanh tại chợ Hòa Mỹ sử dụng thanh toán không dùng tiền "
                  "mặt; 12/12 thôn có Tổ công nghệ số cộng đồng. Chỉ số chuyển đổi số (DTI) cấp xã năm 2025 của xã đạt "
                  "0,44 điểm."))
    b.append(para("Tồn tại, hạn chế: hệ thống truyền thanh ở 5 thôn đã xuống cấp; hợp tác xã chưa có kênh bán hàng "
                  "trực tuyến; công chức phụ trách chuyển đổi số còn kiêm nhiệm."))
    b.append(_bold("III. MỤC TIÊU NĂM 2026"))
    b.append(para("- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 60% (năm 2025: 47%)."))
    b.append(para("- 100% hộ kinh doanh tại chợ Hòa Mỹ sử dụng thanh toán không dùng tiền mặt (năm 2025: 38%)."))
    b.append(para("- Tỷ lệ người dân trưởng thành có danh tính số đạt 78% (năm 2025: 69%)."))
    b.append(para("- Chỉ số chuyển đổi số (DTI) của xã thuộc nhóm 3 xã dẫn đầu của huyện."))
    b.append(_bold("IV. NHIỆM VỤ TRỌNG TÂM"))
    head = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
            "Kinh phí (triệu đồng)", "Nguồn kinh phí"]
    rows: list[list] = [head,
                        ["1", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính "
                         "công xã", "Trung tâm Phục vụ hành chính công xã", "Văn phòng HĐND và UBND xã", "Quý II/2026",
                         "180", "Ngân sách xã"],
                        ["2", "Nâng cấp hệ thống truyền thanh thông minh tại 12 thôn",
                         "Phòng Văn hóa - Thông tin huyện", "Văn phòng HĐND và UBND xã", "Quý III/2026", "240",
                         "Ngân sách xã"],
                        ["3", "Kết nối camera an ninh tại các trục đường chính với hệ thống giám sát của tỉnh",
                         "Sở Thông tin và Truyền thông", "Công an xã", "Quý IV/2026", "350", "Ngân sách tỉnh"],
                        ["4", "Hướng dẫn hộ kinh doanh tại chợ Hòa Mỹ thanh toán không dùng tiền mặt", "Phòng Kinh tế",
                         "Ban quản lý chợ; các ngân hàng", "Tháng 6/2026", "45", "Ngân sách xã"],
                        ["5", "Đưa sản phẩm bưởi, mật ong của hợp tác xã lên sàn thương mại điện tử", "Phòng Kinh tế",
                         "Các hợp tác xã", "Quý III/2026", "90", "Ngân sách huyện"],
                        ["6", "Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng 12 thôn",
                         "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Phòng Văn hóa - Xã hội", "Tháng 4/2026",
                         "70", "Ngân sách xã"],
                        ["7", "Triển khai sổ sức khỏe điện tử tại Trạm Y tế xã", "Trạm Y tế xã",
                         "UBND các xã, thị trấn", "Quý III/2026", "60", "Ngân sách xã"],
                        ["8", "Triển khai học bạ số tại các trường tiểu học, trung học cơ sở trên địa bàn xã",
                         "Phòng Văn hóa - Xã hội", "Các trường học", "Tháng 9/2026", "150", "Ngân sách tỉnh hỗ trợ"],
                        [Cell("Tổng cộng", span=5, bold=True), Cell("1.185", bold=True), ""]]
    b.append(dx.table(rows, [700, 3600, 2000, 1800, 1300, 1200, 1500]))
    b.append(_bold("V. KINH PHÍ THỰC HIỆN"))
    b.append(para("Tổng kinh phí 1.185 triệu đồng, bố trí trong dự toán ngân sách năm 2026 và kinh phí ngân sách tỉnh "
                  "hỗ trợ theo phân cấp."))
    b.append(_bold("VI. TỔ CHỨC THỰC HIỆN"))
    b.append(para("Văn phòng HĐND và UBND xã là cơ quan thường trực, theo dõi, đôn đốc các cơ quan, đơn vị thực hiện; "
                  "Phòng Văn hóa - Xã hội hướng dẫn Tổ công nghệ số cộng đồng các thôn, tổ dân phố; các cơ quan, đơn "
                  "vị được giao nhiệm vụ báo cáo kết quả trước ngày 05/12/2026 để tổng hợp, báo cáo UBND tỉnh."))
    b += _sign(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    dx.write(dx.DocxParts(body=b, header=""), path)


# --------------------------------------------------------------------------- g12: province plan 2026–2030, PDF
def g12_docx(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "TỈNH HÀ NGUYÊN"], "Số: 36/KH-UBND", "Hà Nguyên, ngày 09 tháng 02 năm 2026"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số tỉnh Hà Nguyên giai đoạn 2026 - 2030", bold=True), jc="center"))
    for t in [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
        "Căn cứ Luật Chuyển đổi số ngày 11/12/2025;",
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số quốc gia;",
        "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung, cập nhật Chương trình hành động "
        "của Chính phủ thực hiện Nghị quyết số 57-NQ/TW;",
        "Căn cứ Quyết định số 146/QĐ-TTg ngày 28/01/2021 của Thủ tướng Chính phủ phê duyệt Đề án nâng cao nhận thức, "
        "phổ cập kỹ năng và phát triển nguồn nhân lực chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;",
        "Căn cứ Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển "
        "Chính phủ số;",
        "Căn cứ Kế hoạch số 05-KH/BCĐ ngày 15/9/2025 của Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số tỉnh Hà Nguyên về thực hiện Nghị quyết số 57-NQ/TW trên địa bàn tỉnh giai đoạn 2025 - 2030;",
        "Thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương về phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số về thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả đáp "
        "ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị;",
        "Xét đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 318/TTr-SKHCN ngày 26/01/2026.",
    ]:
        b.append(para(run(t, italic=True)))
    b.append(para("Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số tỉnh Hà Nguyên giai đoạn 2026 - 2030 như sau:"))
    b.append(_bold("I. MỤC ĐÍCH, YÊU CẦU"))
    b.append(para("Cụ thể hóa các nhiệm vụ của tỉnh tại Nghị quyết số 57-NQ/TW, Kế hoạch số 02-KH/BCĐTW và Chương "
                  "trình phát triển Chính phủ số trong giai đoạn 2026 - 2030; bảo đảm chuyển đổi số liên thông từ tỉnh "
                  "đến xã, phường sau sắp xếp; mỗi nhiệm vụ có cơ quan chủ trì, thời hạn và nguồn lực cụ thể."))
    b.append(_bold("II. THỰC TRẠNG CHUYỂN ĐỔI SỐ CỦA TỈNH"))
    b.append(_bold("1. Kết quả đạt được"))
    b.append(para("Năm 2025, tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 55%",
                  dx.footnote_ref(1),
                  "; 100% xã, phường vận hành Trung tâm Phục vụ hành chính công; 64% dân số trưởng thành sử dụng dịch "
                  "vụ công trực tuyến; 88% người dân có hồ sơ sức khỏe điện tử; kinh tế số chiếm 10,5% GRDP; 41% doanh "
                  "nghiệp nhỏ và vừa sử dụng nền tảng số. Chỉ số chuyển đổi số (DTI) năm 2024 của tỉnh đạt 0,57 điểm."))
    b.append(_bold("2. Tồn tại, hạn chế"))
    b.append(para("Cơ sở dữ liệu chuyên ngành còn phân tán, chưa kết nối với cơ sở dữ liệu quốc gia; hạ tầng tại 9 xã "
                  "miền núi chưa bảo đảm; nhân lực chuyển đổi số cấp xã thiếu sau sắp xếp; doanh nghiệp nhỏ còn ngại "
                  "chi phí chuyển đổi số."))
    b.append(_bold("III. MỤC TIÊU"))
    b.append(para("1. Mục tiêu chung: hoàn thành chuyển đổi số liên thông, đồng bộ trong hệ thống chính trị của tỉnh; "
                  "phát triển kinh tế số, xã hội số, đưa Hà Nguyên vào nhóm 15 tỉnh, thành phố dẫn đầu về Chỉ số "
                  "chuyển đổi số."))
    b.append(para("2. Mục tiêu cụ thể đến năm 2030:"))
    for t in ["- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 85%.",
              "- 80% dân số trưởng thành sử dụng dịch vụ công trực tuyến.",
              "- 98% người dân có hồ sơ sức khỏe điện tử.",
              "- Kinh tế số chiếm 30% GRDP.",
              "- 75% doanh nghiệp nhỏ và vừa sử dụng nền tảng số."]:
        b.append(para(t))
    b.append(_bold("IV. NHIỆM VỤ, GIẢI PHÁP"))
    b.append(para("1. Chính quyền số: xây dựng Trung tâm dữ liệu tỉnh, hoàn thiện cơ sở dữ liệu đất đai, nâng cấp Hệ "
                  "thống thông tin giải quyết thủ tục hành chính, bảo đảm cán bộ, công chức cấp xã được trang bị và "
                  "bồi dưỡng đủ để vận hành các hệ thống dùng chung."))
    b.append(para("2. Kinh tế số: hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, phát triển thương mại điện tử cho nông "
                  "sản, sản phẩm OCOP; phát triển du lịch thông minh."))
    b.append(para("3. Xã hội số: triển khai bệnh án điện tử, học bạ số và kho học liệu số; đẩy mạnh phong trào \"Bình "
                  "dân học vụ số\", duy trì Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố."))
    b.append(para("Danh mục nhiệm vụ trọng tâm tại Phụ lục kèm theo."))
    b.append(_bold("V. KINH PHÍ THỰC HIỆN"))
    b.append(para("Tổng kinh phí dự kiến 381.500 triệu đồng từ ngân sách trung ương, ngân sách tỉnh, ngân sách xã, "
                  "nguồn thu sự nghiệp và xã hội hóa; hằng năm các cơ quan, đơn vị lập dự toán theo phân cấp."))
    b.append(_bold("VI. TỔ CHỨC THỰC HIỆN"))
    b.append(para("1. Sở Khoa học và Công nghệ là cơ quan thường trực, hướng dẫn, theo dõi, tổng hợp, báo cáo UBND "
                  "tỉnh và Ban Chỉ đạo tỉnh trước ngày 15/12 hằng năm."))
    b.append(para("2. Sở Tài chính tham mưu bố trí kinh phí; các sở, ban, ngành chủ trì nhiệm vụ tại Phụ lục."))
    b.append(para("3. UBND các xã, phường ban hành kế hoạch chuyển đổi số hằng năm của địa phương, bố trí công chức "
                  "phụ trách và kinh phí, duy trì Tổ công nghệ số cộng đồng, báo cáo kết quả định kỳ về Sở Khoa học và "
                  "Công nghệ."))
    b += _sign(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    b.append(dx.section_break())
    b.append(para(run("PHỤ LỤC - DANH MỤC NHIỆM VỤ TRỌNG TÂM GIAI ĐOẠN 2026 - 2030", bold=True), jc="center"))
    head = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí (triệu đồng)",
            "Nguồn vốn"]
    rows = [head,
            ["1", "Xây dựng Trung tâm dữ liệu tỉnh theo mô hình điện toán đám mây", "Sở Khoa học và Công nghệ",
             "Công an tỉnh; các sở, ngành", "2026 - 2028", "85.000", "Ngân sách tỉnh"],
            ["2", "Hoàn thiện cơ sở dữ liệu đất đai toàn tỉnh, kết nối cơ sở dữ liệu quốc gia về đất đai",
             "Sở Nông nghiệp và Môi trường", "UBND các xã, phường", "2026 - 2027", "120.000",
             "Ngân sách trung ương, ngân sách tỉnh"],
            ["3", "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính, thanh toán trực tuyến",
             "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ", "2026 - 2027", "18.500", "Ngân sách tỉnh"],
            ["4", "Triển khai bệnh án điện tử tại các bệnh viện công lập", "Sở Y tế", "Bảo hiểm xã hội tỉnh",
             "2026 - 2028", "64.000", "Ngân sách tỉnh, nguồn thu sự nghiệp"],
            ["5", "Triển khai học bạ số, kho học liệu số dùng chung", "Sở Giáo dục và Đào tạo", "UBND các xã, phường",
             "2026 - 2030", "42.000", "Ngân sách tỉnh"],
            ["6", "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, bán hàng trên sàn thương mại điện tử",
             "Sở Công Thương", "Hiệp hội Doanh nghiệp tỉnh", "2026 - 2030", "25.000", "Ngân sách tỉnh, xã hội hóa"],
            ["7", "Phát triển du lịch thông minh: bản đồ số, vé điện tử tại các điểm di tích",
             "Sở Văn hóa, Thể thao và Du lịch", "UBND các xã, phường", "2027 - 2029", "15.000",
             "Ngân sách tỉnh, xã hội hóa"],
            ["8", "Triển khai phong trào \"Bình dân học vụ số\", duy trì Tổ công nghệ số cộng đồng tại các xã, phường",
             "Sở Khoa học và Công nghệ", "Tỉnh Đoàn; UBND các xã, phường", "2026 - 2030", "12.000",
             "Ngân sách tỉnh, ngân sách xã"],
            [Cell("Tổng cộng", span=5, bold=True), Cell("381.500", bold=True), ""]]
    b.append(dx.table(rows, [600, 4000, 2200, 2200, 1200, 1400, 2200]))
    dx.write(dx.DocxParts(body=b, landscape_tail=True, header="Kế hoạch chuyển đổi số tỉnh Hà Nguyên 2026 - 2030",
                          footnotes=["Số liệu của Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, tính đến ngày "
                                     "31/12/2025."]), path)


# --------------------------------------------------------------------------- g13: a meeting's conclusions (no plan)
def g13(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ SUỐI LÂM"], "Số: 21/TB-UBND", "Suối Lâm, ngày 08 tháng 4 năm 2026"))
    b.append(para(run("THÔNG BÁO", bold=True), jc="center"))
    b.append(para(run("Kết luận của Chủ tịch UBND xã tại cuộc họp Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới "
                      "sáng tạo, chuyển đổi số và Đề án 06 xã quý I năm 2026", bold=True), jc="center"))
    b.append(para("Ngày 06/4/2026, đồng chí Chủ tịch UBND xã, Phó Trưởng Ban Chỉ đạo chủ trì cuộc họp đánh giá kết quả "
                  "thực hiện nhiệm vụ chuyển đổi số quý I năm 2026 và triển khai nhiệm vụ quý II. Tham dự có các thành "
                  "viên Ban Chỉ đạo, lãnh đạo Văn phòng HĐND và UBND xã, Phòng Kinh tế, Phòng Văn hóa - Xã hội, Trung "
                  "tâm Phục vụ hành chính công xã, Công an xã và Trưởng 14 thôn."))
    b.append(para("Sau khi nghe Văn phòng HĐND và UBND xã báo cáo và ý kiến của các thành viên, Chủ tịch UBND xã kết "
                  "luận như sau:"))
    b.append(para(run("1. Đánh giá chung", bold=True)))
    b.append(para("Quý I, các cơ quan, đơn vị đã triển khai Kế hoạch số 12/KH-UBND ngày 09/02/2026 của UBND xã về "
                  "chuyển đổi số năm 2026; tỷ lệ hồ sơ giải quyết trực tuyến toàn trình đạt 53%, tăng 5 điểm so với "
                  "cuối năm 2025. Tuy nhiên, việc số hóa hồ sơ còn chậm, điểm cầu họp trực tuyến tại 3 thôn vùng cao "
                  "chưa bảo đảm, một số thành viên Tổ công nghệ số cộng đồng chưa tham gia tập huấn."))
    b.append(para(run("2. Nhiệm vụ thời gian tới", bold=True)))
    b.append(para("a) Trung tâm Phục vụ hành chính công xã khẩn trương số hóa hồ sơ còn tồn, báo cáo tiến độ trước "
                  "ngày 30/4/2026."))
    b.append(para("b) Văn phòng HĐND và UBND xã làm việc với doanh nghiệp viễn thông về đường truyền tại các thôn Nà "
                  "Pục, Khe Vàng, Lũng Sơn; hoàn thành trước ngày 15/5/2026."))
    b.append(para("c) Phòng Văn hóa - Xã hội tổ chức lại lớp tập huấn cho thành viên Tổ công nghệ số cộng đồng chưa "
                  "tham gia, trong tháng 4/2026."))
    b.append(para("d) Phòng Kinh tế đôn đốc các hộ sản xuất chè, mật ong hoàn thiện gian hàng trên sàn thương mại điện "
                  "tử trước mùa thu hoạch chè vụ xuân."))
    b.append(para("đ) Các thành viên Ban Chỉ đạo theo lĩnh vực được phân công kiểm tra, đôn đốc; báo cáo kết quả tại "
                  "cuộc họp quý II."))
    b.append(para("Văn phòng HĐND và UBND xã thông báo để các cơ quan, đơn vị biết, thực hiện./."))
    b += _noi_nhan(["- TT Đảng ủy, TT HĐND xã (b/c);", "- Thành viên Ban Chỉ đạo;", "- Các cơ quan, đơn vị thuộc UBND "
                                                                                    "xã;",
                    "- Trưởng các thôn;", "- Lưu: VT."])
    b += _sign(["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"])
    dx.write(dx.DocxParts(body=b, header=""), path)


def main() -> None:
    g08(HERE / "g08-ke-hoach-so-nnmt-lam-giang-2026.docx")
    g09 = G09.replace("{G09_TABLE}", G09_TABLE)
    (HERE / "g09-ke-hoach-phuong-dong-thanh-qd1565-2025.txt").write_bytes(g09.encode("utf-8"))
    g10(HERE / "g10-ke-hoach-xa-cu-lam-2026.docx")
    g11(HERE / "g11-ke-hoach-xa-hoa-my-2026.docx")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "g12-ke-hoach-tinh-ha-nguyen-2026-2030.docx"
        g12_docx(source)
        to_pdf(source, HERE / "g12-ke-hoach-tinh-ha-nguyen-2026-2030.pdf")
    g13(HERE / "g13-thong-bao-xa-suoi-lam-2026.docx")


if __name__ == "__main__":
    main()
