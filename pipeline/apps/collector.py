"""The CLI's policy for Python's cyclic garbage collector during a review.

The collector is paused once the draft is parsed, until its outputs are written. The analysis and the writers
allocate millions of objects (blocks, tasks, the findings' dictionaries) and free them by reference counting:
the collector's full passes over them cost ≈ 0.8 s of a 20,000-task draft and would free a few thousand
objects. Parsing stays collected: pdfminer (the reader of PDF pages pdf_tables.py declines) leaves each page's
objects in cycles (measured when it read every table page: a 375-page PDF of tables peaked at 0.6 GiB so,
1 GiB without). Before the review, while the review's modules are imported and the rule set loaded, the collector
is paused too (``core/lazy_import.loading_uncollected``). At the command's end the collector is frozen (cli.run)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def paused_after_parsing() -> Iterator[Callable[[], None]]:
    """Yield the hook that pauses the collector (``ReviewHooks.after_parse``); resume it on the way out, also
    when the review fails."""
    try:
        yield gc.disable
    finally:
        gc.enable()

