"""Find passages of a draft that repeat earlier plans (or other drafts), in two stages that scale.

1. Candidates: MinHash LSH over word 3-shingles of underthesea tokens (datasketch's MinHash signatures,
   its banding rule and parameters), numbers normalised, so a passage with its district name or figures
   changed, or its sentences reordered, still shares most shingles with its source. A draft passage is
   first looked up in a second, looser LSH over syllable shingles, which needs no word segmentation: most
   passages of a draft have no candidate at all and are never word-segmented (the slowest step of a review).
2. Scoring: TF-IDF cosine (scikit-learn's weighting, word 1-2 grams, IDF fitted on the corpus) between the draft
   passage and each candidate; the best candidate at or above the threshold is reported, with a
   word-level alignment for the memo. A passage that several corpus documents share is reported with its
   highest-level, earliest source (a provincial programme before the district plans that copied it) and
   the number of other plans that repeat it; only what is generic to the plan form itself — short stock
   sentences, the closing formulas of "Tổ chức thực hiện" — is set aside as boilerplate, and the memo says so.

The matcher is plain arrays (:class:`BandIndex`, :class:`Tfidf`), built once per store version and
memory-mapped from one cache file, so a review loads it in milliseconds whatever the corpus size and keeps in
memory only the pages it touches; stored passages are read back from the store only when they match.
benchmarks/bench_duplicates.py compares it with one sparse matrix product per draft (README, Duplicates).
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.bundled import CORPUS_DIR
from pipeline.core.lazy_import import lazy_module
from pipeline.core.model import Location
from pipeline.core.textnorm import match_word
from pipeline.core.user_cache import cache_root
from pipeline.corpus.store import (
    NUM_PERM,
    CorpusStore,
    Passage,
    normal_syllables,
    shingles,
    signatures_of,
)

DEFAULT_CORPUS_DIR = CORPUS_DIR  # bundled.py: corpora/ of the checkout or of the installed wheel
INDEX_FORMAT = 6
_WORD = re.compile(r"\S+")

np = lazy_module("numpy")  # loaded on first use: only the corpus path needs it


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a plain integer array, without the import of numpy.ma that np.unique makes (≈ 15 ms of
    every review)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


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


_MAGIC = b"PRIDX\x00\x01\x00"


def _signatures(token_lists: list[list[str]]) -> np.ndarray:
    """MinHash signatures (one row each) of many token lists, computed together."""
    return signatures_of(token_lists)


class BandIndex:
    """MinHash LSH as plain arrays: for each of ``bands`` bands of ``rows`` hash values, the band keys of all
    passages sorted, with their passage numbers. Two passages are candidates when one band of their
    signatures is equal — the rule of datasketch's ``MinHashLSH`` — found here by binary search, so the index
    loads as two arrays (memory-mapped from the cache) instead of millions of Python objects."""

    def __init__(self, keys: np.ndarray, ids: np.ndarray, bands: int, rows: int):
        self.keys, self.ids, self.bands, self.rows = keys, ids, bands, rows

    @staticmethod
    def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
        """(passages × bands) 64-bit keys, one per band of ``rows`` hash values (mixed, splitmix64 style)."""
        sig = np.asarray(signatures, dtype=np.uint64)[:, :bands * rows].reshape(len(signatures), bands, rows)
        key = np.zeros((len(signatures), bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(rows):
                key = (key ^ sig[:, :, k]) * np.uint64(0x9E3779B97F4A7C15)
                key ^= key >> np.uint64(31)
        return key

    @classmethod
    def build(cls, signatures: np.ndarray, bands: int, rows: int) -> BandIndex:
        keys = cls.band_keys(signatures, bands, rows).T  # bands × passages
        order = np.argsort(keys, axis=1, kind="stable")
        return cls(np.take_along_axis(keys, order, axis=1), order.astype(np.int32), bands, rows)

    def query_many(self, signatures: np.ndarray) -> list[np.ndarray]:
        """For each signature, the sorted numbers of the passages sharing at least one band with it."""
        if not len(signatures):
            return []
        qkeys = self.band_keys(signatures, self.bands, self.rows)
        found: list[list[np.ndarray]] = [[] for _ in range(len(signatures))]
        for band in range(self.bands):
            row = self.keys[band]
            lo = np.searchsorted(row, qkeys[:, band], side="left")
            hi = np.searchsorted(row, qkeys[:, band], side="right")
            for i in np.nonzero(hi > lo)[0]:
                found[i].append(self.ids[band, lo[i]:hi[i]])
        return [_sorted_unique(np.concatenate(f)) if f else np.empty(0, dtype=np.int32) for f in found]


# (bands, rows) that datasketch's MinHashLSH picks for 128 permutations (equal false positive / negative
# weights), precomputed: its optimiser integrates with scipy, which is slow to import.
LSH_PARAMS = {0.3: (37, 3), 0.2: (28, 2)}


def _term_hash(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def _terms(words: list[str]) -> list[str]:
    """Word 1- and 2-grams (scikit-learn's ``ngram_range=(1, 2)`` on pre-tokenised text)."""
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class TfidfFitter:
    """Builds :class:`Tfidf` one passage at a time, keeping only flat arrays of (column, count) per passage
    and the vocabulary — not a dict per passage nor the passages themselves (400,000 passages: 5.4 GiB
    before, with every passage held)."""

    def __init__(self) -> None:
        from array import array

        self.vocabulary: dict[str, int] = {}
        self.lengths = array("q")
        self.cols = array("i")
        self.counts = array("d")

    def add(self, words: list[str]) -> None:
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for term in _terms(words):
            col = vocabulary.setdefault(term, len(vocabulary))
            counts[col] = counts.get(col, 0) + 1
        self.lengths.append(len(counts))
        self.cols.extend(counts.keys())
        self.counts.extend(counts.values())

    def finish(self) -> Tfidf:
        terms = sorted(self.vocabulary)  # columns in term order, as scikit-learn numbers them
        remap = np.empty(len(terms), dtype=np.int32)
        for col, term in enumerate(terms):
            remap[self.vocabulary[term]] = col
        n_rows = len(self.lengths)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.frombuffer(self.lengths, dtype=np.int64)) if n_rows else []
        cols = remap[np.frombuffer(self.cols, dtype=np.int32)] if len(self.cols) else np.empty(0, np.int32)
        counts_arr = np.frombuffer(self.counts, dtype=np.float64).copy() if len(self.counts) else np.empty(0)
        row_of = np.repeat(np.arange(n_rows), np.diff(indptr))
        order = np.lexsort((cols, row_of))  # each row's columns in order
        indices, counts_arr = cols[order], counts_arr[order]
        df = np.bincount(indices, minlength=len(terms)).astype(np.float64)
        idf = np.log((n_rows + 1) / (df + 1)) + 1
        data = (1 + np.log(counts_arr)) * idf[indices]
        norms = np.sqrt(np.bincount(row_of, weights=data ** 2, minlength=n_rows))
        data /= norms[row_of]  # (a row with terms has a positive norm: every weight is ≥ 1)
        hashes = np.fromiter((_term_hash(t) for t in terms), dtype=np.uint64, count=len(terms))
        by_hash = np.argsort(hashes)
        return Tfidf(hashes[by_hash], np.arange(len(terms), dtype=np.int32)[by_hash], idf, indptr, indices, data)


class Tfidf:
    """TF-IDF of word 1-2 grams as plain arrays — the weighting of scikit-learn's ``TfidfVectorizer(
    ngram_range=(1, 2), sublinear_tf=True)`` (smooth IDF, rows of unit length), computed here so that the
    matcher neither imports scikit-learn nor unpickles it. Terms are looked up by a 64-bit hash."""

    def __init__(self, term_hash: np.ndarray, term_col: np.ndarray, idf: np.ndarray, indptr: np.ndarray,
                 indices: np.ndarray, data: np.ndarray):
        self.term_hash, self.term_col, self.idf = term_hash, term_col, idf
        self.indptr, self.indices, self.data = indptr, indices, data
        self._buffers = threading.local()  # the dense query vector of :meth:`scores`, one per thread

    @classmethod
    def fit(cls, token_lists: Iterable[list[str]]) -> Tfidf:
        fitter = TfidfFitter()
        for words in token_lists:
            fitter.add(words)
        return fitter.finish()

    def vector(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, weights) of one passage, columns sorted; terms the corpus never uses are left out."""
        counts: dict[int, int] = {}
        for term in _terms(words):
            counts[_term_hash(term)] = counts.get(_term_hash(term), 0) + 1
        if not counts or not len(self.term_hash):
            return np.empty(0, dtype=np.int32), np.empty(0)
        hashes = np.fromiter(counts.keys(), dtype=np.uint64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        pos = np.minimum(np.searchsorted(self.term_hash, hashes), len(self.term_hash) - 1)
        known = self.term_hash[pos] == hashes
        cols = self.term_col[pos[known]]
        weights = (1 + np.log(tf[known])) * self.idf[cols]
        order = np.argsort(cols)
        cols, weights = cols[order], weights[order]
        norm = np.sqrt(np.dot(weights, weights))
        return cols, (weights / norm if norm else weights)

    def scores(self, vector: tuple[np.ndarray, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """Cosine of a passage's vector with each of the corpus ``rows``: the rows' terms looked up in a dense
        vector of the passage's weights (one per corpus term, kept between calls and cleared after each)."""
        cols, weights = vector
        rows = np.asarray(rows, dtype=np.int64)
        if not len(cols) or not len(rows):
            return np.zeros(len(rows))
        dense = getattr(self._buffers, "dense", None)
        if dense is None:
            dense = self._buffers.dense = np.zeros(len(self.idf))
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        flat = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())
        which = np.repeat(np.arange(len(rows)), lengths)
        dense[cols] = weights
        try:
            product = self.data[flat] * dense[self.indices[flat]]  # 0 where the passage lacks the term
        finally:
            dense[cols] = 0.0
        return np.bincount(which, weights=product, minlength=len(rows))


class CorpusIndex:
    """The matcher: LSH (as arrays) over MinHash signatures of word and of syllable shingles, and TF-IDF
    vectors of every passage of a corpus. Built from a store's passages, saved to and memory-mapped from a
    cache file of plain arrays; a stored passage's text is read back from the store only when it matches."""

    def __init__(self, lsh: BandIndex, prefilter: BandIndex, tfidf: Tfidf, doc_of: np.ndarray,
                 doc_names: list[str], doc_titles: list[str], passages: list[Passage] | None = None,
                 rowids: np.ndarray | None = None, store_path: Path | None = None):
        self.lsh, self.prefilter, self.tfidf = lsh, prefilter, tfidf
        self.doc_of, self.doc_names, self.doc_titles = doc_of, doc_names, doc_titles
        self._passages = passages
        self.rowids, self.store_path = rowids, store_path
        self._fetched: dict[int, Passage] = {}
        self._shingle_cache: dict[int, set[bytes]] = {}

    def __len__(self) -> int:
        return len(self.doc_of)

    @classmethod
    def build(cls, passages: list[Passage], signatures: list[np.ndarray], rowids: np.ndarray | None = None,
              store_path: Path | None = None, keep_passages: bool = True) -> CorpusIndex:
        names: dict[str, int] = {}
        titles: list[str] = []
        doc_of = np.empty(len(passages), dtype=np.int32)
        for i, p in enumerate(passages):
            if p.doc not in names:
                names[p.doc] = len(names)
                titles.append(p.title)
            doc_of[i] = names[p.doc]
        sig = np.asarray(signatures, dtype=np.uint64).reshape(len(passages), NUM_PERM)
        rough = signatures_of([normal_syllables(p.text) for p in passages])
        return cls(BandIndex.build(sig, *LSH_PARAMS[0.3]), BandIndex.build(rough, *LSH_PARAMS[0.2]),
                   Tfidf.fit([p.words() for p in passages]), doc_of, list(names), titles,
                   passages if keep_passages else None, rowids, store_path)

    @classmethod
    def from_store(cls, store: CorpusStore, chunk: int = 50_000) -> CorpusIndex:
        """The matcher of a store's passages, read one by one: only arrays are kept (signatures, the syllable
        signatures computed ``chunk`` passages at a time, TF-IDF counts), never the passages themselves."""
        names: dict[str, int] = {}
        titles: list[str] = []
        doc_of, rowids = [], []
        signatures: list[np.ndarray] = []  # per chunk: (passages × NUM_PERM)
        rough: list[np.ndarray] = []
        pending: list[np.ndarray] = []
        syllables: list[list[str]] = []
        fitter = TfidfFitter()

        def flush() -> None:
            signatures.append(np.asarray(pending, dtype=np.uint64).reshape(len(pending), NUM_PERM))
            rough.append(signatures_of(syllables))
            pending.clear()
            syllables.clear()

        for rowid, (p, hv) in store.iter_passages_with_ids():
            if p.doc not in names:
                names[p.doc] = len(names)
                titles.append(p.title)
            doc_of.append(names[p.doc])
            rowids.append(rowid)
            pending.append(hv)
            syllables.append(normal_syllables(p.text))
            fitter.add(p.words())
            if len(pending) >= chunk:
                flush()
        if pending or not signatures:
            flush()
        sig = np.concatenate(signatures)
        return cls(BandIndex.build(sig, *LSH_PARAMS[0.3]), BandIndex.build(np.concatenate(rough), *LSH_PARAMS[0.2]),
                   fitter.finish(), np.asarray(doc_of, dtype=np.int32), list(names), titles, None,
                   np.asarray(rowids, dtype=np.int64), store.path)

    @classmethod
    def from_passages(cls, passages: list[Passage]) -> CorpusIndex:
        return cls.build(passages, signatures_of([p.words() for p in passages]))

    def doc(self, j: int) -> str:
        return self.doc_names[self.doc_of[j]]

    def passage(self, j: int) -> Passage:
        """Corpus passage ``j`` (read from the store the first time, when the index came from the cache)."""
        if self._passages is not None:
            return self._passages[j]
        if j not in self._fetched:
            from pipeline.corpus.store import read_passage

            self._fetched[j] = read_passage(self.store_path, int(self.rowids[j]))
        return self._fetched[j]

    def query_all(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
                  min_overlap: float = 0.6, overlap_min_tokens: int = 20) -> list[tuple[int, int, float]]:
        """Every (passage index, corpus passage index, score) scoring ≥ threshold.

        For passages of ``overlap_min_tokens`` words or more, the two must also share ``min_overlap``
        of their word 3-shingles (Jaccard): two paragraphs written from one template about different
        things can reach a high TF-IDF cosine, but they share far fewer word runs than a copy does.
        Passages without a candidate in the looser syllable LSH are never word-segmented."""
        if not len(self) or not passages:
            return []
        excluded = self.doc_names.index(exclude_doc) if exclude_doc in self.doc_names else -1
        rough = self.prefilter.query_many(_signatures([normal_syllables(p.text) for p in passages]))
        kept = [i for i, found in enumerate(rough) if (self.doc_of[found] != excluded).any()]
        if not kept:
            return []
        fine = self.lsh.query_many(_signatures([passages[i].words() for i in kept]))
        out = []
        for i, found in zip(kept, fine):
            candidates = found[self.doc_of[found] != excluded]
            if not len(candidates):
                continue
            passage = passages[i]
            scores = self.tfidf.scores(self.tfidf.vector(passage.words()), candidates)
            mine = shingles(passage.words()) if len(passage.words()) >= overlap_min_tokens else None
            for sc, j in zip(scores, candidates.tolist()):
                if sc < threshold:
                    continue
                if mine is not None:
                    theirs = self._shingles(j)
                    if len(mine & theirs) / len(mine | theirs) < min_overlap:
                        continue
                out.append((i, j, min(float(sc), 1.0)))
        return out

    def _shingles(self, j: int) -> set[bytes]:
        if j not in self._shingle_cache:
            self._shingle_cache[j] = shingles(self.passage(j).words())
        return self._shingle_cache[j]

    # ------------------------------------------------------------------ the cache file

    def save(self, path: Path) -> None:
        """Write the index as one file of plain arrays (read back by :meth:`load`, memory-mapped)."""
        arrays = {"lsh_keys": self.lsh.keys, "lsh_ids": self.lsh.ids, "pre_keys": self.prefilter.keys,
                  "pre_ids": self.prefilter.ids, "term_hash": self.tfidf.term_hash, "term_col": self.tfidf.term_col,
                  "idf": self.tfidf.idf, "indptr": self.tfidf.indptr, "indices": self.tfidf.indices,
                  "data": self.tfidf.data, "doc_of": self.doc_of,
                  "rowids": self.rowids if self.rowids is not None else np.empty(0, dtype=np.int64)}
        header: dict[str, Any] = {"format": INDEX_FORMAT, "doc_names": self.doc_names, "doc_titles": self.doc_titles,
                                  "store": str(self.store_path) if self.store_path else None,
                                  "lsh": [self.lsh.bands, self.lsh.rows],
                                  "prefilter": [self.prefilter.bands, self.prefilter.rows], "arrays": {}}
        offset = 0
        for name, arr in arrays.items():
            arr = np.ascontiguousarray(arr)
            header["arrays"][name] = [arr.dtype.str, list(arr.shape), offset]
            offset += -(-arr.nbytes // 64) * 64
        head = json.dumps(header, ensure_ascii=False).encode("utf-8")
        start = -(-(len(head) + 16) // 64) * 64
        with path.open("wb") as fh:
            fh.write(_MAGIC + start.to_bytes(8, "little"))
            fh.write(head)
            for name, arr in arrays.items():
                fh.seek(start + header["arrays"][name][2])
                fh.write(np.ascontiguousarray(arr).tobytes())
            fh.truncate(start + offset)

    @classmethod
    def load(cls, path: Path) -> CorpusIndex:
        with path.open("rb") as fh:
            magic = fh.read(16)
            if magic[:8] != _MAGIC:
                raise ValueError(f"not a matcher cache: {path}")
            start = int.from_bytes(magic[8:], "little")
            header = json.loads(fh.read(start - 16).rstrip(b"\0").decode("utf-8"))
        if header.get("format") != INDEX_FORMAT:
            raise ValueError(f"old matcher cache: {path}")
        import mmap

        with path.open("rb") as fh:  # plain arrays over the mapped file (np.memmap's Python-level indexing costs
            # ~50 µs a slice: 0.8 s of 500 lookups at 400,000 passages); the arrays keep the mapping alive
            raw = np.frombuffer(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), dtype=np.uint8)
        arrays = {}
        for name, (dtype, shape, offset) in header["arrays"].items():
            count = int(np.prod(shape))
            size = count * np.dtype(dtype).itemsize
            arrays[name] = raw[start + offset:start + offset + size].view(dtype).reshape(shape)
        store = header["store"]
        return cls(BandIndex(arrays["lsh_keys"], arrays["lsh_ids"], *header["lsh"]),
                   BandIndex(arrays["pre_keys"], arrays["pre_ids"], *header["prefilter"]),
                   Tfidf(arrays["term_hash"], arrays["term_col"], arrays["idf"], arrays["indptr"], arrays["indices"],
                         arrays["data"]),
                   arrays["doc_of"], header["doc_names"], header["doc_titles"], None, arrays["rowids"],
                   Path(store) if store else None)

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
                doc = self.doc(k)
                if s > best_by_doc.get(doc, (-1.0, -1))[0]:
                    best_by_doc[doc] = (s, k)
            near = [(s, k) for s, k in best_by_doc.values() if s >= best_score - 0.05]
            score, j = min(near, key=lambda sk: (source_rank(self.doc_titles[self.doc_of[sk[1]]]), -sk[0]))
            draft = passages[i]
            section = draft.location.section.lower()
            generic = (len(draft.text.split()) < boilerplate_max_words
                       or any(word in section for word in boilerplate_sections))
            match = _match(draft, self.passage(j), score)
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
            key = (i, index.doc(j))
            if score > best.get(key, (0.0, -1))[0]:
                best[key] = (score, j)
        for (i, doc), (score, j) in best.items():
            b = position[doc]
            share[a, b] += 1
            if a < b:
                shared.append(_match(mine[i], index.passage(j), score))
        if mine:
            share[a] /= len(mine)
    shared.sort(key=lambda m: -m.score)
    return CrossCheck(names, share, shared)


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
    return cache_root()


def load_index(store: CorpusStore) -> CorpusIndex:
    """The matcher for a store, memory-mapped from the disk cache while the store is unchanged."""
    key = hashlib.sha256(f"{INDEX_FORMAT}|{store.path.resolve()}|{store.version}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"index-{key}.arrays"
    if cache.exists():
        try:
            return CorpusIndex.load(cache)
        except (OSError, ValueError, KeyError):  # a stale or truncated cache is rebuilt
            pass
    index = CorpusIndex.from_store(store)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        index.save(tmp)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, just without the cache
    return index


def folder_store_path(folder: Path) -> Path:
    """The cache store that mirrors a corpus folder (``--corpus DIR``)."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return _cache_dir() / f"corpus-{key}.sqlite"

