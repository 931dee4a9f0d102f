"""A persistent corpus of earlier plans: an embedded SQLite file of documents and their passages.

Each passage (a body paragraph, or a task of the plan's task table) is stored with its location,
its normalised word tokens (underthesea) and its MinHash signature, which is all the matcher needs
(:mod:`pipeline.corpus.duplicates`). Adding the same file twice is a no-op (files are keyed by content hash).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.analyse.vi_tokenize import word_tokens
from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED
from pipeline.core.lazy_import import lazy_module, submodule
from pipeline.core.model import Location
from pipeline.core.textnorm import match_word
from pipeline.core.user_cache import file_sha256

if TYPE_CHECKING:
    from pipeline.analyse.segment import Segmented
    from pipeline.analyse.tasks import TaskExtraction
    from pipeline.rules.loader import RuleSet

NUM_PERM = 128
SHINGLE = 3  # word shingles of three tokens
SCHEMA_VERSION = 1
APPLICATION_ID = 0x504C5256  # "PLRV" in the SQLite header: this file is a planreview corpus store
BUSY_TIMEOUT_S = 60.0  # another process adding to the store makes us wait, not fail
STORE_HINT_VI = ("khôi phục từ bản sao lưu, hoặc xóa tệp rồi chạy lại 'planreview corpus add'; "
                 "'sqlite3 TỆP .recover' có thể cứu phần còn đọc được")
STORE_HINT_EN = ("restore it from a backup, or delete it and run 'planreview corpus add' again; "
                 "'sqlite3 FILE .recover' may salvage what is still readable")
_NUMBER = re.compile(r"^\d[\d.,/%]*$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, added_at TEXT NOT NULL, passages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, task_no INTEGER, text TEXT NOT NULL, tokens TEXT NOT NULL, location TEXT NOT NULL,
    minhash BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);
"""

np = lazy_module("numpy")  # loaded on first use: only the corpus path needs it


def default_store_path() -> Path:
    env = os.environ.get("PLANREVIEW_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "planreview" / "corpus.sqlite"


def normal_tokens(text: str) -> list[str]:
    """Word tokens for matching: lower case, punctuation dropped, every number replaced by '0'
    (a copied passage with its figures changed still matches)."""
    out = []
    for t in word_tokens(text):
        if not any(ch.isalnum() for ch in t):
            continue
        out.append("0" if _NUMBER.match(t) else t)
    return out


_syllable_key = lru_cache(maxsize=1 << 17)(match_word)  # a language of ~7,000 syllables: each keyed once


def normal_syllables(text: str) -> list[str]:
    """Syllables (space-separated words) normalised like normal_tokens: cheap, no word segmentation."""
    return [k for k in map(_syllable_key, text.split()) if k]


# words naming a unit of administration: the name after one (capitalised) is the part a copied plan changes
_UNIT_WORDS = {("tỉnh",), ("huyện",), ("quận",), ("xã",), ("phường",), ("thị", "xã"), ("thị", "trấn"),
               ("thành", "phố"), ("đặc", "khu")}
PLACE = "<địa-danh>"


def place_masked_syllables(text: str) -> list[str]:
    """normal_syllables with every place name — the capitalised words after "tỉnh", "huyện", "xã", "phường",
    "thị xã", "thành phố" … — replaced by one placeholder: a plan copied from another district's differs from
    it first in that name (and in its figures, already '0')."""
    raw = text.split()
    keys = [_syllable_key(w) for w in raw]
    out: list[str] = []
    i = 0
    while i < len(raw):
        key = keys[i]
        if key:
            out.append(key)
        after_unit = (key,) in _UNIT_WORDS or (i and (keys[i - 1], key) in _UNIT_WORDS)
        i += 1
        if after_unit and i < len(raw) and raw[i][:1].isupper() and raw[i - 1][-1:] not in ",.;:":
            while i < len(raw) and raw[i][:1].isupper():
                i += 1
                if raw[i - 1][-1:] in ",.;:)":  # the name ends with its punctuation
                    break
            out.append(PLACE)
    return out


def shingle_hashes(syllables: list[str]) -> np.ndarray:
    """Sorted distinct 32-bit hashes (CRC-32) of the syllable 3-shingles of a passage: the matcher's
    verification compares these sets (Jaccard) between a draft passage and its candidates."""
    if len(syllables) < SHINGLE:
        grams = [" ".join(syllables)] if syllables else []
    else:
        grams = [" ".join(syllables[i:i + SHINGLE]) for i in range(len(syllables) - SHINGLE + 1)]
    crc = zlib.crc32
    return np.unique(np.fromiter((crc(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams)))


def shingles(tokens: list[str]) -> set[bytes]:
    if len(tokens) < SHINGLE:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE]).encode("utf-8") for i in range(len(tokens) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def minhash_scheme() -> str:
    """The hashing scheme of this datasketch's MinHash (stored signatures are rebuilt with it)."""
    return _minhash_class()(num_perm=NUM_PERM).scheme


def _minhash_class():
    """datasketch's MinHash, imported alone: ``import datasketch`` also loads its LSH, which pulls scipy."""
    return submodule("datasketch.minhash").MinHash


@lru_cache(maxsize=1)
def _reference_minhash():
    """One MinHash for its permutations, hash function and scheme (making one draws the permutations: ≈ 2 ms)."""
    return _minhash_class()(num_perm=NUM_PERM)


def minhash_of(tokens: list[str]):
    m = _minhash_class()(num_perm=NUM_PERM)
    m.update_batch(list(shingles(tokens)))
    return m


def minhashes_of(token_lists: list[list[str]]) -> list:
    """MinHash signatures of many token lists at once (shares the permutations: ~3× faster)."""
    if not token_lists:
        return []
    return _minhash_class().bulk([list(shingles(tokens)) for tokens in token_lists], num_perm=NUM_PERM)


def signatures_of(token_lists: list[list[str]], chunk: int = 50_000) -> np.ndarray:
    """MinHash signatures (one uint64 row of NUM_PERM values per token list), the values datasketch's MinHash
    gives — its hash function, permutations and scheme — computed for all lists together: one vectorised
    permutation and one grouped minimum over every shingle of ``chunk`` shingles at a time, instead of numpy
    calls per list (≈ 10× faster on a long draft)."""
    out = np.empty((len(token_lists), NUM_PERM), dtype=np.uint64)
    if not token_lists:
        return out
    minhash = _reference_minhash()
    fmix = getattr(submodule("datasketch.minhash"), "_fmix", None)
    if minhash.scheme != "affine32" or fmix is None:  # another datasketch: its own (slower) way
        for k, m in enumerate(minhashes_of(token_lists)):
            out[k] = m.hashvalues
        return out
    a, b = minhash.permutations
    empty = np.asarray(minhash.hashvalues, dtype=np.uint64)
    start = 0
    while start < len(token_lists):
        grams: list[bytes] = []
        bounds = []
        stop = start
        while stop < len(token_lists) and (stop == start or len(grams) < chunk):
            bounds.append(len(grams))
            grams.extend(shingles(token_lists[stop]))
            stop += 1
        known = {g: minhash.hashfunc(g) for g in set(grams)}  # a draft repeats many shingles: hash each once
        hashes = [known[g] for g in grams]
        counts = np.diff(np.append(bounds, len(hashes)))
        block = out[start:stop]
        block[:] = empty
        if hashes:
            hv = fmix(np.array(hashes, dtype=np.uint32).reshape(-1, 1), 32)
            permuted = hv * a + b  # uint32: the wrap-around is the modulo, as in datasketch
            filled = counts > 0
            block[filled] = np.minimum.reduceat(permuted, np.asarray(bounds)[filled], axis=0)
        start = stop
    return out


@dataclass
class Passage:
    """One passage of a document, ready for matching."""

    doc: str  # document name (file name)
    title: str
    kind: str  # paragraph | task
    text: str
    location: Location
    tokens: list[str] | None = None  # word tokens, computed on first use (word segmentation is the slow step)
    task_no: int | None = None

    def words(self) -> list[str]:
        if self.tokens is None:
            self.tokens = normal_tokens(self.text)
        return self.tokens


def passages_of(seg: Segmented, doc_name: str, ruleset: RuleSet, min_words: int = 12,
                min_task_words: int = 5, tasks: TaskExtraction | None = None) -> list[Passage]:
    """Content passages: body paragraphs outside the legal basis (boilerplate), and the tasks of
    task tables (their task text, not the whole row). Headings and header rows are left out. ``tasks``:
    the draft's tasks when the caller has them already (else they are extracted here)."""
    if tasks is None:
        from pipeline.analyse.tasks import extract_tasks

        tasks = extract_tasks(seg, ruleset.task_columns)
    task_rows = {(t.location.table, t.location.row): (n, t) for n, t in enumerate(tasks.tasks, start=1)
                 if t.origin == "table"}
    out = []
    for block in seg.body:
        if block.kind == "heading" or "can_cu" in block.section_kinds:
            continue
        if block.kind == "table_row":
            found = task_rows.get((block.location.table, block.location.row))
            if found and len(found[1].text.split()) >= min_task_words:
                out.append(Passage(doc_name, seg.meta.title, "task", found[1].text, block.location,
                                   task_no=found[0]))
            continue
        if len(block.text.split()) >= min_words:
            out.append(Passage(doc_name, seg.meta.title, "paragraph", block.text, block.location))
    return out


@dataclass
class StoredDocument:
    id: int
    name: str
    path: str
    sha256: str
    title: str
    added_at: str
    passages: int


class CorpusStore:
    """The SQLite corpus file. ``version`` changes on every add/remove (it keys the matcher's cache)."""

    def __init__(self, path: Path, write: bool = False):
        """Open (or create) the store. Several processes may use one store at once (WAL journal, a busy
        timeout, idempotent inserts); ``write`` runs ``PRAGMA quick_check`` first and refuses a damaged file."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existing = self.path.is_file() and self.path.stat().st_size > 0
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._open(existing, write)
                return
            except sqlite3.OperationalError as exc:  # another process switching the journal or creating the
                with contextlib.suppress(AttributeError, sqlite3.Error):  # schema this very moment: a lock
                    self.db.close()  # SQLite's busy handler does not wait for
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise self._not_a_store() from exc
                time.sleep(0.05)
                existing = self.path.is_file() and self.path.stat().st_size > 0
            except sqlite3.DatabaseError as exc:
                raise self._not_a_store() from exc

    def _not_a_store(self) -> InputError:
        return InputError(f"Tệp kho đề án không phải CSDL SQLite hợp lệ hoặc đã hỏng: {self.path} ({STORE_HINT_VI})",
                          f"The corpus store is not a valid SQLite database or is damaged: {self.path} "
                          f"({STORE_HINT_EN})")

    def _open(self, existing: bool, write: bool) -> None:
        """Connect, check, switch to WAL and make sure the schema and its metadata exist."""
        self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S)
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if existing:
            self._refuse_unless_ours()  # before anything is written into somebody else's database
        if write and self.path.stat().st_size:
            rows = self.db.execute("PRAGMA quick_check").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                self.db.close()
                raise damaged_store_error(self.path)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")  # all tables at once: a second process
        # opening the new file meanwhile sees none or all of them (_refuse_unless_ours)
        if self._meta("schema") is None:
            self.db.execute("BEGIN IMMEDIATE")
            if self._meta("schema") is None:  # another process may have set it up meanwhile
                self._set_meta("schema", str(SCHEMA_VERSION))
                self._set_meta("num_perm", str(NUM_PERM))
                self._set_meta("minhash_scheme", minhash_scheme())
                self._set_meta("version", "0")
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.commit()

    def _refuse_unless_ours(self) -> None:
        """An existing file must be a planreview store (its marker, or the tables and schema of one written
        before the marker existed); anything else is refused without a byte written into it."""
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # ours: our marker or (older stores) our tables; a database without any table yet is one another
        # process is creating this very moment (two 'corpus add' at once), or holds nothing to protect
        ours = app_id in (0, APPLICATION_ID) and (not tables or {"meta", "documents", "passages"} <= tables)
        if not ours:
            self.db.close()
            raise InputError(f"Tệp {self.path} là một CSDL SQLite khác, không phải kho đề án của planreview; không "
                             "ghi gì vào tệp này — chọn đúng tệp kho, hoặc một tên tệp mới cho 'planreview corpus "
                             "add'",
                             f"{self.path} is some other SQLite database, not a planreview corpus store; nothing was "
                             "written into it — pick the right store, or a new file name for 'planreview corpus add'")

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def version(self) -> str:
        return f"{self._meta('schema')}.{self._meta('version')}"

    def _bump(self) -> None:
        self._set_meta("version", str(int(self._meta("version") or 0) + 1))

    def has(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add_passages(self, name: str, path: str, sha256: str, title: str, passages: list[Passage]) -> bool:
        """Store a document's passages; False when the same content is already stored."""
        if self.has(sha256):
            return False
        rows = []
        signatures = signatures_of([p.words() for p in passages])
        for p, hv in zip(passages, signatures):  # computed before the write transaction, which then stays short
            rows.append((p.kind, p.task_no, p.text, " ".join(p.words()), json.dumps(p.location.__dict__),
                         hv.tobytes()))
        self.db.execute("BEGIN IMMEDIATE")  # one writer at a time; others wait (busy timeout)
        cur = self.db.execute(
            "INSERT OR IGNORE INTO documents(name, path, sha256, title, added_at, passages) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, path, sha256, title, dt.datetime.now().isoformat(timespec="seconds"), len(passages)))
        if cur.rowcount == 0:  # another process stored the same content meanwhile
            self.db.rollback()
            return False
        doc_id = cur.lastrowid
        rows = [(doc_id, *r) for r in rows]
        self.db.executemany("INSERT INTO passages(doc_id, kind, task_no, text, tokens, location, minhash) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self._bump()
        self.db.commit()
        return True

    def add_file(self, path: Path, ruleset: RuleSet, sha: str | None = None) -> bool:
        """Parse and store one file; InputError when it cannot be read; False when already stored."""
        path = Path(path)
        if sha is None:
            sha = file_sha256(path) if path.is_file() else ""
        if sha and self.has(sha):
            return False
        from pipeline.analyse.segment import segment
        from pipeline.ingest.read import parse_file

        seg = segment(parse_file(path), ruleset)
        return self.add_passages(path.name, str(path.resolve()), sha, seg.meta.title or path.stem,
                                 passages_of(seg, path.name, ruleset))

    def documents(self) -> list[StoredDocument]:
        rows = self.db.execute("SELECT id, name, path, sha256, title, added_at, passages FROM documents "
                               "ORDER BY id").fetchall()
        return [StoredDocument(*r) for r in rows]

    def matching(self, ref: str) -> list[StoredDocument]:
        """Documents an id, file name, path or content hash refers to."""
        return [d for d in self.documents() if ref in (str(d.id), d.name, d.path, d.sha256)]

    def remove(self, ref: str) -> list[StoredDocument]:
        """Remove documents by id, file name, path or content hash; return what was removed. A name or path
        that several stored documents share is refused (InputError listing them): give the id instead."""
        gone = self.matching(ref)
        if len(gone) > 1:
            listing = "; ".join(f"id {d.id}: {d.path} ({d.added_at})" for d in gone)
            raise InputError(f"'{ref}' khớp {len(gone)} văn bản, không xóa gì; hãy chỉ rõ id: {listing}",
                             f"'{ref}' matches {len(gone)} stored documents, nothing removed; give the id: "
                             f"{listing}")
        for d in gone:
            self.db.execute("DELETE FROM documents WHERE id = ?", (d.id,))
        if gone:
            self._bump()
            self.db.commit()
        return gone

    def passage_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM passages").fetchone()[0]

    def iter_passages(self) -> Iterator[tuple[Passage, np.ndarray]]:
        for _rowid, item in self.iter_passages_with_ids():
            yield item

    def iter_passages_with_ids(self) -> Iterator[tuple[int, tuple[Passage, np.ndarray]]]:
        """(row id, (passage, MinHash signature)) of every stored passage, in the order they were added."""
        query = (f"SELECT p.id, {_PASSAGE_COLUMNS}, p.minhash "
                 "FROM passages p JOIN documents d ON d.id = p.doc_id ORDER BY p.id")
        for rowid, *row, blob in self.db.execute(query):
            yield rowid, (_passage(row), np.frombuffer(blob, dtype=np.uint64))

    def sync_folder(self, folder: Path, ruleset: RuleSet) -> list[str]:
        """Make the store mirror a folder: add new or changed files, drop vanished ones.
        Returns one line per file that could not be read."""
        skipped = []
        present: dict[str, str] = {}  # resolved path → content hash
        for path in corpus_files(folder):
            sha = present[str(path.resolve())] = file_sha256(path)
            try:
                self.add_file(path, ruleset, sha)
            except InputError as err:
                skipped.append(f"{path.name}: {err.en}")
        gone = [d.id for d in self.documents() if present.get(d.path) != d.sha256]  # the file is gone, or
        if gone:  # changed (its new content was added); one transaction, not a scan of every document per removal
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in gone])
            self._bump()
            self.db.commit()
        return skipped


_PASSAGE_COLUMNS = "d.name, d.title, p.kind, p.task_no, p.text, p.tokens, p.location"


def _passage(row) -> Passage:
    name, title, kind, task_no, text, tokens, location = row
    return Passage(name, title, kind, text, Location(**json.loads(location)), tokens.split(), task_no)


def read_passage(path: Path, rowid: int) -> Passage:
    """One stored passage by its row id (the matcher reads back only the passages that match)."""
    return read_passages(path, [rowid])[rowid]


def read_passages(path: Path, rowids: list[int]) -> dict[int, Passage]:
    """Stored passages by row id, read in one connection (those a draft's matches report)."""
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    out = {}
    try:
        for rowid in rowids:
            row = db.execute(f"SELECT {_PASSAGE_COLUMNS} FROM passages p JOIN documents d ON d.id = p.doc_id "
                             "WHERE p.id = ?", (rowid,)).fetchone()
            if row is None:
                raise InputError(f"Kho đề án đã thay đổi trong lúc rà soát: {path} (chạy lại)",
                                 f"The corpus store changed during the review: {path} (run it again)")
            out[rowid] = _passage(row)
    except sqlite3.DatabaseError as exc:
        raise damaged_store_error(Path(path)) from exc
    finally:
        db.close()
    return out


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                  and not p.name.startswith((".", "~$")))


def damaged_store_error(path: Path) -> InputError:
    return InputError(f"Kho đề án bị hỏng (PRAGMA quick_check báo lỗi): {path} — {STORE_HINT_VI}",
                      f"The corpus store is damaged (PRAGMA quick_check failed): {path} — {STORE_HINT_EN}")


@contextmanager
def open_store(path: Path, write: bool = False) -> Iterator[CorpusStore]:
    """The store, closed afterwards; a damaged file met while reading becomes an InputError with a hint. To read,
    the store must exist and hold something: an empty file is not a corpus that was searched."""
    path = Path(path)
    if not write and (not path.is_file() or path.stat().st_size == 0):
        raise InputError(f"Kho đề án rỗng hoặc không tồn tại: {path} (tạo bằng 'planreview corpus add'); không thể "
                         "kiểm tra trùng lặp với một kho rỗng",
                         f"The corpus store is empty or missing: {path} (create it with 'planreview corpus add'); "
                         "duplicates cannot be checked against an empty store")
    store = CorpusStore(path, write=write)
    try:
        yield store
    except sqlite3.DatabaseError as exc:
        raise damaged_store_error(Path(path)) from exc
    finally:
        store.close()


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (created if needed) for the duration of the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        try:
            import fcntl
        except ImportError:  # not POSIX: the store's own locking still keeps it consistent
            yield
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def add_files(store: CorpusStore, files: Iterable[Path], ruleset: RuleSet, progress: bool = True
              ) -> tuple[list[str], list[str], list[str]]:
    """Add files (folders are walked); returns (added, already stored, errors)."""
    from tqdm import tqdm

    paths: list[Path] = []
    for f in files:
        f = Path(f)
        paths.extend(corpus_files(f) if f.is_dir() else [f])
    added, same, errors = [], [], []
    for path in tqdm(paths, desc="Đang thêm vào kho / indexing", unit="tệp", disable=not progress):
        try:
            (added if store.add_file(path, ruleset) else same).append(path.name)
        except InputError as err:
            errors.append(f"{path.name}: {err.one_line()}")
    return added, same, errors


@contextmanager
def mirror_store(path: Path) -> Iterator[CorpusStore]:
    """The cache store that mirrors a corpus folder, held under a file lock so that reviews starting together
    do not sync it at the same time. Being only a cache, a damaged mirror is deleted and rebuilt."""
    with file_lock(path.with_name(path.name + ".lock")):
        try:
            store = CorpusStore(path, write=True)
        except InputError:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
            store = CorpusStore(path, write=True)
        try:
            yield store
        finally:
            store.close()
