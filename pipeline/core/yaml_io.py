"""YAML reading for rules and settings, fast: every review starts by reading ≈ 60 YAML files (rules, reference
targets, scoring, document codes — 140 kB), which took ≈ 1 s with PyYAML's pure-Python parser.

- libyaml's C parser is used when PyYAML has it (same results, ~10× faster to parse);
- what a text parses to is kept in the user's cache folder, keyed by a hash of the text (and of PyYAML's
  version), so a later process unpickles it instead of building it again from YAML events — a changed file
  has another hash and is parsed anew. Each call returns a fresh object (callers may change it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.user_cache import cache_root

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MIN_CACHED = 2048  # characters: a shorter text parses faster than its cache file is found


def _cache_dir() -> Path:
    return cache_root() / "yaml"


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` (C parser when available), remembered across processes by the text's hash."""
    if len(text) < _MIN_CACHED:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    key = hashlib.blake2b(f"{yaml.__version__}|{_LOADER.__name__}|{text}".encode(), digest_size=16).hexdigest()
    cached = _cache_dir() / f"{key}.pickle"
    try:
        return pickle.loads(cached.read_bytes())  # noqa: S301 - written by safe_load itself, below
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader; errors reach the caller as before
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home works, just without the cache
    return data
