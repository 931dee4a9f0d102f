"""Find passages of a draft that repeat earlier plans (or other drafts), in three stages that scale.

1. Candidates: MinHash LSH (datasketch's MinHash signatures and banding rule, as plain arrays). A draft
   passage is first looked up in a loose LSH over its syllable shingles (numbers as 0, place names masked),
   which needs no word segmentation: most passages of a draft have no candidate at all and are never
   word-segmented (the slowest step of a review). A long passage (20+ words) takes its candidates from a
   tighter LSH over the same shingles, one tuned to the verification below; a short one from the LSH over
   word 3-shingles of underthesea tokens.
2. Scoring: TF-IDF cosine (scikit-learn's HashingVectorizer columns and TfidfTransformer weighting, word 1-2
   grams, IDF fitted on the corpus) between the draft passage and each candidate.
3. Verification: a long passage must also share ``min_overlap`` of its syllable 3-shingles with the candidate,
   place names masked — what sets a copy (its district's name and figures changed) apart from another plan
   written from the same template, whose shared words reach the cosine threshold (benchmarks/
   bench_duplicates.py measures both). The best candidate left is reported, with a word-level alignment for
   the memo. A passage that several corpus documents share is reported with its highest-level, earliest
   source (a provincial programme before the district plans that copied it) and the number of other plans
   that repeat it; only what is generic to the plan form itself — short stock sentences, the closing formulas
   of "Tổ chức thực hiện" — is set aside as boilerplate, and the memo says so.

The matcher is plain arrays (:class:`BandIndex`, :class:`Tfidf`, the shingle hashes), built once per store
version — a large store's by pipeline/corpus/index_build.py with scikit-learn, streamed, in a process of its
own — and memory-mapped from one cache file, so a review loads it in milliseconds whatever the corpus size and
keeps in memory only the pages it touches; stored passages are read back from the store only when reported.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
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
    place_masked_syllables,
    shingle_hashes,
    signatures_of,
)
from pipeline.corpus.termhash import N_FEATURES, term_column

DEFAULT_CORPUS_DIR = CORPUS_DIR  # bundled.py: corpora/ of the checkout or of the installed wheel
INDEX_FORMAT = 13
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
FENCE = 1024  # 32-bit keys a page holds
RELEASE_PAGES_ABOVE = 128 << 20  # bytes of the matcher's file a process keeps mapped in between drafts
CANDIDATE_BLOCK = 1000  # candidates verified and scored at a time


def _mmap_module():
    import mmap

    return mmap


def _signatures(token_lists: list[list[str]]) -> np.ndarray:
    """MinHash signatures (one row each) of many token lists, computed together."""
    return signatures_of(token_lists)


def fence_keys(keys: np.ndarray) -> np.ndarray:
    """Every ``FENCE``-th key of each band of sorted ``keys`` (bands × ⌈n / FENCE⌉); none (an empty array) when
    the bands are short enough to search whole. Written into the cache file with the keys: taken from the mapped
    keys at each load they mapped every page of them (0.14 s of a review at 400,000 passages)."""
    if keys.shape[1] > 4 * FENCE:
        return np.ascontiguousarray(keys[:, ::FENCE])
    return np.empty((keys.shape[0], 0), dtype=keys.dtype)


class BandIndex:
    """MinHash LSH as plain arrays: for each of ``bands`` bands of ``rows`` hash values, the band keys of all
    passages sorted, with their passage numbers. Two passages are candidates when one band of their
    signatures is equal — the rule of datasketch's ``MinHashLSH`` — found here by binary search, so the index
    loads as two arrays (memory-mapped from the cache) instead of millions of Python objects."""

    def __init__(self, keys: np.ndarray, ids: np.ndarray, bands: int, rows: int, fences: np.ndarray | None = None):
        self.keys, self.ids, self.bands, self.rows = keys, ids, bands, rows
        # every FENCE-th key of each band, in memory (:func:`fence_keys`, stored in the matcher's cache file): a
        # lookup then reads one page of the band's keys instead of the ~19 pages of a binary search over the
        # mapped file (each mapped with its neighbours)
        self.fences = np.ascontiguousarray(fences) if fences is not None and fences.size else None

    def _bounds(self, band: int, qkeys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(first, past-last) positions of each key of ``qkeys`` in the band's sorted keys."""
        row = self.keys[band]
        if self.fences is None:
            return np.searchsorted(row, qkeys, side="left"), np.searchsorted(row, qkeys, side="right")
        fence = self.fences[band]
        first = np.maximum(np.searchsorted(fence, qkeys, side="left") - 1, 0) * FENCE  # the block of the
        last = np.maximum(np.searchsorted(fence, qkeys, side="right") - 1, 0) * FENCE  # first, the last equal
        lo = np.empty(len(qkeys), dtype=np.int64)
        hi = np.empty(len(qkeys), dtype=np.int64)
        for k, (a, b, q) in enumerate(zip(first.tolist(), last.tolist(), qkeys)):
            lo[k] = a + np.searchsorted(row[a:a + FENCE + 1], q, side="left")
            hi[k] = b + np.searchsorted(row[b:b + FENCE + 1], q, side="right")
        return lo, hi

    @staticmethod
    def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
        """(passages × bands) 32-bit keys, one per band of ``rows`` hash values (mixed splitmix64 style, the high
        half kept: half the pages a review's binary searches touch; two bands that differ share a key once in
        4·10⁹ — a spare candidate, which the scoring sets aside)."""
        sig = np.asarray(signatures, dtype=np.uint64)[:, :bands * rows].reshape(len(signatures), bands, rows)
        key = np.zeros((len(signatures), bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(rows):
                key = (key ^ sig[:, :, k]) * np.uint64(0x9E3779B97F4A7C15)
                key ^= key >> np.uint64(31)
        return (key >> np.uint64(32)).astype(np.uint32)

    @classmethod
    def build(cls, signatures: np.ndarray, bands: int, rows: int) -> BandIndex:
        keys = cls.band_keys(signatures, bands, rows).T  # bands × passages
        order = np.argsort(keys, axis=1, kind="stable")
        return cls(np.take_along_axis(keys, order, axis=1), order.astype(np.int32), bands, rows)

    def query_many(self, signatures: np.ndarray, distinct: bool = True) -> list[np.ndarray]:
        """For each signature, the sorted numbers of the passages sharing at least one band with it (``distinct``
        False: unsorted, with repeats — enough to ask whether there is any)."""
        if not len(signatures):
            return []
        qkeys = self.band_keys(signatures, self.bands, self.rows)
        found: list[list[np.ndarray]] = [[] for _ in range(len(signatures))]
        for band in range(self.bands):
            lo, hi = self._bounds(band, qkeys[:, band])
            for i in np.nonzero(hi > lo)[0]:
                found[i].append(self.ids[band, lo[i]:hi[i]])
        if not distinct:
            return [np.concatenate(f) if f else np.empty(0, dtype=np.int32) for f in found]
        return [_sorted_unique(np.concatenate(f)) if f else np.empty(0, dtype=np.int32) for f in found]


# (bands, rows) that datasketch's MinHashLSH picks for 128 permutations (equal false positive / negative
# weights), precomputed: its optimiser integrates with scipy, which is slow to import.
LSH_PARAMS = {0.3: (37, 3), 0.2: (28, 2)}
# The candidates of a long passage: LSH over its syllable 3-shingles with place names masked — the measure the
# verification (min_overlap) applies — 25 bands of 5 rows: a passage sharing 78 % of them (the least a copy
# shared in bench_duplicates) is a candidate with probability 0.9998, 70 % 0.99, while one sharing 40 % (another
# plan written from the same template) 0.23, 30 % 0.06: 2,300 → ~900 candidates a passage at 50,000 plans.
MASKED_LSH = (25, 5)
MASKED_LSH_MIN_OVERLAP = 0.7  # a verification this strict or stricter can take its candidates from it


def _terms(words: list[str]) -> list[str]:
    """Word 1- and 2-grams (scikit-learn's ``ngram_range=(1, 2)`` on pre-tokenised text)."""
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


_column = functools.lru_cache(maxsize=1 << 17)(term_column)  # a draft repeats its terms: hash each once


def _term_counts(words: list[str]) -> dict[int, int]:
    """Column → count of a passage's terms (the columns of scikit-learn's ``HashingVectorizer``)."""
    counts: dict[int, int] = {}
    for term in _terms(words):
        col = _column(term)
        counts[col] = counts.get(col, 0) + 1
    return counts


def smooth_idf(df: np.ndarray, n_rows: int) -> np.ndarray:
    """scikit-learn's smooth IDF, ``ln((1 + n) / (1 + df)) + 1``, in float32 as its TfidfTransformer computes it
    for float32 counts."""
    idf = np.full(len(df), n_rows + 1, dtype=np.float32)
    idf /= df.astype(np.float32) + np.float32(1)
    np.log(idf, out=idf)
    idf += np.float32(1)
    return idf


def _ranges(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions, row number of each position, length of each row) of the CSR ``rows``, flattened."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    total = int(lengths.sum())
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(rows) else np.empty(0, dtype=np.int64)
    flat = np.repeat(starts - offsets, lengths) + np.arange(total)
    return flat, np.repeat(np.arange(len(rows)), lengths), lengths


class Tfidf:
    """TF-IDF of word 1-2 grams as plain arrays (CSR): the columns of scikit-learn's ``HashingVectorizer(
    alternate_sign=False)``, weighted as its ``TfidfTransformer(sublinear_tf=True)`` weights them (smooth IDF,
    rows of unit length) — so the matcher neither imports nor unpickles scikit-learn (pipeline/corpus/
    index_build.py builds large corpora with it). ``idf`` is kept as 0 for a column no corpus passage uses: a
    draft's terms the corpus never has are left out of its vector, as TfidfVectorizer's vocabulary leaves them."""

    def __init__(self, idf: np.ndarray, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray):
        self.idf, self.indptr, self.indices, self.data = idf, indptr, indices, data

    @classmethod
    def fit(cls, token_lists: Iterable[list[str]]) -> Tfidf:
        """In memory, with numpy (small corpora, a batch's drafts)."""
        lengths: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for words in token_lists:
            counts = _term_counts(words)
            keys = sorted(counts)
            lengths.append(len(keys))
            cols.extend(keys)
            tfs.extend(counts[k] for k in keys)
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(lengths)
        indices = np.asarray(cols, dtype=np.int32)
        df = np.bincount(indices, minlength=N_FEATURES)
        idf = smooth_idf(df, len(lengths))
        data = (1 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[indices]
        rows = np.repeat(np.arange(len(lengths)), lengths)
        norms = np.sqrt(np.bincount(rows, weights=data ** 2, minlength=len(lengths)))
        idf[df == 0] = 0
        return cls(idf, indptr, indices, (data / norms[rows]).astype(np.float32))

    def vector(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, weights) of one passage, columns sorted; terms the corpus never uses are left out."""
        counts = _term_counts(words)
        if not counts:
            return np.empty(0, dtype=np.int32), np.empty(0)
        cols = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))  # the dtype of the corpus indices
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        idf = self.idf[cols].astype(np.float64)
        known = idf > 0
        order = np.argsort(cols[known])
        cols, weights = cols[known][order], ((1 + np.log(tf[known])) * idf[known])[order]
        norm = np.sqrt(np.dot(weights, weights))
        return cols, (weights / norm if norm else weights)

    def scores(self, vector: tuple[np.ndarray, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """Cosine of a passage's vector with each of the corpus ``rows``: the rows' terms looked up among the
        passage's sorted columns (no buffer as wide as the columns: its pages would stay in the review's
        memory)."""
        cols, weights = vector
        rows = np.asarray(rows, dtype=np.int64)
        if not len(cols) or not len(rows):
            return np.zeros(len(rows))
        flat, which, _ = _ranges(self.indptr, rows)
        terms = self.indices[flat]
        pos = np.minimum(np.searchsorted(cols, terms), len(cols) - 1)
        product = np.where(cols[pos] == terms, self.data[flat] * weights[pos], 0.0)  # 0 where the passage lacks it
        return np.bincount(which, weights=product, minlength=len(rows))


class Streamed:
    """An array written to the cache file chunk by chunk (the streamed build never holds it whole)."""

    def __init__(self, dtype: Any, shape: tuple[int, ...], chunks: Any):
        self.dtype, self.shape, self.chunks = np.dtype(dtype), shape, chunks

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape)) * self.dtype.itemsize


def write_arrays(path: Path, header: dict[str, Any], arrays: dict[str, Any]) -> None:
    """One file: magic, its data offset, a JSON header (with each array's dtype, shape, offset), then the arrays,
    each 64-byte aligned; a :class:`Streamed` array is written from its chunks as they come."""
    header = dict(header, arrays={})
    offset = 0
    for name, arr in arrays.items():
        header["arrays"][name] = [arr.dtype.str, list(arr.shape), offset]
        offset += -(-arr.nbytes // 64) * 64
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    start = -(-(len(head) + 16) // 64) * 64
    with path.open("wb") as fh:
        fh.write(_MAGIC + start.to_bytes(8, "little"))
        fh.write(head)
        for name, arr in arrays.items():
            fh.seek(start + header["arrays"][name][2])
            if isinstance(arr, Streamed):
                written = 0
                for chunk in arr.chunks:
                    chunk = np.ascontiguousarray(chunk, dtype=arr.dtype)
                    fh.write(chunk.tobytes())
                    written += chunk.nbytes
                if written != arr.nbytes:
                    raise ValueError(f"{name}: {written} bytes written, {arr.nbytes} announced")
            else:
                fh.write(np.ascontiguousarray(arr).tobytes())
        fh.truncate(start + offset)


class CorpusIndex:
    """The matcher: LSH (as arrays) over MinHash signatures of word and of syllable shingles, TF-IDF vectors
    of every passage, and each passage's syllable 3-shingles (hashed, place names masked) for the verification
    of candidates. Built from a store's passages, saved to and memory-mapped from a cache file of plain arrays;
    a stored passage's text is read back from the store only when it is reported."""

    def __init__(self, lsh: BandIndex, prefilter: BandIndex, masked: BandIndex, tfidf: Tfidf,
                 sh_indptr: np.ndarray, sh_hash: np.ndarray, doc_of: np.ndarray, doc_names: list[str],
                 doc_titles: list[str],
                 passages: list[Passage] | None = None, rowids: np.ndarray | None = None,
                 store_path: Path | None = None):
        self.lsh, self.prefilter, self.masked, self.tfidf = lsh, prefilter, masked, tfidf
        self.sh_indptr, self.sh_hash = sh_indptr, sh_hash
        self.doc_of, self.doc_names, self.doc_titles = doc_of, doc_names, doc_titles
        self._passages = passages
        self.rowids, self.store_path = rowids, store_path
        self._fetched: dict[int, Passage] = {}
        self._mapping: Any = None  # the cache file's mapping, when loaded from it

    def __len__(self) -> int:
        return len(self.doc_of)

    @classmethod
    def build(cls, passages: list[Passage], signatures: list[np.ndarray] | np.ndarray,
              rowids: np.ndarray | None = None, store_path: Path | None = None,
              keep_passages: bool = True) -> CorpusIndex:
        """In memory, with numpy (a batch's drafts, small stores); pipeline/corpus/index_build.py streams
        large stores through scikit-learn into the same arrays."""
        names: dict[str, int] = {}
        titles: list[str] = []
        doc_of = np.empty(len(passages), dtype=np.int32)
        for i, p in enumerate(passages):
            if p.doc not in names:
                names[p.doc] = len(names)
                titles.append(p.title)
            doc_of[i] = names[p.doc]
        sig = np.asarray(signatures, dtype=np.uint64).reshape(len(passages), NUM_PERM)
        masked = [place_masked_syllables(p.text) for p in passages]
        rough = signatures_of(masked)  # one signature for the prefilter's bands and the masked LSH's
        hashes = [shingle_hashes(m) for m in masked]
        sh_indptr = np.zeros(len(passages) + 1, dtype=np.int64)
        sh_indptr[1:] = np.cumsum([len(h) for h in hashes])
        sh_hash = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint32)
        return cls(BandIndex.build(sig, *LSH_PARAMS[0.3]), BandIndex.build(rough, *LSH_PARAMS[0.2]),
                   BandIndex.build(rough, *MASKED_LSH), Tfidf.fit([p.words() for p in passages]),
                   sh_indptr, sh_hash, doc_of, list(names), titles, passages if keep_passages else None, rowids,
                   store_path)

    @classmethod
    def from_store(cls, store: CorpusStore) -> CorpusIndex:
        """The matcher of a (small) store's passages, built in memory; :func:`load_index` builds a large
        store's with scikit-learn, streamed, in a process of its own."""
        rowids, passages, signatures = [], [], []
        for rowid, (p, hv) in store.iter_passages_with_ids():
            rowids.append(rowid)
            passages.append(p)
            signatures.append(hv)
        return cls.build(passages, np.asarray(signatures, dtype=np.uint64).reshape(len(passages), NUM_PERM),
                         np.asarray(rowids, dtype=np.int64), store.path, keep_passages=False)

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
            self.prefetch([j])
        return self._fetched[j]

    def prefetch(self, js: Iterable[int]) -> None:
        """Read the corpus passages ``js`` from the store at once (one connection), for :meth:`passage`."""
        if self._passages is not None:
            return
        wanted = sorted({int(j) for j in js} - self._fetched.keys())
        if wanted:
            from pipeline.corpus.store import read_passages

            found = read_passages(self.store_path, [int(self.rowids[j]) for j in wanted])
            self._fetched.update((j, found[int(self.rowids[j])]) for j in wanted)

    def overlap(self, mine: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Jaccard of a passage's shingle hashes (sorted, distinct) with those of each of the corpus ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        flat, which, lengths = _ranges(self.sh_indptr, rows)
        theirs = self.sh_hash[flat]
        if len(mine):
            pos = np.minimum(np.searchsorted(mine, theirs), len(mine) - 1)
            found = mine[pos] == theirs
        else:
            found = np.zeros(len(theirs), dtype=bool)
        shared = np.bincount(which, weights=found, minlength=len(rows))
        union = len(mine) + lengths - shared
        return np.divide(shared, union, out=np.zeros(len(rows)), where=union > 0)

    def hits(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
             min_overlap: float = 0.7, overlap_min_tokens: int = 20
             ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """(passage index, corpus passages, their scores) of every passage with a match scoring ≥ threshold.

        For passages of ``overlap_min_tokens`` words or more, the two must also share ``min_overlap`` of their
        syllable 3-shingles (Jaccard), place names masked: two paragraphs written from one template about
        different things reach a high TF-IDF cosine — the template's words are in thousands of plans — but
        share far fewer runs of words than a copy, whose only change is often the district's name. Passages
        without a candidate in the looser syllable LSH (the prefilter, on the same masked syllables) are never
        word-segmented."""
        if not len(self) or not passages:
            return
        excluded = self.doc_names.index(exclude_doc) if exclude_doc in self.doc_names else -1
        masked = [place_masked_syllables(p.text) for p in passages]
        syllable_signatures = _signatures(masked)
        rough = self.prefilter.query_many(syllable_signatures, distinct=False)
        kept = [i for i, found in enumerate(rough) if (self.doc_of[found] != excluded).any()]
        if not kept:
            return
        long = [i for i in kept if len(passages[i].words()) >= overlap_min_tokens]
        by_masked = long if min_overlap >= MASKED_LSH_MIN_OVERLAP else []
        found_by = dict(zip(by_masked, self.masked.query_many(syllable_signatures[by_masked])))
        rest = [i for i in kept if i not in found_by]
        found_by.update(zip(rest, self.lsh.query_many(_signatures([passages[i].words() for i in rest]))))
        for i in kept:
            found = found_by[i]
            candidates = found[self.doc_of[found] != excluded]
            if not len(candidates):
                continue
            passage = passages[i]
            vector = self.tfidf.vector(passage.words())
            mine = shingle_hashes(masked[i]) if len(passage.words()) >= overlap_min_tokens else None
            # a boilerplate passage has thousands of candidates all over the file: taken in blocks (ids in
            # order, so each block maps one stretch of the file), the pages given back before each block once
            # they pass RELEASE_PAGES_ABOVE — the kernel maps 16 cached pages around each row read (fault-around,
            # whatever the read-ahead advice), so the band lookups and a block of rows map ~150 MB at 400,000
            # passages
            blocks = np.array_split(candidates, -(-len(candidates) // CANDIDATE_BLOCK))
            found_js, found_ss = [], []
            for block in blocks:
                self.release_pages()
                if mine is not None:  # the cheaper test first: most siblings stop here
                    block = block[self.overlap(mine, block) >= min_overlap]
                scores = self.tfidf.scores(vector, block)
                keep = scores >= threshold
                found_js.append(block[keep])
                found_ss.append(np.minimum(scores[keep], 1.0))
            js = np.concatenate(found_js)
            if len(js):
                yield i, js, np.concatenate(found_ss)

    def query_all(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
                  min_overlap: float = 0.7, overlap_min_tokens: int = 20) -> list[tuple[int, int, float]]:
        """Every (passage index, corpus passage index, score) scoring ≥ threshold (see :meth:`hits`)."""
        return [(i, j, s) for i, js, ss in self.hits(passages, threshold, exclude_doc, min_overlap,
                                                     overlap_min_tokens)
                for j, s in zip(js.tolist(), ss.tolist())]

    # ------------------------------------------------------------------ the cache file

    def arrays(self) -> dict[str, np.ndarray]:
        return {"lsh_keys": self.lsh.keys, "lsh_ids": self.lsh.ids, "lsh_fences": fence_keys(self.lsh.keys),
                "pre_keys": self.prefilter.keys, "pre_ids": self.prefilter.ids,
                "pre_fences": fence_keys(self.prefilter.keys), "mask_keys": self.masked.keys,
                "mask_ids": self.masked.ids, "mask_fences": fence_keys(self.masked.keys),
                "idf": self.tfidf.idf, "indptr": self.tfidf.indptr,
                "indices": self.tfidf.indices, "data": self.tfidf.data, "sh_indptr": self.sh_indptr,
                "sh_hash": self.sh_hash, "doc_of": self.doc_of,
                "rowids": self.rowids if self.rowids is not None else np.empty(0, dtype=np.int64)}

    def header(self) -> dict[str, Any]:
        return cache_header(self.doc_names, self.doc_titles, self.store_path)

    def save(self, path: Path) -> None:
        """Write the index as one file of plain arrays (read back by :meth:`load`, memory-mapped)."""
        write_arrays(path, self.header(), self.arrays())

    @classmethod
    def load(cls, path: Path) -> CorpusIndex:
        with path.open("rb") as fh:
            magic = fh.read(16)
            if magic[:8] != _MAGIC:
                raise ValueError(f"not a matcher cache: {path}")
            start = int.from_bytes(magic[8:], "little")
            header = json.loads(fh.read(start - 16).rstrip(b"\0").decode("utf-8"))
        if header.get("format") != INDEX_FORMAT or header.get("n_features") != N_FEATURES:
            raise ValueError(f"old matcher cache: {path}")
        import mmap

        with path.open("rb") as fh:  # plain arrays over the mapped file (np.memmap's Python-level indexing costs
            # ~50 µs a slice: 0.8 s of 500 lookups at 400,000 passages); the arrays keep the mapping alive
            mapping = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            if hasattr(mmap, "MADV_RANDOM"):  # rows are read here and there: no read-ahead around each
                mapping.madvise(mmap.MADV_RANDOM)
            raw = np.frombuffer(mapping, dtype=np.uint8)
        arrays = {}
        for name, (dtype, shape, offset) in header["arrays"].items():
            count = int(np.prod(shape))
            size = count * np.dtype(dtype).itemsize
            arrays[name] = raw[start + offset:start + offset + size].view(dtype).reshape(shape)
        store = header["store"]
        index = cls(BandIndex(arrays["lsh_keys"], arrays["lsh_ids"], *header["lsh"], arrays["lsh_fences"]),
                    BandIndex(arrays["pre_keys"], arrays["pre_ids"], *header["prefilter"], arrays["pre_fences"]),
                    BandIndex(arrays["mask_keys"], arrays["mask_ids"], *header["masked"], arrays["mask_fences"]),
                    Tfidf(arrays["idf"], arrays["indptr"], arrays["indices"], arrays["data"]),
                    arrays["sh_indptr"], arrays["sh_hash"], arrays["doc_of"], header["doc_names"],
                    header["doc_titles"], None, arrays["rowids"], Path(store) if store else None)
        index._mapping = mapping
        return index

    def release_pages(self, above: int = RELEASE_PAGES_ABOVE) -> bool:
        """Give the mapped file's pages back (they stay in the system's page cache; a later read maps them again)
        once this process holds more than ``above`` bytes of file pages: the candidates of many drafts touch
        rows all over the matcher, and a server or a batch reviewing them one after another would otherwise
        keep the whole file resident. True when released."""
        mapping = getattr(self, "_mapping", None)
        if mapping is None or not hasattr(mapping, "madvise") or not hasattr(_mmap_module(), "MADV_DONTNEED"):
            return False
        try:
            with open("/proc/self/statm", "rb") as fh:
                shared_pages = int(fh.read().split()[2])  # resident file-backed (shared) pages
        except (OSError, ValueError, IndexError):
            return False
        if shared_pages * _mmap_module().PAGESIZE <= above:
            return False
        mapping.madvise(_mmap_module().MADV_DONTNEED)
        return True

    def query(self, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
              boilerplate_docs: int = 3, min_overlap: float = 0.7, boilerplate_max_words: int = 25,
              boilerplate_sections: tuple[str, ...] = ()) -> list[DuplicateMatch]:
        """The best match of each passage scoring ≥ threshold.

        When several documents hold the passage about as well as the best one (within 0.05), the source
        reported is the highest-level, earliest of them (see :func:`source_rank`), with ``also_in`` the count
        of the others. A passage that ``boilerplate_docs`` or more documents share is boilerplate — returned
        with ``boilerplate=True`` — only when it is short (under ``boilerplate_max_words`` words) or stands in
        a section whose label contains one of ``boilerplate_sections`` (e.g. "tổ chức thực hiện")."""
        chosen = []
        for i, js, ss in self.hits(passages, threshold, exclude_doc, min_overlap):
            docs = self.doc_of[js]
            order = np.lexsort((-ss, docs))  # by document, its best passage first
            first = np.ones(len(order), dtype=bool)
            first[1:] = docs[order][1:] != docs[order][:-1]
            best_js, best_ss = js[order][first], ss[order][first]  # each document's best passage
            near = np.nonzero(best_ss >= best_ss.max() - 0.05)[0]
            k = min(near.tolist(), key=lambda n: (source_rank(self.doc_titles[self.doc_of[best_js[n]]]),
                                                  -best_ss[n]))
            draft = passages[i]
            section = draft.location.section.lower()
            generic = (len(draft.text.split()) < boilerplate_max_words
                       or any(word in section for word in boilerplate_sections))
            chosen.append((draft, int(best_js[k]), float(best_ss[k]), len(best_js) - 1,
                           len(near) >= boilerplate_docs and generic))
        self.prefetch(j for _, j, *_ in chosen)
        self.release_pages()
        out = []
        for draft, j, score, also_in, boilerplate in chosen:
            match = _match(draft, self.passage(j), score)
            match.also_in, match.boilerplate = also_in, boilerplate
            out.append(match)
        return out


def cache_header(doc_names: list[str], doc_titles: list[str], store_path: Path | None) -> dict[str, Any]:
    return {"format": INDEX_FORMAT, "n_features": N_FEATURES, "doc_names": doc_names, "doc_titles": doc_titles,
            "store": str(store_path) if store_path else None, "lsh": list(LSH_PARAMS[0.3]),
            "prefilter": list(LSH_PARAMS[0.2]), "masked": list(MASKED_LSH)}


_PROVINCE_LEVEL = re.compile(r"\b(?:tỉnh|thành phố trực thuộc trung ương|quốc gia|chính phủ)\b", re.IGNORECASE)
_COMMUNE_LEVEL = re.compile(r"\b(?:xã|phường|thị trấn|đặc khu)\b", re.IGNORECASE)
_DISTRICT_LEVEL = re.compile(r"\b(?:huyện|thị xã|quận)\b", re.IGNORECASE)
_FIRST_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@functools.lru_cache(maxsize=1 << 16)
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


def cross_check(passages_by_draft: dict[str, list[Passage]], threshold: float, min_overlap: float = 0.7
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


STREAMED_BUILD_MIN = 20_000  # passages: from here on the matcher is built by scikit-learn in a process of its own


def load_index(store: CorpusStore) -> CorpusIndex:
    """The matcher for a store, memory-mapped from the disk cache while the store is unchanged.

    A missing cache is built: a small store's in this process (numpy, milliseconds); a large store's
    (``STREAMED_BUILD_MIN`` passages or more) by pipeline/corpus/index_build.py — scikit-learn's vectorisers,
    streamed — in a child process, so the review neither imports scikit-learn nor keeps the build's memory."""
    key = hashlib.sha256(f"{INDEX_FORMAT}|{store.path.resolve()}|{store.version}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"index-{key}.arrays"
    if cache.exists():
        try:
            return CorpusIndex.load(cache)
        except (OSError, ValueError, KeyError):  # a stale or truncated cache is rebuilt
            pass
    if store.passage_count() >= STREAMED_BUILD_MIN:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            build_in_child(store.path, tmp)
            tmp.replace(cache)
            return CorpusIndex.load(cache)
    index = CorpusIndex.from_store(store)  # (also when the child could not write the cache: a read-only home)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        index.save(tmp)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, just without the cache
    return index


def build_in_child(store_path: Path, out: Path) -> None:
    """Run ``python -m pipeline.corpus.index_build STORE OUT`` (the streamed scikit-learn build)."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding this pipeline package
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    subprocess.run([sys.executable, "-m", "pipeline.corpus.index_build", str(store_path), str(out)], check=True,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def folder_store_path(folder: Path) -> Path:
    """The cache store that mirrors a corpus folder (``--corpus DIR``)."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return _cache_dir() / f"corpus-{key}.sqlite"

