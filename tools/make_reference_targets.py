"""Write rules/reference_targets/*.yaml (one file per source document) from ../shared/legal/.

    python tools/make_reference_targets.py /work/shared/legal

Every target keeps the address and the quote it was checked against (national-targets.csv). Added here:
a ``concept`` that groups the same indicator across documents and years, the ``tier`` an indicator is
about (cấp tỉnh / huyện / xã), ``key_for`` (plan levels expected to set a target for it), the qualifier
("trên", "tối thiểu" ...) read from the indicator text, and ``comparable`` (a percentage a local plan can
state; ranks, growth rates and national databases are kept for reference but never compared).
Hand edits to the YAML are lost when this is re-run; change the tables below instead.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

CONCEPTS = [  # (regex over the indicator, concept, tier, key_for)
    (r"dịch vụ công trực tuyến mức độ 4", "dvc_muc_do_4", "", ["tinh"]),
    (r"hồ sơ công việc.*(cấp bộ, tỉnh|cấp tỉnh)", "ho_so_cong_viec_tinh", "tinh", ["tinh"]),
    (r"hồ sơ công việc.*cấp huyện", "ho_so_cong_viec_huyen", "huyen", ["huyen"]),
    (r"hồ sơ công việc.*cấp xã", "ho_so_cong_viec_xa", "xa", ["huyen", "xa"]),
    (r"kinh tế số trong từng ngành", "kinh_te_so_nganh", "", []),
    (r"kinh tế số", "kinh_te_so_gdp", "", ["tinh"]),
    (r"cáp quang phủ hộ gia đình", "cap_quang_ho_gia_dinh", "", []),
    (r"cáp quang phủ xã|băng thông rộng phủ các xã", "cap_quang_xa", "", []),
    (r"thương mại điện tử trong tổng mức bán lẻ", "tmdt_ban_le", "", []),
    (r"doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "dnnvv_nen_tang_so", "", []),
    (r"chữ ký số", "chu_ky_so_ca_nhan", "", []),
    (r"kỹ năng sử dụng dịch vụ công trực tuyến", "ky_nang_dvctt", "", []),
    (r"sử dụng dịch vụ công trực tuyến", "su_dung_dvctt", "", []),
    (r"hồ sơ sức khỏe điện tử", "ho_so_suc_khoe_dien_tu", "", []),
    (r"đầu tư xã hội trong kinh phí R&D", "rd_dau_tu_xa_hoi", "", []),
    (r"R&D", "rd_gdp", "", []),
    (r"STEM", "giao_duc_stem", "", []),
    (r"không dùng tiền mặt", "khong_dung_tien_mat", "", []),
    (r"đổi mới sáng tạo \(trên\)|doanh nghiệp có hoạt động đổi mới", "dn_doi_moi_sang_tao", "", []),
    (r"Cơ sở dữ liệu quốc gia", "csdl_quoc_gia", "", []),
    (r"năng suất lao động", "nang_suat_lao_dong", "", []),
    (r"chuyển đổi số của tỉnh", "thu_hang_cds_tinh", "", []),
    (r"chính quyền số của tỉnh", "thu_hang_cqs_tinh", "", []),
    (r"EGDI|Chính phủ điện tử|chính phủ điện tử", "xep_hang_egdi", "", []),
    (r"IDI", "xep_hang_idi", "", []),
    (r"GCI – chỉ số cạnh tranh", "xep_hang_gci_canh_tranh", "", []),
    (r"Global Cybersecurity", "xep_hang_gci_an_ninh_mang", "", []),
    (r"GII", "xep_hang_gii", "", []),
]
QUALIFIERS = [("(tối thiểu)", "tối thiểu"), ("(trên)", "trên"), ("(khoảng)", "khoảng"), ("trở lên", "tối thiểu")]
NATIONAL_KEY_SOURCES = {"749/QĐ-TTg", "411/QĐ-TTg", "57-NQ/TW"}  # programmes a local plan carries down
FILES = {
    "749/QĐ-TTg": "749-QD-TTg", "411/QĐ-TTg": "411-QD-TTg", "942/QĐ-TTg": "942-QD-TTg", "57-NQ/TW": "57-NQ-TW",
    "52-NQ/TW": "52-NQ-TW", "146/QĐ-TTg": "146-QD-TTg", "17/NQ-CP": "17-NQ-CP",
    "06-NQ/TU (Hải Dương)": "tinh-hai-duong-06-NQ-TU", "726/KH-UBND (Hải Dương)": "tinh-hai-duong-726-KH-UBND",
    "06-NQ/TU (Thanh Hóa)": "tinh-thanh-hoa-06-NQ-TU", "09-NQ/TU (Quảng Ninh)": "tinh-quang-ninh-09-NQ-TU",
}


def concept_of(indicator: str) -> tuple[str, str, list[str]]:
    for pattern, concept, tier, key_for in CONCEPTS:
        if re.search(pattern, indicator):
            return concept, tier, key_for
    raise SystemExit(f"no concept for {indicator!r}: extend CONCEPTS")


def main(legal_dir: Path, out_dir: Path) -> None:
    docs = {}
    for row in csv.DictReader((legal_dir / "dx-legal-documents.csv").open(encoding="utf-8")):
        docs.setdefault(row["number"], []).append(row)
    by_source: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader((legal_dir / "national-targets.csv").open(encoding="utf-8")):
        by_source[row["source_number"]].append(row)
    out_dir.mkdir(parents=True, exist_ok=True)
    for source, rows in by_source.items():
        number, _, province = source.partition(" (")
        province = province.rstrip(")")
        doc = next((d for d in docs.get(number, []) if not province or province in d["title_vi"] + d["issuer"]), {})
        targets = []
        for n, r in enumerate(rows, start=1):
            concept, tier, key_for = concept_of(r["indicator_vi"])
            unit = r["unit"]
            comparable = unit.startswith("%") and unit != "%/năm" and concept != "csdl_quoc_gia"
            qualifier = next((q for marker, q in QUALIFIERS if marker in r["indicator_vi"]), "")
            targets.append({
                "id": f"{FILES[source]}#{n}", "concept": concept, "indicator": r["indicator_vi"],
                "value": float(r["value"]) if "." in r["value"] else int(r["value"]), "unit": unit,
                "qualifier": qualifier, "year": int(r["year"]), "level": r["level"], "tier": tier,
                "key_for": list(key_for) if source in NATIONAL_KEY_SOURCES and comparable else [],
                "comparable": comparable,
                "checked": {"url": r["evidence_url"], "quote": r["evidence_quote"]},
            })
        data = {"source": {"number": number, "province": province, "issuer": doc.get("issuer", ""),
                           "date": doc.get("date_issued", ""), "title": doc.get("title_vi", ""),
                           "level": rows[0]["level"]},
                "targets": targets}
        header = (f"# Reference targets of {source}, generated by tools/make_reference_targets.py from\n"
                  "# ../shared/legal/national-targets.csv (each target: where it was checked, and the quote).\n")
        (out_dir / f"{FILES[source]}.yaml").write_text(
            header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        print(f"{FILES[source]}.yaml: {len(targets)} targets")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/legal"),
         Path(__file__).resolve().parent.parent / "rules" / "reference_targets")
