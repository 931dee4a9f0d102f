"""Build the matcher's cache file from a large corpus store, streamed, with scikit-learn.

``python -m pipeline.corpus.index_build STORE OUT`` (run by :func:`pipeline.corpus.duplicates.load_index` in a
process of its own, so the review never imports scikit-learn and never holds the build's memory). The store is
read ``chunk`` passages at a time, in one read transaction:

1. each chunk's word 1-2 grams are counted by ``HashingVectorizer(alternate_sign=False)`` into a sparse matrix
   (no vocabulary held: the column is a hash of the term), spilled to a temporary file beside the output, and
   its document frequencies added up; the LSH band keys of its MinHash signatures (stored), of its place-masked
   syllable signatures (the prefilter's bands and the masked LSH's), and its syllable 3-shingle hashes (place names
   masked), are computed and kept — a few numbers
   per passage;
2. ``TfidfTransformer(sublinear_tf=True)`` with the IDF of the whole corpus weights the spilled chunks one by
   one, written straight into the cache file; the band keys are sorted band by band.

The arrays equal those of :meth:`CorpusIndex.build` (numpy, in memory) up to float32 rounding (a test checks
it). Memory grows with the passages only by the band keys (90 × 4 bytes each) and a few arrays of 4–8 bytes.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from pipeline.corpus.duplicates import (
    FENCE,
    LSH_PARAMS,
    MASKED_LSH,
    BandIndex,
    Streamed,
    _terms,
    cache_header,
    fence_keys,
    smooth_idf,
    write_arrays,
)
from pipeline.corpus.store import NUM_PERM, place_masked_syllables, shingle_hashes, signatures_of
from pipeline.corpus.termhash import N_FEATURES

_ROWS = ("SELECT p.id, d.name, d.title, p.tokens, p.text, p.minhash FROM passages p "
         "JOIN documents d ON d.id = p.doc_id ORDER BY p.id")


def build_cache(store_path: Path, out: Path, chunk: int = 5_000) -> int:
    """Write the matcher's cache file for the store at ``store_path`` to ``out``; return the passage count."""
    db = sqlite3.connect(f"{Path(store_path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        db.execute("BEGIN")  # one snapshot: the count and the rows agree even while another process adds
        n = db.execute("SELECT count(*) FROM passages").fetchone()[0]
        with tempfile.TemporaryDirectory(dir=Path(out).parent, prefix=".index-build-") as spill:
            return _build(db, n, Path(spill), Path(store_path), Path(out), chunk)
    finally:
        db.close()


def _build(db: sqlite3.Connection, n: int, spill: Path, store_path: Path, out: Path, chunk: int) -> int:
    (lsh_bands, lsh_rows), (pre_bands, pre_rows) = LSH_PARAMS[0.3], LSH_PARAMS[0.2]
    mask_bands, mask_rows = MASKED_LSH
    lsh_keys = np.empty((lsh_bands, n), dtype=np.uint32)
    pre_keys = np.empty((pre_bands, n), dtype=np.uint32)
    mask_keys = np.empty((mask_bands, n), dtype=np.uint32)
    doc_of = np.empty(n, dtype=np.int32)
    rowids = np.empty(n, dtype=np.int64)
    sh_lengths = np.empty(n, dtype=np.int64)
    names: dict[str, int] = {}
    titles: list[str] = []
    df = np.zeros(N_FEATURES, dtype=np.int32)
    hasher = HashingVectorizer(analyzer=_terms, n_features=N_FEATURES, alternate_sign=False, norm=None,
                               dtype=np.float32)
    parts = 0
    start = 0
    cursor = db.execute(_ROWS)
    while rows := cursor.fetchmany(chunk):
        stop = start + len(rows)
        counts = hasher.transform([tokens.split() for _, _, _, tokens, _, _ in rows])
        columns, per_column = np.unique(counts.indices, return_counts=True)  # (no temporary as wide as df)
        df[columns] += per_column
        sparse.save_npz(spill / f"tf-{parts}.npz", counts, compressed=False)
        signatures = np.frombuffer(b"".join(r[5] for r in rows), dtype=np.uint64).reshape(len(rows), NUM_PERM)
        lsh_keys[:, start:stop] = BandIndex.band_keys(signatures, lsh_bands, lsh_rows).T
        masked = [place_masked_syllables(r[4]) for r in rows]
        rough = signatures_of(masked)
        pre_keys[:, start:stop] = BandIndex.band_keys(rough, pre_bands, pre_rows).T
        mask_keys[:, start:stop] = BandIndex.band_keys(rough, mask_bands, mask_rows).T
        hashes = [shingle_hashes(m) for m in masked]
        sh_lengths[start:stop] = [len(h) for h in hashes]
        np.save(spill / f"sh-{parts}.npy", np.concatenate(hashes))
        for k, (rowid, name, title, *_rest) in enumerate(rows, start):
            if name not in names:
                names[name] = len(names)
                titles.append(title)
            doc_of[k] = names[name]
            rowids[k] = rowid
        parts += 1
        start = stop
    if start != n:
        raise RuntimeError(f"read {start} passages, counted {n}")
    transformer = TfidfTransformer(sublinear_tf=True).fit(sparse.csr_matrix((1, N_FEATURES), dtype=np.float32))
    transformer.idf_ = smooth_idf(df, n)  # the whole corpus's IDF, as fit() on all its rows would give
    nnz = int(df.sum())  # each passage counts each of its columns once: the matrix's non-zeros

    def tfidf_parts(what: str):
        offset = 0
        for k in range(parts):
            matrix = transformer.transform(sparse.load_npz(spill / f"tf-{k}.npz")).tocsr()
            matrix.sort_indices()
            if what == "indptr":
                yield (matrix.indptr[:-1] if k < parts - 1 else matrix.indptr).astype(np.int64) + offset
                offset += matrix.nnz
            else:
                yield matrix.indices if what == "indices" else matrix.data

    def sh_parts():
        for k in range(parts):
            yield np.load(spill / f"sh-{k}.npy")

    fenced = {}  # name → every FENCE-th sorted key of each band, kept while the keys are written

    def sorted_bands(keys: np.ndarray, what: str, name: str = ""):
        rows = []
        for band in keys:
            order = np.argsort(band, kind="stable")
            if what == "ids":
                yield order.astype(np.int32)
                continue
            ordered = band[order]
            rows.append(ordered[::FENCE])
            yield ordered
        if name:
            fenced[name] = np.stack(rows) if width else np.empty((len(keys), 0), dtype=np.uint32)

    def fences_of(name: str):  # (written after its keys: the keys' generator has filled them by then)
        yield fenced[name]

    idf = smooth_idf(df, n)
    idf[df == 0] = 0  # a column no passage uses: left out of a draft's vector
    sh_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sh_lengths, out=sh_indptr[1:])
    width = fence_keys(np.empty((1, n), dtype=np.uint32)).shape[1]
    arrays = {"lsh_keys": Streamed(np.uint32, (lsh_bands, n), sorted_bands(lsh_keys, "keys", "lsh")),
              "lsh_ids": Streamed(np.int32, (lsh_bands, n), sorted_bands(lsh_keys, "ids")),
              "lsh_fences": Streamed(np.uint32, (lsh_bands, width), fences_of("lsh")),
              "pre_keys": Streamed(np.uint32, (pre_bands, n), sorted_bands(pre_keys, "keys", "pre")),
              "pre_ids": Streamed(np.int32, (pre_bands, n), sorted_bands(pre_keys, "ids")),
              "pre_fences": Streamed(np.uint32, (pre_bands, width), fences_of("pre")),
              "mask_keys": Streamed(np.uint32, (mask_bands, n), sorted_bands(mask_keys, "keys", "mask")),
              "mask_ids": Streamed(np.int32, (mask_bands, n), sorted_bands(mask_keys, "ids")),
              "mask_fences": Streamed(np.uint32, (mask_bands, width), fences_of("mask")),
              "idf": idf,
              "indptr": Streamed(np.int64, (n + 1,), tfidf_parts("indptr") if n else iter([np.zeros(1)])),
              "indices": Streamed(np.int32, (nnz,), tfidf_parts("indices")),
              "data": Streamed(np.float32, (nnz,), tfidf_parts("data")),
              "sh_indptr": sh_indptr,
              "sh_hash": Streamed(np.uint32, (int(sh_indptr[-1]),), sh_parts()),
              "doc_of": doc_of, "rowids": rowids}
    write_arrays(out, cache_header(list(names), titles, store_path), arrays)
    return n


def main(argv: list[str] | None = None) -> int:
    store, out = (argv if argv is not None else sys.argv[1:])
    build_cache(Path(store), Path(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
