"""A submission of several files read as one document: roles by name and content, numbering, locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.ingest.read import parse_file
from pipeline.ingest.submission import file_role, parse_submission, role_by_name, split_plan
from planreview_testing.gen_submissions import submissions, write_submission


@pytest.mark.parametrize(("name", "role"), [
    ("Phụ lục 01 - danh mục nhiệm vụ.docx", "appendix"),
    ("PL2_chi_tieu.pdf", "appendix"),
    ("phu-luc-ke-hoach-45.docx", "appendix"),
    ("quyet-dinh-ban-hanh-ke-hoach.docx", "decision"),
    ("QĐ 612.pdf", "decision"),
    ("ke-hoach-cds-xa-tan-my.docx", "plan"),
    ("Dự thảo Đề án CĐS.docx", "plan"),
    ("plan-2026.docx", ""),  # "pl" inside a word is not "PL"
    ("bang-tinh.xlsx", ""),
])
def test_roles_by_name(name, role):
    assert role_by_name(Path(name)) == role


def test_a_workbook_is_an_appendix_and_the_plan_is_the_first_plan_like_file():
    assert file_role(Path("bang-tinh.xlsx")) == "appendix"
    plan, others = split_plan([Path("PL1.xlsx"), Path("quyet-dinh.docx"), Path("ke-hoach.docx"), Path("PL2.docx")])
    assert plan == Path("ke-hoach.docx") and others == [Path("PL1.xlsx"), Path("quyet-dinh.docx"), Path("PL2.docx")]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    spec = next(s for s in submissions() if s.layout == "decision")
    folder = tmp_path_factory.mktemp("sub")
    return folder, write_submission(spec, folder)


def test_decision_plan_and_appendices_join_in_reading_order(province):
    folder, truth = province
    files = [folder / f["name"] for f in truth["files"]]
    plan = folder / truth["plan"]
    doc = parse_submission(plan, [f for f in reversed(files) if f != plan])
    assert [p.role for p in doc.parts] == ["decision", "plan", "appendix", "appendix", "appendix"]
    # given in reverse, read in their own order
    assert [p.label for p in doc.parts if p.role == "appendix"] == ["Phụ lục 01", "Phụ lục 02", "Phụ lục 03"]
    assert [b.location.paragraph for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    for part in doc.parts:
        own = doc.blocks[part.first_block:part.first_block + part.block_count]
        assert {b.location.file for b in own} == {part.name}
        assert [t.index for t in part.tables] == list(range(1, len(part.tables) + 1))  # numbered per file
    assert len(doc.blocks) == sum(len(parse_file(f).blocks) for f in files)
    sheet_rows = [b for b in doc.blocks if b.location.sheet]
    assert sheet_rows and all(b.location.file.endswith(".xlsx") for b in sheet_rows)


def test_two_files_with_one_name_are_refused(province, tmp_path):
    folder, truth = province
    plan = folder / truth["plan"]
    (tmp_path / "x").mkdir()
    twin = tmp_path / "x" / plan.name
    twin.write_bytes(plan.read_bytes())
    with pytest.raises(InputError, match="same name"):
        parse_submission(plan, [twin])
