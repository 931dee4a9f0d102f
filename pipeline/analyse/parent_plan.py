"""The plan above a draft (issue 34): what it assigns to the draft's level or unit, and whether the draft takes
each assignment up.

A provincial plan assigns tasks in its appendix ("Cơ quan chủ trì: UBND các xã, phường", "Phối hợp: …, UBND
cấp xã") or in the task's wording ("cấp xã thực hiện …"), and sets targets for the commune level ("100% xã,
phường có …", "hồ sơ công việc tại cấp xã …"). :func:`assignments` finds them for the draft's level (patterns
per level, rules/85-parent.yaml) or its own name ("xã Tân Phong", "Sở Y tế"); :func:`compare` pairs each with
the draft's task that carries it out (plan_match.py: by meaning, the score kept) and each target with the
draft's target for the same indicator (lower, later or missing). A draft's own extra tasks are never judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.analyse.plan_match import Vocabulary, best_other, pair_one_to_one, similarity_matrix
from pipeline.analyse.reference_targets import similarity
from pipeline.analyse.targets import Target
from pipeline.analyse.tasks import Task
from pipeline.core.model import Location, PlanMeta
from pipeline.core.textnorm import fold

ROLE_LABELS = {"chu_tri": "chủ trì", "phoi_hop": "phối hợp"}


@dataclass
class ParentPlan:
    """The plan above, read like any draft."""

    path: str
    title: str
    number: str  # its own number ("215/KH-UBND"; "" when it shows none)
    issued_on: str | None
    level: str
    unit: str
    tasks: list[Task]
    targets: list[Target]
    chosen: str = "option"  # option (--parent / the web form) | cited (the draft cites it; found in the store)

    def label(self) -> str:
        """``Kế hoạch số 215/KH-UBND (Chuyển đổi số tỉnh Ninh Lạc …)`` or its title alone."""
        title = re.sub(r"\s+", " ", self.title).strip()
        title = re.sub(r"^(?:kế hoạch|đề án|chương trình)\s*:?\s*", "", title, flags=re.I)
        title = title[:1].lower() + title[1:]
        if self.number:
            return f"Kế hoạch số {self.number} ({title})" if title else f"Kế hoạch số {self.number}"
        return f"Kế hoạch {title}" if title else Path(self.path).name


@dataclass
class Assignment:
    """A task of the parent that falls to the draft's level or unit, and how: chủ trì ranks above phối hợp."""

    task: Task
    role: str  # chu_tri | phoi_hop
    by: str  # the words that assign it ("UBND các xã, phường", "cấp xã thực hiện")
    number: int  # its row in the parent's task list (1-based)


@dataclass
class TaskPair:
    assignment: Assignment
    draft: Task | None  # the draft's task carrying it out (None: not taken up)
    score: float  # the match's score; for one not taken up, the nearest draft task's
    nearest: Task | None = None  # not taken up: the draft task nearest in meaning (below the threshold)

    @property
    def status(self) -> str:
        return "taken_up" if self.draft is not None else "not_taken_up"

    def to_dict(self) -> dict[str, Any]:
        a = self.assignment
        return {"parent_task": a.task.text, "parent_no": a.number, "role": a.role, "assigned_by": a.by,
                "parent_owner": a.task.owner, "parent_partners": a.task.partners, "parent_time": a.task.time_text,
                "status": self.status, "score": round(self.score, 3),
                "draft_task": self.draft.text if self.draft else None,
                "draft_location": self.draft.location.to_dict() if self.draft else None,
                "nearest_draft_task": self.nearest.text if self.nearest else None}


@dataclass
class TargetPair:
    parent: Target
    draft: Target | None
    score: float
    status: str  # ok | lower | later | lower_later | missing

    def to_dict(self) -> dict[str, Any]:
        p, d = self.parent, self.draft
        return {"parent_target": p.text, "parent_indicator": p.indicator, "parent_value": p.value,
                "parent_year": p.deadline, "status": self.status, "score": round(self.score, 3),
                "draft_target": d.text if d else None, "draft_value": d.value if d else None,
                "draft_year": d.deadline if d else None, "draft_location": d.location.to_dict() if d else None}


@dataclass
class ParentComparison:
    parent: ParentPlan
    unit_words: list[str]  # what named the draft's level or unit in the parent
    tasks: list[TaskPair] = field(default_factory=list)
    targets: list[TargetPair] = field(default_factory=list)
    threshold: float = 0.0

    def counts(self) -> dict[str, int]:
        c = {"assigned": len(self.tasks), "taken_up": sum(p.draft is not None for p in self.tasks),
             "targets": len(self.targets)}
        c["not_taken_up"] = c["assigned"] - c["taken_up"]
        for status in ("ok", "lower", "later", "lower_later", "missing"):
            c[f"targets_{status}"] = sum(p.status == status for p in self.targets)
        return c

    def to_dict(self) -> dict[str, Any]:
        p = self.parent
        return {"path": p.path, "title": p.title, "number": p.number, "issued_on": p.issued_on, "level": p.level,
                "unit": p.unit, "chosen": p.chosen, "label": p.label(), "unit_words": self.unit_words,
                "match_threshold": self.threshold, "counts": self.counts(),
                "tasks": [t.to_dict() for t in self.tasks], "targets": [t.to_dict() for t in self.targets]}


# --------------------------------------------------------------------------- who the parent assigns to


def unit_patterns(meta: PlanMeta, level_patterns: dict[str, list[str]],
                  department: str = "") -> tuple[list[re.Pattern], list[str]]:
    """Patterns naming the draft's level (``level_patterns[meta.level]``) and its own unit ("xã Tân Phong": the
    name after its kind word too, "Tân Phong"); a department's plan: its name alone ("Sở Y tế" — a department
    is not its province's level); with the plain words for the memo."""
    if department:
        words = [r"\s+".join(re.escape(w) for w in department.split())]
        return [re.compile(rf"(?<!\w)(?:{w})(?!\w)", re.I) for w in words], [department]
    words = list(level_patterns.get(meta.level, []))
    unit = re.sub(r"\s+", " ", meta.unit or "").strip()
    if unit:
        words.append(re.escape(unit))
        name = re.sub(r"^(?:xã|phường|đặc khu|thị trấn|huyện|thị xã|quận|thành phố|tỉnh)\s+", "", unit, flags=re.I)
        if name != unit and len(name.split()) >= 2:
            words.append(rf"(?:xã|phường|đặc khu|UBND|Ủy ban nhân dân)\s+(?:xã\s+|phường\s+)?{re.escape(name)}")
    return [re.compile(rf"(?<!\w)(?:{w})(?!\w)", re.I) for w in words], words


def _found(patterns: list[re.Pattern], text: str) -> str:
    """The first match not followed by a proper name: "UBND xã Tân Phong" is one commune, not the level."""
    for p in patterns:
        for m in p.finditer(text):
            rest = text[m.end():].lstrip()
            if m.end() < len(text) and text[m.end()].isspace() and rest[:1].isupper():
                continue
            return m.group(0)
    return ""


def assignments(parent_tasks: list[Task], patterns: list[re.Pattern], doing: list[str]) -> list[Assignment]:
    """The parent's tasks that fall to the draft: its level or unit in the owner column (chủ trì), in the task's
    wording followed by one of ``doing`` ("cấp xã thực hiện", "UBND các xã chủ trì": chủ trì too), or among the
    partners (phối hợp)."""
    verbs = "|".join(re.escape(d) for d in doing) or "thực hiện"
    out = []
    for n, task in enumerate(parent_tasks, 1):
        owner = " ; ".join(task.owners) or task.owner
        if by := _found(patterns, owner):
            out.append(Assignment(task, "chu_tri", by, n))
            continue
        wording = _found([re.compile(rf"{p.pattern}[\s,]*(?:{verbs})(?!\w)", re.I) for p in patterns], task.text)
        if wording:
            out.append(Assignment(task, "chu_tri", wording, n))
            continue
        if by := _found(patterns, " ; ".join(task.partner_units) or task.partners):
            out.append(Assignment(task, "phoi_hop", by, n))
    return out


def applying_targets(parent_targets: list[Target], patterns: list[re.Pattern]) -> list[Target]:
    """The parent's targets for the draft's level or unit (its words in the indicator), the last year of each."""
    out = [t for t in parent_targets if not t.milestone and _found(patterns, t.indicator or t.text)]
    return out


# --------------------------------------------------------------------------- what the draft takes up


@dataclass(frozen=True)
class MatchSettings:
    """From the rules (rules/85-parent.yaml, read by the reviewer)."""

    threshold: float = 0.3  # a task pair scoring less is no take-up
    target_threshold: float = 0.5  # an indicator pair scoring less is another indicator
    tolerance_points: float = 0.0  # a draft target this far below the parent's still counts as reaching it
    drop: tuple[str, ...] = ()  # words of the level, the unit and generic verbs, left out before matching


def _vocabulary(settings: MatchSettings, meta: PlanMeta, synonyms: list[tuple[str, list[str]]]) -> Vocabulary:
    drop = [fold(w) for w in settings.drop]
    if meta.unit:
        name = re.sub(r"^(?:xã|phường|đặc khu|thị trấn|huyện|thị xã|quận|tỉnh)\s+", "", meta.unit, flags=re.I)
        drop.append(fold(name))
    ordered = tuple(sorted({" ".join(_strip(d).split()) for d in drop if d.strip()}, key=len, reverse=True))
    syn = tuple((" ".join(_strip(c).split()), tuple(" ".join(_strip(v).split()) for v in vs)) for c, vs in synonyms)
    return Vocabulary(ordered, syn)


_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[a-zđ])[.)]\s+", re.I)
_RECORD_FIELD = re.compile(r"^\s*(?:thời gian|kinh phí|nguồn\b|dự toán|sản phẩm|(?:cơ quan |đơn vị )?phối hợp\s*:)",
                           re.I)
_LED_BY = re.compile(r"^.{0,120}?\bchủ trì\s*[,:]?\s*(?:thực hiện\b[^,;]*[,;]?\s*)?", re.I)


@lru_cache(maxsize=64)
def _partners(units: tuple[str, ...]) -> re.Pattern:
    names = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"phối hợp(?:\s+với)?\s*:?\s*(?:(?:{names})(?:\s*,\s*|\s+và\s+|\s+)?)+")


def units_of(tasks: list[Task]) -> tuple[str, ...]:
    """The units a plan names in charge of or partnering its tasks (table columns, or "X chủ trì" in prose)."""
    names = {u.strip() for t in tasks for u in (*t.owners, *(t.partner_units if t.origin == "table" else ()))}
    return tuple(sorted(n for n in names if 1 < len(n.split()) <= 12))


def _led_by(clause: str) -> str:
    """A clause without who leads it: "Số hóa …: Chủ trì Trung tâm …" → "Số hóa …"; "Phòng Kinh tế chủ trì,
    phối hợp với … hướng dẫn …" → "phối hợp với … hướng dẫn …"."""
    if "chủ trì" not in clause.lower():
        return clause
    head = re.split(r":\s*(?=chủ trì)", clause, maxsplit=1, flags=re.I)
    return head[0] if len(head) == 2 else _LED_BY.sub("", clause)


def task_core(text: str, units: tuple[str, ...] = ()) -> str:
    """What a task does, without the record around it: a prose task's number, its owner ("Phòng Kinh tế chủ trì,
    …"), its partners when they are ``units`` the plan names as owners ("phối hợp với Phòng Kinh tế, Hạ tầng và
    Đô thị …"), time, budget and source clauses ("thời gian thực hiện 2026; kinh phí dự kiến …") — they are no
    part of its object or action, and dilute a match. The text itself when nothing would be left."""
    core = _NUMBERED.sub("", text)
    if units:
        core = _partners(units).sub(" ", core)
    clauses = [c for c in re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])", core) if c.strip() and not _RECORD_FIELD.match(c)]
    clauses = [_led_by(c) for c in clauses]
    core = "; ".join(c.strip(" .,;") for c in clauses if c.strip(" .,;"))
    return core if len(core.split()) >= 3 else text


def _strip(text: str) -> str:
    return re.sub(r"[^\w\s]+", " ", text)


def compare(parent: ParentPlan, meta: PlanMeta, draft_tasks: list[Task], draft_targets: list[Target],
            level_patterns: dict[str, list[str]], doing: list[str], settings: MatchSettings,
            synonyms: list[tuple[str, list[str]]], department: str = "") -> ParentComparison:
    """Each assignment of ``parent`` paired with the draft task carrying it out (or none), each applying target
    with the draft's target for the same indicator. ``department``: the draft is a department's plan."""
    patterns, words = unit_patterns(meta, level_patterns, department)
    assigned = assignments(parent.tasks, patterns, doing)
    vocab = _vocabulary(settings, meta, synonyms)
    result = ParentComparison(parent, words, threshold=settings.threshold)
    if assigned and draft_tasks:
        ours, theirs = units_of(parent.tasks), units_of(draft_tasks)
        others = [task_core(t.text, ours) for t in parent.tasks if all(t is not a.task for a in assigned)]
        scores = similarity_matrix([task_core(a.task.text, ours) for a in assigned],
                                   [task_core(t.text, theirs) for t in draft_tasks], vocab, others)
        pairs = pair_one_to_one(scores, settings.threshold)
        for i, a in enumerate(assigned):
            if i in pairs:
                j, s = pairs[i]
                result.tasks.append(TaskPair(a, draft_tasks[j], s))
            else:
                j, s = best_other(scores, i)
                result.tasks.append(TaskPair(a, None, s, draft_tasks[j] if j is not None else None))
    else:
        result.tasks = [TaskPair(a, None, 0.0) for a in assigned]
    finals = [t for t in draft_targets if not t.milestone] or draft_targets
    for target in applying_targets(parent.targets, patterns):
        result.targets.append(_target_pair(target, finals, vocab, settings))
    return result


def _target_pair(parent: Target, drafts: list[Target], vocab: Vocabulary, settings: MatchSettings) -> TargetPair:
    want = tuple(vocab.tokens(parent.indicator))
    best, best_score = None, 0.0
    for d in drafts:
        s = similarity(tuple(vocab.tokens(d.indicator)), want)
        if s > best_score or (s == best_score and best is not None and (d.deadline or 9999) < (best.deadline or 9999)):
            best, best_score = d, s
    if best is None or best_score < settings.target_threshold:
        return TargetPair(parent, None, best_score, "missing")
    lower = best.value < parent.value - settings.tolerance_points
    later = best.deadline is not None and parent.deadline is not None and best.deadline > parent.deadline
    status = "lower_later" if lower and later else "lower" if lower else "later" if later else "ok"
    return TargetPair(parent, best, best_score, status)


def location_of(pair: TaskPair | TargetPair) -> Location | None:
    """Where a pair sits in the draft (its matched task or target), None when the draft has nothing for it."""
    return pair.draft.location if pair.draft is not None else None
