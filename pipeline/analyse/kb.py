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

from pipeline.analyse.citations import KIND_BY_TYPE, Citation
from pipeline.core.textnorm import fold

STATUS_SYMBOL = {"ok": "✓", "contradiction": "✗", "unknown": "?"}
_TYPE_BY_KIND: dict[str, str] = {}
for _type, _kind in KIND_BY_TYPE.items():
    _TYPE_BY_KIND.setdefault(_kind, _type)


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
    a YAML entry overrides a store row with the same key."""

    def __init__(self, raw_entries: list[dict[str, Any]], store: Any = None):
        self.entries = [LegalBase.from_dict(e) for e in raw_entries]
        self.store = store  # kb_store.KBStore or None
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

    def get(self, key: str) -> LegalBase | None:
        """The entry for a key ("749/QĐ-TTg", any spelling): YAML first, then the SQLite store."""
        entry = self.by_key.get(norm_key(key))
        if entry is None and self.store is not None:
            rows = self.store.lookup(key)
            entry = rows[0] if rows else None
        return entry

    def _named(self, name: str) -> list[LegalBase]:
        found = list(self.by_name.get(norm_name(name), []))
        if self.store is not None:
            keys = {norm_key(e.key) for e in found}
            found += [e for e in self.store.lookup_name(name) if norm_key(e.key) not in keys]
        return found

    def resolve(self, c: Citation, on: str | None = None) -> Resolution:
        """Resolve a citation; ``on`` (ISO date: the plan's own date) picks among laws of the same name."""
        # laws cited by name ("Luật Công nghệ thông tin ngày 29/6/2006")
        if c.kind == "Luật" and not c.code:
            candidates = self._named(c.key)
            if not candidates:
                return Resolution("unknown")
            if c.date:
                same = [e for e in candidates if e.date == c.date]
                if same:
                    return Resolution("ok", same[0])
                near = [e for e in candidates if e.date and abs(int(e.date[:4]) - int(c.date[:4])) <= 1]
                if not near:  # laws are re-enacted under the same name: another law the KB does not know yet
                    return Resolution("unknown")
                dates = ", ".join(_fmt_date(e.date) for e in sorted(candidates, key=lambda e: e.date))
                return Resolution("contradiction", near[0],
                                  f"CSDL: {c.key} ban hành ngày {dates}, không phải {_fmt_date(c.date)}")
            if c.year:
                same = [e for e in candidates if e.date[:4] == str(c.year)]
                if same:
                    return Resolution("ok", same[0])
            # no date: the law of that name in force at the plan's date (the latest one issued by then)
            before = [e for e in candidates if not on or not e.date or e.date <= on]
            return Resolution("ok", max(before or candidates, key=lambda e: e.date))
        if c.code:
            entry = self.by_key.get(norm_key(c.key))
            if entry:
                return self._check_date(c, entry)
            if self.store is not None:
                rows = self.store.lookup(c.key)
                if rows:
                    return self._check_date(c, _pick(rows, c))
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

    def annotate(self, citations: list[Citation], on: str | None = None) -> None:
        """Set each citation's kb_status, kb_key, kb_note and its currency at ``on`` (the plan's date)."""
        for c in citations:
            r = self.resolve(c, on)
            c.kb_status = r.status
            c.kb_key = r.entry.key if r.entry else ""
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
            nxt = self.get(current.replaced_by)
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


def _pick(rows: list[LegalBase], c: Citation) -> LegalBase:
    """Among store rows sharing a key (two provinces' "06-NQ/TU"), the one the citation's date or issuer names."""
    if len(rows) > 1:
        for e in rows:
            if c.date and e.date == c.date:
                return e
        issuer = norm_name(c.issuer)
        for e in rows:
            if issuer and (norm_name(e.province) in issuer or issuer in norm_name(e.issuer)) and e.province:
                return e
    return rows[0]


def _similar(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6
