"""Issue 32 item 2: a check that did not run is "not checked" in every output and out of the score — never
"nothing found, up to standard"."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from pipeline.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-dong-hai.docx"


def test_no_corpus_means_duplicates_not_checked_everywhere(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE), "-o", str(out), "--no-corpus"]) == 0
    assert "trùng lặp: chưa kiểm tra" in capsys.readouterr().out
    summary = json.loads((out / "findings.json").read_text(encoding="utf-8"))["summary"]
    # (and the plan above, issue 34: no --parent)
    assert set(summary["not_checked"]) == {"Trùng lặp", "Cụ thể hóa kế hoạch cấp trên"}
    assert "--no-corpus" in summary["not_checked"]["Trùng lặp"]
    assert "Trùng lặp" not in summary["scores"]  # no area score for a check that did not run (was 100)
    assert summary["score"]["not_checked"] == summary["not_checked"]
    memo = (out / "memo.md").read_text(encoding="utf-8")
    assert "Không phát hiện đoạn trùng lặp" not in memo and "Chưa kiểm tra trùng lặp" in memo
    assert "| Trùng lặp | — | — | chưa kiểm tra" in memo and "Chưa kiểm tra, không tính vào điểm: Trùng lặp" in memo
    html = (out / "memo.html").read_text(encoding="utf-8")
    assert "Trùng lặp: chưa kiểm tra" in html and "Không phát hiện đoạn trùng lặp" not in html
    text = "\n".join([p.text for p in docx.Document(str(out / "memo.docx")).paragraphs]
                     + [c.text for t in docx.Document(str(out / "memo.docx")).tables for r in t.rows for c in r.cells])
    assert "chưa kiểm tra" in text.lower()


def test_with_the_corpus_duplicates_are_checked_and_scored(tmp_path):
    out = tmp_path / "out"
    assert main(["review", str(SAMPLE), "-o", str(out)]) == 0
    summary = json.loads((out / "findings.json").read_text(encoding="utf-8"))["summary"]
    assert set(summary["not_checked"]) == {"Cụ thể hóa kế hoạch cấp trên"} and "Trùng lặp" in summary["scores"]
    assert "Chưa kiểm tra trùng lặp" not in (out / "memo.md").read_text(encoding="utf-8")
