"""The stages of one review, in order, with the clock that times them and the hooks a caller may set.

parse → segment → analyse → check → compare (the corpus comparison runs beside the checks on a second core
when it can: comparison.py). A caller follows the review through :class:`ReviewHooks`: ``on_stage`` is told each
stage as it starts (the CLI's and the web page's progress), ``after_parse`` runs once the draft is read (the
CLI's collector policy, apps/collector.py), ``while_waiting`` while the checks wait for the comparison (the CLI
imports the writers then), ``on_progress`` with the parts read so far of a long draft — a PDF's pages, a
.docx's paragraphs and table rows (the CLI's "trang N/M" on a terminal).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, TextIO

PROGRESS_EVERY = 0.25  # seconds between two progress lines on a terminal


class Stage(str, Enum):
    """A stage of the review; its value is the name progress reports and findings.json's timings use."""

    PARSE = "parse"
    SEGMENT = "segment"
    ANALYSE = "analyse"
    CHECK = "check"
    COMPARE = "compare"


STAGE_LABELS = {Stage.PARSE: "Đọc tệp / reading the file", Stage.SEGMENT: "Phân đoạn, tách câu / segmenting",
                Stage.ANALYSE: "Trích xuất căn cứ, nhiệm vụ, chỉ tiêu / extracting bases, tasks, targets",
                Stage.CHECK: "Đối chiếu quy tắc / checking the rules",
                Stage.COMPARE: "So sánh với kho đề án / comparing with the corpus"}


@dataclass
class ReviewHooks:
    """What a caller wants to hear of a review (every hook optional)."""

    on_stage: Callable[[Stage], None] | None = None  # told as each stage starts
    after_parse: Callable[[], None] | None = None  # once the draft is parsed
    while_waiting: Callable[[], Any] | None = None  # while the checks wait for the forked comparison
    # (parts read, parts, their name: "trang / page") while a long draft is parsed
    on_progress: Callable[[int, int, str], None] | None = None

    @staticmethod
    def shown(stream: TextIO | None = None) -> Callable[[int, int, str], None] | None:
        """``on_progress`` for a terminal: "trang N/M" rewritten in place, a few times a second (None when
        ``stream`` — standard error — is no terminal: piped, in tests, in the web server)."""
        stream = stream or sys.stderr
        if not stream.isatty():
            return None
        shown = [0.0]

        def show(done: int, total: int, unit: str = "trang / page") -> None:
            now = time.perf_counter()
            if done < total and now - shown[0] < PROGRESS_EVERY:
                return
            shown[0] = now
            stream.write(f"\r      {unit} {done}/{total}" + ("\n" if done >= total else ""))
            stream.flush()

        return show


class StageClock:
    """Seconds spent in each stage (``timings``, keyed by the stage's value), announcing each stage to the
    hooks as it starts."""

    def __init__(self, hooks: ReviewHooks | None = None):
        self.hooks = hooks or ReviewHooks()
        self.timings: dict[str, float] = {}

    def announce(self, stage: Stage) -> None:
        if self.hooks.on_stage is not None:
            self.hooks.on_stage(stage)

    def add(self, stage: Stage | str, seconds: float) -> None:
        key = stage.value if isinstance(stage, Stage) else stage
        self.timings[key] = self.timings.get(key, 0.0) + seconds

    @contextmanager
    def stage(self, stage: Stage, announce: bool = True) -> Iterator[None]:
        """Time a block as (part of) ``stage``; ``announce``: tell the hooks it starts."""
        if announce:
            self.announce(stage)
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - t0)
