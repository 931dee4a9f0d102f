"""Load the rule set kept as YAML data under rules/.

Every ``*.yaml`` file of a rules folder is read and merged; a file may hold any of these keys:

- ``rules``: the checks (id, title, severity, area, check, params, message, suggestion);
- ``sections``: the canonical sections of a plan (how to recognise their headings, required, order);
- ``task_columns``: how task-table columns are named;
- ``legal_bases``: the knowledge base of legal documents a plan is expected to cite.

Several folders can be given (``--rules`` more than once): later folders add rules and override
rules with the same id, so a province can keep its own additions beside the national set.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import RulesError
from .model import Finding, Location

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_LABELS = {"high": "Cao", "medium": "Trung bình", "low": "Thấp", "info": "Thông tin"}
DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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
    params: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    enabled: bool = True

    def finding(self, evidence: str = "", location: Location | None = None,
                variant: str | None = None, **fields: Any) -> Finding:
        """Build a finding of this rule; ``fields`` fill the {placeholders} of message and suggestion.

        A ``variant`` (declared under ``variants:`` in the YAML) overrides message, suggestion and
        severity for a second flavour of the same problem (e.g. a pillar missing vs. only mentioned).
        """
        values = _Blank({k: v for k, v in fields.items()})
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


@dataclass
class RuleSet:
    rules: list[Rule]
    sections: list[SectionKind]
    task_columns: dict[str, list[str]]
    legal_bases: list[dict[str, Any]]
    penalties: dict[str, float]
    memo_sections: list[dict[str, Any]]
    version: str  # a hash of the YAML sources, so results can say which rule set made them
    sources: list[str]

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


def _parse_rule(raw: dict[str, Any], source: str) -> Rule:
    missing = [f for f in _REQUIRED_RULE_FIELDS if not raw.get(f)]
    if missing:
        raise RulesError(f"{source}: rule {raw.get('id', '?')} lacks {', '.join(missing)}")
    for sev in [raw["severity"]] + [v.get("severity") for v in (raw.get("variants") or {}).values()]:
        if sev is not None and sev not in SEVERITIES:
            raise RulesError(f"{source}: rule {raw['id']} has severity {sev!r}; use one of {SEVERITIES}")
    return Rule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        severity=raw["severity"],
        area=str(raw["area"]),
        check=str(raw["check"]),
        message=str(raw["message"]),
        suggestion=str(raw["suggestion"]),
        description=str(raw.get("description", "")),
        params=dict(raw.get("params") or {}),
        variants=dict(raw.get("variants") or {}),
        enabled=bool(raw.get("enabled", True)),
    )


def load_rules(dirs: list[Path] | None = None, kb_files: list[Path] | None = None) -> RuleSet:
    """Read and merge every YAML file of the given rules folders (default: the bundled rules/).

    ``kb_files`` are extra YAML files whose ``legal_bases`` entries extend the knowledge base
    (a province's own resolutions and plans).
    """
    from .checks import CHECKS

    dirs = dirs or [DEFAULT_RULES_DIR]
    rules: dict[str, Rule] = {}
    sections: dict[str, SectionKind] = {}
    task_columns: dict[str, list[str]] = {}
    legal: dict[str, dict[str, Any]] = {}
    penalties: dict[str, float] = {"high": 25, "medium": 10, "low": 4, "info": 0}
    memo_sections: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    sources: list[str] = []

    def read(path: Path) -> dict[str, Any]:
        raw_text = path.read_bytes()
        digest.update(raw_text)
        sources.append(str(path))
        try:
            data = yaml.safe_load(raw_text) or {}
        except yaml.YAMLError as exc:
            raise RulesError(f"{path}: invalid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise RulesError(f"{path}: expected a mapping at the top level")
        for entry in data.get("legal_bases") or []:
            if not isinstance(entry, dict) or not entry.get("key"):
                raise RulesError(f"{path}: every legal_bases entry needs a 'key'")
            legal[str(entry["key"])] = entry
        return data

    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise RulesError(f"rules folder not found: {folder}")
        for path in sorted(folder.glob("*.yaml")):
            data = read(path)
            for raw in data.get("rules") or []:
                rule = _parse_rule(raw, str(path))
                if rule.check not in CHECKS:
                    raise RulesError(f"{path}: rule {rule.id} names unknown check {rule.check!r}; "
                                     f"known: {', '.join(sorted(CHECKS))}")
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
            penalties.update((data.get("scoring") or {}).get("penalties") or {})
            if data.get("memo_sections"):
                memo_sections = list(data["memo_sections"])
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
        sections=list(sections.values()),
        task_columns=task_columns,
        legal_bases=list(legal.values()),
        penalties=penalties,
        memo_sections=memo_sections,
        version=digest.hexdigest()[:12],
        sources=sources,
    )
