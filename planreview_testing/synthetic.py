"""Synthetic Vietnamese draft plans with planted defects, for tests, samples and benchmarks.

A :class:`DraftSpec` describes a district digital-transformation plan and which defects to plant
(a task with no owner, a missing pillar, no 749 citation, a paragraph copied from a corpus plan ...).
:func:`build_items` turns it into a list of items; ``write_docx`` / ``write_pdf`` / ``write_txt``
write the same content in each format. :func:`expected_findings` says, from the spec alone, how
many findings each rule must report, so tests measure precision and recall against ground truth.

Everything written here is a synthetic sample, not a real plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

PILLARS = ("chinh_quyen_so", "kinh_te_so", "xa_hoi_so")
SYNTHETIC_NOTE = "(Tài liệu mẫu tổng hợp phục vụ kiểm thử phần mềm, không phải văn bản thật — synthetic sample)"

# A paragraph of the bundled corpus document corpora/ke-hoach-cds-tinh-thanh-lam-2021-2025.txt,
# lightly edited the way drafts copy it (the province's name replaced by the district's).
CORPUS_PARAGRAPH = (
    "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối với nền tảng tích hợp, chia sẻ "
    "dữ liệu quốc gia, bảo đảm 100% hệ thống thông tin dùng chung của {where} được kết nối, liên thông; xây "
    "dựng kho dữ liệu dùng chung phục vụ chỉ đạo, điều hành và cung cấp dữ liệu mở cho người dân, doanh nghiệp."
)


@dataclass
class Item:
    kind: str  # front | title | heading | para | bullet | table
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)
    group_rows: tuple[int, ...] = ()
    header_rows: int = 1
    spans: tuple[tuple[int, int, int], ...] = ()  # header cells merged across columns: (row, first, last)
    pillar: str = ""  # the pillar this content belongs to ("" = general)


@dataclass
class PlannedTask:
    pillar: str
    text: str
    owner: str
    partner: str
    time: str
    budget: int  # million VND
    source: str
    # what a reader must make of the cells above, written out (evaluators compare with these, never with
    # the extractor's own parse_time / parse_sources): start and end year, canonical funding sources
    years: tuple[int | None, int | None] = (None, None)
    sources: tuple[str, ...] = ()


@dataclass
class PlannedTarget:
    pillar: str
    sentence: str
    value: float
    deadline: int
    baseline: str = ""  # the hiện trạng sentence carrying its baseline ("" = none)
    baseline_value: float | None = None


@dataclass
class DraftSpec:
    district: str = "Đông Hải"
    province: str = "Thanh Lâm"
    plan_year: int = 2023
    target_year: int = 2025
    vision_year: int = 2030
    task_format: str = "table"  # table | list (bulleted) | numbered
    table_layout: str = "simple"  # simple | multirow (two header rows) | by_source (budget split by source)
    extra_tasks: int = 0  # more (generated) tasks, e.g. to make the table run across pages
    heading_styles: bool = True  # docx: Word "Heading N" styles, else bold numbered paragraphs
    omit_pillars: tuple[str, ...] = ()  # no content at all for these pillars
    thin_pillars: tuple[str, ...] = ()  # only named in the general objective
    omit_749: bool = False
    omit_provincial: bool = False
    malformed_citation: bool = False  # "Nghị định số 47/NĐ-CP" (no year)
    bad_date_citation: bool = False  # "ngày 31/02/2022"
    wrong_date_749: bool = False  # "749/QĐ-TTg ngày 03/6/2021" (the KB says 03/6/2020)
    wrong_year_52: bool = False  # "52-NQ/TW ngày 27/9/2018" (the KB says 2019)
    omit_942: bool = False
    omit_411: bool = False
    body_citation: bool = False  # Đề án 06 cited in hiện trạng but not in the Căn cứ list
    unknown_citation: bool = False  # a district plan the knowledge base does not know
    omit_status: bool = False
    status_without_figures: bool = False
    omit_strengths: bool = False
    task_without_owner: int | None = None
    task_unassigned_owner: int | None = None
    task_without_time: int | None = None
    task_vague_time: int | None = None
    task_without_budget: int | None = None  # neither amount nor source
    task_budget_no_amount: int | None = None  # "Theo dự toán được duyệt", source kept
    task_without_source: int | None = None
    budget_total_mismatch: bool = False  # the Kinh phí section states a total 1.500 million above the tasks' sum
    table_total_mismatch: bool = False  # the table's "Tổng cộng" row is 1.000 million off
    tasks_missing_pillar: str = ""  # a pillar with content but no task in the list
    task_outside_horizon: int | None = None
    early_target: bool = False  # a target due in the plan's own year
    ambitious_target: bool = False  # 100% within 2 years, no baseline
    copy_corpus: bool = False
    copy_corpus_task: bool = False  # a task copied from the provincial plan's task table (district name changed)
    swap_order: bool = False  # "Tổ chức thực hiện" before "Kinh phí"
    omit_to_chuc: bool = False
    extra_paragraphs: int = 0  # filler content for long (benchmark) drafts


def clean_spec(**changes) -> DraftSpec:
    return replace(DraftSpec(), **changes)


# --------------------------------------------------------------------------- content


def _tasks(spec: DraftSpec) -> list[PlannedTask]:
    d = spec.district
    tasks = [
        PlannedTask("chinh_quyen_so", "Nâng cấp hệ thống quản lý văn bản và điều hành, kết nối liên thông từ huyện "
                    "đến 100% xã, thị trấn", "Văn phòng HĐND và UBND huyện", "Phòng Văn hóa và Thông tin; UBND các "
                    "xã, thị trấn", "2023-2024", 800, "Ngân sách huyện", (2023, 2024), ("ngân sách huyện",)),
        PlannedTask("chinh_quyen_so", "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) cấp huyện",
                    "Phòng Văn hóa và Thông tin", "Công an huyện; các phòng chuyên môn", "2024-2025", 3500,
                    "Ngân sách tỉnh, ngân sách huyện", (2024, 2025), ("ngân sách tỉnh", "ngân sách huyện")),
        PlannedTask("chinh_quyen_so", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận một cửa "
                    "cấp huyện, cấp xã", "Văn phòng HĐND và UBND huyện", "UBND các xã, thị trấn", "2023-2025",
                    1200, "Ngân sách huyện", (2023, 2025), ("ngân sách huyện",)),
        PlannedTask("kinh_te_so", "Hỗ trợ hộ sản xuất, hợp tác xã đưa nông sản, sản phẩm OCOP lên sàn thương mại "
                    "điện tử", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Kinh tế và Hạ tầng; Hội Nông dân "
                    "huyện", "2023-2025", 600, "Ngân sách huyện, xã hội hóa", (2023, 2025),
                    ("ngân sách huyện", "xã hội hóa")),
        PlannedTask("kinh_te_so", f"Phát triển du lịch thông minh: số hóa điểm di tích, bản đồ du lịch số huyện {d}",
                    "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa, Thể thao và Du lịch", "2024-2025", 900,
                    "Ngân sách huyện, xã hội hóa", (2024, 2025), ("ngân sách huyện", "xã hội hóa")),
        PlannedTask("xa_hoi_so", "Thành lập và duy trì hoạt động tổ công nghệ số cộng đồng tại các thôn, tổ dân phố",
                    "UBND các xã, thị trấn", "Huyện đoàn; Phòng Văn hóa và Thông tin", "2023-2024", 300,
                    "Ngân sách xã", (2023, 2024), ("ngân sách xã",)),
        PlannedTask("xa_hoi_so", "Triển khai hồ sơ sức khỏe điện tử và khám chữa bệnh từ xa tại Trung tâm Y tế "
                    "huyện và các trạm y tế xã", "Trung tâm Y tế huyện", "Phòng Y tế", "2024-2025", 1500,
                    "Ngân sách tỉnh, lồng ghép", (2024, 2025), ("ngân sách tỉnh", "lồng ghép")),
        PlannedTask("xa_hoi_so", "Phổ cập kỹ năng số cho học sinh, giáo viên các trường học trên địa bàn",
                    "Phòng Giáo dục và Đào tạo", "Các trường học", "2023-2025", 400, "Ngân sách huyện", (2023, 2025),
                    ("ngân sách huyện",)),
    ]
    if spec.copy_corpus_task:
        tasks.append(PlannedTask("kinh_te_so", "Triển khai chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số "
                                 f"trên địa bàn huyện {d}", "Phòng Kinh tế và Hạ tầng", "Hội Doanh nghiệp huyện",
                                 "2024-2025", 700, "Ngân sách huyện, xã hội hóa", (2024, 2025),
                                 ("ngân sách huyện", "xã hội hóa")))
    for i in range(spec.extra_tasks):
        pillar = PILLARS[i % 3]
        tasks.append(PlannedTask(pillar, f"Nhiệm vụ bổ sung số {i + 1}: {_EXTRA_TASKS[pillar][i // 3 % 3]}",
                                 _FILLER_SUBJECTS[i % len(_FILLER_SUBJECTS)], "UBND các xã, thị trấn",
                                 f"{spec.plan_year + i % 2}-{spec.target_year}", 100 + 10 * i, "Ngân sách huyện",
                                 (spec.plan_year + i % 2, spec.target_year), ("ngân sách huyện",)))
    drop = spec.omit_pillars + spec.thin_pillars + ((spec.tasks_missing_pillar,) if spec.tasks_missing_pillar else ())
    return [t for t in tasks if t.pillar not in drop]


_EXTRA_TASKS = {
    "chinh_quyen_so": ["số hóa hồ sơ lưu trữ của các phòng chuyên môn", "triển khai chữ ký số cho cán bộ cấp xã",
                       "nâng cấp cổng thông tin điện tử của huyện"],
    "kinh_te_so": ["hỗ trợ hợp tác xã ứng dụng truy xuất nguồn gốc nông sản", "quảng bá sản phẩm OCOP trên sàn "
                   "thương mại điện tử", "phát triển thanh toán không dùng tiền mặt tại chợ"],
    "xa_hoi_so": ["tập huấn kỹ năng số cho người dân", "triển khai sổ sức khỏe điện tử tại trạm y tế xã",
                  "xây dựng học liệu số cho trường học"],
}


BY_SOURCE_COLUMNS = ["Ngân sách tỉnh", "Ngân sách huyện", "Ngân sách xã", "Xã hội hóa"]
_CANONICAL_SOURCE = {"Ngân sách tỉnh": "ngân sách tỉnh", "Ngân sách huyện": "ngân sách huyện",
                     "Ngân sách xã": "ngân sách xã", "Xã hội hóa": "xã hội hóa"}


def planned_tasks(spec: DraftSpec) -> list[PlannedTask]:
    """The tasks as written in the draft, with the planted defects applied."""
    tasks = [replace(t) for t in _tasks(spec)]
    if spec.table_layout == "by_source":  # the whole amount sits in the column of the first source named
        for t in tasks:
            t.source = next((n for n in BY_SOURCE_COLUMNS if n.lower() in t.source.lower()), "")
            t.sources = (_CANONICAL_SOURCE[t.source],) if t.source else ()
    if spec.task_without_owner is not None:
        tasks[spec.task_without_owner].owner = ""
    if spec.task_unassigned_owner is not None:
        tasks[spec.task_unassigned_owner].owner = "Các cơ quan, đơn vị liên quan"
    if spec.task_without_time is not None:
        tasks[spec.task_without_time].time = ""
        tasks[spec.task_without_time].years = (None, None)
    if spec.task_vague_time is not None:
        tasks[spec.task_vague_time].time = "Hằng năm"
        tasks[spec.task_vague_time].years = (None, None)
    if spec.task_without_budget is not None:
        tasks[spec.task_without_budget].budget = 0
        tasks[spec.task_without_budget].source = ""
        tasks[spec.task_without_budget].sources = ()
    if spec.task_budget_no_amount is not None:
        tasks[spec.task_budget_no_amount].budget = -1  # written "Theo dự toán được duyệt"
    if spec.task_without_source is not None:
        tasks[spec.task_without_source].source = ""
        tasks[spec.task_without_source].sources = ()
    if spec.task_outside_horizon is not None:
        tasks[spec.task_outside_horizon].time = f"{spec.vision_year + 1}-{spec.vision_year + 2}"
        tasks[spec.task_outside_horizon].years = (spec.vision_year + 1, spec.vision_year + 2)
    return tasks


def planned_targets(spec: DraftSpec) -> list[PlannedTarget]:
    y = spec.target_year
    targets = [
        PlannedTarget("chinh_quyen_so", "100% cơ quan hành chính cấp huyện, cấp xã có mạng LAN kết nối Internet "
                      "tốc độ cao.", 100, y,
                      "Hiện nay, 95% cơ quan hành chính cấp huyện, cấp xã có mạng LAN kết nối Internet tốc độ cao.",
                      95),
        PlannedTarget("chinh_quyen_so", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn "
                      "trình đạt 70%.", 70, y,
                      "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình năm 2022 đạt "
                      "45%.", 45),
        # the national programme's key indicators for a district (rules/reference_targets/749-QD-TTg.yaml)
        PlannedTarget("chinh_quyen_so", "90% hồ sơ công việc cấp huyện, 70% hồ sơ công việc cấp xã được xử lý trên "
                      "môi trường mạng.", 90, y,
                      "Có 72% hồ sơ công việc cấp huyện, 48% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.",
                      72),
        PlannedTarget("kinh_te_so", "Tối thiểu 60% hộ sản xuất, hợp tác xã đưa sản phẩm lên sàn thương mại điện tử.",
                      60, y, "Có 35% hộ sản xuất, hợp tác xã đã đưa sản phẩm lên sàn thương mại điện tử.", 35),
        PlannedTarget("xa_hoi_so", "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số đạt 90%.", 90, y,
                      "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số đạt 60%.", 60),
        PlannedTarget("xa_hoi_so", "Tỷ lệ người dân trưởng thành có danh tính số đạt 80%.", 80, y,
                      "Tỷ lệ người dân trưởng thành có danh tính số đạt 55%.", 55),
    ]
    targets = [t for t in targets if t.pillar not in spec.omit_pillars + spec.thin_pillars]
    if spec.early_target:
        targets.append(PlannedTarget("", f"Đến năm {spec.plan_year}, 100% trạm y tế xã triển khai phần mềm quản lý "
                                     "khám chữa bệnh.", 100, spec.plan_year))
    if spec.ambitious_target:
        targets.append(PlannedTarget("", "100% hộ gia đình trên địa bàn huyện có đường truyền cáp quang băng rộng "
                                     f"đến năm {y}.", 100, y))
    if spec.omit_status or spec.status_without_figures:
        targets = [replace(t, baseline="", baseline_value=None) for t in targets]
    return targets


def _legal_items(spec: DraftSpec) -> list[Item]:
    p = spec.province
    lines = [
        "Luật Công nghệ thông tin ngày 29/6/2006;",
        "Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
        f"Nghị quyết số 52-NQ/TW ngày 27/9/{2018 if spec.wrong_year_52 else 2019} của Bộ Chính trị về một số chủ "
        "trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư;",
    ]
    if not spec.omit_749:
        lines.append(f"Quyết định số 749/QĐ-TTg ngày 03/6/{2021 if spec.wrong_date_749 else 2020} của Thủ tướng Chính "
                     "phủ phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;")
    if not spec.omit_942:
        lines.append("Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển "
                     "Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021-2025, định hướng đến năm 2030;")
    if not spec.omit_411:
        lines.append("Quyết định số 411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ phê duyệt Chiến lược quốc gia "
                     "phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030;")
    lines += [
        "Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ quy định quản lý đầu tư ứng dụng công nghệ thông tin "
        "sử dụng nguồn vốn ngân sách nhà nước;",
    ]
    if spec.malformed_citation:
        lines.append("Nghị định số 47/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý, kết nối và chia sẻ dữ liệu số "
                     "của cơ quan nhà nước;")
    if spec.bad_date_citation:
        lines.append("Quyết định số 146/QĐ-TTg ngày 31/02/2022 của Thủ tướng Chính phủ phê duyệt Đề án nâng cao nhận "
                     "thức, phổ cập kỹ năng và phát triển nguồn nhân lực chuyển đổi số quốc gia;")
    if not spec.omit_provincial:
        lines += [
            f"Nghị quyết số 06-NQ/TU ngày 15/7/2021 của Ban Chấp hành Đảng bộ tỉnh {p} về chuyển đổi số tỉnh {p} "
            "giai đoạn 2021-2025, định hướng đến năm 2030;",
            f"Quyết định số 3125/QĐ-UBND ngày 12/10/2021 của UBND tỉnh {p} ban hành Kế hoạch chuyển đổi số tỉnh {p} "
            "đến năm 2025;",
        ]
    if spec.unknown_citation:
        lines.append(f"Kế hoạch số 88/KH-UBND ngày 10/02/2023 của UBND huyện {spec.district} về chuyển đổi số "
                     "năm 2023;")
    lines[-1] = lines[-1].rstrip(";") + "."
    return [Item("bullet", f"- {line}") for line in lines]


def _status_items(spec: DraftSpec, targets: list[PlannedTarget]) -> list[Item]:
    d = spec.district
    items = [Item("heading", "1. Kết quả đạt được", 2)]
    if spec.status_without_figures:
        items.append(Item("para", f"Thời gian qua, hạ tầng công nghệ thông tin của huyện {d} từng bước được đầu tư; "
                          "các cơ quan đã sử dụng phần mềm quản lý văn bản và hộp thư điện tử công vụ. Đội ngũ cán "
                          "bộ được quan tâm bồi dưỡng. Một số hộ sản xuất đã tiếp cận các kênh bán hàng trực tuyến."))
    else:
        items.append(Item("para", f"Năm 2022, chỉ số chuyển đổi số (DTI) của huyện {d} theo bộ chỉ số của tỉnh xếp "
                          "thứ 8/27 huyện, thị xã, thành phố. Toàn huyện có 21 xã, thị trấn với 4 cán bộ chuyên trách "
                          "công nghệ thông tin."))
        lines = [t.baseline for t in targets if t.baseline]
        if lines:
            items.append(Item("para", " ".join(lines)))
    if spec.body_citation:
        items.append(Item("para", "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ, Công an "
                          "huyện đã phối hợp với các xã, thị trấn thu nhận hồ sơ cấp căn cước cho người dân."))
    strengths = [
        Item("heading", "2. Điểm mạnh", 2),
        Item("para", "Điểm mạnh: lãnh đạo huyện quan tâm chỉ đạo; hạ tầng viễn thông phủ sóng 4G đến tất cả các thôn; "
             "đội ngũ cán bộ trẻ, có khả năng tiếp cận công nghệ."),
        Item("heading", "3. Hạn chế và nguyên nhân", 2),
        Item("para", "Hạn chế: trang thiết bị công nghệ thông tin cấp xã còn thiếu, cũ; nguồn nhân lực chuyên trách "
             "còn mỏng; dữ liệu chuyên ngành chưa được số hóa, chưa kết nối, chia sẻ."),
    ]
    return items + ([] if spec.omit_strengths else strengths)


_PILLAR_TITLES = {"chinh_quyen_so": "Chính quyền số", "kinh_te_so": "Kinh tế số", "xa_hoi_so": "Xã hội số"}


def _solution_items(spec: DraftSpec) -> list[Item]:
    d = spec.district
    texts = {
        "chinh_quyen_so": (
            f"Hoàn thiện chính quyền số huyện {d} theo hướng lấy người dân làm trung tâm. Nâng cao chất lượng cung "
            "cấp dịch vụ công trực tuyến toàn trình, tích hợp trên Cổng Dịch vụ công quốc gia. Triển khai hệ thống "
            "quản lý văn bản và điều hành liên thông bốn cấp, sử dụng chữ ký số cho cán bộ, công chức. UBND các xã, "
            "thị trấn bố trí cán bộ phụ trách chuyển đổi số và trang bị thiết bị cho Bộ phận một cửa."
        ),
        "kinh_te_so": (
            "Phát triển kinh tế số gắn với thế mạnh nông nghiệp và du lịch của huyện. Hỗ trợ hợp tác xã, hộ sản xuất "
            "ứng dụng truy xuất nguồn gốc, đưa sản phẩm OCOP lên sàn thương mại điện tử. Khuyến khích thanh toán "
            "không dùng tiền mặt tại chợ, điểm du lịch và cơ sở dịch vụ. Thu hút doanh nghiệp công nghệ số đầu tư "
            "trên địa bàn."
        ),
        "xa_hoi_so": (
            "Phát triển xã hội số, hình thành công dân số có kỹ năng số cơ bản. Duy trì tổ công nghệ số cộng đồng "
            "tại các thôn, tổ dân phố để hướng dẫn người dân cài đặt ứng dụng, sử dụng dịch vụ số. Đẩy mạnh y tế số "
            "tại trạm y tế xã và giáo dục số tại các trường học. Phối hợp Công an huyện cấp định danh điện tử cho "
            "người dân."
        ),
    }
    items: list[Item] = []
    n = 0
    for pillar in PILLARS:
        if pillar in spec.omit_pillars + spec.thin_pillars:
            continue
        n += 1
        items.append(Item("heading", f"{n}. {_PILLAR_TITLES[pillar]}", 2, pillar=pillar))
        items.append(Item("para", texts[pillar], pillar=pillar))
        if pillar == "chinh_quyen_so" and spec.copy_corpus:
            items.append(Item("para", CORPUS_PARAGRAPH.format(where=f"huyện {d}"), pillar=pillar))
    n += 1
    items.append(Item("heading", f"{n}. Phát triển hạ tầng, dữ liệu, nhân lực và bảo đảm an toàn thông tin", 2))
    items.append(Item("para", "Rà soát, nâng cấp hạ tầng mạng, máy chủ và thiết bị đầu cuối cho các cơ quan từ huyện "
                      "đến cơ sở. Xây dựng cơ sở dữ liệu chuyên ngành về đất đai, giao thông, tài nguyên môi trường. "
                      "Bảo đảm an toàn thông tin theo mô hình bốn lớp."))
    for i in range(spec.extra_paragraphs):
        items.append(Item("para", _filler(i, d)))
    return items


_FILLER_SUBJECTS = ["Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường", "Phòng Lao động - Thương binh "
                    "và Xã hội", "Phòng Tư pháp", "Thanh tra huyện", "Phòng Nội vụ", "Phòng Kinh tế và Hạ tầng"]
_FILLER_ACTIONS = ["rà soát quy trình nội bộ", "chuẩn hóa biểu mẫu điện tử", "cập nhật dữ liệu lên hệ thống dùng "
                   "chung", "tổ chức tập huấn cho cán bộ", "đánh giá mức độ hài lòng của người dân",
                   "kiểm tra an toàn thông tin định kỳ", "công khai kết quả giải quyết hồ sơ"]
_FILLER_FIELDS = ["đất đai", "hộ tịch", "chính sách xã hội", "xây dựng", "giao thông nông thôn", "môi trường",
                  "văn hóa cơ sở", "an sinh xã hội", "giáo dục nghề nghiệp"]


def _filler(i: int, district: str) -> str:
    s = _FILLER_SUBJECTS[i % len(_FILLER_SUBJECTS)]
    a = _FILLER_ACTIONS[(i // 7) % len(_FILLER_ACTIONS)]
    f = _FILLER_FIELDS[(i // 3) % len(_FILLER_FIELDS)]
    return (f"Nội dung {i + 1}: {s} chủ động {a} trong lĩnh vực {f} trên địa bàn huyện {district}, bảo đảm tiến độ "
            f"theo kế hoạch từng năm. Kết quả thực hiện được tổng hợp, báo cáo định kỳ hằng quý. Các vướng mắc "
            f"phát sinh trong lĩnh vực {f} được đề xuất tháo gỡ kịp thời.")


def money(million: int) -> str:
    """1200 → "1.200" (Vietnamese thousands separator), as task tables write amounts."""
    return f"{million:,}".replace(",", ".")


def _budget_cell(t: PlannedTask) -> str:
    return "Theo dự toán được duyệt" if t.budget < 0 else money(t.budget) if t.budget else ""


def _task_items(spec: DraftSpec, tasks: list[PlannedTask]) -> list[Item]:
    if spec.task_format in ("list", "numbered"):
        out = []
        for n, t in enumerate(tasks, start=1):
            parts = [f"{n}. {t.text}" if spec.task_format == "numbered" else f"- {t.text}"]
            if t.owner:
                parts.append(f"{t.owner} chủ trì, phối hợp với {t.partner}")
            if t.time:
                parts.append(f"thời gian thực hiện {t.time}")
            amount = (f"kinh phí {money(t.budget)} triệu đồng" if t.budget > 0 else
                      "kinh phí theo dự toán được duyệt" if t.budget < 0 else "")
            source = f"nguồn {t.source.lower()}" if t.source else ""
            if amount or source:
                parts.append(", ".join(x for x in (amount, source) if x))
            out.append(Item("bullet", "; ".join(parts) + ".", pillar=t.pillar))
        return out
    total = sum(max(t.budget, 0) for t in tasks) + (1000 if spec.table_total_mismatch else 0)
    if spec.table_layout == "by_source":
        names = BY_SOURCE_COLUMNS
        header = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
                   "Kinh phí (triệu đồng)", "", "", ""],
                  ["", "", "", "", "", *names]]

        def cells(t: PlannedTask) -> list[str]:
            # the whole amount goes to the first source the task names (none: no amount in any column)
            row = [""] * len(names)
            for i, name in enumerate(names):
                if name.lower() in t.source.lower() and t.budget:
                    row[i] = _budget_cell(t)
                    break
            return [t.owner, t.partner, t.time, *row]

        total_row = ["", "Tổng cộng", "", "", "", money(total), "", "", ""]
        spans = [(0, 5, 8)]
    elif spec.table_layout == "multirow":
        header = [["STT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian thực hiện", "Kinh phí (triệu đồng)", ""],
                  ["", "", "Chủ trì", "Phối hợp", "", "Tổng", "Nguồn vốn"]]

        def cells(t: PlannedTask) -> list[str]:
            return [t.owner, t.partner, t.time, _budget_cell(t), t.source]

        total_row = ["", "Tổng cộng", "", "", "", money(total), ""]
        spans = [(0, 2, 3), (0, 5, 6)]
    else:
        header = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
                   "Kinh phí (triệu đồng)", "Nguồn vốn"]]

        def cells(t: PlannedTask) -> list[str]:
            return [t.owner, t.partner, t.time, _budget_cell(t), t.source]

        total_row = ["", "Tổng cộng", "", "", "", money(total), ""]
        spans = []
    rows = [list(r) for r in header]
    groups: list[int] = []
    roman = ["I", "II", "III", "IV"]
    n = 0
    for g, pillar in enumerate(p for p in PILLARS if any(t.pillar == p for t in tasks)):
        groups.append(len(rows))
        rows.append([roman[g], _PILLAR_TITLES[pillar]] + [""] * (len(header[0]) - 2))
        for t in (t for t in tasks if t.pillar == pillar):
            n += 1
            rows.append([str(n), t.text, *cells(t)])
    rows.append(total_row)
    return [Item("table", rows=rows, group_rows=tuple(groups), header_rows=len(header), spans=tuple(spans))]


def build_items(spec: DraftSpec) -> list[Item]:
    """The draft's content, in reading order."""
    d, p = spec.district, spec.province
    tasks = planned_tasks(spec)
    targets = planned_targets(spec)
    kept = [x for x in PILLARS if x not in spec.omit_pillars]
    pillar_names = {"chinh_quyen_so": "chính quyền số", "kinh_te_so": "kinh tế số", "xa_hoi_so": "xã hội số"}
    items = [
        Item("front", f"ỦY BAN NHÂN DÂN HUYỆN {d.upper()}"),
        Item("front", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Item("front", "Độc lập - Tự do - Hạnh phúc"),
        Item("front", f"{d}, ngày 15 tháng 3 năm {spec.plan_year}"),
        Item("title", "ĐỀ ÁN"),
        Item("title", f"Chuyển đổi số huyện {d} đến năm {spec.target_year}, định hướng đến năm {spec.vision_year}"),
        Item("para", SYNTHETIC_NOTE),
        Item("heading", "I. SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN", 1),
        Item("heading", "1. Sự cần thiết xây dựng Đề án", 2),
        Item("para", f"Chuyển đổi số là xu thế tất yếu, là nhiệm vụ trọng tâm của tỉnh {p} giai đoạn hiện nay. Huyện "
             f"{d} có vị trí địa lý quan trọng, nhiều tiềm năng về nông nghiệp và du lịch "
             "nhưng mức độ ứng dụng công nghệ số còn thấp. Việc xây dựng Đề án nhằm định hướng, tổ chức triển "
             "khai đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn."),
        Item("heading", "2. Căn cứ pháp lý", 2),
        *_legal_items(spec),
    ]
    if not spec.omit_status:
        items += [Item("heading", "II. ĐÁNH GIÁ HIỆN TRẠNG CHUYỂN ĐỔI SỐ CỦA HUYỆN", 1), *_status_items(spec, targets)]
    general = ", ".join(pillar_names[x] for x in kept[:-1]) + (f" và {pillar_names[kept[-1]]}" if len(kept) > 1
                                                                 else pillar_names[kept[0]] if kept else "")
    items += [
        Item("heading", "III. QUAN ĐIỂM, MỤC TIÊU", 1),
        Item("heading", "1. Quan điểm", 2),
        Item("para", "Chuyển đổi số là nhiệm vụ của cả hệ thống chính trị; người dân và doanh nghiệp là trung tâm, là "
             "chủ thể của chuyển đổi số. Nhận thức đóng vai trò quyết định."),
        Item("heading", "2. Mục tiêu chung", 2),
        Item("para", f"Phát triển đồng bộ {general}, góp phần nâng cao năng lực quản lý, điều hành của chính quyền các "
             f"cấp và chất lượng cuộc sống của người dân huyện {d}."),
        Item("heading", f"3. Mục tiêu cụ thể đến năm {spec.target_year}", 2),
    ]
    for pillar in PILLARS:
        own = [t for t in targets if t.pillar == pillar]
        if own:
            items.append(Item("heading", f"{'abc'[PILLARS.index(pillar)]}) {_PILLAR_TITLES[pillar]}", 3, pillar=pillar))
            items += [Item("bullet", f"- {t.sentence}", pillar=pillar) for t in own]
    other = [t for t in targets if not t.pillar]
    if other:
        items.append(Item("heading", "d) Hạ tầng và y tế", 3))
        items += [Item("bullet", f"- {t.sentence}") for t in other]
    items += [
        Item("heading", f"4. Định hướng đến năm {spec.vision_year}", 2),
        Item("para", f"Huyện {d} phấn đấu nằm trong nhóm 5 huyện dẫn đầu của tỉnh về chỉ số chuyển đổi số."),
        Item("heading", "IV. NHIỆM VỤ, GIẢI PHÁP", 1),
        *_solution_items(spec),
        Item("heading", f"{len([x for x in PILLARS if x not in spec.omit_pillars + spec.thin_pillars]) + 2}. Danh mục "
             "nhiệm vụ trọng tâm", 2),
        *_task_items(spec, tasks),
    ]
    total = sum(max(t.budget, 0) for t in tasks) + (1500 if spec.budget_total_mismatch else 0)
    budget = [
        Item("heading", "V. KINH PHÍ THỰC HIỆN", 1),
        Item("para", f"Tổng kinh phí dự kiến thực hiện Đề án là {money(total)} triệu đồng"
             + ", từ ngân sách tỉnh, ngân sách huyện, ngân sách xã, nguồn xã hội hóa và lồng ghép các chương trình "
             "mục tiêu."),
    ]
    organisation = [
        Item("heading", "VI. TỔ CHỨC THỰC HIỆN", 1),
        Item("heading", "1. Phòng Văn hóa và Thông tin", 2),
        Item("para", "Là cơ quan thường trực, tham mưu UBND huyện tổ chức triển khai Đề án; theo dõi, đôn đốc, tổng "
             "hợp kết quả, báo cáo định kỳ."),
        Item("heading", "2. UBND các xã, thị trấn", 2),
        Item("para", "Xây dựng kế hoạch chuyển đổi số hằng năm của địa phương; bố trí nguồn lực và cán bộ phụ trách."),
    ]
    if spec.omit_to_chuc:
        organisation = []
    elif spec.swap_order:
        organisation[0] = Item("heading", "V. TỔ CHỨC THỰC HIỆN", 1)
        budget[0] = Item("heading", "VI. KINH PHÍ THỰC HIỆN", 1)
        budget, organisation = organisation, budget
    return items + budget + organisation


# --------------------------------------------------------------------------- ground truth


def expected_findings(spec: DraftSpec) -> dict[str, int]:
    """How many findings each rule must report on the draft described by ``spec``."""
    exp: dict[str, int] = {}

    def add(rule: str, n: int = 1) -> None:
        if n:
            exp[rule] = exp.get(rule, 0) + n

    for i, pillar in enumerate(PILLARS, start=1):
        if pillar in spec.omit_pillars or pillar in spec.thin_pillars:
            add(f"PILLAR-0{i}")
    add("LEGAL-01", spec.omit_749)
    add("LEGAL-02", spec.omit_provincial)
    add("LEGAL-03", spec.malformed_citation + spec.bad_date_citation)
    planned = [p for p in PILLARS if p not in spec.omit_pillars]
    add("LEGAL-04", (spec.omit_942 and "chinh_quyen_so" in planned)
        + (spec.omit_411 and ("kinh_te_so" in planned or "xa_hoi_so" in planned)))
    add("LEGAL-05", (spec.wrong_date_749 and not spec.omit_749) + spec.wrong_year_52)
    add("LEGAL-06", spec.body_citation and not spec.omit_status)
    add("LEGAL-08", spec.unknown_citation)
    add("STATUS-01", spec.omit_status)
    add("STATUS-02", spec.status_without_figures and not spec.omit_status)
    add("STATUS-03", spec.status_without_figures and not spec.omit_status)
    add("ANALYSIS-01", spec.omit_strengths and not spec.omit_status)  # no status at all: folded into STATUS-01
    add("TASK-01", (spec.task_without_owner is not None) + (spec.task_unassigned_owner is not None))
    add("TASK-02", (spec.task_without_time is not None) + (spec.task_vague_time is not None))
    add("TASK-03", (spec.task_without_budget is not None) + (spec.task_budget_no_amount is not None))
    add("TASK-06", (spec.task_without_budget is not None) + (spec.task_without_source is not None))
    add("TASK-07", spec.budget_total_mismatch + spec.table_total_mismatch)
    add("TASK-08", bool(spec.tasks_missing_pillar) and spec.tasks_missing_pillar not in spec.omit_pillars
        + spec.thin_pillars)
    add("TASK-04", spec.task_outside_horizon is not None)
    add("STRUCT-01", spec.omit_to_chuc)
    add("STRUCT-02", spec.swap_order and not spec.omit_to_chuc)
    # TARGET-07 (no 749 work-record target) is off by default; STATUS-04 fires below 30% coverage (the
    # figures of a draft without chính quyền số still cover 3 of the 8 DTI indices)
    add("DUP-02")  # every synthetic draft and corpus document carries SYNTHETIC_NOTE: set aside as boilerplate
    add("DUP-01", spec.copy_corpus + (spec.copy_corpus_task and "kinh_te_so" not in spec.omit_pillars
                                      + spec.thin_pillars + (spec.tasks_missing_pillar,)))
    for t in planned_targets(spec):
        years = t.deadline - spec.plan_year
        spoken = 0  # targets whose missing baseline TARGET-01/02 already report (TARGET-03 yields to them)
        if years <= 0:
            add("TARGET-01")
            spoken = 1
        else:
            no_baseline_and_high = t.baseline_value is None and t.value >= 90 and years <= 2
            too_fast = t.baseline_value is not None and (t.value - t.baseline_value) / years > 20
            add("TARGET-02", no_baseline_and_high or too_fast)
            spoken = int(no_baseline_and_high)
        if t.baseline_value is None:
            add("TARGET-03", t.sentence.count("%") - spoken)  # "90% … cấp huyện, 70% … cấp xã": two targets
    return exp


# --------------------------------------------------------------------------- writers


def write_txt(items: list[Item], path: Path) -> Path:
    lines = []
    for it in items:
        if it.kind == "table":
            lines += ["| " + " | ".join(row) + " |" for row in it.rows]
        else:
            lines.append(it.text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(items: list[Item], path: Path, heading_styles: bool = True) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    for it in items:
        if it.kind in ("front", "title"):
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(it.text).bold = True
        elif it.kind == "heading":
            if heading_styles:
                document.add_heading(it.text, level=it.level)
            else:
                document.add_paragraph().add_run(it.text).bold = True
        elif it.kind == "table":
            table = document.add_table(rows=len(it.rows), cols=len(it.rows[0]))
            table.style = "Table Grid"
            rows = list(table.rows)  # python-docx's rows[r] and cell(r, c) walk the whole table on every call
            for r, (row, table_row) in enumerate(zip(it.rows, rows)):
                cells = table_row.cells
                if r in it.group_rows:
                    merged = cells[1].merge(cells[-1])
                    cells[0].text = row[0]
                    merged.text = row[1]
                    continue
                for c, text in enumerate(row):
                    cells[c].text = text
            spanned = set()
            for row, first, last in it.spans:
                cells = rows[row].cells
                cells[first].merge(cells[last]).text = it.rows[row][first]
                spanned |= {(row, c) for c in range(first, last + 1)}
            if it.header_rows == 2:  # header cells that stand alone in the first row span both rows
                for c, text in enumerate(it.rows[0]):
                    if text and not it.rows[1][c] and (0, c) not in spanned:
                        rows[0].cells[c].merge(rows[1].cells[c]).text = text
        else:
            document.add_paragraph(it.text)
    document.save(str(path))
    return path


def _fonts() -> tuple[str, str]:
    """Register TrueType fonts with Vietnamese glyphs for reportlab (DejaVu Sans regular and bold)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/Library/Fonts"):
        regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
        if regular.exists() and bold.exists():
            if "VNFont" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("VNFont", str(regular)))
                pdfmetrics.registerFont(TTFont("VNFont-Bold", str(bold)))
            return "VNFont", "VNFont-Bold"
    raise RuntimeError("No TrueType font with Vietnamese glyphs found (apt-get install fonts-dejavu-core)")


def write_pdf(items: list[Item], path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14, spaceAfter=4)
    center = ParagraphStyle("center", parent=body, alignment=1, fontName=bold)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=11.5, spaceBefore=6)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    story = []
    for it in items:
        text = it.text.replace("&", "&amp;").replace("<", "&lt;")
        if it.kind in ("front", "title"):
            story.append(Paragraph(text, center))
        elif it.kind == "heading":
            story.append(Paragraph(text, heading))
        elif it.kind == "table":
            data = [[Paragraph(c.replace("&", "&amp;"), cell) for c in row] for row in it.rows]
            n = len(it.rows[0])
            widths = [30, 140] + [(495 - 170) / (n - 2)] * (n - 2)
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            style += [("SPAN", (1, g), (n - 1, g)) for g in it.group_rows]
            style += [("SPAN", (first, row), (last, row)) for row, first, last in it.spans]
            spanned = {(row, c) for row, first, last in it.spans for c in range(first, last + 1)}
            if it.header_rows == 2:
                style += [("SPAN", (c, 0), (c, 1)) for c, text in enumerate(it.rows[0])
                          if text and not it.rows[1][c] and (0, c) not in spanned]
            table = Table(data, colWidths=widths, repeatRows=it.header_rows)
            table.setStyle(TableStyle(style))
            story += [table, Spacer(1, 6)]
        else:
            story.append(Paragraph(text, body))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50,
                      bottomMargin=50).build(story)
    return path


def write_items(items: list[Item], path: Path, heading_styles: bool = True) -> Path:
    """Write items in the format the path's extension names (.docx, .pdf, .txt); the generators of
    planreview_testing/gen_*.py write their drafts through this too."""
    path = Path(path)
    if path.suffix == ".docx":
        return write_docx(items, path, heading_styles)
    if path.suffix == ".pdf":
        return write_pdf(items, path)
    if path.suffix == ".txt":
        return write_txt(items, path)
    raise ValueError(f"unsupported sample format: {path.suffix}")


def write_draft(spec: DraftSpec, path: Path) -> Path:
    """Write the draft in the format its extension names (.docx, .pdf, .txt)."""
    return write_items(build_items(spec), path, spec.heading_styles)

