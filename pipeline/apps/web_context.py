"""What every route of the web page shares: the job store, the worker pool, the review options and the reviewer
loaded once in the server (every worker inherits it), the limits, and the helpers to answer a request."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import abort, g, render_template

from pipeline.apps.job_runner import JobRunner
from pipeline.apps.job_store import Job, JobStore
from pipeline.core.errors import InputError
from pipeline.core.formats import accept_attribute, listed
from pipeline.review.reviewer import Reviewer, ReviewOptions

# what a job's state is called on the page (Vietnamese / English)
STAGES = {"queued": "Đang chờ / Queued", "parse": "Đọc tệp / Reading the files",
          "segment": "Phân đoạn, tách câu / Segmenting",
          "analyse": "Trích xuất căn cứ, nhiệm vụ, chỉ tiêu / Extracting bases, tasks, targets",
          "check": "Kiểm tra theo bộ quy tắc / Checking the rules",
          "compare": "So sánh với kho đề án / Comparing with the corpus", "render": "Lập báo cáo / Writing the memo",
          "merge": "Tổng hợp ý kiến chuyên gia / Merging the experts' comments",
          "batch": "Rà soát từng dự thảo / Reviewing each draft",
          "done": "Hoàn thành / Done", "error": "Lỗi / Failed"}
REVIEW_ORDER = ["queued", "parse", "segment", "analyse", "check", "compare", "render", "done"]
KIND_LABELS = {"review": "Rà soát / Review", "merge": "Ý kiến chuyên gia / Experts' round",
               "batch": "Rà soát theo lô / Batch"}


def when(timestamp: float) -> str:
    """A job's date as the page shows it: 08/12/2026 14:05."""
    return dt.datetime.fromtimestamp(timestamp).strftime("%d/%m/%Y %H:%M") if timestamp else ""


@dataclass
class WebContext:
    store: JobStore
    options: ReviewOptions
    max_mb: float
    keep_days: float
    runner: JobRunner | None = None
    reject_words: list[str] | None = None  # how an expert's comment rejects a finding (planreview.toml; merge)
    launchers: dict[str, Callable[[Job], None]] = field(default_factory=dict)  # kind → queue the job's work
    pages: dict[str, Callable[[Job], Any]] = field(default_factory=dict)  # kind → the job's page
    progress: dict[str, Callable[[Job], tuple[int, int]]] = field(default_factory=dict)  # kind → (done, of)
    _loaded: dict[str, Reviewer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    def reviewer(self) -> Reviewer:
        """Rules, knowledge base and corpus matcher, loaded once in the server: every worker inherits them."""
        with self._lock:
            if "reviewer" not in self._loaded:
                self._loaded["reviewer"] = Reviewer(self.options)
                _ = self._loaded["reviewer"].index
        return self._loaded["reviewer"]

    def worker_store(self) -> JobStore:
        """The job store as a worker process opens it (its own connection): a worker never touches ``store``, the
        server's, whose lock was held while the worker was forked (job_runner.py)."""
        return JobStore(self.store.root, self.keep_days)

    def failed(self, jobs: JobStore, job_id: str, err: BaseException) -> None:
        """Record why a job failed, in one line the page shows."""
        if isinstance(err, InputError):
            jobs.update(job_id, "error", err.one_line())
        else:
            jobs.update(job_id, "error", f"Lỗi không lường trước / unexpected error: {type(err).__name__}: {err}")

    def job(self, job_id: str, kind: str | None = None) -> Job:
        """This owner's job (of this kind); 404 for an unknown, expired, or another browser's job alike."""
        found = self.store.get(job_id, g.owner)
        if found is None or (kind is not None and found.kind != kind):
            abort(404)
        return found

    def add_kind(self, kind: str, launch: Callable[[WebContext, Job], None], page: Callable[[WebContext, Job], Any],
                 progress: Callable[[Job], tuple[int, int]]) -> None:
        """A kind of job (web_review.py, web_batch.py, web_experts.py): what queues its work, its page, its
        progress (done, of)."""
        self.launchers[kind] = lambda job: launch(self, job)
        self.pages[kind] = lambda job: page(self, job)
        self.progress[kind] = progress

    def launch(self, job: Job) -> None:
        self.launchers[job.kind](job)

    def render(self, template: str, code: int = 200, **values):
        values.setdefault("error", "")
        return render_template(template, stages=STAGES, kinds=KIND_LABELS, keep_days=f"{self.keep_days:g}",
                               max_mb=f"{self.max_mb:g}", accept=accept_attribute(), formats=listed(),
                               when=when, **values), code

    def index_page(self, error: str = "", code: int = 200):
        return self.render("web/index.html", code, error=error, jobs=self.store.of_owner(g.owner, limit=5))

    def resume(self) -> None:
        """Jobs a restart interrupted run again (their inputs are in their folders)."""
        for pending in self.store.unfinished():
            self.store.update(pending.id, "queued")
            try:
                self.launch(pending)
            except (OSError, KeyError, InputError) as err:
                self.failed(self.store, pending.id, err)


def out_files(folder: Path) -> dict[str, str]:
    """Every file a job wrote under ``folder`` (relative POSIX paths; hidden state left out): key → path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = rel.as_posix()
    return found
