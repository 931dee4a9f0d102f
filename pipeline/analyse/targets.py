"""Extract quantitative targets ("100% cơ quan ... đến năm 2025") and their baselines from hiện trạng."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.analyse.segment import Segmented
from pipeline.core.model import Block, Location

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
    baseline_year: int | None = None  # the year the baseline figure is for ("năm 2025 đạt 58%"), if written
    milestone: bool = False  # an intermediate year of a roadmap table (its last year is the target proper)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "qualifier": self.qualifier, "indicator": self.indicator,
            "deadline": self.deadline, "text": self.text, "location": self.location.to_dict(),
            "baseline": self.baseline, "baseline_text": self.baseline_text,
            "baseline_location": self.baseline_location.to_dict() if self.baseline_location else None,
            "baseline_year": self.baseline_year,
            "milestone": self.milestone,
        }


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence (split at ";", " - ", ": ")."""
    return [c.strip(" ,.-–") for c in re.split(r";|\s[-–]\s|:\s", sentence) if c.strip(" ,.-–")]


def content_words(text: str) -> set[str]:
    """Lower-cased syllables minus numbers and function words: good enough to match an indicator."""
    syllables = re.findall(r"[^\W\d_]+", text.lower())
    return {s for s in syllables if s not in _STOP and len(s) > 1}


def _indicator(clause: str, match: re.Match | None) -> str:
    text = clause if match is None else clause[: match.start()] + " " + clause[match.end():]
    text = _DEADLINE.sub(" ", text)
    text = re.sub(r"^\s*(?:đến năm 20\d{2},?|phấn đấu|mục tiêu)\s*", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


_TIER_WORDS = {"tinh": ("cấp tỉnh", "cấp bộ, tỉnh"), "huyen": ("cấp huyện",), "xa": ("cấp xã",)}


def tiers_named(text: str) -> set[str]:
    """The administrative tiers a text names ("cấp huyện" → huyen)."""
    low = text.lower()
    return {tier for tier, phrases in _TIER_WORDS.items() if any(p in low for p in phrases)}


def _indicators(clause: str, matches: list[re.Match]) -> list[str]:
    """One indicator per percentage of a clause. With several, the shape 749/QĐ-TTg itself uses —
    "90% hồ sơ công việc cấp huyện, 70% hồ sơ công việc cấp xã được xử lý trên môi trường mạng" — gives
    each figure the words after it, completed by the shared predicate of the last one."""
    if len(matches) < 2 or len(clause[: matches[0].start()].split()) > 3:
        return [_indicator(clause, m) for m in matches]
    segments = [clause[m.end(): n.start()].strip(" ,;") for m, n in zip(matches, matches[1:])]
    last = clause[matches[-1].end():].strip(" ,;")
    last_words = last.split()
    out = []
    for seg in segments:
        words = re.sub(r"\s+và$", "", seg).split()
        if words and last_words[:2] == words[:2] and len(words) < len(last_words):
            words += last_words[len(words):]
        out.append(_indicator(" ".join(words), None))
    return out + [_indicator(last, None)]


def _section_deadline(block: Block) -> int | None:
    years = _DEADLINE.findall(block.location.section) or _ANY_YEAR.findall(block.location.section)
    return int(years[-1]) if years else None


_YEAR_CELL = re.compile(r"^(?:năm\s+)?(?P<y>20\d{2})$", re.IGNORECASE)
_BASELINE_CELL = re.compile(r"hiện trạng|thực hiện|ước (?:đạt|thực hiện)|năm gốc", re.IGNORECASE)
_NUMBER_CELL = re.compile(r"^(?:[≥>]|trên|tối thiểu)?\s*(?P<v>\d{1,3}(?:[.,]\d+)?)\s*%?$", re.IGNORECASE)


def _cell_value(cell: str) -> float | None:
    m = _NUMBER_CELL.match(cell.strip())
    return float(m.group("v").replace(",", ".")) if m else None


def milestone_targets(seg: Segmented) -> tuple[list[Target], set[int]]:
    """Targets of a roadmap table with one column per year ("Chỉ tiêu | Đơn vị | 2026 | 2027 | … | 2030"):
    one target per year cell of a percentage row. Also returns the ids of the blocks read, so their rows
    are not read again as sentences. A column named "hiện trạng" / "thực hiện 2025" gives the baseline."""
    out: list[Target] = []
    used: set[int] = set()
    for table in seg.doc.tables:
        if not table.rows or not any(b.section_kinds & {"muc_tieu"} for b in table.blocks):
            continue
        # one header row, or two when the second carries no figure (a year row under "Lộ trình")
        head_n = 2 if len(table.rows) > 2 and all(_cell_value(c) is None for c in table.rows[1]) else 1
        years: dict[int, int] = {}
        unit_col = base_col = None
        for r in range(head_n):
            for c, cell in enumerate(table.rows[r]):
                m = _YEAR_CELL.match(cell.strip())
                if m and not _BASELINE_CELL.search(cell):
                    years[c] = int(m.group("y"))
                elif "đơn vị" in cell.lower():
                    unit_col = c
                elif _BASELINE_CELL.search(cell):
                    base_col = c
        if len(years) < 2:
            continue
        for r, (row, block) in enumerate(zip(table.rows, table.blocks)):
            if r < head_n:
                used.add(id(block))
                continue
            names = [c for i, c in enumerate(row) if i not in years and i not in (unit_col, base_col)
                     and _cell_value(c) is None and c.strip()]
            if not names:
                continue
            indicator = max(names, key=len).strip()
            unit = row[unit_col] if unit_col is not None and unit_col < len(row) else ""
            percent = "%" in unit or any("%" in row[c] for c in years if c < len(row)) or \
                indicator.lower().startswith(("tỷ lệ", "tỉ lệ"))
            if not percent:
                continue
            used.add(id(block))
            baseline = _cell_value(row[base_col]) if base_col is not None and base_col < len(row) else None
            cells = [(year, _cell_value(row[c]) if c < len(row) else None)
                     for c, year in sorted(years.items(), key=lambda kv: kv[1])]
            cells = [(year, value) for year, value in cells if value is not None]
            for k, (year, value) in enumerate(cells):
                out.append(Target(value=value, qualifier="", indicator=indicator, deadline=year,
                                  milestone=k < len(cells) - 1,
                                  text=f"{indicator}: {value:g}% năm {year}", location=block.location,
                                  baseline=baseline, baseline_text=f"{indicator}: {baseline:g}% (hiện trạng)"
                                  if baseline is not None else "",
                                  baseline_location=block.location if baseline is not None else None))
    return out, used


# A baseline written in parentheses after its target: "đạt 65% (năm 2025 đạt 58%)", "(hiện nay: 40%)"
_INLINE_BASELINE = re.compile(r"\((?P<body>[^()]{0,80}?(?:năm\s+20\d{2}|hiện\s+(?:nay|tại|đạt)|ước\s+đạt|đã\s+đạt"
                              r"|cùng\s+kỳ|năm\s+trước|năm\s+gốc)[^()]{0,80}?)\)", re.IGNORECASE)


def _inline_baselines(sentence: str) -> tuple[str, list[tuple[int, float, int | None, str]]]:
    """The sentence without its parenthesised baselines, and each baseline (position in the stripped
    sentence, value, year, text): the figure belongs to the target just before it, not to a target of its own."""
    found: list[tuple[int, float, int | None, str]] = []
    out, last = [], 0
    for m in _INLINE_BASELINE.finditer(sentence):
        value = _PERCENT.search(m.group("body"))
        if value is None:
            continue
        out.append(sentence[last:m.start()])
        year = _ANY_YEAR.search(m.group("body"))
        found.append((len("".join(out)), float(value.group("v").replace(",", ".")),
                      int(year.group("y")) if year else None, m.group(0)))
        last = m.end()
    out.append(sentence[last:])
    return "".join(out), found


def _baseline_year(clause: str, deadline: int | None) -> int | None:
    """The year a status figure is for: "Năm 2025, tỷ lệ … đạt 58%" → 2025 (a year before the target's)."""
    years = [int(m.group("y")) for m in _ANY_YEAR.finditer(clause)]
    years = [y for y in years if deadline is None or y < deadline]
    return max(years) if years else None


def extract_targets(seg: Segmented) -> list[Target]:
    """Targets stated in the objectives (mục tiêu) sections; the whole body if there is none. Roadmap
    tables with a column per year give one target per year (the plan's yearly milestones)."""
    table_targets, used = milestone_targets(seg)
    blocks = [b for b in seg.blocks_in("muc_tieu") if b.kind != "heading"]
    if blocks:
        blocks = [b for b in blocks if id(b) not in used]
    else:
        blocks = [b for b in seg.body if b.kind != "heading" and not b.section_kinds & {"hien_trang", "can_cu"}
                  and id(b) not in used]
    headings = {b.location.section: b for b in seg.body if b.kind == "heading"}
    targets: list[Target] = []
    for block in blocks:
        for raw_sentence in block.sentences:
            sentence, inline = _inline_baselines(raw_sentence)
            sentence_deadline = _DEADLINE.search(sentence)
            offset = 0
            for clause in clauses(sentence):
                start = sentence.find(clause, offset)
                offset = start + len(clause) if start >= 0 else offset
                end = offset
                found = list(_PERCENT.finditer(clause)) if "%" in clause else []  # (most clauses have none)
                for m, indicator in zip(found, _indicators(clause, found)):
                    d = _DEADLINE.search(clause) or sentence_deadline
                    deadline = int(d.group("y")) if d else None
                    if deadline is None:
                        heading = headings.get(block.location.section)
                        deadline = (_section_deadline(heading) if heading else None) or seg.meta.target_year
                    target = Target(
                        value=float(m.group("v").replace(",", ".")), qualifier=(m.group("q") or "").lower(),
                        indicator=indicator, deadline=deadline, text=clause,
                        location=block.location,
                    )
                    # a parenthesised baseline right after this figure, within its clause
                    i = found.index(m)
                    until = start + found[i + 1].start() if i + 1 < len(found) else end + 2
                    own = [b for b in inline if start >= 0 and start + m.end() <= b[0] <= until]
                    if own:
                        _, value, year, text = own[0]
                        target.baseline, target.baseline_year = value, year
                        target.baseline_text, target.baseline_location = text.strip("()"), block.location
                    targets.append(target)
    _attach_baselines(seg, targets)
    return targets + table_targets


def _attach_baselines(seg: Segmented, targets: list[Target], min_overlap: float = 0.5) -> None:
    """Find, for each target, a figure in the hiện trạng section about the same indicator."""
    candidates: list[tuple[set[str], float, str, Location, set[str]]] = []
    for sentence, block in seg.sentences(seg.blocks_in("hien_trang")):
        for clause in clauses(sentence):
            found = list(_PERCENT.finditer(clause)) if "%" in clause else []  # (most clauses have none)
            for m, indicator in zip(found, _indicators(clause, found)):
                words = content_words(indicator)
                candidates.append((words, float(m.group("v").replace(",", ".")), clause, block.location,
                                   tiers_named(indicator)))
            for m in _FRACTION.finditer(clause) if "/" in clause else ():
                part, whole = int(m.group("a")), int(m.group("b"))
                if whole > 0 and part <= whole:
                    indicator = _indicator(clause, m)
                    candidates.append((content_words(indicator), round(100 * part / whole, 1), clause,
                                       block.location, tiers_named(indicator)))
    for target in targets:
        words = content_words(target.indicator)
        if not words or target.baseline is not None:
            continue  # no indicator to match, or the target wrote its own baseline
        tiers = tiers_named(target.indicator)
        fitting = [c for c in candidates if not (tiers and c[4] and not tiers & c[4])]
        best = max(fitting, key=lambda c: len(words & c[0]) / len(words), default=None)
        if best and len(words & best[0]) / len(words) >= min_overlap:
            target.baseline, target.baseline_text, target.baseline_location = best[1], best[2], best[3]
            target.baseline_year = _baseline_year(best[2], target.deadline)
