"""The render writers: memo.docx from the Word template (long task tables included), tasks.xlsx streamed,
the annotated draft anchored from the parsed blocks, per-rule caps in every memo format."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from pipeline.core.json_text import compact_json, indented_json
from pipeline.render import memo_docx
from pipeline.render.memo_view import MEMO_LIST_CAP, memo_view
from pipeline.render.writers import write_outputs
from pipeline.review.reviewer import Reviewer
from planreview_testing.synthetic import clean_spec, write_draft

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def reviewer():
    return Reviewer()


def _body(path: Path) -> list[str]:
    from docx.table import Table

    lines = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Table):
            lines += ["|".join(c.text for c in row.cells) for row in item.rows]
        else:
            lines.append(item.text)
    return lines


def test_long_task_table_is_the_same_whether_rows_come_from_tags_or_copies(tmp_path, reviewer, monkeypatch):
    result = reviewer.review(write_draft(clean_spec(extra_tasks=40), tmp_path / "long.txt"))
    view = memo_view(result)
    assert len(view["tasks"]) > 40
    memo_docx.write_docx(view, tmp_path / "tags.docx")  # every row through the template's {%tr for %}
    monkeypatch.setattr(memo_docx, "TEMPLATE_TASK_ROWS", 5)
    spliced = []
    find_rows = memo_docx._task_rows_xml
    monkeypatch.setattr(memo_docx, "_task_rows_xml", lambda *a: spliced.append(find_rows(*a)) or spliced[-1])
    memo_docx.write_docx(view, tmp_path / "copies.docx")  # 5 rows from the tags, the rest copied
    assert spliced and spliced[0] is not None  # the fast path, not a fallback to every row through the tags
    assert _body(tmp_path / "copies.docx") == _body(tmp_path / "tags.docx")
    assert any(line.startswith(f"{len(view['tasks'])}|") for line in _body(tmp_path / "copies.docx"))


def test_copied_task_rows_are_made_one_by_one_within_their_size_bound(tmp_path, reviewer, monkeypatch):
    """20,000 copied rows are 230 MB of XML: they are made as document.xml is written, never held as a list
    (the 20,000-task memo peaked at 804 MiB so, 378 MiB now); zip64 is decided on a bound of their size."""
    result = reviewer.review(write_draft(clean_spec(extra_tasks=40), tmp_path / "long.txt"))
    view = memo_view(result)
    monkeypatch.setattr(memo_docx, "TEMPLATE_TASK_ROWS", 5)
    seen = []
    find_rows = memo_docx._task_rows_xml

    def spy(*args):
        found = find_rows(*args)
        sizes: list[int] = []

        def rows():
            for row in found.rows:
                sizes.append(len(row))
                yield row

        seen.append((found, sizes))
        return memo_docx.RowsXml(rows(), found.size_bound)

    monkeypatch.setattr(memo_docx, "_task_rows_xml", spy)
    memo_docx.write_docx(view, tmp_path / "memo.docx")
    found, sizes = seen[0]
    assert not isinstance(found.rows, (list, tuple))
    assert len(sizes) == len(view["tasks"]) - 5
    assert sum(sizes) <= found.size_bound < 100 * sum(sizes)


def test_council_template_with_tags_is_the_template(tmp_path, reviewer):
    council = docx.Document(str(memo_docx.BUNDLED_TEMPLATE))
    council.paragraphs[0].insert_paragraph_before("HỘI ĐỒNG PHẢN BIỆN TỈNH THANH LÂM — {{ profile.unit }}")
    templates = tmp_path / "mau"
    templates.mkdir()
    council.save(str(templates / "memo-template.docx"))
    result = reviewer.review(SAMPLES / "de-an-cds-dong-hai.docx")
    memo_docx.write_docx(memo_view(result), tmp_path / "memo.docx", templates)
    first = docx.Document(str(tmp_path / "memo.docx")).paragraphs[0].text
    assert first.startswith("HỘI ĐỒNG PHẢN BIỆN TỈNH THANH LÂM — ") and "{{" not in first
    assert "BÁO CÁO" in _body(tmp_path / "memo.docx")


def test_xlsx_fills_only_the_missing_cells(tmp_path, reviewer):
    draft = write_draft(clean_spec(task_without_owner=1, extra_tasks=3), tmp_path / "d.txt")
    result = reviewer.review(draft)
    paths = write_outputs(result, tmp_path / "out")
    ws = load_workbook(str(paths["tasks_xlsx"]))["Nhiệm vụ"]
    owner_col = [c.value for c in ws[1]].index("Cơ quan chủ trì") + 1
    red = {r for r in range(2, ws.max_row + 1) if ws.cell(r, owner_col).fill.fgColor.rgb.endswith("FFC7CE")}
    missing = {n for n, t in enumerate(result.tasks.tasks, start=2) if "owner" in t.missing}
    assert missing and red == missing
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:N{len(result.tasks.tasks) + 1}"


@pytest.mark.parametrize("sample", ["de-an-cds-dong-hai.docx", "de-an-cds-dong-hai-sua-doi.docx"])
def test_annotation_anchors_from_the_parse_match_a_fresh_walk(reviewer, sample):
    from docx.table import Table

    from pipeline.ingest.docx import read_docx
    from pipeline.render.annotate_docx import anchors_from_parse

    result = reviewer.review(SAMPLES / sample)
    document = docx.Document(str(SAMPLES / sample))
    anchors = anchors_from_parse(document, result)
    walked: list = []
    read_docx(document, Table, walked)
    assert anchors is not None and len(anchors) == len(walked)
    assert [a.element if a else None for a in anchors] == [w._p if w is not None else None for w in walked]


def test_every_memo_format_caps_a_rule_listing(tmp_path, reviewer):
    result = reviewer.review(SAMPLES / "de-an-cds-dong-hai.docx")
    template = result.findings[0]
    extra = MEMO_LIST_CAP + 7
    result.findings = [template] * extra + result.findings[1:]
    paths = write_outputs(result, tmp_path / "out")
    more = f"… và {extra - MEMO_LIST_CAP} trường hợp khác"
    assert more in paths["md"].read_text(encoding="utf-8")
    assert more in paths["html"].read_text(encoding="utf-8")
    body = _body(paths["docx"])
    assert any(more in line for line in body)
    assert sum(1 for line in body if line.startswith(template.message)) == MEMO_LIST_CAP


def test_findings_json_text_is_the_standard_librarys(reviewer):
    """findings.json through orjson: the very text json.dumps(indent=2, ensure_ascii=False) writes."""
    for sample in ("de-an-cds-dong-hai.docx", "de-an-cds-tay-son.pdf", "de-an-cds-bac-ha.txt"):
        value = reviewer.review(SAMPLES / sample).to_dict()
        assert indented_json(value).decode("utf-8") == json.dumps(value, ensure_ascii=False, indent=2)
    odd = {"counts": {1: "một"}, "big": 2**70}  # what orjson refuses goes through the standard library
    assert json.loads(indented_json(odd)) == json.loads(json.dumps(odd)) == json.loads(compact_json(odd))


def test_template_parts_cleaned_by_docxtpl_are_cached_and_checked(tmp_path, monkeypatch):
    """docxtpl's clean-up of the template's XML is kept in the user's cache: a memo written from the cache
    says what one written without it says, and a damaged cache entry is made again, never used."""
    monkeypatch.setenv("PLANREVIEW_CACHE", str(tmp_path / "cache"))
    result = Reviewer().review(SAMPLES / "de-an-cds-bac-ha.txt")
    view = memo_view(result)
    memo_docx.write_docx(view, tmp_path / "first.docx")
    entries = list((tmp_path / "cache" / "docxtpl-parts").glob("*.xml"))
    assert entries
    memo_docx.write_docx(view, tmp_path / "cached.docx")
    for entry in entries:
        entry.write_text(entry.read_text(encoding="utf-8")[:-200], encoding="utf-8")  # truncated
    memo_docx.write_docx(view, tmp_path / "repaired.docx")
    first = _body(tmp_path / "first.docx")
    assert "BÁO CÁO" in first
    assert _body(tmp_path / "cached.docx") == first == _body(tmp_path / "repaired.docx")


def test_a_template_opened_ahead_gives_the_same_memo_once(tmp_path, reviewer):
    """The CLI opens the Word template while the checks wait for the comparison (open_template_ahead): the memo
    rendered from it is the memo rendered from a template opened then; it serves one memo only."""
    view = memo_view(reviewer.review(SAMPLES / "de-an-cds-bac-ha.txt"))
    memo_docx.write_docx(view, tmp_path / "plain.docx")
    memo_docx.open_template_ahead()
    opened = memo_docx._OPENED[str(None)]
    memo_docx.write_docx(view, tmp_path / "ahead.docx")
    assert str(None) not in memo_docx._OPENED and opened.is_rendered  # that template, used once
    memo_docx.write_docx(view, tmp_path / "again.docx")  # (a new one: the rendered one is never reused)
    assert _body(tmp_path / "ahead.docx") == _body(tmp_path / "plain.docx") == _body(tmp_path / "again.docx")
    assert len(_body(tmp_path / "plain.docx")) > 20
