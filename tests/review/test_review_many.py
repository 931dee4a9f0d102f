"""Issue 13: `planreview review a.docx b.pdf c.txt -o out/` reviews several drafts in one process, one folder
each, with the output-folder rules of a single review (issue 12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def _findings(folder: Path) -> list[dict]:
    return json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]


def test_several_drafts_one_folder_each_same_findings_as_one_by_one(tmp_path, capsys):
    drafts = [SAMPLES / "de-an-cds-dong-hai.docx", SAMPLES / "de-an-cds-tay-son.pdf", SAMPLES / "de-an-cds-bac-ha.txt"]
    assert main(["review", *map(str, drafts), "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "[3/3]" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(d.stem for d in drafts)
    for draft in drafts:
        folder = tmp_path / "out" / draft.stem
        assert (folder / "memo.md").is_file() and (folder / "memo.docx").is_file()
        assert main(["review", str(draft), "-o", str(tmp_path / "single" / draft.stem)]) == 0
        assert _findings(folder) == _findings(tmp_path / "single" / draft.stem)
    assert not (tmp_path / "out" / "memo.md").exists()  # nothing of any draft in the parent folder


def test_one_draft_still_writes_into_the_folder_itself(tmp_path):
    assert main(["review", str(SAMPLES / "de-an-cds-bac-ha.txt"), "-o", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "memo.md").is_file()


def test_clashing_names_get_numbered_folders(tmp_path):
    txt = tmp_path / "du-thao.txt"
    shutil.copy(SAMPLES / "de-an-cds-bac-ha.txt", txt)
    docx = tmp_path / "du-thao.docx"
    shutil.copy(SAMPLES / "de-an-cds-dong-hai.docx", docx)
    assert main(["review", str(txt), str(docx), str(txt), "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["du-thao", "du-thao-2"]
    assert "Bắc Hà" in (tmp_path / "out" / "du-thao" / "memo.md").read_text(encoding="utf-8")
    assert "Đông Hải" in (tmp_path / "out" / "du-thao-2" / "memo.md").read_text(encoding="utf-8")


def test_a_missing_draft_or_a_foreign_folder_stops_before_any_review(tmp_path, capsys):
    good = SAMPLES / "de-an-cds-bac-ha.txt"
    assert main(["review", str(good), str(tmp_path / "khong-co.docx"), "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("memo.md"))
    assert "khong-co.docx" in capsys.readouterr().err
    # out/de-an-cds-dong-hai/ holds another draft's results: refused before anything is reviewed
    other = tmp_path / "out" / "de-an-cds-dong-hai"
    assert main(["review", str(good), "-o", str(other)]) == 0
    before = (other / "memo.md").read_text(encoding="utf-8")
    assert main(["review", str(good), str(SAMPLES / "de-an-cds-dong-hai.docx"), "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out" / "de-an-cds-bac-ha").exists()
    assert (other / "memo.md").read_text(encoding="utf-8") == before
    assert main(["review", str(good), str(SAMPLES / "de-an-cds-dong-hai.docx"), "-o", str(tmp_path / "out"),
                 "--overwrite"]) == 0
    assert "Đông Hải" in (other / "memo.md").read_text(encoding="utf-8")


def test_a_draft_that_fails_its_review_is_skipped_and_exit_is_4(tmp_path, capsys):
    empty = tmp_path / "rong.txt"
    empty.write_text("   \n", encoding="utf-8")
    good = SAMPLES / "de-an-cds-bac-ha.txt"
    assert main(["review", str(empty), str(good), "-o", str(tmp_path / "out")]) == 4
    err = capsys.readouterr().err
    assert "rong.txt" in err and "exit code 4" in err and "Traceback" not in err
    assert (tmp_path / "out" / "de-an-cds-bac-ha" / "memo.md").is_file()
    assert not (tmp_path / "out" / "rong").exists()
