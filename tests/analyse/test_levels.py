"""Plan level and era: detection (plan_profile.py), administrative units (admin_units.py), applies_to, the level
rules on generated commune and province drafts (gen_levels.py) in .docx, .pdf and .txt, province knowledge
bases picked by today's province, and memos that read right for a 2026 commune plan."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pipeline.analyse import admin_units
from pipeline.analyse.plan_profile import effective_level, find_units, profile_plan, rule_applies
from pipeline.analyse.province_kb import province_kb_for, province_kbs
from pipeline.core.errors import RulesError
from pipeline.core.model import Block, Location, PlanMeta
from pipeline.rules.loader import AppliesTo, _parse_applies_to, load_rules
from planreview_testing.gen_levels import (  # noqa: E402
    LEVEL_RULES,
    commune_spec,
    expected_findings,
    province_spec,
    write_level_draft,
)

ROOT = Path(__file__).resolve().parents[2]


def _blocks(*lines: str) -> list[Block]:
    return [Block("paragraph", t, Location(paragraph=i + 1)) for i, t in enumerate(lines)]


def _profile(front: list[str], title: str, plan_year: int | None, body: list[str] = ()) -> PlanMeta:
    meta = PlanMeta(title=title, plan_year=plan_year, target_year=None, vision_year=None)
    return profile_plan(meta, _blocks(*front), _blocks(*body))


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(("front", "title", "year", "level", "unit"), [
    (["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tân Hòa, ngày 12 tháng 3 năm 2026"],
     "KẾ HOẠCH Chuyển đổi số năm 2026", 2026, "xa", "xã Tân Hòa"),
    (["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHƯỜNG AN LẠC Độc lập - Tự do - Hạnh phúc"],
     "KẾ HOẠCH", 2026, "xa", "phường An Lạc"),  # a PDF reading both header columns line by line
    (["ĐẢNG BỘ TỈNH THANH LÂM", "ĐẢNG ỦY ĐẶC KHU CỒN THẠCH"], "KẾ HOẠCH", 2026, "xa", "đặc khu Cồn Thạch"),
    (["ỦY BAN NHÂN DÂN TỈNH THANH LÂM"], "KẾ HOẠCH Chuyển đổi số tỉnh Thanh Lâm năm 2026", 2026, "tinh",
     "tỉnh Thanh Lâm"),
    (["ỦY BAN NHÂN DÂN HUYỆN ĐÔNG HẢI"], "ĐỀ ÁN Chuyển đổi số huyện Đông Hải đến năm 2025", 2023, "huyen",
     "huyện Đông Hải"),
    ([], "KẾ HOẠCH Chuyển đổi số thị xã Bình Minh giai đoạn 2022-2025", 2022, "huyen", "thị xã Bình Minh"),
    ([], "Kế hoạch chuyển đổi số, phát triển kinh tế số, xã hội số phường Hòa Lạc năm 2026", 2026, "xa",
     "phường Hòa Lạc"),  # "xã hội số" is not a commune
    (["UBND THÀNH PHỐ HẢI PHÒNG"], "KẾ HOẠCH", 2026, "tinh", "thành phố Hải Phòng"),  # a city that is a province
    (["UBND THÀNH PHỐ THANH HÓA"], "ĐỀ ÁN", 2022, "huyen", "thành phố Thanh Hóa"),  # a former district-level city
    (["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "KẾ HOẠCH về chuyển đổi số", 2026, "", ""),
])
def test_level_and_unit_from_header_and_title(front, title, year, level, unit):
    meta = _profile(front, title, year)
    assert (meta.level, meta.unit) == (level, unit)


def test_find_units_keeps_names_and_skips_the_motto():
    assert find_units("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == []
    assert find_units("xã Hải Nam năm 2026 thuộc tỉnh Thanh Lâm") == [("xã", "Hải Nam"), ("tỉnh", "Thanh Lâm")]
    assert find_units("UBND TP. Hải Phòng") == [("thành phố", "Hải Phòng")]


def test_era_date_from_header_and_override():
    meta = _profile(["ỦY BAN NHÂN DÂN XÃ TÂN HÒA", "Tân Hòa, ngày 05 tháng 8 năm 2025"], "KẾ HOẠCH", 2025)
    assert meta.era_date == "2025-08-05"
    assert _profile(["Tân Hòa, ngày 05 tháng 8 năm 2025"], "KẾ HOẠCH", 2027).era_date == "2027-01-01"  # --plan-year


def test_former_province_maps_to_todays():
    meta = _profile(["ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"], "KẾ HOẠCH Chuyển đổi số tỉnh Hải Dương năm 2024", 2024)
    assert (meta.level, meta.province, meta.former_province) == ("tinh", "Hải Phòng", "Hải Dương")
    district = _profile(["ỦY BAN NHÂN DÂN HUYỆN CẨM GIÀNG"], "ĐỀ ÁN Chuyển đổi số huyện Cẩm Giàng", 2023,
                        ["Căn cứ Nghị quyết của Tỉnh ủy tỉnh Hải Dương về chuyển đổi số."])
    assert (district.level, district.province, district.former_province) == ("huyen", "Hải Phòng", "Hải Dương")
    unchanged = _profile(["UBND TỈNH THANH HÓA"], "KẾ HOẠCH", 2026)
    assert (unchanged.province, unchanged.former_province) == ("Thanh Hóa", "")


# --------------------------------------------------------------------------- administrative units (package data)


def test_admin_units_carry_the_2025_mapping():
    assert admin_units.available(), "vietnam-address-converter is a dependency (pyproject.toml)"
    assert len(admin_units.provinces()) == 34
    assert admin_units.current_province("tỉnh Hải Dương").name == "Hải Phòng"
    assert admin_units.current_province("Bà Rịa - Vũng Tàu").name == "Hồ Chí Minh"
    assert admin_units.current_province("Thừa Thiên Huế").name == "Huế"
    assert admin_units.is_former_province("Hải Dương") and not admin_units.is_former_province("Hải Phòng")
    assert admin_units.former_names("Hải Phòng") == ["Hải Dương", "Hải Phòng"]
    assert admin_units.district_provinces("huyện Cẩm Giàng") == ["Hải Phòng"]
    assert {c.kind for c in admin_units.communes_named("Côn Đảo")} == {"đặc khu"}
    assert admin_units.current_province("Thanh Lâm") is None  # fictional


def test_every_province_kb_is_keyed_by_todays_province():
    kbs = province_kbs()
    assert {Path(kb.path).name for kb in kbs} >= {"hai-phong.yaml", "thanh-hoa.yaml"}
    for kb in kbs:
        today = admin_units.province(kb.province)
        assert today is not None, f"{kb.path}: {kb.province} is not one of today's 34 provinces"
        assert Path(kb.path).stem == today.slug
        for former in kb.former_provinces:
            assert admin_units.current_province(former).name == today.name, (kb.path, former)
    assert province_kb_for("", "Hải Dương").province == "Hải Phòng"
    assert province_kb_for("Hải Phòng").path.name == "hai-phong.yaml"
    assert province_kb_for("Thanh Lâm") is None


# --------------------------------------------------------------------------- applies_to


def test_applies_to_is_parsed_and_validated():
    scope = _parse_applies_to({"levels": ["xa", "phuong"], "from": "2025-07-01"}, "r")
    assert scope == AppliesTo(("xa",), dt.date(2025, 7, 1), None)
    assert scope.matches("xa", dt.date(2026, 1, 1)) and not scope.matches("xa", dt.date(2025, 6, 30))
    assert not scope.matches("tinh", dt.date(2026, 1, 1)) and not scope.matches("xa", None)
    for bad in ({"levels": ["commune"]}, {"from": "01/07/2025"}, {"when": 1}, {"from": "2026-01-01",
                                                                               "until": "2025-01-01"}):
        with pytest.raises(RulesError):
            _parse_applies_to(bad, "r")


def test_a_rule_that_does_not_apply_is_skipped_and_undetected_old_plans_are_district_plans():
    rules = {r.id: r for r in load_rules().rules}
    commune = PlanMeta("", 2026, 2030, None, level="xa", era_date="2026-03-01")
    assert rule_applies(rules["COMMUNE-01"], commune) and not rule_applies(rules["SCOPE-01"], commune)
    assert rule_applies(rules["REFORM-01"], commune)
    assert not rule_applies(rules["REFORM-01"], PlanMeta("", 2024, 2025, None, level="xa", era_date="2024-05-01"))
    old = PlanMeta("", 2023, 2025, None, era_date="2023-01-01")
    assert effective_level(old) == "huyen" and rule_applies(rules["SCOPE-01"], old)
    assert effective_level(PlanMeta("", 2026, 2030, None, era_date="2026-01-01")) == ""


def test_rules_command_shows_applies_to():
    out = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "rules"], capture_output=True, text=True,
                         check=True).stdout
    assert "REFORM-01" in out and "[áp dụng: xa, tinh, so · từ 2025-07-01]" in out
    assert "SCOPE-01" in out and "[áp dụng: huyen, tinh · trừ implementing]" in out


# --------------------------------------------------------------------------- level rules on generated drafts

SPECS = {
    "commune_clean": commune_spec(),
    "ward_clean_lines": commune_spec(unit_kind="phường", name="Hòa Lạc Tây", header="lines"),
    "province_clean": province_spec(),
    "commune_content": commune_spec(omit_villages=True, omit_community_team=True, omit_one_stop=True),
    "commune_owners": commune_spec(district_department_owner=2, defunct_owner=4, defunct_partner=6,
                                   defunct_duty=True, header="one_line"),
    "commune_partner_only": commune_spec(unit_kind="phường", defunct_partner=0, omit_one_stop=True),
    "ward_villages_owner": commune_spec(unit_kind="phường", header="lines", omit_villages=True,
                                        district_department_owner=1),
    "commune_stale": commune_spec(name="Cẩm Hưng", province="Hải Dương", stale=True, header="lines"),
    "province_stale": province_spec(name="Hải Dương", province="Hải Dương", stale=True),
    "commune_2024": commune_spec(plan_year=2024, plan_month=5, defunct_partner=3, defunct_duty=True),
    "province_coverage": province_spec(omit_commune_coverage=True, omit_commune_duties=True),
    "province_defunct": province_spec(defunct_owner=3, defunct_partner=5, defunct_duty=True),
}
FORMATS = ("docx", "pdf", "txt")


@pytest.fixture(scope="module")
def reviewed(reviewer, drafts_dir):
    return {(name, fmt): reviewer.review(write_level_draft(spec, drafts_dir / f"level-{name}.{fmt}"))
            for name, spec in SPECS.items() for fmt in FORMATS}


def _level_counts(result) -> dict[str, int]:
    return dict(Counter(f.rule_id for f in result.findings if f.rule_id in LEVEL_RULES))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(SPECS))
def test_level_rules_fire_exactly_where_planted(reviewed, name, fmt):
    result = reviewed[(name, fmt)]
    spec = SPECS[name]
    assert result.seg.meta.level == spec.level
    assert _level_counts(result) == expected_findings(spec)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["commune_clean", "ward_clean_lines", "province_clean"])
def test_clean_drafts_of_today_have_no_findings(reviewed, name, fmt):
    result = reviewed[(name, fmt)]
    assert [(f.rule_id, f.message) for f in result.findings] == []
    meta = result.seg.meta
    assert (meta.plan_year, meta.target_year, meta.province) == (2026, 2030, "Thanh Lâm")
    assert len(result.tasks.tasks) in (6, 7) and len(result.targets) == 3


def test_precision_and_recall_of_the_level_rules(reviewed):
    tp = fp = fn = 0
    for (name, _fmt), result in reviewed.items():
        expected, got = Counter(expected_findings(SPECS[name])), Counter(_level_counts(result))
        for rule in set(expected) | set(got):
            tp += min(expected[rule], got[rule])
            fp += max(0, got[rule] - expected[rule])
            fn += max(0, expected[rule] - got[rule])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"level rules: tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    assert tp >= 45 and precision == 1.0 and recall == 1.0, (precision, recall)


def test_defunct_body_findings_quote_the_task_and_the_body(reviewed):
    result = reviewed[("commune_owners", "docx")]
    reform = [f for f in result.findings if f.rule_id == "REFORM-01"]
    bodies = sorted(f.details["body"] for f in reform)
    assert bodies == ["Công an huyện", "Phòng Văn hóa và Thông tin huyện", "UBND huyện"]
    owner = next(f for f in reform if f.details["body"].startswith("Phòng"))
    assert "(chủ trì)" in owner.message and owner.location.table is not None
    assert "tổ công nghệ số cộng đồng" in owner.evidence
    (dept,) = [f for f in result.findings if f.rule_id == "COMMUNE-04"]
    assert dept.details["owner"] == "Phòng Giáo dục và Đào tạo" and "sàn thương mại điện tử" in dept.evidence


def test_a_2026_commune_memo_reads_right(reviewed, tmp_path):
    from pipeline.render.writers import write_outputs

    result = reviewed[("commune_owners", "txt")]
    own_words = " ".join(f"{f.message} {f.suggestion}" for f in result.findings if f.rule_id != "REFORM-01")
    assert "huyện" not in own_words.lower()  # only REFORM-01 names a district body: the plan's own words
    reform = next(f for f in result.findings if f.rule_id == "REFORM-01")
    assert "xã" in reform.suggestion and "huyện" not in reform.suggestion
    clean = reviewed[("commune_clean", "docx")]
    paths = write_outputs(clean, tmp_path / "memo")
    md = paths["md"].read_text(encoding="utf-8")
    html = paths["html"].read_text(encoding="utf-8")
    assert "<th>Cấp chính quyền</th><td>Cấp xã</td>" in html and "huyện" not in html.lower()
    import docx

    cells = [c.text for t in docx.Document(str(paths["docx"])).tables for row in t.rows for c in row.cells]
    assert "Cấp xã" in cells and "xã Tân Lạc Sơn" in cells
    assert "| Cấp chính quyền | Cấp xã |" in md and "| Địa phương | xã Tân Lạc Sơn |" in md
    assert "| Khung thời gian | 2026-2030 |" in md and "sau 01/7/2025" in md
    assert "huyện" not in md.lower()


def test_level_words_fill_shared_messages():
    """The same rule speaks of the plan's own level: STATUS-01 for a ward, a district and a province."""
    from pipeline.rules.loader import level_wording

    rule = next(r for r in load_rules().rules if r.id == "STATUS-01")
    ruleset = load_rules()
    from pipeline.analyse.plan_profile import wording_for

    texts = {}
    for level, unit in (("xa", "phường An Lạc"), ("huyen", "huyện Đông Hải"), ("tinh", "tỉnh Thanh Lâm")):
        meta = PlanMeta("", 2026, 2030, None, level=level, unit=unit, era_date="2026-01-01")
        with level_wording(wording_for(meta, ruleset)):
            texts[level] = rule.finding(section="Hiện trạng").suggestion
    assert "của phường theo bộ chỉ số của tỉnh" in texts["xa"]
    assert "của huyện theo bộ chỉ số của tỉnh" in texts["huyen"]
    assert "của tỉnh theo Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI)" in texts["tinh"]
    assert "{" not in "".join(texts.values())


# --------------------------------------------------------------------------- province knowledge base by province


def test_province_kb_is_picked_by_todays_province(drafts_dir, tmp_path):
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    text = ("ỦY BAN NHÂN DÂN\nHUYỆN CẨM GIÀNG\nCẩm Giàng, ngày 10 tháng 5 năm 2023\nĐỀ ÁN\n"
            "Chuyển đổi số huyện Cẩm Giàng đến năm 2025\nI. CĂN CỨ\n"
            "- Nghị quyết số 06-NQ/TU của Ban Chấp hành Đảng bộ tỉnh Hải Dương về chuyển đổi số tỉnh Hải Dương "
            "giai đoạn 2021-2025, định hướng đến năm 2030.\nII. MỤC TIÊU\nNâng cao hiệu quả điều hành.\n")
    path = drafts_dir / "cam-giang.txt"
    path.write_text(text, encoding="utf-8")
    result = Reviewer(ReviewOptions(corpus_dir=None)).review(path)
    assert (result.seg.meta.province, result.seg.meta.former_province) == ("Hải Phòng", "Hải Dương")
    assert Path(result.province_kb).name == "hai-phong.yaml"
    (citation,) = [c for c in result.citations if c.number == "06"]
    assert citation.kb_status == "ok" and citation.kb_key == "06-NQ/TU"
    doc = result.to_dict()["document"]
    assert doc["level"] == "huyen" and doc["province"] == "Hải Phòng" and doc["province_kb"].endswith("hai-phong.yaml")
    # without the province file the same citation is unknown: the file made the difference
    (tmp_path / "none").mkdir()
    bare = Reviewer(ReviewOptions(corpus_dir=None, province_kbs=tmp_path / "none")).review(path)
    assert bare.province_kb == "" and [c.kb_status for c in bare.citations if c.number == "06"] == ["unknown"]


def test_province_files_are_plain_yaml_with_province_keys():
    for path in (ROOT / "rules" / "provinces").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["province"] and data["legal_bases"]


def test_decision_of_a_commune_with_its_plan_attached(tmp_path):
    from pipeline.analyse.segment import segment
    from pipeline.ingest.read import parse_file

    lines = ["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA", "Số: 12/QĐ-UBND", "Tân Hòa, ngày 10 tháng 02 năm 2026",
             "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch chuyển đổi số xã Tân Hòa năm 2026",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN HÒA",
             "Căn cứ Kế hoạch số 30/KH-UBND ngày 10/01/2026 của UBND tỉnh Thanh Lâm về chuyển đổi số;",
             "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số xã Tân Hòa.",
             "KẾ HOẠCH", "Chuyển đổi số xã Tân Hòa năm 2026",
             "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 10/02/2026 của UBND xã Tân Hòa)",
             "I. MỤC TIÊU", "Đến năm 2026, 100% thôn có điểm hỗ trợ dịch vụ công trực tuyến."]
    path = tmp_path / "qd-xa.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = segment(parse_file(path), load_rules()).meta
    assert (meta.level, meta.unit, meta.province, meta.era_date) == ("xa", "xã Tân Hòa", "Thanh Lâm", "2026-02-10")


def test_no_rule_speaks_of_districts_to_a_commune_or_province_plan():
    """Every message and suggestion (variants too) a 2026 commune or province plan can get, in its level words:
    no "huyện" (but in REFORM-01/02, whose subject is that the district level is gone), no level placeholder left."""
    from pipeline.analyse.plan_profile import wording_for
    from pipeline.rules.loader import level_wording

    ruleset = load_rules()
    keys = {level: set(words) for level, words in ruleset.level_words.items()}
    assert set(keys) == {"tinh", "so", "huyen", "xa", "unknown"} and len({frozenset(k) for k in keys.values()}) == 1
    for level, unit, issuer in (("xa", "xã Tân Hòa", ""), ("tinh", "tỉnh Thanh Lâm", ""), ("", "", ""),
                                ("tinh", "tỉnh Thanh Lâm", "Sở Y tế")):  # a department's plan: level "so"
        meta = PlanMeta("", 2026, 2030, None, level=level, unit=unit, era_date="2026-03-01", issuer=issuer)
        with level_wording(wording_for(meta, ruleset)):
            for rule in ruleset.rules:
                if not rule_applies(rule, meta):
                    continue
                for variant in [None, *rule.variants]:
                    f = rule.finding(variant=variant)
                    text = f"{f.message} {f.suggestion}"
                    if not rule.id.startswith("REFORM-"):
                        assert "huyện" not in text.lower(), (level, rule.id, variant, text)
                    assert not any("{" + k + "}" in text for k in keys["xa"]), (level, rule.id, text)


@pytest.mark.parametrize(("issuer", "date", "mention", "expected"), [
    ("XÃ CẨM HƯNG", "12 tháng 3 năm 2026", "tỉnh Hải Dương", "xã Cẩm Giàng"),  # merged into xã Cẩm Giàng
    ("XÃ CẨM GIÀNG", "12 tháng 3 năm 2026", "thành phố Hải Phòng", None),  # one of today's communes
    ("XÃ CẨM HƯNG", "12 tháng 3 năm 2026", "tỉnh Hà Tĩnh", None),  # today's xã Cẩm Hưng of Hà Tĩnh
    ("XÃ CẨM HƯNG", "12 tháng 3 năm 2025", "tỉnh Hải Dương", None),  # before the reform
    ("XÃ TÂN LẠC SƠN", "12 tháng 3 năm 2026", "tỉnh Thanh Lâm", None),  # a province the data do not know
    ("HUYỆN CẨM GIÀNG", "12 tháng 3 năm 2026", "tỉnh Hải Dương", "cấp huyện không còn"),
    ("THỊ TRẤN LAI CÁCH", "12 tháng 3 năm 2026", "tỉnh Hải Dương", "phường Tứ Minh, phường Việt Hòa"),  # split
    ("THỊ TRẤN AN BÌNH HẠ", "12 tháng 3 năm 2026", "tỉnh Thanh Lâm", "thị trấn không còn"),
    ("TỈNH HẢI DƯƠNG", "12 tháng 3 năm 2026", "tỉnh Hải Dương", "thành phố Hải Phòng"),
])
def test_a_plan_of_a_unit_merged_away(reviewer, drafts_dir, issuer, date, mention, expected):
    text = (f"ỦY BAN NHÂN DÂN\n{issuer}\nngày {date}\nKẾ HOẠCH\nChuyển đổi số năm 2026\nI. MỤC TIÊU\n"
            f"Phát triển chính quyền số trên địa bàn, thực hiện kế hoạch chuyển đổi số của {mention}.\n")
    path = drafts_dir / f"unit-{abs(hash((issuer, date, mention)))}.txt"
    path.write_text(text, encoding="utf-8")
    found = [f for f in reviewer.review(path).findings if f.rule_id == "REFORM-02"]
    if expected is None:
        assert found == []
    else:
        (finding,) = found
        assert expected in finding.message and finding.evidence.lower() == issuer.lower()
