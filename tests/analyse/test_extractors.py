"""Citations, tasks, money, time and targets, extracted from text shapes real drafts use."""

from __future__ import annotations

import pytest

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.tasks import parse_money, parse_time
from pipeline.core.model import Location


def cite(text):
    return extract_from_text(text, Location())


@pytest.mark.parametrize(("text", "key", "kind", "date"), [
    ("Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ", "749/QĐ-TTg", "Quyết định", "2020-06-03"),
    ("theo QĐ 749/QĐ-TTg", "749/QĐ-TTg", "Quyết định", None),
    ("căn cứ 749/QD-TTg ngay 03/6/2020", "749/QĐ-TTg", "Quyết định", "2020-06-03"),
    ("Nghị quyết số 06-NQ/TU của Tỉnh ủy", "06-NQ/TU", "Nghị quyết", None),
    ("Nghị quyết 52-NQ/TW ngày 27 tháng 9 năm 2019", "52-NQ/TW", "Nghị quyết", "2019-09-27"),
    ("Nghị định số 73/2019/NĐ-CP ngày 05/9/2019", "73/2019/NĐ-CP", "Nghị định", "2019-09-05"),
    ("Thông tư 03/2020/TT-BTTTT", "03/2020/TT-BTTTT", "Thông tư", None),
    ("Kế hoạch số 267/KH-UBQX-LHH ngày 30/11/2022", "267/KH-UBQX-LHH", "Kế hoạch", "2022-11-30"),
    ("Luật Công nghệ thông tin ngày 29/6/2006", "Luật Công nghệ thông tin", "Luật", "2006-06-29"),
    ("Quyết định số 749/QĐ-TTg ngày 03-6-2020", "749/QĐ-TTg", "Quyết định", "2020-06-03"),
    ("Công văn số 1234/UBND-VX ngày 01/02/2023", "1234/UBND-VX", "Công văn", "2023-02-01"),
    ("Quyết định số 749/QĐ-\nTTg ngày 03/6/2020", "749/QĐ-TTg", "Quyết định", "2020-06-03"),
])
def test_citation_shapes(text, key, kind, date):
    (c,) = cite(text.replace("\n", " "))
    assert (c.key, c.kind, c.date) == (key, kind, date)


def test_citation_list_and_issuer():
    found = cite("các Quyết định số 749/QĐ-TTg, 942/QĐ-TTg và 411/QĐ-TTg của Thủ tướng Chính phủ")
    assert [c.key for c in found] == ["749/QĐ-TTg", "942/QĐ-TTg", "411/QĐ-TTg"]
    assert all(c.issuer_code == "TTg" for c in found)


def test_number_only_citation_is_flagged_but_counts():
    (c,) = cite("Thực hiện Quyết định số 749 của Thủ tướng")
    assert c.number == "749" and c.code == "" and c.problems


@pytest.mark.parametrize(("text", "problem"), [
    ("Quyết định số 749/QĐ-TTg ngày 31/02/2020", "ngày không hợp lệ"),
    ("Nghị định số 73/NĐ-CP", "thiếu năm"),
    ("Quyết định số 749/QĐTTg", "gạch nối"),
    ("Nghị định số 73/2019/NĐ-CP ngày 05/9/2018", "khác năm ban hành"),
    ("Nghị quyết số 749/QĐ-TTg", "không khớp"),
])
def test_malformed_citations(text, problem):
    (c,) = cite(text)
    assert any(problem in p for p in c.problems), c.problems


def test_number_only_pattern_finds_what_the_plain_alternation_finds():
    """The number-only pattern scans with the kind words factored by their beginnings (citations.py,
    _trie_alternation); where one kind word begins another the longer one wins, as in the plain alternation of
    the words, longest first, which it replaced for speed."""
    import re

    from pipeline.analyse import citations

    plain = re.compile(rf"(?<![\w])(?P<kind>{citations._KIND_ALT})\s+(?:số\s+|so\s+)?(?P<num>\d{{1,5}})"
                       r"(?![\d/\-.]*\w)", re.IGNORECASE)
    texts = [f"{lead}{word}{gap}{number}{tail}" for word in citations._KIND_WORDS
             for lead, gap, number, tail in [("theo ", " số ", "12", " của UBND"), ("", " ", "7", "."),
                                             ("(", "  so ", "203", ")"), ("x", " ", "5", ""), ("", " số ", "4/", "")]]
    texts += [t.upper() for t in texts] + ["Chương trình hành động 12 và chương trình 5; Thông báo kết luận 44",
                                           "Kế hoạch số 203, Công văn 15 ngày 3/5; QĐ 9"]
    for text in texts:
        assert ([(m.span(), m.group("kind"), m.group("num")) for m in citations._KIND_NUMBER_ONLY.finditer(text)]
                == [(m.span(), m.group("kind"), m.group("num")) for m in plain.finditer(text)]), text
    kinds = [m.group("kind") for m in citations._KIND_NUMBER_ONLY.finditer(texts[-2])]
    assert kinds == ["Chương trình hành động", "chương trình", "Thông báo kết luận"]


def test_dates_and_periods_are_not_citations():
    assert cite("đến năm 2025, 100% hồ sơ; giai đoạn 2021-2025; ngày 03/6/2020") == []


@pytest.mark.parametrize(("text", "vnd"), [
    ("1.500 triệu đồng", 1.5e9), ("1,5 tỷ đồng", 1.5e9), ("1.500.000.000 đ", 1.5e9), ("500 triệu", 5e8),
    ("Theo dự toán được duyệt", None), ("", None),
])
def test_parse_money(text, vnd):
    assert parse_money(text) == vnd


def test_parse_money_uses_header_unit():
    assert parse_money("3.500", default_unit=1e6) == 3.5e9


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-2025", (2023, 2025, False)), ("Quý II/2024", (2024, 2024, False)), ("Năm 2024", (2024, 2024, False)),
    ("Hằng năm", (None, None, True)), ("Thường xuyên", (None, None, True)), ("", (None, None, False)),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


def test_task_written_in_a_sentence():
    from pipeline.analyse.tasks import task_from_sentence
    from pipeline.core.model import Block

    block = Block("paragraph", "- Số hóa di tích lịch sử; Phòng Văn hóa - Thông tin chủ trì, phối hợp với UBND các xã; "
                  "thực hiện năm 2024, kinh phí 500 triệu đồng, nguồn ngân sách huyện.", Location(paragraph=3))
    task = task_from_sentence(block)
    assert task.owner == "Phòng Văn hóa - Thông tin"
    assert task.start_year == 2024 and task.budget_vnd == 5e8
    assert task.source == "ngân sách huyện"
    assert task.missing == []


def test_unassigned_owner_counts_as_missing():
    from pipeline.analyse.tasks import task_from_sentence
    from pipeline.core.model import Block

    block = Block("paragraph", "- Tuyên truyền về chuyển đổi số; Cơ quan chủ trì: các cơ quan, đơn vị liên quan; "
                  "thời gian: 2024.", Location())
    task = task_from_sentence(block)
    assert task.owner_unassigned and "owner" in task.missing and "budget" in task.missing
