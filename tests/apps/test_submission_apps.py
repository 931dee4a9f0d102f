"""One submission, many files, from the command line, in batch and on the web page (issue 36)."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest

from pipeline.apps.cli import main
from pipeline.apps.web import create_app
from pipeline.review.reviewer import ReviewOptions
from planreview_testing.gen_submissions import submissions, write_submission

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    spec = next(s for s in submissions() if s.slug.startswith("01-"))
    folder = tmp_path_factory.mktemp("in") / spec.slug
    return folder, write_submission(spec, folder)


def _workbook(truth):
    return next(f["name"] for f in truth["files"] if f["name"].endswith(".xlsx"))


def test_review_with_appendix_writes_one_memo_and_both_annotated_copies(commune, tmp_path, capsys):
    folder, truth = commune
    out = tmp_path / "out"
    book = _workbook(truth)
    assert main(["review", str(folder / truth["plan"]), "--appendix", str(folder / book), "-o", str(out),
                 "--no-corpus"]) == 0
    assert "10 nhiệm vụ" in capsys.readouterr().out
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8")))
    assert [f["role"] for f in data["document"]["files"]] == ["plan", "appendix"]
    assert len(data["tasks"]) == len(truth["tasks"])
    memo = (out / "memo.md").read_text(encoding="utf-8")
    assert "| Hồ sơ gồm |" in memo and f"{book} (Phụ lục I — DANH MỤC NHIỆM VỤ" in memo
    annotated = openpyxl.load_workbook(out / book.replace(".xlsx", ".annotated.xlsx"))
    comments = {(ws.title, c.coordinate): c.comment.text for ws in annotated.worksheets for row in ws.iter_rows()
                for c in row if c.comment}
    no_owner = next(t for t in truth["tasks"] if t["owner"] == "")
    assert "[TASK-01]" in comments[(no_owner["sheet"], f"C{no_owner['row']}")]
    no_source = next(t for t in truth["tasks"] if t["source"] == "")
    assert "[TASK-06]" in comments[(no_source["sheet"], f"G{no_source['row']}")]
    assert any("[TASK-07]" in text and cell.startswith("F") for (_, cell), text in comments.items())
    assert annotated.worksheets[0].column_dimensions["I"].hidden  # the office's hidden column stays hidden
    plan_copy = docx.Document(out / truth["plan"].replace(".docx", ".annotated.docx"))
    plan_comments = " ".join(c.text for c in plan_copy.comments)
    assert "[TASK-01]" not in plan_comments  # a finding about the workbook is commented in the workbook only
    assert (folder / book).read_bytes()[:2] == b"PK" and not (folder / "out").exists()


@pytest.mark.parametrize(("extra", "words"), [
    (["--appendix", "missing.xlsx"], "File not found"),
    (["second.docx", "--appendix", "PL.xlsx"], "exactly one draft"),
])
def test_bad_appendix_arguments_are_one_line_errors(commune, tmp_path, capsys, extra, words):
    folder, truth = commune
    (tmp_path / "second.docx").write_bytes((folder / truth["plan"]).read_bytes())
    extra = [str(tmp_path / e) if e.endswith((".xlsx", ".docx")) else e for e in extra]
    assert main(["review", str(folder / truth["plan"]), *extra, "-o", str(tmp_path / "o"), "--no-corpus"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_batch_reviews_a_sub_folder_as_one_draft(commune, tmp_path):
    folder, truth = commune
    root = folder.parent
    out = tmp_path / "batch"
    assert main(["batch", str(root), "-o", str(out), "--no-corpus", "-j", "1", "--no-progress"]) == 0
    rows = list(csv.reader((out / "summary.csv").open(encoding="utf-8-sig")))
    assert [r[0] for r in rows[1:]] == [f"{folder.name}/{truth['plan']}"]
    (result,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert (result / _workbook(truth).replace(".xlsx", ".annotated.xlsx")).is_file()


def test_web_page_takes_several_files_as_one_submission(commune, tmp_path):
    folder, truth = commune
    app = create_app(ReviewOptions(corpus_dir=None), workdir=tmp_path / "web", max_mb=5)
    app.config["TESTING"] = True
    client = app.test_client()
    assert 'multiple' in client.get("/").get_data(as_text=True)
    book = _workbook(truth)
    files = [(io.BytesIO((folder / book).read_bytes()), book),
             (io.BytesIO((folder / truth["plan"]).read_bytes()), truth["plan"])]
    response = client.post("/upload", data={"draft": files}, content_type="multipart/form-data")
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert "(+1 phụ lục)" in client.get(job_url).get_data(as_text=True)
    for _ in range(600):
        status = client.get(job_url + "/status").get_json()
        if status["state"] in ("done", "error"):
            break
        time.sleep(0.1)
    assert status["state"] == "done", status
    annotated = book.replace(".xlsx", ".annotated.xlsx")
    assert annotated in status["outputs"] and "annotated" in status["outputs"]
    findings = json.loads(client.get(status["outputs"]["findings.json"]).data)
    assert len(findings["tasks"]) == len(truth["tasks"])
    assert client.get(status["outputs"][annotated]).data[:2] == b"PK"


def test_batch_recognises_an_appendix_by_its_first_lines(tmp_path):
    from pipeline.apps.batch import find_submissions

    spec = next(s for s in submissions() if s.layout == "docx" and s.clean)
    source = tmp_path / "src"
    truth = write_submission(spec, source)
    folder = tmp_path / "in" / "phuong"
    folder.mkdir(parents=True)
    appendix = next(f["name"] for f in truth["files"] if f["role"] == "appendix")
    (folder / "van-ban-1.docx").write_bytes((source / truth["plan"]).read_bytes())
    (folder / "bang-tong-hop.docx").write_bytes((source / appendix).read_bytes())  # a name that says nothing
    (tmp_path / "in" / "rieng.docx").write_bytes((source / truth["plan"]).read_bytes())  # top level: on its own
    assert find_submissions(tmp_path / "in") == [(folder / "van-ban-1.docx", [folder / "bang-tong-hop.docx"]),
                                                 (tmp_path / "in" / "rieng.docx", [])]
