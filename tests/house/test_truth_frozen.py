"""Truth files never change in the same commit as the code they score (tools/check_truth_frozen.py)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_IN_CI = bool(os.environ.get("CI"))


def _tool():
    spec = importlib.util.spec_from_file_location("check_truth_frozen", ROOT / "tools" / "check_truth_frozen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _is_checkout() -> bool:
    return shutil.which("git") is not None and subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode == 0


def test_no_commit_changes_truth_and_code_together():
    if not _is_checkout():
        assert not _IN_CI, "CI runs from a git checkout: the history of the truth files must be checkable"
        pytest.skip("not a git checkout (an unpacked sdist): no history to check")
    assert _tool().offending_commits() == []


def test_the_check_catches_a_mixed_commit(tmp_path):
    """On a scratch repository: truth alone passes, code alone passes, both together are reported."""
    if shutil.which("git") is None:
        assert not _IN_CI
        pytest.skip("git not installed")
    tool = _tool()
    repo = tmp_path / "repo"
    (repo / "tests/data/gated").mkdir(parents=True)
    (repo / "pipeline").mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}

    def commit(message: str, **files: str) -> None:
        for name, text in files.items():
            (repo / name).write_text(text, encoding="utf-8")
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", str(repo), "commit", "-qm", message], check=True, env=env)

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit("truth", **{"tests/data/gated/a.truth.yaml": "clean: true\n"})
    commit("code", **{"pipeline/x.py": "A = 1\n"})
    tool.ROOT, tool.FROZEN = repo, {"tests/data/gated": None}
    assert tool.offending_commits() == []
    commit("both", **{"tests/data/gated/a.truth.yaml": "clean: false\n", "pipeline/x.py": "A = 2\n"})
    (line,) = tool.offending_commits()
    assert "'both'" in line and "a.truth.yaml" in line and "pipeline/x.py" in line
    sys.modules.pop("check_truth_frozen", None)
