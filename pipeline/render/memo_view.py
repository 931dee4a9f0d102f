"""The view model of a memo: everything the memo says, prepared once from a ReviewResult for every format
(memo.md / memo.html templates, memo.docx, the task table)."""

from __future__ import annotations

import datetime as dt
import os
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.analyse.kb import STATUS_SYMBOL
from pipeline.analyse.plan_profile import describe as describe_plan
from pipeline.core.model import SEVERITIES, SEVERITY_LABELS
from pipeline.core.numbers import format_vnd
from pipeline.corpus.duplicates import align, pieces_html, pieces_markdown
from pipeline.render.parent_memo import parent_memo_view
from pipeline.render.target_memo import target_memo_view
from pipeline.review.reviewer import ReviewResult

if TYPE_CHECKING:
    from pipeline.ingest.ocr import OcrSummary

MISSING_LABELS = {"owner": "cơ quan chủ trì", "time": "thời gian", "budget": "kinh phí", "source": "nguồn vốn"}
PILLAR_LABELS = {"chinh_quyen_so": "Chính quyền số", "kinh_te_so": "Kinh tế số", "xa_hoi_so": "Xã hội số"}
MEMO_LIST_CAP = 50  # a memo lists at most this many findings per rule ("và N trường hợp khác"); all in findings.json


def _kb_lookup(result: ReviewResult) -> dict[str, dict[str, Any]]:
    return {str(e["key"]).lower(): e for e in result.ruleset.legal_bases}


def own_identity(meta: Any) -> str:
    """The plan's own number and date as the memo shows them ("186/KH-UBND, ngày 12/03/2026")."""
    number = meta.own_number or "không ghi số"
    if meta.issued_on:
        d = dt.date.fromisoformat(meta.issued_on)
        return f"{number}, ngày {d.day:02d}/{d.month:02d}/{d.year}"
    return f"{number}, không ghi ngày" + (f" (năm {meta.plan_year})" if meta.plan_year else "")


ROLE_LABELS = {"plan": "kế hoạch", "decision": "quyết định ban hành", "appendix": "phụ lục"}


def submission_files(result: ReviewResult) -> str:
    """"ke-hoach.docx (kế hoạch); phu-luc.xlsx (Phụ lục I — DANH MỤC …; 2 bảng)" for a submission of several
    files, with the appendices it refers to but does not hold; "" for a one-file draft."""
    parts = []
    for part in result.seg.doc.parts:
        what = part.label or ROLE_LABELS.get(part.role, part.role)
        if part.title:
            what += f" — {part.title[:60]}"
        parts.append(f"{part.name} ({what}; {len(part.tables)} bảng)")
    missing = sorted({r.label for r in result.seg.appendix_refs if r.missing and r.number is not None})
    if parts and missing:
        parts.append(f"dẫn chiếu nhưng không có: {', '.join(missing)}")
    return "; ".join(parts)


def rules_label(ruleset: Any) -> str:
    """The rule set as a reader names it: "ngày 07/12/2026, 44 quy tắc" (its hash is in findings.json)."""
    count = f"{len(ruleset.rules)} quy tắc"
    if not ruleset.date:
        return count
    d = dt.date.fromisoformat(ruleset.date)
    return f"ngày {d.day:02d}/{d.month:02d}/{d.year}, {count}"


def memo_view(result: ReviewResult) -> dict[str, Any]:
    """Everything the memo templates show, prepared once for all output formats."""
    meta = result.seg.meta
    kb = _kb_lookup(result)
    rule_order = [r.id for r in result.ruleset.rules]
    by_rule = []
    points = dict(result.score.deductions) if result.score else {}
    for rule_id, items in groupby(sorted(result.findings, key=lambda f: rule_order.index(f.rule_id)
                                         if f.rule_id in rule_order else 999),
                                  key=lambda f: f.rule_id):
        items = list(items)
        by_rule.append({"rule_id": rule_id, "title": items[0].title, "area": items[0].area,
                        "severity": SEVERITY_LABELS[items[0].severity], "severity_key": items[0].severity,
                        "findings": items, "shown": items[:MEMO_LIST_CAP],
                        "more": max(0, len(items) - MEMO_LIST_CAP), "points": points.get(rule_id, 0)})
    citations = []
    for _, items in groupby(sorted(result.citations, key=lambda c: (c.kb_key or c.key).lower()),
                            key=lambda c: (c.kb_key or c.key).lower()):
        items = list(items)
        first = items[0]
        entry = kb.get((first.kb_key or first.key).lower())
        status = next((s for s in ("contradiction", "unknown", "ok") if any(c.kb_status == s for c in items)), "")
        notes = list(dict.fromkeys([c.kb_note for c in items if c.kb_note] + [c.currency for c in items if c.currency]
                                   + [p for c in items for p in c.problems]))
        if status == "unknown":
            notes.append("văn bản trung ương chưa có trong cơ sở dữ liệu — cần bổ sung" if first.scope == "national"
                         else "chưa có trong cơ sở dữ liệu — kiểm tra thủ công")
        citations.append({
            "key": first.kb_key or first.key, "kind": first.kind,
            "date": next((c.date_text.replace("ngày ", "") for c in items if c.date_text), "")
            or (entry or {}).get("date", ""),
            "issuer": next((c.issuer for c in items if c.issuer), "") or (entry or {}).get("issuer", ""),
            "title": next((c.title for c in items if c.title), "") or (entry or {}).get("title", ""),
            "locations": "; ".join(dict.fromkeys(c.location.label() for c in items)),
            "status": status, "symbol": STATUS_SYMBOL.get(status, ""), "note": "; ".join(notes),
        })
    basis_checks = {"citation_required", "provincial_basis", "kb_expected", "expected_bases"}
    basis_rules = {r.id for r in result.ruleset.rules if r.check in basis_checks}
    missing_bases = [f for f in result.findings if f.rule_id in basis_rules]
    tasks = [{"task": t, "missing": ", ".join(MISSING_LABELS[m] for m in t.missing),
              "pillar": PILLAR_LABELS.get(t.pillar, ""), "owners": "; ".join(t.owners) or t.owner,
              "partners": "; ".join(t.partner_units), "budget": format_vnd(t.budget_vnd) or t.budget_text,
              "sources": ", ".join(t.sources) or t.source} for t in result.tasks.tasks]
    severity_counts = result.count_by_severity()
    view = {
        "title": meta.title or Path(result.path).stem,
        "file": os.path.basename(result.path),
        "meta": meta,
        "own_identity": own_identity(meta),
        "profile": describe_plan(meta),  # level, unit, province, era, horizon (plan_profile.py)
        "format": result.seg.doc.source_format,
        "submission": submission_files(result),
        "generated": dt.date.today().strftime("%d/%m/%Y"),
        "rules_version": rules_label(result.ruleset),  # the hash stays in findings.json
        "scores": [{"area": a, "score": s, "count": sum(1 for f in result.findings if f.area == a),
                    "points": (result.score.areas.get(a, 0) if result.score else 100 - s)}
                   for a, s in result.scores.items()],
        "not_checked": dict(result.score.not_checked) if result.score else {},  # area → why it did not run
        "overall": result.overall_score,
        "severity_counts": [{"key": k, "label": SEVERITY_LABELS[k], "count": v} for k, v in severity_counts.items()],
        "by_rule": by_rule,
        "findings": result.findings,
        "duplicates": [_duplicate_view(d) for d in result.duplicates],
        "citations": citations,
        "missing_bases": missing_bases,
        "tasks": tasks,
        "task_total": result.tasks.table_total_vnd,
        "task_sum": result.tasks.sum_vnd or None,
        "stated_total": result.tasks.stated_total_vnd,
        "tasks_without_amount": sum(1 for t in result.tasks.tasks if t.budget_vnd is None),
        "targets": result.targets,
        "sections": result.seg.sections,
        "n_tables": len(result.seg.doc.tables),
    }
    view["budget_line"] = budget_summary(view) if view["task_sum"] else ""
    view.update(target_memo_view(result))
    view.update(parent_memo_view(result))
    area_of = {r.id: r.area for r in result.ruleset.rules}
    # "Nhận xét theo từng nội dung": rule groups by memo section (rules/00-memo.yaml)
    memo_sections = result.ruleset.memo_sections or [{"key": "nhiem_vu", "title": "Nhận xét"}]
    for section in memo_sections:
        section_groups = [g for g in by_rule if result.ruleset.memo_section_of(g["rule_id"]) == section["key"]]
        section_findings = [f for g in section_groups for f in g["findings"]]
        areas = {area_of[r] for r in area_of if result.ruleset.memo_section_of(r) == section["key"]}
        # every rule of the section did not run (no corpus, no plan above): "not checked", never "nothing found"
        not_checked = "; ".join(view["not_checked"][a] for a in sorted(areas)) if areas and all(
            a in view["not_checked"] for a in areas) else ""
        view.setdefault("memo_sections", []).append({
            "not_checked": not_checked,
            "key": section["key"], "title": section["title"], "groups": section_groups,
            "count": len(section_findings),
            "worst": min((SEVERITIES.index(f.severity) for f in section_findings), default=len(SEVERITIES)),
        })
    # "Kiến nghị": one recommendation per rule with a high or medium finding, most severe first
    recommendations = []
    for g in sorted(by_rule, key=lambda g: SEVERITIES.index(g["severity_key"])):
        if g["severity_key"] in ("high", "medium"):
            suggestion = g["findings"][0].suggestion
            more = f" ({len(g['findings'])} vị trí)" if len(g["findings"]) > 1 else ""
            recommendations.append(f"{g['title']}{more}: {suggestion}")
    view["recommendations"] = recommendations
    view["strong_areas"] = [s["area"] for s in view["scores"] if s["count"] == 0]  # nothing found there
    view["weak_areas"] = [s["area"] for s in sorted(view["scores"], key=lambda s: s["score"]) if s["score"] < 80]
    dup_area = next((r.area for r in result.ruleset.rules if r.check == "duplicate_content"), None)
    view["duplicates_not_checked"] = view["not_checked"].get(dup_area, "")  # why the duplicate search did not run
    if not view["is_plan"]:  # not scored: no area is "up to standard", the one recommendation is the verdict
        view["strong_areas"], view["weak_areas"] = [], []
        view["recommendations"] = [f"{view['not_a_plan']} ({'; '.join(view['not_a_plan_reasons'])}): đề nghị gửi "
                                   "đúng tệp dự thảo đề án/kế hoạch (căn cứ, hiện trạng, mục tiêu, nhiệm vụ, kinh phí, "
                                   "tổ chức thực hiện) để Hội đồng phản biện."]
    view["blocks"] = [b for b in result.seg.doc.blocks]
    view["annotated"] = result.seg.doc.source_format in ("docx", "pdf", "image")
    view["input_note"] = input_note(result.seg.doc)
    view["revision_note"] = revision_note(result.seg.doc)
    view["council"] = result.council  # planreview.toml [council]: letterhead, number, signature (memo.docx)
    view["round"] = result.round  # rounds.py: "Tình hình tiếp thu ý kiến phản biện" and the redline appendix
    view["accepted"] = [{"finding": f, "accepted": a} for f, a in result.accepted]
    view["round_marks"] = ({i.fingerprint: "mới" if i.status == "new" else "chưa tiếp thu" for i in result.round.items
                            if i.status in ("new", "open")} if result.round else {})
    return view


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def input_note(doc) -> str:
    """One line for the memo: which pages were recognised from images and how well, or which
    converter read the file ("" for a draft read directly)."""
    parts = [doc.format_note] if getattr(doc, "format_note", "") else []
    if getattr(doc, "converted_path", ""):
        parts.append(f"chuyển từ {Path(doc.path).suffix.lower()} sang .docx bằng LibreOffice trước khi rà soát")
    summary_: OcrSummary | None = getattr(doc, "ocr", None)  # (ingest/ocr.py)
    if summary_ is not None and summary_.pages:
        total = doc.pages or len(summary_.pages)
        what = "toàn bộ" if len(summary_.pages) == total else f"{len(summary_.pages)}/{total}"
        per_page = "; ".join(f"tr. {p['page']}: {_percent(p['confidence'])}" for p in summary_.pages[:12])
        more = "; …" if len(summary_.pages) > 12 else ""
        text = (f"{what} trang là ảnh quét/chụp (trang {summary_.page_list()}), nhận dạng bằng {summary_.engine}; "
                f"độ tin cậy trung bình {_percent(summary_.mean_confidence)} ({per_page}{more})")
        fixes = [f"trang {p['page']} xoay {p['rotated']}°" for p in summary_.pages if p.get("rotated")]
        fixes += [f"trang {p['page']} nắn phối cảnh" for p in summary_.pages if p.get("flattened")]
        if any(p.get("stamp_removed") for p in summary_.pages):
            fixes.append("đã lọc dấu đỏ")
        if fixes:
            text += "; " + ", ".join(fixes)
        if summary_.uncertain:
            text += (f"; {len(summary_.uncertain)} số/ngày đọc với độ tin cậy thấp — phát hiện nào dựa trên chúng đều "
                     f"có ghi chú “Lưu ý OCR”, cần đối chiếu bản giấy")
        parts.append(text)
    return "; ".join(parts)


def revision_note(doc) -> str:
    """One line for the memo's general information: the tracked changes a .docx still carries (reviewed as if
    accepted) and the comments already in it (kept in the annotated copy); "" when it carries neither."""
    parts = []
    if doc.changes:
        parts.append(f"dự thảo còn {doc.changes} thay đổi chưa được chấp nhận (track changes) — đã rà soát như khi "
                     f"chấp nhận tất cả")
    if doc.comments:
        parts.append(f"{doc.comments} ý kiến (comment) có sẵn trong tệp, giữ nguyên trong bản có chú thích")
    return "; ".join(parts)


def _duplicate_view(match) -> dict[str, Any]:
    """A duplicate with its word alignment, computed once and rendered for each memo format."""
    pieces = align(match.draft_text, match.source_text)
    return {"match": match, "pieces": pieces, "html": tuple(pieces_html(p) for p in pieces),
            "md": tuple(pieces_markdown(p) for p in pieces)}


def budget_summary(view: dict[str, Any]) -> str:
    parts = [f"Tổng kinh phí các nhiệm vụ: {format_vnd(view['task_sum'])}"]
    if view["task_total"]:
        parts.append(f"dòng Tổng cộng của bảng: {format_vnd(view['task_total'])}")
    if view["stated_total"]:
        parts.append(f"tổng kinh phí nêu tại phần Kinh phí: {format_vnd(view['stated_total'])}")
    if view["tasks_without_amount"]:
        parts.append(f"{view['tasks_without_amount']} nhiệm vụ chưa có kinh phí")
    return "; ".join(parts) + "."
