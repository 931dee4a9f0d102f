"""One gap, one finding: a rule that ``yields_to`` others (rules/*.yaml) is folded into their finding.

Two rules may see the same gap from two sides — a high target with no baseline is TARGET-02's ("too high for
the time, no baseline to judge it") and TARGET-03's ("no baseline"). The rule that yields declares it in its
YAML (``yields_to: {rules: [TARGET-02], same: evidence}``); when a finding of one of those rules covers the
same gap — the same evidence text, the same location, or (``same: plan``) any finding of that rule — the
yielding finding is not reported on its own: the speaking finding's message names it ("(gộp TARGET-03 — Chỉ
tiêu thiếu số liệu hiện trạng)") and keeps it whole in ``details["covers"]`` (rule id and message).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pipeline.core.model import Finding

if TYPE_CHECKING:
    from pipeline.rules.loader import Rule


def _key(finding: Finding, same: str) -> str:
    if same == "plan":
        return ""
    if same == "location":
        return json.dumps(finding.location.to_dict() if finding.location else None, sort_keys=True)
    # the same text and, for a clause holding two targets ("90% … cấp huyện, 70% … cấp xã"), the same figure
    return f"{finding.evidence.strip()}|{finding.details.get('value', '')}" if finding.evidence.strip() else ""


def fold_overlaps(findings: list[Finding], rules: list[Rule]) -> list[Finding]:
    """``findings`` with each yielding rule's findings folded into the speaking rule's finding of the same gap."""
    by_id = {r.id: r for r in rules}
    folded: set[int] = set()
    for i, f in enumerate(findings):
        rule = by_id.get(f.rule_id)
        if rule is None or rule.yields_to is None:
            continue
        same = rule.yields_to.same
        speaker = next((g for g in findings if g.rule_id in rule.yields_to.rules and g is not f
                        and (same == "plan" or (_key(g, same) and _key(g, same) == _key(f, same)))), None)
        if speaker is None:
            continue
        covers = speaker.details.setdefault("covers", [])
        covers.append({"rule_id": f.rule_id, "message": f.message})
        speaker.message = f"{speaker.message.rstrip()} (gộp {f.rule_id} — {f.title})"
        folded.add(i)
    return [f for i, f in enumerate(findings) if i not in folded]
