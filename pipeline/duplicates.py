"""Find passages of a draft that repeat earlier plans (or other drafts), in two stages that scale.

1. Candidates: MinHash LSH (datasketch) over word 3-shingles of underthesea tokens, numbers
   normalised, so a passage with its district name or figures changed, or its sentences reordered,
   still shares most shingles with its source. A draft passage is first looked up in a second, looser
   LSH over syllable shingles, which needs no word segmentation: most passages of a draft have no
   candidate at all and are never word-segmented (the slowest step of a review).
2. Scoring: TF-IDF cosine (scikit-learn, word 1-2 grams, IDF fitted on the corpus) between the draft
   passage and each candidate; the best candidate at or above the threshold is reported, with a
   word-level alignment for the memo. A passage that several corpus documents share is reported with its
   highest-level, earliest source (a provincial programme before the district plans that copied it) and
   the number of other plans that repeat it; only what is generic to the plan form itself — short stock
   sentences, the closing formulas of "Tổ chức thực hiện" — is set aside as boilerplate, and the memo says so.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .bundled import CORPUS_DIR
from .corpus_store import (
    NUM_PERM,
    CorpusStore,
    Passage,
    minhash_of,
    minhash_scheme,
    minhashes_of,
    normal_syllables,
    shingles,
)
from .model import Location
from .textnorm import match_word

DEFAULT_CORPUS_DIR = CORPUS_DIR  # bundled.py: corpora/ of the checkout or of the installed wheel
INDEX_FORMAT = 5
_WORD = re.compile(r"\S+")


@dataclass
class DuplicateMatch:
    draft_text: str
    draft_location: Location
    draft_kind: str
    source_doc: str
    source_title: str
    source_text: str
    source_location: Location
    source_kind: str
    source_task_no: int | None
    score: float
    draft_doc: str = ""
    also_in: int = 0  # how many other corpus documents repeat the same passage
    boilerplate: bool = False  # set aside: generic to the plan form (the memo counts these, never lists them)

    def to_dict(self) -> dict[str, Any]:
        return {
            "draft_text": self.draft_text, "draft_location": self.draft_location.to_dict(),
            "draft_kind": self.draft_kind, "source_doc": self.source_doc, "source_title": self.source_title,
            "source_text": self.source_text, "source_location": self.source_location.to_dict(),
            "source_kind": self.source_kind, "source_task_no": self.source_task_no, "score": round(self.score, 3),
            "shared_words": round(shared_fraction(self.draft_text, self.source_text), 3),
            "also_in": self.also_in, "boilerplate": self.boilerplate,
        }


def _identity(text: str) -> list[str]:
    return text.split()


class CorpusIndex:
    """LSH over MinHash signatures plus TF-IDF vectors of every passage of a corpus."""

    def __init__(self, passages: list[Passage], signatures: list[np.ndarray], lsh_threshold: float = 0.3,
                 prefilter_threshold: float = 0.2):
        from datasketch import MinHashLSH
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.passages = passages
        self.lsh = MinHashLSH(threshold=lsh_threshold, num_perm=NUM_PERM)
        with self.lsh.insertion_session() as session:
            for i, hv in enumerate(signatures):
                session.insert(i, _lean(hv))
        self.prefilter = MinHashLSH(threshold=prefilter_threshold, num_perm=NUM_PERM)
        with self.prefilter.insertion_session() as session:
            for i, m in enumerate(minhashes_of([normal_syllables(p.text) for p in passages])):
                session.insert(i, m)
        self.vectorizer = TfidfVectorizer(tokenizer=_identity, token_pattern=None, lowercase=False,
                                          ngram_range=(1, 2), sublinear_tf=True)
        texts = [" ".join(p.words()) for p in passages]
        self.matrix = self.vectorizer.fit_transform(texts).tocsr() if texts else None

    def __len__(self) -> int:
        return len(self.passages)

    @classmethod
    def from_store(cls, store: CorpusStore) -> CorpusIndex:
        passages, signatures = [], []
        for p, hv in store.iter_passages():
            passages.append(p)
            signatures.append(hv)
        return cls(passages, signatures)

    @classmethod
    def from_passages(cls, passages: list[Passage]) -> CorpusIndex:
        return cls(passages, [np.asarray(m.hashvalues, dtype=np.uint64)
                              for m in minhashes_of([p.words() for p in passages])])

    def query_all(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
                  min_overlap: float = 0.6, overlap_min_tokens: int = 20) -> list[tuple[int, int, float]]:
        """Every (passage index, corpus passage index, score) scoring ≥ threshold.

        For passages of ``overlap_min_tokens`` words or more, the two must also share ``min_overlap``
        of their word 3-shingles (Jaccard): two paragraphs written from one template about different
        things can reach a high TF-IDF cosine, but they share far fewer word runs than a copy does."""
        if self.matrix is None or not passages:
            return []
        out = []
        rough_signatures = minhashes_of([normal_syllables(p.text) for p in passages])
        for i, passage in enumerate(passages):
            rough = self.prefilter.query(rough_signatures[i])
            if not any(self.passages[j].doc != exclude_doc for j in rough):
                continue
            candidates = [j for j in self.lsh.query(minhash_of(passage.words()))
                          if self.passages[j].doc != exclude_doc]
            if not candidates:
                continue
            vector = self.vectorizer.transform([" ".join(passage.words())])
            scores = (self.matrix[candidates] @ vector.T).toarray().ravel()
            mine = shingles(passage.words()) if len(passage.words()) >= overlap_min_tokens else None
            for sc, j in zip(scores, candidates):
                if sc < threshold:
                    continue
                if mine is not None:
                    theirs = self._shingles(j)
                    if len(mine & theirs) / len(mine | theirs) < min_overlap:
                        continue
                out.append((i, j, min(float(sc), 1.0)))
        return out

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_shingle_cache", None)  # rebuilt on demand; not worth a larger cache file
        return state

    def _shingles(self, j: int) -> set[bytes]:
        cache = self.__dict__.setdefault("_shingle_cache", {})
        if j not in cache:
            cache[j] = shingles(self.passages[j].words())
        return cache[j]

    def query(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
              boilerplate_docs: int = 3, min_overlap: float = 0.6, boilerplate_max_words: int = 25,
              boilerplate_sections: tuple[str, ...] = ()) -> list[DuplicateMatch]:
        """The best match of each passage scoring ≥ threshold.

        When several documents hold the passage about as well as the best one (within 0.05), the source
        reported is the highest-level, earliest of them (see :func:`source_rank`), with ``also_in`` the count
        of the others. A passage that ``boilerplate_docs`` or more documents share is boilerplate — returned
        with ``boilerplate=True`` — only when it is short (under ``boilerplate_max_words`` words) or stands in
        a section whose label contains one of ``boilerplate_sections`` (e.g. "tổ chức thực hiện")."""
        hits_by_passage: dict[int, list[tuple[float, int]]] = {}
        for i, j, score in self.query_all(passages, threshold, exclude_doc, min_overlap):
            hits_by_passage.setdefault(i, []).append((score, j))
        out = []
        for i, hits in sorted(hits_by_passage.items()):
            best_score = max(hits)[0]
            best_by_doc: dict[str, tuple[float, int]] = {}
            for s, k in hits:
                doc = self.passages[k].doc
                if s > best_by_doc.get(doc, (-1.0, -1))[0]:
                    best_by_doc[doc] = (s, k)
            near = [(s, k) for s, k in best_by_doc.values() if s >= best_score - 0.05]
            score, j = min(near, key=lambda sk: (source_rank(self.passages[sk[1]].title), -sk[0]))
            draft = passages[i]
            section = draft.location.section.lower()
            generic = (len(draft.text.split()) < boilerplate_max_words
                       or any(word in section for word in boilerplate_sections))
            match = _match(draft, self.passages[j], score)
            match.also_in = len(best_by_doc) - 1
            match.boilerplate = len(near) >= boilerplate_docs and generic
            out.append(match)
        return out


_PROVINCE_LEVEL = re.compile(r"\b(?:tỉnh|thành phố trực thuộc trung ương|quốc gia|chính phủ)\b", re.IGNORECASE)
_COMMUNE_LEVEL = re.compile(r"\b(?:xã|phường|thị trấn|đặc khu)\b", re.IGNORECASE)
_DISTRICT_LEVEL = re.compile(r"\b(?:huyện|thị xã|quận)\b", re.IGNORECASE)
_FIRST_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def source_rank(title: str) -> tuple[int, int]:
    """Order in which sources are preferred: higher level first (national/provincial programme, then a
    district, then a commune plan), then the earliest year in the title."""
    if _PROVINCE_LEVEL.search(title) and not _DISTRICT_LEVEL.search(title):
        level = 0
    elif _DISTRICT_LEVEL.search(title):
        level = 1
    elif _COMMUNE_LEVEL.search(title):
        level = 2
    else:
        level = 1
    year = _FIRST_YEAR.search(title)
    return level, int(year.group(0)) if year else 9999


def _match(draft: Passage, src: Passage, score: float) -> DuplicateMatch:
    return DuplicateMatch(draft.text, draft.location, draft.kind, src.doc, src.title, src.text, src.location,
                          src.kind, src.task_no, score, draft_doc=draft.doc)


@dataclass
class CrossCheck:
    """Drafts compared with each other: share[a][b] = share of a's passages found again in b."""

    names: list[str]
    share: np.ndarray
    shared: list[DuplicateMatch]  # each pair once (a before b), best match per passage


def cross_check(passages_by_draft: dict[str, list[Passage]], threshold: float, min_overlap: float = 0.6
                ) -> CrossCheck:
    """Compare every draft of a batch with every other one (copy-paste between district drafts).

    Drafts are compared on syllables, not underthesea words: copy-paste between drafts is verbatim
    enough for that, and a province's batch need not word-segment every passage of every draft."""
    passages_by_draft = {
        name: [Passage(p.doc, p.title, p.kind, p.text, p.location, normal_syllables(p.text), p.task_no)
               for p in passages]
        for name, passages in passages_by_draft.items()
    }
    names = list(passages_by_draft)
    n = len(names)
    share = np.zeros((n, n))
    shared: list[DuplicateMatch] = []
    all_passages = [p for name in names for p in passages_by_draft[name]]
    if n < 2 or not all_passages:
        return CrossCheck(names, share, shared)
    index = CorpusIndex.from_passages(all_passages)
    position = {name: k for k, name in enumerate(names)}
    for a, name in enumerate(names):
        mine = passages_by_draft[name]
        best: dict[tuple[int, str], tuple[float, int]] = {}
        for i, j, score in index.query_all(mine, threshold, exclude_doc=name, min_overlap=min_overlap):
            key = (i, index.passages[j].doc)
            if score > best.get(key, (0.0, -1))[0]:
                best[key] = (score, j)
        for (i, doc), (score, j) in best.items():
            b = position[doc]
            share[a, b] += 1
            if a < b:
                shared.append(_match(mine[i], index.passages[j], score))
        if mine:
            share[a] /= len(mine)
    shared.sort(key=lambda m: -m.score)
    return CrossCheck(names, share, shared)


def _lean(hashvalues: np.ndarray):
    """A MinHash rebuilt from stored hash values (same seed and scheme as corpus_store.minhash_of)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=1, hashvalues=hashvalues, scheme=minhash_scheme())


# --------------------------------------------------------------------------- alignment


def align(a: str, b: str, min_run: int = 2) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Split both texts into (segment, shared) pieces: runs of ≥ ``min_run`` words found in both."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    na, nb = [match_word(w) for w in wa], [match_word(w) for w in wb]
    shared_a, shared_b = [False] * len(wa), [False] * len(wb)
    for block in difflib.SequenceMatcher(None, na, nb, autojunk=False).get_matching_blocks():
        if block.size >= min_run:
            for k in range(block.size):
                shared_a[block.a + k] = True
                shared_b[block.b + k] = True

    def pieces(words: list[str], flags: list[bool]) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        for w, f in zip(words, flags):
            if out and out[-1][1] == f:
                out[-1] = (out[-1][0] + " " + w, f)
            else:
                out.append((w, f))
        return out

    return pieces(wa, shared_a), pieces(wb, shared_b)


def shared_fraction(a: str, b: str) -> float:
    pa, _ = align(a, b)
    total = sum(len(t.split()) for t, _ in pa)
    return sum(len(t.split()) for t, f in pa if f) / total if total else 0.0


def pieces_html(pieces: list[tuple[str, bool]]) -> str:
    """Aligned pieces as HTML, the shared words in <mark>."""
    return " ".join(f"<mark>{html.escape(t)}</mark>" if f else html.escape(t) for t, f in pieces)


def pieces_markdown(pieces: list[tuple[str, bool]]) -> str:
    """Aligned pieces as Markdown for a table cell, the shared words in bold."""
    return " ".join(f"**{t}**" if f else t for t, f in pieces).replace("|", "\\|")


def align_html(a: str, b: str) -> tuple[str, str]:
    pa, pb = align(a, b)
    return pieces_html(pa), pieces_html(pb)


# --------------------------------------------------------------------------- loading with a cache


def _cache_dir() -> Path:
    base = os.environ.get("PLANREVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planreview")
    return Path(base)


def load_index(store: CorpusStore) -> CorpusIndex:
    """The matcher for a store, from the disk cache while the store is unchanged."""
    key = hashlib.sha256(f"{INDEX_FORMAT}|{store.path.resolve()}|{store.version}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"index-{key}.pkl"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a stale or truncated cache is rebuilt
            pass
    index = CorpusIndex.from_store(store)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, just without the cache
    return index


def folder_store_path(folder: Path) -> Path:
    """The cache store that mirrors a corpus folder (``--corpus DIR``)."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return _cache_dir() / f"corpus-{key}.sqlite"

