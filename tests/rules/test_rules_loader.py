"""The rule set is data: loaded from YAML, validated, and extendable by a province's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import RulesError
from pipeline.rules.loader import DEFAULT_RULES_DIR, load_rules


def test_bundled_rules_have_every_field():
    ruleset = load_rules()
    ids = {r.id for r in ruleset.rules}
    assert {"PILLAR-01", "PILLAR-02", "PILLAR-03", "LEGAL-01", "LEGAL-02", "LEGAL-03", "TASK-01", "TASK-02",
            "TASK-03", "TASK-04", "STATUS-01", "STATUS-02", "TARGET-01", "TARGET-02", "TARGET-03", "STRUCT-01",
            "STRUCT-02", "DUP-01"} <= ids
    for rule in ruleset.rules:
        assert rule.title and rule.message and rule.suggestion and rule.area and rule.description
    assert {s.key for s in ruleset.sections} >= {"can_cu", "hien_trang", "muc_tieu", "nhiem_vu", "kinh_phi", "to_chuc"}
    assert ruleset.task_columns["owner"] and ruleset.legal_bases


def test_province_folder_adds_and_overrides(tmp_path):
    (tmp_path / "tinh.yaml").write_text("""
rules:
  - id: LEGAL-02
    title: "Căn cứ của tỉnh (bắt buộc)"
    area: "Căn cứ pháp lý"
    severity: high
    check: provincial_basis
    params: {issuer_codes: ["UBND"]}
    message: "Thiếu căn cứ của UBND tỉnh."
    suggestion: "Bổ sung."
  - id: LOCAL-01
    title: "Chỉ số DTI"
    area: "Hiện trạng"
    severity: low
    check: keywords_present
    params: {groups: {"DTI": ["DTI"]}, min_groups: 1}
    message: "Chưa nêu DTI."
    suggestion: "Nêu DTI."
""", encoding="utf-8")
    base = load_rules()
    merged = load_rules([DEFAULT_RULES_DIR, tmp_path])
    by_id = {r.id: r for r in merged.rules}
    assert by_id["LEGAL-02"].severity == "high" and "LOCAL-01" in by_id
    assert len(merged.rules) == len(base.rules) + 1
    assert merged.version != base.version


@pytest.mark.parametrize(("yaml_text", "error"), [
    ("rules:\n  - id: A-1\n    title: t\n", "lacks"),
    ("rules:\n  - {id: A-1, title: t, area: a, severity: fatal, check: section_present, message: m, suggestion: s}\n",
     "severity"),
    ("rules:\n  - {id: A-1, title: t, area: a, severity: low, check: nonexistent, message: m, suggestion: s}\n",
     "unknown check"),
    ("rules: [unclosed\n", "invalid YAML"),
])
def test_invalid_rules_are_reported(tmp_path, yaml_text, error):
    (tmp_path / "r.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(RulesError, match=error):
        load_rules([tmp_path])


def test_scope_and_sector_rules_on_small_drafts(tmp_path, reviewer):
    """SCOPE-01 (communes) and SECTOR-01 (sectors) fire on a draft that lacks them, not on one that has them."""
    lacking = tmp_path / "thieu.txt"
    lacking.write_text(
        "ĐỀ ÁN\nChuyển đổi số huyện Mẫu đến năm 2025\nHuyện Mẫu, ngày 01 tháng 02 năm 2023\n"
        "I. MỤC TIÊU\nNâng cao hiệu quả điều hành của UBND huyện.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\nPhát triển du lịch số của huyện.\n", encoding="utf-8")
    having = tmp_path / "du.txt"
    having.write_text(
        "ĐỀ ÁN\nChuyển đổi số huyện Mẫu đến năm 2025\nHuyện Mẫu, ngày 01 tháng 02 năm 2023\n"
        "I. MỤC TIÊU\nNâng cao hiệu quả điều hành của UBND huyện và UBND các xã, thị trấn.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\nPhát triển du lịch số, nông nghiệp số, y tế số và giáo dục số.\n", encoding="utf-8")
    rules_lacking = {f.rule_id for f in reviewer.review(lacking).findings}
    rules_having = {f.rule_id for f in reviewer.review(having).findings}
    assert {"SCOPE-01", "SECTOR-01"} <= rules_lacking
    assert not {"SCOPE-01", "SECTOR-01"} & rules_having
    assert "STRUCT-01" in rules_lacking  # căn cứ, kinh phí, tổ chức thực hiện are missing
    assert "TASK-05" in rules_lacking  # no task table, no task list


def test_checks_read_typed_options_not_the_raw_dict():
    """Rules typed end to end: every rule carries its check's dataclass (nested records typed too), and no check
    reads the raw ``params`` mapping, where defaults would be written a second time."""
    import ast
    import dataclasses

    from pipeline.rules.params import PARAMS, Expectation

    rules = load_rules().rules
    for rule in rules:
        assert isinstance(rule.options, PARAMS[rule.check]), rule.id
    expectations = [e for r in rules if r.check == "expected_bases" for e in r.options.expectations]
    assert expectations and all(isinstance(e, Expectation) for e in expectations)
    assert all(dataclasses.is_dataclass(r.options) for r in rules)
    checks = Path(__file__).resolve().parents[2] / "pipeline" / "checks"
    raw_reads = [f"{path.name}:{node.lineno}" for path in checks.glob("*.py")
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Attribute) and node.attr == "params"
                 and isinstance(node.value, (ast.Name, ast.Attribute))
                 and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr).endswith("rule")]
    assert not raw_reads, raw_reads
