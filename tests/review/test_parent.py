"""Issue 34: a commune plan reviewed against the plan above (--parent). Expected values come from the planted
truth of tests/data/parent/ (planreview_testing/gen_parent.py), never from the code under test."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest
import yaml

from pipeline.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "parent"
PARENT = DATA / "p00-ke-hoach-tinh-ninh-lac-2026.docx"
AREA = "Cụ thể hóa kế hoạch cấp trên"


def _truth(stem: str) -> dict:
    return yaml.safe_load((DATA / f"{stem}.truth.yaml").read_text(encoding="utf-8"))


def _draft(code: str) -> Path:
    return next(DATA.glob(f"{code}-*.docx"))


@pytest.fixture(scope="module")
def parent_reviewer(_isolated_cache):
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    return Reviewer(ReviewOptions(corpus_dir=None, parent=PARENT))


@pytest.mark.parametrize("code", ["c02", "c05", "c06"])  # some taken up (table), many own tasks, prose tasks
def test_each_assignment_taken_up_or_not_as_planted(parent_reviewer, code):
    draft = _draft(code)
    truth = _truth(draft.stem)
    result = parent_reviewer.review(draft)
    pairs = {p.assignment.task.text: p for p in result.parent.tasks}
    assert len(pairs) == len(truth["tasks"])  # exactly the province's tasks for the commune level
    for t in truth["tasks"]:
        pair = pairs[t["parent_task"]]
        assert pair.status == t["status"], t["key"]
        assert pair.assignment.role == t["role"], t["key"]
        if t["status"] == "taken_up":
            assert t["draft_task"] in pair.draft.text and pair.score >= result.parent.threshold
    flagged = [f for f in result.findings if f.rule_id == "PARENT-01"]
    assert sorted(f.evidence for f in flagged) == sorted(t["parent_task"] for t in truth["tasks"]
                                                         if t["status"] == "not_taken_up")
    for f in flagged:  # severity follows the parent's wording: chủ trì above phối hợp
        role = next(t["role"] for t in truth["tasks"] if t["parent_task"] == f.evidence)
        assert f.severity == ("medium" if role == "chu_tri" else "low")


def test_own_extra_tasks_are_never_flagged_nor_taken_for_the_province(parent_reviewer):
    draft = _draft("c03")  # none of the province's tasks, seven own ones sharing its words
    truth = _truth(draft.stem)
    result = parent_reviewer.review(draft)
    assert all(p.draft is None for p in result.parent.tasks)
    texts = [f.evidence + f.message for f in result.findings if f.rule_id.startswith("PARENT")]
    for extra in truth["extras"]:
        assert not any(extra in x for x in texts)
    assert len([f for f in result.findings if f.rule_id == "PARENT-01"]) == len(truth["tasks"]) == 14


@pytest.mark.parametrize("code", ["c02", "c04", "c05"])
def test_targets_lower_later_missing_as_planted(parent_reviewer, code):
    draft = _draft(code)
    truth = _truth(draft.stem)
    result = parent_reviewer.review(draft)
    got = {p.parent.text.rstrip("."): p for p in result.parent.targets}
    assert len(got) == len(truth["targets"]) == 5  # the province-wide and province-level targets do not apply
    for t in truth["targets"]:
        pair = got[t["parent_target"].rstrip(".")]
        assert pair.status == t["status"], t["key"]
        if "draft_value" in t:
            assert (pair.draft.value, pair.draft.deadline) == (t["draft_value"], t["draft_year"])
    findings = [f for f in result.findings if f.rule_id == "PARENT-02"]
    assert len(findings) == sum(t["status"] != "ok" for t in truth["targets"])
    for f in findings:  # the parent's figure and year are named
        said = f.details["parent_target"].rstrip(".")
        t = next(t for t in truth["targets"] if t["parent_target"].rstrip(".") == said)
        assert f"{t['parent_value']:g}%" in f.message and str(t["parent_year"]) in f.message


def test_outputs_carry_the_pairs(tmp_path):
    draft = _draft("c02")
    truth = _truth(draft.stem)
    out = tmp_path / "out"
    assert main(["review", str(draft), "--parent", str(PARENT), "-o", str(out), "--no-corpus"]) == 0
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8")))
    taken = [t for t in truth["tasks"] if t["status"] == "taken_up"]
    assert data["parent"]["number"] == "215/KH-UBND" and data["parent"]["chosen"] == "option"
    assert data["parent"]["counts"]["taken_up"] == len(taken) == 8
    assert AREA not in data["summary"]["not_checked"]
    memo = (out / "memo.md").read_text(encoding="utf-8")
    section = memo[memo.index("Việc cụ thể hóa kế hoạch cấp trên"):]
    assert "| Nhiệm vụ cấp trên giao |" in section and "dự thảo đã cụ thể hóa 8, chưa cụ thể hóa 6" in section
    for t in taken:
        assert t["draft_task"] in section
    assert "Việc cụ thể hóa kế hoạch cấp trên" in (out / "memo.html").read_text(encoding="utf-8")
    memo_docx = docx.Document(str(out / "memo.docx"))
    cells = [c.text for tb in memo_docx.tables for r in tb.rows for c in r.cells]
    assert any(t["draft_task"] in c for t in taken for c in cells)
    comments = [c.text for c in docx.Document(str(out / f"{draft.stem}.annotated.docx")).comments]
    assert len([c for c in comments if c.startswith("[Kế hoạch cấp trên]")]) == len(taken)


def test_without_a_parent_the_check_is_not_checked_never_passed(tmp_path):
    out = tmp_path / "out"
    assert main(["review", str(_draft("c03")), "-o", str(out), "--no-corpus"]) == 0
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert "--parent" in data["summary"]["not_checked"][AREA] and AREA not in data["summary"]["scores"]
    assert "parent" not in data and not [f for f in data["findings"] if f["rule_id"].startswith("PARENT")]
    memo = (out / "memo.md").read_text(encoding="utf-8")
    section = memo[memo.index("Việc cụ thể hóa kế hoạch cấp trên"):memo.index("## IV.")]
    assert "Chưa kiểm tra" in section and "Không phát hiện vấn đề" not in section


@pytest.mark.parametrize("make, vi, en", [
    (lambda d: d / "nowhere.docx", "Không tìm thấy kế hoạch cấp trên", "Parent plan not found"),
    (lambda d: _write(d / "broken.docx", b"not a zip"), "Kế hoạch cấp trên broken.docx", "Parent plan broken.docx"),
    (lambda d: _write(d / "letter.txt", "Kính gửi UBND các xã.\nĐề nghị báo cáo trước ngày 10/12.\n".encode()),
     "không phải một kế hoạch", "is not a plan"),
])
def test_a_parent_that_cannot_be_read_is_one_bilingual_line_exit_2(tmp_path, capsys, make, vi, en):
    out = tmp_path / "out"
    code = main(["review", str(_draft("c01")), "--parent", str(make(tmp_path)), "-o", str(out), "--no-corpus"])
    err = capsys.readouterr().err
    assert code == 2 and vi in err and en in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()


def test_the_draft_itself_is_no_parent(tmp_path, capsys):
    draft = _draft("c01")
    assert main(["review", str(draft), "--parent", str(draft), "-o", str(tmp_path / "o"), "--no-corpus"]) == 2
    assert "The parent plan is the draft itself" in capsys.readouterr().err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_parent_from_the_store_by_id_and_by_the_draft_citing_it(tmp_path, capsys):
    store = tmp_path / "store.sqlite"
    assert main(["corpus", "add", str(PARENT), "--store", str(store), "--no-progress"]) == 0
    draft = _draft("c02")  # its bases cite "Kế hoạch số 215/KH-UBND … về chuyển đổi số tỉnh Ninh Lạc …"
    for extra, chosen in ((["--parent", "1"], "option"), ([], "cited")):
        out = tmp_path / chosen
        assert main(["review", str(draft), "--store", str(store), "-o", str(out), *extra]) == 0
        data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        assert data["parent"]["chosen"] == chosen and data["parent"]["path"] == str(PARENT.resolve())
        assert data["parent"]["counts"]["taken_up"] == 8
    assert "dự thảo trích dẫn kế hoạch này" in (tmp_path / "cited" / "memo.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["review", str(draft), "--store", str(store), "--parent", "99", "-o", str(tmp_path / "x")]) == 2
    assert "Parent plan not found: 99" in capsys.readouterr().err


def test_batch_table_of_assignments_by_commune(tmp_path):
    folder = tmp_path / "communes"
    folder.mkdir()
    for f in DATA.glob("*.docx"):  # the province's plan in the same folder is no draft of the batch
        (folder / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--parent", str(folder / PARENT.name), "-o", str(out), "--no-corpus",
                 "-j", "1", "--no-progress"]) == 0
    truths = [_truth(p.stem) for p in sorted(DATA.glob("c*.docx"))]
    rows = (out / "parent.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].count(".docx") == 6 and PARENT.name not in rows[0]
    for t in truths[0]["tasks"]:
        line = next(r for r in rows if t["parent_task"] in r)
        taken = sum(1 for tr in truths for x in tr["tasks"] if x["key"] == t["key"] and x["status"] == "taken_up")
        assert line.endswith(f"{taken}/6")
    assert "parent.html" in (out / "summary.html").read_text(encoding="utf-8")
    assert "Việc cụ thể hóa kế hoạch cấp trên" in (out / "parent.html").read_text(encoding="utf-8")


def test_the_parent_is_read_once_then_from_the_cache_and_a_damaged_cache_is_read_again(_isolated_cache):
    from pipeline.core.user_cache import cache_root
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    folder = cache_root() / "parents"
    for f in folder.glob("*.pickle"):
        f.unlink()
    first = Reviewer(ReviewOptions(corpus_dir=None, parent=PARENT)).review(_draft("c02")).parent.counts()
    cached = list(folder.glob("*.pickle"))
    assert len(cached) == 1
    cached[0].write_bytes(b"damaged")
    again = Reviewer(ReviewOptions(corpus_dir=None, parent=PARENT)).review(_draft("c02")).parent.counts()
    assert again == first and first["taken_up"] == 8
    assert cached[0].read_bytes() != b"damaged"  # written again


def test_the_cited_plan_is_found_among_many_and_never_from_a_stale_index(tmp_path, _isolated_cache):
    """The store's names and titles are looked up through an index kept per store version (parent.py
    _CitedIndex): a plan added or removed is seen by the next review."""
    from pipeline.core.model import Location
    from pipeline.corpus.store import CorpusStore, Passage
    from pipeline.review.parent import cited_in_store
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    store = tmp_path / "store.sqlite"
    s = CorpusStore(store)  # 300 other plans, none cited by the draft
    for k in range(300):
        name = f"ke-hoach-{k + 1000}-kh-ubnd-xa-{k}.txt"
        s.add_passages(name, str(tmp_path / name), f"sha-{k}", f"Kế hoạch chuyển đổi số xã Mẫu {k} năm 2026",
                       [Passage(name, name, "paragraph", "Nội dung mẫu.", Location(paragraph=1))])
    s.close()
    reviewer = Reviewer(ReviewOptions(corpus_dir=None, store_path=store))
    citations = reviewer.review(_draft("c02")).citations
    assert cited_in_store(citations, store, _draft("c02")) is None
    assert main(["corpus", "add", str(PARENT), "--store", str(store), "--no-progress"]) == 0
    assert cited_in_store(citations, store, _draft("c02")) == PARENT.resolve()
    assert main(["corpus", "remove", PARENT.name, "--store", str(store)]) == 0
    assert cited_in_store(citations, store, _draft("c02")) is None


def test_the_cited_index_finds_a_number_in_names_and_a_title_in_the_citation():
    from pipeline.corpus.store import StoredDocument
    from pipeline.review.parent import _CitedIndex, _words

    docs = [StoredDocument(k + 1, name, f"/plans/{name}", f"sha{k}", title, "2026-01-01", 1) for k, (name, title) in
            enumerate([("kh-12-ubnd-xa-a.docx", "Kế hoạch cải cách hành chính xã A năm 2026"),
                       ("ke-hoach-215-kh-ubnd-2026.docx", "KẾ HOẠCH Chuyển đổi số tỉnh Ninh Lạc năm 2026"),
                       ("de-an-7.pdf", "Đề án chuyển đổi số tỉnh Ninh Lạc năm 2026"),
                       ("thong-bao.txt", "Thông báo")])]
    index = _CitedIndex.build(docs)
    assert index.holding("215-kh-ubnd", "") == [1]
    assert index.holding("", _words("Kế hoạch số 9/KH-UBND về chuyển đổi số tỉnh Ninh Lạc năm 2026 của UBND")) == [1, 2]
    assert index.holding("99-kh-ubnd", _words("Kế hoạch số 99/KH-UBND về chuyển đổi số")) == []
