"""`planreview kb stats`: the knowledge base counted by kind, year, status and verification — the YAML rows the
reviews load (rules/legal_bases.yaml, rules/legal/national/, --kb files) and the imported SQLite store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

STATUS_LABELS = {"in_force": "còn hiệu lực", "amended": "đã sửa đổi", "replaced": "đã được thay thế",
                 "expired": "hết hiệu lực", "unknown": "chưa xác minh tình trạng"}
VERIFIED_LABELS = {"true": "đã xác minh", "partial": "xác minh một phần", "false": "chưa xác minh"}


def _verified(value: Any) -> str:
    if value is True or str(value).lower() == "true":
        return "true"
    return "partial" if str(value).lower() == "partial" else "false"


def counts(entries: list[Any]) -> dict[str, Counter]:
    """Counters of kb.LegalBase rows by level, kind, year of issue, status (2026) and verification."""
    return {
        "level": Counter(e.level or "national" for e in entries),
        "kind": Counter(e.kind or "?" for e in entries),
        "year": Counter((e.date or "?")[:4] for e in entries),
        "status": Counter(e.status or "unknown" for e in entries),
        "verified": Counter(_verified(e.verified) for e in entries),
    }


def _line(title: str, counter: Counter, labels: dict[str, str] | None = None, by_key: bool = False) -> str:
    items = sorted(counter.items()) if by_key else counter.most_common()
    return f"  {title}: " + ", ".join(f"{(labels or {}).get(k, k)} {n}" for k, n in items)


def print_stats(entries: list[Any], store: Any, path: Path) -> None:
    print(f"YAML (biên soạn tay, nạp trong mọi lần rà soát): {len(entries)} văn bản")
    _print_counts(counts(entries))
    if store is None:
        print(f"SQLite {path}: chưa có (tạo bằng 'planreview kb import')")
        return
    rows = store.all_entries()
    print(f"SQLite {path}: {len(rows)} văn bản")
    if rows:
        _print_counts(counts(rows))


def _print_counts(c: dict[str, Counter]) -> None:
    print(_line("cấp / level", c["level"]))
    print(_line("loại / kind", c["kind"]))
    print(_line("năm ban hành / year", c["year"], by_key=True))
    print(_line("tình trạng / status", c["status"], STATUS_LABELS))
    print(_line("xác minh / verified", c["verified"], VERIFIED_LABELS))
