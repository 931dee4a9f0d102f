"""What the memo shows about targets and the score: the draft target | reference | gap table, the status
coverage lines, the score's one-line explanation and the not-a-plan verdict (all memo formats)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.review.scoring import NOT_A_PLAN

if TYPE_CHECKING:
    from pipeline.review.reviewer import ReviewResult


def _gap(match) -> str:
    if match.same_year is not None:
        gap = match.target.value - match.same_year.value
        return "bằng mức cấp trên" if gap == 0 else f"{gap:+g} điểm %"
    if match.earlier is not None:
        e = match.earlier
        late = " — muộn hơn mốc" if match.target.value <= e.value else ""
        return f"mốc năm {e.year} khác năm {match.target.deadline}{late}"
    if match.reference is not None:
        return f"cấp trên chưa đặt mức cho năm {match.target.deadline}"
    return "—"


def target_memo_view(result: ReviewResult) -> dict[str, Any]:
    review = result.target_review
    rows = []
    for m in review.matches if review else []:
        t = m.target
        ref = m.same_year or m.earlier
        rows.append({
            "draft": f"{t.indicator}: {t.qualifier + ' ' if t.qualifier else ''}{t.value:g}%"
                     + (f" năm {t.deadline}" if t.deadline else ""),
            "reference": ref.label() if ref else (f"{m.reference.indicator} (chưa có mức cho năm {t.deadline})"
                                                 if m.reference else "chưa đối chiếu được"),
            "reference_indicator": m.reference.indicator if m.reference else "",
            "checked": ref.checked_url if ref else "",
            "gap": _gap(m),
            "matched": m.reference is not None,
            "paragraph": t.location.paragraph,
        })
    coverage = [{"name": c.name, "percent": c.percent, "covered": len(c.covered),
                 "total": len(c.covered) + len(c.missing), "missing": ", ".join(c.missing)}
                for c in (review.coverage if review else [])]
    shape = result.shape
    return {
        "target_rows": rows,
        "unmatched_count": sum(1 for r in rows if not r["matched"]),
        "key_missing": [f"{r.indicator} ({r.label()})" for r in (review.key_missing if review else [])],
        "coverage": coverage,
        "is_plan": result.is_plan,
        "not_a_plan": NOT_A_PLAN,
        "not_a_plan_reasons": shape.reasons if shape else [],
        "score_line": result.score.line if result.score else "",
        "score_band": result.score.band if result.score else "",
    }
