"""References to appendices: numbers in any spelling, lists, unnumbered "kèm theo", another document's appendix."""

from __future__ import annotations

import pytest

from pipeline.analyse.appendix_refs import appendix_number
from pipeline.review.reviewer import Reviewer, ReviewOptions

PLAN = """ỦY BAN NHÂN DÂN XÃ AN THẠNH
KẾ HOẠCH
Chuyển đổi số xã An Thạnh năm 2026
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
I. MỤC TIÊU
Các chỉ tiêu đánh giá theo Phụ lục 1 Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông.
Lộ trình chỉ tiêu từng năm tại Phụ lục II.
II. NHIỆM VỤ, GIẢI PHÁP
Triển khai các nhiệm vụ theo hướng dẫn tại Phụ lục kèm theo Công văn số 1552/BTTTT-THH.
Danh mục nhiệm vụ, dự án chi tiết tại các Phụ lục I, III và IV kèm theo Kế hoạch này.
III. KINH PHÍ
Kinh phí thực hiện theo Biểu tổng hợp kinh phí đính kèm.
PHỤ LỤC I
DANH MỤC NHIỆM VỤ
| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian | Kinh phí (triệu đồng) | Nguồn vốn |
| 1 | Số hóa hồ sơ một cửa | Văn phòng HĐND và UBND xã | 2026 | 300 | Ngân sách xã |
PHỤ LỤC 02
LỘ TRÌNH CHỈ TIÊU
"""


@pytest.mark.parametrize(("text", "number"), [("II", 2), ("IV", 4), ("02", 2), ("3a", 3), ("XII", 12), ("ab", None)])
def test_appendix_numbers(text, number):
    assert appendix_number(text) == number


def test_references_resolve_by_number_and_miss_what_is_not_there(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = Reviewer(ReviewOptions(corpus_dir=None)).review(path)
    refs = [(r.label, r.missing) for r in result.seg.appendix_refs]
    # the 922/QĐ-BTTTT appendix and the Công văn's are another document's: not the plan's references
    assert refs == [("Phụ lục II", False), ("Phụ lục I", False), ("Phụ lục III", True), ("Phụ lục IV", True),
                    ("danh mục kèm theo", False)]
    by_label = {r.label: r for r in result.seg.appendix_refs}
    assert by_label["Phụ lục II"].kinds == frozenset({"muc_tieu"})
    assert [a.label for a in by_label["Phụ lục II"].targets] == ["Phụ lục 02"]
    missing = [f for f in result.findings if f.rule_id == "TASK-12"]
    assert sorted(f.message.split(" nhưng")[0] for f in missing) == [
        "Dự thảo dẫn chiếu Phụ lục III", "Dự thảo dẫn chiếu Phụ lục IV"]
    assert all("Phụ lục I" in f.message and "Phụ lục 02" in f.message for f in missing)  # what the file holds
