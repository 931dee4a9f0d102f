"""The typed parameters of every kind of check: what a rule's ``params:`` in rules/*.yaml may hold.

Each check kind (the ``check:`` field of a rule) has one frozen dataclass here; :data:`PARAMS` maps the kind's
name to it. The loader (loader.py) validates a rule's ``params`` against its dataclass with validate.py —
unknown or missing names and wrong types are a RulesError (exit 3) — fills in the declared defaults (the one
place they are written) and keeps the typed object as ``rule.options``, which the check reads.
The check functions themselves are listed in pipeline/checks/catalogue.py, under the same names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class NoParams:
    """The parameters of a check that takes none."""


@dataclass(frozen=True)
class PillarCoverageParams:
    """``keywords`` name the pillar; its own section (``heading_keywords``, default ``keywords``) with
    ``min_section_sentences`` statements, ``min_tasks`` tasks of pillar ``key`` (tasks are classified with
    ``keywords`` + ``task_keywords``, reviewer.py) or ``min_sentences`` planned statements give it substance."""

    name: str
    keywords: list[str]
    key: str | None = None
    heading_keywords: list[str] | None = None
    task_keywords: list[str] = field(default_factory=list)
    min_sentences: int = 5
    min_section_sentences: int = 3
    min_tasks: int = 2
    scope: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: ["can_cu"])
    listing: list[str] = field(default_factory=list)  # the pillars' names: a clause naming two is a list of them
    not_with: list[str] = field(default_factory=list)  # a clause with one of these is about someone else
    min_sentences_by_kind: dict[str, int] = field(default_factory=dict)  # a plan kind's own min_sentences


@dataclass(frozen=True)
class GroupsParams:
    """``groups``: label → words; at least ``min_groups`` groups (default: all) with ``min_hits`` hits each
    in the ``scope`` section kinds (default: the whole body less ``exclude``)."""

    groups: dict[str, list[str]]
    min_groups: int | None = None
    min_hits: int = 1
    scope: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: ["can_cu"])


@dataclass(frozen=True)
class KeywordsPresentParams(GroupsParams):
    """As :class:`GroupsParams` (words matched as text); the group ``figures_group`` is also present when the
    ``figures_section`` states results as at least ``min_figures`` figures (an annual plan reports what was
    achieved as figures — "100% văn bản …, 9/9 thôn …" — rather than under the word "điểm mạnh")."""

    figures_group: str | None = None
    figures_section: str = "hien_trang"
    min_figures: int = 5


@dataclass(frozen=True)
class SectionPresentParams:
    """``kind``: the section kind (rules' ``sections:``) that must be present."""

    kind: str


@dataclass(frozen=True)
class SectionFiguresParams:
    """The section of ``kind`` must carry ``min_figures`` figures."""

    kind: str
    min_figures: int = 3


@dataclass(frozen=True)
class DuplicateContentParams:
    """The duplicate search's settings (read by reviewer.py): TF-IDF ``threshold``, ``min_shingle_overlap``,
    passages of ``min_words``; boilerplate = shared by ``boilerplate_docs`` documents, up to
    ``boilerplate_max_words`` words or in ``boilerplate_sections``."""

    threshold: float = 0.75
    min_shingle_overlap: float = 0.6
    min_words: int = 12
    boilerplate_docs: int = 3
    boilerplate_max_words: int = 25
    boilerplate_sections: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CitationRequiredParams:
    """Document ``number`` with ``code`` (749 / QĐ-TTg), named ``label`` in the message."""

    number: str | int
    code: str = ""
    label: str | None = None


@dataclass(frozen=True)
class ProvincialBasisParams:
    """Provincial issuers by code part (``issuer_codes``) or words (``issuer_words``); ``shared_codes`` count
    for a province's own plan unless the issuer names a lower level (``lower_level_words``)."""

    issuer_codes: list[str] = field(default_factory=list)
    shared_codes: list[str] = field(default_factory=list)
    issuer_words: list[str] = field(default_factory=list)
    lower_level_words: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KbExpectedParams:
    """``pillar_names``: pillar key → the name used in the message."""

    pillar_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CitationOutsideBasisParams:
    """Citation kinds that are never bases (``skip_kinds``: the proposing department's Tờ trình)."""

    skip_kinds: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CitationUnknownParams:
    """Citation kinds left out (``skip_kinds``) and the labels of the two lists."""

    skip_kinds: list[str] = field(default_factory=list)
    national_label: str = "văn bản trung ương"
    local_label: str = "văn bản địa phương"


@dataclass(frozen=True)
class Expectation:
    """A basis plans are expected to cite: ``any_of`` documents (one is enough), for plans dated in
    [``plans_from``, ``plans_before``) of ``levels``, when the plan has one of the pillars ``when_pillar``."""

    any_of: list[str]
    label: str = ""
    reason: str = ""
    plans_from: str | dt.date | None = None
    plans_before: str | dt.date | None = None
    levels: list[str] = field(default_factory=list)
    when_pillar: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExpectedBasesParams:
    """``expectations``: the bases plans are expected to cite (see :class:`Expectation`)."""

    expectations: list[Expectation]
    pillar_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CitationSupersededParams:
    """``only_basis``: only citations of the Căn cứ list."""

    only_basis: bool = False


@dataclass(frozen=True)
class TermsPresentParams(GroupsParams):
    """As keywords_present's: ``groups``: label → terms, but each term is a regular expression matched as whole
    syllables; at least ``min_groups`` (default: all) with ``min_hits`` hits each in the ``scope`` section kinds
    (less ``exclude``)."""


@dataclass(frozen=True)
class OwnersAtLevelParams:
    """Units in charge matching ``not_at_level`` (regular expressions), unless they match ``except``."""

    not_at_level: list[str]
    # "except" is a Python keyword: the YAML name maps to this field
    except_: list[str] = field(default_factory=list, metadata={"name": "except"})


@dataclass(frozen=True)
class DefunctBodiesParams:
    """Bodies that no longer exist (``patterns``: regular expressions) named in tasks or the ``scope``
    sections (less ``exclude``)."""

    patterns: list[str]
    scope: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=lambda: ["can_cu"])


@dataclass(frozen=True)
class StaleTermsParams:
    """Words of an abolished level (``patterns``: regular expressions) anywhere in the plan but the
    ``exclude`` sections (its history), reported once with each term and how often it occurs."""

    patterns: list[str]
    exclude: list[str] = field(default_factory=lambda: ["can_cu", "hien_trang", "su_can_thiet"])


@dataclass(frozen=True)
class TargetDeadlineParams:
    """A target for the plan's own year in a plan issued in its first ``own_year_grace_months`` months is a
    first-year milestone, not a deadline already reached."""

    own_year_grace_months: int = 2


@dataclass(frozen=True)
class TargetAmbitionParams:
    """Too fast: more than ``max_points_per_year`` points a year from the baseline; too soon: ``high_value``
    % or more within ``min_years`` years with no baseline."""

    high_value: float = 90
    min_years: float = 2
    max_points_per_year: float = 20


@dataclass(frozen=True)
class TargetBelowReferenceParams:
    """A target more than ``tolerance_points`` below the reference is reported."""

    tolerance_points: float = 0


@dataclass(frozen=True)
class TargetFarAboveReferenceParams:
    """``min_gap_points`` above the reference, at more than ``max_points_per_year`` a year from the baseline."""

    min_gap_points: float = 15
    max_points_per_year: float = 10


@dataclass(frozen=True)
class StatusCoverageParams:
    """With at least ``min_figures`` figures in hiện trạng, report indicator sets covered below ``min_percent``."""

    min_figures: int = 5
    min_percent: float = 50


@dataclass(frozen=True)
class TaskFieldParams:
    """``field``: the task field that must be present."""

    field: Literal["owner", "time", "budget", "source"]


@dataclass(frozen=True)
class BudgetTotalParams:
    """Relative ``tolerance`` between the tasks' sum and the stated totals (0.01 = 1 %)."""

    tolerance: float = 0.01


@dataclass(frozen=True)
class AppendixMissingParams:
    """An appendix the plan refers to but the submission does not hold: numbered references ("Phụ lục II")
    always; unnumbered ones ("Danh mục nhiệm vụ kèm theo") when ``unnumbered``; only references made in the
    section kinds of ``scope`` (empty: anywhere in the body but the legal bases)."""

    unnumbered: bool = True
    scope: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TaskHorizonParams:
    """Task years may start ``slack_before`` years before the plan's year."""

    slack_before: int = 1


@dataclass(frozen=True)
class ParentTasksParams:
    """The plan above (``--parent``): its tasks whose owner column names the draft's level (``level_patterns``:
    plan level → regular expressions) or the draft's unit are led by it (chủ trì); so are those whose wording
    names the level followed by one of ``doing`` ("cấp xã thực hiện"); its partners column makes it a phối hợp
    task. Each is paired with the draft task carrying it out when their match scores ``threshold`` or more
    (analyse/plan_match.py), ``drop`` words (the level's, generic verbs) left out before matching."""

    level_patterns: dict[str, list[str]]
    doing: list[str] = field(default_factory=lambda: ["thực hiện", "chủ trì", "triển khai"])
    threshold: float = 0.3
    drop: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParentTargetsParams:
    """The plan above's targets whose indicator names the draft's level or unit (PARENT-01's ``level_patterns``)
    are compared with the draft's target for the same indicator (its name scoring ``threshold`` or more,
    reference_targets.similarity); a value more than ``tolerance_points`` below, or a later year, is reported."""

    threshold: float = 0.5
    tolerance_points: float = 0


# check kinds whose rules cannot carry snippet examples (rule_examples.py): they need a whole plan or the corpus
WHOLE_PLAN_CHECKS = frozenset({"duplicate_content", "boilerplate_note", "target_key_missing", "status_coverage",
                               "pillar_tasks"})

# check kind (``check:`` in a rule) → its parameters
PARAMS: dict[str, type] = {
    "pillar_coverage": PillarCoverageParams,
    "keywords_present": KeywordsPresentParams,
    "section_present": SectionPresentParams,
    "section_figures": SectionFiguresParams,
    "duplicate_content": DuplicateContentParams,
    "boilerplate_note": NoParams,
    "citation_required": CitationRequiredParams,
    "provincial_basis": ProvincialBasisParams,
    "citation_malformed": NoParams,
    "kb_expected": KbExpectedParams,
    "citation_kb": NoParams,
    "citation_outside_basis": CitationOutsideBasisParams,
    "basis_unused": NoParams,
    "citation_unknown": CitationUnknownParams,
    "expected_bases": ExpectedBasesParams,
    "citation_after_plan": NoParams,
    "citation_superseded": CitationSupersededParams,
    "terms_present": TermsPresentParams,
    "owners_at_level": OwnersAtLevelParams,
    "defunct_bodies": DefunctBodiesParams,
    "unit_exists": NoParams,
    "sections_required": NoParams,
    "sections_order": NoParams,
    "target_deadline": TargetDeadlineParams,
    "stale_terms": StaleTermsParams,
    "target_ambition": TargetAmbitionParams,
    "target_baseline": NoParams,
    "target_below_reference": TargetBelowReferenceParams,
    "target_far_above_reference": TargetFarAboveReferenceParams,
    "target_deadline_differs": NoParams,
    "target_key_missing": NoParams,
    "status_coverage": StatusCoverageParams,
    "task_list_present": NoParams,
    "task_field": TaskFieldParams,
    "budget_total": BudgetTotalParams,
    "pillar_tasks": NoParams,
    "task_horizon": TaskHorizonParams,
    "appendix_missing": AppendixMissingParams,
    "parent_tasks": ParentTasksParams,
    "parent_targets": ParentTargetsParams,
}
