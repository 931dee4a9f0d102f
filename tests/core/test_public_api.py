"""The public API (``from pipeline import Reviewer, review_file, load_rules``): its docstring examples run,
``import pipeline`` stays cheap, and the notebook uses nothing else."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

import pipeline

ROOT = Path(__file__).resolve().parents[2]


def test_docstring_examples_run():
    result = doctest.testmod(pipeline, verbose=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


def test_every_public_name_resolves_and_is_typed():
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    assert set(pipeline.__all__) <= set(dir(pipeline))
    assert pipeline.review_file.__annotations__["return"] == "ReviewResult"
    try:
        pipeline.not_a_name  # noqa: B018
    except AttributeError as exc:
        assert "not_a_name" in str(exc)
    else:
        raise AssertionError("unknown names must raise AttributeError")


def test_import_pipeline_loads_no_submodule():
    code = "import sys, pipeline; print(sorted(m for m in sys.modules if m.startswith('pipeline')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['pipeline']"
    code = "import sys, pipeline; pipeline.Reviewer; print('pipeline.review.reviewer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_notebook_uses_only_the_public_api():
    nb = json.loads((ROOT / "notebooks" / "explore.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    imports = re.findall(r"^\s*(?:from\s+(\S+)\s+import\s+(.+)|import\s+(\S+))", code, re.MULTILINE)
    used = [(mod or plain, names) for mod, names, plain in imports if (mod or plain).startswith("pipeline")]
    assert used, "the notebook imports the API"
    for module, names in used:
        assert module == "pipeline", f"notebook imports {module}: use `from pipeline import ...`"
        assert {n.strip() for n in names.split(",")} <= set(pipeline.__all__)
