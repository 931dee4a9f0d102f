"""The exploratory notebook runs top to bottom on the bundled samples."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_notebook_code_cells_run(monkeypatch):
    nb = json.loads((ROOT / "notebooks" / "explore.ipynb").read_text(encoding="utf-8"))
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                exec("".join(cell["source"]), namespace)  # noqa: S102 - our own notebook
    printed = out.getvalue()
    assert "de-an-cds-dong-hai.docx" in printed and "[TASK-01]" in printed
    assert len(namespace["rows"]) == len([p for p in os.listdir(ROOT / "samples")
                                          if p.endswith((".docx", ".pdf", ".txt"))])
