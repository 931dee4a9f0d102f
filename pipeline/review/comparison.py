"""The corpus comparison of one review, and where it runs.

The draft's passages are matched with the corpus of earlier plans (the store, or the bundled folder mirrored
into one) by the duplicate_content rule's settings (``DuplicateContentParams``). The fork policy: with
``parallel`` and a corpus to compare with, the comparison runs in a child forked when the review starts
(core/forked.py), which loads the matcher (and the word segmenter, while the draft is still being parsed) and
compares on the second core while the parent analyses and checks; otherwise it runs in the process, when the
checks ask for it. The CLI's one-draft review forks that child even earlier, before it imports the review's
own modules (review/early_child.py), and the comparison adopts it (:meth:`CorpusComparison.adopt`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.analyse.vi_tokenize import word_segmenter
from pipeline.core.forked import ForkedCall, argument_arrived
from pipeline.corpus.duplicates import CorpusIndex, DuplicateMatch, folder_store_path, load_index
from pipeline.corpus.store import Passage, mirror_store, open_store

if TYPE_CHECKING:
    from pipeline.review.reviewer import ReviewOptions
    from pipeline.rules.loader import RuleSet
    from pipeline.rules.params import DuplicateContentParams

Outcome = tuple[list[DuplicateMatch], list[DuplicateMatch], list[str], float]


class ComparisonSpec(NamedTuple):
    """What a comparison needs, as plain data: a child forked before the review's modules were imported receives
    it (unpickling a rule set, the review's options or even the rule's parameters would import them all)."""

    store_path: Path | None
    corpus_dir: Path | None
    threshold: float
    query: dict[str, Any]  # CorpusIndex.query's keyword arguments, from the duplicate_content rule's settings
    rules_dirs: list[Path] | None  # for the rule set, loaded only to read a corpus file that changed
    kb_files: list[Path] | None


class CorpusComparison:
    """The matcher (loaded once) and the settings of the rule set's duplicate_content rule."""

    def __init__(self, spec: ComparisonSpec, ruleset: RuleSet | None = None, parallel: bool = False,
                 enabled: bool = True, settings: DuplicateContentParams | None = None):
        """``ruleset``: None in a child given only the spec (loaded if a corpus file must be read); ``parallel``:
        compare in a forked child; ``enabled``: False when the rule set has no duplicate_content rule;
        ``settings``: the rule's (the spec holds what the comparison reads of them)."""
        self.spec, self.parallel, self.enabled, self._settings = spec, parallel, enabled, settings
        self._ruleset = ruleset
        self.skipped: list[str] = []  # corpus files that could not be read
        self._index: CorpusIndex | None = None
        self._adopted: _Adopted | None = None  # a child forked before this object, for the next review

    @classmethod
    def for_review(cls, options: ReviewOptions, ruleset: RuleSet) -> CorpusComparison:
        """The comparison of a reviewer's options, by its rule set's duplicate_content rule."""
        from pipeline.rules.params import DuplicateContentParams

        rule = next((r for r in ruleset.rules if r.check == "duplicate_content"), None)
        settings = rule.options if rule else DuplicateContentParams()
        threshold = float(options.dup_threshold or settings.threshold)
        query = {"boilerplate_docs": settings.boilerplate_docs, "min_overlap": settings.min_shingle_overlap,
                 "boilerplate_max_words": settings.boilerplate_max_words,
                 "boilerplate_sections": tuple(w.lower() for w in settings.boilerplate_sections)}
        spec = ComparisonSpec(options.store_path, options.corpus_dir, threshold, query, options.rules_dirs,
                              options.kb_files)
        return cls(spec, ruleset, options.parallel, enabled=rule is not None, settings=settings)

    @property
    def settings(self) -> DuplicateContentParams:
        """The duplicate_content rule's settings (a comparison made from a spec alone has none)."""
        if self._settings is None:
            raise RuntimeError("a comparison made from a spec alone has no rule settings")
        return self._settings

    @property
    def threshold(self) -> float:
        return self.spec.threshold

    @property
    def ruleset(self) -> RuleSet:
        if self._ruleset is None:  # (a child given only the spec: the same folders' rules)
            from pipeline.rules.loader import load_rules

            self._ruleset = load_rules(self.spec.rules_dirs, self.spec.kb_files)
        return self._ruleset

    @property
    def has_source(self) -> bool:
        """Is there a corpus to compare with (a store or a corpus folder; not with --no-corpus)?"""
        return self.spec.store_path is not None or self.spec.corpus_dir is not None

    @property
    def index(self) -> CorpusIndex | None:
        """The matcher for the corpus store (or the corpus folder), loaded once."""
        if self._index is None and self.enabled:
            if self.spec.store_path is not None:
                with open_store(self.spec.store_path) as store:
                    self._index = load_index(store)
            elif self.spec.corpus_dir is not None:
                with mirror_store(folder_store_path(self.spec.corpus_dir)) as store:
                    self.skipped = store.sync_folder(Path(self.spec.corpus_dir), _RulesOnDemand(self))
                    self._index = load_index(store)
        return self._index

    @property
    def beside(self) -> bool:
        """Does the next review compare in a child beside it (the fork policy of :meth:`start`; a busy machine
        may still refuse the fork)?"""
        return self._adopted is not None or (self.parallel and self.enabled and self.has_source)

    def start(self) -> ForkedCall | _Adopted:
        """The fork policy: a child that compares beside the parent when ``parallel`` and there is a corpus
        (the child :meth:`adopt` took, if any)."""
        adopted, self._adopted = self._adopted, None
        return adopted or ForkedCall(self.compare, prepare=self.prepare, use_fork=self.beside)

    def adopt(self, child: ForkedCall) -> None:
        """Take a comparing child forked before this object existed (review/early_child.py) for the next review;
        it is stopped when this review runs no comparison in a child (no corpus, no duplicate_content rule)."""
        if self.parallel and self.enabled and self.has_source and self._adopted is None:
            self._adopted = _Adopted(child, self.spec)
        else:
            child.discard()

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
            found = self.index.query(passages, self.threshold, exclude_doc=own, **self.spec.query)
            duplicates = [d for d in found if not d.boilerplate]
            boilerplate = [d for d in found if d.boilerplate]
        return duplicates, boilerplate, self.skipped, time.perf_counter() - t0


def warm_up() -> None:
    """What a comparing child forked before the review's imports loads while the draft is read (its ``prepare``):
    these modules (imported by now), numpy for the matcher's arrays, and the word segmenter unless the passages
    have come already — then the comparison loads it only if a passage has candidates."""
    import numpy  # noqa: F401 - the matcher's arrays

    if not argument_arrived():
        word_segmenter()


def compare_job(job: tuple[ComparisonSpec, list[Passage], str]) -> Outcome:
    """An adopted child's comparison: the spec came with the passages."""
    spec, passages, own = job
    return CorpusComparison(spec).compare((passages, own))


class _RulesOnDemand:
    """The comparison's rule set as the corpus folder's sync takes it: asked for only when a file of the folder
    is new or changed and must be read (an unchanged folder never loads it in a child given only the spec)."""

    def __init__(self, comparison: CorpusComparison):
        self._comparison = comparison

    def __getattr__(self, name: str) -> Any:
        return getattr(self._comparison.ruleset, name)


class _Adopted:
    """An early child as the review uses a ForkedCall: the draft's passages sent with the comparison's spec (the
    child was forked before it existed); without the child, :func:`compare_job` runs here."""

    def __init__(self, child: ForkedCall, spec: ComparisonSpec):
        self.child, self.spec = child, spec

    def send(self, job: tuple[list[Passage], str]) -> None:
        self.child.send((self.spec, *job))

    def result(self, meanwhile: Any = None) -> Outcome:
        return self.child.result(meanwhile)

    def discard(self) -> None:
        self.child.discard()
