"""Stable identities of findings, so a finding can be followed from one round of review to the next.

A fingerprint is ``RULE-ID:`` + 12 hex digits of a hash of the finding's *anchor*: the folded words of
its evidence (the quoted text of the draft), or — for findings about the whole document, which quote
nothing — the value of an identity detail (``document``, ``pillar``, ``section`` …). Paragraph numbers,
page numbers and counts never enter it, so edits elsewhere in the draft leave it unchanged. When one
rule fires twice on the same anchor the second gets ``#2`` in its hash input.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.core.textnorm import fold

# details that name *what* a document-level finding is about (not how many, not where)
IDENTITY_DETAILS = ("document", "pillar", "section", "kind", "key", "indicator", "citation")
FINGERPRINT_PATTERN = r"^[A-Z]+-[0-9]+:[0-9a-f]{12}$"
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def anchor_of(rule_id: str, evidence: str, details: Mapping[str, Any] | None) -> str:
    """The normalised text a finding is identified by (without the rule id)."""
    if evidence and evidence.strip():
        return _words(evidence)
    for key in IDENTITY_DETAILS:
        value = (details or {}).get(key)
        if isinstance(value, str) and value.strip():
            return f"{key}={_words(value)}"
    return ""


def fingerprint(rule_id: str, anchor: str, occurrence: int = 1) -> str:
    text = anchor if occurrence == 1 else f"{anchor}#{occurrence}"
    return f"{rule_id}:{hashlib.sha1(f'{rule_id}|{text}'.encode()).hexdigest()[:12]}"


def fingerprints_of(items: Iterable[tuple[str, str, Mapping[str, Any] | None]]) -> list[tuple[str, str]]:
    """(fingerprint, anchor) for each (rule_id, evidence, details), in order; repeats are numbered."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for rule_id, evidence, details in items:
        anchor = anchor_of(rule_id, evidence, details)
        n = seen[(rule_id, anchor)] = seen.get((rule_id, anchor), 0) + 1
        out.append((fingerprint(rule_id, anchor, n), anchor))
    return out


def assign_fingerprints(findings: list) -> None:
    """Set ``fingerprint`` on each :class:`~pipeline.core.model.Finding` (in document order of their anchors)."""
    prints = fingerprints_of((f.rule_id, f.evidence, f.details) for f in findings)
    for f, (fp, _anchor) in zip(findings, prints):
        f.fingerprint = fp


def finding_dict_prints(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(fingerprint, anchor) for findings read from a findings.json; an older file without fingerprints
    gets them computed the same way."""
    computed = fingerprints_of((f.get("rule_id", ""), f.get("evidence", ""), f.get("details")) for f in findings)
    return [(f.get("fingerprint") or fp, anchor) for f, (fp, anchor) in zip(findings, computed)]
