"""Batch at scale and bad input: parallel and resumable batches, hostile files, a bounded fuzz test."""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.apps.batch import run_batch
from pipeline.apps.cli import main
from pipeline.core.errors import InputError
from pipeline.ingest.read import parse_file
from pipeline.render.writers import atomic_write, write_outputs
from pipeline.review.reviewer import Reviewer, ReviewOptions
from planreview_testing.synthetic import clean_spec, write_draft


@pytest.fixture
def drafts(tmp_path, make_draft) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    specs = {"xã an hòa.docx": clean_spec(district="An Hòa", task_without_owner=0),
             "b.txt": clean_spec(district="Bình Sơn"), "c.pdf": clean_spec(district="Cát Tiên", omit_749=True)}
    for name, spec in specs.items():
        write_draft(spec, folder / name)
    (folder / "hong.docx").write_bytes(b"PK\x03\x04junk")
    return folder


def _rows(out: Path) -> dict[str, dict]:
    return {k: v["row"] for k, v in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["drafts"].items()}


def test_parallel_batch_equals_sequential(drafts, tmp_path):
    reviewer = Reviewer(ReviewOptions())
    seq = run_batch(drafts, tmp_path / "seq", reviewer, progress=False, jobs=1)
    par = run_batch(drafts, tmp_path / "par", reviewer, progress=False, jobs=2)
    assert [(r.file, r.status, r.overall, r.severities) for r in seq] == [
        (r.file, r.status, r.overall, r.severities) for r in par]
    assert (tmp_path / "par" / "xã an hòa" / "memo.docx").exists()


def test_resume_skips_unchanged_drafts(drafts, tmp_path):
    out = tmp_path / "out"
    reviewer = Reviewer(ReviewOptions())
    run_batch(drafts, out, reviewer, progress=False, jobs=1)
    memo = out / "b" / "memo.md"
    first = memo.stat().st_mtime_ns
    time.sleep(0.01)
    rows = run_batch(drafts, out, reviewer, progress=False, jobs=1)
    assert memo.stat().st_mtime_ns == first  # not reviewed again
    assert {r.file: r.status for r in rows} == {"b.txt": "ok", "c.pdf": "ok", "hong.docx": "error",
                                                 "xã an hòa.docx": "ok"}
    assert (out / "similarity.html").exists()  # the cross-draft comparison still covers skipped drafts
    write_draft(clean_spec(district="Bình Sơn", omit_provincial=True), drafts / "b.txt")
    rows = run_batch(drafts, out, reviewer, progress=False, jobs=1)
    assert memo.stat().st_mtime_ns != first
    assert _rows(out)["b.txt"]["severities"]["medium"] == 1  # LEGAL-02 now
    # another rule set: everything is reviewed again
    c_memo = out / "c" / "memo.md"
    before = c_memo.stat().st_mtime_ns
    rules = tmp_path / "more-rules"
    rules.mkdir()
    (rules / "extra.yaml").write_text("scoring:\n  overall: {repeat: 0.5}\n", encoding="utf-8")
    from pipeline.rules.loader import DEFAULT_RULES_DIR

    run_batch(drafts, out, Reviewer(ReviewOptions(rules_dirs=[DEFAULT_RULES_DIR, rules])), progress=False, jobs=1)
    assert c_memo.stat().st_mtime_ns != before


def test_interrupted_writes_leave_no_partial_files(tmp_path, monkeypatch):
    target = tmp_path / "memo.md"
    atomic_write(target, "bản cũ")

    def boom(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "bản mới, chưa ghi xong")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "bản cũ"
    leftovers = list(tmp_path.glob(".memo.md.tmp-*"))
    assert leftovers  # the half-written file is a hidden temp file, removed by the next batch run
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (out / ".x.tmp-1").write_text("rác", encoding="utf-8")
    run_batch(src, out, Reviewer(ReviewOptions()), progress=False)
    assert not (out / ".x.tmp-1").exists()


def test_batch_on_a_dask_cluster(drafts, tmp_path):
    from dask import distributed  # a dev dependency: missing fails, never skips

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cl, \
            distributed.Client(cl):
        rows = run_batch(drafts, tmp_path / "dask", Reviewer(ReviewOptions()), progress=False, jobs=2,
                         backend="dask")
    assert sorted(r.status for r in rows) == ["error", "ok", "ok", "ok"]


def _expect(path: Path, *words: str, max_bytes: int | None = None) -> None:
    with pytest.raises(InputError) as info:
        parse_file(path, max_bytes)
    line = info.value.one_line()
    assert "\n" not in line
    for w in words:
        assert w in line


def test_password_protected_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "mat-khau.pdf"
    c = canvas.Canvas(str(path), encrypt="bi-mat")
    c.drawString(100, 700, "Noi dung mat")
    c.save()
    _expect(path, "mật khẩu", "Password-protected")


def test_renamed_doc_or_encrypted_docx(tmp_path):
    path = tmp_path / "cu.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    _expect(path, "mật khẩu", ".doc")


def test_size_limit(tmp_path, make_draft):
    path = make_draft(clean_spec(), "big.docx")
    _expect(path, "quá lớn", "too large", max_bytes=1000)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("hello", encoding="utf-8")
    _expect(path, "PDF", "%PDF")


def test_xml_entity_bomb_is_not_expanded(tmp_path, make_draft):
    source = make_draft(clean_spec(), "bomb-source.docx")
    bomb = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<!DOCTYPE w:document [<!ENTITY a "' + "x" * 100 + '">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        '<w:p><w:r><w:t>Đề án &i;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = bomb.encode("utf-8") if item.filename == "word/document.xml" else zin.read(item.filename)
            zout.writestr(item, data)
    start = time.perf_counter()
    try:
        doc = parse_file(path)
        text = " ".join(b.text for b in doc.blocks)
        assert len(text) < 10_000  # 10^8 characters if the entities were expanded
    except InputError:
        pass
    assert time.perf_counter() - start < 5


def test_cli_error_line_is_bilingual_for_every_bad_input(tmp_path, capsys):
    bad = {"trong.txt": b"", "nhi-phan.txt": b"\x00\x01\x02" * 10, "gia.pdf": b"not a pdf",
           "cu.doc": b"\xd0\xcf\x11\xe0" * 4, "hong.docx": b"PK\x03\x04xx"}
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["review", str(path), "-o", str(tmp_path / "o"), "--no-corpus"]) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and " / " in err and err.startswith("Lỗi:"), err


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    buf = bytearray(data)
    for pos, value in edits:
        buf[pos % len(buf)] = value
    return bytes(buf[:cut] if cut else buf)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    spec = clean_spec(extra_paragraphs=0)
    return {ext: write_draft(spec, folder / f"seed.{ext}").read_bytes() for ext in ("docx", "pdf", "txt")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ext=st.sampled_from(["docx", "pdf", "txt"]),
       edits=st.lists(st.tuples(st.integers(min_value=0, max_value=1 << 20), st.integers(0, 255)), max_size=12),
       cut=st.one_of(st.none(), st.integers(min_value=1, max_value=1 << 16)))
def test_fuzz_mutated_files_review_or_fail_cleanly(seeds, tmp_path_factory, reviewer, ext, edits, cut):
    path = tmp_path_factory.mktemp("fuzz") / f"mutant.{ext}"
    path.write_bytes(_mutate(seeds[ext], edits, cut))
    try:
        result = reviewer.review(path)
    except InputError as err:
        assert err.vi and err.en
        return
    paths = write_outputs(result, path.parent / "out")  # rendering whatever survived must work too
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["document"]["format"] == ext


def test_partly_damaged_pdf_gets_its_memo_without_an_annotated_copy(seeds, tmp_path, reviewer):
    """Found by the fuzz test: pdfium reads a PDF whose first object is damaged, pypdf cannot copy it for the
    annotated version — the review and every other output stand, the annotated copy is left out (said on stderr)."""
    data = seeds["pdf"]
    at = data.index(b"1 0 obj\n<<") + len(b"1 0 obj\n")
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:at] + b"\x01" + data[at + 1:])
    paths = write_outputs(reviewer.review(path), tmp_path / "out")
    assert "annotated" not in paths and paths["md"].exists()
    assert not list((tmp_path / "out").glob("*.annotated.pdf"))
