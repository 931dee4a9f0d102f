"""The check functions that rules/*.yaml refer to by name (``check: pillar_coverage``).

Each check takes the review context and its rule (with the rule's ``params``) and returns findings.
A rule file can use any registered check with its own parameters; adding a rule never needs code
unless it needs a new kind of check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Finding

if TYPE_CHECKING:
    from ..duplicates import DuplicateMatch
    from ..kb import KnowledgeBase
    from ..legal import Citation
    from ..reference_targets import TargetReview
    from ..rules_loader import Rule, RuleSet
    from ..segment import Segmented
    from ..targets import Target
    from ..tasks import TaskExtraction


@dataclass
class Context:
    """Everything the checks read: the segmented draft and what was extracted from it."""

    seg: Segmented
    ruleset: RuleSet
    citations: list[Citation]
    tasks: TaskExtraction
    targets: list[Target]
    duplicates: list[DuplicateMatch] = field(default_factory=list)
    boilerplate: list[DuplicateMatch] = field(default_factory=list)  # shared passages set aside as generic
    kb: KnowledgeBase | None = None
    target_review: TargetReview | None = None  # targets matched to the reference sets (reference_targets.py)


CheckFn = Callable[[Context, "Rule"], list[Finding]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under the name rules use in their ``check:`` field."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn

    return register


def run_checks(ctx: Context) -> list[Finding]:
    """Run every rule that applies to the plan (its ``applies_to``), messages in the plan's level words."""
    from ..plan_profile import rule_applies, wording_for
    from ..rules_loader import level_wording

    findings: list[Finding] = []
    with level_wording(wording_for(ctx.seg.meta, ctx.ruleset)):
        for rule in ctx.ruleset.rules:
            if rule_applies(rule, ctx.seg.meta):
                findings.extend(CHECKS[rule.check](ctx, rule))
    return findings


from . import content, legal_checks, level_checks, structure, target_checks, task_checks  # noqa: E402,F401,I001
