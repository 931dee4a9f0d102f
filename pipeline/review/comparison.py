"""The corpus comparison of one review, and where it runs.

The draft's passages are matched with the corpus of earlier plans (the store, or the bundled folder mirrored
into one) by the duplicate_content rule's settings (``DuplicateContentParams``). The fork policy: with
``parallel`` and a corpus to compare with, the comparison runs in a child forked when the review starts
(core/forked.py), which loads the matcher (and the word segmenter, while the draft is still being parsed) and
compares on the second core while the parent analyses and checks; otherwise it runs in the process, when the
checks ask for it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.analyse.vi_tokenize import word_segmenter
from pipeline.core.forked import ForkedCall, argument_arrived
from pipeline.corpus.duplicates import CorpusIndex, DuplicateMatch, folder_store_path, load_index
from pipeline.corpus.store import Passage, mirror_store, open_store
from pipeline.rules.params import DuplicateContentParams

if TYPE_CHECKING:
    from pipeline.review.reviewer import ReviewOptions
    from pipeline.rules.loader import RuleSet

Outcome = tuple[list[DuplicateMatch], list[DuplicateMatch], list[str], float]


class CorpusComparison:
    """The matcher (loaded once) and the settings of the rule set's duplicate_content rule."""

    def __init__(self, options: ReviewOptions, ruleset: RuleSet):
        self.options, self.ruleset = options, ruleset
        rule = next((r for r in ruleset.rules if r.check == "duplicate_content"), None)
        self.enabled = rule is not None  # no duplicate_content rule: nothing to compare
        self.settings: DuplicateContentParams = rule.options if rule else DuplicateContentParams()
        self.threshold = float(options.dup_threshold or self.settings.threshold)
        self.skipped: list[str] = []  # corpus files that could not be read
        self._index: CorpusIndex | None = None

    @property
    def has_source(self) -> bool:
        """Is there a corpus to compare with (a store or a corpus folder; not with --no-corpus)?"""
        return self.options.store_path is not None or self.options.corpus_dir is not None

    @property
    def index(self) -> CorpusIndex | None:
        """The matcher for the corpus store (or the corpus folder), loaded once."""
        if self._index is None and self.enabled:
            if self.options.store_path is not None:
                with open_store(self.options.store_path) as store:
                    self._index = load_index(store)
            elif self.options.corpus_dir is not None:
                with mirror_store(folder_store_path(self.options.corpus_dir)) as store:
                    self.skipped = store.sync_folder(Path(self.options.corpus_dir), self.ruleset)
                    self._index = load_index(store)
        return self._index

    def start(self) -> ForkedCall:
        """The fork policy: a child that compares beside the parent when ``parallel`` and there is a corpus."""
        return ForkedCall(self.compare, prepare=self.prepare, use_fork=self.options.parallel and self.enabled)

    def prepare(self) -> None:
        """What the comparison loads before it can start: the matcher, and the word segmenter while the draft is
        still being parsed — the segmenter is needed only for passages with candidates (``CorpusIndex.query``
        loads it then): once the passages are here (a short draft), its ≈ 0.25 s are not paid ahead of need."""
        if self.index is not None and len(self.index) and not argument_arrived():
            word_segmenter()

    def compare(self, job: tuple[list[Passage], str]) -> Outcome:
        """The draft's passages matched with the corpus: (duplicates, boilerplate, corpus files skipped, seconds)."""
        passages, own = job
        t0 = time.perf_counter()
        duplicates: list[DuplicateMatch] = []
        boilerplate: list[DuplicateMatch] = []
        if self.index is not None:
            s = self.settings
            found = self.index.query(passages, self.threshold, exclude_doc=own,
                                     boilerplate_docs=s.boilerplate_docs, min_overlap=s.min_shingle_overlap,
                                     boilerplate_max_words=s.boilerplate_max_words,
                                     boilerplate_sections=tuple(w.lower() for w in s.boilerplate_sections))
            duplicates = [d for d in found if not d.boilerplate]
            boilerplate = [d for d in found if d.boilerplate]
        return duplicates, boilerplate, self.skipped, time.perf_counter() - t0
