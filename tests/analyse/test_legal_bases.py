"""Legal bases as published plans write them (issue #18; #11 items 5-6; #14 items 3-4): the document-code
standard, the plan's own number and date, preamble bases, dates against the plan's date, legal currency,
the expected core set by date and level, and the SQLite knowledge base (`planreview kb`)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.kb import KnowledgeBase
from pipeline.analyse.kb_store import KBStore
from pipeline.apps.cli import main
from pipeline.core.model import Location
from pipeline.review.reviewer import Reviewer, ReviewOptions
from pipeline.rules.loader import load_rules
from planreview_testing.citation_eval import evaluate, evaluate_openings

ROOT = Path(__file__).resolve().parents[2]
OPENINGS = Path(__file__).resolve().parents[1] / "data" / "openings"
SHARED = ROOT.parent / "shared" / "legal" / "dx-legal-documents.csv"
_IN_CI = bool(os.environ.get("CI"))


def cite(text):
    return extract_from_text(text, Location())


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase(load_rules().legal_bases)


@pytest.fixture(scope="module")
def shared_csv() -> Path:
    """The team's shared legal list (../shared next to the checkout): required in CI, skipped on a bare machine."""
    if not SHARED.is_file():
        if _IN_CI:
            pytest.fail(f"{SHARED} is required in CI (the national documents every KB test checks against)")
        pytest.skip("the team's shared legal list is not next to the repository")
    return SHARED


@pytest.fixture(scope="module")
def reviewer():
    return Reviewer(ReviewOptions(corpus_dir=None))


def _rules(result, rule_id):
    return [f for f in result.findings if f.rule_id == rule_id]


# --------------------------------------------------------------------------- the measures of issue #18


def test_openings_meet_the_issue_targets():
    """Floors at the measured value: every citation of the 26 openings found as written, nothing else."""
    ev = evaluate_openings(OPENINGS)
    assert ev.files >= 25
    assert ev.cite.false_positives == 0 and ev.cite.false_negatives == 0, "\n".join(ev.errors)
    assert ev.own_as_citation == 0 and ev.own_number_ok == ev.files and ev.issued_on_ok == ev.files, ev.errors
    assert ev.correct_called_wrong == 0, "\n".join(ev.errors)
    assert ev.defects >= 6 and ev.defects_caught == ev.defects, "\n".join(ev.errors)


def test_no_national_document_of_the_shared_list_is_unknown_in_the_openings(shared_csv):
    ev = evaluate_openings(OPENINGS, shared_csv)
    assert ev.national_shared_checked >= 20, ev.national_shared_checked  # the measure saw the openings' documents
    assert ev.national_shared_unknown == 0, "\n".join(ev.errors)


def test_a_cited_documents_date_is_never_the_plans_own():
    """A draft sent with its date left blank ("ngày    tháng    năm 2024", as drafts are) and an implementation
    plan's opening line "Thực hiện Kế hoạch số … ngày 11 tháng 3 năm 2024 …": that date is the district plan's,
    not this plan's."""
    from pipeline.analyse.citations import plan_identity
    from pipeline.core.model import Block

    lines = ["ỦY BAN NHÂN DÂN XÃ TÂN HÒA", "Số:    /KH-UBND", "Tân Hòa, ngày      tháng      năm 2024", "KẾ HOẠCH",
             "Thực hiện Kế hoạch số 50/KH-UBND ngày 11 tháng 3 năm 2024 của UBND huyện Đồng Xá về chuyển đổi số",
             "Căn cứ Quyết định số 942/QĐ-TTg ngày 15 tháng 6 năm 2021 của Thủ tướng Chính phủ"]
    ident = plan_identity([Block(text=t, kind="para", location=Location()) for t in lines])
    assert ident.own_code == "KH-UBND" and ident.own_number == ""
    assert ident.issued_on is None


def test_citation_strings_precision_recall():
    ev = evaluate(Path(__file__).resolve().parents[1] / "data" / "citations.yaml")
    assert ev.false_positives == 0 and ev.false_negatives == 0, "\n".join(ev.errors)


def test_every_national_document_of_the_shared_list_is_known(kb, shared_csv):
    import csv

    for row in csv.DictReader(shared_csv.open(encoding="utf-8")):
        if row["issuer"].startswith(("UBND", "Ban Chấp hành Đảng bộ tỉnh", "Ban Thường vụ Tỉnh ủy")):
            continue
        entry = kb.get(row["number"])
        assert entry is not None, row["number"]
        assert entry.evidence and entry.evidence[0]["url"] in row["evidence_url"], row["number"]
        assert entry.status == row["status_as_of_2026"], row["number"]


# --------------------------------------------------------------------------- codes by the standard


@pytest.mark.parametrize(("text", "key", "kind"), [
    ("Theo đề nghị của Sở Văn hóa tại Tờ trình số 45/TTr-VHTT ngày 10/9/2021", "45/TTr-VHTT", "Tờ trình"),
    ("tại Tờ trình số 164/TTr- SKHCN ngày 17/12/2025", "164/TTr-SKHCN", "Tờ trình"),
    ("Chương trình hành động số 10-CTr/TU ngày 12/01/2022 của Tỉnh ủy", "10-CTr/TU", "Chương trình"),
    ("Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025", "02-KH/BCĐTW", "Kế hoạch"),
    ("Kết luận số 48-KL/TU ngày 28/12/2022", "48-KL/TU", "Kết luận"),
    ("Văn bản số 3115/BTTTT-CVT ngày 05/9/2021 của Bộ Thông tin và Truyền thông", "3115/BTTTT-CVT", "Công văn"),
    ("Nghị quyết số 190/2025/QH15 ngày 19/02/2025 của Quốc hội", "190/2025/QH15", "Nghị quyết"),
    ("Phương án số 12/PA-UBND ngày 02/3/2024", "12/PA-UBND", "Phương án"),
])
def test_codes_are_named_by_the_standard_and_well_formed(text, key, kind):
    (c,) = cite(text)
    assert (c.key, c.kind, c.problems) == (key, kind, [])


def test_lower_case_law_and_letters_are_citations():
    (law,) = cite("Căn cứ Luật tổ chức chính quyền địa phương ngày 19/6/2015;")
    assert law.kind == "Luật" and law.date == "2015-06-19"
    assert cite("Luật này có hiệu lực từ ngày ký.") == []


@pytest.mark.parametrize(("text", "problem"), [
    ("Chương trình hành động số 21-CTr/TU ngày 06/01 của Tỉnh ủy", "thiếu năm"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 tháng 2025;", "viết sai"),
    ("Nghị quyết số 52-NQ/TW ngày 27/9/20119", "năm không hợp lệ"),
])
def test_malformed_dates(text, problem):
    (c,) = cite(text)
    assert any(problem in p for p in c.problems), c.problems


# --------------------------------------------------------------------------- laws by name and date


def test_standard_opening_resolves_without_a_false_wrong_date(kb):
    found = cite("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
                 "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    kb.annotate(found, "2021-09-16")
    assert [(c.kb_status, c.kb_key) for c in found] == [("ok", "77/2015/QH13"), ("ok", "47/2019/QH14")]


@pytest.mark.parametrize(("date", "key"), [
    ("19 tháng 6 năm 2015", "77/2015/QH13"), ("19 tháng 02 năm 2025", "65/2025/QH15"),
    ("16 tháng 6 năm 2025", "72/2025/QH15"),
])
def test_laws_of_the_same_name_are_told_apart_by_date(kb, date, key):
    (c,) = cite(f"Căn cứ Luật Tổ chức chính quyền địa phương ngày {date};")
    kb.annotate([c], "2026-01-10")
    assert (c.kb_status, c.kb_key) == ("ok", key)


def test_undated_law_is_the_one_in_force_at_the_plan_date(kb):
    (c,) = cite("Căn cứ Luật Tổ chức chính quyền địa phương;")
    kb.annotate([c], "2024-05-01")
    assert c.kb_key == "77/2015/QH13" and not c.currency
    kb.annotate([c], "2026-01-10")
    assert c.kb_key == "72/2025/QH15"


# --------------------------------------------------------------------------- the plan's own number and date


def test_own_number_and_date_from_the_header(reviewer):
    result = reviewer.review(OPENINGS / "09-huyen-qd-2021-kem-theo.txt")
    meta = result.seg.meta
    assert (meta.own_number, meta.issued_on) == ("2145/QĐ-UBND", "2021-09-16")
    assert not any(c.number == "2145" for c in result.citations)  # neither "Số:" nor "Kèm theo Quyết định số"
    assert {"LEGAL-06", "LEGAL-08"}.isdisjoint(f.rule_id for f in result.findings if "2145" in f.message)


def test_memo_shows_own_number_and_date(tmp_path):
    assert main(["review", str(OPENINGS / "02-tinh-kh-2025-12.txt"), "-o", str(tmp_path), "--no-corpus"]) == 0
    md = (tmp_path / "memo.md").read_text(encoding="utf-8")
    assert "| Số, ngày của văn bản | 186/KH-UBND, ngày 29/12/2025 |" in md
    doc = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["document"]
    assert (doc["own_number"], doc["issued_on"]) == ("186/KH-UBND", "2025-12-29")
    assert not any(c["key"] == "186/KH-UBND" for c in json.loads((tmp_path / "findings.json").read_text(
        encoding="utf-8"))["citations"])


def test_district_own_ubnd_number_does_not_count_as_provincial_basis(reviewer, tmp_path):
    draft = tmp_path / "huyen.txt"
    draft.write_text("ỦY BAN NHÂN DÂN HUYỆN ĐÔNG SƠN\nSố: 318/KH-UBND\nĐông Sơn, ngày 10 tháng 3 năm 2023\n"
                     "KẾ HOẠCH\nChuyển đổi số huyện Đông Sơn năm 2023\n"
                     "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;\n"
                     "Căn cứ Kế hoạch số 88/KH-UBND ngày 10/02/2023 của UBND huyện Đông Sơn;\n"
                     "I. MỤC TIÊU\nNăm 2023, 100% hồ sơ công việc được xử lý trên môi trường mạng.\n", encoding="utf-8")
    assert len(_rules(reviewer.review(draft), "LEGAL-02")) == 1
    draft.write_text(draft.read_text(encoding="utf-8").replace("của UBND huyện Đông Sơn", "của UBND tỉnh Thanh Lâm"),
                     encoding="utf-8")
    assert _rules(reviewer.review(draft), "LEGAL-02") == []


# --------------------------------------------------------------------------- dates against the plan's date


def test_citation_after_the_plan_date_is_a_finding(reviewer):
    result = reviewer.review(OPENINGS / "17-tinh-kh-2025-ngay-sau.txt")
    (f,) = _rules(result, "LEGAL-09")
    assert "2629/QĐ-TTg" in f.message and "14/03/2025" in f.message


def test_expected_core_set_follows_the_plan_date(reviewer, tmp_path):
    def missing(year: int | None, bases: str) -> list[str]:
        draft = tmp_path / f"p{year}.txt"
        dated = f"An Phú, ngày 10 tháng 3 năm {year}" if year else "An Phú, ngày    tháng    năm"
        draft.write_text(f"ỦY BAN NHÂN DÂN XÃ AN PHÚ\nSố: 12/KH-UBND\n{dated}\n"
                         "KẾ HOẠCH\nChuyển đổi số xã An Phú\n" f"{bases}\nI. MỤC TIÊU\n"
                         "Hoàn thành các nhiệm vụ chuyển đổi số của xã.\n", encoding="utf-8")
        result = reviewer.review(draft)
        return [f.details.get("key") for f in result.findings if f.rule_id in ("LEGAL-01", "LEGAL-04")]

    b749 = "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;"
    b57 = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;"
    assert missing(2026, b57) == []  # a 2026 plan is not asked for the programme to 2025
    assert missing(2026, b749) == ["57-NQ/TW"]
    assert missing(2023, "Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;") == ["749/QĐ-TTg"]
    assert missing(None, "Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;") == []  # undated: no era claim


def test_expectations_by_level_treat_unknown_level_as_any(tmp_path):
    from pipeline.checks import legal_checks
    from pipeline.rules.params import Expectation

    exp = Expectation(any_of=["57-NQ/TW"], plans_from="2025-01-01", levels=["tinh"])
    assert legal_checks._applies(exp, "2026-01-01", "tinh")
    assert not legal_checks._applies(exp, "2026-01-01", "xa")
    assert legal_checks._applies(exp, "2026-01-01", "")
    assert not legal_checks._applies(exp, "2024-06-01", "tinh")


# --------------------------------------------------------------------------- legal currency


def test_superseded_basis_names_its_replacement(reviewer, tmp_path):
    result = reviewer.review(OPENINGS / "15-xa-kh-2026-ldgdt-2005.txt")
    (f,) = _rules(result, "LEGAL-10")
    assert "51/2005/QH11" in f.message and "20/2023/QH15" in f.message and "01/07/2024" in f.message
    older = tmp_path / "2023.txt"
    older.write_text((OPENINGS / "15-xa-kh-2026-ldgdt-2005.txt").read_text(encoding="utf-8")
                     .replace("năm 2026", "năm 2023").replace("10 tháng 02 năm 2023", "10 tháng 02 năm 2023"),
                     encoding="utf-8")
    assert _rules(reviewer.review(older), "LEGAL-10") == []


def test_superseded_chain_names_the_law_in_force(reviewer):
    (f,) = [f for f in _rules(reviewer.review(OPENINGS / "16-xa-kh-2026-luat-2015.txt"), "LEGAL-10")
            if "chính quyền" in f.message]
    assert "72/2025/QH15" in f.message and "01/03/2025" in f.message


def test_clean_openings_have_no_currency_or_date_findings(reviewer):
    for name in ("02-tinh-kh-2025-12.txt", "04-tinh-qd-chien-luoc-2025.txt", "11-phuong-kh-2026.txt",
                 "09-huyen-qd-2021-kem-theo.txt"):
        result = reviewer.review(OPENINGS / name)
        bad = [f.rule_id for f in result.findings if f.rule_id in ("LEGAL-03", "LEGAL-05", "LEGAL-09", "LEGAL-10")]
        assert bad == [], (name, [f.message for f in result.findings if f.rule_id in bad])


# --------------------------------------------------------------------------- the SQLite knowledge base


def test_kb_import_show_and_review(tmp_path, capsys):
    db = tmp_path / "kb.sqlite"
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"documents": [
        {"so_hieu": "275/KH-UBND", "loai": "ke_hoach", "ngay_ban_hanh": "31/12/2025", "co_quan_ban_hanh":
         "UBND tỉnh Thanh Lâm", "trich_yeu": "Chuyển đổi số năm 2026", "tinh_trang": "Còn hiệu lực",
         "province": "Thanh Lâm", "level": "provincial", "url": "https://example.invalid/275"},
        {"so_hieu": "", "loai": "quyet_dinh"},
    ]}), encoding="utf-8")
    assert main(["kb", "import", str(export), "--db", str(db)]) == 0
    assert "nhập 1 văn bản, bỏ qua 1" in capsys.readouterr().out
    assert main(["kb", "show", "275/KH-UBND", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "31/12/2025" in out and "export.json:1 " in out and "https://example.invalid/275" in out
    assert main(["kb", "show", "9999/QĐ-TTg", "--db", str(db)]) == 2
    with KBStore(db) as store:
        (row,) = store.lookup("275/KH-UBND")
        assert (row.status, row.level) == ("in_force", "provincial")
    # a review with the store knows the provincial plan (✓ instead of ? check by hand)
    r = Reviewer(ReviewOptions(corpus_dir=None, kb_db=db))
    result = r.review(OPENINGS / "15-xa-kh-2026-ldgdt-2005.txt")
    (c,) = [c for c in result.citations if c.key == "275/KH-UBND"]
    assert (c.kb_status, c.kb_key) == ("ok", "275/KH-UBND")


def test_kb_import_of_the_shared_csv_keeps_provenance_and_yaml_overrides(tmp_path, capsys, shared_csv):
    db = tmp_path / "kb.sqlite"
    assert main(["kb", "import", str(shared_csv), "--db", str(db)]) == 0
    with KBStore(db) as store:
        rows = store.lookup("06-NQ/TU")
        assert len(rows) == 2 and {r.province or r.issuer for r in rows} and all(r.evidence for r in rows)
        assert rows[0].kind == "Nghị quyết"  # named from its code when the export leaves the kind empty
    assert main(["kb", "show", "51/2005/QH11", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "YAML" in out and "ghi đè" in out and "20/2023/QH15" in out


def test_kb_lookups_stay_under_a_millisecond(tmp_path):
    csv_file = tmp_path / "big.csv"
    lines = ["number,kind,date_issued,issuer,title_vi,status_as_of_2026"]
    lines += [f"{i}/QĐ-UBND,quyet_dinh,2024-01-{1 + i % 28:02d},UBND tỉnh Số {i % 34},Văn bản thử {i},in_force"
              for i in range(1, 20001)]
    csv_file.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    with KBStore(db, create=True) as store:
        assert store.import_file(csv_file)["imported"] == 20000
        kb = KnowledgeBase(load_rules().legal_bases, store)
        keys = [f"{i}/QD-UBND" for i in range(1, 20001, 97)]
        took = []
        for k in keys:
            start = time.perf_counter()
            assert kb.get(k) is not None
            took.append(time.perf_counter() - start)
        plan = " ".join(str(tuple(row)) for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM documents WHERE nkey = ? ORDER BY date", ("1/qd-ubnd",)))
    # the lookup is an index search, not a scan of the 20,000 rows (what keeps it fast on any machine) ...
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
    # ... and the median lookup (≈ 0.06 ms on the 2-core machine; a mean was 16× that while the cores were
    # shared with a second test run) under a millisecond
    took.sort()
    assert took[len(took) // 2] < 0.001, took[len(took) // 2]


def test_kb_import_refuses_bad_input(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    assert main(["kb", "import", str(bad), "--db", str(tmp_path / "k.sqlite")]) == 2
    assert main(["kb", "import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "k.sqlite")]) == 2
    other = tmp_path / "x.xlsx"
    shutil.copy(bad, other)
    assert main(["kb", "import", str(other), "--db", str(tmp_path / "k.sqlite")]) == 2


def test_word_header_table_nfd_preamble_and_body(tmp_path, reviewer):
    """A Word draft: header in a two-column table, bases in decomposed Unicode, a replaced decree in the body."""
    import unicodedata

    import docx

    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nSố: 45/KH-UBND"
    t.cell(0, 1).text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                         "Tân Hòa, ngày 05 tháng 3 năm 2026")
    d.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    d.add_paragraph("Chuyển đổi số xã Tân Hòa năm 2026")
    for line in ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                 "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
                 "Căn cứ Kế hoạch số 275/KH-UBND ngày 31/12/2025 của UBND tỉnh Thanh Lâm;",
                 "Ủy ban nhân dân xã ban hành Kế hoạch chuyển đổi số năm 2026 như sau:"):
        d.add_paragraph(unicodedata.normalize("NFD", line))
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU").runs[0].bold = True
    d.add_paragraph("Thực hiện kết nối dữ liệu theo Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ.")
    path = tmp_path / "xa.docx"
    d.save(path)
    result = reviewer.review(path)
    assert (result.seg.meta.own_number, result.seg.meta.issued_on) == ("45/KH-UBND", "2026-03-05")
    basis = {c.kb_key or c.key for c in result.citations if c.in_basis_section}
    assert basis == {"72/2025/QH15", "57-NQ/TW", "275/KH-UBND"}
    (f,) = _rules(result, "LEGAL-10")
    assert "47/2020/NĐ-CP" in f.message and "278/2025/NĐ-CP" in f.message
    assert _rules(result, "LEGAL-02") == [] and _rules(result, "LEGAL-01") == []


def test_kb_without_action_teaches(capsys):
    assert main(["kb"]) == 2
    assert "planreview kb" in capsys.readouterr().err


@pytest.mark.parametrize(("year", "expected"), [(2024, ["942/QĐ-TTg"]), (2025, []), (2026, ["2629/QĐ-TTg"])])  # noqa: E501
def test_programmes_to_2025_are_not_demanded_from_2025(reviewer, tmp_path, year, expected):
    draft = tmp_path / f"cqs{year}.txt"
    draft.write_text(f"ỦY BAN NHÂN DÂN XÃ AN PHÚ\nSố: 12/KH-UBND\nAn Phú, ngày 10 tháng 3 năm {year}\n"
                     f"KẾ HOẠCH\nPhát triển chính quyền số xã An Phú năm {year}\n"
                     "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
                     "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;\n"
                     "I. PHÁT TRIỂN CHÍNH QUYỀN SỐ\n"
                     "Phát triển chính quyền số: 100% hồ sơ công việc được xử lý trên môi trường mạng; dịch vụ công "
                     "trực tuyến toàn trình; chính quyền số phục vụ người dân; chuyển đổi số trong cơ quan nhà nước; "
                     "chính quyền số dựa trên dữ liệu; hệ thống quản lý văn bản điều hành; chữ ký số.\n",
                     encoding="utf-8")
    found = [f.details.get("key") for f in _rules(reviewer.review(draft), "LEGAL-04")]
    assert found == expected, found


def test_a_law_re_enacted_under_the_same_name_is_unknown_not_wrong(kb):
    (c,) = cite("Căn cứ Luật Đầu tư công ngày 29 tháng 11 năm 2024;")  # the KB knows only the 2019 law
    kb.annotate([c], "2025-06-01")
    assert c.kb_status == "unknown"
    (c,) = cite("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2025;")  # a typo between two laws
    kb.annotate([c], "2025-09-01")
    assert c.kb_status == "contradiction" and "16/06/2025" in c.kb_note


@pytest.mark.parametrize(("text", "key"), [
    ("tại Tờ trình số 31/TTr VHTT ngày 10/5/2023;", "31/TTr-VHTT"),  # hyphen lost in a Word-exported PDF
    ("Quyết định số 749/QĐ TTg ngày 03/6/2020", "749/QĐ-TTg"),
])
def test_hyphen_lost_between_type_and_unit(text, key):
    (c,) = cite(text)
    assert c.key == key and not c.problems
