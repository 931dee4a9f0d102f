"""Knowledge base of legal documents (rules/legal_bases.yaml + --kb files, and an optional SQLite knowledge
base built with `planreview kb import`, see kb_store.py) and citation validation.

Each citation is resolved to a KB entry where possible and gets a status:

- ``ok`` (✓): known, and its date, year and issuer agree with the KB;
- ``contradiction`` (✗): it names a known document but its date, year or issuer code contradicts the KB
  (e.g. "749/QĐ-TTg ngày 03/6/2021"); ``kb_note`` says what the KB expects;
- ``unknown`` (?): not in the KB — a knowledge-base gap for a national document, to be checked by hand
  for a local one.

Each resolved citation also gets its legal currency at the plan's date (``Citation.currency``): a document
already replaced or expired then is named with what replaced it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.analyse.citations import KIND_BY_TYPE, NATIONAL_ISSUERS, Citation
from pipeline.core.textnorm import fold

STATUS_SYMBOL = {"ok": "✓", "contradiction": "✗", "unknown": "?"}
_TYPE_BY_KIND: dict[str, str] = {}
for _type, _kind in KIND_BY_TYPE.items():
    _TYPE_BY_KIND.setdefault(_kind, _type)


_WS = re.compile(r"\s+")
_TYPE = re.compile(r"([A-ZĐa-zđ]+?)(?:[-/]|\d|$)")
_FAMILY = re.compile(r"^(\d+[A-Z]?)([/-])(?:(?:19|20)\d{2}/)?(.*)$")
_KEY_YEAR = re.compile(r"^\d+[a-zA-Zđ]?[/-]((?:19|20)\d{2})/")


def norm_key(key: str) -> str:
    """'749/QĐ-TTg', '749/QD-TTG', '749 / QĐ-TTg' → '749/QD-TTG'."""
    return _WS.sub("", key).upper().replace("Đ", "D")


def norm_name(name: str) -> str:
    """Lower case, no diacritics: 'Luật Công nghệ thông tin' and 'Luat Cong nghe thong tin' match."""
    return fold(name)


def _type_of(code: str) -> str:
    """Document type of a code: 'QĐ-TTg' → 'QD', 'NQ/TW' → 'NQ', 'QH15' → 'QH'."""
    m = _TYPE.match(code)
    return norm_key(m.group(1)) if m else ""


def _issuer_of(code: str) -> str:
    parts = re.split(r"[-/]", code)
    return norm_key(parts[1]) if len(parts) > 1 else ""


def _number(number: str) -> str:
    """'036a' → '36A': leading zeros and the letter's case do not tell documents apart."""
    return number.lstrip("0").upper()


def _key_year(key: str) -> int | None:
    m = _KEY_YEAR.match(key)
    return int(m.group(1)) if m else None


def family(key: str) -> tuple[str, str]:
    """The number and code of a key with the year left out: '73/2019/NĐ-CP' and '73/NĐ-CP' → ('73', 'ND-CP');
    '52-NQ/TW' → ('52', 'NQ/TW'); '36a/NQ-CP' → ('36A', 'NQ-CP')."""
    k = norm_key(key)
    m = _FAMILY.match(k)
    if not m:
        return ("", k)
    return (_number(m.group(1)), m.group(3))


def _fmt_date(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


@dataclass
class LegalBase:
    key: str
    kind: str
    date: str
    issuer: str
    title: str
    names: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    expected_when: list[str] = field(default_factory=list)
    level: str = "national"
    province: str = ""
    source: str = ""
    effective: str = ""
    status: str = "unknown"  # in_force | amended | replaced | expired | unknown
    replaced_by: str = ""
    amended_by: str = ""
    replaces: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)  # [{url, quote}]
    verified: Any = False  # True | "partial" | False
    unverified: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, e: dict[str, Any]) -> LegalBase:
        def text(name: str) -> str:
            return str(e.get(name) or "")

        return cls(
            key=str(e["key"]), kind=text("kind"), date=text("date"), issuer=text("issuer"), title=text("title"),
            names=list(e.get("names") or []), tags=list(e.get("tags") or []),
            expected_when=list(e.get("expected_when") or []), level=e.get("level") or "national",
            province=text("province"), source=text("source"), effective=text("effective"),
            status=text("status") or "unknown", replaced_by=text("replaced_by"), amended_by=text("amended_by"),
            replaces=text("replaces"), evidence=list(e.get("evidence") or []), verified=e.get("verified", False),
            unverified=list(e.get("unverified") or []),
        )

    @property
    def in_force_from(self) -> str:
        return self.effective or self.date

    @property
    def number(self) -> str:
        return self.key.split("/")[0].split("-")[0]

    @property
    def code(self) -> str:
        """'73/2019/NĐ-CP' → 'NĐ-CP'; '52-NQ/TW' → 'NQ/TW'; '749/QĐ-TTg' → 'QĐ-TTg'."""
        rest = self.key[len(self.number) + 1:]
        return re.sub(r"^(?:19|20)\d{2}/", "", rest)

    def label(self) -> str:
        when = f" ngày {_fmt_date(self.date)}" if self.date else ""
        return f"{self.kind} {self.key}{when} của {self.issuer}"


@dataclass
class Resolution:
    status: str
    entry: LegalBase | None = None
    note: str = ""


class KnowledgeBase:
    """The hand-curated entries (YAML) in memory, backed by an optional SQLite store for large exports;
    a YAML entry overrides a store row with the same key and date.

    A citation is matched by its number and code first (``family``: the number with its code, the year left
    out — "1017/QĐ-TTg" of 2018 and of 2024, "73/2019/NĐ-CP" and "73/NĐ-CP" are one family); among several
    rows the citation's year, date or title picks one. Indexes only: every lookup is a dict access (and one
    indexed SELECT per family in the store)."""

    def __init__(self, raw_entries: list[dict[str, Any]], store: Any = None):
        rows: dict[tuple[str, str], LegalBase] = {}
        for raw in raw_entries:  # a later row of the same document (key and date) replaces an earlier one
            e = LegalBase.from_dict(raw)
            rows[(norm_key(e.key), e.date)] = e
        self.entries = list(rows.values())
        self.store = store  # kb_store.KBStore or None
        self.by_key: dict[str, list[LegalBase]] = defaultdict(list)
        self.by_family: dict[tuple[str, str], list[LegalBase]] = defaultdict(list)
        self.by_name: dict[str, list[LegalBase]] = defaultdict(list)
        self.by_number: dict[tuple[str, str], list[LegalBase]] = defaultdict(list)
        self.by_date: dict[str, list[LegalBase]] = defaultdict(list)
        for e in self.entries:
            if e.date:
                self.by_date[e.date].append(e)
            self.by_key[norm_key(e.key)].append(e)
            self.by_family[family(e.key)].append(e)
            names = list(e.names) + ([e.title] if e.kind == "Luật" and e.title.lower().startswith("luật ") else [])
            for name in dict.fromkeys(norm_name(n) for n in names):
                self.by_name[name].append(e)
            self.by_number[(_number(e.number), _type_of(e.code))].append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str, date: str | None = None) -> LegalBase | None:
        """The entry for a key ("749/QĐ-TTg", any spelling): YAML first, then the SQLite store; among rows of one
        key (a year-less number issued in several years) the one of ``date``, else the latest."""
        rows = list(self.by_key.get(norm_key(key), []))
        if not rows and self.store is not None:
            rows = self.store.lookup(key)
        if not rows:
            return None
        if date:
            same = [e for e in rows if e.date == date]
            if same:
                return same[0]
        return max(rows, key=lambda e: e.date or "")

    def _named(self, name: str) -> list[LegalBase]:
        found = list(self.by_name.get(norm_name(name), []))
        if self.store is not None:
            keys = {(norm_key(e.key), e.date) for e in found}
            found += [e for e in self.store.lookup_name(name) if (norm_key(e.key), e.date) not in keys]
        return found

    def _family(self, c: Citation) -> list[LegalBase]:
        fam = family(c.key)
        found = list(self.by_family.get(fam, []))
        if self.store is not None:
            keys = {(norm_key(e.key), e.date) for e in found}
            found += [e for e in self.store.lookup_family(c.number, c.key) if (norm_key(e.key), e.date) not in keys]
        return found

    def resolve(self, c: Citation, on: str | None = None) -> Resolution:
        """Resolve a citation; ``on`` (ISO date: the plan's own date) picks among rows when nothing else does."""
        if c.kind == "Luật" and not c.code:  # laws cited by name ("Luật Công nghệ thông tin ngày 29/6/2006")
            return self._resolve_law(c, on)
        if c.code:
            rows = self._family(c)
            if rows:
                return self._resolve_family(c, rows, on)
            return self._other_issuer(c)
        # number only: "Quyết định 749"
        candidates = self.by_number.get((_number(c.number), norm_key(_TYPE_BY_KIND.get(c.kind, ""))), [])
        if len(candidates) == 1:
            return _check_date(c, candidates[0])
        return Resolution("unknown")

    def _resolve_law(self, c: Citation, on: str | None) -> Resolution:
        candidates = sorted(self._named(c.key), key=lambda e: e.date or "")
        if not candidates:
            return Resolution("unknown")
        dated = [e for e in candidates if e.date]
        listed = ", ".join(_fmt_date(e.date) for e in dated)
        if c.date:
            same = [e for e in candidates if e.date == c.date]
            if same:
                return Resolution("ok", same[0])
            # a slip of the year ("29/11/2015" for 29/11/2005), of the day in the right year, or a year off by one;
            # otherwise a re-enactment the KB may not know yet: no claim
            near = ([e for e in dated if e.date[5:] == c.date[5:]] or [e for e in dated if e.date[:4] == c.date[:4]]
                    or [e for e in dated if abs(int(e.date[:4]) - int(c.date[:4])) <= 1])
            if not near:
                return Resolution("unknown")
            return Resolution("contradiction", near[0],
                              f"CSDL: {c.key} ban hành ngày {listed}, không phải {_fmt_date(c.date)}")
        if c.year:
            same = [e for e in dated if e.date[:4] == str(c.year)]
            if same:
                return Resolution("ok", same[0])
            near = [e for e in dated if abs(int(e.date[:4]) - c.year) <= 1]
            if near:
                return Resolution("contradiction", near[0],
                                  f"CSDL: {c.key} ban hành ngày {listed}, không phải năm {c.year}")
            return Resolution("unknown")
        dm = _day_month(c)
        if dm:  # "Luật … ngày 29/11" (no year): the day and month pick the law; another day may be a re-enactment
            kept = [e for e in dated if e.date[5:] == dm]
            return Resolution("ok", kept[-1]) if kept else Resolution("unknown")
        # no date: the law of that name in force at the plan's date (the latest one issued by then)
        before = [e for e in candidates if not on or not e.date or e.date <= on]
        return Resolution("ok", max(before or candidates, key=lambda e: e.date or ""))

    def _resolve_family(self, c: Citation, rows: list[LegalBase], on: str | None) -> Resolution:
        """Rows of the cited number and code (any year): the citation's date, year or title picks the row; a date
        that is a slip of a known one's (same year, same day and month, or a year off in the same month) is a wrong
        date naming the right one(s); any other date, or a title of another subject, is another document that
        shares the number (unknown)."""
        rows = sorted(rows, key=lambda e: e.date or "")
        issuer = norm_name(c.issuer)
        mine = [e for e in rows if issuer and e.province and norm_name(e.province) in issuer]
        rows = mine or rows  # two provinces' "06-NQ/TU": the one the citation names
        exact = [e for e in rows if norm_key(e.key) == norm_key(c.key)]
        if c.date:
            same = [e for e in rows if e.date == c.date]
            if same:
                e = same[0]
                if c.year and e.date[:4] != str(c.year):
                    return Resolution("contradiction", e, f"CSDL: số hiệu đúng là {e.key}, không phải {c.key}")
                return Resolution("ok", e)
        year = c.year or (int(c.date[:4]) if c.date else None)
        in_year = [e for e in rows if e.date and int(e.date[:4]) == year] if year else []
        titled = [e for e in rows if c.title and _similar(c.title, e.title)]
        other_document = bool(c.title) and not titled and all(e.title for e in rows)
        if c.year and not [e for e in rows if _key_year(e.key) in (c.year, None)]:
            # "73/2018/NĐ-CP": the year is part of the number, so another year is another document unless the
            # citation's date or title is the known one's
            if titled:
                e = titled[0]
                return Resolution("contradiction", e, f"CSDL: số hiệu đúng là {e.key} ({e.title}), không phải {c.key}")
            return self._number_slip(c)
        if c.date:
            if other_document:
                return Resolution("unknown")
            if in_year:  # the year is right: a slip of the day or the month
                return _check_date(c, ([e for e in in_year if e in titled] or in_year)[0])
            # a year-less number ("749/QĐ-TTg", "50/NQ-CP") comes back every year: another year is a slip only when
            # the day and month are the known ones or the year is one off in the same month; else another document
            slips = [e for e in rows if e.date and _date_slip(c.date, e.date)]
            if not slips:
                return Resolution("unknown")
            dates = " hoặc ".join(_fmt_date(e.date) for e in slips)
            return Resolution("contradiction", slips[0],
                              f"CSDL: {c.key} ban hành ngày {dates}, không phải {_fmt_date(c.date)}")
        dm = _day_month(c)
        if dm:  # "ngày 03/6" (no year, LEGAL-03 says so): the day and month still pick or contradict
            pool = exact if c.year else rows  # "73/2019/NĐ-CP ngày 15/7": the year in the number pins the row
            kept = [e for e in pool if e.date and e.date[5:] == dm]
            if kept:
                before = [e for e in kept if not on or e.date <= on]
                return Resolution("ok", (before or kept)[-1])
            if c.year and len(exact) == 1 and exact[0].date:
                e = exact[0]
                return Resolution("contradiction", e, f"CSDL: {c.key} ban hành ngày {_fmt_date(e.date)}, không phải "
                                                      f"ngày {int(dm[3:])}/{int(dm[:2])}")
            return Resolution("unknown")  # a year-less number on another day may be another year's document
        if in_year:
            return Resolution("ok", (titled or in_year)[0] if len(in_year) > 1 else in_year[0])
        if c.year and not c.date and exact:  # "73/2019/NĐ-CP" with no date: the number itself names the row
            return Resolution("ok", exact[0])
        if titled:
            return Resolution("ok", titled[0])
        if other_document and len(rows) == 1 and not c.year:
            return Resolution("unknown")
        before = [e for e in rows if not on or not e.date or e.date <= on]
        return Resolution("ok", (before or rows)[-1])

    def _other_issuer(self, c: Citation) -> Resolution:
        """A known number of the same type under another issuer: wrong issuer when the date (or the year and the
        title) is the known document's."""
        for e in self.by_number.get((_number(c.number), _type_of(c.code)), []):
            if c.date and e.date == c.date:
                return Resolution("contradiction", e,
                                  f"CSDL: văn bản ban hành ngày {_fmt_date(e.date)} có số hiệu {e.key} "
                                  f"({e.issuer}), không phải {c.key}")
            year = c.year or (int(c.date[:4]) if c.date else None)
            # by title only between national issuers: a province's "01-KH/BCĐ" implementing the central
            # "01-KH/BCĐTW" carries nearly the same title and is a document of its own
            if (year and e.date and int(e.date[:4]) == year and c.title and _similar(c.title, e.title)
                    and c.issuer_code in NATIONAL_ISSUERS):
                return Resolution("contradiction", e, f"CSDL: số hiệu đúng là {e.key} ({e.issuer}), không phải {c.key}")
        return self._number_slip(c)

    def _number_slip(self, c: Citation) -> Resolution:
        """A number one digit off a known document of the same code and the same date ("37/2024/NĐ-CP ngày
        23/10/2024" for 137/2024/NĐ-CP): the wrong number, naming the right one. Numbers run on through the year,
        so only a slip that lands far away (≥ 30) is claimed: "740/QĐ-TTg" of the day 749/QĐ-TTg was signed may
        be another decision of that day."""
        if not c.date:
            return Resolution("unknown")
        code = family(c.key)[1]
        near = [e for e in self.by_date.get(c.date, []) if family(e.key)[1] == code
                and _one_digit_off(_number(e.number), _number(c.number)) and _far(e.number, c.number)]
        if len(near) == 1:
            e = near[0]
            return Resolution("contradiction", e, f"CSDL: văn bản ban hành ngày {_fmt_date(e.date)} có số hiệu "
                                                  f"{e.key}, không phải {c.key}")
        return Resolution("unknown")

    def annotate(self, citations: list[Citation], on: str | None = None) -> None:
        """Set each citation's kb_status, kb_key, kb_note and its currency at ``on`` (the plan's date)."""
        for c in citations:
            r = self.resolve(c, on)
            c.kb_status = r.status
            c.kb_key = r.entry.key if r.entry else ""
            c.kb_entry = r.entry
            c.kb_note = r.note
            if r.entry and not c.title:
                c.title = r.entry.title
            if r.entry and not c.issuer:
                c.issuer = r.entry.issuer
            if r.entry and r.status == "ok":
                c.currency = self.currency(r.entry, on or dt.date.today().isoformat())

    def successors(self, entry: LegalBase, on: str) -> tuple[list[LegalBase], str]:
        """The chain of documents that replaced ``entry`` and were in force by ``on`` (the first one first) and
        the date ``entry`` stopped being in force; ([], "") when it was still in force then as far as the KB knows."""
        chain: list[LegalBase] = []
        current, since, seen = entry, "", {norm_key(entry.key)}
        while current.status in ("replaced", "expired") and current.replaced_by:
            nxt = self.get(current.replaced_by, None)
            if nxt is None or norm_key(nxt.key) in seen:
                break
            start = nxt.in_force_from
            if not start or start > on:
                break
            seen.add(norm_key(nxt.key))
            chain.append(nxt)
            current, since = nxt, since or start
        return chain, since

    def currency(self, entry: LegalBase, on: str) -> str:
        """'đã được thay thế bởi … từ dd/mm/yyyy' when ``entry`` was no longer in force at ``on``, else ''."""
        chain, since = self.successors(entry, on)
        if not chain:
            return ""
        word = "đã hết hiệu lực (bãi bỏ bởi" if entry.status == "expired" else "đã được thay thế (bởi"
        text = f"{word} {chain[0].kind} {chain[0].key} từ {_fmt_date(since)})"
        if len(chain) > 1:
            text += f"; văn bản hiện hành: {chain[-1].kind} {chain[-1].key}"
        return text


def _check_date(c: Citation, entry: LegalBase) -> Resolution:
    if c.date and entry.date and c.date != entry.date:
        expected, cited = _fmt_date(entry.date), _fmt_date(c.date)
        return Resolution("contradiction", entry, f"CSDL: {entry.key} ban hành ngày {expected}, không phải {cited}")
    return Resolution("ok", entry)


def _one_digit_off(a: str, b: str) -> bool:
    """One digit added, dropped or changed: '137' and '37', '749' and '740' (not '749' and '794')."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_DAY_MONTH = re.compile(r"(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})(?!\d)")


def _day_month(c: Citation) -> str:
    """'MM-DD' of a date written without its year ("ngày 03/6", "ngày 3 tháng 6"), else ''."""
    if c.date or not c.date_text or re.search(r"\d{3}", c.date_text):  # an impossible full date is not this
        return ""
    m = _DAY_MONTH.search(c.date_text)
    if not m:
        return ""
    try:
        return dt.date(2000, int(m.group(2)), int(m.group(1))).isoformat()[5:]  # 2000: 29/2 exists
    except ValueError:
        return ""


def _date_slip(cited: str, true: str) -> bool:
    """'2021-06-03' for '2020-06-03' (the day and month kept), '2020-03-09' for '2019-03-07' (a year off in the
    same month): a date written wrongly rather than another document's."""
    same_day_month = cited[5:] == true[5:]
    year_off = abs(int(cited[:4]) - int(true[:4]))
    return same_day_month or (year_off == 1 and cited[5:7] == true[5:7])


def _far(a: str, b: str) -> bool:
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return bool(da and db) and abs(int(da) - int(db)) >= 30


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6
