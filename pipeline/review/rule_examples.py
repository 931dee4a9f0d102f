"""Rule examples: each rule may list short Vietnamese snippets it must fire on and snippets it must stay silent on.

    examples:
      plan: xa            # optional: the example plan, xa (default) | huyen | tinh | so | annual | implementing
      fires: ["- Xây dựng ... ; Phòng Văn hóa - Xã hội chủ trì; thời gian 2026-2027."]
      silent: ["- Xây dựng ... ; ...; kinh phí 300 triệu đồng; nguồn ngân sách xã."]
      exempt: [so]       # optional: plans the rule must not speak to — its fires snippets, in those
                            # plans, give no finding of the rule in the whole review
      parent: "II. MỤC TIÊU\n- Đến năm 2028, 100% xã, phường có …"   # checks of the plan above (--parent)

How a snippet is run, honestly: checks read a whole plan (sections, the plan's date and level, the task
list), so a snippet is never matched as a bare string. It is written into a small .txt plan — a header of
the plan's level (a fictional unit, dated 15/3/2026; a district plan 15/3/2022, before the 2025 reform),
then, unless the snippet opens with its own section heading ("I. ..."), the heading its check declares
(``example_heading``: "II. NHIỆM VỤ, GIẢI PHÁP" for task checks, "I. CĂN CỨ ..." for citation checks) —
and reviewed by the real pipeline (parse → segment → extract → check, bundled knowledge base, no corpus).
The rule's own check then runs on that review: a ``fires`` snippet passes when it yields at least one
finding, a ``silent`` one when it yields none. The loader demands both kinds for every rule with examples,
so the snippet, not the frame, decides; and a rule that does not apply to the example plan (its
``applies_to``) fails rather than passing its silent examples for nothing.

A rule checking the plan above (``parent`` checks, --parent) gives that plan as a snippet too (``parent:``): it
is written into a small province plan (its frame, dated 20/01/2026) and each example is reviewed against it.

Checks that cannot take snippet examples (``snippets=False`` in checks/; the loader refuses examples on
their rules): duplicate_content and boilerplate_note (they need the corpus), pillar_tasks (a pillar with
full content and a task list), target_key_missing and status_coverage (a whole status section measured
against the reference indicator sets).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.analyse.plan_profile import rule_applies
from pipeline.checks.catalogue import SPECS, run_checks
from pipeline.checks.context import Context

if TYPE_CHECKING:
    from pipeline.review.reviewer import Reviewer
    from pipeline.rules.loader import Rule, RuleSet

# The example plan of each level: a fictional unit, a date in the plan's era.
FRAMES = {
    "xa": ["ỦY BAN NHÂN DÂN XÃ MẪU SƠN", "KẾ HOẠCH", "Chuyển đổi số xã Mẫu Sơn giai đoạn 2026-2030",
           "Mẫu Sơn, ngày 15 tháng 3 năm 2026"],
    "tinh": ["ỦY BAN NHÂN DÂN TỈNH THANH LÂM", "KẾ HOẠCH", "Chuyển đổi số tỉnh Thanh Lâm giai đoạn 2026-2030",
             "Thanh Lâm, ngày 15 tháng 3 năm 2026"],
    "huyen": ["ỦY BAN NHÂN DÂN HUYỆN MẪU SƠN", "ĐỀ ÁN",
              "Chuyển đổi số huyện Mẫu Sơn giai đoạn 2022-2025, định hướng đến năm 2030",
              "Mẫu Sơn, ngày 15 tháng 3 năm 2022"],
    # the plan kinds (plan_profile.plan_kinds): a province department's plan, a commune's annual plan issued in
    # January, a plan carrying out one national decision
    "so": ["ỦY BAN NHÂN DÂN TỈNH THANH LÂM", "SỞ Y TẾ", "Số: 15/KH-SYT", "KẾ HOẠCH",
                   "Chuyển đổi số ngành Y tế tỉnh Thanh Lâm giai đoạn 2026-2030",
                   "Thanh Lâm, ngày 15 tháng 3 năm 2026"],
    "annual": ["ỦY BAN NHÂN DÂN XÃ MẪU SƠN", "KẾ HOẠCH", "Chuyển đổi số xã Mẫu Sơn năm 2026",
               "Mẫu Sơn, ngày 12 tháng 01 năm 2026"],
    "implementing": ["ỦY BAN NHÂN DÂN XÃ MẪU SƠN", "KẾ HOẠCH",
                     "Triển khai Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ trên địa bàn xã Mẫu "
                     "Sơn giai đoạn 2026-2030", "Mẫu Sơn, ngày 15 tháng 3 năm 2026"],
}
_OWN_HEADING = re.compile(r"^\s*(?:[IVX]+\.|PHẦN\b|Phần\b)")


@dataclass
class ExampleResult:
    rule_id: str
    kind: str  # fires | silent | exempt (a fires snippet in a plan the rule must not speak to)
    snippet: str
    findings: list[str]  # the messages the rule's check gave on the example plan
    error: str = ""  # why the example could not be judged (the rule does not apply to the example plan)

    @property
    def passed(self) -> bool:
        return not self.error and (bool(self.findings) if self.kind == "fires" else not self.findings)

    def describe(self) -> str:
        head = f"{self.rule_id} {self.kind}: {self.snippet.splitlines()[0][:70]}"
        if self.error:
            return f"{head} — {self.error}"
        if self.passed:
            return f"{head} — ok"
        said = "; ".join(self.findings[:2])
        return f"{head} — expected a finding, got none" if self.kind == "fires" else f"{head} — fired: {said}"


def example_plan(rule: Rule, snippet: str, plan: str | None = None) -> str:
    """The .txt plan a snippet of ``rule`` is reviewed as (see the module docstring)."""

    lines = list(FRAMES[plan or rule.examples.get("plan") or "xa"])
    heading = SPECS[rule.check].example_heading
    if heading and not _OWN_HEADING.match(snippet):
        lines.append(heading)
    return "\n".join([*lines, snippet.strip()]) + "\n"


def run_rule_examples(rule: Rule, reviewer: Reviewer, folder: Path | None = None) -> list[ExampleResult]:
    """Review each example of ``rule`` as a small plan and run the rule's check on it."""

    out: list[ExampleResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(folder or tmp)
        parent = None
        if rule.examples.get("parent"):
            parent = where / f"{rule.id}-parent.txt"
            frame = [*FRAMES["tinh"][:3], FRAMES["tinh"][3].replace("15 tháng 3", "20 tháng 01")]
            parent.write_text("\n".join([*frame, rule.examples["parent"].strip()]) + "\n", encoding="utf-8")
        for kind in ("fires", "silent"):
            for i, snippet in enumerate(rule.examples.get(kind, [])):
                path = where / f"{rule.id}-{kind}-{i + 1}.txt"
                path.write_text(example_plan(rule, snippet), encoding="utf-8")
                result = reviewer.review(path, parent=parent)
                if not rule_applies(rule, result.seg.meta):
                    out.append(ExampleResult(rule.id, kind, snippet, [], "the rule does not apply to the example "
                                             "plan (applies_to); set examples.plan"))
                    continue
                ctx = Context(seg=result.seg, ruleset=reviewer.ruleset, citations=result.citations,
                              tasks=result.tasks, targets=result.targets, kb=result.kb,
                              target_review=result.target_review, parent=result.parent)
                found = run_checks(ctx, [rule])
                out.append(ExampleResult(rule.id, kind, snippet, [f.message for f in found]))
        for plan in rule.examples.get("exempt", []):
            for i, snippet in enumerate(rule.examples.get("fires", [])):
                path = where / f"{rule.id}-exempt-{plan}-{i + 1}.txt"
                path.write_text(example_plan(rule, snippet, plan), encoding="utf-8")
                result = reviewer.review(path)
                said = [f.message for f in result.findings if f.rule_id == rule.id]
                out.append(ExampleResult(rule.id, f"exempt ({plan})", snippet, said))
    return out


def run_examples(ruleset: RuleSet, reviewer: Reviewer) -> list[ExampleResult]:
    """Every example of every rule (enabled or not) of the rule set."""
    return [r for rule in ruleset.all_rules if rule.examples for r in run_rule_examples(rule, reviewer)]
