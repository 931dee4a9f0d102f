"""Reference target sets (national programmes, provincial resolutions) and matching draft targets to them.

Data lives under ``rules/``: ``reference_targets/*.yaml`` (one file per source document, each target with
indicator, value, unit, year, level and where it was checked), ``41-target-synonyms.yaml`` (phrases that
name the same thing) and ``42-status-indicators.yaml`` (the DTI indicator set a hiện trạng section is read
against). :func:`review_targets` matches every extracted target to a reference indicator by Vietnamese
lexical similarity (folded syllables and syllable pairs, synonyms first mapped to one form) and measures
how well the hiện trạng section covers the indicator sets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.analyse.plan_profile import effective_level
from pipeline.analyse.segment import Segmented
from pipeline.analyse.targets import Target, clauses, tiers_named
from pipeline.core import yaml_io
from pipeline.core.errors import RulesError
from pipeline.core.model import PlanMeta
from pipeline.core.textnorm import fold
from pipeline.rules.loader import DEFAULT_RULES_DIR

_STOP = set(
    "ty le va cua cac co duoc cho trong tren den nam dat toi thieu it nhat phan dau khoa voi la tu tai theo mot "
    "nhung nay do so se da o bao dam tro len hon thuc hien tren dia ban toan khoang muc tieu hoac".split()
)
_UNIT_WORD = re.compile(r"\b(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|đặc khu)\b", re.IGNORECASE)
_LEVEL_OF_WORD = {"tỉnh": "tinh", "thành phố": "tinh", "huyện": "huyen", "thị xã": "huyen", "quận": "huyen",
                  "xã": "xa", "phường": "xa", "đặc khu": "xa"}
_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,/]\d+)*(?:\s*%|(?![\w]))")
_PUNCT = re.compile(r"[^\w%&]+")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?%?$")


@dataclass(frozen=True)
class ReferenceTarget:
    id: str
    concept: str
    indicator: str
    value: float
    unit: str
    year: int
    level: str  # scope of the issuing document: quoc_gia | tinh
    source: str  # "749/QĐ-TTg"
    qualifier: str = ""
    tier: str = ""  # the administrative tier the indicator measures (tinh | huyen | xa) or ""
    key_for: tuple[str, ...] = ()  # plan levels expected to set a target for it
    comparable: bool = True  # a percentage a local plan can state (ranks and growth rates are not)
    province: str = ""
    checked_url: str = ""
    checked_quote: str = ""

    def label(self) -> str:
        q = f"{self.qualifier} " if self.qualifier else ""
        return f"{q}{self.value:g}{self.unit if self.unit.startswith('%') else ' ' + self.unit} năm {self.year} " \
               f"({self.source})"


@dataclass(frozen=True)
class StatusIndicator:
    key: str
    name: str
    keywords: tuple[str, ...]


@dataclass
class ReferenceData:
    targets: list[ReferenceTarget]
    synonyms: list[tuple[str, list[str]]]  # canonical folded phrase → folded variants
    status_indicators: list[StatusIndicator]
    status_source: str = ""
    _tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def tokens(self, text: str) -> tuple[str, ...]:
        if text not in self._tokens:
            self._tokens[text] = indicator_tokens(text, self.synonyms)
        return self._tokens[text]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml_io.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    return data


def load_reference_data(dirs: list[Path] | None = None) -> ReferenceData:
    """Reference targets, synonyms and status indicator sets of the given rules folders (later folders add)."""
    targets: dict[str, ReferenceTarget] = {}
    synonyms: list[tuple[str, list[str]]] = []
    indicators: dict[str, StatusIndicator] = {}
    status_source = ""
    for folder in dirs or [DEFAULT_RULES_DIR]:
        folder = Path(folder)
        for path in sorted(folder.glob("reference_targets/*.yaml")):
            data = _read_yaml(path)
            src = data.get("source") or {}
            number = str(src.get("number", path.stem))
            for raw in data.get("targets") or []:
                try:
                    t = ReferenceTarget(
                        id=str(raw["id"]), concept=str(raw["concept"]), indicator=str(raw["indicator"]),
                        value=float(raw["value"]), unit=str(raw.get("unit", "%")), year=int(raw["year"]),
                        level=str(raw.get("level", src.get("level", ""))), source=number,
                        qualifier=str(raw.get("qualifier") or ""), tier=str(raw.get("tier") or ""),
                        key_for=tuple(raw.get("key_for") or ()), comparable=bool(raw.get("comparable", True)),
                        province=str(src.get("province") or ""),
                        checked_url=str((raw.get("checked") or {}).get("url", "")),
                        checked_quote=str((raw.get("checked") or {}).get("quote", "")))
                except (KeyError, TypeError, ValueError) as exc:
                    raise RulesError(f"{path}: reference target {raw!r} is incomplete ({exc})") from exc
                targets[t.id] = t
        for path in sorted(folder.glob("*.yaml")):
            data = _read_yaml(path)
            for group in data.get("target_synonyms") or []:
                forms = [fold(str(x)) for x in group]
                synonyms.append((forms[0], sorted(forms[1:], key=len, reverse=True)))
            sset = data.get("status_indicators")
            if sset:
                status_source = str(sset.get("source", path.name))
                for raw in sset.get("indicators") or []:
                    indicators[raw["key"]] = StatusIndicator(str(raw["key"]), str(raw["name"]),
                                                             tuple(fold(k) for k in raw.get("keywords") or ()))
    return ReferenceData(list(targets.values()), synonyms, list(indicators.values()), status_source)


# --------------------------------------------------------------------------- lexical similarity


def indicator_tokens(text: str, synonyms: list[tuple[str, list[str]]]) -> tuple[str, ...]:
    """Folded content syllables of an indicator name; every synonym is first rewritten to its canonical form
    (which then counts as one token)."""
    folded = f" {fold(text)} "
    folded = _PUNCT.sub(" ", folded)
    for canonical, variants in synonyms:
        canon = _PUNCT.sub("_", canonical).strip("_")
        for v in variants + [canonical]:
            phrase = re.escape(_PUNCT.sub(" ", v).strip())
            folded = re.sub(rf"(?<!\w){phrase}(?!\w)", canon, folded)
    return tuple(w for w in folded.split() if w not in _STOP and not _NUMBER.match(w) and len(w) > 1)


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two indicator names are (0..1): the mean of the Dice coefficients over syllables and over
    adjacent syllable pairs; or, when the draft's name ``a`` (two tokens or more) lies inside the longer
    reference name ``b``, 0.9 × the share of ``a`` found in ``b`` (reference names carry long qualifiers
    such as "cung cấp trên nhiều phương tiện truy cập")."""
    if not a or not b:
        return 0.0
    ua, ub = set(a), set(b)
    ba, bb = set(zip(a, a[1:])), set(zip(b, b[1:]))
    common = _weight(ua & ub)
    uni = 2 * common / (_weight(ua) + _weight(ub))
    bi = 2 * len(ba & bb) / (len(ba) + len(bb)) if ba and bb else uni
    dice = (uni + bi) / 2
    if _weight(ua) < 2:
        return dice
    inside = (common / _weight(ua) + (len(ba & bb) / len(ba) if ba else common / _weight(ua))) / 2
    return max(dice, 0.9 * inside)


def _weight(tokens: set[str]) -> int:
    """A synonym rewritten to one token ("dich_vu_cong_truc_tuyen") weighs as many syllables as it has."""
    return sum(t.count("_") + 1 for t in tokens)


# --------------------------------------------------------------------------- the plan's level, date, province


def plan_level(meta: PlanMeta) -> str:
    """tinh | so | huyen | xa: the profile's level (plan_profile.effective_level: a department's plan is ``so``)
    when the level detector has filled it, else the title's first unit."""
    if meta.level:
        return effective_level(meta)
    m = _UNIT_WORD.search(meta.title or "") or _UNIT_WORD.search(meta.district or "")
    return _LEVEL_OF_WORD.get(m.group(1).lower(), "") if m else ""


def plan_time(meta: PlanMeta) -> float | None:
    """The plan's date as a fractional year (2026.5 = early July 2026): PlanMeta.issued_on, else plan_year."""
    m = re.match(r"(\d{4})-(\d{2})", meta.issued_on or "")
    if m and (meta.plan_year is None or int(m.group(1)) == meta.plan_year):  # --plan-year overrides the date
        return int(m.group(1)) + (int(m.group(2)) - 1) / 12
    return float(meta.plan_year) if meta.plan_year else None


def years_left(meta: PlanMeta, deadline: int) -> float | None:
    """Years from the plan's year (PlanMeta.issued_on's year, else plan_year) to ``deadline``."""
    now = plan_time(meta)
    if now is None:
        return None
    return float(deadline - int(now))  # whole years from the plan's year, as reviewers count ("còn 2 năm")


def applicable_references(data: ReferenceData, seg: Segmented) -> list[ReferenceTarget]:
    """National targets, and the targets of a province the plan names in its title, front matter or căn cứ."""
    text = fold(" ".join([seg.meta.title, seg.meta.unit] + [b.text for b in seg.front_matter]
                         + [b.text for b in seg.blocks_in("can_cu")]))
    return [t for t in data.targets if not t.province or fold(t.province) in text]


# --------------------------------------------------------------------------- matching and coverage


@dataclass
class TargetMatch:
    """An extracted target and the reference indicator it was matched to (None: unmatched)."""

    target: Target
    concept: str = ""
    reference: ReferenceTarget | None = None  # the best-matching reference indicator
    score: float = 0.0
    same_year: ReferenceTarget | None = None  # the strictest reference for the target's own year
    earlier: ReferenceTarget | None = None  # the latest reference due before the target's deadline

    @property
    def gap(self) -> float | None:
        return None if self.same_year is None else self.target.value - self.same_year.value

    def to_dict(self) -> dict[str, Any]:
        ref = self.same_year or self.earlier or self.reference
        return {"indicator": self.target.indicator, "value": self.target.value, "deadline": self.target.deadline,
                "concept": self.concept, "score": round(self.score, 3),
                "reference": None if ref is None else {
                    "id": ref.id, "source": ref.source, "indicator": ref.indicator, "value": ref.value,
                    "unit": ref.unit, "year": ref.year, "checked": ref.checked_url},
                "gap": self.gap}


@dataclass
class Coverage:
    """Which indicators of a set have a baseline figure in the hiện trạng section."""

    name: str
    covered: list[str]
    missing: list[str]

    @property
    def percent(self) -> int | None:
        total = len(self.covered) + len(self.missing)
        return round(100 * len(self.covered) / total) if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "percent": self.percent, "covered": self.covered, "missing": self.missing}


@dataclass
class TargetReview:
    level: str
    milestone: int | None  # the reference year the plan's targets are held against for missing indicators
    matches: list[TargetMatch]
    key_missing: list[ReferenceTarget]
    references: list[ReferenceTarget]
    coverage: list[Coverage]

    @property
    def unmatched(self) -> list[Target]:
        return [m.target for m in self.matches if m.reference is None]

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "milestone": self.milestone, "matches": [m.to_dict() for m in self.matches],
                "key_missing": [{"id": r.id, "indicator": r.indicator, "value": r.value, "year": r.year,
                                 "source": r.source} for r in self.key_missing],
                "coverage": [c.to_dict() for c in self.coverage]}


def best_reference(text: str, refs: list[ReferenceTarget], data: ReferenceData,
                   threshold: float) -> tuple[ReferenceTarget | None, float]:
    """The comparable reference whose indicator name is most similar to ``text`` (None below ``threshold``);
    a reference about one tier (cấp xã) never matches a text that names only other tiers."""
    tokens = data.tokens(text)
    named = tiers_named(text)
    best, best_score = None, 0.0
    for ref in refs:
        if not ref.comparable or (ref.tier and named and ref.tier not in named):
            continue
        s = similarity(tokens, data.tokens(ref.indicator))
        if s > best_score:
            best, best_score = ref, s
    return (best, best_score) if best_score >= threshold else (None, best_score)


def _milestone(meta: PlanMeta, refs: list[ReferenceTarget]) -> int | None:
    """The first reference year after the plan's date and within its horizon (2025 for a 2023 plan to 2025,
    2030 for a 2026-2030 plan)."""
    now = plan_time(meta)
    end = meta.target_year or meta.horizon_end
    years = sorted({r.year for r in refs if r.comparable})
    if now is None:
        return None
    inside = [y for y in years if y > int(now) and (end is None or y <= max(end, meta.horizon_end or end))]
    return inside[0] if inside else None


@functools.lru_cache(maxsize=256)
def _keywords_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """Any of these (folded) keywords as a whole word."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(k) for k in keywords)})(?!\w)")


def status_coverage(seg: Segmented, data: ReferenceData, key_refs: list[ReferenceTarget],
                    threshold: float) -> list[Coverage]:
    """DTI indicators and key reference indicators with a figure in the hiện trạng section."""
    status = [c for s, _b in seg.sentences(seg.blocks_in("hien_trang")) for c in clauses(s) if _FIGURE.search(c)]
    if not seg.blocks_in("hien_trang"):
        return []
    # the clauses folded, one a line: a keyword (folded: no line break) found in the whole is found in a clause
    folded = "\n".join(f" {fold(c)} " for c in status)
    out = []
    if data.status_indicators:
        covered, missing = [], []
        for ind in data.status_indicators:
            hit = bool(status and ind.keywords and _keywords_pattern(ind.keywords).search(folded))
            (covered if hit else missing).append(ind.name)
        out.append(Coverage(f"Bộ chỉ số DTI ({data.status_source})", covered, missing))
    if key_refs:
        covered, missing = [], []
        for ref in key_refs:
            hit = any(best_reference(c, [ref], data, threshold)[0] for c in status)
            (covered if hit else missing).append(ref.indicator)
        out.append(Coverage("Chỉ tiêu chủ yếu của cấp trên", covered, missing))
    return out


def review_targets(seg: Segmented, targets: list[Target], data: ReferenceData,
                   threshold: float = 0.5) -> TargetReview:
    """Match each target to a reference indicator and list the key reference indicators the plan omits."""
    refs = applicable_references(data, seg)
    level = plan_level(seg.meta)
    year = plan_time(seg.meta)
    now = int(year) if year is not None else None
    matches = []
    for t in targets:
        ref, score = best_reference(t.indicator, refs, data, threshold)
        m = TargetMatch(t, score=score)
        if ref is not None:
            m.reference, m.concept = ref, ref.concept
            same = [r for r in refs if r.concept == ref.concept and r.comparable and r.year == t.deadline
                    and (not r.tier or r.tier == ref.tier)]
            before = [r for r in refs if r.concept == ref.concept and r.comparable and t.deadline
                      and r.year < t.deadline and (not r.tier or r.tier == ref.tier)]
            m.same_year = max(same, key=lambda r: (r.value, r.level == "tinh"), default=None)
            m.earlier = max(before, key=lambda r: (r.year, r.value), default=None)
            if m.earlier is not None and now is not None and m.earlier.year < now:
                m.earlier = None  # a milestone already past when the plan was written: no earlier date is possible
        matches.append(m)
    milestone = _milestone(seg.meta, refs)
    key_refs = [r for r in refs if level in r.key_for and r.year == milestone]
    covered = {m.concept for m in matches if m.concept}
    key_missing = list({r.concept: r for r in key_refs if r.concept not in covered}.values())
    # status coverage of the key indicators the plan does set targets for (the others: TARGET-07)
    key_set = list({r.concept: r for r in key_refs if r.concept in covered}.values())
    return TargetReview(level, milestone, matches, key_missing, refs,
                        status_coverage(seg, data, key_set, threshold))
