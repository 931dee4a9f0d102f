"""One stage of a review run on the machine's second core: a function called in a forked child process while
the caller goes on, its result handed back pickled through a pipe.

Used by the review for the corpus comparison (the slowest stage of most drafts), which needs nothing the
other stages produce after segmentation. Whenever the child cannot be used — no ``os.fork`` (Windows), other
threads running in this process (a fork would copy their locks), a single core, the child failing or dying —
the function simply runs here when its result is asked for, so the result is the same either way; an
exception it raises is raised in this process, as it would have been without the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def other_threads() -> int:
    return threading.active_count() - 1


def can_fork() -> bool:
    """A fork is safe and useful: the platform has it, no other thread runs here, there is a second core."""
    return (hasattr(os, "fork") and other_threads() == 0 and (os.cpu_count() or 1) >= 2
            and not os.environ.get("PLANREVIEW_NO_FORK"))


class ForkedCall(Generic[T]):
    """``fn()`` started in a child process now; :meth:`result` returns its value."""

    def __init__(self, fn: Callable[[], T], use_fork: bool = True):
        self._fn = fn
        self._pid = 0
        self._read = -1
        if use_fork and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slot for the child: run here later
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                payload = pickle.dumps(self._fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
                status = 0
            except BaseException:  # noqa: BLE001 - any failure: the parent runs fn itself and sees the error
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def discard(self) -> None:
        """Stop the child (the caller failed before it needed the result)."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
                os.close(self._read)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)
            self._pid = 0

    def result(self) -> T:
        """The child's result (waiting for it), or ``fn()`` run here when the child gave none."""
        if self._pid:
            chunks = []
            with os.fdopen(self._read, "rb") as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
            _pid, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if os.waitstatus_to_exitcode(status) == 0 and chunks:
                with contextlib.suppress(Exception):  # an unreadable payload: compute it here instead
                    return pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's bytes
        return self._fn()
