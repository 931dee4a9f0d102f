"""One stage of a review run on the machine's second core: a function called in a forked child process while
the caller goes on, its argument handed over and its result handed back pickled through pipes.

Used by the review for the corpus comparison (the slowest stage of most drafts). The child is forked when
the review starts and *prepares* while the draft is parsed (loads the matcher and the word segmenter); it
gets the draft's passages when they exist and compares them while this process analyses and checks.
Whenever the child cannot be used — no ``os.fork`` (Windows), other threads running in this process (a fork
would copy their locks), a single core, the child failing or dying — the function simply runs here when its
result is asked for, so the result is the same either way; an exception it raises is raised in this
process, as it would have been without the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_UNSENT = object()


_ARRIVED: list[Callable[[], bool]] = []  # in a child, while it prepares: has its argument arrived?


def argument_arrived() -> bool:
    """In a forked child's ``prepare``: whether the argument has already come (then what is only worth loading
    while waiting for it can be left to ``fn``, which loads it if it needs it). Elsewhere True."""
    return _ARRIVED[-1]() if _ARRIVED else True


def other_threads() -> int:
    return threading.active_count() - 1


_CHILDREN: set[int] = set()  # this process's children forked here and not yet waited for


def _own_running() -> int:
    """How many threads of this process's own forked children are running right now (Linux; elsewhere 0) —
    threads, as /proc/loadavg counts them: a child importing numpy starts its BLAS threads."""
    running = 0
    for pid in list(_CHILDREN):
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{pid}/task"):
                with contextlib.suppress(OSError, IndexError), open(f"/proc/{pid}/task/{task}/stat", encoding="ascii",
                                                                     errors="replace") as fh:
                    running += fh.read().rsplit(")", 1)[1].split()[0] == "R"
    return running


def idle_core() -> bool:
    """A core is free: more than one, and fewer processes ready to run right now than cores (Linux's
    /proc/loadavg counts this one too) — not counting this review's own children (the comparing side, busy
    loading the matcher while the draft is parsed, is work of the same review, not another user's); elsewhere
    the last minute's load average leaves one idle. On a machine busy with other work a child only competes
    with this process. (The load average alone lags a minute: a council member's previous review would count
    against the next one.)"""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            running = int(fh.read().split()[3].split("/")[0])
        return running - _own_running() < cores
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0] <= cores - 1
    except (AttributeError, OSError):
        return True


def can_fork() -> bool:
    """A fork is safe and useful: the platform has it, no other thread runs here, a core is idle."""
    return (hasattr(os, "fork") and not os.environ.get("PLANREVIEW_NO_FORK") and other_threads() == 0
            and idle_core())


class ForkedCall(Generic[T]):
    """``fn(arg)`` computed in a child process forked now: the child runs ``prepare()`` (if given) at once,
    then waits for :meth:`send`'s argument; :meth:`result` returns ``fn(arg)``. ``prepare`` only saves time
    (``fn`` must not depend on it): without a child it is never called."""

    def __init__(self, fn: Callable[[Any], T], prepare: Callable[[], Any] | None = None, use_fork: bool = True):
        self._fn = fn
        self._arg: Any = _UNSENT
        self._pid = 0
        self._to_child = -1
        self._from_child = -1
        if use_fork and can_fork():
            self._start(prepare)

    def _start(self, prepare: Callable[[], Any] | None) -> None:
        arg_read, arg_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slot for the child: run here later
            for fd in (arg_read, arg_write, result_read, result_write):
                os.close(fd)
            return
        if pid == 0:
            os.close(arg_write)
            os.close(result_read)
            self._child(prepare, arg_read, result_write)  # never returns
        os.close(arg_read)
        os.close(result_write)
        self._pid, self._to_child, self._from_child = pid, arg_write, result_read
        _CHILDREN.add(pid)

    def _child(self, prepare: Callable[[], Any] | None, arg_read: int, result_write: int) -> None:
        """In the child: prepare while the argument arrives (read in a thread, so that the parent never waits
        on a full pipe), compute, send the result, leave without running the parent's exit handlers."""
        status = 1
        _CHILDREN.clear()  # (the parent's other children are not this one's)
        try:
            received: list[bytes] = []

            def receive() -> None:
                with os.fdopen(arg_read, "rb") as pipe:
                    received.append(pipe.read())

            reader = threading.Thread(target=receive, daemon=True)
            reader.start()
            _ARRIVED.append(lambda: bool(received))
            if prepare is not None:
                with contextlib.suppress(Exception):  # the computation does (and reports) it again
                    prepare()
            reader.join()
            if received and received[0]:
                arg = pickle.loads(received[0])  # noqa: S301 - our own parent's bytes
                payload = pickle.dumps(self._fn(arg), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(result_write, "wb") as pipe:
                    pipe.write(payload)
                status = 0
        except BaseException:  # noqa: BLE001,S110 - any failure: the parent computes it and sees the error
            pass
        finally:
            os._exit(status)

    def send(self, arg: Any) -> None:
        """The argument of ``fn``, handed to the child (kept here too, should the child give no result)."""
        self._arg = arg
        if self._to_child >= 0:
            fd, self._to_child = self._to_child, -1
            try:
                with os.fdopen(fd, "wb") as pipe:
                    pipe.write(pickle.dumps(arg, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                self.discard()  # the child died, or the argument cannot travel: computed here

    def discard(self) -> None:
        """Stop the child (the caller failed, or the child cannot be used)."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)
            _CHILDREN.discard(self._pid)
            self._pid = 0
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to_child = self._from_child = -1

    def result(self, meanwhile: Callable[[], Any] | None = None) -> T:
        """The child's result (waiting for it), or ``fn(arg)`` run here when the child gave none.
        ``meanwhile`` is called first if the child is still at work (something this process would do later
        anyway, e.g. imports); its errors are ignored."""
        if self._arg is _UNSENT:
            raise RuntimeError("ForkedCall.result() before send()")
        if self._pid and self._to_child < 0 and meanwhile is not None:
            import select

            if not select.select([self._from_child], [], [], 0)[0]:
                with contextlib.suppress(Exception):
                    meanwhile()
        if self._pid and self._to_child < 0:
            fd, self._from_child = self._from_child, -1
            with os.fdopen(fd, "rb") as pipe:
                payload = pipe.read()
            _pid, status = os.waitpid(self._pid, 0)
            _CHILDREN.discard(self._pid)
            self._pid = 0
            if os.waitstatus_to_exitcode(status) == 0 and payload:
                with contextlib.suppress(Exception):  # an unreadable payload: compute it here instead
                    return pickle.loads(payload)  # noqa: S301 - our own child's bytes
        self.discard()
        return self._fn(self._arg)


@contextlib.contextmanager
def stopped_on_failure(*children: Any) -> Iterator[None]:
    """Stop these children (a :class:`ForkedCall`, or anything with its ``discard``) if the block fails — any
    exception, Ctrl-C included — and let the failure through: a child never outlives the work it was forked for.
    ``None`` stands for no child."""
    try:
        yield
    except BaseException:
        for child in children:
            if child is not None:
                child.discard()
        raise
