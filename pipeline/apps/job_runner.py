"""The web server's reviews, each in its own worker process: memory and time limits, a fair queue.

A review runs in a child forked from the server (it inherits the loaded rules, knowledge base and corpus
matcher copy-on-write, so it starts at once). The server watches each child: one that takes more memory of
its own than ``memory_mb`` (its unique pages, /proc/PID/smaps_rollup, not the pages it shares with the server)
or runs longer than ``time_s`` is stopped and its job marked as failed with a message the user can act on —
one user's hostile file never holds up or takes down another's. The queue is fair: the next job is the oldest
of the owner with the fewest reviews running, and no owner holds more than ``workers - 1`` of the workers
while someone else waits, so a second user's one-second review starts at once beside the first user's long one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Failure = Callable[[str, str], None]  # (job id, one-line message): the job is marked failed


@dataclass
class _Queued:
    job_id: str
    owner: str
    fn: Callable[..., Any]
    args: tuple
    submitted: float = field(default_factory=time.monotonic)
    reviews: Callable[[], int] | None = None  # how many reviews the job holds (a batch: its drafts, known once
    # it has unpacked them): its time limit is that many times time_s

    def limit(self, time_s: float) -> float:
        return time_s * max(1, self.reviews() if self.reviews is not None else 1)


@dataclass
class _Running:
    job: _Queued
    process: Any  # multiprocessing.Process
    started: float


def own_memory_mb(pid: int) -> float | None:
    """The memory a process holds of its own (private pages), in MB; None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            kb = sum(int(line.split()[1]) for line in fh if line.startswith(("Private_Clean:", "Private_Dirty:")))
        return kb / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        return rss / 1024
    except (OSError, ValueError, StopIteration):
        return None


def _child(fn: Callable[..., Any], args: tuple) -> None:
    """The worker process: the review, then a plain exit (no handlers of the server's threads)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    code = 0
    try:
        fn(*args)
    except BaseException:  # the job function records its own errors; anything left is a crash
        code = 1
    os._exit(code)


class JobRunner:
    """At most ``workers`` reviews at once, each in a forked process with ``memory_mb`` and ``time_s`` limits."""

    def __init__(self, workers: int, on_failure: Failure, memory_mb: float = 2048, time_s: float = 900,
                 poll_s: float = 0.1, before_fork: Callable[[], None] | None = None,
                 fork_lock: Any = None):
        self.workers = max(1, workers)
        self.on_failure, self.memory_mb, self.time_s, self.poll_s = on_failure, memory_mb, time_s, poll_s
        self.before_fork = before_fork  # loads what every child inherits (the reviewer), once, before the first
        # held while forking: the job store's lock, so that no child is born in the middle of one of the server's
        # SQLite transactions (SQLite's in-process lock records would come along and lock the child out)
        self.fork_lock = fork_lock if fork_lock is not None else contextlib.nullcontext()
        self._queue: deque[_Queued] = deque()
        self._running: dict[int, _Running] = {}
        self._cond = threading.Condition()
        self._stopped = False
        self._context = multiprocessing.get_context("fork")
        self._thread = threading.Thread(target=self._loop, name="planreview-jobs", daemon=True)
        self._thread.start()

    def submit(self, job_id: str, owner: str, fn: Callable[..., Any], *args: Any,
               reviews: Callable[[], int] | None = None) -> None:
        """Queue ``fn(*args)`` (it records its own progress and result) as the job ``job_id`` of ``owner``; a job of
        several reviews (a batch; ``reviews()`` says how many, asked only once it runs past ``time_s``) may run that
        many times ``time_s``."""
        with self._cond:
            self._queue.append(_Queued(job_id, owner, fn, args, reviews=reviews))
            self._cond.notify()

    def submit_once(self, job_id: str, owner: str, fn: Callable[..., Any], *args: Any) -> bool:
        """Queue the job unless it is already waiting (a job that reads its inputs when it starts, as the experts'
        round does, needs one run after the last upload, not one per upload); True when queued."""
        with self._cond:
            if any(q.job_id == job_id for q in self._queue):
                return False
            self._queue.append(_Queued(job_id, owner, fn, args))
            self._cond.notify()
            return True

    def cancel(self, job_id: str) -> bool:
        """Take the job out of the queue, or stop its worker process (its owner deleted it); True if found."""
        with self._cond:
            queued = [q for q in self._queue if q.job_id == job_id]
            for q in queued:
                self._queue.remove(q)
            running = [(pid, r) for pid, r in self._running.items() if r.job.job_id == job_id]
            for pid, r in running:
                with contextlib.suppress(OSError, ValueError):
                    r.process.kill()
                r.process.join(timeout=5)
                del self._running[pid]
            self._cond.notify()
        return bool(queued or running)

    def running(self) -> list[str]:
        with self._cond:
            return [r.job.job_id for r in self._running.values()]

    def waiting(self) -> list[str]:
        with self._cond:
            return [q.job_id for q in self._queue]

    def stop(self, wait: bool = True) -> None:
        """Stop the scheduler and every running review."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
            running = list(self._running.values())
        for r in running:
            with contextlib.suppress(OSError, ValueError):
                r.process.kill()
        if wait:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ the scheduler

    def _next(self) -> _Queued | None:
        """The oldest job of the owner with the fewest reviews running, within the owner's share: with several
        workers one is always left for somebody else."""
        if not self._queue or len(self._running) >= self.workers:
            return None
        busy: dict[str, int] = {}
        for r in self._running.values():
            busy[r.job.owner] = busy.get(r.job.owner, 0) + 1
        share = self.workers - 1 if self.workers > 1 else 1
        candidates = [q for q in self._queue if busy.get(q.owner, 0) < share]
        if not candidates:
            return None
        chosen = min(candidates, key=lambda q: (busy.get(q.owner, 0), q.submitted))
        self._queue.remove(chosen)
        return chosen

    def _start(self, job: _Queued) -> None:
        process = self._context.Process(target=_child, args=(job.fn, job.args), name=f"planreview-{job.job_id}",
                                        daemon=True)
        with self.fork_lock:
            process.start()
        self._running[process.pid] = _Running(job, process, time.monotonic())

    def _watch(self) -> None:
        """Reap finished children; stop those over their memory or time."""
        now = time.monotonic()
        for pid, r in list(self._running.items()):
            reason = ""
            if not r.process.is_alive():
                r.process.join()
                code = r.process.exitcode
                if code not in (0, None):
                    reason = (f"Quá trình rà soát dừng bất thường (mã {code}) / The review stopped unexpectedly "
                              f"(code {code})")
            elif now - r.started > self.time_s and now - r.started > (limit := r.job.limit(self.time_s)):
                reason = (f"Rà soát quá {limit:g} giây nên đã dừng; tệp quá dài hoặc bất thường / The review "
                          f"took over {limit:g} s and was stopped; the file is too long or unusual")
            else:
                mb = own_memory_mb(pid)
                if mb is not None and mb > self.memory_mb:
                    reason = (f"Rà soát cần hơn {self.memory_mb:g} MB bộ nhớ nên đã dừng; tệp quá lớn hoặc bất "
                              f"thường / The review needed over {self.memory_mb:g} MB of memory and was stopped; "
                              "the file is too large or unusual")
            if not reason and r.process.is_alive():
                continue
            if r.process.is_alive():
                with contextlib.suppress(OSError, ValueError):
                    r.process.kill()
                r.process.join(timeout=5)
            del self._running[pid]
            if reason:
                with contextlib.suppress(Exception):  # a failure to record it must not stop the scheduler
                    self.on_failure(r.job.job_id, reason)

    def _loop(self) -> None:
        prepared = self.before_fork is None
        while True:
            if not prepared and self._queue:  # outside the lock: loading the reviewer takes seconds
                with contextlib.suppress(Exception):  # a failure shows in the child's own error message
                    self.before_fork()
                prepared = True
            with self._cond:
                if self._stopped:
                    return
                self._watch()
                job = self._next() if prepared else None
                while job is not None:
                    self._start(job)
                    job = self._next()
                self._cond.wait(timeout=self.poll_s)
