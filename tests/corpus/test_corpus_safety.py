"""Issue 12: the corpus store under concurrent use and damage, and unambiguous removal."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from pipeline.corpus.store import CorpusStore

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora"


def _start(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=300), p.communicate()[1]) for p in procs]


def test_two_corpus_adds_of_the_same_files_at_once_both_succeed(tmp_path):
    store = tmp_path / "kho.sqlite"
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))[:4]
    results = _finish([_start("corpus", "add", *files, "--store", str(store), "--no-progress") for _ in range(2)])
    assert [code for code, _ in results] == [0, 0], results
    db = sqlite3.connect(str(store))
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM documents").fetchone() == (len(files), len(files))
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reviewers_starting_together_on_a_fresh_cache_all_succeed(tmp_path):
    """Four reviews starting at once mirror the corpus folder into the same fresh cache store (3 rounds)."""
    code = "from pipeline.review.reviewer import Reviewer; assert Reviewer().index is not None"
    for n in range(3):
        env = {**os.environ, "PLANREVIEW_CACHE": str(tmp_path / f"cache-{n}")}
        procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, cwd=ROOT, env=env) for _ in range(4)]
        results = _finish(procs)
        assert [c for c, _ in results] == [0, 0, 0, 0], [err[-300:] for _, err in results]


def _damage(store: Path) -> None:
    """Overwrite the middle pages of the file, as a disk error or a half-copied file would."""
    size = store.stat().st_size
    page = 4096
    with store.open("r+b") as fh:
        for offset in range(page * 2, size - page, page * 3):
            fh.seek(offset)
            fh.write(b"\x5a" * 1024)


def test_damaged_store_is_refused_with_a_hint(tmp_path):
    store = tmp_path / "kho.sqlite"
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix == ".txt")
    assert _finish([_start("corpus", "add", *files, "--store", str(store), "--no-progress")])[0][0] == 0
    with sqlite3.connect(str(store)) as db:  # fold the WAL into the main file, so the damage hits real pages
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(store)
    before = store.read_bytes()
    code, err = _finish([_start("corpus", "add", str(ROOT / "samples" / "de-an-cds-bac-ha.txt"),
                                "--store", str(store), "--no-progress")])[0]
    assert code == 2 and "damaged" in err and "corpus add" in err and "Traceback" not in err
    assert store.read_bytes() == before  # nothing written into the damaged file
    for args in (["corpus", "list", "--store", str(store)],
                 ["review", str(ROOT / "samples" / "de-an-cds-bac-ha.txt"), "--store", str(store),
                  "-o", str(tmp_path / "out")]):
        code, err = _finish([_start(*args)])[0]
        assert code == 2 and "Traceback" not in err and "unexpected" not in err, err


def test_remove_by_a_shared_name_lists_the_documents_and_asks_for_the_id(tmp_path):
    store = tmp_path / "kho.sqlite"
    for n, src in enumerate(sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")[:2]):
        folder = tmp_path / f"nam-{2020 + n}"
        folder.mkdir()
        shutil.copy(src, folder / "ke-hoach.txt")
    code, _ = _finish([_start("corpus", "add", str(tmp_path / "nam-2020"), str(tmp_path / "nam-2021"),
                              "--store", str(store), "--no-progress")])[0]
    assert code == 0
    proc = _start("corpus", "remove", "ke-hoach.txt", "--store", str(store))
    code, err = proc.wait(timeout=120), proc.communicate()[1]
    assert code == 2 and "matches 2" in err and "nam-2020" in err and "nam-2021" in err
    s = CorpusStore(store)
    docs = s.documents()
    s.close()
    assert len(docs) == 2
    proc = _start("corpus", "remove", str(docs[0].id), "--store", str(store))
    assert proc.wait(timeout=120) == 0
    s = CorpusStore(store)
    assert [d.id for d in s.documents()] == [docs[1].id]
    s.close()


# --------------------------------------------------------------------------- a store is validated (issue 32)


def _review_with_store(tmp_path: Path, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "review",
                           str(ROOT / "samples" / "de-an-cds-bac-ha.txt"), "-o", str(tmp_path / "out"),
                           "--store", str(store)], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_an_empty_store_is_not_a_corpus_that_was_searched(tmp_path):
    """A 0-byte --store used to be re-created silently and the memo said 'no duplicates, up to standard'."""
    store = tmp_path / "kho.sqlite"
    store.touch()
    proc = _review_with_store(tmp_path, store)
    assert proc.returncode == 2 and "empty" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert store.stat().st_size == 0 and not (tmp_path / "out" / "memo.md").exists()


def test_some_other_sqlite_file_is_refused_and_left_byte_for_byte(tmp_path):
    """--store pointing at the office's accounting database: refused, and not one byte written into it (no
    planreview tables, no WAL switch), neither by a review nor by 'corpus add'."""
    other = tmp_path / "ke-toan.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE chi_tieu (id INTEGER PRIMARY KEY, so_tien REAL)")
    db.execute("INSERT INTO chi_tieu (so_tien) VALUES (1250000)")
    db.commit()
    db.close()
    before = other.read_bytes()
    proc = _review_with_store(tmp_path, other)
    assert proc.returncode == 2 and "not a planreview corpus store" in proc.stderr, proc.stderr
    add = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "corpus", "add", "--no-progress", "--store",
                          str(other), str(ROOT / "samples" / "de-an-cds-tay-son.pdf")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert add.returncode == 2 and "nothing was written" in add.stderr, add.stderr
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ke-toan")) == ["ke-toan.sqlite"]


def test_a_store_written_before_the_marker_still_opens(tmp_path):
    """Stores made by earlier versions have the tables and schema but no application_id: still accepted."""
    path = tmp_path / "old.sqlite"
    CorpusStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 0")
    db.commit()
    db.close()
    store = CorpusStore(path)
    assert store.documents() == []
    store.close()


def test_a_folder_mirror_drops_vanished_and_changed_files_in_one_sync(tmp_path):
    """sync_folder: a file removed from the folder leaves the store, a changed one is stored again with its new
    content (the old version gone), the others stay untouched."""
    from pipeline.rules.loader import load_rules

    folder = tmp_path / "kho"
    folder.mkdir()
    names = sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".txt")[:3]
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    ruleset = load_rules()
    store = CorpusStore(tmp_path / "mirror.sqlite")
    assert store.sync_folder(folder, ruleset) == []
    first = {d.name: d.id for d in store.documents()}
    assert sorted(first) == names
    (folder / names[0]).unlink()
    changed = folder / names[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nĐoạn bổ sung về chuyển đổi số cấp xã.\n",
                       encoding="utf-8")
    version = store.version
    assert store.sync_folder(folder, ruleset) == []
    after = {d.name: d.id for d in store.documents()}
    assert sorted(after) == names[1:] and after[names[2]] == first[names[2]] and after[names[1]] != first[names[1]]
    assert store.version != version
    store.close()
