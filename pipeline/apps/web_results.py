"""A review's results as the page shows them, read from the files the review wrote (findings.json): the
summary, the findings with their severity, area and place, the round against the earlier draft, what the
result says of the plan above, and the downloads with their names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.core.model import SEVERITIES, SEVERITY_LABELS
from pipeline.review.rounds import STATUS_LABELS

SEVERITY_EN = {"high": "high", "medium": "medium", "low": "low", "info": "information"}
STATUS_EN = {"resolved": "taken up", "open": "still open", "new": "new", "accepted": "accepted by the council"}
DOWNLOADS = {"memo.docx": "Báo cáo phản biện (.docx) / Review memo",
             "annotated": "Dự thảo có chú thích / Annotated draft",
             "redline": "So sánh với dự thảo trước (.docx, theo dõi thay đổi) / Redline",
             "memo.html": "Báo cáo (.html) / Memo (.html)", "memo.md": "memo.md",
             "findings.json": "findings.json", "tasks.xlsx": "Bảng nhiệm vụ (.xlsx) / Task table",
             "tasks.csv": "tasks.csv", "summary.csv": "Bảng tổng hợp (.csv) / Summary table",
             "summary.html": "Bảng tổng hợp (.html) / Summary page",
             "similarity.html": "Bản đồ nhiệt trùng lặp / Similarity heat map",
             "shared_passages.csv": "Đoạn trùng nhau (.csv) / Shared passages",
             "bao-cao-tong-hop.docx": "Báo cáo tổng hợp ý kiến phản biện (.docx) / Consolidated report",
             "bao-cao-tong-hop.html": "Báo cáo tổng hợp (.html) / Consolidated report (.html)",
             "bao-cao-tong-hop.md": "bao-cao-tong-hop.md"}
REDLINE_LABELS = {"added": "đoạn thêm / paragraphs added", "removed": "đoạn bỏ / removed",
                  "changed": "đoạn sửa / changed", "tasks_added": "nhiệm vụ thêm / tasks added",
                  "tasks_removed": "nhiệm vụ bỏ / tasks removed", "tasks_changed": "nhiệm vụ thay đổi / tasks changed"}
HIDDEN = {"draft.snapshot.json"}  # read by the next round and by merge, not a download


# the plan above's comparison (findings.json "parent", analyse/parent_plan.py) as the page names its counts
PARENT_COUNTS = (("assigned", "việc được giao / assigned"), ("taken_up", "đã cụ thể hóa / taken up"),
                 ("not_taken_up", "chưa cụ thể hóa / not taken up"), ("targets", "chỉ tiêu đối chiếu / targets"),
                 ("targets_lower", "thấp hơn / lower"), ("targets_later", "muộn hơn / later"),
                 ("targets_missing", "chưa có / missing"))


def download_list(outputs: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, file, label) of every output, the known ones first in their order."""
    known = [(k, outputs[k], label) for k, label in DOWNLOADS.items() if k in outputs]
    rest = [(k, f, ("Phụ lục có chú thích / Annotated appendix: " if ".annotated." in f else "") + Path(f).name)
            for k, f in sorted(outputs.items()) if k not in DOWNLOADS and Path(f).name not in HIDDEN]
    return known + rest


def review_outputs(paths: dict[str, Path], out: Path) -> dict[str, str]:
    """write_outputs' paths as the job's outputs: key → file relative to ``out``."""
    return {(key if key in ("annotated", "redline") else p.name): p.relative_to(out).as_posix()
            for key, p in paths.items()}


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    loc = f.get("location") or {}
    return {"rule_id": f.get("rule_id", ""), "title": f.get("title", ""), "message": f.get("message", ""),
            "severity": f.get("severity", "info"), "severity_label": SEVERITY_LABELS.get(f.get("severity", ""), ""),
            "area": f.get("area", ""), "place": loc.get("label", "") or "toàn văn bản / whole document",
            "paragraph": loc.get("paragraph"), "evidence": f.get("evidence", ""),
            "suggestion": f.get("suggestion", ""), "fingerprint": f.get("fingerprint", "")}


def review_view(out: Path) -> dict[str, Any] | None:
    """What the page shows of the review written in ``out``; None when there is no readable findings.json."""
    try:
        data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    findings = [_finding(f) for f in data.get("findings", [])]
    summary = data.get("summary", {})
    areas = list(dict.fromkeys([*summary.get("scores", {}), *(f["area"] for f in findings)]))
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
    document = data.get("document", {})
    view: dict[str, Any] = {
        "title": document.get("title", ""), "file": Path(document.get("path", "")).name,
        "files": document.get("files", []), "score": summary.get("overall_score"),
        "band": (summary.get("score") or {}).get("band", ""), "not_a_plan": summary.get("not_a_plan", ""),
        "scores": summary.get("scores", {}), "not_checked": summary.get("not_checked", {}),
        "findings": findings, "areas": [a for a in areas if a],
        "severities": [(s, SEVERITY_LABELS[s], SEVERITY_EN[s], counts[s]) for s in SEVERITIES],
        "round": None, "parent": data.get("parent"),
    }
    if data.get("parent"):
        c = data["parent"].get("counts", {})
        view["parent_counts"] = [(label, c.get(key, 0)) for key, label in PARENT_COUNTS]
    if data.get("round"):
        r = data["round"]
        items = r.get("items", [])
        view["round"] = {
            "previous_file": r.get("previous_file", ""), "counts": r.get("counts", {}),
            "redline": [(REDLINE_LABELS.get(k, k), v) for k, v in (r.get("redline") or {}).items()],
            "groups": [(s, STATUS_LABELS[s], STATUS_EN[s], [i for i in items if i.get("status") == s])
                       for s in STATUS_LABELS]}
    return view
