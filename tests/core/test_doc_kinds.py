"""The kind line of a document (core/doc_kinds.py): the variants each stage asks for."""

from __future__ import annotations

import pytest

from pipeline.core.doc_kinds import DECISION_ALONE, PLAN_KIND_ALONE, PLAN_LINE, PLAN_OR_DECISION_LINE, PLAN_TITLE_START


@pytest.mark.parametrize(("line", "plan", "title", "alone", "plan_or_decision", "decision"), [
    ("KẾ HOẠCH", True, True, True, True, False),
    ("  ĐỀ ÁN  ", True, True, True, True, False),
    ("DỰ THẢO KẾ HOẠCH Chuyển đổi số xã Suối Lam năm 2026", True, True, False, True, False),
    ("CHƯƠNG TRÌNH chuyển đổi số giai đoạn 2026-2030", True, True, False, True, False),
    ("Kế hoạch chuyển đổi số phường Hòa An", False, True, False, False, False),
    ("QUYẾT ĐỊNH", False, False, False, True, True),
    ("QUYẾT ĐỊNH Về việc ban hành Kế hoạch chuyển đổi số", False, False, False, True, False),
    ("THÔNG BÁO", False, False, False, False, False),
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/3/2026", False, False, False, False, False),
    ("KẾ HOẠCHS", False, False, False, False, False),
])
def test_kind_lines(line, plan, title, alone, plan_or_decision, decision):
    assert bool(PLAN_LINE.match(line)) is plan
    assert bool(PLAN_TITLE_START.match(line)) is title
    assert bool(PLAN_KIND_ALONE.match(line)) is alone
    assert bool(PLAN_OR_DECISION_LINE.match(line)) is plan_or_decision
    assert bool(DECISION_ALONE.match(line)) is decision
