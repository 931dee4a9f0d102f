"""Hostile files: time and peak memory of refusing decompression bombs (run by hand, not in CI).

    python benchmarks/bench_hostile.py [--expand-mb 2048] [--runs 3] [--serve]

Writes a .docx whose word/document.xml expands to --expand-mb (≈ 2 MB on disk for 2 GiB) and a PDF whose
content stream does, then measures `planreview review` on each, `planreview batch -j 2` on a folder of four,
and (--serve) one upload to `planreview serve`: exit code, wall time (median of --runs) and peak resident
memory (ru_maxrss of the child process and the workers it waited for; VmHWM of the server process).
Set PYTHONPATH to measure another checkout (e.g. main) with the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed
from planreview_testing.gen_hostile import docx_bomb, pdf_bomb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def measured(args: list[str], timeout: float) -> tuple[int, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024


def serve_upload(path: Path, timeout: float) -> tuple[str, float, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="bench-serve-")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", "serve", "--port", str(port), "-o", data,
                             "--no-corpus"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        for _ in range(300):
            try:
                opener.open(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"draft\"; filename=\"{path.name}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        start = time.perf_counter()
        request = urllib.request.Request(base + "/upload", data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": base})
        job_url = opener.open(request, timeout=60).geturl()
        state = "timeout"
        while time.perf_counter() - start < timeout:
            status = json.loads(opener.open(job_url + "/status", timeout=60).read())
            if status["state"] in ("done", "error"):
                state = status["state"]
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        hwm = next(int(line.split()[1]) for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                   if line.startswith("VmHWM"))
        return state, elapsed, hwm / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--expand-mb", type=int, default=2048)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    files = {"docx": docx_bomb(folder / "bom.docx", args.expand_mb * 1024 * 1024),
             "pdf": pdf_bomb(folder / "bom.pdf", args.expand_mb * 1024 * 1024)}
    print(f"PYTHONPATH={os.environ.get('PYTHONPATH', '')}  expands to {args.expand_mb} MB")
    for kind, path in files.items():
        rows = [measured(["review", str(path), "-o", str(folder / f"out-{kind}"), "--no-corpus"], args.timeout)
                for _ in range(args.runs)]
        print(f"review {kind:4} ({path.stat().st_size / 1e6:.1f} MB): exit {rows[0][0]}, "
              f"{statistics.median(r[1] for r in rows):.2f} s, peak {max(r[2] for r in rows):.0f} MB")
    drafts = folder / "drafts"
    drafts.mkdir()
    for n in range(2):
        for path in files.values():
            os.link(path, drafts / f"{n}-{path.name}")
    code, elapsed, peak = measured(["batch", str(drafts), "-o", str(folder / "out-batch"), "--no-corpus",
                                    "--no-progress", "-j", "2"], args.timeout * 2)
    print(f"batch -j 2 (4 bombs): exit {code}, {elapsed:.2f} s, peak {peak:.0f} MB (main + reaped workers)")
    if args.serve:
        state, elapsed, hwm = serve_upload(files["docx"], args.timeout)
        print(f"serve upload docx bomb: {state}, {elapsed:.2f} s, server peak {hwm:.0f} MB")


if __name__ == "__main__":
    main()
