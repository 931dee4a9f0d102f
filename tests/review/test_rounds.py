"""Rounds of review: fingerprints, `--previous` (memo "Tình hình tiếp thu ý kiến phản biện"), the redline
v1 → v2, planreview.toml (disabled rules, minimum severity, accepted findings), `planreview merge`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest
from lxml import etree

from pipeline.apps.merge import merge_comments, write_merge_report
from pipeline.core.errors import InputError
from pipeline.core.fingerprint import fingerprints_of
from pipeline.render.writers import write_outputs
from pipeline.review.redline import block_text, field_line, word_diff
from pipeline.review.reviewer import Reviewer, ReviewOptions
from pipeline.review.rounds import SNAPSHOT, compare_with_previous
from planreview_testing.gen_rounds import NEW_OWNER, add_expert_comments, add_reply, write_pair

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline.apps.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rounds")
    v1, v2, truth = write_pair(folder)
    reviewer = Reviewer(ReviewOptions(corpus_dir=None))
    out1 = folder / "out-v1"
    r1 = reviewer.review(v1)
    write_outputs(r1, out1)
    return {"folder": folder, "v1": v1, "v2": v2, "truth": truth, "out1": out1, "r1": r1, "reviewer": reviewer}


@pytest.fixture(scope="module")
def round2(pair):
    result = pair["reviewer"].review(pair["v2"], previous=pair["out1"])
    out2 = pair["folder"] / "out-v2"
    paths = write_outputs(result, out2)
    return result, paths


# ---------------------------------------------------------------------------------------------- fingerprints

def test_fingerprint_ignores_position_and_numbers_repeats():
    a = fingerprints_of([("TASK-03", "Phát triển du lịch thông minh", None)])
    b = fingerprints_of([("TASK-01", "x", None), ("TASK-03", "  phát TRIỂN du lịch  thông minh.", None)])
    assert a[0][0] == b[1][0]  # same rule, same words: same identity wherever it sits
    twice = fingerprints_of([("TASK-03", "Nhiệm vụ A", None), ("TASK-03", "Nhiệm vụ A", None)])
    assert twice[0][0] != twice[1][0]
    doc_level = fingerprints_of([("LEGAL-01", "", {"document": "Quyết định số 749/QĐ-TTg", "count": 3}),
                                 ("LEGAL-01", "", {"document": "Quyết định số 942/QĐ-TTg", "count": 3})])
    assert doc_level[0][0] != doc_level[1][0]
    assert fingerprints_of([("PILLAR-03", "", {"pillar": "xã hội số", "count": 1})])[0][0] == \
        fingerprints_of([("PILLAR-03", "", {"pillar": "xã hội số", "count": 7})])[0][0]


def test_fingerprint_survives_edits_elsewhere(pair, round2):
    result, _ = round2
    v1 = {f.rule_id: f for f in pair["r1"].findings}
    v2 = {f.rule_id: f for f in result.findings}
    # task 5 moved from row 8 to row 9 (a task was added above it) and keeps its identity
    assert v1["TASK-03"].location.row != v2["TASK-03"].location.row
    assert v1["TASK-03"].fingerprint == v2["TASK-03"].fingerprint
    assert v1["TARGET-02"].fingerprint == v2["TARGET-02"].fingerprint
    data = json.loads((pair["out1"] / "findings.json").read_text(encoding="utf-8"))
    assert all(f["fingerprint"].startswith(f["rule_id"] + ":") for f in data["findings"])


# ---------------------------------------------------------------------------------------------- round 2

def test_round_statuses_match_the_ground_truth(pair, round2):
    result, _ = round2
    truth = pair["truth"]
    rnd = result.round
    assert {i.rule_id for i in rnd.resolved} == truth.resolved
    assert truth.still_open <= {i.rule_id for i in rnd.still_open}
    assert {i.rule_id for i in rnd.new} == truth.new
    assert not rnd.accepted
    counts = rnd.counts()
    assert counts["resolved"] + counts["open"] == len(pair["r1"].findings)
    assert counts["open"] + counts["new"] == len(result.findings)


def test_redline_sections_and_task_fields(round2):
    result, _ = round2
    red = result.round.redline
    lines = [line for t in red.tasks for line in t.field_lines()]
    assert "Kinh phí: 800 → 1.200 triệu đồng" in lines
    assert any(line.startswith("Chủ trì: — → Phòng Văn hóa") for line in lines)
    assert "Thời gian: 2023-2025 → Hằng năm" in lines
    assert [t.kind for t in red.tasks].count("added") == 1 and not [t for t in red.tasks if t.kind == "removed"]
    strengths = next(s for s in red.sections if "Điểm mạnh" in s.title)
    assert strengths.count("added") == 1 and strengths.count("removed") == 1  # the section was rewritten
    budget = next(s for s in red.sections if "KINH PHÍ" in s.title)
    change = budget.changes[0]
    assert change.kind == "changed" and "~~8.300~~**9.700**" in change.md and "<del>8.300</del>" in change.html


def test_round_memo_in_md_html_docx_and_json(pair, round2):
    result, paths = round2
    md = paths["md"].read_text(encoding="utf-8")
    head = md.split("## I. THÔNG TIN CHUNG")[0]
    assert "## Tình hình tiếp thu ý kiến phản biện" in head
    assert "**2** ý kiến đã tiếp thu" in head and f"**{len(result.round.still_open)}** chưa tiếp thu" in head
    assert "**1** phát hiện mới" in head and "[TASK-02]" in head.split("Phát hiện mới")[1]
    body = md.split("## III.")[1].split("## IV.")[0]  # each finding of the body says whether it is new
    assert "- **(mới)** Thời gian thực hiện 'Hằng năm'" in body
    assert "- **(chưa tiếp thu)** Nhiệm vụ chưa có kinh phí" in body
    appendix = md.split("## PHỤ LỤC")[1]
    assert "Kinh phí: 800 → 1.200 triệu đồng" in appendix
    assert "Thêm nhiệm vụ: Xây dựng cơ sở dữ liệu đất đai" in appendix
    html = paths["html"].read_text(encoding="utf-8")
    assert html.index("Tình hình tiếp thu ý kiến phản biện") < html.index("I. Thông tin chung")
    assert "<del>8.300</del><ins>9.700</ins>" in html and 'class="round-resolved"' in html
    memo = docx.Document(str(paths["docx"]))
    texts = [p.text for p in memo.paragraphs]
    assert texts.index("TÌNH HÌNH TIẾP THU Ý KIẾN PHẢN BIỆN") < texts.index("I. THÔNG TIN CHUNG")
    cells = [c.text for t in memo.tables for row in t.rows for c in row.cells]
    assert "Đã tiếp thu" in cells and "Chưa tiếp thu" in cells and any("Kinh phí: 800 → 1.200" in c for c in cells)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["round"]["counts"] == result.round.counts()
    assert {i["status"] for i in data["round"]["items"]} == {"resolved", "open", "new"}


def _paragraph_texts(path: Path, accept: bool) -> list[str]:
    """The paragraphs of a tracked-changes document with all changes accepted (or all rejected)."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        mark = p.find(f"{W}pPr/{W}rPr")
        if mark is not None and mark.find(f"{W}del" if accept else f"{W}ins") is not None:
            continue
        text = []
        for el in p.iter(f"{W}t", f"{W}delText"):
            wrapper = el.getparent().getparent()
            if wrapper.tag == f"{W}ins" and not accept or wrapper.tag == f"{W}del" and accept:
                continue
            text.append(el.text or "")
        out.append("".join(text))
    return out


def test_tracked_changes_document_accepts_to_v2_and_rejects_to_v1(pair, round2):
    _result, paths = round2
    redline = paths["redline"]
    xml = zipfile.ZipFile(redline).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml and "<w:delText" in xml
    v1 = [block_text(b) for b in json.loads((pair["out1"] / SNAPSHOT).read_text(encoding="utf-8"))["blocks"]]
    v2 = [block_text(b) for b in json.loads((paths["md"].parent / SNAPSHOT).read_text(encoding="utf-8"))["blocks"]]
    assert _paragraph_texts(redline, accept=True) == v2
    assert _paragraph_texts(redline, accept=False) == v1


def test_previous_as_findings_json_and_older_file_without_fingerprints(pair, round2, tmp_path):
    result, _ = round2
    data = json.loads((pair["out1"] / "findings.json").read_text(encoding="utf-8"))
    for f in data["findings"]:
        del f["fingerprint"]
    old = tmp_path / "old" / "findings.json"
    old.parent.mkdir()
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rnd = compare_with_previous(result, old)
    assert rnd.counts() == result.round.counts()
    # no snapshot beside it: the redline is read from the earlier draft file named in findings.json
    assert rnd.redline is not None and rnd.redline.counts() == result.round.redline.counts()
    data["document"]["path"] = str(tmp_path / "gone.docx")
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rnd = compare_with_previous(result, old)
    assert rnd.redline is None and "draft.snapshot.json" in rnd.redline_note


def test_cli_round_two_and_bad_previous(pair, tmp_path):
    run = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "o"), "--no-corpus", "--previous", str(pair["out1"]))
    assert run.returncode == 0, run.stderr
    assert "So với lần trước: đã tiếp thu 2" in run.stdout and ".redline.docx" in run.stdout
    bad = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "p"), "--no-corpus", "--previous",
               str(tmp_path / "missing"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "Earlier review not found" in bad.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "q"), "--no-corpus", "--previous", str(empty))
    assert bad.returncode == 2 and "findings.json" in bad.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    bad = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "r"), "--no-corpus", "--previous", str(broken))
    assert bad.returncode == 2 and "Cannot read the earlier findings.json" in bad.stderr


def test_batch_previous_matches_by_file_name_and_title(pair, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    shutil.copy(pair["v1"], a / "xa-tan-hoa.docx")
    shutil.copy(ROOT / "samples" / "de-an-cds-bac-ha.txt", a / "bac-ha.txt")
    shutil.copy(pair["v2"], b / "xa-tan-hoa-v2.docx")  # same name but for the version tail
    shutil.copy(ROOT / "samples" / "de-an-cds-bac-ha.txt", b / "ke-hoach-sua-doi.txt")  # only the title matches
    shutil.copy(ROOT / "samples" / "de-an-cds-tay-son.pdf", b / "tay-son.pdf")  # no earlier round
    first = _cli("batch", str(a), "-o", str(tmp_path / "out-a"), "--no-corpus", "--no-progress", "-j", "1")
    assert first.returncode == 0, first.stderr
    second = _cli("batch", str(b), "-o", str(tmp_path / "out-b"), "--no-corpus", "--no-progress", "-j", "1",
                  "--previous", str(tmp_path / "out-a"))
    assert second.returncode == 0, second.stderr
    v2 = json.loads((tmp_path / "out-b" / "xa-tan-hoa-v2" / "findings.json").read_text(encoding="utf-8"))
    assert v2["round"]["counts"]["resolved"] == 2 and v2["round"]["counts"]["new"] == 1
    same = json.loads((tmp_path / "out-b" / "ke-hoach-sua-doi" / "findings.json").read_text(encoding="utf-8"))
    assert same["round"]["counts"]["resolved"] == 0 and same["round"]["counts"]["new"] == 0
    assert same["round"]["counts"]["open"] == len(same["findings"])
    lone = json.loads((tmp_path / "out-b" / "tay-son" / "findings.json").read_text(encoding="utf-8"))
    assert "round" not in lone
    assert "Tình hình tiếp thu" not in (tmp_path / "out-b" / "tay-son" / "memo.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------- config

def test_project_config_accepted_disabled_min_severity(pair, tmp_path):
    r1 = pair["r1"]
    task03 = next(f for f in r1.findings if f.rule_id == "TASK-03")
    (tmp_path / "planreview.toml").write_text(
        '# Hội đồng huyện Đông Hải\ncorpus = false\ndisable = ["LEGAL-08"]\nmin_severity = "low"\n\n'
        f'[[accepted]]\nfingerprint = "{task03.fingerprint}"\nreason = "Kinh phí do doanh nghiệp tự bố trí"\n'
        'by = "Phiên họp 12/3"\n', encoding="utf-8")
    out = tmp_path / "out"
    run = _cli("review", str(pair["v2"]), "-o", str(out), "--previous", str(pair["out1"]), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    rules = {f["rule_id"] for f in data["findings"]}
    assert "LEGAL-08" not in rules and "TASK-03" not in rules and "TASK-06" in rules
    assert [a["fingerprint"] for a in data["accepted"]] == [task03.fingerprint]
    assert data["accepted"][0]["accepted"]["reason"] == "Kinh phí do doanh nghiệp tự bố trí"
    items = {i["fingerprint"]: i["status"] for i in data["round"]["items"]}
    assert items[task03.fingerprint] == "accepted"  # neither resolved nor still open
    assert data["round"]["counts"]["accepted"] == 1
    # LEGAL-08 (information, disabled here) is out of this round's scope: neither resolved nor open
    assert data["round"]["skipped"] == 1 and "LEGAL-08" not in {i["rule_id"] for i in data["round"]["items"]}
    md = (out / "memo.md").read_text(encoding="utf-8")
    assert "Phát hiện Hội đồng đã chấp nhận" in md and "Kinh phí do doanh nghiệp tự bố trí" in md
    assert "Kinh phí do doanh nghiệp tự bố trí" in (out / "memo.html").read_text(encoding="utf-8")
    cells = [c.text for t in docx.Document(str(out / "memo.docx")).tables for r in t.rows for c in r.cells]
    assert "Kinh phí do doanh nghiệp tự bố trí" in cells
    # the command line wins: --min-severity replaces the file's level, --disable adds to its list
    run = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "o2"), "--min-severity", "medium",
               "--disable", "TASK-02", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "o2" / "findings.json").read_text(encoding="utf-8"))
    assert {f["severity"] for f in data["findings"]} <= {"high", "medium"}
    assert not {"LEGAL-08", "TASK-02"} & {f["rule_id"] for f in data["findings"]}
    run = _cli("review", str(pair["v2"]), "-o", str(tmp_path / "o3"), "--no-config", "--no-corpus")
    assert "TASK-03" in {f["rule_id"] for f in json.loads((tmp_path / "o3" / "findings.json").read_text())["findings"]}


@pytest.mark.parametrize(("content", "message"), [
    ('colour = "red"\n', "unknown key"),
    ('disable = ["NOPE-99"]\n', "No rule NOPE-99"),
    ('min_severity = "urgent"\n', "unknown severity"),
    ('[[accepted]]\nfingerprint = "TASK-03"\n', "fingerprint"),
    ('disable = [\n', "Invalid config"),
])
def test_bad_config_is_a_clear_error(pair, tmp_path, content, message):
    (tmp_path / "planreview.toml").write_text(content, encoding="utf-8")
    run = _cli("review", str(pair["v1"]), "-o", str(tmp_path / "o"), "--no-corpus", cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_accept_command_and_batch_leave_accepted_out(pair, tmp_path):
    task01 = next(f for f in pair["r1"].findings if f.rule_id == "TASK-01")
    run = _cli("accept", task01.fingerprint, "--reason", "Chủ trì là UBND huyện", "--by", "Hội đồng",
               "--from", str(pair["out1"]), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "planreview.toml").read_text(encoding="utf-8")
    assert task01.fingerprint in text and "Chủ trì là UBND huyện" in text and "[TASK-01]" in text
    assert _cli("accept", "TASK-01:000000000000", "--reason", "x", "--from", str(pair["out1"]),
                cwd=tmp_path).returncode == 2
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(pair["v1"], drafts / "xa.docx")
    run = _cli("batch", str(drafts), "-o", str(tmp_path / "out"), "--no-corpus", "--no-progress", "-j", "1",
               cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "out" / "xa" / "findings.json").read_text(encoding="utf-8"))
    assert "TASK-01" not in {f["rule_id"] for f in data["findings"]}
    assert [a["rule_id"] for a in data["accepted"]] == ["TASK-01"]


# ---------------------------------------------------------------------------------------------- merge

@pytest.fixture(scope="module")
def copies(pair):
    annotated = pair["out1"] / "de-an-cds-v1.annotated.docx"
    folder = pair["folder"]
    a = add_expert_comments(annotated, folder / "chuyen-gia-a.docx", "Nguyễn Văn An", [
        ("Xây dựng Trung tâm giám sát", "Không đồng ý: nhiệm vụ IOC đã giao Văn phòng tại Kế hoạch 45/KH-UBND."),
        ("Điểm mạnh:", "Cần nêu số liệu cụ thể về hạ tầng 4G."),
    ])
    b = add_expert_comments(annotated, folder / "chuyen-gia-b.docx", "Trần Thị Bình", [
        ("Tổng kinh phí dự kiến", "Đề nghị phân kỳ kinh phí theo từng năm."),
        ("Nghị định số 47", "Bổ sung năm ban hành cho đúng quy cách."),  # "Bổ" is not "bỏ"
    ], edit=("lãnh đạo huyện quan tâm chỉ đạo", "lãnh đạo huyện luôn quan tâm, sát sao chỉ đạo"))
    c = add_expert_comments(annotated, folder / "chuyen-gia-c.docx", "Lê Minh Châu", [])
    add_reply(c, "[TASK-06]", "Lê Minh Châu", "Bỏ, nguồn vốn đã nêu tại mục V.")
    return [a, b, c]


def test_merge_keeps_experts_comments_and_records_rejections(pair, copies):
    report = merge_comments(pair["out1"], copies)
    rejected = {r.finding["rule_id"]: [(c.author, c.text) for c in r.by] for r in report.rejected}
    assert set(rejected) == {"TASK-01", "TASK-06"}
    assert rejected["TASK-01"][0][0] == "Nguyễn Văn An" and rejected["TASK-06"][0][0] == "Lê Minh Châu"
    kept = {f["rule_id"] for s in report.sections for f in s.findings}
    assert "TASK-01" not in kept and "TASK-06" not in kept and {"TASK-03", "LEGAL-03"} <= kept
    assert report.kept == len(pair["r1"].findings) - 2
    where = {c.text: (s.title, c.author, c.block) for s in report.sections for c in s.comments}
    assert where["Cần nêu số liệu cụ thể về hạ tầng 4G."][0].startswith("II.")
    # the copy whose text was edited still lands its comments on the right paragraphs
    title, author, block = where["Đề nghị phân kỳ kinh phí theo từng năm."]
    assert title.startswith("V.") and author == "Trần Thị Bình"
    assert pair["r1"].seg.doc.blocks[block - 1].text.startswith("Tổng kinh phí dự kiến")
    assert where["Bổ sung năm ban hành cho đúng quy cách."][0].startswith("I.")
    experts = {(e["author"], e["file"]) for e in report.experts}
    assert ("Nguyễn Văn An", "chuyen-gia-a.docx") in experts and ("Lê Minh Châu", "chuyen-gia-c.docx") in experts


def test_merge_reject_words_are_configurable(pair, copies):
    report = merge_comments(pair["out1"], copies, reject_words=["không đồng ý"])
    assert {r.finding["rule_id"] for r in report.rejected} == {"TASK-01"}  # "Bỏ, …" is now an ordinary comment
    assert any(c.text.startswith("Bỏ,") for s in report.sections for c in s.comments)


def test_merge_cli_writes_the_report_in_three_formats(pair, copies, tmp_path):
    run = _cli("merge", str(pair["out1"]), *map(str, copies), "-o", str(tmp_path), "--no-config")
    assert run.returncode == 0, run.stderr
    md = (tmp_path / "bao-cao-tong-hop.md").read_text(encoding="utf-8")
    assert md.startswith("# BÁO CÁO TỔNG HỢP Ý KIẾN PHẢN BIỆN") and "**Nguyễn Văn An**" in md
    assert "bác bỏ bởi **Lê Minh Châu**" in md
    html = (tmp_path / "bao-cao-tong-hop.html").read_text(encoding="utf-8")
    assert "Trần Thị Bình" in html and 'id="rejected"' in html
    texts = [p.text for p in docx.Document(str(tmp_path / "bao-cao-tong-hop.docx")).paragraphs]
    assert "BÁO CÁO TỔNG HỢP Ý KIẾN PHẢN BIỆN" in texts and any("Nguyễn Văn An" in t for t in texts)
    bad = _cli("merge", str(pair["out1"]), str(ROOT / "samples" / "de-an-cds-bac-ha.txt"), "--no-config")
    assert bad.returncode == 2 and ".docx" in bad.stderr and "Traceback" not in bad.stderr
    with pytest.raises(InputError):
        merge_comments(tmp_path, copies)  # no findings.json there
    other = ROOT / "tests" / "data" / "realistic" / "r02-ke-hoach-huyen-tan-khe-2023.docx"
    # another plan altogether is refused, not merged into the wrong paragraphs (the draft is in the repository)
    bad = _cli("merge", str(pair["out1"]), str(other), "-o", str(tmp_path), "--no-config")
    assert bad.returncode == 2 and "not a copy of the reviewed draft" in bad.stderr
    # the library's writer gives the CLI's three files, byte for byte the same Markdown
    lib = write_merge_report(merge_comments(pair["out1"], copies), tmp_path / "lib")
    assert sorted(p.name for p in lib.values()) == ["bao-cao-tong-hop.docx", "bao-cao-tong-hop.html",
                                                    "bao-cao-tong-hop.md"]
    assert lib["md"].read_text(encoding="utf-8") == md


def test_field_line_and_word_diff():
    assert field_line("Kinh phí", "1.500 triệu đồng", "2.000 triệu đồng") == "Kinh phí: 1.500 → 2.000 triệu đồng"
    assert field_line("Chủ trì", "", NEW_OWNER) == f"Chủ trì: — → {NEW_OWNER}"
    pieces = word_diff("Tổng kinh phí là 8.300 triệu đồng", "Tổng kinh phí là 9.700 triệu đồng")
    assert (-1, "8.300") in pieces and (1, "9.700") in pieces


# ---------------------------------------------------------------------------------------------- web

def test_web_offers_a_revised_draft_and_shows_the_round_two_memo(pair, tmp_path):
    from pipeline.apps.web import create_app

    app = create_app(ReviewOptions(corpus_dir=None), workdir=tmp_path)
    client = app.test_client()

    def wait(url: str) -> dict:
        for _ in range(600):
            status = client.get(url + "/status").get_json()
            if status["state"] in ("done", "error"):
                return status
            time.sleep(0.1)
        raise AssertionError("review did not finish")

    first = client.post("/upload", data={"draft": (io.BytesIO(pair["v1"].read_bytes()), "v1.docx")},
                        content_type="multipart/form-data").headers["Location"]
    assert wait(first)["state"] == "done"
    page = client.get(first).get_data(as_text=True)
    assert 'id="revise-form"' in page and "dự thảo đã sửa" in page
    second = client.post(first + "/revise", data={"draft": (io.BytesIO(pair["v2"].read_bytes()), "v2.docx")},
                         content_type="multipart/form-data")
    assert second.status_code == 303
    status = wait(second.headers["Location"])
    assert status["state"] == "done", status
    memo = client.get(status["outputs"]["memo.html"]).get_data(as_text=True)
    assert "Tình hình tiếp thu ý kiến phản biện" in memo and "Đã tiếp thu: 2" in memo
    assert "redline" in status["outputs"]
    assert "Vòng rà soát tiếp theo" in client.get(second.headers["Location"]).get_data(as_text=True)
    bad = client.post(first + "/revise", data={}, content_type="multipart/form-data")
    assert bad.status_code == 400


def test_revision_edited_in_word_and_bundled_samples(pair, tmp_path):
    """A v2 made by editing the v1 .docx itself (not regenerated), and the README's bundled workflows."""
    from planreview_testing.gen_rounds import revise_in_word

    v2 = revise_in_word(pair["v1"], tmp_path / "v1-sua.docx")
    result = pair["reviewer"].review(v2, previous=pair["out1"])
    statuses = {i.rule_id: i.status for i in result.round.items}
    assert statuses["TASK-01"] == "resolved" and statuses["TASK-03"] == "open"
    # the budget was raised without updating the totals: a new defect the round must show
    assert {i.rule_id for i in result.round.new} == {"TASK-07"}
    # …located at the plan's total in section V (the paragraph that states it)
    total = next(b for b in result.seg.doc.blocks if b.text.startswith("Tổng kinh phí"))
    assert total.location.label().startswith("Mục V · đoạn")
    assert total.location.label() in {i.location for i in result.round.new}
    red = result.round.redline
    lines = sorted(line for t in red.tasks for line in t.field_lines())
    assert lines[1] == "Kinh phí: 800 → 1.500 triệu đồng" and lines[0].startswith("Chủ trì: — → Phòng Văn hóa")
    assert len(lines) == 2
    kinds = {(s.title.split(" — ")[0], c.kind) for s in red.sections for c in s.changes}
    assert ("Mục II > 3", "removed") in kinds and ("Mục II > 2", "added") in kinds
    changed = next(c for s in red.sections for c in s.changes if c.kind == "changed" and "hệ thống" in c.new)
    assert (-1, "cả") in changed.pieces and (1, "toàn bộ") in changed.pieces
    # README: round 2 with the bundled revised sample, merge with the bundled experts' copies
    samples = ROOT / "samples"
    reviewer = pair["reviewer"]
    out = tmp_path / "v1"
    write_outputs(reviewer.review(samples / "de-an-cds-dong-hai.docx"), out)
    revised = reviewer.review(samples / "de-an-cds-dong-hai-sua-doi.docx", previous=out)
    assert {i.rule_id for i in revised.round.resolved} == {"TASK-01", "LEGAL-03"}
    assert {i.rule_id for i in revised.round.new} == {"TASK-02"}
    report = merge_comments(out, sorted((samples / "gop-y").glob("*.docx")))
    assert [(r.finding["rule_id"], r.by[0].author) for r in report.rejected] == [("TASK-01", "Nguyễn Văn An")]
    assert report.total_comments == 4


def test_yaml_config_and_paths_relative_to_it(pair, tmp_path):
    from pipeline.core.project_config import load_config

    (tmp_path / "kb").mkdir()
    shutil.copy(ROOT / "samples" / "kb-thanh-lam.yaml", tmp_path / "kb" / "tinh.yaml")
    (tmp_path / ".planreview.yaml").write_text("kb: [kb/tinh.yaml]\ncorpus: false\nmin_severity: thấp\n",
                                               encoding="utf-8")
    cfg = load_config(tmp_path / ".planreview.yaml")
    assert cfg.kb_files == [(tmp_path / "kb" / "tinh.yaml").resolve()] and cfg.min_severity == "low"
    run = _cli("review", str(pair["v1"]), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    rules = {f["rule_id"] for f in json.loads((tmp_path / "o" / "findings.json").read_text())["findings"]}
    assert "LEGAL-08" not in rules  # the province's documents are known through the config's kb file


REALISTIC = ROOT / "tests" / "data" / "realistic"


@pytest.mark.parametrize("name", ["r02-ke-hoach-huyen-tan-khe-2023.docx", "r03-ke-hoach-huyen-dong-phong-2023.pdf",
                                  "r04-de-an-huyen-yen-ha-2022.txt", "r10-ke-hoach-huyen-hung-lac-2023-tcvn3.docx"])
def test_realistic_draft_against_itself_and_edited_in_word(pair, tmp_path, name):
    """On drafts shaped like real ones (decision forms, bold headings, legacy fonts, PDF): the same draft twice
    is all 'chưa tiếp thu' with an empty redline; a .docx with one paragraph deleted in Word keeps every other
    finding's identity, and an expert's comment on it lands in the right section."""
    path = REALISTIC / name  # in the repository: a missing draft fails, never skips
    reviewer = pair["reviewer"]
    out = tmp_path / "v1"
    first = reviewer.review(path)
    write_outputs(first, out)
    again = reviewer.review(path, previous=out).round
    assert again.counts() == {"resolved": 0, "open": len(first.findings), "new": 0, "accepted": 0}
    assert again.redline.empty
    if path.suffix != ".docx":
        return
    document = docx.Document(str(path))
    body = [p for p in document.paragraphs if len(p.text) > 80]
    victim = body[len(body) // 2]
    victim._p.getparent().remove(victim._p)
    v2 = tmp_path / f"{path.stem}-sua.docx"
    document.save(str(v2))
    result = reviewer.review(v2, previous=out)
    red = result.round.redline.counts()
    assert (red["removed"], red["added"], red["changed"]) == (1, 0, 0)
    quoted = [f for f in first.findings if f.evidence and f.evidence not in victim.text]
    assert {f.fingerprint for f in quoted} <= {f.fingerprint for f in result.findings}
    target = body[len(body) * 3 // 4]
    copy = add_expert_comments(out / f"{path.stem}.annotated.docx", tmp_path / "cg.docx", "Phạm Thu Hà",
                               [(target.text, "Cần làm rõ.")], edit=(victim.text[:30], "Đã sửa: "))
    report = merge_comments(out, [copy])
    [(section, comment)] = [(s, c) for s in report.sections for c in s.comments]
    from docx.table import Table as DocxTable

    from pipeline.ingest.docx import read_docx

    refs: list = []
    read_docx(docx.Document(str(path)), DocxTable, refs)
    expected = next(j for j, r in enumerate(refs) if r is not None and r.text == target.text) + 1
    assert comment.block == expected and comment.author == "Phạm Thu Hà"
    assert section.key == first.seg.doc.blocks[expected - 1].location.section.split(" > ")[0]
