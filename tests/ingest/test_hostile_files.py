"""Issue 12: decompression bombs are refused fast, with bounded memory, in review, batch and the web page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.ingest.safe_zip import check_package
from planreview_testing.gen_hostile import docx_bomb, docx_text_flood, pdf_bomb

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 300


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"docx": docx_bomb(folder / "du-thao.docx", 400 * 1024 * 1024),
            "pdf": pdf_bomb(folder / "du-thao.pdf", 400 * 1024 * 1024)}


# Linux keeps the memory high-water mark across exec, and a child forked (or vforked) from this test process
# starts with this process's mark — hundreds of MB once other tests have loaded OCR images. So the CLI runs
# under a small launcher, and the launcher reports the peak of its own child.
_LAUNCHER = ("import os, subprocess, sys\n"
             "p = subprocess.Popen(sys.argv[1:])\n"
             "_, status, usage = os.wait4(p.pid, 0)\n"
             "sys.stderr.write(f'\\nPEAK_KB={usage.ru_maxrss}\\n')\n"
             "sys.exit(os.waitstatus_to_exitcode(status))\n")


def _run_measured(args: list[str], timeout: float = 120) -> tuple[int, str, float, float]:
    """Run the CLI in a child process: exit code, stderr, seconds, peak memory (MB, ru_maxrss of that child)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "pipeline.apps.cli", *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env, timeout=timeout)
    elapsed = time.perf_counter() - start
    err = proc.stderr.decode("utf-8")
    peak_kb = int(err.rsplit("PEAK_KB=", 1)[1].split()[0])
    return proc.returncode, err.rsplit("\nPEAK_KB=", 1)[0], elapsed, peak_kb / 1024


def test_zip_members_are_checked_before_reading(bombs):
    start = time.perf_counter()
    with pytest.raises(InputError, match="decompression bomb"):
        check_package(bombs["docx"], 50 * 1024 * 1024)
    with pytest.raises(InputError, match="decompression bomb"):
        check_package(bombs["pdf"], 50 * 1024 * 1024)
    assert time.perf_counter() - start < 0.5
    check_package(ROOT / "samples" / "de-an-cds-dong-hai.docx", 50 * 1024 * 1024)  # a real draft passes
    check_package(ROOT / "samples" / "de-an-cds-tay-son.pdf", 50 * 1024 * 1024)


def test_limit_is_tied_to_max_size_mb(tmp_path):
    bomb = docx_bomb(tmp_path / "vua.docx", 30 * 1024 * 1024)  # 30 MB of XML
    with pytest.raises(InputError, match="more than 20 MB, limit = 20 × --max-size-mb"):
        check_package(bomb, 1024 * 1024)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_review_of_a_bomb_is_refused_with_bounded_memory(bombs, tmp_path, kind):
    code, err, elapsed, peak = _run_measured(["review", str(bombs[kind]), "-o", str(tmp_path / "out"), "--no-corpus"])
    assert code == 2 and "decompression bomb" in err and "Traceback" not in err
    assert peak < PEAK_LIMIT_MB, f"peak {peak:.0f} MB"
    assert elapsed < 30


def test_batch_of_bombs_keeps_memory_bounded(bombs, tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for path in bombs.values():
        for n in range(2):
            os.link(path, drafts / f"{n}-{path.name}")
    code, err, elapsed, peak = _run_measured(["batch", str(drafts), "-o", str(tmp_path / "out"), "--no-corpus",
                                              "--no-progress", "-j", "1"])
    assert code == 4 and "4/4" in err and "decompression bomb" in err
    assert peak < PEAK_LIMIT_MB, f"peak {peak:.0f} MB"


def test_a_small_file_with_far_too_much_text_is_refused_at_once(tmp_path):
    """Issue 32: text that compresses like real text (under every bomb ratio) but far more of it than any plan
    holds is refused before a reader walks it — exit 2 naming --max-size-mb — and the flag raises the limit."""
    import zipfile

    draft = docx_text_flood(tmp_path / "flood.docx", 3 * 1024 * 1024)
    info = zipfile.ZipFile(draft).getinfo("word/document.xml")
    assert 5 < info.file_size / info.compress_size < 200  # not a bomb by ratio
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "review", str(draft), "-o",
                           str(tmp_path / "out"), "--no-corpus", "--max-size-mb", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "--max-size-mb" in proc.stderr and "Too much text" in proc.stderr, proc.stderr
    assert time.perf_counter() - started < 30 and not (tmp_path / "out" / "memo.md").exists()
    with pytest.raises(InputError, match="Too much text"):
        check_package(draft, 1024 * 1024)
    check_package(draft, 2 * 1024 * 1024)  # raised by the flag: 2 × 2 MB of XML allowed
