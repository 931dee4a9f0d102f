"""What the Word (.docx) memo of round 2 says: "Tình hình tiếp thu ý kiến phản biện" at the top and the
appendix (changes v1 → v2 with inserted / deleted words marked, findings the council accepted), as values
for the tags of templates/memo.docx. The Markdown and HTML parts are templates/rounds.*.j2 and
templates/appendix.*.j2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.review.redline import DELETE, EQUAL, INSERT


def round_context(view: dict[str, Any]) -> dict[str, Any] | None:
    rnd = view.get("round")
    if not rnd:
        return None
    line = (f"So với lần rà soát trước ({rnd.previous_file or rnd.previous}): {len(rnd.resolved)} ý kiến đã tiếp thu, "
            f"{len(rnd.still_open)} chưa tiếp thu, {len(rnd.new)} phát hiện mới"
            + (f", {len(rnd.accepted)} được Hội đồng chấp nhận (Phụ lục)." if rnd.accepted else "."))
    rows = []
    for i in rnd.resolved + rnd.still_open + rnd.new:
        where = i.location or i.previous_location or "toàn văn bản"
        if i.status == "open" and i.previous_location and i.previous_location != i.location:
            where += f" (lần trước: {i.previous_location})"
        rows.append([i.status_label, i.rule_id, i.message, where])
    redline_line = ""
    if rnd.redline:
        c = rnd.redline.counts()
        redline_line = (f"Dự thảo sửa đổi so với lần trước: {c['added']} đoạn thêm, {c['removed']} đoạn bỏ, "
                        f"{c['changed']} đoạn sửa; nhiệm vụ: {c['tasks_added']} thêm, {c['tasks_removed']} bỏ, "
                        f"{c['tasks_changed']} thay đổi (chi tiết tại Phụ lục).")
    elif rnd.redline_note:
        redline_line = rnd.redline_note
    counts = [["Đã tiếp thu", len(rnd.resolved)], ["Chưa tiếp thu", len(rnd.still_open)], ["Mới", len(rnd.new)],
              ["Hội đồng chấp nhận", len(rnd.accepted)]]
    return {"line": line, "counts": counts, "rows": rows, "redline_line": redline_line}


def _marked(rich, op: int, text: str) -> None:
    # docxtpl writes ``highlight`` as a cell shading fill, which takes a hex colour (a name prints black)
    if op == INSERT:
        rich.add(text, underline=True, highlight="C6EFCE")  # light green
    elif op == DELETE:
        rich.add(text, strike=True, highlight="F8D7DA")  # light red
    else:
        rich.add(text)


def _change(ch):
    from docxtpl import RichText

    rich = RichText()
    if ch.kind == "added":
        rich.add("Thêm: ")
        _marked(rich, INSERT, ch.new)
    elif ch.kind == "removed":
        rich.add("Bỏ: ")
        _marked(rich, DELETE, ch.old)
    else:
        rich.add("Sửa: ")
        for op, text in ch.pieces:
            _marked(rich, EQUAL if op == EQUAL else op, text)
    return rich


def appendix_context(view: dict[str, Any]) -> dict[str, Any] | None:
    rnd = view.get("round")
    accepted = view.get("accepted") or []
    round_accepted = [i for i in (rnd.accepted if rnd else [])
                      if i.fingerprint not in {a["finding"].fingerprint for a in accepted}]
    if not ((rnd and rnd.redline) or accepted or round_accepted):
        return None
    out: dict[str, Any] = {"redline": bool(rnd and rnd.redline), "accepted": []}
    n = 1
    if rnd and rnd.redline:
        labels = {"added": "Thêm", "removed": "Bỏ", "changed": "Thay đổi"}
        out.update({
            "redline_heading": f"Phụ lục {n}. Những thay đổi so với dự thảo trước",
            "redline_file": f"{Path(view['file']).stem}.redline.docx",
            "sections": [{"line": f"{s.title} — thêm {s.count('added')}, bỏ {s.count('removed')}, "
                                  f"sửa {s.count('changed')}", "changes": [_change(ch) for ch in s.changes]}
                         for s in rnd.redline.sections],
            "tasks": [[labels[t.kind], t.task, "\n".join(t.field_lines())] for t in rnd.redline.tasks],
            "empty": rnd.redline.empty,
        })
        n += 1
    if accepted or round_accepted:
        out["accepted_heading"] = f"Phụ lục {n}. Phát hiện Hội đồng đã chấp nhận (không nêu lại)"
        out["accepted"] = [[a["finding"].fingerprint, f"[{a['finding'].rule_id}] {a['finding'].message}",
                            a["accepted"].reason, f"{a['accepted'].by} {a['accepted'].date}".strip()]
                           for a in accepted]
        out["accepted"] += [[i.fingerprint, f"[{i.rule_id}] {i.message}", i.reason, i.by] for i in round_accepted]
    return out
