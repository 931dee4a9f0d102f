"""Where the bundled data lives: the rule set (rules/) and the corpus of earlier plans (corpora/).

In the repository both folders stay at the top, beside ``pipeline/``. The wheel carries them inside the
package as ``pipeline/_data/rules`` and ``pipeline/_data/corpora`` (copied there by the build hook in
setup.py), so an installed copy finds them without a checkout: the packaged copy when there is one, else the
checkout's top folder (an editable install, or ``PYTHONPATH`` pointing at the checkout). The package is found
beside this file — it is always installed as files (the data is read as files) — rather than through
:mod:`importlib.resources`, whose import costs every process a few milliseconds of its start.
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = "_data"  # pipeline/_data/<name> inside an installed wheel
PACKAGE = Path(__file__).parent.parent  # the folder of the ``pipeline`` package


def data_dir(name: str) -> Path:
    """The bundled folder ``name`` ("rules" or "corpora") as a filesystem path.

    The path may not exist (a broken install); the loaders report that with their own bilingual message.
    """
    packaged = PACKAGE / PACKAGED / name
    return packaged if packaged.is_dir() else PACKAGE.parent / name


def guide_dir() -> Path:
    """The folder of the users' guide (huong-dan-su-dung.md, images/): the packaged copy, else docs/."""
    packaged = PACKAGE / PACKAGED / "guide"
    return packaged if packaged.is_dir() else PACKAGE.parent / "docs"


RULES_DIR = data_dir("rules")
CORPUS_DIR = data_dir("corpora")
