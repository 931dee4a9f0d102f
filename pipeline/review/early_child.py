"""The corpus comparison's child of a one-draft CLI review, forked before the review's own modules are imported.

A one-page review spends most of its time importing and loading: this process the review's modules and the
writers', the comparison the matcher's modules, numpy and the word segmenter's model. Forked first, the child
loads its part on the second core while this process loads its own and reads the draft; the options and the rule
set travel to it with the draft's passages (:meth:`pipeline.review.comparison.CorpusComparison.adopt`). Whenever
no child can be forked (forked.py: one core, a busy machine) nothing changes: the comparison runs in this process.
This module imports nothing heavy at its top, or the fork would come after those imports.
"""

from __future__ import annotations

from typing import Any

from pipeline.core.forked import ForkedCall
from pipeline.core.lazy_import import loading_uncollected


def _prepare() -> None:
    """The matcher's modules, numpy and the segmenter, loaded uncollected."""
    with loading_uncollected():
        from pipeline.review.comparison import warm_up

        warm_up()


def _compare(job: Any) -> Any:
    from pipeline.review.comparison import compare_job

    return compare_job(job)


def fork_comparing_child() -> ForkedCall:
    """A child that prepares a corpus comparison now and compares what a review later sends it."""
    return ForkedCall(_compare, prepare=_prepare)
