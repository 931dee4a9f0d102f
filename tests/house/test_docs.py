"""Docs that point at the code: docs/rules.md is what the rules say, the README stays short and its links
and module paths exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_rules_doc_is_generated_from_the_rules():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_rules_doc.py"), "--check"])
    assert done.returncode == 0, "docs/rules.md is stale: run python tools/make_rules_doc.py"


def test_readme_is_short_and_its_links_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 220
    links = re.findall(r"\]\(((?:docs|samples)/[^)#]+)\)", text)
    assert links and all((ROOT / link).exists() for link in links), links


def test_architecture_names_only_modules_that_exist():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = re.findall(r"`((?:core|rules|ingest|analyse|corpus|checks|review|render|apps)/[\w]+\.py)`", text)
    assert paths and all((ROOT / "pipeline" / p).exists() for p in paths), paths


def test_tests_are_laid_out_like_the_packages():
    """Each test lives in the folder of the stage it tests; generators live in planreview_testing/."""
    stages = {p.name for p in (ROOT / "pipeline").iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders - stages <= {"house", "data"}, folders - stages
    assert not list((ROOT / "tests").glob("test_*.py")), "a test outside its stage's folder"
    assert not list((ROOT / "tests").rglob("gen_*.py")), "test-data generators belong in planreview_testing/"
