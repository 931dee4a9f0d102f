"""Knowledge base of legal documents (rules/legal_bases.yaml + --kb files) and citation validation.

Each citation is resolved to a KB entry where possible and gets a status:

- ``ok`` (✓): known, and its date, year and issuer agree with the KB;
- ``contradiction`` (✗): it names a known document but its date, year or issuer code contradicts the KB
  (e.g. "749/QĐ-TTg ngày 03/6/2021"); ``kb_note`` says what the KB expects;
- ``unknown`` (?): not in the KB — to be checked by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .legal import KIND_BY_TYPE, Citation
from .textnorm import fold

STATUS_SYMBOL = {"ok": "✓", "contradiction": "✗", "unknown": "?"}
_TYPE_BY_KIND = {v: k for k, v in KIND_BY_TYPE.items()}


def norm_key(key: str) -> str:
    """'749/QĐ-TTg', '749/QD-TTG', '749 / QĐ-TTg' → '749/QD-TTG'."""
    return re.sub(r"\s+", "", key).upper().replace("Đ", "D")


def norm_name(name: str) -> str:
    """Lower case, no diacritics: 'Luật Công nghệ thông tin' and 'Luat Cong nghe thong tin' match."""
    return fold(name)


def _type_of(code: str) -> str:
    """Document type of a code: 'QĐ-TTg' → 'QD', 'NQ/TW' → 'NQ', 'QH15' → 'QH'."""
    m = re.match(r"([A-ZĐa-zđ]+?)(?:[-/]|\d|$)", code)
    return norm_key(m.group(1)) if m else ""


def _issuer_of(code: str) -> str:
    parts = re.split(r"[-/]", code)
    return norm_key(parts[1]) if len(parts) > 1 else ""


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
    def __init__(self, raw_entries: list[dict[str, Any]]):
        self.entries = [LegalBase(
            key=str(e["key"]), kind=e.get("kind", ""), date=str(e.get("date", "") or ""), issuer=e.get("issuer", ""),
            title=e.get("title", ""), names=list(e.get("names") or []), tags=list(e.get("tags") or []),
            expected_when=list(e.get("expected_when") or []), level=e.get("level", "national"),
            province=e.get("province", ""), source=e.get("source", ""),
        ) for e in raw_entries]
        self.by_key = {norm_key(e.key): e for e in self.entries}
        self.by_name: dict[str, list[LegalBase]] = defaultdict(list)
        self.by_number: dict[tuple[str, str], list[LegalBase]] = defaultdict(list)
        for e in self.entries:
            for name in e.names:
                self.by_name[norm_name(name)].append(e)
            self.by_number[(e.number.lstrip("0"), _type_of(e.code))].append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def _check_date(self, c: Citation, entry: LegalBase) -> Resolution:
        if c.date and entry.date and c.date != entry.date:
            expected, cited = _fmt_date(entry.date), _fmt_date(c.date)
            return Resolution("contradiction", entry, f"CSDL: {entry.key} ban hành ngày {expected}, không phải {cited}")
        return Resolution("ok", entry)

    def resolve(self, c: Citation) -> Resolution:
        # laws cited by name ("Luật Công nghệ thông tin ngày 29/6/2006")
        if c.kind == "Luật" and not c.code:
            candidates = self.by_name.get(norm_name(c.key), [])
            if not candidates:
                return Resolution("unknown")
            if c.date:
                same = [e for e in candidates if e.date == c.date]
                if same:
                    return Resolution("ok", same[0])
                dates = ", ".join(_fmt_date(e.date) for e in candidates)
                return Resolution("contradiction", candidates[0],
                                  f"CSDL: {c.key} ban hành ngày {dates}, không phải {_fmt_date(c.date)}")
            return Resolution("ok", max(candidates, key=lambda e: e.date))
        if c.code:
            entry = self.by_key.get(norm_key(c.key))
            if entry:
                return self._check_date(c, entry)
            type_code = _type_of(c.code)
            candidates = self.by_number.get((c.number.lstrip("0"), type_code), [])
            same_issuer = [e for e in candidates if _issuer_of(e.code) == _issuer_of(c.code)]
            if c.year is None and len(same_issuer) == 1 and type_code in ("ND", "TT"):
                return self._check_date(c, same_issuer[0])  # "73/NĐ-CP": the year is missing (LEGAL-03 says so)
            for e in candidates:
                if c.date and e.date == c.date:
                    return Resolution("contradiction", e,
                                      f"CSDL: văn bản ban hành ngày {_fmt_date(e.date)} có số hiệu {e.key}, "
                                      f"không phải {c.key}")
            for e in same_issuer:
                if c.year and e.date and int(e.date[:4]) != c.year and c.title and _similar(c.title, e.title):
                    return Resolution("contradiction", e, f"CSDL: số hiệu đúng là {e.key}, không phải {c.key}")
            return Resolution("unknown")
        # number only: "Quyết định 749"
        candidates = self.by_number.get((c.number.lstrip("0"), norm_key(_TYPE_BY_KIND.get(c.kind, ""))), [])
        if len(candidates) == 1:
            return self._check_date(c, candidates[0])
        return Resolution("unknown")

    def annotate(self, citations: list[Citation]) -> None:
        """Set each citation's kb_status, kb_key and kb_note."""
        for c in citations:
            r = self.resolve(c)
            c.kb_status = r.status
            c.kb_key = r.entry.key if r.entry else ""
            c.kb_note = r.note
            if r.entry and not c.title:
                c.title = r.entry.title
            if r.entry and not c.issuer:
                c.issuer = r.entry.issuer


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6
