"""The web server under hostile uploads (issue 32 item 3), measured as a user experiences it.

    python benchmarks/bench_web_hostile.py [--runs 3] [--text-mb 200]

Starts `planreview serve` (2 workers) on a free port; user A uploads two copies of a small .docx holding
--text-mb of text (planreview_testing/gen_hostile.docx_text_flood — the issue's 7 MB / 200 MB case), then user B
(another session) uploads a one-page draft. Prints, per run: A's two outcomes, the time B waits until its review is
done, and the peak resident memory of the server process and of the server with its workers (sampled every 50 ms).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planreview_testing.gen_hostile import docx_text_flood  # noqa: E402

SMALL = ROOT / "samples" / "de-an-cds-dong-hai.docx"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _upload(base: str, session: requests.Session, path: Path) -> str:
    with path.open("rb") as fh:
        r = session.post(base + "/upload", files={"draft": (path.name, fh)}, headers={"Origin": base},
                         allow_redirects=False, timeout=120)
    if r.status_code not in (302, 303):
        return f"refused at upload ({r.status_code})"
    return r.headers["Location"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def _wait(base: str, session: requests.Session, job: str, limit: float = 300) -> tuple[str, float, str]:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        s = session.get(f"{base}/jobs/{job}/status", timeout=30).json()
        if s["state"] in ("done", "error"):
            return s["state"], time.perf_counter() - t0, s.get("message", "")[:90]
        time.sleep(0.1)
    return "timeout", limit, ""


def run_once(text_mb: int, hostile: Path, data: Path) -> dict:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", "serve", "--port", str(port),
                               "-o", str(data), "--workers", "2"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = {"server": 0, "tree": 0}
    stop = threading.Event()

    def sample() -> None:
        proc = psutil.Process(server.pid)
        while not stop.is_set():
            try:
                own = proc.memory_info().rss
                tree = own + sum(c.memory_info().rss for c in proc.children(recursive=True))
                peak["server"], peak["tree"] = max(peak["server"], own), max(peak["tree"], tree)
            except psutil.Error:
                pass
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        a, b = requests.Session(), requests.Session()
        a.get(base + "/"), b.get(base + "/")
        hostile_jobs = [_upload(base, a, hostile) for _ in range(2)]
        t0 = time.perf_counter()
        small = _upload(base, b, SMALL)
        state, _, _ = _wait(base, b, small)
        waited = time.perf_counter() - t0
        outcomes = [_wait(base, a, j) if not j.startswith("refused") else (j, 0.0, "") for j in hostile_jobs]
        return {"small": state, "wait_s": waited, "hostile": outcomes,
                "server_mib": peak["server"] / 2**20, "tree_mib": peak["tree"] / 2**20}
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--text-mb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hostile = docx_text_flood(Path(tmp) / "ke-hoach.docx", args.text_mb * 2**20)
        print(f"hostile .docx: {hostile.stat().st_size / 2**20:.1f} MB holding {args.text_mb} MB of text")
        results = []
        for i in range(args.runs):
            r = run_once(args.text_mb, hostile, Path(tmp) / f"data{i}")
            results.append(r)
            print(f"run {i + 1}: small job {r['small']} after {r['wait_s']:.2f} s; hostile: "
                  + "; ".join(f"{s} {t:.2f} s {m}" for s, t, m in r["hostile"])
                  + f"; peak RSS server {r['server_mib']:.0f} MiB, with workers {r['tree_mib']:.0f} MiB")
        print(f"median: small job waits {statistics.median(r['wait_s'] for r in results):.2f} s, server peak "
              f"{statistics.median(r['server_mib'] for r in results):.0f} MiB, with workers "
              f"{statistics.median(r['tree_mib'] for r in results):.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
