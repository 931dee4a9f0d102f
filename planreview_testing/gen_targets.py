"""Drafts with planted target defects (held against the reference sets), plans of 2026-2030 with yearly
milestones, and documents that are no plan at all — each with its ground truth.

Built on planreview_testing/synthetic.py's district plan: :func:`target_items` takes its items and plants, in the
objectives and the hiện trạng section, the shapes real plans use (749/QĐ-TTg's own "90% … cấp huyện, 70% …
cấp xã" sentence, a roadmap table with a column per year). :func:`expected_target_findings` gives, from the
spec alone, the findings each rule must report. Everything here is synthetic, with fictional places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from planreview_testing.synthetic import (
    DraftSpec,
    Item,
    build_items,
    clean_spec,
    expected_findings,
    write_docx,
    write_pdf,
    write_txt,
)

KEY_BULLET = "hồ sơ công việc cấp huyện"  # the clean draft's bullet with the 749 work-record targets


@dataclass
class TargetSpec:
    base: DraftSpec = field(default_factory=clean_spec)
    below_reference: bool = False  # cấp xã work records 55% in 2025 (749/QĐ-TTg: 60%) → TARGET-04
    far_above: bool = False  # online public services 100% in 2025 from 60% in 2022 (749: 80%) → TARGET-05
    late_deadline: bool = False  # SMEs on digital platforms 50% only by 2027 (411/QĐ-TTg: 50% by 2025) → TARGET-06
    key_missing: bool = False  # no work-record target (baselines kept) → TARGET-07
    key_baselines_missing: bool = False  # work-record targets kept, their baselines dropped → STATUS-04 ...
    plan_2026: bool = False  # a 2026-2030 plan dated July 2026, tasks 2026-2030, a roadmap table by year
    due_this_year: bool = False  # with plan_2026: "Đến năm 2026, 100% …" → TARGET-01
    roadmap_below: bool = False  # with plan_2026: the roadmap's cấp xã 2030 value 65% (749: 70%) → TARGET-04


# --------------------------------------------------------------------------- the draft


def _shift_years(text: str, by: int) -> str:
    return re.sub(r"\b(202[2-5])\b", lambda m: str(int(m.group(1)) + by), text)


def _roadmap_table(spec: TargetSpec) -> Item:
    xa = ["62", "63", "64", "64", "65"] if spec.roadmap_below else ["62", "65", "68", "71", "75"]
    rows = [
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng 2025", "2026", "2027", "2028", "2029", "2030"],
        ["1", "Tỷ lệ hồ sơ công việc cấp huyện được xử lý trên môi trường mạng", "%", "82", "85", "88", "90", "92",
         "95"],
        ["2", "Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng", "%", "55", *xa],
    ]
    return Item("table", rows=rows)


def target_items(spec: TargetSpec) -> list[Item]:
    """The draft's items with the planted target defects."""
    base = spec.base
    if spec.plan_2026:
        base = replace(base, plan_year=2026, target_year=2030, vision_year=2035)
    items = build_items(base)
    out: list[Item] = []
    for it in items:
        it = replace(it)
        if spec.plan_2026:
            if it.kind == "front" and "ngày" in it.text:
                it.text = it.text.replace("ngày 15 tháng 3", "ngày 15 tháng 7")  # mid-2026
            elif it.kind == "table":  # tasks run 2026-2030
                it.rows = [[_shift_years(c, 3) for c in row] for row in it.rows]
            elif it.kind == "para" and it.text.startswith("Năm 2022, chỉ số"):
                it.text = it.text.replace("Năm 2022", "Năm 2025")
        if it.kind == "bullet" and KEY_BULLET in it.text:
            if spec.key_missing or spec.plan_2026:
                continue  # plan_2026 states these targets in its roadmap table instead
            if spec.below_reference:
                it.text = "- 80% hồ sơ công việc cấp huyện, 55% hồ sơ công việc cấp xã được xử lý trên môi trường mạng."
        if it.kind == "para" and "Có 72% hồ sơ công việc" in it.text:
            sentence = "Có 72% hồ sơ công việc cấp huyện, 48% hồ sơ công việc cấp xã được xử lý trên môi trường mạng."
            if spec.key_baselines_missing:
                it.text = it.text.replace(sentence, "").strip()
            elif spec.plan_2026:
                it.text = it.text.replace(sentence, "Năm 2025, có 82% hồ sơ công việc cấp huyện, 55% hồ sơ công việc "
                                          "cấp xã được xử lý trên môi trường mạng.")
            extra = []
            if spec.far_above:
                extra.append("Tỷ lệ dịch vụ công trực tuyến toàn trình năm 2022 đạt 60%.")
            if spec.late_deadline:
                extra.append("Có 30% doanh nghiệp nhỏ và vừa sử dụng nền tảng số.")
            it.text = " ".join([it.text] + extra).strip()
        out.append(it)
        if it.kind == "heading" and it.text.startswith("3. Mục tiêu cụ thể"):
            if spec.plan_2026:
                out.append(Item("para", "Lộ trình thực hiện các chỉ tiêu chủ yếu theo từng năm:"))
                out.append(_roadmap_table(spec))
            if spec.far_above:
                out.append(Item("bullet", "- Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 100%."))
            if spec.late_deadline:
                out.append(Item("bullet", "- Đến năm 2027, 50% doanh nghiệp nhỏ và vừa sử dụng nền tảng số."))
            if spec.plan_2026 and spec.due_this_year:
                out.append(Item("bullet", "- Đến năm 2026, 100% trạm y tế xã triển khai bệnh án điện tử."))
    return out


def write_target_draft(spec: TargetSpec, path: Path) -> Path:
    path = Path(path)
    items = target_items(spec)
    if path.suffix == ".docx":
        return write_docx(items, path, spec.base.heading_styles)
    if path.suffix == ".pdf":
        return write_pdf(items, path)
    return write_txt(items, path)


def expected_target_findings(spec: TargetSpec) -> dict[str, int]:
    """The findings each rule must report: synthetic.py's ground truth for the base draft, adjusted for
    what was planted here."""
    base = spec.base
    if spec.plan_2026:
        base = replace(base, plan_year=2026, target_year=2030, vision_year=2035)
    exp = dict(expected_findings(base))

    def add(rule: str, n: int = 1) -> None:
        if n:
            exp[rule] = exp.get(rule, 0) + n

    add("TARGET-04", spec.below_reference and not spec.key_missing and not spec.plan_2026)
    add("TARGET-05", spec.far_above)
    add("TARGET-06", spec.late_deadline)
    add("TARGET-07", spec.key_missing and not spec.plan_2026)  # with TARGET-07 turned on (off by default)
    if spec.key_baselines_missing and not spec.key_missing and not spec.plan_2026:
        add("STATUS-04")  # the key indicators have no status figure (0 of 2)
        add("TARGET-03", 1)  # … so both work-record targets lack a baseline (one of them TARGET-02's:)
        add("TARGET-02")  # 90% within 2 years with no baseline
    if spec.plan_2026:
        # the 2023 basis list in a 2026 plan: no 57-NQ/TW (LEGAL-04), Luật Tổ chức chính quyền địa phương
        # 2015, replaced in 2025 (LEGAL-10)
        add("LEGAL-04")
        add("LEGAL-10")
        # the generator's plan is a district plan: dated July 2026, its district no longer exists (REFORM-02)
        add("REFORM-02")
        add("TARGET-04", spec.roadmap_below)
        if spec.due_this_year:
            add("TARGET-01")  # its missing baseline folded in (TARGET-03 yields to TARGET-01)
    return exp


SPECS = {
    "below_reference": TargetSpec(below_reference=True),
    "far_above": TargetSpec(far_above=True),
    "late_deadline": TargetSpec(late_deadline=True),
    "key_missing": TargetSpec(key_missing=True),
    "key_baselines_missing": TargetSpec(key_baselines_missing=True),
    "all_reference_defects": TargetSpec(below_reference=True, far_above=True, late_deadline=True),
    "plan_2026_clean": TargetSpec(plan_2026=True),
    "plan_2026_defects": TargetSpec(plan_2026=True, due_this_year=True, roadmap_below=True),
}


# --------------------------------------------------------------------------- documents that are no plan


def three_line_plan(path: Path) -> Path:
    """A "plan" of three lines: a title, one goal, one sentence."""
    lines = ["KẾ HOẠCH chuyển đổi số xã Tân Hòa năm 2026",
             "Mục tiêu: đẩy mạnh chuyển đổi số trên địa bàn xã.",
             "Các ban, ngành, đoàn thể xã tổ chức thực hiện."]
    return _write_lines(lines, path)


def english_list(path: Path) -> Path:
    """An English shopping list, long enough to pass the length test."""
    goods = ["apples", "bread", "milk", "eggs", "rice", "coffee", "tea", "butter", "cheese", "tomatoes",
             "onions", "garlic", "chicken", "fish", "soap", "paper towels", "olive oil", "salt", "pepper", "sugar"]
    lines = ["Shopping list for the week"] + [
        f"{i + 1}. Buy {n} packs of {g} from the market on the way home, and check the price first."
        for i, (n, g) in enumerate((1 + k % 4, goods[k % len(goods)]) for k in range(40))]
    return _write_lines(lines, path)


def mojibake_plan(path: Path) -> Path:
    """A real-looking plan whose UTF-8 text was read as Windows-1252 (what a wrong encoding leaves)."""
    items = build_items(clean_spec())
    lines = []
    for it in items:
        texts = [" | ".join(r) for r in it.rows] if it.kind == "table" else [it.text]
        lines += [t.encode("utf-8").decode("cp1252", errors="replace") for t in texts]
    return _write_lines(lines, path)


def _write_lines(lines: list[str], path: Path) -> Path:
    path = Path(path)
    if path.suffix == ".docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    elif path.suffix == ".pdf":
        write_pdf([Item("para", line) for line in lines], path)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


NON_PLANS = {"three_lines": three_line_plan, "english_list": english_list, "mojibake": mojibake_plan}
