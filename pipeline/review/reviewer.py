"""Review one draft: parse → segment → analyse → compare → check → score.

A :class:`Reviewer` loads the rule set and the corpus index once and reviews any number of drafts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.analyse.appendix_refs import resolve_appendix_refs
from pipeline.analyse.citations import Citation, plan_citations, plan_date
from pipeline.analyse.kb import KnowledgeBase
from pipeline.analyse.kb_store import KBStore, open_default
from pipeline.analyse.parent_plan import ParentComparison, ParentPlan
from pipeline.analyse.plan_profile import names_a_plan, other_document_kind
from pipeline.analyse.province_kb import province_kb_for
from pipeline.analyse.reference_targets import TargetReview, load_reference_data, review_targets
from pipeline.analyse.segment import Segmented, segment
from pipeline.analyse.targets import Target, extract_targets
from pipeline.analyse.tasks import TaskExtraction, extract_tasks
from pipeline.checks.catalogue import needs_corpus, needs_parent, run_checks
from pipeline.checks.context import Context
from pipeline.core.errors import InputError
from pipeline.core.fingerprint import assign_fingerprints
from pipeline.core.forked import stopped_on_failure
from pipeline.core.model import SEVERITIES, Finding
from pipeline.core.project_config import Council, disable_rules
from pipeline.core.version import __version__
from pipeline.corpus.duplicates import DEFAULT_CORPUS_DIR, CorpusIndex, DuplicateMatch
from pipeline.corpus.store import Passage, passages_of
from pipeline.ingest.read import parse_file
from pipeline.ingest.submission import parse_submission, role_by_content
from pipeline.review.comparison import CorpusComparison
from pipeline.review.parent import NOT_CHECKED as PARENT_NOT_CHECKED
from pipeline.review.parent import cached_parent, cited_in_store, compare_with_parent, resolve
from pipeline.review.rounds import compare_with_previous
from pipeline.review.scoring import PlanShape, Score, assess_shape, load_scoring, overall_score
from pipeline.review.stages import ReviewHooks, Stage, StageClock
from pipeline.rules.loader import RuleSet, load_rules


@dataclass
class ReviewOptions:
    rules_dirs: list[Path] | None = None
    corpus_dir: Path | None = DEFAULT_CORPUS_DIR  # a folder of earlier plans (mirrored into a cache store)
    store_path: Path | None = None  # a corpus store built with `planreview corpus add` (takes precedence)
    dup_threshold: float | None = None  # overrides DUP-01's threshold
    max_bytes: int = 50 * 1024 * 1024  # larger files are refused (InputError)
    template_dir: Path | None = None  # the council's own memo templates (writers.py)
    plan_year: int | None = None  # overrides the year read from the draft
    kb_files: list[Path] | None = None  # extra legal_bases YAML files (a province's own documents)
    kb_db: Path | None = None  # SQLite knowledge base (`planreview kb import`); default: kb_store.default_path()
    province_kbs: Path | None = None  # folder of province knowledge bases picked by the plan's province
    # (default rules/provinces/; see analyse/province_kb.py)
    # project settings (project_config.py; planreview.toml) and the round of review:
    disabled_rules: list[str] = field(default_factory=list)  # rule ids that never run
    min_severity: str | None = None  # findings less severe than this are left out
    accepted: dict[str, Any] = field(default_factory=dict)  # fingerprint → AcceptedFinding (kept out, listed)
    previous: Path | None = None  # an earlier output folder / findings.json / batch folder (rounds.py)
    parent: Path | str | None = None  # the plan above: a file, or a corpus-store document (id, name, path) —
    # issue 34, `--parent`; without it, a plan the draft cites that the store (store_path) holds (review/parent.py)
    parallel: bool = False  # compare with the corpus in a forked child on the second core (forked.py; the CLI)
    council: Council | None = None  # who issues and signs the memo (planreview.toml [council]; blanks if None)


@dataclass
class ReviewResult:
    path: str
    seg: Segmented
    ruleset: RuleSet
    findings: list[Finding]
    citations: list[Citation]
    tasks: TaskExtraction
    targets: list[Target]
    duplicates: list[DuplicateMatch]
    passages: list[Passage]
    scores: dict[str, int]
    kb: KnowledgeBase
    timings: dict[str, float] = field(default_factory=dict)
    accepted: list[tuple[Finding, Any]] = field(default_factory=list)  # (finding, AcceptedFinding) kept out
    round: Any = None  # rounds.RoundComparison when reviewed against an earlier round
    province_kb: str = ""  # the province knowledge base picked for the plan's province ("" = none)
    target_review: TargetReview | None = None
    shape: PlanShape | None = None
    score: Score | None = None
    council: Council | None = None  # ReviewOptions.council, for the memo's letterhead and signature
    parent: ParentComparison | None = None  # the draft against the plan above (--parent; parent_plan.py)

    @property
    def is_plan(self) -> bool:
        return self.shape is None or self.shape.is_plan

    @property
    def overall_score(self) -> int | None:
        """The overall score (scoring.py); None when the document is not a plan and so is not scored."""
        if self.score is not None:
            return self.score.value
        return round(sum(self.scores.values()) / len(self.scores)) if self.scores else 100

    def count_by_severity(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        meta = self.seg.meta
        return {
            "tool": {"name": "planreview", "version": __version__, "rules_version": self.ruleset.version},
            "document": {
                "path": self.path, "format": self.seg.doc.source_format, "title": meta.title,
                "own_number": meta.own_number, "issued_on": meta.issued_on,
                "district": meta.district, "plan_year": meta.plan_year, "target_year": meta.target_year,
                "vision_year": meta.vision_year, "level": meta.level, "unit": meta.unit,
                "province": meta.province, "former_province": meta.former_province, "era_date": meta.era_date,
                "issuer": meta.issuer, "kinds": list(meta.kinds),
                "province_kb": self.province_kb,
                "blocks": len(self.seg.doc.blocks),
                "tables": len(self.seg.doc.tables), "pages": self.seg.doc.pages,
                "ocr": self.seg.doc.ocr.to_dict() if self.seg.doc.ocr is not None else None,
                "converted_with": "LibreOffice" if self.seg.doc.converted_path else None,
                "format_note": self.seg.doc.format_note or None,  # read by its content, not its name
                **({"files": [{"path": p.path, "name": p.name, "role": p.role, "format": p.source_format,
                               "label": p.label, "title": p.title, "blocks": p.block_count, "tables": len(p.tables)}
                              for p in self.seg.doc.parts],
                    "appendix_refs": [r.to_dict() for r in self.seg.appendix_refs]} if self.seg.doc.parts else {}),
            },
            "summary": {"overall_score": self.overall_score, "scores": self.scores,
                        "score": self.score.to_dict() if self.score else None,
                        "is_plan": self.is_plan, "not_a_plan": self.shape.verdict() if self.shape else "",
                        "shape": self.shape.to_dict() if self.shape else None,
                        "findings_by_severity": self.count_by_severity(), "findings": len(self.findings),
                        "not_checked": self.score.not_checked if self.score else {}},
            "findings": [f.to_dict() for f in self.findings],
            "citations": [c.to_dict() for c in self.citations],
            "tasks": [t.to_dict() for t in self.tasks.tasks],
            "budget": {"tasks_sum_vnd": self.tasks.sum_vnd, "table_total_vnd": self.tasks.table_total_vnd,
                       "stated_total_vnd": self.tasks.stated_total_vnd,
                       "stated_total_text": self.tasks.stated_total_text,
                       "tasks_without_amount": sum(1 for t in self.tasks.tasks if t.budget_vnd is None)},
            "targets": [t.to_dict() for t in self.targets],
            "target_review": self.target_review.to_dict() if self.target_review else None,
            "duplicates": [d.to_dict() for d in self.duplicates],
            "sections": [{"title": s.title, "numbering": s.numbering, "rank": s.rank,
                          "kinds": sorted(s.kinds), "location": s.heading.location.to_dict() if s.heading else None}
                         for s in self.seg.sections],
            "timings_s": {k: round(v, 4) for k, v in self.timings.items()},
            "accepted": [{**f.to_dict(), "accepted": {"reason": a.reason, "by": a.by, "date": a.date}}
                         for f, a in self.accepted],
            **({"round": self.round.to_dict()} if self.round is not None else {}),
            **({"parent": self.parent.to_dict()} if self.parent is not None else {}),
        }


def _in_rule_order(rules: list, others: list[Finding], corpus: list[Finding]) -> list[Finding]:
    """The findings of two runs of checks (the rules not reading the corpus, then those reading it) in the
    order one run of every rule gives: each rule's findings, rule after rule."""
    by_rule: dict[str, list[Finding]] = {}
    for f in others + corpus:
        by_rule.setdefault(f.rule_id, []).append(f)
    ordered = [f for r in rules for f in by_rule.pop(r.id, [])]
    return ordered + [f for rest in by_rule.values() for f in rest]  # (a finding under another rule's id)


class Reviewer:
    """Holds the rule set and the corpus index; reviews drafts one after another."""

    def __init__(self, options: ReviewOptions | None = None):
        self.options = options or ReviewOptions()
        self.ruleset = load_rules(self.options.rules_dirs, self.options.kb_files)
        if self.options.disabled_rules:
            disable_rules(self.ruleset, self.options.disabled_rules)
        store = KBStore(self.options.kb_db) if self.options.kb_db else open_default()
        self.kb = KnowledgeBase(self.ruleset.legal_bases, store)
        self.references = load_reference_data(self.options.rules_dirs)
        self.scoring = load_scoring(self.options.rules_dirs)
        # pillar → (heading keywords, task keywords), from the PILLAR rules, to classify tasks
        self.pillar_words = {
            r.options.key: (r.options.heading_keywords or r.options.keywords,
                            r.options.keywords + r.options.task_keywords)
            for r in self.ruleset.rules if r.check == "pillar_coverage" and r.options.key
        }
        self._province_kbs: dict[str, KnowledgeBase] = {}
        self._parents: dict[tuple[str, float], ParentPlan] = {}
        self.comparison = CorpusComparison.for_review(self.options, self.ruleset)
        if self.options.parent is not None:  # a parent that cannot be read fails before any review (exit 2)
            self.parent_plan(self.options.parent)

    # the corpus comparison's state, as callers (batch, web, benchmarks) read it
    @property
    def dup_enabled(self) -> bool:
        return self.comparison.enabled

    @property
    def dup_threshold(self) -> float:
        return self.comparison.threshold

    @property
    def min_overlap(self) -> float:
        return self.comparison.settings.min_shingle_overlap

    @property
    def dup_min_words(self) -> int:
        return self.comparison.settings.min_words

    @property
    def corpus_skipped(self) -> list[str]:
        return self.comparison.skipped

    @property
    def index(self) -> CorpusIndex | None:
        """The matcher for the corpus store (or the corpus folder), loaded once."""
        return self.comparison.index

    def kb_for(self, seg: Segmented) -> tuple[KnowledgeBase, str]:
        """The knowledge base for a plan: the rule set's, plus its province's file from rules/provinces/
        (by today's province or the pre-merger name the plan uses); entries of --kb files take precedence."""
        found = province_kb_for(seg.meta.province, seg.meta.former_province, self.options.province_kbs)
        if found is None or str(found.path) in self.ruleset.sources:
            return self.kb, ""
        key = str(found.path)
        if key not in self._province_kbs:
            self._province_kbs[key] = KnowledgeBase(found.entries + self.ruleset.legal_bases, self.kb.store)
        return self._province_kbs[key], key

    def parent_plan(self, ref: Path | str, chosen: str = "option") -> ParentPlan:
        """The plan above named by ``ref`` (a file or a store document), read once per file version."""
        path = resolve(ref, self.options.store_path)
        key = (str(path.resolve()), path.stat().st_mtime)
        if key not in self._parents:
            self._parents[key] = cached_parent(path, self.ruleset, self.options.max_bytes, chosen)
        plan = self._parents[key]
        plan.chosen = chosen
        return plan

    def _parent_for(self, draft: Path, citations: list[Citation], ref: Path | str | None) -> ParentPlan | None:
        if ref is not None:
            plan = self.parent_plan(ref)
            if Path(plan.path).resolve() == draft.resolve():
                raise InputError(f"Kế hoạch cấp trên trùng với dự thảo: {draft.name}",
                                 f"The parent plan is the draft itself: {draft.name}")
            return plan
        if self.options.store_path is None or not any(needs_parent(r) for r in self.ruleset.rules):
            return None
        cited = cited_in_store(citations, self.options.store_path, draft)
        return self.parent_plan(cited, chosen="cited") if cited is not None else None

    def review(self, path: str | Path, progress: Callable[[str], None] | None = None,
               previous: Path | None = None, meanwhile: Callable[[], Any] | None = None,
               hooks: ReviewHooks | None = None, attached: list[Path] | None = None,
               parent: Path | str | None = None) -> ReviewResult:
        """Review one draft, stage by stage (stages.py). ``hooks`` follow it; ``progress`` (if given) is told
        each stage's name as it starts and ``meanwhile`` is called while the checks wait for the forked
        comparison (shorthands for ``hooks``); ``previous`` (default: the options' ``previous``) is the earlier
        round to compare with (rounds.py). ``attached``: the other files of the submission (appendices, the
        decision issuing the plan): reviewed with the plan as one document (ingest/submission.py). ``parent``
        (default: the options' ``parent``): the plan above (review/parent.py)."""
        hooks = hooks or ReviewHooks(on_stage=(lambda stage: progress(stage.value)) if progress else None,
                                     while_waiting=meanwhile)
        clock = StageClock(hooks)
        comparison = self.comparison.start()  # forked now when it runs beside us (comparison.py)
        with stopped_on_failure(comparison):
            with clock.stage(Stage.PARSE):
                doc = (parse_submission(Path(path), list(attached), self.options.max_bytes, self.options.parallel)
                       if attached else parse_file(path, self.options.max_bytes, self.options.parallel,
                                                   hooks.on_progress))
            if hooks.after_parse is not None:
                hooks.after_parse()
            with clock.stage(Stage.SEGMENT):
                seg = segment(doc, self.ruleset, self.options.plan_year)
            with clock.stage(Stage.ANALYSE, announce=False):
                resolve_appendix_refs(seg)  # before the tasks: an appendix referred to takes the referring kinds
                tasks = extract_tasks(seg, self.ruleset.task_columns, self.pillar_words)  # once: passages need them
            t0 = time.perf_counter()
            own = Path(path).name
            passages = (passages_of(seg, own, self.ruleset, self.dup_min_words, tasks=tasks) if self.dup_enabled
                        else [])
            comparison.send((passages, own))
            passages_s = time.perf_counter() - t0
            with clock.stage(Stage.ANALYSE):
                citations = plan_citations(seg)  # the plan's own number left out, preamble bases marked
                kb, province_kb = self.kb_for(seg)
                kb.annotate(citations, plan_date(seg.meta))
                targets = extract_targets(seg)
                target_review = review_targets(seg, targets, self.references)
            t_parent = time.perf_counter()
            parent_plan = self._parent_for(Path(path), citations, parent if parent is not None
                                           else self.options.parent)
            against_parent = (compare_with_parent(parent_plan, seg, tasks.tasks, targets, self.ruleset,
                                                  self.references.synonyms) if parent_plan is not None else None)
            if parent_plan is not None:
                clock.add("parent", time.perf_counter() - t_parent)
            with clock.stage(Stage.CHECK):
                ctx = Context(seg=seg, ruleset=self.ruleset, citations=citations, tasks=tasks, targets=targets,
                              kb=kb, target_review=target_review, parent=against_parent)
                # the rules that read the comparison run last, their findings put back in the rule set's order
                reads_corpus = [needs_corpus(r) for r in self.ruleset.rules]
                others = run_checks(ctx, [r for r, c in zip(self.ruleset.rules, reads_corpus) if not c])
                shape = assess_shape(seg, len(tasks.tasks), len(targets), self.scoring)
                other = other_document_kind(seg.meta, seg.front_matter, seg.body)
                if other:  # a notice, a report, a submission: whatever its shape, it says what it is
                    shape.is_plan = False
                    number = f" số {seg.meta.own_number}" if seg.meta.own_number else ""
                    shape.reasons.append(f"là {other.lower()}{number}, không phải đề án/kế hoạch")
                if not doc.parts and role_by_content(doc) == "appendix":  # an appendix alone is not scored
                    shape.is_plan = False
                    shape.reasons.append(f"là phụ lục của một kế hoạch, không phải kế hoạch (rà soát cùng kế "
                                         f"hoạch: planreview review KẾ-HOẠCH --appendix {Path(path).name})")
        clock.announce(Stage.COMPARE)
        t0 = time.perf_counter()
        duplicates, boilerplate, skipped, compare_s = comparison.result(hooks.while_waiting)
        self.comparison.skipped = skipped  # read in the forked child when the comparison ran there
        clock.add(Stage.COMPARE, passages_s + compare_s)
        t1 = time.perf_counter()
        with clock.stage(Stage.CHECK, announce=False):
            ctx.duplicates, ctx.boilerplate = duplicates, boilerplate
            findings = _in_rule_order(self.ruleset.rules, others,
                                      run_checks(ctx, [r for r, c in zip(self.ruleset.rules, reads_corpus) if c]))
            if doc.ocr is not None:  # a figure misread from a scan is never reported as wrong without a warning
                from pipeline.ingest.ocr import flag_uncertain_findings

                flag_uncertain_findings(findings, doc.ocr)
            if not shape.is_plan and (other or not names_a_plan(seg.meta.title)):
                findings = []  # a notice, a letter: the verdict and why, never the plan checklist
            assign_fingerprints(findings)
            findings, accepted = self._project_filter(findings)
            area_order = {a: i for i, a in enumerate(dict.fromkeys(r.area for r in self.ruleset.rules))}
            findings.sort(key=lambda f: (area_order.get(f.area, 99), SEVERITIES.index(f.severity), f.rule_id,
                                         f.location.paragraph or 0 if f.location else 0))
        if self.options.parallel:
            clock.add("compare_wait", t1 - t0)  # how long the checks waited for the child (compare ran alongside)
        skipped = self.not_checked()
        if against_parent is None:  # no plan above: its rules did not run — "not checked", never "passed"
            skipped.update({r.id: PARENT_NOT_CHECKED for r in self.ruleset.rules if needs_parent(r)})
        areas = list(dict.fromkeys(r.area for r in self.ruleset.rules))
        skipped_areas = {a: "; ".join(dict.fromkeys(skipped[r.id] for r in rules)) for a in areas
                         if (rules := [r for r in self.ruleset.rules if r.area == a]) and all(r.id in skipped
                                                                                            for r in rules)}
        score = overall_score(findings, self.scoring, areas, scored=shape.is_plan, not_checked=skipped_areas)
        result = ReviewResult(str(path), seg, self.ruleset, findings, citations, tasks, targets, duplicates,
                              passages, score.area_scores, kb, clock.timings, accepted,
                              province_kb=province_kb, target_review=target_review, shape=shape, score=score,
                              council=self.options.council, parent=against_parent)
        previous = previous or self.options.previous
        if previous is not None:
            result.round = compare_with_previous(result, Path(previous), self.options.accepted,
                                                 self.options.min_severity)
        return result

    def not_checked(self) -> dict[str, str]:
        """Rules that did not run, and why: those that read the corpus when the review has none to compare with
        (--no-corpus). They are "not checked" in every output and out of the score — never "nothing found"."""
        if self.comparison.has_source:
            return {}
        why = "không có kho đề án để đối chiếu (--no-corpus) / not checked: no corpus to compare with"
        return {r.id: why for r in self.ruleset.rules if needs_corpus(r)}

    def _project_filter(self, findings: list[Finding]) -> tuple[list[Finding], list[tuple[Finding, Any]]]:
        """Leave out findings below the minimum severity and those the council accepted."""
        if self.options.min_severity:
            limit = SEVERITIES.index(self.options.min_severity)
            findings = [f for f in findings if SEVERITIES.index(f.severity) <= limit]
        accepted = [(f, self.options.accepted[f.fingerprint]) for f in findings
                    if f.fingerprint in self.options.accepted]
        return [f for f in findings if f.fingerprint not in self.options.accepted], accepted
