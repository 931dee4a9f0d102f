"""The user's cache folder for planreview: ``$PLANREVIEW_CACHE``, else ``$XDG_CACHE_HOME/planreview``, else
``~/.cache/planreview`` — one place for every cache (matcher arrays, parsed YAML, converted documents, OCR,
administrative units, compiled templates)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_root() -> Path:
    base = os.environ.get("PLANREVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planreview")
    return Path(base)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB chunks: the key of the OCR, conversion and corpus caches."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
