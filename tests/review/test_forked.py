"""The corpus comparison on the second core (forked.py): same result as in one process, and a child that
fails or dies never changes the result or loses an error."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from pipeline.core.forked import ForkedCall, can_fork
from pipeline.review.reviewer import Reviewer, ReviewOptions

ROOT = Path(__file__).resolve().parents[2]
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork, 2 cores")


@pytest.fixture(autouse=True)
def _forks_allowed(request, monkeypatch):
    """Other tests leave daemon threads behind (servers, progress monitors); these tests fork functions that
    take no lock, so the fork is allowed whatever runs beside them — except in the test of that rule."""
    monkeypatch.setattr("pipeline.core.forked.idle_core", lambda: True)  # (a busy CI machine must not skip them)
    if "threads" not in request.node.name:
        monkeypatch.setattr("pipeline.core.forked.other_threads", lambda: 0)


@needs_fork
def test_the_function_runs_in_a_child_and_its_value_comes_back():
    parent = os.getpid()
    prepared = []
    call = ForkedCall(lambda text: {"pid": os.getpid(), "text": text, "prepared": prepared},
                      prepare=lambda: prepared.append(os.getpid()))
    call.send("Kế hoạch số 12/KH-UBND" * 50_000)  # far larger than a pipe's buffer, sent while it prepares
    value = call.result()
    assert value["pid"] != parent  # computed in the child
    assert value["prepared"] == [value["pid"]]  # which prepared first
    assert value["text"] == "Kế hoạch số 12/KH-UBND" * 50_000
    assert prepared == []  # nothing was prepared here


@needs_fork
def test_a_failing_child_leaves_the_error_to_this_process():
    calls = []

    def broken(_arg):
        calls.append(os.getpid())  # (the child's list is its own copy)
        raise ValueError("bảng nhiệm vụ hỏng")

    call = ForkedCall(broken)
    call.send(1)
    with pytest.raises(ValueError, match="bảng nhiệm vụ hỏng"):
        call.result()
    assert calls == [os.getpid()]  # raised here, by running it here


@needs_fork
def test_a_child_that_dies_is_replaced_by_running_here():
    parent = os.getpid()

    def dies_in_child(arg):
        if os.getpid() != parent:
            os._exit(3)  # killed mid-way (out of memory, a signal)
        return f"computed here: {arg}"

    call = ForkedCall(dies_in_child)
    call.send("kế hoạch")
    assert call.result() == "computed here: kế hoạch"


def test_an_argument_that_cannot_travel_is_computed_here():
    call = ForkedCall(lambda arg: arg(), use_fork=True)
    call.send(lambda: os.getpid())  # a lambda cannot be pickled
    assert call.result() == os.getpid()


@needs_fork
def test_discard_stops_the_child():
    import time

    call = ForkedCall(lambda _arg: None, prepare=lambda: time.sleep(30))
    pid = call._pid
    assert pid
    started = time.perf_counter()
    call.discard()
    assert time.perf_counter() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


def _computed_here() -> bool:
    call = ForkedCall(lambda _arg: os.getpid())
    call.send(None)
    return call.result() == os.getpid()


def test_no_fork_when_switched_off(monkeypatch):
    monkeypatch.setattr("pipeline.core.forked.other_threads", lambda: 0)
    monkeypatch.setenv("PLANREVIEW_NO_FORK", "1")
    assert not can_fork() and _computed_here()


def test_no_fork_when_every_core_is_busy(monkeypatch):
    import builtins
    import io

    monkeypatch.undo()  # the real idle_core, which reads /proc/loadavg (or the load average)
    monkeypatch.setattr("pipeline.core.forked.other_threads", lambda: 0)
    cores = os.cpu_count() or 1
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: io.StringIO(f"2.00 1.50 1.00 {cores}/321 4242\n")
                        if f == "/proc/loadavg" else real_open(f, *a, **k))
    monkeypatch.setattr("pipeline.core.forked.os.getloadavg", lambda: (float(cores), 0.0, 0.0))
    assert not can_fork() and _computed_here()


def test_no_fork_with_other_threads():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_fork()  # a fork would copy the other thread's locks
        assert _computed_here()
    finally:
        stop.set()
        worker.join()


def _docx_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


@needs_fork
@pytest.mark.parametrize("sample", ["de-an-cds-dong-hai.docx", "de-an-cds-tay-son.pdf", "de-an-cds-bac-ha.txt"])
def test_parallel_review_gives_the_same_findings(sample):
    draft = ROOT / "samples" / sample
    alone = Reviewer().review(draft)
    parallel = Reviewer(ReviewOptions(parallel=True)).review(draft)
    assert "compare_wait" in parallel.timings
    assert [f.to_dict() for f in parallel.findings] == [f.to_dict() for f in alone.findings]
    assert [(d.draft_text, d.source_doc, d.score) for d in parallel.duplicates] == [
        (d.draft_text, d.source_doc, d.score) for d in alone.duplicates]
    assert parallel.score == alone.score


def _docx_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


@needs_fork
@pytest.mark.parametrize("sample", ["de-an-cds-dong-hai.docx", "de-an-cds-tay-son.pdf", "de-an-cds-bac-ha.txt"])
def test_outputs_written_on_two_cores_are_the_same(tmp_path, sample):
    """tasks.xlsx and the annotated copy (for a .txt draft, which has none, memo.docx alone) come from a forked
    child, or memo.docx from a side forked ahead (the CLI's, fork_memo_docx_side); every file is there and says
    the same."""
    from pipeline.render.writers import fork_memo_docx_side, write_outputs

    result = Reviewer().review(ROOT / "samples" / sample)
    one = write_outputs(result, tmp_path / "one")
    two = write_outputs(result, tmp_path / "two", parallel=True)
    _same_outputs(sample, one, two)
    side = fork_memo_docx_side()
    assert side._pid
    three = write_outputs(result, tmp_path / "three", parallel=True, docx_side=side)
    assert side._pid == 0  # its memo taken, the child waited for
    _same_outputs(sample, one, three)


def _same_outputs(sample: str, one: dict[str, Path], two: dict[str, Path]) -> None:
    import json
    import zipfile

    from openpyxl import load_workbook

    assert sorted(p.name for p in one.values()) == sorted(p.name for p in two.values())
    assert sample.endswith(".txt") or any(p.name.endswith(".annotated" + Path(sample).suffix) for p in two.values())
    first, second = one["md"].parent, two["md"].parent
    assert _docx_text(first / "memo.docx") == _docx_text(second / "memo.docx")
    for name in ("memo.md", "memo.html", "tasks.csv"):
        assert (first / name).read_text(encoding="utf-8") == (second / name).read_text(
            encoding="utf-8")
    assert json.loads((first / "findings.json").read_text(encoding="utf-8"))["findings"] == json.loads(
        (second / "findings.json").read_text(encoding="utf-8"))["findings"]

    def cells(folder):
        return [list(row) for ws in load_workbook(folder / "tasks.xlsx").worksheets
                for row in ws.iter_rows(values_only=True)]

    assert cells(first) == cells(second)
    annotated = Path(sample).stem + ".annotated" + Path(sample).suffix
    if sample.endswith(".txt"):
        return
    if sample.endswith(".docx"):
        def comments(folder):
            with zipfile.ZipFile(folder / annotated) as z:  # (each comment's time stamp left out)
                return re.sub(rb'w:date="[^"]*"', b"", z.read("word/comments.xml"))

        assert comments(first) == comments(second)
    else:
        from pypdf import PdfReader

        def notes(folder):
            return [(i, str(a.get_object().get("/Subtype")), str(a.get_object().get("/Contents")))
                    for i, page in enumerate(PdfReader(folder / annotated).pages)
                    for a in page.get("/Annots") or []]

        assert notes(first) == notes(second) and notes(second)


@needs_fork
@pytest.mark.parametrize("name", ["tests/data/realistic/r03-ke-hoach-huyen-dong-phong-2023.pdf",
                                  "tests/data/realistic/r14-de-an-huyen-son-phu-2021.pdf"])
def test_pdf_table_pages_read_on_two_cores_give_the_same_document(name, monkeypatch):
    """Every other page is read in a forked child (from pdf.FORK_PAGES pages, here lowered to 2); tables that
    run on across those pages are joined as before."""
    from pipeline.ingest import pdf as pdf_reader
    from pipeline.ingest.read import parse_file

    monkeypatch.setattr(pdf_reader, "FORK_PAGES", 2)
    alone, parallel = parse_file(ROOT / name), parse_file(ROOT / name, parallel=True)
    assert [(b.kind, b.text, b.location.label()) for b in parallel.blocks] == [
        (b.kind, b.text, b.location.label()) for b in alone.blocks]
    assert [t.rows for t in parallel.tables] == [t.rows for t in alone.tables]
    assert alone.tables and max(len(t.rows) for t in alone.tables) > 3


@needs_fork
def test_meanwhile_runs_only_while_the_child_works():
    import time

    done: list[str] = []
    slow = ForkedCall(lambda arg: arg * 2, prepare=lambda: time.sleep(0.5))
    slow.send(21)
    assert slow.result(meanwhile=lambda: done.append("imports")) == 42
    assert done == ["imports"]
    quick = ForkedCall(lambda arg: arg * 2)
    quick.send(5)
    time.sleep(1.0)  # the child has finished
    assert quick.result(meanwhile=lambda: done.append("again")) == 10
    assert done == ["imports"]


@needs_fork
def test_corpus_files_skipped_in_the_child_are_reported_by_the_parent(tmp_path, monkeypatch):
    """With ``parallel`` the corpus folder is read in the forked child; the files it could not read still reach
    the parent (the CLI prints "kho đề án: bỏ qua N tệp")."""
    monkeypatch.setenv("PLANREVIEW_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ke-hoach-cu.txt").write_text((ROOT / "corpora" / "de-an-cds-huyen-bac-son-2022.txt")
                                            .read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "hong.docx").write_bytes(b"not a zip")
    reviewer = Reviewer(ReviewOptions(corpus_dir=corpus, parallel=True))
    reviewer.review(ROOT / "samples" / "de-an-cds-bac-ha.txt")
    assert [s.split(":")[0] for s in reviewer.corpus_skipped] == ["hong.docx"]


@needs_fork
def test_prepare_knows_whether_the_argument_has_come():
    """What the child only loads while it waits (the comparison's word segmenter) is left to the computation once
    the argument is there: a one-page draft's passages arrive before the matcher is loaded."""
    import time

    from pipeline.core.forked import argument_arrived

    seen: list[bool] = []

    def prepare(wait: float) -> None:
        time.sleep(wait)
        seen.append(argument_arrived())

    early = ForkedCall(lambda _arg: list(seen), prepare=lambda: prepare(0.0))
    time.sleep(0.5)  # the child prepared long before the argument comes
    early.send("passages")
    late = ForkedCall(lambda _arg: list(seen), prepare=lambda: prepare(1.0))
    late.send("passages")  # here at once, while the child still prepares
    assert early.result() == [False]
    assert late.result() == [True]
    assert argument_arrived()  # outside a child's preparation: nothing to wait for


@needs_fork
def test_a_review_s_own_busy_child_is_not_counted_as_other_work():
    """The comparing side, busy loading the matcher while the draft is parsed, is the same review's work: it does
    not count against the free core the page reading's own side needs (idle_core)."""
    import time

    from pipeline.core import forked

    def spin() -> None:
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            pass

    call = ForkedCall(lambda _arg: "done", prepare=spin)
    time.sleep(0.3)
    assert forked._own_running() == 1  # running or ready to run ("R"), and ours
    call.send(None)
    assert call.result() == "done"
    assert forked._own_running() == 0 and not forked._CHILDREN


@needs_fork
def test_a_childs_busy_tasks_are_its_own_too():
    """/proc/loadavg counts threads: a comparing side whose numpy started BLAS threads is still the review's own
    work (before: one busy thread of it kept the 500-page PDF's page reading from forking)."""
    import threading
    import time

    from pipeline.core import forked

    def spin_in_two_threads() -> None:
        import hashlib

        block = bytes(4 << 20)

        def spin() -> None:  # hashing a large buffer releases the GIL, as BLAS threads run without it
            end = time.perf_counter() + 1.0
            while time.perf_counter() < end:
                hashlib.sha256(block).digest()

        other = threading.Thread(target=spin)
        other.start()
        spin()
        other.join()

    call = ForkedCall(lambda _arg: "done", prepare=spin_in_two_threads)
    time.sleep(0.3)
    assert forked._own_running() >= 2  # both threads ready to run (on a busy machine one may wait: still "R")
    call.send(None)
    assert call.result() == "done"


@needs_fork
@pytest.mark.parametrize("sample", ["de-an-cds-dong-hai.docx", "de-an-cds-bac-ha.txt"])
def test_a_child_forked_before_the_reviewer_compares_the_same(sample):
    """The CLI forks the comparing child before it imports the review (early_child.py); adopted, it compares
    the draft as the child the review forks itself would."""
    from pipeline.review.early_child import fork_comparing_child

    draft = ROOT / "samples" / sample
    alone = Reviewer().review(draft)
    early = fork_comparing_child()
    assert early._pid  # a child is running
    reviewer = Reviewer(ReviewOptions(parallel=True))
    reviewer.comparison.adopt(early)
    adopted = reviewer.review(draft)
    assert early._pid == 0  # its result was taken, the child waited for
    assert [f.to_dict() for f in adopted.findings] == [f.to_dict() for f in alone.findings]
    assert [(d.draft_text, d.source_doc, d.score) for d in adopted.duplicates] == [
        (d.draft_text, d.source_doc, d.score) for d in alone.duplicates]
    assert len(alone.duplicates) == (1 if "dong-hai" in sample else 0)  # (the sample copies one corpus passage)


@needs_fork
def test_a_child_is_stopped_when_there_is_nothing_to_compare():
    from pipeline.review.early_child import fork_comparing_child

    early = fork_comparing_child()
    pid = early._pid
    Reviewer(ReviewOptions(parallel=True, corpus_dir=None)).comparison.adopt(early)
    assert pid and early._pid == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped, not left behind


def test_what_the_early_child_receives_imports_none_of_the_review():
    """Unpickling a rule set or the review's options would import the whole review in the child forked to save
    those imports: it receives plain data (ComparisonSpec) and the passages."""
    import pickle
    import subprocess
    import sys

    from pipeline.core.model import Location
    from pipeline.corpus.store import Passage

    class Child:  # records what the adopted child is sent
        def send(self, arg):
            self.arg = arg

    child = Child()
    reviewer = Reviewer(ReviewOptions(parallel=True))
    reviewer.comparison.adopt(child)
    reviewer.comparison.start().send(([Passage("d.txt", "d", "paragraph", "Một đoạn.", Location(paragraph=1))], "d"))
    job = pickle.dumps(child.arg)
    heavy = ("pipeline.review.reviewer", "pipeline.analyse.segment", "pipeline.rules", "pipeline.checks")
    code = ("import pickle, sys; import pipeline.review.comparison; pickle.loads(sys.stdin.buffer.read()); "
            f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    out = subprocess.run([sys.executable, "-c", code], input=job, capture_output=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.decode().strip() == "[]"


@needs_fork
@pytest.mark.parametrize("words", [["--bogus"], ["MISSING"], ["TWO"], ["ONE"]])
def test_the_child_the_cli_forks_on_its_first_words_is_never_left_behind(tmp_path, monkeypatch, words):
    """``planreview review …`` forks the comparing child before it parses the command line (cli.py,
    _early_comparing_child): a parse error, a draft that is not there, several drafts stop it; one draft adopts it.
    None of them leaves a child running or unreaped."""
    from pipeline.apps import cli
    from pipeline.core import forked
    from pipeline.review import early_child

    forked_here: list[tuple[ForkedCall, int]] = []

    def recorded() -> ForkedCall:
        call = fork_comparing_child()
        forked_here.append((call, call._pid))
        return call

    fork_comparing_child = early_child.fork_comparing_child
    monkeypatch.setattr(early_child, "fork_comparing_child", recorded)
    sample = ROOT / "samples" / "de-an-cds-bac-ha.txt"
    drafts = {"--bogus": ["--bogus", str(sample)], "MISSING": [str(tmp_path / "khong-co.txt")],
              "TWO": [str(sample), str(ROOT / "samples" / "de-an-cds-dong-hai.docx")],
              "ONE": [str(sample)]}[words[0]]
    try:
        code = cli.main(["review", *drafts, "-o", str(tmp_path / "out")])
    except SystemExit as exit_:  # argparse's own exit on an unknown option
        code = exit_.code
    assert code == {"--bogus": 2, "MISSING": 2, "TWO": 0, "ONE": 0}[words[0]]
    [(call, pid)] = forked_here
    assert pid and call._pid == 0  # forked, then adopted or stopped
    assert not forked._CHILDREN
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped, not left behind


def test_no_child_is_forked_for_help_or_without_a_corpus(monkeypatch):
    from pipeline.apps import cli
    from pipeline.review import early_child

    monkeypatch.setattr(early_child, "fork_comparing_child", lambda: pytest.fail("forked"))
    assert cli._early_comparing_child(["review", "--help"]) is None
    assert cli._early_comparing_child(["review", "a.docx", "--no-corpus"]) is None
    assert cli._early_comparing_child(["batch", "drafts/"]) is None


@needs_fork
def test_the_memo_docx_side_is_stopped_when_the_review_fails(tmp_path, monkeypatch):
    """With no comparing child (--no-corpus) the CLI forks memo.docx's side once the draft is read; a review that
    fails after that stops it and leaves no child behind. (A draft that cannot be read forks none.)"""
    from pipeline.apps import cli
    from pipeline.core.errors import InputError
    from pipeline.render import writers
    from pipeline.review import reviewer

    made: list[tuple[ForkedCall, int]] = []
    fork_side = writers.fork_memo_docx_side

    def recorded(template_dir=None) -> ForkedCall:
        side = fork_side(template_dir)
        made.append((side, side._pid))
        return side

    def fails(*_args, **_kwargs):
        raise InputError("hỏng sau khi đọc", "fails after reading")

    monkeypatch.setattr(writers, "fork_memo_docx_side", recorded)
    blank = tmp_path / "du-thao.txt"
    blank.write_text("\n\n   \n", encoding="utf-8")
    assert cli.main(["review", str(blank), "-o", str(tmp_path / "out"), "--no-corpus"]) == 2
    assert not made
    monkeypatch.setattr(reviewer, "segment", fails)
    assert cli.main(["review", str(ROOT / "samples" / "de-an-cds-bac-ha.txt"), "-o", str(tmp_path / "out"),
                     "--no-corpus"]) == 2
    [(side, pid)] = made
    assert pid and side._pid == 0  # stopped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # and reaped


@needs_fork
def test_a_failing_block_stops_its_children_and_lets_the_failure_through():
    from pipeline.core.forked import stopped_on_failure

    call = ForkedCall(lambda x: x)
    pid = call._pid
    with pytest.raises(KeyboardInterrupt), stopped_on_failure(call, None):
        raise KeyboardInterrupt  # (Ctrl-C included)
    assert pid and call._pid == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    kept = ForkedCall(lambda x: x + 1)
    with stopped_on_failure(kept):
        kept.send(1)
    assert kept.result() == 2  # a block that succeeds leaves its children alone
