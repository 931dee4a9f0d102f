"""The web page's jobs: an SQLite table under the data folder, so uploads and results survive a restart.

Each job belongs to one browser (``owner``: a hash of its session cookie, or of the access token for a client
that sends only the token) and is only ever shown to it. Job ids are 128-bit random tokens. A job has a kind —
``review`` (a submission, optionally against an earlier round: ``previous``), ``merge`` (the experts' copies of
a review, ``previous`` = that review) or ``batch`` — and ``info``, what its page shows besides its files. Jobs
older than ``keep_days`` are deleted with their files; an owner may delete its own at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, folder TEXT NOT NULL,
    state TEXT NOT NULL, message TEXT NOT NULL DEFAULT '', outputs TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL, previous TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT 'review',
    info TEXT NOT NULL DEFAULT '{}', updated REAL NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS jobs_owner ON jobs(owner, created);
"""
FINAL = ("done", "error")
KINDS = ("review", "merge", "batch")
_ADDED = {"previous": "TEXT NOT NULL DEFAULT ''", "kind": "TEXT NOT NULL DEFAULT 'review'",
          "info": "TEXT NOT NULL DEFAULT '{}'", "updated": "REAL NOT NULL DEFAULT 0"}  # columns of later versions
_COLUMNS = "id, owner, name, folder, state, message, outputs, created, previous, kind, info, updated"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "planreview" / "web"


def owner_of(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(16)


@dataclass
class Job:
    id: str
    owner: str
    name: str
    folder: Path
    state: str = "queued"
    message: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    created: float = 0.0
    previous: str = ""  # review: the job this one is the revised draft of (round 2); merge: the review merged
    kind: str = "review"  # review | merge | batch
    info: dict = field(default_factory=dict)  # what the page shows besides the files (names, counts, rows)
    updated: float = 0.0  # when its state last changed

    @property
    def finished(self) -> bool:
        return self.state in FINAL


class JobStore:
    def __init__(self, root: Path, keep_days: float = 7):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.keep_s = keep_days * 86400
        self.lock = threading.Lock()
        self.db = sqlite3.connect(str(self.root / "jobs.sqlite"), check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.executescript(_SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(jobs)")}
        for name, kind in _ADDED.items():  # a store made by an earlier version
            if name not in columns:
                self.db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")
        self.db.commit()

    def _row(self, row) -> Job:
        return Job(row[0], row[1], row[2], Path(row[3]), row[4], row[5], json.loads(row[6]), row[7], row[8],
                   row[9], json.loads(row[10]), row[11] or row[7])

    def create(self, owner: str, name: str, previous: str = "", kind: str = "review", info: dict | None = None) -> Job:
        if kind not in KINDS:
            raise ValueError(kind)
        job_id = new_token()
        now = time.time()
        job = Job(job_id, owner, name, self.root / "jobs" / job_id, created=now, previous=previous, kind=kind,
                  info=dict(info or {}), updated=now)
        (job.folder / "in").mkdir(parents=True)
        with self.lock:
            self.db.execute("INSERT INTO jobs(id, owner, name, folder, state, created, previous, kind, info, updated) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (job.id, owner, name, str(job.folder), job.state, job.created, previous, kind,
                             json.dumps(job.info, ensure_ascii=False), now))
            self.db.commit()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, only for the browser that created it."""
        with self.lock:
            row = self.db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ? AND owner = ?",
                                  (job_id, owner)).fetchone()
        return self._row(row) if row else None

    def of_owner(self, owner: str, limit: int = 20, kind: str | None = None, previous: str | None = None) -> list[Job]:
        """The owner's jobs, newest first (of one kind, of one earlier job, when given)."""
        where, args = "owner = ?", [owner]
        if kind is not None:
            where, args = where + " AND kind = ?", [*args, kind]
        if previous is not None:
            where, args = where + " AND previous = ?", [*args, previous]
        with self.lock:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE {where} ORDER BY created DESC LIMIT ?",
                                   (*args, limit)).fetchall()
        return [self._row(r) for r in rows]

    def unfinished(self) -> list[Job]:
        with self.lock:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE state NOT IN (?, ?) ORDER BY created",
                                   FINAL).fetchall()
        return [self._row(r) for r in rows]

    def update(self, job_id: str, state: str, message: str | None = None,
               outputs: dict[str, str] | None = None, info: dict | None = None) -> None:
        with self.lock:
            self.db.execute("UPDATE jobs SET state = ?, message = COALESCE(?, message), "
                            "outputs = COALESCE(?, outputs), info = COALESCE(?, info), updated = ? WHERE id = ?",
                            (state, message, json.dumps(outputs, ensure_ascii=False) if outputs is not None else None,
                             json.dumps(info, ensure_ascii=False) if info is not None else None, time.time(), job_id))
            self.db.commit()

    def delete(self, job_id: str, owner: str) -> list[Job]:
        """Delete the owner's job with its files, and its experts' round (a later round of review stays, its own
        job); returns what was deleted (nothing for another owner's job)."""
        job = self.get(job_id, owner)
        if job is None:
            return []
        gone = [job]
        for later in self.of_owner(owner, limit=1000, kind="merge", previous=job_id):
            gone += self.delete(later.id, owner)
        with self.lock:
            self.db.execute("DELETE FROM jobs WHERE id = ? AND owner = ?", (job_id, owner))
            self.db.commit()
        shutil.rmtree(job.folder, ignore_errors=True)
        return gone

    def expire(self, now: float | None = None) -> int:
        """Delete jobs (and their files) older than keep_days; returns how many."""
        cutoff = (now or time.time()) - self.keep_s
        with self.lock:
            rows = self.db.execute("SELECT id, folder FROM jobs WHERE created < ?", (cutoff,)).fetchall()
            self.db.execute("DELETE FROM jobs WHERE created < ?", (cutoff,))
            self.db.commit()
        for _id, folder in rows:
            shutil.rmtree(folder, ignore_errors=True)
        return len(rows)

    def close(self) -> None:
        self.db.close()
