"""A plan with its appendices reviewed as one submission: every task and field of the generated realistic
submissions (literals in truth.yaml), the planted defects at their file and cell, clean ones clean (issue 36)."""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline.review.reviewer import Reviewer, ReviewOptions
from planreview_testing.gen_submissions import write_all
from planreview_testing.submission_eval import (
    DEFECT_RULES,
    SubmissionScore,
    review_submission,
    score_submission,
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("submissions"))


@pytest.fixture(scope="module")
def reviewer():
    return Reviewer(ReviewOptions(corpus_dir=None))


@pytest.fixture(scope="module")
def results(generated, reviewer):
    return {truth["submission"]: (review_submission(reviewer, folder, truth), truth) for folder, truth in generated}


def test_tasks_and_fields_across_files_meet_the_goal(results):
    total = SubmissionScore()
    for result, truth in results.values():
        total.add(score_submission(result, truth))
    assert total.planned == 35 and total.recall >= 0.98 and total.precision >= 0.98, total.errors
    assert total.accuracy() >= 0.98, total.errors
    assert total.defects == 8 and total.defects_found == total.defects and total.false_alarms == 0, total.errors


def test_clean_submissions_have_no_defect_findings(results):
    clean = [(r, t) for r, t in results.values() if t["clean"]]
    assert len(clean) == 2
    for result, _truth in clean:
        assert not [f.rule_id for f in result.findings if f.rule_id in DEFECT_RULES]


def test_workbook_findings_name_file_sheet_and_cell(results):
    result, truth = results["01-xa-tan-my-xlsx"]
    owner = next(t for t in truth["tasks"] if t["owner"] == "")
    found = next(f for f in result.findings if f.rule_id == "TASK-01")
    loc = found.location
    assert (loc.file, loc.sheet, loc.sheet_row, loc.column) == (owner["file"], owner["sheet"], owner["row"], "C")
    assert f"ô C{owner['row']}" in loc.label() and owner["file"] in loc.label()
    total = next(f for f in result.findings if f.rule_id == "TASK-07")
    assert total.location.column == "F" and "(1.400 triệu đồng)" in total.message and "(1.340 triệu" in total.message


def test_an_appendix_referred_to_but_missing_is_a_finding_at_the_reference(results):
    result, truth = results["03-phuong-hoa-loc-docx"]
    (missing,) = [f for f in result.findings if f.rule_id == "TASK-12"]
    assert "Phụ lục II" in missing.message and missing.location.file == truth["plan"]
    refs = {r.label: r for r in result.seg.appendix_refs}
    assert refs["Phụ lục I"].targets and refs["Phụ lục I"].targets[0].file == "phu-luc-danh-muc-nhiem-vu.docx"
    assert refs["Phụ lục II"].missing


def test_targets_by_year_in_a_workbook_appendix_are_read_through_the_reference(results):
    result, truth = results["01-xa-tan-my-xlsx"]
    planted = {(t["indicator"].lower(), year, value) for t in truth["targets"] for year, value in t["values"].items()}
    read = {(t.indicator.lower(), t.deadline, t.value) for t in result.targets if t.location.sheet}
    assert planted <= read


def test_the_plan_alone_has_none_of_its_tasks_and_says_its_appendices_are_missing(generated, reviewer):
    folder, truth = generated[0]
    result = review_submission(reviewer, folder, truth, with_appendices=False)
    assert score_submission(result, truth).matched == 0
    assert {f.message.split(" nhưng")[0] for f in result.findings if f.rule_id == "TASK-12"} == {
        "Dự thảo dẫn chiếu Phụ lục I", "Dự thảo dẫn chiếu Phụ lục II"}


def test_findings_json_names_the_files(results):
    result, truth = results["05-tinh-vinh-xuyen-qd-kh-3pl"]
    data = result.to_dict()
    assert [f["name"] for f in data["document"]["files"]] == [f["name"] for f in truth["files"]]
    assert all(f["location"]["file"] for f in data["findings"] if f["location"])
    cells = [f["location"] for f in data["findings"] if f["location"] and f["location"].get("sheet")]
    assert cells and all(c["sheet_row"] and c["file"].endswith(".xlsx") for c in cells)


def test_an_appendix_without_a_reference_is_still_read(generated, reviewer, tmp_path):
    from planreview_testing.gen_submissions import submissions, write_plan_docx

    folder, truth = generated[1]  # the clean commune: plan + workbook
    spec = next(s for s in submissions() if s.slug == truth["submission"])
    plan = tmp_path / "ke-hoach-khong-dan-chieu.docx"
    write_plan_docx(spec, plan, {})  # the plan never names its appendix
    book = folder / next(f["name"] for f in truth["files"] if f["role"] == "appendix")
    result = reviewer.review(plan, attached=[book])
    assert not result.seg.appendix_refs and not [f for f in result.findings if f.rule_id == "TASK-12"]
    assert sorted(t.text for t in result.tasks.tasks) == sorted(t["name"] for t in truth["tasks"])


def test_an_appendix_reviewed_alone_is_read_but_not_scored(generated, reviewer):
    folder, truth = generated[0]
    book = next(f["name"] for f in truth["files"] if f["name"].endswith(".xlsx"))
    result = reviewer.review(folder / book)
    assert len(result.tasks.tasks) == len(truth["tasks"])  # its tasks are still read and checked
    assert not result.is_plan and result.overall_score is None and "--appendix" in result.shape.verdict()


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice")
def test_an_appendix_sent_as_pdf(tmp_path, reviewer):
    from planreview_testing.gen_submissions import submissions, write_submission

    spec = next(s for s in submissions(with_pdf=True) if s.layout == "pdf")
    truth = write_submission(spec, tmp_path)
    score = score_submission(review_submission(reviewer, tmp_path, truth), truth)
    assert (score.matched, score.planned) == (4, 4) and score.accuracy() == 1.0, score.errors
    assert score.defects_found == 1 and score.false_alarms == 0, score.errors
