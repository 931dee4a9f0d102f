"""What the memo shows of the plan above (``--parent``; issue 34): section "Việc cụ thể hóa kế hoạch cấp trên" —
each assignment of the parent with the draft task carrying it out (or "chưa cụ thể hóa") and the match score,
each commune-level target of the parent beside the draft's, with counts (all memo formats)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.analyse.parent_plan import ROLE_LABELS

if TYPE_CHECKING:
    from pipeline.review.reviewer import ReviewResult

TASK_STATUS = {"taken_up": "đã cụ thể hóa", "not_taken_up": "chưa cụ thể hóa"}
TARGET_STATUS = {"ok": "đạt mức cấp trên", "lower": "thấp hơn", "later": "muộn hơn",
                 "lower_later": "thấp hơn, muộn hơn", "missing": "chưa có"}


def _target(value: float | None, year: int | None) -> str:
    return f"{value:g}%" + (f" năm {year}" if year else "") if value is not None else "—"


def parent_memo_view(result: ReviewResult) -> dict[str, Any]:
    """``parent`` (None without a plan above): its label, how it was chosen, the rows and counts."""
    comparison = result.parent
    if comparison is None:
        return {"parent": None}
    p = comparison.parent
    c = comparison.counts()
    tasks = [{"no": pair.assignment.number, "parent": pair.assignment.task.text,
              "role": ROLE_LABELS[pair.assignment.role], "draft": pair.draft.text if pair.draft else "—",
              "status": TASK_STATUS[pair.status], "taken": pair.draft is not None,
              "score": f"{pair.score:.2f}" if pair.draft is not None else "—",
              "where": pair.draft.location.label() if pair.draft is not None else ""} for pair in comparison.tasks]
    targets = [{"parent": pair.parent.indicator, "parent_value": _target(pair.parent.value, pair.parent.deadline),
                "draft": pair.draft.indicator if pair.draft else "—",
                "draft_value": _target(pair.draft.value, pair.draft.deadline) if pair.draft else "—",
                "status": TARGET_STATUS[pair.status], "ok": pair.status == "ok"} for pair in comparison.targets]
    chosen = ("dự thảo trích dẫn kế hoạch này; công cụ tự chọn trong kho đề án" if p.chosen == "cited"
              else "do người rà soát chỉ định (--parent)")
    named = "; ".join(dict.fromkeys(a.assignment.by for a in comparison.tasks))
    line = (f"Đối chiếu với {p.label()} ({chosen}). Kế hoạch cấp trên giao {c['assigned']} nhiệm vụ cho cấp của dự "
            f"thảo{f' (ghi là: {named})' if named else ''}: dự thảo "
            f"đã cụ thể hóa {c['taken_up']}, chưa cụ thể hóa {c['not_taken_up']}. Chỉ tiêu cấp trên đặt cho cấp này: "
            f"{c['targets']} — đạt {c['targets_ok']}, thấp hơn {c['targets_lower'] + c['targets_lower_later']}, "
            f"muộn hơn {c['targets_later'] + c['targets_lower_later']}, chưa có {c['targets_missing']}.")
    return {"parent": {"label": p.label(), "chosen": p.chosen, "line": line, "counts": c, "tasks": tasks,
                       "targets": targets, "threshold": f"{comparison.threshold:.2f}"}}
