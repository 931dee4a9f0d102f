"""The score a secretary can reconcile (review/scoring.py): every figure of the memo from one arithmetic.

On the twelve rule drafts (one clean, eleven with planted defects): each area's score is 100 minus the points of
its rules, the overall score 100 minus all of them, the band follows from the overall score, and the memo's
one line says exactly that. Before issue 33 the areas had their own penalties: the sample scored 48 with areas
at 96, 100, 100, 86, 70, 100, 90, and a generated draft 38 with every area at 65 or more."""

from __future__ import annotations

import re

import pytest

from planreview_testing.rule_drafts import SPECS


@pytest.fixture(scope="module")
def results(reviewer, drafts_dir):
    from planreview_testing.synthetic import write_draft

    return {name: reviewer.review(write_draft(spec, drafts_dir / f"score-{name}.txt")) for name, spec in SPECS.items()}


def test_areas_and_overall_come_from_the_same_points(results):
    for name, result in results.items():
        score = result.score
        by_rule = dict(score.deductions)
        area_of = {f.rule_id: f.area for f in result.findings}
        for area, value in result.scores.items():
            points = sum(p for rule, p in by_rule.items() if area_of[rule] == area)
            assert value == max(0, 100 - points), (name, area)
        lost = sum(100 - v for v in result.scores.values())
        assert result.overall_score == max(0, 100 - lost), name
        assert all(isinstance(p, int) and p > 0 for p in by_rule.values()), name


def test_the_band_follows_from_the_overall_score(results):
    for result in results.values():
        value = result.overall_score
        assert result.score.band == ("Đạt yêu cầu" if value >= 80 else "Cần hoàn thiện" if value >= 50
                                     else "Chưa đạt yêu cầu")
    assert results["clean"].overall_score == 100 and results["clean"].score.band == "Đạt yêu cầu"


def test_the_one_line_adds_up(results):
    for name, result in results.items():
        line = result.score.line
        terms = [int(p) for p in re.findall(r"− (\d+) \(", line)]
        shown = re.search(r"= (?:(-?\d+) → )?(\d+)/100 → ", line)
        assert shown, line
        assert 100 - sum(terms) == int(shown.group(1) or shown.group(2)), (name, line)
        assert int(shown.group(2)) == result.overall_score
        assert result.score.band in line and "thang: từ 80 trở lên: Đạt yêu cầu" in line
