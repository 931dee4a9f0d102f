"""Shared fixtures: one Reviewer for the session, generated drafts in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Keep the corpus index cache out of the user's home during tests."""
    os.environ["PLANREVIEW_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(scope="session")
def reviewer(_isolated_cache):
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    # the synthetic drafts cite the fictional province's own documents: load its knowledge base
    return Reviewer(ReviewOptions(kb_files=[ROOT / "samples" / "kb-thanh-lam.yaml"]))


@pytest.fixture(scope="session")
def drafts_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("drafts")


@pytest.fixture
def make_draft(drafts_dir):
    """Write a synthetic draft: make_draft(spec, "name.docx") → path."""
    from planreview_testing.synthetic import write_draft

    def make(spec, name: str) -> Path:
        return write_draft(spec, drafts_dir / name)

    return make
