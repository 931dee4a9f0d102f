"""``planreview rules``: list the rule set, explain one rule, run the rules' examples.

    planreview rules                          the rules, one a line
    planreview rules --explain TASK-03        description, parameters, examples and basis of one rule
    planreview rules --check-examples         review every rule's examples (rule_examples.py); exit 3 on a failure
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.errors import InputError, RulesError

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule, RuleSet


def add_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--rules", type=Path, action="append", metavar="DIR", help="thư mục quy tắc YAML")
    rules.add_argument("--kb", type=Path, action="append", metavar="FILE",
                       help="tệp YAML bổ sung cơ sở dữ liệu văn bản")
    what = rules.add_mutually_exclusive_group()
    what.add_argument("--explain", metavar="RULE",
                      help="giải thích một quy tắc: mô tả, tham số, ví dụ, căn cứ / explain one rule (vd. TASK-03)")
    what.add_argument("--check-examples", action="store_true",
                      help="rà soát các ví dụ fires/silent của mọi quy tắc / run every rule's examples")


def cmd_rules(args: argparse.Namespace) -> int:
    from pipeline.core.model import SEVERITY_LABELS
    from pipeline.rules.loader import load_rules

    ruleset = load_rules(args.rules, args.kb)
    if args.explain:
        print(explain(find_rule(ruleset, args.explain), ruleset))
        return 0
    if args.check_examples:
        return check_examples(ruleset, args.rules)
    print(f"Bộ quy tắc {ruleset.version} ({len(ruleset.rules)} quy tắc, "
          f"{len(ruleset.legal_bases)} văn bản trong cơ sở dữ liệu căn cứ):")
    for r in ruleset.rules:
        scope = f"  [áp dụng: {r.applies_to.label()}]" if r.applies_to else ""
        print(f"  {r.id:<12} {SEVERITY_LABELS[r.severity]:<11} {r.area:<22} {r.title}{scope}")
    print("Chi tiết một quy tắc / one rule in full: planreview rules --explain RULE")
    return 0


def find_rule(ruleset: RuleSet, rule_id: str) -> Rule:
    wanted = rule_id.strip().upper()
    rule = next((r for r in ruleset.all_rules if r.id.upper() == wanted), None)
    if rule is None:
        raise InputError(f"Không có quy tắc {rule_id} (xem 'planreview rules')",
                         f"No rule {rule_id} (see 'planreview rules')")
    return rule


def _value(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 100 else text[:97] + "..."


def explain(rule: Rule, ruleset: RuleSet) -> str:
    """The whole of one rule, for a council's secretary or a province adapting the rule set."""
    from pipeline.checks.catalogue import SPECS
    from pipeline.core.model import SEVERITY_LABELS
    from pipeline.review.rule_examples import FRAMES
    from pipeline.rules.validate import declared_params

    spec = SPECS[rule.check]
    lines = [f"{rule.id} · {rule.title}" + ("" if rule.enabled else "  (đang tắt / disabled: enabled: false)"),
             f"  Mức độ / severity: {SEVERITY_LABELS[rule.severity]} ({rule.severity}) · nhóm / area: {rule.area}",
             f"  Tệp / file: {rule.source}"]
    if rule.applies_to:
        lines.append(f"  Áp dụng / applies to: {rule.applies_to.label()}")
    if rule.description:
        lines.append(f"  Mô tả / description: {' '.join(rule.description.split())}")
    lines.append(f"  Kiểm tra / check: {rule.check} — {' '.join(spec.summary.split())}")
    declared = declared_params(spec.params)
    lines.append("  Tham số / parameters:" + ("" if declared else " không có / none"))
    for name, type_name, default in declared:
        value = rule.params.get(name, default)
        shown = "— (mặc định theo kiểm tra / the check's default)" if value is None else _value(value)
        required = "bắt buộc / required" if default is dataclasses.MISSING else f"mặc định / default {_value(default)}"
        lines.append(f"    {name} ({type_name}; {required}) = {shown}")
    lines += [f"  Thông điệp / message: {rule.message.strip()}", f"  Gợi ý / suggestion: {rule.suggestion.strip()}"]
    if rule.examples:
        frame = FRAMES[rule.examples.get("plan") or "xa"]
        lines.append(f"  Ví dụ / examples (mỗi đoạn được rà soát như một kế hoạch nhỏ: {frame[2]}, {frame[3]}):")
        for kind, label in (("fires", "báo / fires"), ("silent", "không báo / silent")):
            lines.append(f"    {label}:")
            lines += [f"      - {' '.join(s.split())}" for s in rule.examples[kind]]
    elif not spec.snippets:
        lines.append("  Ví dụ / examples: kiểm tra này cần cả một kế hoạch hoặc kho đề án, không nhận ví dụ đoạn văn "
                     "/ this check needs a whole plan or the corpus: no snippet examples")
    else:
        lines.append("  Ví dụ / examples: chưa có / none yet")
    lines.append("  Căn cứ / basis:" + ("" if rule.basis else " chưa ghi / not recorded"))
    lines += [f"    - {' '.join(b.split())}" for b in rule.basis]
    return "\n".join(lines)


def check_examples(ruleset: RuleSet, rules_dirs: list[Path] | None) -> int:
    """Review every example; one line per failure, a count at the end; exit 3 when one fails."""
    from pipeline.review.reviewer import Reviewer, ReviewOptions
    from pipeline.review.rule_examples import run_rule_examples

    if not any(r.examples for r in ruleset.all_rules):
        print("Không quy tắc nào có ví dụ / no rule has examples")
        return 0
    reviewer = Reviewer(ReviewOptions(rules_dirs=rules_dirs, corpus_dir=None))
    failed = total = 0
    for rule in ruleset.all_rules:
        if not rule.examples:
            continue
        for result in run_rule_examples(rule, reviewer):
            total += 1
            if not result.passed:
                failed += 1
                print(f"  SAI / FAILED {result.describe()}")
    print(f"Ví dụ / examples: {total - failed} đúng / passed, {failed} sai / failed")
    if failed:
        raise RulesError(f"{failed} rule example(s) failed / {failed} ví dụ quy tắc không đúng")
    return 0
