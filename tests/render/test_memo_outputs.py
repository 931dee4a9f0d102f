"""The reviewer's outputs: annotated original .docx, the formal memo, replaceable templates, JSON schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import jsonschema
import pytest

from pipeline.apps.cli import main
from planreview_testing.synthetic import clean_spec

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-dong-hai.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("memo")
    assert main(["review", str(SAMPLE), "-o", str(out)]) == 0
    return out


def _texts(document) -> tuple[list[str], list[list[list[str]]]]:
    return ([p.text for p in document.paragraphs],
            [[[c.text for c in row.cells] for row in t.rows] for t in document.tables])


def test_annotated_docx_keeps_the_text_and_comments_each_finding(reviewed):
    original = docx.Document(str(SAMPLE))
    annotated = docx.Document(str(reviewed / "de-an-cds-dong-hai.annotated.docx"))
    assert _texts(original) == _texts(annotated)  # the document's text is unchanged
    findings = json.loads((reviewed / "findings.json").read_text(encoding="utf-8"))["findings"]
    comments = list(annotated.comments)
    assert len(comments) == len(findings)
    assert all(c.author == "planreview" for c in comments)
    by_rule = {f["rule_id"]: f for f in findings}
    texts = {c.text.split("]")[0].lstrip("["): c.text for c in comments}
    assert "Đề xuất:" in texts["TASK-01"] and by_rule["TASK-01"]["message"] in texts["TASK-01"]


def _anchored_text(document, comment_id: int) -> str:
    """The text of the paragraph where the comment's range starts."""
    body = document.element.body
    for p in body.iter(f"{W}p"):
        for start in p.iter(f"{W}commentRangeStart"):
            if start.get(f"{W}id") == str(comment_id):
                return "".join(t.text or "" for t in p.iter(f"{W}t"))
    return ""


def test_comments_are_anchored_at_the_finding(reviewed):
    annotated = docx.Document(str(reviewed / "de-an-cds-dong-hai.annotated.docx"))
    comments = {c.text.split("]")[0].lstrip("["): c for c in annotated.comments}
    # a task without owner: the comment sits in its table row (the task's cell)
    assert _anchored_text(annotated, comments["TASK-01"].comment_id).startswith("Xây dựng Trung tâm giám sát")
    # a copied paragraph: the comment sits on that paragraph
    assert "LGSP" in _anchored_text(annotated, comments["DUP-01"].comment_id)
    assert "47/NĐ-CP" in _anchored_text(annotated, comments["LEGAL-03"].comment_id)


def test_no_annotated_copy_for_pdf_and_txt(tmp_path):
    assert main(["review", str(ROOT / "samples" / "de-an-cds-bac-ha.txt"), "-o", str(tmp_path)]) == 0
    assert not list(tmp_path.glob("*.annotated.docx"))


def test_html_memo_is_self_contained_with_chart_filter_and_links(reviewed):
    html = (reviewed / "memo.html").read_text(encoding="utf-8")
    assert '<svg id="score-chart"' in html and 'class="sev-filter"' in html
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)  # nothing fetched from outside
    links = set(re.findall(r'href="#(p-\d+)"', html))
    anchors = set(re.findall(r'id="(p-\d+)"', html))
    assert links and links <= anchors  # every evidence link has its paragraph in the appendix
    assert "Đông Hải" in html and "ĐỀ ÁN" in html  # Vietnamese text intact (UTF-8)
    assert '<meta charset="utf-8">' in html


def test_memo_docx_follows_the_review_report_layout(reviewed):
    memo = docx.Document(str(reviewed / "memo.docx"))
    headings = [p.text for p in memo.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:4] == ["BÁO CÁO", "I. THÔNG TIN CHUNG", "II. NHẬN XÉT CHUNG",
                            "III. NHẬN XÉT THEO TỪNG NỘI DUNG"]
    assert "1. Về căn cứ pháp lý" in headings and "IV. KIẾN NGHỊ" in headings


def test_council_templates_replace_the_bundled_ones(tmp_path):
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "memo.md.j2").write_text(
        "# PHIẾU NHẬN XÉT CỦA ỦY VIÊN HỘI ĐỒNG\n{{ title }}\nĐiểm: {{ overall }}\n"
        "{% for s in memo_sections %}{{ s.title }}: {{ s.count }}\n{% endfor %}", encoding="utf-8")
    letterhead = docx.Document()
    letterhead.add_paragraph("LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT TỈNH")
    letterhead.save(str(templates / "memo-template.docx"))
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE), "-o", str(out), "--template-dir", str(templates)]) == 0
    md = (out / "memo.md").read_text(encoding="utf-8")
    assert md.startswith("# PHIẾU NHẬN XÉT CỦA ỦY VIÊN HỘI ĐỒNG") and "Về căn cứ pháp lý: 2" in md
    assert "<svg" in (out / "memo.html").read_text(encoding="utf-8")  # not replaced: the bundled one
    memo = docx.Document(str(out / "memo.docx"))
    assert memo.paragraphs[0].text == "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT TỈNH"
    assert main(["review", str(SAMPLE), "-o", str(out), "--template-dir", str(tmp_path / "none")]) == 2


@pytest.mark.parametrize("sample", ["de-an-cds-dong-hai.docx", "de-an-cds-tay-son.pdf", "de-an-cds-bac-ha.txt"])
def test_findings_json_matches_its_schema(tmp_path, sample):
    schema = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))
    assert main(["review", str(ROOT / "samples" / sample), "-o", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


def test_output_is_stable(tmp_path, make_draft):
    draft = make_draft(clean_spec(task_without_owner=1, omit_749=True, copy_corpus=True), "stable.docx")
    for run in ("a", "b"):
        assert main(["review", str(draft), "-o", str(tmp_path / run)]) == 0
    a, b = (json.loads((tmp_path / r / "findings.json").read_text(encoding="utf-8")) for r in "ab")
    for data in (a, b):
        data.pop("timings_s")
    assert a == b


def test_revised_draft_keeps_earlier_comments_and_memo_counts_changes(tmp_path):
    """A draft sent back with unaccepted changes and an earlier expert's comments: reviewed as accepted, the memo's
    general information counts both, and the annotated copy keeps the earlier comments beside planreview's."""
    from planreview_testing.gen_word_features import combine, write_doc

    draft = write_doc(combine("revised", ["numbering-levels", "tracked-paragraphs", "comments", "footnotes"]),
                      tmp_path / "du-thao-sua-doi.docx")
    out = tmp_path / "out"
    assert main(["review", str(draft), "-o", str(out), "--no-corpus"]) == 0
    memo = (out / "memo.md").read_text(encoding="utf-8")
    assert "dự thảo còn 11 thay đổi chưa được chấp nhận" in memo and "2 ý kiến (comment) có sẵn" in memo
    assert "còn 11 thay đổi" in (out / "memo.html").read_text(encoding="utf-8")
    memo_docx = docx.Document(str(out / "memo.docx"))
    assert any("còn 11 thay đổi" in c.text for t in memo_docx.tables for row in t.rows for c in row.cells)
    annotated = docx.Document(str(out / "du-thao-sua-doi.annotated.docx"))
    earlier = [c for c in annotated.comments if c.author == "Chuyên gia Sở TT&TT"]
    assert sorted(c.text for c in earlier) == ["Bổ sung căn cứ Nghị quyết 57.", "Thống nhất."]
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    ours = [c for c in annotated.comments if c.author == "planreview"]
    assert findings and len(ours) == len(findings)
    body = annotated.element.body  # the earlier comments' ranges are still in the text
    assert len(body.findall(f".//{W}commentReference")) == len(findings) + 2


def test_clean_draft_memo_says_nothing_of_changes(reviewed):
    assert "thay đổi chưa được chấp nhận" not in (reviewed / "memo.md").read_text(encoding="utf-8")


def test_comment_anchor_runs_are_the_text_word_shows(tmp_path):
    """A paragraph whose text is all a tracked insertion still carries its comment; a deleted run is never the
    anchor (render/annotate_docx.py's anchors at the paths the parse recorded)."""
    from pipeline.ingest.read import parse_file
    from pipeline.render.annotate_docx import _PathAnchor
    from planreview_testing.gen_word_features import combine, write_doc

    draft = write_doc(combine("tracked", ["tracked-paragraphs", "textboxes"]), tmp_path / "tracked.docx")
    doc = parse_file(draft)
    document = docx.Document(str(draft))
    shown = {}
    for block, path in zip(doc.blocks, doc.anchors):
        shown[block.text] = "".join(r.text for r in _PathAnchor(document, path).runs)
    assert shown["Bổ sung nhiệm vụ xây dựng kho dữ liệu dùng chung của xã."] == (
        "Bổ sung nhiệm vụ xây dựng kho dữ liệu dùng chung của xã.")
    assert shown["Giao Văn phòng HĐND và UBND xã chủ trì, kinh phí 150 triệu đồng."] == (
        "Giao Văn phòng HĐND và UBND xã chủ trì, kinh phí 150 triệu đồng.")
    assert shown["Số: 45/KH-UBND"] == ""  # a text box's block anchors at its paragraph (no text of its own)


def test_appendix_is_a_landscape_section_only_when_there_is_one(reviewed, tmp_path):
    from docx.enum.section import WD_ORIENT

    sections = docx.Document(str(reviewed / "memo.docx")).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    note = tmp_path / "ghi-chu.txt"  # a meeting note, not a plan: no citation, no task, no appendix
    note.write_text("Ghi chú cuộc họp\nHọp ngày 5/3 về chuyển đổi số.\nGiao phòng văn hóa chuẩn bị.\n",
                    encoding="utf-8")
    assert main(["review", str(note), "-o", str(tmp_path / "out")]) == 0
    memo = docx.Document(str(tmp_path / "out" / "memo.docx"))
    assert [s.orientation for s in memo.sections] == [WD_ORIENT.PORTRAIT]
    assert not any(p.text.startswith("Phụ lục") for p in memo.paragraphs)


def test_memo_md_reads_as_plain_text_and_names_the_rules_by_date(reviewed):
    md = (reviewed / "memo.md").read_text(encoding="utf-8")
    assert "&gt;" not in md and "&lt;" not in md and "Mục I > 2 · đoạn 19" in md
    assert "<loại văn bản> số <số>" in md  # the suggestion's pattern, as written
    rules_row = next(line for line in md.splitlines() if line.startswith("| Bộ quy tắc |"))
    assert re.search(r"ngày \d\d/\d\d/20\d\d, \d+ quy tắc", rules_row)
    data = json.loads((reviewed / "findings.json").read_text(encoding="utf-8"))
    assert data["tool"]["rules_version"] not in md  # the hash stays in findings.json
