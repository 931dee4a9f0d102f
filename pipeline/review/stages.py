"""The stages of one review, in order, with the clock that times them and the hooks a caller may set.

parse → segment → analyse → check → compare (the corpus comparison runs beside the checks on a second core
when it can: comparison.py). A caller follows the review through :class:`ReviewHooks`: ``on_stage`` is told each
stage as it starts (the CLI's and the web page's progress), ``after_parse`` runs once the draft is read (the
CLI's collector policy, apps/collector.py), ``while_waiting`` while the checks wait for the comparison (the CLI
imports the writers then).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any


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
