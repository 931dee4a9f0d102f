"""An installed copy carries its rules, corpus and users' guide (issues 17, 33): the build hook copies rules/,
corpora/ and the guide into the package, bundled.py finds them there, and the test-only code stays out of it.

CI (.ci/run) also builds the real wheel, installs it in a fresh virtual environment outside the checkout and
reviews a sample there; this test is the quick in-suite version of the same build step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _build_lib(tmp_path: Path) -> Path:
    build = tmp_path / "build"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)], cwd=ROOT,
                   check=True, capture_output=True, text=True)
    return build


def test_build_ships_rules_and_corpus_but_no_test_code(tmp_path):
    build = _build_lib(tmp_path)
    data = build / "pipeline" / "_data"
    shipped = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    in_repo = {p.relative_to(ROOT).as_posix() for name in ("rules", "corpora") for p in (ROOT / name).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    # the users' guide and its pictures, for the web page's /huong-dan
    in_repo |= {"guide/huong-dan-su-dung.md"} | {f"guide/images/{p.name}"
                                                 for p in (ROOT / "docs" / "images").glob("huong-dan-*.png")}
    assert shipped == in_repo
    assert not (build / "pipeline" / "synthetic.py").exists() and not (build / "planreview_testing").exists()
    assert not list((build / "pipeline").glob("*_eval.py"))


def test_built_package_finds_its_data_outside_the_checkout(tmp_path):
    build = _build_lib(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import pipeline, pipeline.core.bundled as b; from pipeline import load_rules; r = load_rules(); "
            "print(pipeline.__file__); print(b.RULES_DIR); print(b.CORPUS_DIR.is_dir(), len(r.rules)); "
            "print(len(r.legal_bases)); "
            "from pipeline.apps.guide import guide_path, to_html; g = guide_path(); print(g); "
            "print(to_html(g.read_text(encoding='utf-8')).count('<img'))")
    env = {**os.environ, "PYTHONPATH": str(build)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0].startswith(str(build)) and out[1] == str(build / "pipeline" / "_data" / "rules")
    assert out[2].startswith("True") and int(out[2].split()[1]) >= 40
    assert int(out[3]) >= 465  # the national knowledge base (rules/legal/national/) ships and loads: 65 + ≥ 400
    # the users' guide of the web page (/huong-dan), with its pictures beside it
    guide = Path(out[4])
    assert guide == build / "pipeline" / "_data" / "guide" / "huong-dan-su-dung.md" and int(out[5]) >= 4
    assert len(list((guide.parent / "images").glob("huong-dan-*.png"))) >= 4


def test_checkout_reads_the_top_level_folders():
    from pipeline.core.bundled import CORPUS_DIR, RULES_DIR

    assert RULES_DIR == ROOT / "rules" and CORPUS_DIR == ROOT / "corpora"
