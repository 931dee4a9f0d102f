"""Write the gated drafts (tests/data/gated/): material the tuners did not write, scored with frozen truth.

    python tests/data/gated/make_gated.py          # rewrites the drafts (not the truth files)

Written for issue 38, separately from the pipeline and from tests/data/realistic/make_realistic.py, in
shapes the realistic corpus lacks: a .docx built part by part as Word stores it (numbering.xml headings
and bullets, a footnote carrying a basis, tracked changes, a text box), a PDF exported by LibreOffice, a
plain text copied from a web portal ("|" table rows, LF), an implementation plan of a district plan, a
weak plan, and two Vietnamese documents that are no plan at all (an official letter and a report).
Places are fictional; national documents keep their real numbers and dates. The .truth.yaml files beside
the drafts were written before the pipeline ever ran on them and are never edited with pipeline code
(tools/check_truth_frozen.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import docx_raw as dx  # noqa: E402
from docx_raw import Cell, para, run  # noqa: E402

NUM_H1, NUM_H2 = (1, 0), (1, 1)  # numbering.xml: I. / 1. headings
BULLET = (2, 0)


def _h1(text: str) -> str:
    return para(text, style="Heading1", num=NUM_H1)


def _h2(text: str) -> str:
    return para(text, style="Heading2", num=NUM_H2)


def _bold(text: str) -> str:
    return para(run(text, bold=True), keep=True)


def _bullets(items: list[str]) -> list[str]:
    return [para(t, style="ListParagraph", num=BULLET) for t in items]


def _masthead(left: list[str], number: str, place_date: str, borders: bool = False, about: str = "") -> str:
    rows = [[Cell(left[0], bold=True), Cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)],
            [Cell(left[1], bold=True), Cell("Độc lập - Tự do - Hạnh phúc", bold=True)],
            [Cell(number), Cell(place_date)]]
    if about:  # an official letter's "V/v …" under its number
        rows.append([Cell(about), Cell("")])
    return dx.table(rows, [3600, 5600], borders=borders, header_rows=0)


# --------------------------------------------------------------------------- g01: commune, 2026, Word parts
def g01(path: Path) -> None:
    b: list[str] = []
    b.append(para(dx.text_box("DỰ THẢO")))
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ SUỐI LÂM"], "Số: 12/KH-UBND", "Suối Lâm, ngày 09 tháng 02 năm 2026"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số xã Suối Lâm năm 2026", bold=True), jc="center"))
    b.append(_h1("CĂN CỨ XÂY DỰNG KẾ HOẠCH"))
    b += _bullets([
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số quốc gia;",
        "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ ban hành Chương trình hành động của Chính phủ thực hiện "
        "Nghị quyết số 57-NQ/TW;",
        "Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển Chính "
        "phủ số;",
    ])
    b.append(para("Kế hoạch chuyển đổi số năm 2026 của Ủy ban nhân dân tỉnh Lâm Giang", dx.footnote_ref(1), ";",
                  style="ListParagraph", num=BULLET))
    b.append(para(dx.dele("Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", 101),
                  style="ListParagraph", num=BULLET, deleted_mark=104))
    b.append(_h1("KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2025"))
    b.append(_h2("Kết quả đạt được"))
    b.append(para("Sau khi sắp xếp đơn vị hành chính, xã Suối Lâm có 14 thôn với 3.120 hộ dân. Năm 2025, Trung tâm "
                  "Phục vụ hành chính công xã tiếp nhận 4.870 hồ sơ, trong đó 2.340 hồ sơ được nộp trực tuyến toàn "
                  "trình, đạt 48%; 100% cán bộ, công chức xã được cấp tài khoản trên Hệ thống quản lý văn bản và điều "
                  "hành. Chỉ số chuyển đổi số (DTI) cấp xã năm 2025 của xã đạt 0,46 điểm, xếp thứ 21/58 xã, phường "
                  "của tỉnh; trụ cột chính quyền số đạt 0,52, kinh tế số 0,38 và xã hội số 0,44."))
    b.append(para("Về kinh tế số, 46 hộ sản xuất và 3 hợp tác xã đã đưa sản phẩm chè, mật ong lên sàn thương mại "
                  "điện tử, chiếm 35% số hộ sản xuất hàng hóa. Về xã hội số, 14/14 thôn đã có Tổ công nghệ số cộng "
                  "đồng với 98 thành viên; tỷ lệ người dân trưởng thành có danh tính số đạt 62%."))
    b.append(_h2("Tồn tại, hạn chế và nguyên nhân"))
    b.append(para("Hạ tầng mạng tại 3 thôn vùng cao còn chập chờn; một số cán bộ thôn còn hạn chế về kỹ năng số; "
                  "nguồn kinh phí dành cho chuyển đổi số chủ yếu dựa vào ngân sách tỉnh hỗ trợ."))
    b.append(_h1("MỤC TIÊU"))
    b.append(para("Phát triển đồng bộ chính quyền số, kinh tế số và xã hội số trên địa bàn xã; đến hết năm 2026:"))
    b += _bullets([
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 60%.",
        "Tối thiểu 45% hộ sản xuất hàng hóa đưa sản phẩm lên sàn thương mại điện tử.",
        "Tỷ lệ người dân trưởng thành có danh tính số đạt 75%.",
    ])
    b.append(_h1("NHIỆM VỤ, GIẢI PHÁP"))
    b.append(_h2("Chính quyền số"))
    b.append(para("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công xã; "
                  "bảo đảm các thôn được kết nối mạng phục vụ họp trực tuyến."))
    b.append(_h2("Kinh tế số"))
    b.append(para("Hướng dẫn hộ sản xuất, hợp tác xã đăng ký gian hàng trên sàn thương mại điện tử và thanh toán "
                  "không dùng tiền mặt tại chợ Suối Lâm."))
    b.append(_h2("Xã hội số"))
    b.append(para("Duy trì hoạt động Tổ công nghệ số cộng đồng tại 14 thôn, hướng dẫn người dân cài đặt và sử dụng "
                  "ứng dụng định danh điện tử, sổ sức khỏe điện tử."))
    b.append(para("Danh mục nhiệm vụ cụ thể tại Phụ lục kèm theo."))
    b.append(_h1("KINH PHÍ THỰC HIỆN"))
    b.append(para("Tổng kinh phí dự kiến 1.230 triệu đồng, từ ngân sách xã, ngân sách tỉnh hỗ trợ và nguồn xã hội "
                  "hóa theo phân cấp hiện hành."))
    b.append(_h1("TỔ CHỨC THỰC HIỆN"))
    b.append(para("Văn phòng HĐND và UBND xã là cơ quan thường trực, theo dõi, tổng hợp kết quả thực hiện Kế hoạch; "
                  "Phòng Văn hóa - Xã hội, Phòng Kinh tế, Công an xã và Trưởng các thôn triển khai nhiệm vụ được "
                  "giao, báo cáo kết quả trước ngày 15/12/2026."))
    b.append(para(run("TM. ỦY BAN NHÂN DÂN", bold=True), jc="right"))
    b.append(para(run("CHỦ TỊCH", bold=True), jc="right"))
    b.append(dx.section_break())
    b.append(para(run("PHỤ LỤC: DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026", bold=True), jc="center"))
    b.append(para(run("(Kèm theo Kế hoạch số 12/KH-UBND ngày 09/02/2026 của UBND xã Suối Lâm)", italic=True),
                  jc="center"))
    head = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Kinh phí (triệu đồng)",
            "Nguồn kinh phí"]
    rows: list[list] = [head]
    rows.append([Cell("I. CHÍNH QUYỀN SỐ", span=7, bold=True)])
    rows.append(["1", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "Trung tâm Phục vụ hành "
                 "chính công xã", "Văn phòng HĐND và UBND xã", "Quý III/2026", "320", "Ngân sách tỉnh hỗ trợ"])
    rows.append(["2", "Lắp đặt điểm cầu họp trực tuyến tại nhà văn hóa 14 thôn", "Văn phòng HĐND và UBND xã",
                 "Trưởng các thôn", "Quý II/2026",
                 Cell([dx.dele("150", 102), dx.ins("180", 103)]), "Ngân sách xã"])
    rows.append([Cell("II. KINH TẾ SỐ", span=7, bold=True)])
    rows.append(["3", "Hướng dẫn hộ sản xuất chè, mật ong mở gian hàng trên sàn thương mại điện tử", "Phòng Kinh tế",
                 "Hợp tác xã Chè Suối Lâm", "Tháng 6/2026", "95", "Ngân sách xã"])
    rows.append(["4", "Triển khai thanh toán không dùng tiền mặt tại chợ Suối Lâm", "Phòng Kinh tế",
                 "Ban quản lý chợ; ngân hàng trên địa bàn", "Quý III/2026", "60", "Xã hội hóa"])
    rows.append([Cell("III. XÃ HỘI SỐ", span=7, bold=True)])
    rows.append(["5", "Tập huấn kỹ năng số cho thành viên Tổ công nghệ số cộng đồng 14 thôn", "Phòng Văn hóa - Xã hội",
                 "Đoàn Thanh niên xã", "Tháng 4/2026", "85", "Ngân sách xã"])
    rows.append(["6", "Hướng dẫn người dân sử dụng sổ sức khỏe điện tử tại Trạm Y tế xã", "Trạm Y tế xã",
                 "Tổ công nghệ số cộng đồng", "Quý IV/2026", "40", "Ngân sách xã"])
    rows.append(["7", "Nâng cấp mạng nội bộ và thiết bị dạy học số cho các trường học trên địa bàn xã",
                 "Phòng Văn hóa - Xã hội", "Các trường học", "Tháng 8/2026", "450", "Ngân sách tỉnh hỗ trợ"])
    rows.append([Cell("Tổng cộng", span=5, bold=True), Cell("1.230", bold=True), ""])
    b.append(dx.table(rows, [600, 4200, 2200, 2200, 1600, 1400, 1900]))
    dx.write(dx.DocxParts(body=b, numbering=True, landscape_tail=True, header="Kế hoạch chuyển đổi số xã Suối Lâm "
                          "năm 2026",
                          footnotes=["Kế hoạch số 45/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh Lâm Giang về "
                                     "chuyển đổi số tỉnh Lâm Giang năm 2026."]), path)


# --------------------------------------------------------------------------- g02: district Đề án, LibreOffice PDF
def g02_docx(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "HUYỆN AN THƯỢNG"], "", "An Thượng, ngày 14 tháng 9 năm 2022"))
    b.append(para(run("ĐỀ ÁN", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số huyện An Thượng giai đoạn 2022 - 2025, định hướng đến năm 2030", bold=True),
                  jc="center"))
    b.append(para(run("(Ban hành kèm theo Quyết định số 2215/QĐ-UBND ngày 14/9/2022 của UBND huyện An Thượng)",
                      italic=True), jc="center"))
    b.append(_bold("I. CĂN CỨ XÂY DỰNG ĐỀ ÁN"))
    for i, t in enumerate([
        "Luật Công nghệ thông tin ngày 29/6/2006;",
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc "
        "gia đến năm 2025, định hướng đến năm 2030;",
        "Quyết định số 942/QĐ-TTg ngày 15/6/2020 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển Chính phủ "
        "điện tử hướng tới Chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030;",
        "Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia phát triển "
        "kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030;",
        "Nghị quyết số 08-NQ/TU ngày 12/10/2021 của Ban Chấp hành Đảng bộ tỉnh Hà Nguyên về chuyển đổi số tỉnh Hà "
        "Nguyên đến năm 2025, định hướng đến năm 2030;",
        "Quyết định số 1650/QĐ-UBND ngày 20/5/2022 của UBND tỉnh Hà Nguyên ban hành Kế hoạch chuyển đổi số tỉnh "
        "giai đoạn 2022 - 2025.",
    ], 1):
        b.append(para(f"{i}. {t}"))
    b.append(_bold("II. THỰC TRẠNG CHUYỂN ĐỔI SỐ CỦA HUYỆN"))
    b.append(para("Huyện An Thượng có 16 xã, 1 thị trấn với 31.400 hộ. Năm 2021, 100% cơ quan cấp huyện và 17/17 xã, "
                  "thị trấn sử dụng hệ thống quản lý văn bản và điều hành; tỷ lệ hồ sơ công việc cấp huyện xử lý trên "
                  "môi trường mạng đạt 71%, cấp xã đạt 46%. Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt 21%."))
    b.append(para("Kinh tế số còn nhỏ: 12% hộ sản xuất có sản phẩm trên sàn thương mại điện tử. Xã hội số: 64% hộ có "
                  "đường truyền Internet cáp quang, 58% người dân có điện thoại thông minh. Chỉ số chuyển đổi số cấp "
                  "huyện (DTI) năm 2021 của huyện xếp thứ 6/9 huyện, thị xã của tỉnh."))
    b.append(para("Hạn chế: hạ tầng tại các xã miền núi chưa đồng bộ; nhân lực công nghệ thông tin cấp xã còn thiếu, "
                  "chủ yếu kiêm nhiệm."))
    b.append(_bold("III. MỤC TIÊU"))
    b.append(para("Đến năm 2025: 90% hồ sơ công việc cấp huyện, 70% hồ sơ công việc cấp xã được xử lý trên môi trường "
                  "mạng; tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt 50%; 30% hộ sản xuất có sản phẩm trên sàn "
                  "thương mại điện tử; 80% hộ gia đình có đường truyền Internet cáp quang. Định hướng đến năm 2030, "
                  "An Thượng thuộc nhóm 3 huyện dẫn đầu tỉnh về Chỉ số chuyển đổi số."))
    b.append(_bold("IV. NHIỆM VỤ, GIẢI PHÁP"))
    b.append(para("1. Chính quyền số: hoàn thiện hạ tầng, kết nối hệ thống quản lý văn bản từ huyện đến cấp xã, số "
                  "hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa cấp huyện và cấp xã."))
    b.append(para("2. Kinh tế số: hỗ trợ hợp tác xã, hộ sản xuất ứng dụng truy xuất nguồn gốc và thương mại điện tử."))
    b.append(para("3. Xã hội số: phát triển Tổ công nghệ số cộng đồng tại các xã, thị trấn; phổ cập kỹ năng số cho "
                  "người dân; triển khai học bạ số tại các trường."))
    b.append(para("Danh mục nhiệm vụ tại Phụ lục kèm theo."))
    b.append(_bold("V. KINH PHÍ THỰC HIỆN"))
    b.append(para("Kinh phí thực hiện Đề án được bố trí từ ngân sách tỉnh hỗ trợ, ngân sách huyện, ngân sách xã và "
                  "nguồn xã hội hóa, chi tiết theo Phụ lục."))
    b.append(_bold("VI. TỔ CHỨC THỰC HIỆN"))
    b.append(para("Phòng Văn hóa và Thông tin chủ trì, theo dõi, đôn đốc thực hiện Đề án; các phòng, ban, ngành và "
                  "UBND các xã, thị trấn xây dựng kế hoạch hằng năm, báo cáo kết quả về UBND huyện trước ngày 10/12 "
                  "hằng năm."))
    b.append(dx.section_break())
    b.append(para(run("PHỤ LỤC - DANH MỤC NHIỆM VỤ", bold=True), jc="center"))
    head = ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện", "Kinh phí (triệu đồng)", "Nguồn vốn"]
    rows = [head,
            ["1", "Nâng cấp hệ thống quản lý văn bản và điều hành kết nối đến 17 xã, thị trấn",
             "Văn phòng HĐND và UBND huyện", "2022-2023", "650", "Ngân sách huyện"],
            ["2", "Số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa cấp huyện và cấp xã",
             "Văn phòng HĐND và UBND huyện", "2022-2025", "1.400", "Ngân sách tỉnh hỗ trợ"],
            ["3", "Xây dựng hệ thống camera giám sát an ninh trật tự tại trung tâm huyện", "Công an huyện",
             "", "2.100", "Ngân sách huyện, xã hội hóa"],
            ["4", "Hỗ trợ hợp tác xã ứng dụng mã QR truy xuất nguồn gốc sản phẩm chủ lực",
             "Phòng Nông nghiệp và Phát triển nông thôn", "2023-2025", "480", "Ngân sách huyện"],
            ["5", "Đưa sản phẩm OCOP của huyện lên sàn thương mại điện tử", "Phòng Kinh tế và Hạ tầng",
             "2022-2024", "320", "Ngân sách huyện, xã hội hóa"],
            ["6", "Thành lập và tập huấn Tổ công nghệ số cộng đồng tại 17 xã, thị trấn", "Phòng Văn hóa và Thông tin",
             "2022-2023", "270", "Ngân sách xã"],
            ["7", "Triển khai học bạ số, sổ điểm điện tử tại các trường trung học cơ sở",
             "Phòng Giáo dục và Đào tạo", "2023-2025", "560", "Ngân sách huyện"],
            [Cell("Tổng cộng", span=4, bold=True), Cell("6.280", bold=True), ""]]
    b.append(dx.table(rows, [700, 4600, 2600, 1700, 1500, 2300]))
    dx.write(dx.DocxParts(body=b, landscape_tail=True, header="Đề án chuyển đổi số huyện An Thượng"), path)


def to_pdf(docx_path: Path, pdf_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to export the PDF draft")
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", out, str(docx_path)], check=True, capture_output=True)
        shutil.move(str(Path(out) / (docx_path.stem + ".pdf")), pdf_path)


# --------------------------------------------------------------------------- g03: province, 2026, web-portal text
G03 = """\
ỦY BAN NHÂN DÂN
TỈNH LÂM GIANG
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 45/KH-UBND
|
Lâm Giang, ngày 20 tháng 01 năm 2026
|
KẾ HOẠCH
CHUYỂN ĐỔI SỐ TỈNH LÂM GIANG NĂM 2026
Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ,
đổi mới sáng tạo và chuyển đổi số quốc gia;
Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ ban hành Chương trình hành động của Chính phủ
thực hiện Nghị quyết số 57-NQ/TW;
Căn cứ Quyết định số 2629/QĐ-TTg ngày 01/12/2025 của Thủ tướng Chính phủ phê duyệt Chương trình phát triển
Chính phủ số;
Căn cứ Nghị quyết số 14-NQ/TU ngày 18/4/2025 của Ban Thường vụ Tỉnh ủy Lâm Giang về đột phá phát triển khoa
học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Lâm Giang;
Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 21/TTr-SKHCN ngày 12/01/2026.
Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số tỉnh Lâm Giang năm 2026 như sau:
I. KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2025
Năm 2025, Chỉ số chuyển đổi số (DTI) của tỉnh đạt 0,58 điểm, xếp thứ 29/34 tỉnh, thành phố; trụ cột chính
quyền số đạt 0,63, kinh tế số 0,49, xã hội số 0,55. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến
toàn trình đạt 52%; 100% xã, phường vận hành Trung tâm Phục vụ hành chính công sau sắp xếp; 61% người dân
trưởng thành có danh tính số; kinh tế số chiếm 9,5% GRDP.
Tồn tại, hạn chế: cơ sở dữ liệu chuyên ngành còn rời rạc; nhân lực chuyển đổi số cấp xã thiếu sau sắp xếp;
nhiều doanh nghiệp nhỏ chưa sử dụng nền tảng số.
II. MỤC TIÊU NĂM 2026
- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 65%.
- Kinh tế số chiếm 11% GRDP.
- Tỷ lệ người dân trưởng thành có danh tính số đạt 75%.
- Chỉ số chuyển đổi số (DTI) của tỉnh tăng ít nhất 3 bậc.
III. NHIỆM VỤ, GIẢI PHÁP
1. Chính quyền số
1.1. Hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh, kết nối cơ sở dữ liệu của các sở với 58 xã, phường.
- Chủ trì: Sở Khoa học và Công nghệ
- Phối hợp: các sở, ngành; UBND các xã, phường
- Thời gian: Quý III/2026
- Kinh phí: 4.500 triệu đồng, ngân sách tỉnh
1.2. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công các xã, phường.
- Chủ trì: Văn phòng UBND tỉnh
- Phối hợp: UBND các xã, phường
- Thời gian: năm 2026
- Kinh phí: 3.200 triệu đồng, ngân sách tỉnh
2. Kinh tế số
2.1. Hỗ trợ doanh nghiệp nhỏ và vừa sử dụng nền tảng số trong quản trị, kế toán, hóa đơn điện tử.
- Chủ trì: Sở Công Thương
- Phối hợp: Hiệp hội Doanh nghiệp tỉnh
- Thời gian: năm 2026
- Kinh phí: 1.800 triệu đồng, ngân sách tỉnh và xã hội hóa
2.2. Phát triển thương mại điện tử cho sản phẩm OCOP, đặc sản của tỉnh.
- Chủ trì: Sở Công Thương
- Phối hợp: Sở Nông nghiệp và Môi trường; UBND các xã, phường
- Thời gian: Quý II - Quý IV/2026
- Kinh phí: 950 triệu đồng, ngân sách tỉnh
3. Xã hội số
3.1. Duy trì, nâng cao năng lực Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố.
- Chủ trì: Sở Khoa học và Công nghệ
- Phối hợp: UBND các xã, phường
- Thời gian: năm 2026
- Kinh phí: 1.100 triệu đồng, ngân sách tỉnh
3.2. Triển khai bệnh án điện tử tại các bệnh viện đa khoa khu vực.
- Chủ trì: Sở Y tế
- Phối hợp: Bảo hiểm xã hội tỉnh
- Thời gian: Quý IV/2026
- Kinh phí: 6.300 triệu đồng, ngân sách tỉnh và nguồn thu sự nghiệp
IV. KINH PHÍ THỰC HIỆN
Tổng kinh phí thực hiện Kế hoạch là 17.850 triệu đồng từ ngân sách tỉnh, nguồn thu sự nghiệp và xã hội hóa.
V. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ là cơ quan thường trực, hướng dẫn, theo dõi, tổng hợp kết quả thực hiện Kế hoạch,
báo cáo UBND tỉnh trước ngày 15/12/2026.
2. Các sở, ban, ngành chủ động xây dựng kế hoạch chi tiết của ngành, bố trí kinh phí thực hiện nhiệm vụ được giao.
3. UBND các xã, phường ban hành kế hoạch chuyển đổi số năm 2026 của địa phương, kiện toàn Tổ công nghệ số cộng
đồng, bố trí công chức phụ trách chuyển đổi số và báo cáo kết quả định kỳ hằng quý.
Nơi nhận:
- Bộ Khoa học và Công nghệ;
- TT Tỉnh ủy, TT HĐND tỉnh;
- Các sở, ban, ngành;
- UBND các xã, phường;
- Lưu: VT, KGVX.
|
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""


# --------------------------------------------------------------------------- g04: commune implementation plan, 2024
def g04(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA"], "Số: 37/KH-UBND", "Tân Hòa, ngày 22 tháng 4 năm 2024"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Triển khai thực hiện chuyển đổi số trên địa bàn xã Tân Hòa năm 2024", bold=True), jc="center"))
    b.append(para("Căn cứ Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược phát "
                  "triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030;"))
    b.append(para("Căn cứ Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc "
                  "gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030;"))
    b.append(para("Thực hiện Kế hoạch số 50/KH-UBND ngày 11/3/2024 của UBND huyện Đồng Xá về chuyển đổi số huyện "
                  "Đồng Xá năm 2024, UBND xã Tân Hòa ban hành Kế hoạch với nội dung chủ yếu như sau:"))
    b.append(_bold("I. MỤC ĐÍCH, YÊU CẦU"))
    b.append(para("Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về chuyển đổi số; xác định rõ nhiệm vụ của "
                  "từng bộ phận, thôn; bảo đảm hoàn thành các chỉ tiêu huyện giao năm 2024."))
    b.append(_bold("II. TÌNH HÌNH TRIỂN KHAI NĂM 2023"))
    b.append(para("Năm 2023, 100% văn bản đi của UBND xã (trừ văn bản mật) được gửi trên môi trường mạng; Bộ phận Một "
                  "cửa tiếp nhận 1.960 hồ sơ, trong đó 590 hồ sơ trực tuyến (30%). Xã có 9/9 thôn thành lập Tổ công "
                  "nghệ số cộng đồng với 54 thành viên; 48% người dân trưởng thành có tài khoản định danh điện tử mức "
                  "2. Tồn tại: đường truyền tại thôn Khe Mít còn yếu, một số thành viên tổ công nghệ số chưa được tập "
                  "huấn."))
    b.append(_bold("III. MỤC TIÊU"))
    b.append(para("a) Chính quyền số: 45% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến; 100% cán bộ, công "
                  "chức xã sử dụng chữ ký số trong xử lý văn bản."))
    b.append(para("b) Xã hội số: 65% người dân trưởng thành có tài khoản định danh điện tử mức 2; 9/9 thôn có điểm "
                  "truy cập Internet công cộng."))
    b.append(_bold("IV. NHIỆM VỤ, GIẢI PHÁP"))
    b.append(para("1. Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh xã và nhóm Zalo của 9 thôn. Chủ trì: "
                  "công chức Văn hóa - Xã hội; thời gian: cả năm 2024; kinh phí: 15 triệu đồng, ngân sách xã."))
    b.append(para("2. Cấp chứng thư số cá nhân và hướng dẫn ký số cho cán bộ, công chức xã. Chủ trì: Văn phòng - "
                  "Thống kê xã; thời gian: quý II/2024; kinh phí: 24 triệu đồng, ngân sách huyện hỗ trợ."))
    b.append(para("3. Hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa. Chủ trì: Bộ phận Một cửa xã; "
                  "thời gian: quý II - IV/2024; kinh phí: 20 triệu đồng, ngân sách xã."))
    b.append(para("4. Tập huấn kỹ năng số cho thành viên Tổ công nghệ số cộng đồng các thôn; thời gian: tháng "
                  "7/2024; kinh phí: 30 triệu đồng, ngân sách xã."))
    b.append(para("5. Lắp đặt điểm truy cập Internet công cộng tại nhà văn hóa thôn Khe Mít. Chủ trì: Viettel Đồng Xá;"
                  " thời gian: quý III/2024; kinh phí: 40 triệu đồng, doanh nghiệp viễn thông đầu tư."))
    b.append(_bold("V. KINH PHÍ"))
    b.append(para("Tổng kinh phí 129 triệu đồng từ ngân sách xã, ngân sách huyện hỗ trợ và doanh nghiệp viễn thông."))
    b.append(_bold("VI. TỔ CHỨC THỰC HIỆN"))
    b.append(para("Công chức Văn hóa - Xã hội tham mưu UBND xã theo dõi, đôn đốc; Trưởng các thôn phối hợp tuyên "
                  "truyền, vận động Nhân dân; báo cáo kết quả về UBND huyện trước ngày 05/12/2024."))
    dx.write(dx.DocxParts(body=b, header=""), path)


# --------------------------------------------------------------------------- g05: official letter (no plan)
def g05(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "HUYỆN HÒA PHONG"], "Số: 1184/UBND-VHTT",
                       "Hòa Phong, ngày 18 tháng 8 năm 2023",
                       about="V/v đẩy mạnh chuyển đổi số và triển khai Đề án 06 trên địa bàn huyện"))
    b.append(para("Kính gửi:"))
    b += [para(t) for t in ["- Các phòng, ban, ngành, đoàn thể huyện;", "- Công an huyện;",
                            "- Ủy ban nhân dân các xã, thị trấn."]]
    b.append(para("Thực hiện Công văn số 2650/UBND-KGVX ngày 04/8/2023 của UBND tỉnh Hà Nguyên về đẩy mạnh chuyển đổi "
                  "số, triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát "
                  "triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai "
                  "đoạn 2022 - 2025, tầm nhìn đến năm 2030 (Đề án 06); qua theo dõi, tỷ lệ hồ sơ thủ tục hành chính "
                  "nộp trực tuyến của huyện 7 tháng đầu năm 2023 mới đạt 18%, thấp hơn mức bình quân của tỉnh; một "
                  "số xã chưa cập nhật kết quả số hóa hồ sơ lên Hệ thống thông tin giải quyết thủ tục hành chính "
                  "của tỉnh."))
    b.append(para("Để khắc phục tình trạng trên, Chủ tịch UBND huyện yêu cầu thủ trưởng các cơ quan, đơn vị và Chủ "
                  "tịch UBND các xã, thị trấn thực hiện ngay một số việc sau:"))
    b.append(para("1. Quán triệt đến toàn thể cán bộ, công chức, viên chức về trách nhiệm thực hiện chuyển đổi số; "
                  "người đứng đầu chịu trách nhiệm trước Chủ tịch UBND huyện nếu kết quả của cơ quan, đơn vị mình "
                  "thấp hơn kỳ trước."))
    b.append(para("2. Công an huyện phối hợp với UBND các xã, thị trấn tiếp tục thu nhận hồ sơ căn cước công dân, "
                  "hướng dẫn kích hoạt tài khoản định danh điện tử cho người dân tại các điểm tiếp dân, trường học."))
    b.append(para("3. Văn phòng HĐND và UBND huyện rà soát các thủ tục hành chính đủ điều kiện cung cấp trực tuyến "
                  "toàn trình, hướng dẫn Bộ phận Một cửa cấp huyện và cấp xã số hóa hồ sơ, kết quả giải quyết ngay khi "
                  "tiếp nhận."))
    b.append(para("4. Phòng Văn hóa và Thông tin tăng cường tuyên truyền trên Trang thông tin điện tử huyện, hệ thống "
                  "truyền thanh cơ sở về lợi ích của dịch vụ công trực tuyến và thanh toán không dùng tiền mặt; tổng "
                  "hợp, báo cáo kết quả thực hiện Công văn này trước ngày 15/9/2023."))
    b.append(para("5. UBND các xã, thị trấn chỉ đạo Tổ công nghệ số cộng đồng đến từng hộ gia đình hướng dẫn cài đặt, "
                  "sử dụng ứng dụng định danh điện tử và nộp hồ sơ trực tuyến; báo cáo số liệu hằng tuần về Phòng Văn "
                  "hóa và Thông tin vào chiều thứ Sáu."))
    b.append(para("Yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện; trong quá trình thực "
                  "hiện nếu có khó khăn, vướng mắc, báo cáo về UBND huyện (qua Phòng Văn hóa và Thông tin) để được "
                  "hướng dẫn, giải quyết kịp thời./."))
    b.append(para(run("Nơi nhận:", bold=True, italic=True)))
    b += [para(t) for t in ["- Như trên;", "- UBND tỉnh (b/c);", "- Sở Thông tin và Truyền thông;",
                            "- TT Huyện ủy, TT HĐND huyện;", "- CT, các PCT UBND huyện;", "- Lưu: VT, VHTT."]]
    b.append(para(run("KT. CHỦ TỊCH", bold=True), jc="right"))
    b.append(para(run("PHÓ CHỦ TỊCH", bold=True), jc="right"))
    dx.write(dx.DocxParts(body=b, header=""), path)


# --------------------------------------------------------------------------- g06: a report (no plan)
# one line per paragraph as Word's Plain Text export writes it; "\n  " continues a paragraph in this source
G06 = """\
ỦY BAN NHÂN DÂN
XÃ EA LÂM
Số: 96/BC-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ea Lâm, ngày 10 tháng 12 năm 2025

BÁO CÁO
Kết quả thực hiện nhiệm vụ chuyển đổi số năm 2025

Thực hiện Công văn số 812/SKHCN-CĐS ngày 25/11/2025 của Sở Khoa học và Công nghệ tỉnh Đăk Nguyên về việc báo
  cáo kết quả chuyển đổi số năm 2025, UBND xã Ea Lâm báo cáo như sau:

I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO
Ngay sau khi xã mới đi vào hoạt động từ ngày 01/7/2025, UBND xã đã kiện toàn Ban Chỉ đạo chuyển đổi số của xã
  do Chủ tịch UBND xã làm Trưởng ban, giao Phòng Văn hóa - Xã hội làm cơ quan thường trực; ban hành 06 văn bản
  chỉ đạo, hướng dẫn các thôn, buôn triển khai dịch vụ công trực tuyến và Đề án 06.

II. KẾT QUẢ THỰC HIỆN
1. Về chính quyền số
Trung tâm Phục vụ hành chính công xã đã tiếp nhận 2.415 hồ sơ, trong đó 1.190 hồ sơ nộp trực tuyến, đạt 49,3%;
  100% hồ sơ được số hóa khi tiếp nhận; 100% văn bản đi, đến (trừ văn bản mật) được xử lý trên Hệ thống quản lý
  văn bản và điều hành. Cán bộ, công chức của xã đã được cấp đủ chữ ký số cá nhân.
2. Về kinh tế số
Có 38 hộ kinh doanh sử dụng mã QR để thanh toán; 2 hợp tác xã cà phê đưa sản phẩm lên sàn thương mại điện tử
  với doanh thu trực tuyến khoảng 640 triệu đồng.
3. Về xã hội số
Tổ công nghệ số cộng đồng hoạt động tại 17/17 thôn, buôn với 112 thành viên; 71% người dân trưởng thành đã
  kích hoạt tài khoản định danh điện tử; Trạm Y tế xã triển khai khám chữa bệnh bằng căn cước công dân gắn chip.

III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN
Hạ tầng Internet tại 4 buôn vùng sâu chưa ổn định; đội ngũ phụ trách chuyển đổi số của xã kiêm nhiệm, thiếu
  chuyên môn; một bộ phận người dân lớn tuổi chưa quen sử dụng điện thoại thông minh; kinh phí cho chuyển đổi số
  chưa được bố trí riêng.

IV. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn cho công chức phụ trách chuyển đổi số cấp xã; đề nghị các
  doanh nghiệp viễn thông sớm lắp đặt trạm phát sóng tại buôn Ea Kroa và buôn Tơ Lê.

Trên đây là báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số năm 2025 của UBND xã Ea Lâm./.

Nơi nhận:
- Sở Khoa học và Công nghệ (b/c);
- TT Đảng ủy, TT HĐND xã;
- Lưu: VT, VHXH.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""


# --------------------------------------------------------------------------- g07: a weak plan (still a plan)
def g07(path: Path) -> None:
    b: list[str] = []
    b.append(_masthead(["ỦY BAN NHÂN DÂN", "XÃ BÌNH SƠN"], "Số: 08/KH-UBND", "Bình Sơn, ngày 14 tháng 3 năm 2025"))
    b.append(para(run("KẾ HOẠCH", bold=True), jc="center"))
    b.append(para(run("Chuyển đổi số xã Bình Sơn năm 2025", bold=True), jc="center"))
    b.append(para("Căn cứ Kế hoạch số 27/KH-UBND ngày 20/02/2025 của UBND huyện Sơn Nguyên về chuyển đổi số năm "
                  "2025, UBND xã Bình Sơn xây dựng Kế hoạch chuyển đổi số năm 2025 như sau:"))
    b.append(_bold("I. MỤC ĐÍCH, YÊU CẦU"))
    b.append(para("Đẩy mạnh ứng dụng công nghệ số trong hoạt động của chính quyền xã, phục vụ người dân và doanh "
                  "nghiệp tốt hơn; cán bộ, công chức nêu cao tinh thần trách nhiệm, hoàn thành nhiệm vụ được giao."))
    b.append(_bold("II. NHIỆM VỤ"))
    head = ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian"]
    rows = [head,
            ["1", "Tuyên truyền lợi ích của dịch vụ công trực tuyến trên loa truyền thanh xã", "Công chức Văn hóa - "
             "Xã hội", "Năm 2025"],
            ["2", "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử", "Công an xã", "Năm 2025"],
            ["3", "Số hóa hồ sơ thủ tục hành chính tại Bộ phận Một cửa", "Văn phòng - Thống kê", "Năm 2025"],
            ["4", "Hướng dẫn hộ kinh doanh sử dụng thanh toán không dùng tiền mặt", "Công chức Tài chính - Kế toán",
             "Năm 2025"]]
    b.append(dx.table(rows, [600, 5000, 2600, 1400]))
    b.append(_bold("III. TỔ CHỨC THỰC HIỆN"))
    b.append(para("Các bộ phận chuyên môn của UBND xã, Trưởng các thôn căn cứ nhiệm vụ được giao tổ chức thực hiện, "
                  "báo cáo kết quả về UBND xã trước ngày 30/11/2025. Trong quá trình thực hiện có khó khăn, vướng mắc "
                  "báo cáo Chủ tịch UBND xã để chỉ đạo."))
    b.append(para(run("TM. ỦY BAN NHÂN DÂN", bold=True), jc="right"))
    b.append(para(run("CHỦ TỊCH", bold=True), jc="right"))
    dx.write(dx.DocxParts(body=b, header=""), path)


def main() -> None:
    g01(HERE / "g01-ke-hoach-xa-suoi-lam-2026.docx")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "g02-de-an-huyen-an-thuong-2022.docx"
        g02_docx(source)
        to_pdf(source, HERE / "g02-de-an-huyen-an-thuong-2022.pdf")
    (HERE / "g03-ke-hoach-tinh-lam-giang-2026.txt").write_bytes(G03.encode("utf-8"))
    g04(HERE / "g04-ke-hoach-xa-tan-hoa-2024.docx")
    g05(HERE / "g05-cong-van-huyen-hoa-phong-2023.docx")
    g06 = G06.replace("\n  ", " ").replace("\n", "\r\n")
    (HERE / "g06-bao-cao-xa-ea-lam-2025.txt").write_bytes(b"\xef\xbb\xbf" + g06.encode("utf-8"))
    g07(HERE / "g07-ke-hoach-xa-binh-son-2025.docx")


if __name__ == "__main__":
    main()
