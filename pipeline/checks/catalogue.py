"""The catalogue of checks: every kind of check a rule can name (``check: pillar_coverage``), listed here.

A rule file can use any check of the catalogue with its own parameters (declared in
pipeline/rules/params.py, validated when the rules are loaded); adding a rule never needs code unless it needs a
new kind of check — then write the function in the module of its area, declare its parameters in params.py and
list it here. ``corpus=True`` a check that reads the corpus comparison (the reviewer runs
those after the comparison is back). ``example_heading`` is the heading a snippet is placed under when it is
reviewed as a small plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.analyse.plan_profile import rule_applies, wording_for
from pipeline.checks import (
    appendix_checks,
    content,
    legal_checks,
    level_checks,
    parent_checks,
    structure,
    target_checks,
    task_checks,
)
from pipeline.checks.context import Context
from pipeline.checks.overlaps import fold_overlaps
from pipeline.core.model import Finding
from pipeline.rules.loader import level_wording
from pipeline.rules.params import PARAMS, WHOLE_PLAN_CHECKS

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule

CheckFn = Callable[[Context, "Rule"], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A check of the catalogue: its function and how its rules take examples; its parameters are
    ``PARAMS[name]`` (pipeline/rules/params.py)."""

    name: str
    fn: CheckFn
    example_heading: str = ""  # the heading a snippet is placed under ("" = the snippet brings its own)
    corpus: bool = False  # True: reads the corpus comparison (Context.duplicates / boilerplate)
    parent: bool = False  # True: reads the comparison with the plan above (Context.parent; --parent)

    @property
    def snippets(self) -> bool:
        """Can its rules carry snippet examples? (not when it needs a whole plan or the corpus)"""
        return self.name not in WHOLE_PLAN_CHECKS

    @property
    def params(self) -> type:
        return PARAMS[self.name]

    @property
    def summary(self) -> str:
        return (self.fn.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


SPECS: dict[str, CheckSpec] = {spec.name: spec for spec in (
    CheckSpec("pillar_coverage", content.pillar_coverage, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("keywords_present", content.keywords_present),
    CheckSpec("section_present", content.section_present),
    CheckSpec("section_figures", content.section_figures),
    CheckSpec("duplicate_content", content.duplicate_content, corpus=True),
    CheckSpec("boilerplate_note", content.boilerplate_note, corpus=True),
    CheckSpec("citation_required", legal_checks.citation_required, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("provincial_basis", legal_checks.provincial_basis, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("citation_malformed", legal_checks.citation_malformed, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("kb_expected", legal_checks.kb_expected),
    CheckSpec("citation_kb", legal_checks.citation_kb, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("citation_outside_basis", legal_checks.citation_outside_basis),
    CheckSpec("basis_unused", legal_checks.basis_unused),
    CheckSpec("citation_unknown", legal_checks.citation_unknown, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("expected_bases", legal_checks.expected_bases, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("citation_after_plan", legal_checks.citation_after_plan, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("citation_superseded", legal_checks.citation_superseded, example_heading='I. CĂN CỨ XÂY DỰNG KẾ HOẠCH'),
    CheckSpec("terms_present", level_checks.terms_present),
    CheckSpec("owners_at_level", level_checks.owners_at_level, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("defunct_bodies", level_checks.defunct_bodies),
    CheckSpec("stale_terms", level_checks.stale_terms),
    CheckSpec("unit_exists", level_checks.unit_exists),
    CheckSpec("sections_required", structure.sections_required),
    CheckSpec("sections_order", structure.sections_order),
    CheckSpec("target_deadline", target_checks.target_deadline, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_ambition", target_checks.target_ambition, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_baseline", target_checks.target_baseline, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_below_reference", target_checks.target_below_reference, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_far_above_reference", target_checks.target_far_above_reference, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_deadline_differs", target_checks.target_deadline_differs, example_heading='II. MỤC TIÊU'),
    CheckSpec("target_key_missing", target_checks.target_key_missing),
    CheckSpec("status_coverage", target_checks.status_coverage),
    CheckSpec("task_list_present", task_checks.task_list_present, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("task_field", task_checks.task_field, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("budget_total", task_checks.budget_total),
    CheckSpec("pillar_tasks", task_checks.pillar_tasks),
    CheckSpec("task_horizon", task_checks.task_horizon, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("appendix_missing", appendix_checks.appendix_missing, example_heading='II. NHIỆM VỤ, GIẢI PHÁP'),
    CheckSpec("parent_tasks", parent_checks.parent_tasks, example_heading='II. NHIỆM VỤ, GIẢI PHÁP', parent=True),
    CheckSpec("parent_targets", parent_checks.parent_targets, example_heading='II. MỤC TIÊU', parent=True),
)}

if set(SPECS) != set(PARAMS):  # a check without declared parameters, or parameters without a check
    raise ImportError(f"checks and their parameters differ: {sorted(set(SPECS) ^ set(PARAMS))}")


def needs_corpus(rule: Rule) -> bool:
    """Does the rule's check read the corpus comparison?"""
    return SPECS[rule.check].corpus


def needs_parent(rule: Rule) -> bool:
    """Does the rule's check read the comparison with the plan above (--parent)?"""
    return SPECS[rule.check].parent


def run_checks(ctx: Context, rules: list[Rule] | None = None) -> list[Finding]:
    """Run every rule (default: the rule set's) that applies to the plan (its ``applies_to``), messages in
    the plan's level words."""
    findings: list[Finding] = []
    chosen = ctx.ruleset.rules if rules is None else rules
    with level_wording(wording_for(ctx.seg.meta, ctx.ruleset)):
        for rule in chosen:
            if rule_applies(rule, ctx.seg.meta):
                findings.extend(SPECS[rule.check].fn(ctx, rule))
    return fold_overlaps(findings, chosen)  # one gap, one finding (a rule's yields_to)
