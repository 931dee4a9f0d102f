"""The review context a check reads: the segmented draft and everything extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.analyse.citations import Citation
    from pipeline.analyse.kb import KnowledgeBase
    from pipeline.analyse.parent_plan import ParentComparison
    from pipeline.analyse.reference_targets import TargetReview
    from pipeline.analyse.segment import Segmented
    from pipeline.analyse.targets import Target
    from pipeline.analyse.tasks import TaskExtraction
    from pipeline.corpus.duplicates import DuplicateMatch
    from pipeline.rules.loader import RuleSet


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
    parent: ParentComparison | None = None  # the draft against the plan above (--parent; parent_plan.py)

    def scoped_blocks(self, scope: list[str], exclude: list[str]) -> list:
        """The blocks a rule looks at, headings included: the sections of kinds ``scope`` (empty: the whole body)
        less those of kinds ``exclude`` (rules default it to the legal-basis section)."""
        blocks = self.seg.blocks_in(*scope) if scope else self.seg.body
        left_out = set(exclude)
        return [b for b in blocks if not b.section_kinds & left_out]
