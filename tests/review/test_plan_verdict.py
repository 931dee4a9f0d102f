"""The verdict "not a plan" on real-shaped Vietnamese documents (issue 38): an official letter and a report of
200+ words are no plans and are not scored; a weak one-page plan is a plan and is scored. Both sides of the rule
"lacking structure or content alone is a weak draft, lacking both is not a plan" are exercised."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.review.reviewer import Reviewer, ReviewOptions
from pipeline.review.scoring import NOT_A_PLAN, assess_shape, load_scoring

GATED = Path(__file__).resolve().parents[1] / "data" / "gated"
LETTER = GATED / "g05-cong-van-huyen-hoa-phong-2023.docx"
REPORT = GATED / "g06-bao-cao-xa-ea-lam-2025.txt"
WEAK_PLAN = GATED / "g07-ke-hoach-xa-binh-son-2025.docx"
NO_STRUCTURE, NO_CONTENT = "không có bố cục của đề án/kế hoạch", "không có nhiệm vụ hay chỉ tiêu nào"


@pytest.fixture(scope="module")
def reviewed():
    reviewer = Reviewer(ReviewOptions(corpus_dir=None))
    return {p.name[:3]: reviewer.review(p) for p in (LETTER, REPORT, WEAK_PLAN)}


@pytest.mark.parametrize("stem", ["g05", "g06"])
def test_a_letter_and_a_report_are_no_plans_for_two_weak_reasons(reviewed, stem):
    result = reviewed[stem]
    shape = result.shape
    assert shape.words >= 200 and shape.vietnamese >= 0.8 and shape.undecodable == 0.0  # no fatal reason
    assert [r.split(" (")[0] for r in shape.reasons][:2] == [NO_STRUCTURE, NO_CONTENT]
    # a document that says what it is (its kind line or its number's code) is told so as well
    assert shape.reasons[2:] == (["là báo cáo số 96/BC-UBND, không phải đề án/kế hoạch"] if stem == "g06" else [])
    assert not result.is_plan and result.overall_score is None
    assert result.shape.verdict().startswith(NOT_A_PLAN)


def test_a_notice_is_no_plan_whatever_its_shape():
    """A meeting notice with numbered duties and deadlines (g13) has a plan's shape in part: its kind line
    THÔNG BÁO and its number 21/TB-UBND say what it is — the verdict only, no plan findings."""
    result = Reviewer(ReviewOptions(corpus_dir=None)).review(LETTER.parent / "g13-thong-bao-xa-suoi-lam-2026.docx")
    assert not result.is_plan and result.findings == [] and result.overall_score is None
    assert "là thông báo số 21/TB-UBND" in result.shape.verdict()


def test_the_weak_plan_is_a_plan_and_is_scored(reviewed):
    result = reviewed["g07"]
    assert result.is_plan and result.shape.reasons == [] and result.overall_score is not None
    assert len(result.tasks.tasks) == 4


def test_one_weak_reason_alone_keeps_a_document_a_plan(reviewed):
    """Content without structure, or structure without content, is a weak plan; only both missing make a
    non-plan (scoring.assess_shape, rules/00-scoring.yaml not_a_plan)."""
    config = load_scoring()
    letter = reviewed["g05"].seg
    assert assess_shape(letter, n_tasks=0, n_targets=0, config=config).is_plan is False
    assert assess_shape(letter, n_tasks=3, n_targets=0, config=config).is_plan is True  # structure missing only
    weak = reviewed["g07"].seg
    assert assess_shape(weak, n_tasks=0, n_targets=0, config=config).is_plan is True  # content missing only


SHORT_PLAN = """ỦY BAN NHÂN DÂN XÃ SUỐI LÂM
Số: 03/KH-UBND
Suối Lâm, ngày 12 tháng 01 năm 2026
KẾ HOẠCH
Tuyên truyền chuyển đổi số năm 2026
I. CĂN CỨ
Kế hoạch số 45/KH-UBND ngày 20/01/2026 của UBND tỉnh Lâm Giang về chuyển đổi số năm 2026.
II. MỤC TIÊU
Đến hết năm 2026, 70% hộ gia đình biết sử dụng dịch vụ công trực tuyến.
III. NHIỆM VỤ
- Tuyên truyền trên loa truyền thanh của 14 thôn mỗi tuần một lần; Phòng Văn hóa - Xã hội chủ trì; kinh phí
10 triệu đồng từ ngân sách xã.
- Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng định danh điện tử tại nhà văn hóa thôn.
IV. TỔ CHỨC THỰC HIỆN
Phòng Văn hóa - Xã hội theo dõi, báo cáo kết quả về UBND xã trước ngày 15/12/2026.
"""


def test_a_plan_of_fewer_than_200_words_is_too_short(tmp_path):
    """Between half the floor and the floor (here ~150 words, with sections, a target and tasks): still too
    short to be a plan — the length test is its own, fatal reason."""
    path = tmp_path / "ngan.txt"
    path.write_text(SHORT_PLAN, encoding="utf-8")
    result = Reviewer(ReviewOptions(corpus_dir=None)).review(path)
    assert 100 <= result.shape.words < 200, result.shape.words
    assert not result.is_plan and result.overall_score is None
    assert [r.split(" (")[0] for r in result.shape.reasons] == ["quá ngắn"]
