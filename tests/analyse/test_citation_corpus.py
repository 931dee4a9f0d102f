"""The citation extractor on the citation strings of tests/data/citations.yaml: every planted key, kind, date and
issuer found as written (65 of 65 today: the floor is the measured value)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.kb import KnowledgeBase
from pipeline.core.model import Location
from pipeline.rules.loader import load_rules
from planreview_testing.citation_eval import evaluate

CASES = Path(__file__).resolve().parents[1] / "data" / "citations.yaml"


def test_corpus_is_large_enough():
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    assert sum(len(c["expect"]) for c in cases) >= 60


def test_extractor_precision_and_recall():
    ev = evaluate(CASES)
    assert ev.true_positives >= 65 and ev.false_positives == 0 and ev.false_negatives == 0, "\n".join(ev.errors)


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase(load_rules().legal_bases)


def _status(kb, text):
    (c,) = extract_from_text(text, Location())
    kb.annotate([c])
    return c


def test_kb_has_at_least_25_entries_with_fields(kb):
    assert len(kb) >= 25
    for e in kb.entries:
        assert e.kind and e.issuer and e.title and e.tags is not None
        assert e.date or e.level != "national"


@pytest.mark.parametrize(("text", "status", "kb_key"), [
    ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", "ok", "749/QĐ-TTg"),
    ("749/QD-TTg", "ok", "749/QĐ-TTg"),
    ("Quyết định 749 của Thủ tướng", "ok", "749/QĐ-TTg"),
    ("Quyết định số 749/QĐ-TTg ngày 03/6/2021", "contradiction", "749/QĐ-TTg"),
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2018", "contradiction", "52-NQ/TW"),
    ("Quyết định số 749/QĐ-BTTTT ngày 03/6/2020", "contradiction", "749/QĐ-TTg"),
    ("Nghị định số 73/NĐ-CP ngày 05/9/2019", "ok", "73/2019/NĐ-CP"),
    ("Luật Công nghệ thông tin ngày 29/6/2006", "ok", "67/2006/QH11"),
    ("Luat Cong nghe thong tin ngay 29/6/2006", "ok", "67/2006/QH11"),
    ("Luật Công nghệ thông tin ngày 29/6/2007", "contradiction", "67/2006/QH11"),
    ("Luật Giao dịch điện tử ngày 29/11/2005", "ok", "51/2005/QH11"),
    ("Luật Giao dịch điện tử số 20/2023/QH15 ngày 22/6/2023", "ok", "20/2023/QH15"),
    ("Quyết định số 1234/QĐ-UBND ngày 05/3/2023", "unknown", ""),
    ("Quyết định số 749/QĐ-TTg ngày 31/02/2020", "ok", "749/QĐ-TTg"),  # bad date: LEGAL-03, not a contradiction
])
def test_kb_status(kb, text, status, kb_key):
    c = _status(kb, text)
    assert (c.kb_status, c.kb_key) == (status, kb_key), c.kb_note
    if status == "contradiction":
        assert "CSDL" in c.kb_note


def test_contradiction_says_the_expected_value(kb):
    c = _status(kb, "Quyết định số 749/QĐ-TTg ngày 03/6/2021")
    assert "03/06/2020" in c.kb_note


def test_province_kb_file(tmp_path):
    kb_file = tmp_path / "tinh.yaml"
    kb_file.write_text('legal_bases:\n  - {key: "1234/QĐ-UBND", kind: "Quyết định", date: "2023-03-05", '
                       'issuer: "UBND tỉnh X", title: "Kế hoạch chuyển đổi số", level: provincial}\n', encoding="utf-8")
    kb = KnowledgeBase(load_rules(kb_files=[kb_file]).legal_bases)
    assert _status(kb, "Quyết định số 1234/QĐ-UBND ngày 05/3/2023").kb_status == "ok"
    assert _status(kb, "Quyết định số 1234/QĐ-UBND ngày 05/3/2022").kb_status == "contradiction"


@pytest.mark.parametrize(("text", "expected"), [
    ("Quyết định số 749/QĐ-TTg ngày 31/02/2020", [("749/QĐ-TTg", None, "ngày không hợp lệ: 31/02/2020")]),
    ("Quyết định số 749/QĐ-TTg ngày 29/02/2021", [("749/QĐ-TTg", None, "ngày không hợp lệ: 29/02/2021")]),
    ("Quyết định số 749/QĐ-TTg ngày 29/02/2020", [("749/QĐ-TTg", "2020-02-29", None)]),  # a leap day is a date
    ("Quyết định số 1/QĐ-TTg ngày 99/99/9999", [("1/QĐ-TTg", None, "ngày không hợp lệ: 99/99/9999")]),
    ("Quyết định số 749/QĐ-TTg ngày 03/6/20", [("749/QĐ-TTg", None, "năm không hợp lệ")]),
    ("ngày 31/02/2020", []), ("Nghị định số 0/0000/NĐ-CP ngày 00/00/0000", []), ("Luật   ", []), ("QĐ-TTg ngày", []),
])
def test_bad_dates_are_never_accepted_and_fragments_never_crash(text, expected):
    """An impossible date is no date (None) and a problem LEGAL-03 reports; fragments give nothing."""
    found = extract_from_text(text, Location())
    assert [(c.key, c.date) for c in found] == [(k, d) for k, d, _ in expected]
    for c, (_, _, problem) in zip(found, expected):
        assert (problem is None and not c.problems) or any(problem in p for p in c.problems), c.problems


def test_basis_listed_but_unused_can_be_enabled(tmp_path, make_draft):
    """LEGAL-07 ("the reverse": in Căn cứ but never used in the body) is off by default; a rules folder turns it on."""
    from pipeline.review.reviewer import Reviewer, ReviewOptions
    from pipeline.rules.loader import DEFAULT_RULES_DIR
    from planreview_testing.synthetic import clean_spec

    (tmp_path / "on.yaml").write_text("""
rules:
  - id: LEGAL-07
    title: "Căn cứ không được sử dụng trong nội dung"
    area: "Căn cứ pháp lý"
    severity: info
    check: basis_unused
    message: "{count} văn bản trong phần Căn cứ không được nhắc lại trong nội dung: {documents}."
    suggestion: "Xem lại."
""", encoding="utf-8")
    draft = make_draft(clean_spec(), "unused.txt")
    default = Reviewer(ReviewOptions(corpus_dir=None)).review(draft)
    assert "LEGAL-07" not in {f.rule_id for f in default.findings}
    enabled = Reviewer(ReviewOptions(corpus_dir=None, rules_dirs=[DEFAULT_RULES_DIR, tmp_path])).review(draft)
    (finding,) = [f for f in enabled.findings if f.rule_id == "LEGAL-07"]
    assert "749/QĐ-TTg" in finding.message and finding.severity == "info"
