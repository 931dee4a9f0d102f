"""Files written so that an interruption leaves the old file or the new one, never half of one.

(A whole output folder is published at once by :mod:`pipeline.render.outputs`; these are for single files.)"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def _temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_name(path)
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def atomic_save(save: Callable[[Path], object], path: Path) -> None:
    """Run ``save(tmp_path)`` (python-docx, openpyxl, docxtpl, pypdf ...) and move the result into place."""
    tmp = _temporary_name(path)
    save(tmp)
    os.replace(tmp, path)
