"""The user's cache folder for planreview: ``$PLANREVIEW_CACHE``, else ``$XDG_CACHE_HOME/planreview``, else
``~/.cache/planreview`` — one place for every cache (matcher arrays, parsed YAML, converted documents, OCR,
administrative units, compiled templates)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    base = os.environ.get("PLANREVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "planreview")
    return Path(base)
