"""Rules are validated when loaded (each check declares its parameters) and carry examples that are reviewed
as small plans (rule_examples.py); ``planreview rules --explain`` shows a rule whole."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from pipeline.checks.catalogue import SPECS
from pipeline.core.errors import RulesError
from pipeline.review.rule_examples import example_plan, run_rule_examples
from pipeline.rules.loader import DEFAULT_RULES_DIR, load_rules

RULESET = load_rules()
WITH_EXAMPLES = [r for r in RULESET.all_rules if r.examples]


@pytest.fixture(scope="module")
def example_reviewer():
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    return Reviewer(ReviewOptions(corpus_dir=None))


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: r.id)
def test_rule_examples(rule, example_reviewer):
    results = run_rule_examples(rule, example_reviewer)
    exempt = len(rule.examples.get("exempt", [])) * len(rule.examples["fires"])
    assert len(results) == len(rule.examples["fires"]) + len(rule.examples["silent"]) + exempt
    failed = [r.describe() for r in results if not r.passed]
    assert not failed, failed


def test_examples_cover_the_main_families():
    have = {r.id for r in WITH_EXAMPLES}
    for family in ("TASK-", "LEGAL-", "PILLAR-", "TARGET-"):
        rules = {r.id for r in RULESET.all_rules if r.id.startswith(family) and SPECS[r.check].snippets}
        assert rules <= have, f"{family} rules without examples: {sorted(rules - have)}"
    assert len(WITH_EXAMPLES) >= 30


def test_a_wrong_example_fails(example_reviewer):
    """The runner can fail: TASK-03's snippets with fires and silent swapped are reported, both ways."""
    rule = next(r for r in RULESET.rules if r.id == "TASK-03")
    swapped = dataclasses.replace(rule, examples={"fires": rule.examples["silent"], "silent": rule.examples["fires"],
                                                  "plan": "xa"})
    results = run_rule_examples(swapped, example_reviewer)
    assert results and not any(r.passed for r in results)
    assert "expected a finding, got none" in results[0].describe()


@pytest.mark.parametrize(("rule_id", "fires", "silent"), [
    # the first year past the horizon (2026-2030) is outside it; the horizon year itself is inside
    ("TASK-04", "2030-2031", "2029-2030"),
    # the year before the plan's own (2026) is allowed by slack_before: 1, two years before is not
    ("TASK-04", "2024-2026", "2025-2026"),
])
def test_boundaries_of_the_task_horizon(example_reviewer, rule_id, fires, silent):
    """The edges the rule's own examples (2031-2032, 2026-2027) leave untested."""
    rule = next(r for r in RULESET.rules if r.id == rule_id)
    row = ("| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian | Kinh phí (triệu đồng) | Nguồn vốn |\n"
           "| 1 | Nâng cấp trang thông tin điện tử của xã | Văn phòng HĐND và UBND xã | {} | 120 | Ngân sách xã |")
    edges = dataclasses.replace(rule, examples={"fires": [row.format(fires)], "silent": [row.format(silent)]})
    results = run_rule_examples(edges, example_reviewer)
    assert [r.kind for r in results] == ["fires", "silent"]
    assert all(r.passed for r in results), [r.describe() for r in results]


_STATUS_FOUR = ("I. THỰC TRẠNG CHUYỂN ĐỔI SỐ CỦA XÃ\nNăm 2025, 65% hồ sơ thủ tục hành chính được nộp trực tuyến; 42% "
                "người trưởng thành có tài khoản định danh điện tử; 18 hợp tác xã bán hàng trên sàn thương mại điện "
                "tử; 9 thôn có điểm truy cập Internet công cộng.")


def test_boundary_of_status_figures(example_reviewer):
    """STATUS-02 asks for 5 figures (rules/20-status.yaml): four fire, five are enough (the year is no figure)."""
    rule = next(r for r in RULESET.rules if r.id == "STATUS-02")
    assert rule.params["min_figures"] == 5
    five = _STATUS_FOUR[:-1] + "; 12 cán bộ, công chức được cấp chữ ký số."
    edges = dataclasses.replace(rule, examples={"fires": [_STATUS_FOUR], "silent": [five]})
    results = run_rule_examples(edges, example_reviewer)
    assert all(r.passed for r in results), [r.describe() for r in results]
    assert "chỉ có 4 số liệu" in results[0].findings[0]


def test_a_rule_that_does_not_apply_to_the_example_plan_fails(example_reviewer):
    rule = next(r for r in RULESET.rules if r.id == "COMMUNE-02")
    moved = dataclasses.replace(rule, examples={**rule.examples, "plan": "tinh"})
    results = run_rule_examples(moved, example_reviewer)
    assert results and all(not r.passed and "does not apply" in r.error for r in results)


def test_example_plan_places_a_snippet_under_its_checks_heading():
    rule = next(r for r in RULESET.rules if r.id == "TASK-03")
    text = example_plan(rule, "- Nhiệm vụ A.")
    assert text.splitlines()[-2:] == ["II. NHIỆM VỤ, GIẢI PHÁP", "- Nhiệm vụ A."]
    own = example_plan(rule, "I. CĂN CỨ\n- Luật Dữ liệu")
    assert "II. NHIỆM VỤ, GIẢI PHÁP" not in own and "ngày 15 tháng 3 năm 2026" in own


# --------------------------------------------------------------------------- validation when loaded

RULE = "rules:\n  - {{id: X-1, title: t, area: a, severity: low, check: {check}, message: m, suggestion: s{extra}}}\n"


def _load(tmp_path, check="task_field", extra=""):
    (tmp_path / "r.yaml").write_text(RULE.format(check=check, extra=extra), encoding="utf-8")
    return load_rules([tmp_path])


def test_every_bundled_rule_loads_with_typed_options():
    for rule in RULESET.all_rules:
        assert isinstance(rule.options, SPECS[rule.check].params), rule.id
    task = next(r for r in RULESET.rules if r.id == "TASK-07")
    assert task.options.tolerance == 0.01


@pytest.mark.parametrize(("extra", "words"), [
    (", params: {fiel: owner}", ["r.yaml", "X-1", "'fiel'", "unknown parameter", "tham số lạ", "field"]),
    ("", ["X-1", "missing parameter 'field'", "thiếu tham số"]),
    (", params: {field: 3}", ["X-1", "'field' must be one of owner, time, budget, source", "field is 3"]),
    (", params: {field: ownr}", ["X-1", "'field'", "field is 'ownr'", "sai kiểu"]),
    (", params: [field]", ["X-1", "params must be a mapping"]),
    (", parmas: {field: owner}", ["X-1", "unknown field 'parmas'"]),
])
def test_bad_parameters_name_file_rule_and_parameter(tmp_path, extra, words):
    with pytest.raises(RulesError) as err:
        _load(tmp_path, extra=extra)
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_parameter_types_are_checked_deeply(tmp_path):
    with pytest.raises(RulesError, match="'min_figures' must be int"):
        _load(tmp_path, "section_figures", ", params: {kind: hien_trang, min_figures: nhiều}")
    with pytest.raises(RulesError, match=r"'groups' must be dict.*groups\['DTI'\] is 'DTI', not list\[str\]"):
        _load(tmp_path, "keywords_present", ", params: {groups: {DTI: DTI}}")
    with pytest.raises(RulesError, match=r"groups\['DTI'\]\[1\] is 3, not str"):
        _load(tmp_path, "keywords_present", ", params: {groups: {DTI: [DTI, 3]}}")
    with pytest.raises(RulesError, match=r"expectations\[0\] has unknown key 'plans_form'"):
        _load(tmp_path, "expected_bases", ", params: {expectations: [{any_of: [749/QĐ-TTg], plans_form: 2025}]}")
    with pytest.raises(RulesError, match=r"expectations\[0\] lacks 'any_of'"):
        _load(tmp_path, "expected_bases", ", params: {expectations: [{label: x}]}")
    with pytest.raises(RulesError, match="'min_figures' must be int"):
        _load(tmp_path, "section_figures", ", params: {kind: hien_trang, min_figures: true}")
    ok = _load(tmp_path, "budget_total", ", params: {tolerance: 1}")  # an int where a float is declared
    assert ok.rules[0].options.tolerance == 1
    assert _load(tmp_path, "owners_at_level", ", params: {not_at_level: [x], except: [y]}").rules[0].options.except_ \
        == ["y"]


def test_declared_defaults_are_filled_in(tmp_path):
    rule = _load(tmp_path, "section_figures", ", params: {kind: hien_trang}").rules[0]
    assert rule.params == {"kind": "hien_trang", "min_figures": 3} and rule.options.min_figures == 3


def test_bad_examples_are_refused(tmp_path):
    with pytest.raises(RulesError, match="both fires and silent"):
        _load(tmp_path, extra=", params: {field: owner}, examples: {fires: [a]}")
    with pytest.raises(RulesError, match="examples take"):
        _load(tmp_path, extra=", params: {field: owner}, examples: {fire: [a], silent: [b]}")
    with pytest.raises(RulesError, match="cannot take snippet examples"):
        _load(tmp_path, "pillar_tasks", ", examples: {fires: [a], silent: [b]}")


def test_cli_exit_3_on_a_typo(tmp_path):
    (tmp_path / "r.yaml").write_text(RULE.format(check="task_field", extra=", params: {fiel: owner}"),
                                     encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "rules", "--rules", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 3 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "X-1" in run.stderr and "'fiel'" in run.stderr


def test_cli_explain():
    run = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "rules", "--explain", "TASK-03"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for part in ("TASK-03 · Nhiệm vụ thiếu kinh phí", "Mô tả / description:", "task_field",
                 "field (one of owner, time, budget, source; bắt buộc / required) = budget",
                 "báo / fires:", "không báo / silent:", "Căn cứ / basis:", "Quảng Xương"):
        assert part in out, part
    assert str(DEFAULT_RULES_DIR / "50-tasks.yaml") in out
    disabled = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "rules", "--explain", "legal-07"],
                              capture_output=True, text=True)
    assert disabled.returncode == 0 and "disabled" in disabled.stdout
    missing = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "rules", "--explain", "NOPE-1"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "NOPE-1" in missing.stderr and "Traceback" not in missing.stderr
