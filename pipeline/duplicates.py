"""Compare a draft with a corpus of earlier plans: TF-IDF over word-segmented passages (scikit-learn).

A *passage* is a body paragraph or a table row long enough to carry content. Passages of the legal
basis section (căn cứ) and headings are boilerplate and never count as duplication. The corpus index
is cached on disk, keyed by the corpus files' contents, so it is built once per corpus.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .model import Location
from .parse import SUPPORTED, parse_file
from .rules_loader import RuleSet
from .segment import Segmented, segment, word_tokens

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpora"
INDEX_FORMAT = 2


@dataclass
class Passage:
    doc: str  # file name
    title: str
    text: str
    location: Location


@dataclass
class DuplicateMatch:
    draft_text: str
    draft_location: Location
    source_doc: str
    source_title: str
    source_text: str
    source_location: Location
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "draft_text": self.draft_text, "draft_location": self.draft_location.to_dict(),
            "source_doc": self.source_doc, "source_title": self.source_title,
            "source_text": self.source_text, "source_location": self.source_location.to_dict(),
            "score": round(self.score, 3),
        }


def passages_of(seg: Segmented, doc_name: str, min_words: int = 12) -> list[Passage]:
    """Content passages of a document: body paragraphs and table rows outside the legal-basis section."""
    out = []
    for block in seg.body:
        if block.kind == "heading" or "can_cu" in block.section_kinds:
            continue
        if block.kind == "table_row" and block.location.row == 1:
            continue  # a table's header row is layout, not content
        if len(block.text.split()) < min_words:
            continue
        out.append(Passage(doc_name, seg.meta.title, block.text, block.location))
    return out


def tokens_for(text: str) -> str:
    """Word-segmented, lower-cased text for the vectoriser (punctuation dropped)."""
    return " ".join(t for t in word_tokens(text) if any(ch.isalnum() for ch in t))


def _split(text: str) -> list[str]:
    return text.split()


class CorpusIndex:
    """TF-IDF vectors of every corpus passage.

    A corpus passage that recurs in ``boilerplate_docs`` or more other corpus documents (a standard
    disclaimer, a stock sentence every plan carries) is boilerplate: a draft repeating it is not
    reported as duplicating a programme.
    """

    def __init__(self, passages: list[Passage], documents: list[str], skipped: list[str],
                 boilerplate_similarity: float = 0.6, boilerplate_docs: int = 2):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.passages = passages
        self.documents = documents
        self.skipped = skipped
        self.vectorizer = TfidfVectorizer(tokenizer=_split, token_pattern=None, lowercase=False,
                                          ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        texts = [tokens_for(p.text) for p in passages]
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        self.boilerplate: set[int] = set()
        if self.matrix is not None:
            sims = (self.matrix @ self.matrix.T).tocsr()
            for i in range(len(passages)):
                row = sims.getrow(i)
                docs = {passages[j].doc for j, v in zip(row.indices, row.data)
                        if v >= boilerplate_similarity and passages[j].doc != passages[i].doc}
                if len(docs) >= boilerplate_docs:
                    self.boilerplate.add(i)

    @classmethod
    def build(cls, corpus_dir: Path, ruleset: RuleSet, min_words: int = 12) -> CorpusIndex:
        passages: list[Passage] = []
        documents: list[str] = []
        skipped: list[str] = []
        for path in corpus_files(corpus_dir):
            try:
                seg = segment(parse_file(path), ruleset)
            except InputError as err:
                skipped.append(f"{path.name}: {err.en}")
                continue
            documents.append(path.name)
            passages.extend(passages_of(seg, path.name, min_words))
        return cls(passages, documents, skipped)

    def query(self, passages: list[Passage], threshold: float) -> list[DuplicateMatch]:
        """The best corpus match of each draft passage whose cosine similarity reaches ``threshold``."""
        if self.matrix is None or not passages:
            return []
        vectors = self.vectorizer.transform([tokens_for(p.text) for p in passages])
        sims = (vectors @ self.matrix.T).tocsr()
        matches = []
        for i, passage in enumerate(passages):
            row = sims.getrow(i)
            if row.nnz == 0:
                continue
            j = int(row.indices[np.argmax(row.data)])
            score = float(row.data.max())
            if score >= threshold and j not in self.boilerplate:
                src = self.passages[j]
                matches.append(DuplicateMatch(passage.text, passage.location, src.doc, src.title, src.text,
                                              src.location, min(score, 1.0)))
        return matches


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in Path(corpus_dir).rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file()
                  and not p.name.startswith((".", "~$")) and p.name.lower() != "readme.txt")


def _cache_dir() -> Path:
    base = os.environ.get("PLANREVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planreview")
    return Path(base)


def load_index(corpus_dir: Path, ruleset: RuleSet, min_words: int = 12) -> CorpusIndex:
    """The corpus index, from the disk cache when the corpus and rule set are unchanged."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}|{ruleset.version}|{min_words}".encode())
    for path in corpus_files(corpus_dir):
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    cache = _cache_dir() / f"corpus-{digest.hexdigest()[:16]}.pkl"
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a stale or truncated cache is rebuilt
            pass
    index = CorpusIndex.build(corpus_dir, ruleset, min_words)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(index, fh)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, just without the cache
    return index
