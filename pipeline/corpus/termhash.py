"""The column of a term in the matcher's TF-IDF matrix: scikit-learn's ``HashingVectorizer`` rule, without it.

The matcher's matrix is built with ``HashingVectorizer(alternate_sign=False)`` (:mod:`pipeline.corpus.build`),
whose column for a term is ``abs(murmurhash3_32(term, seed=0))`` modulo the number of columns. A review must
find the same columns for a draft's terms without importing scikit-learn (≈ 0.3 s of start-up), so the hash is
written out here (MurmurHash3 x86 32-bit, the reference algorithm); a test checks it against scikit-learn's.
"""

from __future__ import annotations

import struct

N_FEATURES = 1 << 23  # columns: at 8 M, two of 2 M distinct terms share a column for < 0.03 % of terms
_C1, _C2, _MASK = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 x86 32-bit of ``data``, as a signed 32-bit integer (scikit-learn's ``murmurhash3_32``)."""
    h = seed & _MASK
    n = len(data)
    tail = n & ~3
    for k in struct.unpack(f"<{tail >> 2}I", data[:tail]):  # 4-byte blocks, little-endian as the reference reads
        k = (k * _C1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        h ^= (k * _C2) & _MASK
        h = ((h << 13) | (h >> 19)) & _MASK
        h = (h * 5 + 0xE6546B64) & _MASK
    k = 0
    rest = n & 3
    if rest == 3:
        k ^= data[tail + 2] << 16
    if rest >= 2:
        k ^= data[tail + 1] << 8
    if rest >= 1:
        k ^= data[tail]
        k = (k * _C1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        h ^= (k * _C2) & _MASK
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def term_column(term: str, n_features: int = N_FEATURES) -> int:
    """The column ``HashingVectorizer(n_features=n_features, alternate_sign=False)`` gives ``term``."""
    h = murmurhash3_32(term.encode("utf-8"))
    if h == -(1 << 31):  # scikit-learn's own rule for the one value whose abs() overflows
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features
