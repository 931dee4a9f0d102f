"""Second and later rounds of review: compare a revised draft's findings with an earlier round's.

Every earlier finding is *đã tiếp thu* (resolved: its fingerprint is gone), *chưa tiếp thu* (still
present: same fingerprint, or the same rule on nearly the same text), or *Hội đồng chấp nhận* (accepted
in planreview.toml); the revised draft's other findings are *mới* (new). The earlier round is an output
folder of ``planreview review`` (its findings.json and draft.snapshot.json), a findings.json, or a
``planreview batch`` output folder, where the draft is found by file name or title.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.analyse.segment import segment
from pipeline.analyse.tasks import extract_tasks
from pipeline.core.atomic_io import atomic_write
from pipeline.core.errors import InputError
from pipeline.core.fingerprint import anchor_of, finding_dict_prints
from pipeline.core.json_text import compact_json
from pipeline.core.model import SEVERITIES, SEVERITY_LABELS
from pipeline.core.textnorm import fold
from pipeline.ingest.read import parse_file
from pipeline.review.redline import Redline, build_redline, similarity, write_tracked_docx

SNAPSHOT = "draft.snapshot.json"
FUZZY_MIN_SIMILARITY = 0.8  # the same rule on text this alike is the same finding, edited
STATUS_LABELS = {"resolved": "Đã tiếp thu", "open": "Chưa tiếp thu", "new": "Mới", "accepted": "Hội đồng chấp nhận"}
_VERSION_TAIL = re.compile(r"([-_ .]*(v\d+|ban \d+|lan \d+|sua doi|sua|du thao|hoan chinh|final|\(\d+\)))+$")


# ---------------------------------------------------------------------------------------------- snapshot

def snapshot_of(result: Any) -> dict[str, Any]:
    """The reviewed draft's text (blocks with their section) and tasks: what the next round diffs against."""
    doc = result.seg.doc
    blocks = [{"kind": b.kind, "text": b.text, "section": b.location.section, "rank": b.heading_rank,
               "paragraph": b.location.paragraph, "table": b.location.table, "row": b.location.row,
               "cells": b.cells} for b in doc.blocks]
    return {"snapshot_version": 1, "file": Path(result.path).name, "title": result.seg.meta.title,
            "format": doc.source_format, "blocks": blocks, "tasks": [t.to_dict() for t in result.tasks.tasks]}


def write_snapshot(result: Any, out_dir: Path) -> Path:
    path = out_dir / SNAPSHOT
    atomic_write(path, compact_json(snapshot_of(result)))
    return path


def load_snapshot(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "blocks" in data else None


def _snapshot_from_source(path: Path, ruleset: Any) -> dict[str, Any] | None:
    """An older output folder has no snapshot: read the earlier draft itself, if it is still there."""

    if not path.is_file():
        return None
    try:
        seg = segment(parse_file(path), ruleset)
        tasks = extract_tasks(seg, ruleset.task_columns, {})
    except InputError:
        return None

    class _Result:  # the parts of a ReviewResult that snapshot_of reads
        pass

    r = _Result()
    r.seg, r.tasks, r.path = seg, tasks, str(path)
    return snapshot_of(r)


# ---------------------------------------------------------------------------------------------- finding it

def _stem_key(name: str) -> str:
    return _VERSION_TAIL.sub("", " ".join(re.findall(r"[a-z0-9()]+", fold(Path(name).stem)))).strip()


def locate_previous(previous: Path, draft: Path, title: str) -> Path | None:
    """The earlier round's findings.json for ``draft``; None when ``previous`` is a batch folder that has
    no draft of that name or title."""
    if previous.is_file():
        if previous.suffix.lower() != ".json":
            raise InputError(f"--previous phải là thư mục kết quả hoặc findings.json: {previous}",
                             f"--previous must be an output folder or a findings.json: {previous}")
        return previous
    if not previous.is_dir():
        raise InputError(f"Không tìm thấy kết quả lần rà soát trước: {previous}",
                         f"Earlier review not found: {previous}")
    if (previous / "findings.json").is_file():
        return previous / "findings.json"
    manifest = previous / "manifest.json"
    if not manifest.is_file():
        raise InputError(f"Thư mục {previous} không có findings.json hay manifest.json của lần rà soát trước",
                         f"{previous} holds neither a findings.json nor a batch manifest.json")
    try:
        drafts = json.loads(manifest.read_text(encoding="utf-8")).get("drafts", {})
    except ValueError as exc:
        raise InputError(f"manifest.json hỏng: {manifest}", f"Broken manifest.json: {manifest}") from exc
    rows = [(rel, e.get("row", {})) for rel, e in drafts.items() if e.get("row", {}).get("status") == "ok"]
    key, folded_title = _stem_key(draft.name), fold(title).strip()
    for test in (lambda rel, row: Path(rel).name == draft.name,
                 lambda rel, row: _stem_key(rel) == key,
                 lambda rel, row: bool(folded_title) and fold(row.get("title", "")).strip() == folded_title):
        hit = next((row for rel, row in rows if test(rel, row)), None)
        if hit and (previous / hit.get("out_dir", "") / "findings.json").is_file():
            return previous / hit["out_dir"] / "findings.json"
    return None


# ---------------------------------------------------------------------------------------------- comparison

@dataclass
class RoundItem:
    status: str  # resolved | open | new | accepted
    fingerprint: str
    rule_id: str
    title: str
    severity: str
    message: str
    evidence: str = ""
    location: str = ""  # in the revised draft (open, new) or the earlier one (resolved)
    previous_location: str = ""
    reason: str = ""  # accepted: the council's reason
    by: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class RoundComparison:
    previous: str  # the earlier findings.json
    previous_file: str
    previous_title: str
    items: list[RoundItem] = field(default_factory=list)
    redline: Redline | None = None
    redline_note: str = ""
    skipped: int = 0  # earlier findings of rules now disabled or below the minimum severity: not compared
    old_snapshot: dict[str, Any] | None = field(default=None, repr=False)  # for the tracked-changes document

    def of(self, status: str) -> list[RoundItem]:
        return [i for i in self.items if i.status == status]

    @property
    def resolved(self) -> list[RoundItem]:
        return self.of("resolved")

    @property
    def still_open(self) -> list[RoundItem]:
        return self.of("open")

    @property
    def new(self) -> list[RoundItem]:
        return self.of("new")

    @property
    def accepted(self) -> list[RoundItem]:
        return self.of("accepted")

    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in STATUS_LABELS}

    def to_dict(self) -> dict[str, Any]:
        return {"previous": self.previous, "previous_file": self.previous_file, "counts": self.counts(),
                "skipped": self.skipped,
                "items": [{"status": i.status, "fingerprint": i.fingerprint, "rule_id": i.rule_id,
                           "message": i.message, "location": i.location, "previous_location": i.previous_location,
                           **({"reason": i.reason} if i.status == "accepted" else {})} for i in self.items],
                "redline": self.redline.counts() if self.redline else None}


def _label(loc: dict[str, Any] | None) -> str:
    return (loc or {}).get("label", "") if isinstance(loc, dict) else ""


def compare_findings(previous: list[dict[str, Any]], current: list, accepted: dict[str, Any] | None = None,
                     current_accepted: list | None = None) -> list[RoundItem]:
    """Statuses of the earlier findings and the current ones (see module doc)."""
    accepted = accepted or {}
    prev_prints = finding_dict_prints(previous)
    cur_anchors = [anchor_of(f.rule_id, f.evidence, f.details) for f in current]
    matched: dict[int, int] = {}  # previous index → current index
    by_print = {f.fingerprint: j for j, f in enumerate(current)}
    for i, (fp, _anchor) in enumerate(prev_prints):
        if fp in by_print and by_print[fp] not in matched.values():
            matched[i] = by_print[fp]
    taken = set(matched.values())
    for i, (fp, anchor) in enumerate(prev_prints):
        if i in matched or fp in accepted:
            continue
        rule = previous[i].get("rule_id")
        scored = [(similarity(anchor, cur_anchors[j]), j) for j, f in enumerate(current)
                  if j not in taken and f.rule_id == rule and anchor and cur_anchors[j]]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= FUZZY_MIN_SIMILARITY:
            matched[i] = best[1]
            taken.add(best[1])
    items: list[RoundItem] = []
    seen_accepted: set[str] = set()
    for i, p in enumerate(previous):
        fp = prev_prints[i][0]
        base = dict(fingerprint=fp, rule_id=p.get("rule_id", ""), title=p.get("title", ""),
                    severity=p.get("severity", "info"), message=p.get("message", ""), evidence=p.get("evidence", ""))
        if fp in accepted:
            a = accepted[fp]
            items.append(RoundItem("accepted", **base, previous_location=_label(p.get("location")),
                                   reason=a.reason, by=a.by))
            seen_accepted.add(fp)
        elif i in matched:
            f = current[matched[i]]
            items.append(RoundItem("open", f.fingerprint, f.rule_id, f.title, f.severity, f.message, f.evidence,
                                   f.location.label() if f.location else "", _label(p.get("location"))))
        else:
            items.append(RoundItem("resolved", **base, previous_location=_label(p.get("location"))))
    for j, f in enumerate(current):
        if j not in taken:
            items.append(RoundItem("new", f.fingerprint, f.rule_id, f.title, f.severity, f.message, f.evidence,
                                   f.location.label() if f.location else ""))
    for f, a in current_accepted or []:
        if f.fingerprint not in seen_accepted:
            items.append(RoundItem("accepted", f.fingerprint, f.rule_id, f.title, f.severity, f.message, f.evidence,
                                   f.location.label() if f.location else "", reason=a.reason, by=a.by))
    return items


def compare_with_previous(result: Any, previous: Path, accepted: dict[str, Any] | None = None,
                          min_severity: str | None = None) -> RoundComparison | None:
    """The round comparison of ``result`` with the earlier round ``previous`` (see module doc)."""
    path = locate_previous(previous, Path(result.path), result.seg.meta.title)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        prev_findings = data["findings"]
        if not isinstance(prev_findings, list):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"Không đọc được kết quả lần trước (findings.json hỏng): {path}",
                         f"Cannot read the earlier findings.json: {path}") from exc
    document = data.get("document", {})
    comparison = RoundComparison(str(path), Path(document.get("path", "")).name, document.get("title", ""))
    # an earlier finding of a rule that no longer runs (disabled) or below this round's minimum severity is
    # out of scope: it would otherwise look "resolved"
    rules = {r.id for r in result.ruleset.rules}
    limit = SEVERITIES.index(min_severity) if min_severity in SEVERITIES else len(SEVERITIES)
    in_scope = [f for f in prev_findings if f.get("rule_id") in rules and f.get("severity", "info") in SEVERITIES
                and SEVERITIES.index(f.get("severity", "info")) <= limit]
    comparison.skipped = len(prev_findings) - len(in_scope)
    comparison.items = compare_findings(in_scope, result.findings, accepted, result.accepted)
    old = load_snapshot(path.parent)
    if old is None and document.get("path"):
        old = _snapshot_from_source(Path(document["path"]), result.ruleset)
    if old is None:
        comparison.redline_note = ("Không có bản lưu văn bản của lần rà soát trước (draft.snapshot.json) nên không "
                                   "lập được bảng so sánh thay đổi.")
    else:
        comparison.redline = build_redline(old, snapshot_of(result))
        comparison.old_snapshot = old
    return comparison


def write_round_outputs(result: Any, out_dir: Path) -> dict[str, Path]:
    """The redline of the revised draft as a Word document with tracked changes, when there is one."""
    comparison = result.round
    if comparison is None or comparison.old_snapshot is None:
        return {}

    path = out_dir / f"{Path(result.path).stem}.redline.docx"
    write_tracked_docx(comparison.old_snapshot, snapshot_of(result), path)
    return {"redline": path}


def round_summary(result: Any, previous: Path) -> str:
    """One line for the terminal: the round's counts, or why there is no comparison."""
    if result.round is None:
        return f"  (không tìm thấy dự thảo này trong lần rà soát trước {previous} / no earlier round of this draft)"
    c = result.round.counts()
    return (f"So với lần trước: đã tiếp thu {c['resolved']}, chưa tiếp thu {c['open']}, mới {c['new']}, "
            f"Hội đồng chấp nhận {c['accepted']}")
