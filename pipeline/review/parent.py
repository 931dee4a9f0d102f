"""The plan above a draft (``--parent``; issue 34): found, read and compared with the draft.

``ReviewOptions.parent`` names it: a file (any format the reviewer reads) or a document of the corpus store by
id, name or path as ``planreview corpus list`` shows it. Without it, a draft that cites a plan the store holds
(its number or its title in the draft's citations) gets that plan, and the memo says it was chosen so.
The parent is read like any draft (parse → segment → tasks, targets); its own errors are the draft's errors,
each line saying it is about the plan above. Rules PARENT-01/02 (rules/85-parent.yaml) give the settings.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import pickle
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.analyse.appendix_refs import resolve_appendix_refs
from pipeline.analyse.citations import Citation
from pipeline.analyse.parent_plan import MatchSettings, ParentComparison, ParentPlan, compare
from pipeline.analyse.plan_profile import named_department
from pipeline.analyse.segment import Segmented, segment
from pipeline.analyse.targets import Target, extract_targets
from pipeline.analyse.tasks import Task, extract_tasks
from pipeline.core.atomic_io import atomic_write
from pipeline.core.errors import InputError
from pipeline.core.textnorm import fold
from pipeline.core.user_cache import cache_root, file_sha256
from pipeline.core.version import __version__
from pipeline.corpus.store import StoredDocument, default_store_path
from pipeline.ingest.read import parse_file
from pipeline.rules.loader import RuleSet
from pipeline.rules.params import ParentTargetsParams, ParentTasksParams

NOT_CHECKED = "chưa có kế hoạch cấp trên để đối chiếu (--parent) / not checked: no parent plan given (--parent)"


def parent_settings(ruleset: RuleSet) -> tuple[ParentTasksParams | None, MatchSettings]:
    """PARENT-01's and PARENT-02's parameters (None when no rule checks the parent's tasks)."""
    tasks = next((r.options for r in ruleset.rules if r.check == "parent_tasks"), None)
    targets = next((r.options for r in ruleset.rules if r.check == "parent_targets"), ParentTargetsParams())
    base = tasks or ParentTasksParams(level_patterns={})
    return tasks, MatchSettings(threshold=base.threshold, target_threshold=targets.threshold,
                                tolerance_points=targets.tolerance_points, drop=tuple(base.drop))


def _store(store_path: Path | None) -> Path | None:
    path = store_path or default_store_path()
    return path if path.is_file() and path.stat().st_size > 0 else None


def _read_only(store: Path, query: str) -> list[tuple]:
    """The rows of ``query`` on the store opened read only (the store is never created, changed or migrated
    here); none when it is not a store — the corpus comparison reports that itself."""
    try:
        db = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute(query).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []


def _stored(store: Path) -> list[StoredDocument]:
    """The store's documents, in the order they were added."""
    return [StoredDocument(*r) for r in _read_only(store, "SELECT id, name, path, sha256, title, added_at, passages "
                                                         "FROM documents ORDER BY id")]


def resolve(ref: Path | str, store_path: Path | None) -> Path:
    """The file a ``--parent`` reference names: a file, else a corpus-store document (id, name or path)."""
    path = Path(ref)
    if path.is_file():
        return path
    store = _store(store_path)
    found = [d for d in _stored(store) if str(ref) in (str(d.id), d.name, d.path, d.sha256)] if store else []
    if not found:
        where = f" (kho: {store})" if store else ""
        raise InputError(f"Không tìm thấy kế hoạch cấp trên: {ref} — không phải tệp, cũng không có trong kho đề án"
                         f"{where}", f"Parent plan not found: {ref} — neither a file nor a document of the corpus "
                         f"store{where}")
    if len(found) > 1:
        listing = "; ".join(f"id {d.id}: {d.path}" for d in found)
        raise InputError(f"Kế hoạch cấp trên '{ref}' khớp {len(found)} văn bản trong kho; hãy chỉ rõ id: {listing}",
                         f"Parent plan '{ref}' matches {len(found)} stored documents; give the id: {listing}")
    stored = Path(found[0].path)
    if not stored.is_file():
        raise InputError(f"Kế hoạch cấp trên '{ref}' có trong kho nhưng tệp gốc không còn: {stored}",
                         f"Parent plan '{ref}' is in the store but its file is gone: {stored}")
    return stored


CACHE_FORMAT = "1"


def cached_parent(path: Path, ruleset: RuleSet, max_bytes: int, chosen: str = "option") -> ParentPlan:
    """:func:`read_parent`, kept in the user's cache by the file's content, the rule set and the tool's version:
    reviewing commune after commune against one provincial plan reads it once (each review is its own process
    on the command line)."""
    key = hashlib.sha256(f"{file_sha256(path)}|{ruleset.version}|{__version__}|{CACHE_FORMAT}".encode()).hexdigest()
    cached = cache_root() / "parents" / f"{key[:32]}.pickle"
    with contextlib.suppress(Exception):  # a damaged or foreign cache file: read the plan again
        plan = pickle.loads(cached.read_bytes())  # noqa: S301 - our own cache, in the user's own folder
        if isinstance(plan, ParentPlan):
            plan.path, plan.chosen = str(path), chosen
            return plan
    plan = read_parent(path, ruleset, max_bytes, chosen)
    with contextlib.suppress(OSError):  # no cache (read-only home): the review goes on
        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cached, pickle.dumps(plan))
    return plan


def read_parent(path: Path, ruleset: RuleSet, max_bytes: int, chosen: str = "option") -> ParentPlan:
    """The plan above read like a draft; an InputError (one bilingual line) when it cannot be read or is no plan."""
    try:
        doc = parse_file(path, max_bytes)
    except InputError as err:
        raise InputError(f"Kế hoạch cấp trên {path.name}: {err.vi}", f"Parent plan {path.name}: {err.en}") from err
    seg = segment(doc, ruleset)
    resolve_appendix_refs(seg)
    tasks = extract_tasks(seg, ruleset.task_columns).tasks
    targets = extract_targets(seg)
    if not tasks and not targets:
        raise InputError(f"Kế hoạch cấp trên {path.name} không phải một kế hoạch: không có nhiệm vụ hay chỉ tiêu nào",
                         f"Parent plan {path.name} is not a plan: it has no tasks and no targets")
    meta = seg.meta
    return ParentPlan(str(path), meta.title, meta.own_number, meta.issued_on, meta.level, meta.unit, tasks, targets,
                      chosen)


def cited_in_store(citations: list[Citation], store_path: Path | None, draft: Path) -> Path | None:
    """A plan the draft cites (a KH/QĐ number in the name or title of a stored document, or the stored title
    inside the citation) that the corpus store holds, its file still there; None when there is none. Of several,
    the first cited, then the first stored."""
    store = _store(store_path)
    if store is None:
        return None
    plans = [c for c in citations if c.role != "own" and (c.code.startswith(("KH", "QĐ")) or "kế hoạch" in
                                                            c.raw.lower())]
    if not plans:
        return None
    index = _cited_index(store)
    for c in plans:
        number = re.sub(r"\W+", "-", fold(c.key or c.number)).strip("-")
        for k in index.holding(number if len(number) > 4 else "", _words(f"{c.raw} {c.title}")):
            path = Path(index.paths[k])
            if path.is_file() and path.resolve() != draft.resolve():
                return path
    return None


_CITED_INDEX_FORMAT = 1
_TITLE_KIND = re.compile(r"^\W*(?:kế hoạch|đề án|chương trình|quyết định)\b", re.IGNORECASE)


@dataclass
class _CitedIndex:
    """The stored documents as :func:`cited_in_store` compares them: their names folded (``"-"`` between words)
    and joined by line breaks, so that a cited number is found with one ``str.find`` whatever the store's size;
    their titles' words (five or more, the kind word left out) → the documents with that title. Built once per
    store version and kept in the user's cache (50,000 stored plans: 0.6 s to build; a look-through per
    citation took 1.1 s of every review)."""

    paths: list[str]
    names: str
    starts: list[int]  # where each document's name begins in ``names``
    titles: dict[str, list[int]]
    longest_title: int

    @classmethod
    def build(cls, documents: list[StoredDocument]) -> _CitedIndex:
        names = [re.sub(r"\W+", "-", fold(d.name)) for d in documents]
        starts = list(itertools.accumulate((len(n) + 1 for n in names[:-1]), initial=0)) if names else []
        titles: dict[str, list[int]] = {}
        for k, d in enumerate(documents):
            title = _words(_TITLE_KIND.sub("", d.title.strip()))
            if len(title.split()) >= 5:
                titles.setdefault(title, []).append(k)
        return cls([d.path for d in documents], "\n".join(names), starts, titles,
                   max((len(t.split()) for t in titles), default=0))

    def holding(self, number: str, cited: str) -> list[int]:
        """The documents (in store order) whose folded name holds ``number`` ("" for none) or whose title is
        a run of the words of ``cited``."""
        found: set[int] = set()
        at = self.names.find(number) if number else -1
        while at >= 0:
            found.add(bisect.bisect_right(self.starts, at) - 1)
            at = self.names.find(number, at + 1)
        words = cited.split()
        for i in range(len(words)):
            for j in range(i + 5, min(len(words), i + self.longest_title) + 1):
                found.update(self.titles.get(" ".join(words[i:j]), ()))
        return sorted(found)


_CITED_LOADED: dict[str, _CitedIndex] = {}  # the last store's index, by its cache key


def _cited_index(store: Path) -> _CitedIndex:
    """The store's :class:`_CitedIndex`, from the cache while the store is unchanged."""
    version = dict(_read_only(store, "SELECT key, value FROM meta WHERE key IN ('schema', 'version')"))
    key = hashlib.sha256(f"{_CITED_INDEX_FORMAT}|{store.resolve()}|{sorted(version.items())}".encode()).hexdigest()
    if version and key in _CITED_LOADED:  # (a batch: every draft of it)
        return _CITED_LOADED[key]
    cached = cache_root() / "cited" / f"{key[:24]}.pickle"
    index = None
    if version:
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            index = pickle.loads(cached.read_bytes())  # noqa: S301 - our own cache, in the user's own folder
    if not isinstance(index, _CitedIndex):
        index = _CitedIndex.build(_stored(store))
        if version:
            with contextlib.suppress(OSError):  # no cache (read-only home): the review goes on
                cached.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(cached, pickle.dumps(index))
    if version:
        _CITED_LOADED.clear()  # (one store's at a time)
        _CITED_LOADED[key] = index
    return index


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def compare_with_parent(parent: ParentPlan, seg: Segmented, tasks: list[Task], targets: list[Target],
                        ruleset: RuleSet, synonyms: list[tuple[str, list[str]]]) -> ParentComparison:
    """The draft against the plan above, with the rules' settings."""
    params, settings = parent_settings(ruleset)
    patterns = params.level_patterns if params else {}
    doing = params.doing if params else []
    department = named_department(seg.meta)  # the profile's issuer (plan_profile.py)
    return compare(parent, seg.meta, tasks, targets, patterns, doing, settings, synonyms, department)
