"""Extract quantitative targets ("100% cơ quan ... đến năm 2025") and their baselines from hiện trạng."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Block, Location
from .segment import Segmented

_PERCENT = re.compile(r"(?:(?P<q>tối thiểu|ít nhất|trên|đạt|khoảng|phấn đấu)\s+)?(?P<v>\d{1,3}(?:[.,]\d+)?)\s*%",
                      re.IGNORECASE)
# "14/18 trạm y tế", "12/15 xã": a share written as a fraction (not a date "ngày 14/5", not "749/QĐ")
_FRACTION = re.compile(r"(?<![\d/])(?<!ngày )(?P<a>\d{1,4})/(?P<b>\d{1,4})(?![\d/])(?=\s+[^\W\d_])")
_DEADLINE = re.compile(r"(?:đến|trước|vào|trong|đến hết|cuối)\s+năm\s+(?P<y>20\d{2})", re.IGNORECASE)
_ANY_YEAR = re.compile(r"\bnăm\s+(?P<y>20\d{2})\b", re.IGNORECASE)
_STOP = set(
    "và của các có được cho trong trên đến năm đạt tối thiểu ít nhất phấn đấu khoảng với là từ tại theo "
    "một những này đó số sẽ đã ở bảo đảm trở lên hơn thực hiện".split()
)


@dataclass
class Target:
    value: float
    qualifier: str
    indicator: str
    deadline: int | None
    text: str
    location: Location
    baseline: float | None = None
    baseline_text: str = ""
    baseline_location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "qualifier": self.qualifier, "indicator": self.indicator,
            "deadline": self.deadline, "text": self.text, "location": self.location.to_dict(),
            "baseline": self.baseline, "baseline_text": self.baseline_text,
            "baseline_location": self.baseline_location.to_dict() if self.baseline_location else None,
        }


def _clauses(sentence: str) -> list[str]:
    return [c.strip(" ,.-–") for c in re.split(r";|\s[-–]\s|:\s", sentence) if c.strip(" ,.-–")]


def content_words(text: str) -> set[str]:
    """Lower-cased syllables minus numbers and function words: good enough to match an indicator."""
    syllables = re.findall(r"[^\W\d_]+", text.lower())
    return {s for s in syllables if s not in _STOP and len(s) > 1}


def _indicator(clause: str, match: re.Match) -> str:
    text = clause[: match.start()] + " " + clause[match.end():]
    text = _DEADLINE.sub(" ", text)
    text = re.sub(r"^\s*(?:đến năm 20\d{2},?|phấn đấu|mục tiêu)\s*", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def _section_deadline(block: Block) -> int | None:
    years = _DEADLINE.findall(block.location.section) or _ANY_YEAR.findall(block.location.section)
    return int(years[-1]) if years else None


def extract_targets(seg: Segmented) -> list[Target]:
    """Targets stated in the objectives (mục tiêu) sections; the whole body if there is none."""
    blocks = [b for b in seg.blocks_in("muc_tieu") if b.kind != "heading"]
    if not blocks:
        blocks = [b for b in seg.body if b.kind != "heading" and not b.section_kinds & {"hien_trang", "can_cu"}]
    headings = {b.location.section: b for b in seg.body if b.kind == "heading"}
    targets: list[Target] = []
    for block in blocks:
        for sentence in block.sentences:
            sentence_deadline = _DEADLINE.search(sentence)
            for clause in _clauses(sentence):
                for m in _PERCENT.finditer(clause):
                    d = _DEADLINE.search(clause) or sentence_deadline
                    deadline = int(d.group("y")) if d else None
                    if deadline is None:
                        heading = headings.get(block.location.section)
                        deadline = (_section_deadline(heading) if heading else None) or seg.meta.target_year
                    targets.append(Target(
                        value=float(m.group("v").replace(",", ".")), qualifier=(m.group("q") or "").lower(),
                        indicator=_indicator(clause, m), deadline=deadline, text=clause,
                        location=block.location,
                    ))
    _attach_baselines(seg, targets)
    return targets


def _attach_baselines(seg: Segmented, targets: list[Target], min_overlap: float = 0.5) -> None:
    """Find, for each target, a figure in the hiện trạng section about the same indicator."""
    candidates: list[tuple[set[str], float, str, Location]] = []
    for sentence, block in seg.sentences(seg.blocks_in("hien_trang")):
        for clause in _clauses(sentence):
            for m in _PERCENT.finditer(clause):
                words = content_words(_indicator(clause, m))
                candidates.append((words, float(m.group("v").replace(",", ".")), clause, block.location))
            for m in _FRACTION.finditer(clause):
                part, whole = int(m.group("a")), int(m.group("b"))
                if whole > 0 and part <= whole:
                    words = content_words(_indicator(clause, m))
                    candidates.append((words, round(100 * part / whole, 1), clause, block.location))
    for target in targets:
        words = content_words(target.indicator)
        if not words:
            continue
        best = max(candidates, key=lambda c: len(words & c[0]) / len(words), default=None)
        if best and len(words & best[0]) / len(words) >= min_overlap:
            target.baseline, target.baseline_text, target.baseline_location = best[1], best[2], best[3]
