"""The score of a draft and of each of its areas from one arithmetic, the one line that shows it, and the
verdict that a document is no plan at all (then it is not scored).

Each rule that fired deducts whole points; an area's score is 100 minus its rules' points, the overall
score 100 minus every area's points, and the verdict is the band the overall score falls in — so the memo's
area table adds up to its overall score. Weights are data (rules/00-scoring.yaml): a penalty per severity,
heavier penalties for what reviewers weigh most (a missing pillar, the national programme not cited, no
status analysis), and a reduced penalty for every further finding of the same rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.analyse.segment import Segmented
from pipeline.core import yaml_io
from pipeline.core.model import Finding
from pipeline.rules.loader import DEFAULT_RULES_DIR

NOT_A_PLAN = "Tài liệu không có cấu trúc của một đề án/kế hoạch"
_DEFAULTS: dict[str, Any] = {
    "overall": {"penalties": {"high": 24, "medium": 12, "low": 5, "info": 0}, "repeat": 0.25,
                "rule_penalties": {}, "implied_by": {}, "bands": [{"min": 80, "label": "Đạt yêu cầu"},
                                                {"min": 50, "label": "Cần hoàn thiện"},
                                                {"min": 0, "label": "Chưa đạt yêu cầu"}]},
    "not_a_plan": {"min_words": 200, "min_vietnamese": 0.3, "max_undecodable": 0.05, "min_sections": 2},
}
_VIETNAMESE_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_VIETNAMESE_MARKED = _VIETNAMESE_LETTERS - set("abcdefghijklmnopqrstuvwxyz")
_WORD = re.compile(r"[^\W\d_]+")


def load_scoring(dirs: list[Path] | None = None) -> dict[str, Any]:
    """The ``scoring:`` settings of the rules folders merged over the defaults."""
    config = {k: dict(v) for k, v in _DEFAULTS.items()}
    for folder in dirs or [DEFAULT_RULES_DIR]:
        for path in sorted(Path(folder).glob("*.yaml")):
            data = yaml_io.safe_load(path.read_text(encoding="utf-8")) or {}
            scoring = data.get("scoring") if isinstance(data, dict) else None
            for key in ("overall", "not_a_plan"):
                if isinstance(scoring, dict) and isinstance(scoring.get(key), dict):
                    config[key].update(scoring[key])
    return config


@dataclass
class Score:
    value: int | None  # None: not scored (not a plan)
    band: str = ""
    line: str = ""  # the one-line arithmetic shown in the memo
    deductions: list[tuple[str, int]] = field(default_factory=list)  # (rule id, points) largest first
    areas: dict[str, int] = field(default_factory=dict)  # area → points deducted (its rules' deductions)
    scale: str = ""  # the bands in words ("≥ 80 Đạt yêu cầu; 50–79 …")
    not_checked: dict[str, str] = field(default_factory=dict)  # area → why its checks did not run (no score)

    @property
    def area_scores(self) -> dict[str, int]:
        """Each area's score: 100 minus the deductions of its rules (the same points as the overall score)."""
        return {area: max(0, 100 - points) for area, points in self.areas.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "band": self.band, "explanation": self.line,
                "deductions": [{"rule_id": r, "points": p} for r, p in self.deductions],
                "area_deductions": dict(self.areas), "not_checked": dict(self.not_checked)}


def _round(points: float) -> int:
    return int(points + 0.5)  # half up: 1.5 → 2, as a reader rounds


def rule_deductions(findings: list[Finding], config: dict[str, Any]) -> list[tuple[str, int]]:
    """Each rule's points: its first finding's penalty plus ``repeat`` × that of each further one (none for a
    rule whose cause, named under ``implied_by``, fired too), rounded to whole points; largest first."""
    cfg = config["overall"]
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    deductions = []
    implied = cfg.get("implied_by") or {}
    for rule_id, items in by_rule.items():
        if any(cause in by_rule for cause in implied.get(rule_id, ())):
            continue  # a consequence of a finding already counted
        special = cfg.get("rule_penalties", {}).get(rule_id, {})
        points = sorted((float(special.get(f.severity, cfg["penalties"].get(f.severity, 0))) for f in items),
                        reverse=True)
        total = _round(points[0] + cfg.get("repeat", 0.25) * sum(points[1:]))
        if total > 0:
            deductions.append((rule_id, total))
    deductions.sort(key=lambda d: (-d[1], d[0]))
    return deductions


def overall_score(findings: list[Finding], config: dict[str, Any], areas: list[str] | None = None,
                  scored: bool = True, not_checked: dict[str, str] | None = None) -> Score:
    """One arithmetic for every figure: each rule's deduction (:func:`rule_deductions`) counts in its area;
    an area scores 100 minus its rules' points, the draft 100 minus all of them (never below 0); the band
    of the overall score is the verdict. ``scored`` False (not a plan): the areas only, no overall value.
    ``not_checked``: areas whose checks did not run (area → why) — no area score, named in the line."""
    cfg = config["overall"]
    skipped = dict(not_checked or {})
    deductions = rule_deductions(findings, config)
    area_of = {f.rule_id: f.area for f in findings}
    by_area = dict.fromkeys([a for a in areas or [] if a not in skipped], 0)
    for rule_id, points in deductions:
        area = area_of.get(rule_id, "")
        by_area[area] = by_area.get(area, 0) + points
    bands = sorted(cfg["bands"], key=lambda b: -b["min"])
    scale = band_scale(bands)
    if not scored:
        return Score(None, deductions=deductions, areas=by_area, scale=scale, not_checked=skipped)
    value = max(0, 100 - sum(by_area.values()))
    band = next((b["label"] for b in bands if value >= b["min"]), "")
    line = explain(value, band, by_area, scale)
    if skipped:
        line += " Chưa kiểm tra, không tính vào điểm: " + "; ".join(f"{a} ({why})" for a, why in skipped.items()) + "."
    return Score(value, band, line, deductions, by_area, scale, skipped)


def band_scale(bands: list[dict[str, Any]]) -> str:
    """``≥ 80 Đạt yêu cầu; 50–79 Cần hoàn thiện; < 50 Chưa đạt yêu cầu`` (bands highest first)."""
    parts = []
    for i, b in enumerate(bands):
        low = int(b["min"])
        if i == 0:
            parts.append(f"từ {low} trở lên: {b['label']}")
        elif low == 0 or i == len(bands) - 1:
            parts.append(f"dưới {int(bands[i - 1]['min'])}: {b['label']}")
        else:
            parts.append(f"{low}–{int(bands[i - 1]['min']) - 1}: {b['label']}")
    return "; ".join(parts)


def explain(value: int, band: str, by_area: dict[str, int], scale: str) -> str:
    """``Điểm = 100 − 4 (Căn cứ pháp lý) − 26 (Nhiệm vụ và kinh phí) = 70/100 → Cần hoàn thiện (thang: …).``"""
    terms = [f"− {p} ({a})" for a, p in by_area.items() if p]
    total = 100 - sum(by_area.values())
    sums = "100 " + " ".join(terms) if terms else "100 (không có điểm trừ)"
    floor = f" = {total} → {value}" if total != value else f" = {value}"
    return f"Điểm = {sums}{floor}/100 → {band} (thang: {scale})."


# --------------------------------------------------------------------------- is it a plan at all?


@dataclass
class PlanShape:
    is_plan: bool
    reasons: list[str]  # Vietnamese, one per failed test (empty for a plan)
    words: int = 0
    vietnamese: float = 0.0
    undecodable: float = 0.0
    sections: int = 0

    def verdict(self) -> str:
        return f"{NOT_A_PLAN}: " + "; ".join(self.reasons) + "." if self.reasons else ""

    def to_dict(self) -> dict[str, Any]:
        return {"is_plan": self.is_plan, "reasons": self.reasons, "words": self.words,
                "vietnamese_share": round(self.vietnamese, 3), "undecodable_share": round(self.undecodable, 3),
                "sections": self.sections}


def _undecodable_share(text: str) -> float:
    """Characters that are neither a Vietnamese letter, a digit, white space nor common punctuation:
    what UTF-8 read as Windows-1252 ("Ä‘", "á»") or legacy-font text ("Chu¬ng") leaves behind.
    (Each distinct character is judged once: a long draft has a few hundred.)"""
    counts = Counter(text)
    total = sum(n for c, n in counts.items() if not c.isspace())
    if not total:
        return 0.0
    bad = sum(n for c, n in counts.items() if not c.isspace() and not _decodable_char(c))
    return bad / total


def _decodable_char(c: str) -> bool:
    if c.lower() in _VIETNAMESE_LETTERS or c.isdigit() or (c.isascii() and not c.isalpha()):
        return True
    return unicodedata.category(c)[0] in "PS" and c in "–—“”‘’…•°×≤≥±§№€"


_TONES = set("\u0300\u0301\u0309\u0303\u0323")


def _garbled_share(words: list[str] | Counter[str]) -> float:
    """Words no Vietnamese syllable can be: two tone marks ("áỪẩY"), or a capital after a small letter inside
    the word ("NHÃ‚N" read as "NHÃ", "HáỪ"): what a wrong legacy-encoding conversion leaves."""
    counts = words if isinstance(words, Counter) else Counter(words)
    total = sum(counts.values())
    if not total:
        return 0.0
    return sum(n for w, n in counts.items() if _garbled(w)) / total


def _garbled(w: str) -> bool:
    tones = sum(1 for ch in unicodedata.normalize("NFD", w) if ch in _TONES)
    return tones > 1 or any(a.islower() and b.isupper() for a, b in zip(w, w[1:]))


def assess_shape(seg: Segmented, n_tasks: int, n_targets: int, config: dict[str, Any]) -> PlanShape:
    """Whether the document has the shape of a plan: long enough, Vietnamese, decodable, with the sections
    of a plan and with tasks or targets. A real draft passes every test; a 3-line note, an English list
    or mojibake fails at least one."""
    p = config["not_a_plan"]
    text = "\n".join(b.text for b in seg.doc.blocks)
    words = _WORD.findall(text)
    distinct = Counter(words)  # each distinct word judged once (a long draft repeats its syllables)
    marked = sum(n for w, n in distinct.items() if any(ch in _VIETNAMESE_MARKED for ch in w.lower()))
    vietnamese = marked / len(words) if words else 0.0
    undecodable = max(_undecodable_share(text), _garbled_share(distinct) / 2)
    kinds = {k for s in seg.sections for k in s.kinds}
    reasons = []
    if len(words) < p["min_words"]:
        reasons.append(f"quá ngắn ({len(words)} từ, một đề án/kế hoạch cần ít nhất {p['min_words']} từ)")
    if undecodable > p["max_undecodable"]:
        reasons.append(f"phần lớn ký tự không giải mã được ({undecodable:.0%} ký tự lạ — sai bảng mã/phông chữ)")
    elif words and vietnamese < p["min_vietnamese"]:
        reasons.append(f"không phải văn bản tiếng Việt (chỉ {vietnamese:.0%} từ có dấu tiếng Việt)")
    if len(kinds) < p["min_sections"]:
        reasons.append(f"không có bố cục của đề án/kế hoạch ({len(kinds)} phần được nhận diện: căn cứ, hiện "
                       "trạng, mục tiêu, nhiệm vụ, kinh phí, tổ chức thực hiện)")
    if n_tasks == 0 and n_targets == 0:
        reasons.append("không có nhiệm vụ hay chỉ tiêu nào")
    # a plan needs words, language and decodable text; lacking structure or content alone is a weak
    # draft, lacking both is not a plan
    fatal = [r for r in reasons if r.startswith(("quá ngắn", "phần lớn", "không phải"))]
    not_plan = bool(fatal) or len(reasons) >= 2
    return PlanShape(not not_plan, reasons if not_plan else [], len(words), vietnamese, undecodable, len(kinds))
