"""Issue 34: which tasks of the plan above fall to the draft's level or unit, and how (chủ trì / phối hợp)."""

from __future__ import annotations

from pipeline.analyse.parent_plan import assignments, unit_patterns
from pipeline.analyse.plan_match import Vocabulary, pair_one_to_one, similarity_matrix
from pipeline.analyse.tasks import Task, finish, split_units
from pipeline.core.model import Location, PlanMeta
from pipeline.rules.loader import load_rules

LEVELS = next(r.options for r in load_rules().rules if r.check == "parent_tasks").level_patterns
DOING = ["thực hiện", "chủ trì", "triển khai"]


def _task(text: str, owner: str = "", partners: str = "") -> Task:
    t = Task(text=text, location=Location(), origin="table", owner=owner, partners=partners)
    t.owners, t.partner_units = split_units(owner), split_units(partners)
    return finish(t)


def _meta(level: str, unit: str) -> PlanMeta:
    return PlanMeta(title="", plan_year=2026, target_year=2030, vision_year=None, level=level, unit=unit)


PARENT = [
    _task("Số hóa sổ hộ tịch tại cấp xã", owner="UBND các xã, phường", partners="Sở Tư pháp"),
    _task("Xây dựng Trung tâm dữ liệu tỉnh", owner="Sở Khoa học và Công nghệ"),
    _task("Phổ cập kỹ năng số cho người dân", owner="Sở Khoa học và Công nghệ", partners="Tỉnh đoàn; UBND cấp xã"),
    _task("Tuyên truyền trên hệ thống truyền thanh cơ sở; cấp xã thực hiện hằng tháng",
          owner="Sở Văn hóa, Thể thao và Du lịch"),
    _task("Bồi dưỡng kỹ năng số cho công chức cấp tỉnh", owner="Sở Nội vụ"),
    _task("Lắp đặt camera an ninh tại xã Tân Phong", owner="UBND xã Tân Phong"),
    _task("Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh", owner="Sở Y tế", partners="Bảo hiểm xã hội tỉnh"),
]


def test_owner_column_wording_and_partners_give_the_role():
    patterns, _ = unit_patterns(_meta("xa", "xã Hòa Sơn"), LEVELS)
    got = {a.task.text: (a.role, a.by) for a in assignments(PARENT, patterns, DOING)}
    assert got == {
        "Số hóa sổ hộ tịch tại cấp xã": ("chu_tri", "UBND các xã, phường"),
        "Phổ cập kỹ năng số cho người dân": ("phoi_hop", "UBND cấp xã"),
        "Tuyên truyền trên hệ thống truyền thanh cơ sở; cấp xã thực hiện hằng tháng": ("chu_tri",
                                                                                      "cấp xã thực hiện"),
    }  # "cấp tỉnh" is not the commune level; another commune's own task is not this one's


def test_the_units_own_name_and_a_department_by_its_name():
    patterns, _ = unit_patterns(_meta("xa", "xã Tân Phong"), LEVELS)
    assert "Lắp đặt camera an ninh tại xã Tân Phong" in {a.task.text for a in assignments(PARENT, patterns, DOING)}
    patterns, _ = unit_patterns(_meta("", "Sở Y tế"), LEVELS)
    assert [(a.task.text, a.role) for a in assignments(PARENT, patterns, DOING)] == [
        ("Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh", "chu_tri")]


def test_matching_by_object_and_action_not_shared_words():
    vocab = Vocabulary(drop=("xa", "cap xa", "trien khai", "thuc hien"))
    parent = ["Số hóa sổ hộ tịch, giấy tờ kết quả giải quyết thủ tục hành chính tại cấp xã",
              "Đẩy mạnh thanh toán không dùng tiền mặt tại chợ, trường học"]
    draft = ["Số hóa tài liệu lưu trữ lịch sử của Đảng ủy xã",  # shares "số hóa", another object
             "Chuyển sổ hộ tịch giấy và giấy tờ kết quả thủ tục hành chính của xã sang dạng số",
             "Lắp đặt camera giám sát tại chợ"]
    scores = similarity_matrix(parent, draft, vocab)
    assert scores[0][1] > scores[0][0]
    assert pair_one_to_one(scores, 0.3) == {0: (1, scores[0][1])}  # no take-up of the payments task


def test_department_from_the_letterhead_and_a_task_without_its_record():
    from pipeline.analyse.parent_plan import task_core
    from pipeline.analyse.plan_profile import department_of  # the one place a plan's issuer is read
    from pipeline.core.model import Block

    head = [Block("paragraph", "UBND TỈNH AN LÂM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Location()),
            Block("paragraph", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG | Độc lập - Tự do - Hạnh phúc", Location())]
    assert department_of(head) == "Sở nông nghiệp và môi trường"
    assert department_of([Block("paragraph", "ỦY BAN NHÂN DÂN XÃ TÂN PHONG", Location())]) == ""
    assert department_of([], "Kế hoạch chuyển đổi số của Sở Y tế giai đoạn 2026 - 2030") == "Sở Y tế"
    prose = ("3. Phòng Kinh tế chủ trì, phối hợp với Văn phòng HĐND và UBND xã hướng dẫn hộ kinh doanh mở gian hàng "
             "trên sàn thương mại điện tử; thời gian thực hiện 2026; kinh phí dự kiến 40 triệu đồng.")
    assert task_core(prose, ("Văn phòng HĐND và UBND xã",)) == (
        "hướng dẫn hộ kinh doanh mở gian hàng trên sàn thương mại điện tử")
    labelled = ("Số hóa hồ sơ hộ tịch: Chủ trì: Trung tâm Phục vụ hành chính công xã; phối hợp: Công an xã; "
                "thời gian: 2026")
    assert task_core(labelled) == "Số hóa hồ sơ hộ tịch"


def test_a_district_plan_before_2025_takes_what_the_province_gave_its_districts():
    parent = [_task("Xây dựng cơ sở dữ liệu đất đai", owner="UBND các huyện, thị xã, thành phố"),
              _task("Triển khai hồ sơ sức khỏe điện tử", owner="Sở Y tế", partners="UBND cấp huyện"),
              _task("Số hóa hộ tịch tại cấp xã", owner="UBND các xã, phường, thị trấn")]
    patterns, _ = unit_patterns(_meta("huyen", "huyện Yên Hà"), LEVELS)
    assert [(a.task.text, a.role) for a in assignments(parent, patterns, DOING)] == [
        ("Xây dựng cơ sở dữ liệu đất đai", "chu_tri"), ("Triển khai hồ sơ sức khỏe điện tử", "phoi_hop")]
