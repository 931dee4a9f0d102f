"""Issue 32: the web server's reviews run each in its own process, with memory and time limits, in a fair queue —
one user's hostile file never holds up or takes down another's."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.apps.job_runner import JobRunner
from pipeline.apps.web import create_app
from pipeline.review.reviewer import Reviewer, ReviewOptions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-bac-ha.txt"


def _mark(folder: Path, name: str) -> None:
    (folder / name).write_text(f"{time.time()}", encoding="utf-8")


def _hog(folder: Path, mb: int) -> None:
    block = bytearray(mb * 1024 * 1024)
    for i in range(0, len(block), 4096):  # touch every page: private memory of the child
        block[i] = 1
    _mark(folder, "hog-allocated")
    time.sleep(30)


def _sleeper(folder: Path, name: str, seconds: float) -> None:
    _mark(folder, f"{name}-started")
    time.sleep(seconds)
    _mark(folder, f"{name}-done")


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _until(predicate, timeout: float = 20) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def failures():
    return {}


def test_a_job_over_its_memory_is_stopped_and_said_so(tmp_path, failures):
    runner = JobRunner(2, failures.__setitem__, memory_mb=150, time_s=60)
    try:
        runner.submit("j1", "alice", _hog, tmp_path, 400)
        _until(lambda: "j1" in failures)
        assert "150 MB" in failures["j1"] and "memory" in failures["j1"]
        assert runner.running() == []
    finally:
        runner.stop()


def test_a_job_over_its_time_is_stopped_and_said_so(tmp_path, failures):
    runner = JobRunner(2, failures.__setitem__, memory_mb=2048, time_s=1)
    try:
        runner.submit("j1", "alice", _sleeper, tmp_path, "slow", 30)
        _until(lambda: "j1" in failures, timeout=15)
        assert "1 s" in failures["j1"] and not (tmp_path / "slow-done").exists()
    finally:
        runner.stop()


def test_a_crashed_worker_is_a_failed_job_not_a_silent_one(tmp_path, failures):
    runner = JobRunner(1, failures.__setitem__)
    try:
        runner.submit("j1", "alice", _killed)
        runner.submit("j2", "alice", _sleeper, tmp_path, "after", 0)
        _until(lambda: "j1" in failures and (tmp_path / "after-done").exists())
        assert "-9" in failures["j1"] and "j2" not in failures  # the server went on with the next job
    finally:
        runner.stop()


def test_another_users_short_job_does_not_wait_behind_a_long_one(tmp_path, failures):
    """Alice queues three long reviews, then Bob one short one: Bob's starts at once (a worker is always left
    for somebody else), and Alice's run one at a time."""
    runner = JobRunner(2, failures.__setitem__)
    try:
        for k in range(3):
            runner.submit(f"a{k}", "alice", _sleeper, tmp_path, f"alice{k}", 3)
        time.sleep(0.3)
        submitted = time.time()
        runner.submit("b0", "bob", _sleeper, tmp_path, "bob", 0)
        _until(lambda: (tmp_path / "bob-done").exists(), timeout=10)
        assert float((tmp_path / "bob-started").read_text()) - submitted < 2
        assert not (tmp_path / "alice1-started").exists()  # alice holds one worker, not both
    finally:
        runner.stop()
    assert failures == {}


def test_the_web_page_serves_a_small_review_while_a_hostile_one_runs(tmp_path, monkeypatch):
    """End to end through the page: Alice's review that would run for minutes is stopped at its time limit with
    a message; Bob's ordinary review, uploaded after, is done in seconds meanwhile."""
    real_review = Reviewer.review

    def review(self, path, *args, **kwargs):
        if Path(path).name.startswith("vo-han"):
            time.sleep(120)  # a file that would keep a worker busy for minutes
        return real_review(self, path, *args, **kwargs)

    monkeypatch.setattr(Reviewer, "review", review)  # inherited by the forked workers
    app = create_app(ReviewOptions(corpus_dir=None), workdir=tmp_path, max_mb=5, workers=2, job_time_s=8)
    app.config["TESTING"] = True
    alice, bob = app.test_client(), app.test_client()

    def upload(client, name: str) -> str:
        data = {"draft": (io.BytesIO(SAMPLE.read_bytes()), name)}
        return client.post("/upload", data=data, content_type="multipart/form-data").headers["Location"]

    hostile = [upload(alice, f"vo-han-{k}.txt") for k in range(2)]
    started = time.time()
    ordinary = upload(bob, "xa-an-binh.txt")
    _until(lambda: bob.get(ordinary + "/status").get_json()["state"] in ("done", "error"), timeout=60)
    assert bob.get(ordinary + "/status").get_json()["state"] == "done"
    waited = time.time() - started
    print(f"bob waited {waited:.1f} s")
    assert waited < 30, waited  # the review itself plus start-up, never behind alice's
    _until(lambda: alice.get(hostile[0] + "/status").get_json()["state"] == "error", timeout=30)
    message = alice.get(hostile[0] + "/status").get_json()["message"]
    assert "8 s" in message and "stopped" in message
    app.extensions["planreview"]["runner"].stop()


def test_a_deleted_job_is_taken_out_of_the_queue_or_stopped(tmp_path):
    failures: list[str] = []
    runner = JobRunner(1, lambda job_id, message: failures.append(job_id), poll_s=0.02)
    try:
        runner.submit("lang", "alice", _sleeper, tmp_path, "lang", 30)
        runner.submit("cho", "alice", _sleeper, tmp_path, "cho", 0.1)
        _until(lambda: (tmp_path / "lang-started").exists())
        assert runner.waiting() == ["cho"]
        assert runner.cancel("cho") and runner.waiting() == []
        assert runner.cancel("lang") and runner.running() == []
        assert not runner.cancel("lang")  # gone
        runner.submit("sau", "bob", _sleeper, tmp_path, "sau", 0.1)  # the worker is free again at once
        _until(lambda: (tmp_path / "sau-done").exists(), timeout=10)
        assert not (tmp_path / "cho-started").exists() and not (tmp_path / "lang-done").exists()
        assert failures == []  # a deletion is not reported as a failure
    finally:
        runner.stop()


def test_submit_once_queues_a_job_only_once_while_it_waits(tmp_path):
    runner = JobRunner(1, lambda job_id, message: None, poll_s=0.02)
    try:
        runner.submit("dau", "alice", _sleeper, tmp_path, "dau", 1)
        _until(lambda: (tmp_path / "dau-started").exists())
        assert runner.submit_once("gop", "alice", _sleeper, tmp_path, "gop", 0.1)
        assert not runner.submit_once("gop", "alice", _sleeper, tmp_path, "gop", 0.1)
        assert runner.waiting() == ["gop"]
    finally:
        runner.stop()


def test_a_batch_may_take_as_many_reviews_time_as_it_holds_drafts(tmp_path):
    failures: list[str] = []
    runner = JobRunner(2, lambda job_id, message: failures.append(job_id), time_s=0.6, poll_s=0.02)
    try:
        runner.submit("lo", "alice", _sleeper, tmp_path, "lo", 1.2, reviews=lambda: 4)  # 4 drafts: 2.4 s allowed
        runner.submit("mot", "bob", _sleeper, tmp_path, "mot", 1.2)  # one review: 0.6 s
        _until(lambda: (tmp_path / "lo-done").exists(), timeout=10)
        _until(lambda: failures == ["mot"], timeout=10)
        assert not (tmp_path / "mot-done").exists()
    finally:
        runner.stop()
