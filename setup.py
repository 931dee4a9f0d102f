"""Build hook: ship the top-level rules/ and corpora/ inside the wheel as pipeline/_data/, and the users'
guide (docs/huong-dan-su-dung.md and its pictures) as pipeline/_data/guide/ for the web page's /huong-dan.

The metadata lives in pyproject.toml; this file only extends ``build_py`` so that a wheel (and a
non-editable ``pip install .``) carries the rule set and the bundled corpus. pipeline/core/bundled.py finds
them there, or at the top of the checkout in an editable install.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA = ("rules", "corpora")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        for name in DATA:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"{name}/ missing next to setup.py: cannot build a wheel without it")
            target = Path(self.build_lib) / "pipeline" / "_data" / name
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite*"))
        guide = Path(self.build_lib) / "pipeline" / "_data" / "guide"
        (guide / "images").mkdir(parents=True, exist_ok=True)
        shutil.copy2(HERE / "docs" / "huong-dan-su-dung.md", guide)
        for picture in (HERE / "docs" / "images").glob("huong-dan-*.png"):
            shutil.copy2(picture, guide / "images")


setup(cmdclass={"build_py": BuildWithData})
