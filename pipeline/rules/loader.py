"""Load the rule set kept as YAML data under rules/.

Every ``*.yaml`` file of a rules folder is read and merged; a file may hold any of these keys:

- ``rules``: the checks (id, title, severity, area, check, params, message, suggestion; optional description,
  variants, enabled, applies_to, ``examples: {fires: [...], silent: [...]}`` — snippets the test suite reviews,
  rule_examples.py — and ``basis:`` — the legal or official ground of the rule, for ``rules --explain``).
  ``params`` are checked against the parameters the check declares (checks/__init__.py): an unknown, missing
  or mistyped parameter stops the load with the file, rule and parameter named (exit 3);
- ``sections``: the canonical sections of a plan (how to recognise their headings, required, order);
- ``task_columns``: how task-table columns are named;
- ``legal_bases``: the knowledge base of legal documents a plan is expected to cite;
- ``level_words``: per plan level (tinh / huyen / xa / unknown), the words rules' messages are written
  with ({unit_kind}, {unit_level}, {lower_units} ...), so one message reads right for every level.

A rule may declare where it applies: ``applies_to: {levels: [xa], from: 2025-07-01, until: 2030-12-31}``
(levels: tinh, huyen, xa — with the aliases thanh_pho; quan, thi_xa; phuong, dac_khu, thi_tran; dates
compared with the plan's date). A rule that does not apply to a plan is skipped (plan_profile.py).

Several folders can be given (``--rules`` more than once): later folders add rules and override
rules with the same id, so a province can keep its own additions beside the national set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.core import yaml_io
from pipeline.core.bundled import RULES_DIR
from pipeline.core.errors import RulesError
from pipeline.core.model import SEVERITIES, Finding, Location
from pipeline.rules.params import PARAMS, WHOLE_PLAN_CHECKS
from pipeline.rules.validate import parse_params

DEFAULT_RULES_DIR = RULES_DIR  # bundled.py: rules/ of the checkout or of the installed wheel


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# Words a message may use before a plan is known: the kind of document ("Kế hoạch" for a KẾ HOẠCH, see
# plan_profile.wording_for).
DEFAULT_WORDS = {"plan_kind": "Đề án"}
# The level words of the plan being checked ({unit_kind} ...), set by run_checks for one review at a time.
_LEVEL_WORDS: ContextVar[dict[str, str] | None] = ContextVar("planreview_level_words", default=None)


@contextmanager
def level_wording(words: dict[str, str]) -> Iterator[None]:
    """Fill the level placeholders of every finding built inside the block with ``words``."""
    token = _LEVEL_WORDS.set(words)
    try:
        yield
    finally:
        _LEVEL_WORDS.reset(token)


# A plan's level for the rules (plan_profile.effective_level): ``so`` is a province department's own plan (a
# Sở, not the province's People's Committee), told apart from ``tinh``, the province's plan.
LEVEL_ALIASES = {"tinh": "tinh", "thanh_pho": "tinh", "so": "so", "huyen": "huyen", "quan": "huyen",
                 "thi_xa": "huyen", "xa": "xa", "phuong": "xa", "dac_khu": "xa", "thi_tran": "xa"}


# The kinds of plan the profile tells apart (plan_profile.plan_kinds); a rule may run only on some
# (applies_to.kinds) or never on others (applies_to.except_kinds).
PLAN_KINDS = {
    "annual": "Kế hoạch năm (một năm) / an annual plan",
    "implementing": "Kế hoạch triển khai một văn bản cụ thể / a plan carrying out one named document",
    "decision": "Quyết định ban hành kèm Kế hoạch/Đề án / a decision issuing the plan",
}


@dataclass(frozen=True)
class AppliesTo:
    """Where a rule applies: plan levels (empty = all), a date range [start, end] of the plan's date, and the
    plan's kinds (PLAN_KINDS): ``kinds`` — only plans of one of these; ``except_kinds`` — never plans of these."""

    levels: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    kinds: tuple[str, ...] = ()
    except_kinds: tuple[str, ...] = ()
    except_levels: tuple[str, ...] = ()

    def matches(self, level: str, when: dt.date | None, kinds: tuple[str, ...] | list[str] = ()) -> bool:
        if self.levels and level not in self.levels or level in self.except_levels:
            return False
        if self.kinds and not set(self.kinds) & set(kinds):
            return False
        if set(self.except_kinds) & set(kinds):
            return False
        if (self.start or self.end) and when is None:
            return False  # a rule of an era never runs on a plan of unknown date
        if self.start and when < self.start:
            return False
        return not (self.end and when > self.end)

    def label(self) -> str:
        """"xa · từ 2025-07-01" for `planreview rules`."""
        parts = [", ".join(self.levels)] if self.levels else []
        if self.except_levels:
            parts.append("trừ cấp " + ", ".join(self.except_levels))
        if self.kinds:
            parts.append("chỉ " + ", ".join(self.kinds))
        if self.except_kinds:
            parts.append("trừ " + ", ".join(self.except_kinds))
        if self.start:
            parts.append(f"từ {self.start.isoformat()}")
        if self.end:
            parts.append(f"đến {self.end.isoformat()}")
        return " · ".join(parts)


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    area: str
    check: str
    message: str
    suggestion: str
    description: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # as written, with the check's declared defaults
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    enabled: bool = True
    applies_to: AppliesTo | None = None
    options: Any = None  # the check's parameter dataclass, filled from params (typed)
    examples: dict[str, Any] = field(default_factory=dict)  # fires / silent snippets, plan (rule_examples.py)
    basis: list[str] = field(default_factory=list)  # legal / official ground of the rule
    yields_to: YieldsTo | None = None  # the rules that speak for the same gap (one gap, one finding)
    source: str = ""  # the YAML file the rule comes from

    def finding(self, evidence: str = "", location: Location | None = None,
                variant: str | None = None, **fields: Any) -> Finding:
        """Build a finding of this rule; ``fields`` fill the {placeholders} of message and suggestion.

        A ``variant`` (declared under ``variants:`` in the YAML) overrides message, suggestion and
        severity for a second flavour of the same problem (e.g. a pillar missing vs. only mentioned).
        """
        values = _Blank({**DEFAULT_WORDS, **(_LEVEL_WORDS.get() or {}), **fields})
        over = self.variants.get(variant or "", {})
        return Finding(
            rule_id=self.id,
            title=self.title,
            severity=over.get("severity", self.severity),
            area=self.area,
            message=over.get("message", self.message).format_map(values).strip(),
            suggestion=over.get("suggestion", self.suggestion).format_map(values).strip(),
            evidence=evidence,
            location=location,
            details={k: v for k, v in fields.items() if isinstance(v, (str, int, float, bool, list, type(None)))},
        )


@dataclass
class SectionKind:
    """A canonical plan section ("can_cu", "hien_trang" ...) and the heading words that name it."""

    key: str
    label: str
    patterns: list[re.Pattern]
    required: bool
    order: int | None


def _iso_date(value: Any, path: Path) -> str:
    """``ruleset_date:`` as YAML reads it (a date, or a string) → "2026-12-07"."""
    try:
        return value.isoformat() if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise RulesError(f"{path}: ruleset_date must be a date (YYYY-MM-DD), not {value!r}") from exc


@dataclass
class RuleSet:
    rules: list[Rule]
    sections: list[SectionKind]
    task_columns: dict[str, list[str]]
    legal_bases: list[dict[str, Any]]
    memo_sections: list[dict[str, Any]]
    version: str  # a hash of the YAML sources, so results can say which rule set made them
    sources: list[str]
    level_words: dict[str, dict[str, str]] = field(default_factory=dict)
    disabled: list[Rule] = field(default_factory=list)  # rules with enabled: false (for `rules --explain`)
    date: str = ""  # the latest ``ruleset_date:`` of the folders (ISO), what the memo names the rules by

    @property
    def all_rules(self) -> list[Rule]:
        return [*self.rules, *self.disabled]

    def section_kinds_of(self, heading: str) -> frozenset[str]:
        text = heading.lower()
        return frozenset(k.key for k in self.sections if any(p.search(text) for p in k.patterns))

    def memo_section_of(self, rule_id: str) -> str:
        """The memo section a rule's findings go to (the most specific matching prefix wins)."""
        best, length = "nhiem_vu", -1
        for section in self.memo_sections:
            for prefix in section.get("rules", []):
                if rule_id.startswith(prefix) and len(prefix) > length:
                    best, length = section["key"], len(prefix)
        return best

    def section_label(self, key: str) -> str:
        return next((k.label for k in self.sections if k.key == key), key)


_REQUIRED_RULE_FIELDS = ("id", "title", "severity", "area", "check", "message", "suggestion")
_OPTIONAL_RULE_FIELDS = ("description", "params", "variants", "enabled", "applies_to", "examples", "basis",
                         "yields_to")


EXAMPLE_PLANS = ("xa", "huyen", "tinh", "so", "annual", "implementing")  # frames in rule_examples.py


def _parse_examples(raw: Any, what: str, snippets: bool) -> dict[str, Any]:
    if raw is None:
        return {}
    if not snippets:
        raise RulesError(f"{what}: its check cannot take snippet examples (it needs a whole plan or the corpus) / "
                         "quy tắc này không nhận ví dụ đoạn văn")
    lists = {k: v for k, v in raw.items() if k not in ("plan", "exempt", "parent")} if isinstance(raw, dict) else None
    exempt = _listed(raw.get("exempt")) if isinstance(raw, dict) else []
    if (lists is None or set(lists) - {"fires", "silent"} or raw.get("plan", "xa") not in EXAMPLE_PLANS
            or set(exempt) - set(EXAMPLE_PLANS) or not isinstance(raw.get("parent", ""), str)
            or not all(isinstance(v, list) and v and all(isinstance(x, str) and x.strip() for x in v)
                       for v in lists.values())):
        raise RulesError(f"{what}: examples take fires: [text, ...], silent: [text, ...], plan:, exempt: "
                         f"[plans the rule must not speak to] from {', '.join(EXAMPLE_PLANS)} and parent: text / "
                         "ví dụ gồm fires, silent (các đoạn văn), plan, exempt và parent")
    if not raw.get("fires") or not raw.get("silent"):
        raise RulesError(f"{what}: examples need both fires and silent snippets (one without the other proves "
                         "nothing) / cần cả ví dụ fires và silent")
    return {"fires": [str(x) for x in raw["fires"]], "silent": [str(x) for x in raw["silent"]],
            "plan": str(raw.get("plan", "xa")), "exempt": exempt,
            **({"parent": str(raw["parent"])} if raw.get("parent") else {})}


def _parse_date(value: Any, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RulesError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class YieldsTo:
    """Rules that speak for the same gap: a finding of this rule that a finding of one of ``rules`` already
    covers (``same``: the same ``evidence`` text, the same ``location``, or anywhere in the ``plan``) is not
    reported on its own but as that finding's detail (checks/overlaps.py)."""

    rules: tuple[str, ...]
    same: str = "evidence"


YIELD_SAMENESS = ("evidence", "location", "plan")


def _parse_yields_to(raw: Any, what: str) -> YieldsTo | None:
    if raw is None:
        return None
    if (not isinstance(raw, dict) or set(raw) - {"rules", "same"} or not _listed(raw.get("rules"))
            or raw.get("same", "evidence") not in YIELD_SAMENESS):
        raise RulesError(f"{what}: yields_to takes rules: [RULE, ...] and same: {' | '.join(YIELD_SAMENESS)} / "
                         "yields_to gồm rules và same")
    return YieldsTo(tuple(_listed(raw["rules"])), str(raw.get("same", "evidence")))


def _listed(raw: Any) -> list[str]:
    """A YAML value written as one item or a list, as strings."""
    if raw is None:
        return []
    return [str(v) for v in (raw if isinstance(raw, list) else [raw])]


def _parse_applies_to(raw: Any, what: str) -> AppliesTo | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"levels", "except_levels", "from", "until", "kinds", "except_kinds"}:
        raise RulesError(f"{what}: applies_to takes levels, except_levels, from, until, kinds, except_kinds (e.g. "
                         "{levels: [xa], from: 2025-07-01, except_kinds: [implementing]})")
    levels, except_levels = _listed(raw.get("levels")), _listed(raw.get("except_levels"))
    unknown = [lv for lv in levels + except_levels if lv not in LEVEL_ALIASES]
    if unknown:
        raise RulesError(f"{what}: applies_to level {unknown[0]!r} unknown; use {', '.join(LEVEL_ALIASES)}")
    kinds, except_kinds = _listed(raw.get("kinds")), _listed(raw.get("except_kinds"))
    unknown = [k for k in kinds + except_kinds if k not in PLAN_KINDS]
    if unknown:
        raise RulesError(f"{what}: applies_to kind {unknown[0]!r} unknown; use {', '.join(PLAN_KINDS)}")
    scope = AppliesTo(tuple(dict.fromkeys(LEVEL_ALIASES[lv] for lv in levels)),
                      _parse_date(raw.get("from"), what), _parse_date(raw.get("until"), what),
                      tuple(kinds), tuple(except_kinds),
                      tuple(dict.fromkeys(LEVEL_ALIASES[lv] for lv in except_levels)))
    if scope.start and scope.end and scope.start > scope.end:
        raise RulesError(f"{what}: applies_to 'from' {scope.start} is after 'until' {scope.end}")
    return scope


def _parse_rule(raw: dict[str, Any], source: str) -> Rule:
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: every entry of rules: is a mapping (id, title, check ...)")
    missing = [f for f in _REQUIRED_RULE_FIELDS if not raw.get(f)]
    if missing:
        raise RulesError(f"{source}: rule {raw.get('id', '?')} lacks {', '.join(missing)}")
    what = f"{source}: rule {raw['id']}"
    unknown = [k for k in raw if k not in _REQUIRED_RULE_FIELDS + _OPTIONAL_RULE_FIELDS]
    if unknown:
        raise RulesError(f"{what}: unknown field {unknown[0]!r} / trường lạ {unknown[0]!r}; known / hợp lệ: "
                         f"{', '.join(_REQUIRED_RULE_FIELDS + _OPTIONAL_RULE_FIELDS)}")
    for sev in [raw["severity"]] + [v.get("severity") for v in (raw.get("variants") or {}).values()]:
        if sev is not None and sev not in SEVERITIES:
            raise RulesError(f"{source}: rule {raw['id']} has severity {sev!r}; use one of {SEVERITIES}")
    declared = PARAMS.get(str(raw["check"]))
    if declared is None:
        raise RulesError(f"{source}: rule {raw['id']} names unknown check {raw['check']!r} / kiểm tra không có; "
                         f"known: {', '.join(sorted(PARAMS))}")
    params, options = parse_params(str(raw["check"]), declared, raw.get("params"), what)
    basis = raw.get("basis") or []
    if isinstance(basis, str):
        basis = [basis]
    if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
        raise RulesError(f"{what}: basis is a text or a list of texts / basis là đoạn văn hoặc danh sách")
    return Rule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        severity=raw["severity"],
        area=str(raw["area"]),
        check=str(raw["check"]),
        message=str(raw["message"]),
        suggestion=str(raw["suggestion"]),
        description=str(raw.get("description", "")),
        params=params,
        variants=dict(raw.get("variants") or {}),
        enabled=bool(raw.get("enabled", True)),
        applies_to=_parse_applies_to(raw.get("applies_to"), f"{source}: rule {raw['id']}"),
        options=options,
        examples=_parse_examples(raw.get("examples"), what, str(raw["check"]) not in WHOLE_PLAN_CHECKS),
        basis=[str(b) for b in basis],
        yields_to=_parse_yields_to(raw.get("yields_to"), what),
        source=source,
    )


NATIONAL_KB = "legal/national"  # a rules folder's national legal documents (legal_bases only), read before its rules


def _legal_identity(entry: dict[str, Any]) -> tuple[str, str]:
    """A legal document is its number and code with its date: year-less numbers repeat ("1017/QĐ-TTg" of 2018
    and of 2024), so two rows of one key with different dates are two documents."""
    key = re.sub(r"\s+", "", str(entry["key"])).upper().replace("Đ", "D")
    return key, str(entry.get("date") or "")


def load_rules(dirs: list[Path] | None = None, kb_files: list[Path] | None = None) -> RuleSet:
    """Read and merge every YAML file of the given rules folders (default: the bundled rules/).

    ``kb_files`` are extra YAML files whose ``legal_bases`` entries extend the knowledge base
    (a province's own resolutions and plans). Each folder's ``legal/national/*.yaml`` (the national knowledge
    base: ``legal_bases`` only) is read first, so a row of the folder's own files overrides it.
    """
    dirs = dirs or [DEFAULT_RULES_DIR]
    rules: dict[str, Rule] = {}
    sections: dict[str, SectionKind] = {}
    task_columns: dict[str, list[str]] = {}
    legal: dict[tuple[str, str], dict[str, Any]] = {}
    memo_sections: list[dict[str, Any]] = []
    level_words: dict[str, dict[str, str]] = {}
    dates: list[str] = []
    digest = hashlib.sha256()
    sources: list[str] = []

    def read(path: Path) -> dict[str, Any]:
        raw_text = path.read_bytes()
        digest.update(raw_text)
        sources.append(str(path))
        try:
            data = yaml_io.safe_load(raw_text) or {}
        except yaml.YAMLError as exc:
            raise RulesError(f"{path}: invalid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise RulesError(f"{path}: expected a mapping at the top level")
        for entry in data.get("legal_bases") or []:
            if not isinstance(entry, dict) or not entry.get("key"):
                raise RulesError(f"{path}: every legal_bases entry needs a 'key'")
            legal[_legal_identity(entry)] = entry  # a later file's row of the same document replaces it
        return data

    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise RulesError(f"rules folder not found: {folder}")
        for path in sorted(folder.glob(f"{NATIONAL_KB}/*.yaml")):  # the national knowledge base, data only
            read(path)
        for path in sorted(folder.glob("*.yaml")):
            data = read(path)
            for raw in data.get("rules") or []:
                rule = _parse_rule(raw, str(path))
                rules[rule.id] = rule
            for key, raw in (data.get("sections") or {}).items():
                sections[key] = SectionKind(
                    key=key,
                    label=raw.get("label", key),
                    patterns=[re.compile(p, re.IGNORECASE) for p in raw.get("patterns", [])],
                    required=bool(raw.get("required", False)),
                    order=raw.get("order"),
                )
            for key, names in (data.get("task_columns") or {}).items():
                task_columns[key] = [n.lower() for n in names]
            if data.get("ruleset_date"):
                dates.append(_iso_date(data["ruleset_date"], path))
            if data.get("memo_sections"):
                memo_sections = list(data["memo_sections"])
            for level, words in (data.get("level_words") or {}).items():
                if level not in (*LEVEL_ALIASES.values(), "unknown") or not isinstance(words, dict):
                    raise RulesError(f"{path}: level_words takes tinh, huyen, xa, unknown → {{word: text}}")
                level_words.setdefault(level, {}).update({str(k): str(v) for k, v in words.items()})
    for path in kb_files or []:
        path = Path(path)
        if not path.is_file():
            raise RulesError(f"knowledge-base file not found: {path}")
        if not read(path).get("legal_bases"):
            raise RulesError(f"{path}: no 'legal_bases:' entries")
    if not rules:
        raise RulesError(f"no rules found in {', '.join(map(str, dirs))}")
    return RuleSet(
        rules=[r for r in rules.values() if r.enabled],
        disabled=[r for r in rules.values() if not r.enabled],
        sections=list(sections.values()),
        task_columns=task_columns,
        legal_bases=list(legal.values()),
        memo_sections=memo_sections,
        version=digest.hexdigest()[:12],
        sources=sources,
        level_words=level_words,
        date=max(dates, default=""),
    )


# --------------------------------------------------------------------------- province knowledge bases

