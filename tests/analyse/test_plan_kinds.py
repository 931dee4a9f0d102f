"""The plan's kind (issue 30): a department's plan is a level of its own for the rules, an annual plan and a
plan carrying out one national document are kinds the rules declare (applies_to), and every rule reads them
through one profile."""

from __future__ import annotations

import pytest

from pipeline.analyse.plan_profile import effective_level, rule_applies
from pipeline.rules.loader import load_rules

RULES = {r.id: r for r in load_rules().all_rules}


def _plan(tmp_path, name: str, header: list[str], body: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    return path


DEPARTMENT = ["ỦY BAN NHÂN DÂN TỈNH AN LÂM", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: 41/KH-SNNMT",
              "An Lâm, ngày 20 tháng 3 năm 2026", "KẾ HOẠCH",
              "Chuyển đổi số ngành nông nghiệp và môi trường tỉnh An Lâm giai đoạn 2026-2030"]
ANNUAL = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "Số: 03/KH-UBND", "Suối Ngọc, ngày 12 tháng 01 năm 2026", "KẾ HOẠCH",
          "Chuyển đổi số xã Suối Ngọc năm 2026"]
CARRYING_OUT = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "Số: 19/KH-UBND", "Suối Ngọc, ngày 02 tháng 4 năm 2026", "KẾ HOẠCH",
                "Triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ trên địa bàn xã Suối Ngọc"]
BODY = ["I. MỤC TIÊU", "- Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 65% (năm 2025 đạt 58%).",
        "- Đến năm 2026, 100% cán bộ được tập huấn kỹ năng số."]


def test_kinds_are_read_from_the_header_and_title(reviewer, tmp_path):
    dept = reviewer.review(_plan(tmp_path, "so.txt", DEPARTMENT, BODY)).seg.meta
    assert (dept.level, effective_level(dept), dept.issuer) == ("tinh", "so", "Sở nông nghiệp và môi trường")
    annual = reviewer.review(_plan(tmp_path, "nam.txt", ANNUAL, BODY)).seg.meta
    assert annual.kinds == ["annual"] and effective_level(annual) == "xa" and not annual.issuer
    doing = reviewer.review(_plan(tmp_path, "tk.txt", CARRYING_OUT, BODY)).seg.meta
    assert "implementing" in doing.kinds
    # a plan carrying out the national framework (57-NQ/TW) is a general plan, not one of one subject
    general = CARRYING_OUT[:-1] + ["Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về chuyển đổi số"]
    assert "implementing" not in reviewer.review(_plan(tmp_path, "nq.txt", general, BODY)).seg.meta.kinds


@pytest.mark.parametrize(("header", "silent"), [
    (DEPARTMENT, {"SECTOR-01", "SCOPE-01", "PROVINCE-02", "PILLAR-01", "PILLAR-02", "PILLAR-03", "TASK-08"}),
    (CARRYING_OUT, {"LEGAL-01", "LEGAL-04", "PILLAR-02", "SECTOR-01", "COMMUNE-01", "COMMUNE-02", "STATUS-03"}),
])
def test_rules_that_do_not_apply_to_a_kind_stay_silent(reviewer, tmp_path, header, silent):
    result = reviewer.review(_plan(tmp_path, "k.txt", header, BODY))
    meta = result.seg.meta
    assert not [RULES[r].id for r in silent if rule_applies(RULES[r], meta)]
    assert not silent & {f.rule_id for f in result.findings}
    # the same body in a commune's general plan gets them (the kinds, not the body, silenced them)
    general = reviewer.review(_plan(tmp_path, "g.txt", ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "KẾ HOẠCH",
                                                        "Chuyển đổi số xã Suối Ngọc giai đoạn 2026-2030",
                                                        "Suối Ngọc, ngày 02 tháng 4 năm 2026"], BODY))
    assert {"PILLAR-02", "SECTOR-01"} <= {f.rule_id for f in general.findings}


def test_baseline_in_parentheses_is_the_targets_own(reviewer, tmp_path):
    result = reviewer.review(_plan(tmp_path, "nam.txt", ANNUAL, BODY))
    values = sorted((t.value, t.baseline, t.baseline_year) for t in result.targets)
    assert values == [(65.0, 58.0, 2025), (100.0, None, None)]  # 58 % is no target of its own


@pytest.mark.parametrize(("date", "title", "early"), [
    ("12 tháng 01 năm 2026", "giai đoạn 2026-2030", False),  # January: a first-year milestone
    ("20 tháng 8 năm 2026", "giai đoạn 2026-2030", True),  # August: no time left for 100 % from nothing
    ("20 tháng 8 năm 2026", "năm 2026", False),  # an annual plan's targets for its year are its purpose
])
def test_own_year_targets_by_the_plans_month(reviewer, tmp_path, date, title, early):
    header = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", f"Suối Ngọc, ngày {date}", "KẾ HOẠCH",
              f"Chuyển đổi số xã Suối Ngọc {title}"]
    result = reviewer.review(_plan(tmp_path, "t.txt", header, BODY))
    flagged = [f.evidence for f in result.findings if f.rule_id == "TARGET-01"]
    assert bool(flagged) is early
    assert all("100%" in e for e in flagged)


def test_a_jump_in_the_plans_own_year_is_the_pace_rules(reviewer, tmp_path):
    header = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "Suối Ngọc, ngày 01 tháng 8 năm 2026", "KẾ HOẠCH",
              "Chuyển đổi số xã Suối Ngọc giai đoạn 2026-2030"]
    body = ["I. MỤC TIÊU", "- Đến năm 2026, tỷ lệ hộ gia đình có cáp quang đạt 100% (năm 2025 đạt 38%)."]
    result = reviewer.review(_plan(tmp_path, "j.txt", header, body))
    rules = {f.rule_id for f in result.findings if f.rule_id.startswith("TARGET-")}
    assert "TARGET-02" in rules and "TARGET-01" not in rules


def test_one_gap_one_finding(reviewer, tmp_path):
    """TARGET-03 yields to TARGET-02 on the same target: one finding, the other kept as its detail."""
    header = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "Suối Ngọc, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH",
              "Chuyển đổi số xã Suối Ngọc giai đoạn 2026-2030"]
    body = ["I. MỤC TIÊU", "- Đến năm 2027, 100% hộ gia đình có đường truyền cáp quang.",
            "- Đến năm 2030, 70% hộ dân dùng thanh toán không tiền mặt, 60% hộ kinh doanh dùng mã QR."]
    result = reviewer.review(_plan(tmp_path, "o.txt", header, body))
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    (high,) = by_rule["TARGET-02"]
    assert "cáp quang" in high.evidence and high.details["covers"][0]["rule_id"] == "TARGET-03"
    assert "gộp TARGET-03" in high.message
    # the other targets' missing baselines (no rule speaks for them) are still TARGET-03's, one each
    assert sorted(f.details["value"] for f in by_rule["TARGET-03"]) == ["60%", "70%"]


def test_a_title_without_years_takes_its_horizon_from_the_objectives(reviewer, tmp_path):
    body = ["I. MỤC TIÊU", "Đến hết năm 2027:", "- 80% hồ sơ thủ tục hành chính được xử lý trực tuyến."]
    meta = reviewer.review(_plan(tmp_path, "h.txt", CARRYING_OUT, body)).seg.meta
    assert (meta.plan_year, meta.target_year) == (2026, 2027)
    # a year inside an objective's sentence is that target's, not the plan's horizon
    body = ["I. MỤC TIÊU", "- Đến năm 2027, 80% hồ sơ thủ tục hành chính được xử lý trực tuyến."]
    assert reviewer.review(_plan(tmp_path, "h2.txt", CARRYING_OUT, body)).seg.meta.target_year is None


def test_a_pillar_with_a_task_but_no_words_is_thin_not_missing(reviewer, tmp_path):
    header = ["ỦY BAN NHÂN DÂN XÃ SUỐI NGỌC", "Suối Ngọc, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH",
              "Chuyển đổi số xã Suối Ngọc giai đoạn 2026-2030"]
    body = ["I. NHIỆM VỤ, GIẢI PHÁP",
            "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian | Kinh phí (triệu đồng) | Nguồn vốn |",
            "| 1 | Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính | Văn phòng | 2026 | 150 | Ngân sách xã |"]
    (pillar,) = [f for f in reviewer.review(_plan(tmp_path, "p.txt", header, body)).findings
                 if f.rule_id == "PILLAR-01"]
    assert pillar.severity == "medium" and "chỉ có 1 nhiệm vụ" in pillar.message and "Số hóa" in pillar.evidence
