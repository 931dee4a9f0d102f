"""Matching two lists of short texts by meaning: a parent plan's tasks against a draft's (issue 34).

Two plans name the same task in different words ("Số hóa sổ hộ tịch … tại cấp xã" / "Chuyển sổ hộ tịch giấy …
sang dạng số"). A pair scores by TF-IDF cosine over three views of the folded text, weighted alike:
syllables, adjacent syllable pairs (Vietnamese words are mostly two syllables: "hộ tịch", "mã độc") and
character 4-grams inside words (inflection-free stems: "số hóa" ~ "dạng số" share "so h"). Phrases naming the
same thing are first rewritten to one wording (rules/41-target-synonyms.yaml), words naming the level or unit
("xã", "phường", "cấp", the commune's own name) and generic verbs ("triển khai", "thực hiện") are dropped, so
what is left is the task's object and action. IDF comes from both lists together: a word every task uses
weighs little. Pairs are then taken one to one, best score first (each draft task carries out one parent task).

Plain numpy, no new dependency: a review compares a few dozen tasks, well under a millisecond of arithmetic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.core.textnorm import fold

_PUNCT = re.compile(r"[^\w\s]+")
_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Vocabulary:
    """What is stripped before matching: ``drop`` phrases (folded, any length; the level's and the unit's words,
    generic verbs), ``synonyms`` (canonical folded phrase → folded variants, rewritten to the canonical words)."""

    drop: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def tokens(self, text: str) -> list[str]:
        """Folded syllables of ``text``: synonyms rewritten to their canonical words, dropped phrases and numbers
        out."""
        return list(_tokens(text, self))


@lru_cache(maxsize=4096)
def _tokens(text: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    synonyms, drop = _compiled(vocabulary)
    folded = " " + _PUNCT.sub(" ", fold(text)) + " "
    for pattern, canonical in synonyms:  # rewritten to the canonical words (partial overlaps still count)
        folded = pattern.sub(canonical, folded)
    if drop is not None:
        folded = drop.sub(" ", folded)
    return tuple(w for w in folded.split() if not _NUMBER.match(w) and len(w) > 1)


@lru_cache(maxsize=16)
def _compiled(vocabulary: Vocabulary) -> tuple[list[tuple[re.Pattern, str]], re.Pattern | None]:
    """One pattern per synonym group (its variants, longest first) and one for every dropped phrase."""
    def alternation(phrases) -> str:
        return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))

    synonyms = [(re.compile(rf"(?<!\w)(?:{alternation(variants)})(?!\w)"), canonical)
                for canonical, variants in vocabulary.synonyms if variants]
    drop = re.compile(rf"(?<!\w)(?:{alternation(vocabulary.drop)})(?!\w)") if vocabulary.drop else None
    return synonyms, drop


def _features(tokens: list[str]) -> list[Counter]:
    uni = Counter(f"w:{t}" for t in tokens)
    bi = Counter(f"b:{a} {b}" for a, b in zip(tokens, tokens[1:]))
    chars = Counter()
    for t in tokens:
        padded = f" {t} "
        chars.update(f"c:{padded[i:i + 4]}" for i in range(max(1, len(padded) - 3)))
    return [uni, bi, chars]


def _idf(docs: list[list[Counter]], view: int) -> dict[str, float]:
    df: Counter = Counter()
    for d in docs:
        df.update(d[view].keys())
    n = len(docs)
    return {term: math.log((1 + n) / (1 + k)) + 1 for term, k in df.items()}


def _unit(counter: Counter, idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, 1.0) for t, c in counter.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarity_matrix(left: Sequence[str], right: Sequence[str], vocabulary: Vocabulary,
                      background: Sequence[str] = ()) -> list[list[float]]:
    """Score (0..1) of every ``left`` × ``right`` pair: the mean cosine of the three views. ``background``: more
    texts of the same plans for the IDF (the parent's tasks not assigned to the draft)."""
    feats = [_features(vocabulary.tokens(t)) for t in (*left, *right)]
    views = range(3)
    idfs = [_idf(feats + [_features(vocabulary.tokens(t)) for t in background], v) for v in views]
    vecs = [[_unit(f[v], idfs[v]) for v in views] for f in feats]
    lv, rv = vecs[: len(left)], vecs[len(left):]
    return [[sum(_cosine(a[v], b[v]) for v in views) / 3 for b in rv] for a in lv]


def pair_one_to_one(scores: list[list[float]], threshold: float) -> dict[int, tuple[int, float]]:
    """left index → (right index, score): the best pairs first, each side used once, scores ≥ ``threshold``."""
    cells = sorted(((s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row) if s >= threshold),
                   reverse=True)
    out: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for s, i, j in cells:
        if i in out or j in used:
            continue
        out[i] = (j, s)
        used.add(j)
    return out


def best_other(scores: list[list[float]], i: int, exclude: int | None = None) -> tuple[int | None, float]:
    """The best right item for left ``i`` (``exclude`` left out): what a "not taken up" row names as nearest."""
    row = [(s, j) for j, s in enumerate(scores[i]) if j != exclude]
    if not row:
        return None, 0.0
    s, j = max(row)
    return j, s
