"""Where the bundled data lives: the rule set (rules/) and the corpus of earlier plans (corpora/).

In the repository both folders stay at the top, beside ``pipeline/``. The wheel carries them inside the
package as ``pipeline/_data/rules`` and ``pipeline/_data/corpora`` (copied there by the build hook in
setup.py), so an installed copy finds them without a checkout. Both are found through
:mod:`importlib.resources`: the packaged copy when there is one, else the checkout's top folder (an editable
install, or ``PYTHONPATH`` pointing at the checkout).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGED = "_data"  # pipeline/_data/<name> inside an installed wheel


def data_dir(name: str) -> Path:
    """The bundled folder ``name`` ("rules" or "corpora") as a filesystem path.

    The path may not exist (a broken install); the loaders report that with their own bilingual message.
    """
    package = resources.files("pipeline")
    packaged = package / PACKAGED / name
    if packaged.is_dir():
        return Path(os.fspath(packaged))
    return Path(os.fspath(package)).parent / name


def guide_dir() -> Path:
    """The folder of the users' guide (huong-dan-su-dung.md, images/): the packaged copy, else docs/."""
    packaged = resources.files("pipeline") / PACKAGED / "guide"
    if packaged.is_dir():
        return Path(os.fspath(packaged))
    return Path(os.fspath(resources.files("pipeline"))).parent / "docs"


RULES_DIR = data_dir("rules")
CORPUS_DIR = data_dir("corpora")
