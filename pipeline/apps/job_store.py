"""The web page's jobs: an SQLite table under the data folder, so uploads and results survive a restart.

Each job belongs to one browser (``owner``: a hash of its session cookie) and is only ever shown to it. Job
ids are 128-bit random tokens. Jobs older than ``keep_days`` are deleted with their files.
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
    created REAL NOT NULL, previous TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS jobs_owner ON jobs(owner, created);
"""
FINAL = ("done", "error")


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
    previous: str = ""  # id of the job this one is the revised draft of (round 2)


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
        if "previous" not in columns:  # a store made before rounds of review
            self.db.execute("ALTER TABLE jobs ADD COLUMN previous TEXT NOT NULL DEFAULT ''")
        self.db.commit()

    def _row(self, row) -> Job:
        return Job(row[0], row[1], row[2], Path(row[3]), row[4], row[5], json.loads(row[6]), row[7], row[8])

    def create(self, owner: str, name: str, previous: str = "") -> Job:
        job_id = new_token()
        job = Job(job_id, owner, name, self.root / "jobs" / job_id, created=time.time(), previous=previous)
        (job.folder / "in").mkdir(parents=True)
        with self.lock:
            self.db.execute("INSERT INTO jobs(id, owner, name, folder, state, created, previous) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (job.id, owner, name, str(job.folder), job.state, job.created, previous))
            self.db.commit()
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, only for the browser that created it."""
        with self.lock:
            row = self.db.execute("SELECT * FROM jobs WHERE id = ? AND owner = ?", (job_id, owner)).fetchone()
        return self._row(row) if row else None

    def of_owner(self, owner: str, limit: int = 20) -> list[Job]:
        with self.lock:
            rows = self.db.execute("SELECT * FROM jobs WHERE owner = ? ORDER BY created DESC LIMIT ?",
                                   (owner, limit)).fetchall()
        return [self._row(r) for r in rows]

    def unfinished(self) -> list[Job]:
        with self.lock:
            rows = self.db.execute("SELECT * FROM jobs WHERE state NOT IN (?, ?) ORDER BY created",
                                   FINAL).fetchall()
        return [self._row(r) for r in rows]

    def update(self, job_id: str, state: str, message: str | None = None,
               outputs: dict[str, str] | None = None) -> None:
        with self.lock:
            self.db.execute("UPDATE jobs SET state = ?, message = COALESCE(?, message), "
                            "outputs = COALESCE(?, outputs) WHERE id = ?",
                            (state, message, json.dumps(outputs) if outputs is not None else None, job_id))
            self.db.commit()

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
