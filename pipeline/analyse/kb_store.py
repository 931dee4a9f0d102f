"""An SQLite knowledge base of legal documents for large metadata exports (tens of thousands of rows).

``planreview kb import FILE`` merges a CSV or JSON export (number, kind, date, issuer, title, status, …)
into the store, keeping the provenance of every row (file, row number, import time, and the evidence
URL/quote when the export carries them). Reviews look documents up here when the hand-curated YAML
(rules/legal_bases.yaml, --kb files) does not know them; YAML entries override store rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.kb import LegalBase, family, norm_key, norm_name
from pipeline.core.errors import InputError
from pipeline.core.model import Location

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    nkey TEXT NOT NULL,            -- norm_key(key): '749/QD-TTG'
    key TEXT NOT NULL,
    kind TEXT, date TEXT, issuer TEXT, title TEXT, level TEXT, province TEXT,
    effective TEXT, status TEXT, replaced_by TEXT, amended_by TEXT, replaces TEXT,
    evidence_url TEXT, evidence_quote TEXT,
    source_file TEXT NOT NULL, source_sha256 TEXT NOT NULL, source_row INTEGER NOT NULL, imported_at TEXT NOT NULL,
    UNIQUE (nkey, issuer, date)  -- a year-less number comes back every year: "1017/QĐ-TTg" of 2018 and of 2024
);
CREATE INDEX IF NOT EXISTS documents_nkey ON documents (nkey);
CREATE TABLE IF NOT EXISTS names (name TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id));
CREATE INDEX IF NOT EXISTS names_name ON names (name);
CREATE INDEX IF NOT EXISTS names_doc ON names (doc_id);
"""

# column name in an export → our field (first match wins); lower-cased, spaces/dashes as "_"
ALIASES: dict[str, tuple[str, ...]] = {
    "key": ("key", "number", "so_hieu", "số_hiệu", "so_ky_hieu", "document_number", "ky_hieu"),
    "kind": ("kind", "loai", "loại", "loai_van_ban", "loại_văn_bản", "type", "doc_type"),
    "date": ("date", "date_issued", "issued", "ngay_ban_hanh", "ngày_ban_hành", "issue_date"),
    "issuer": ("issuer", "co_quan_ban_hanh", "cơ_quan_ban_hành", "agency", "noi_ban_hanh"),
    "title": ("title", "title_vi", "trich_yeu", "trích_yếu", "name"),
    "status": ("status", "status_as_of_2026", "tinh_trang", "tình_trạng", "hieu_luc"),
    "effective": ("effective", "effective_from", "ngay_hieu_luc", "ngày_hiệu_lực", "effective_date"),
    "replaced_by": ("replaced_by", "thay_the_boi"),
    "amended_by": ("amended_by", "sua_doi_boi"),
    "replaces": ("replaces", "thay_the"),
    "level": ("level", "cap"),
    "province": ("province", "tinh"),
    "evidence_url": ("evidence_url", "url", "source_url", "link"),
    "evidence_quote": ("evidence_quote", "quote"),
    "names": ("names", "aliases", "ten_goi"),
}
KINDS = {
    "quyet_dinh": "Quyết định", "nghi_quyet": "Nghị quyết", "nghi_quyet_tw": "Nghị quyết",
    "nghi_quyet_cp": "Nghị quyết", "nghi_quyet_qh": "Nghị quyết", "luat": "Luật", "nghi_dinh": "Nghị định",
    "thong_tu": "Thông tư", "ke_hoach": "Kế hoạch", "chi_thi": "Chỉ thị", "cong_van": "Công văn",
    "ket_luan": "Kết luận", "chuong_trinh": "Chương trình", "huong_dan": "Hướng dẫn",
}
STATUSES = {"in_force": "in_force", "con_hieu_luc": "in_force", "còn hiệu lực": "in_force",
            "het_hieu_luc": "expired", "hết hiệu lực": "expired", "expired": "expired", "replaced": "replaced",
            "amended": "amended", "unknown": "unknown", "": "unknown"}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def default_path() -> Path:
    """$XDG_DATA_HOME/planreview/kb.sqlite (~/.local/share/planreview/kb.sqlite)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "planreview" / "kb.sqlite"


def _iso(value: str) -> str:
    value = (value or "").strip()
    m = _DMY.match(value)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return ""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if value else ""
    except ValueError:
        return ""


def _column_map(columns: list[str]) -> dict[str, str]:
    norm = {re.sub(r"[\s-]+", "_", c.strip().lower()): c for c in columns}
    out = {}
    for ours, aliases in ALIASES.items():
        for alias in aliases:
            if alias in norm:
                out[ours] = norm[alias]
                break
    return out


def read_export(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, raw row) of a CSV or JSON export (a list of objects, or {"documents": [...]})."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            rows = data.get("documents") if isinstance(data, dict) else data
            if not isinstance(rows, list):
                raise InputError(f"{path}: JSON phải là danh sách văn bản", f"{path}: expected a list of documents")
            for i, row in enumerate(rows, start=1):
                if isinstance(row, dict):
                    yield i, {k: v if isinstance(v, (str, list)) else ("" if v is None else str(v))
                              for k, v in row.items()}
        elif suffix in (".csv", ".tsv"):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
                for i, row in enumerate(reader, start=2):  # row 1 is the header
                    yield i, {k: v or "" for k, v in row.items() if k}
        else:
            raise InputError(f"{path}: chỉ nhận tệp .csv, .tsv hoặc .json", f"{path}: only .csv, .tsv or .json exports")
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: không đọc được tệp: {exc}", f"{path}: unreadable export: {exc}") from exc


class KBStore:
    """The SQLite knowledge base (one file)."""

    def __init__(self, path: Path, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError(f"Chưa có cơ sở dữ liệu văn bản: {self.path} (tạo bằng 'planreview kb import')",
                             f"Knowledge base not found: {self.path} (create it with 'planreview kb import')")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), check_same_thread=False)  # the web server reviews in threads
        self.db.row_factory = sqlite3.Row
        self._migrate()
        self.db.executescript(SCHEMA)
        self._cache: dict[tuple[str, str], list[LegalBase]] = {}  # a review asks for the same keys again

    def _migrate(self) -> None:
        """A store built before issue 31 keeps one row per key and issuer: rebuild its table with the date in the
        key (every row and its provenance kept)."""
        row = self.db.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='documents'").fetchone()
        if row is None or "UNIQUE (nkey, issuer)" not in row[0]:
            return
        with self.db:
            self.db.execute("ALTER TABLE documents RENAME TO documents_old")
            self.db.executescript(SCHEMA.split("CREATE INDEX")[0])
            cols = ", ".join(r[1] for r in self.db.execute("PRAGMA table_info(documents_old)"))
            self.db.execute(f"INSERT INTO documents ({cols}) SELECT {cols} FROM documents_old")
            self.db.execute("DROP TABLE documents_old")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> KBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def import_file(self, path: Path, progress: Any = None) -> dict[str, int]:
        """Merge an export into the store; a row with the same key, issuer and date replaces the older one."""
        path = Path(path)
        if not path.is_file():
            raise InputError(f"Không tìm thấy tệp: {path}", f"File not found: {path}")
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        counts = {"imported": 0, "skipped": 0}
        self._cache.clear()
        cols: dict[str, str] | None = None
        with self.db:
            for row_no, raw in read_export(path):
                if cols is None:
                    cols = _column_map(list(raw))
                    if "key" not in cols:
                        raise InputError(f"{path}: thiếu cột số hiệu (number/key/so_hieu)",
                                         f"{path}: no document-number column (number/key/so_hieu)")

                def get(field: str, row: dict[str, Any] = raw, mapping: dict[str, str] = cols) -> Any:
                    return row.get(mapping[field], "") if field in mapping else ""

                key = str(get("key")).strip()
                if not key:
                    counts["skipped"] += 1
                    continue
                kind = str(get("kind")).strip() or _kind_of(key)
                status = str(get("status")).strip()
                values = {
                    "nkey": norm_key(key), "key": key, "kind": KINDS.get(kind, kind), "date": _iso(str(get("date"))),
                    "issuer": str(get("issuer")).strip(), "title": str(get("title")).strip(),
                    "level": str(get("level")).strip(), "province": str(get("province")).strip(),
                    "effective": _iso(str(get("effective"))),
                    "status": STATUSES.get(status.lower(), status or "unknown"),
                    "replaced_by": str(get("replaced_by")).strip(), "amended_by": str(get("amended_by")).strip(),
                    "replaces": str(get("replaces")).strip(), "evidence_url": str(get("evidence_url")).strip(),
                    "evidence_quote": str(get("evidence_quote")).strip(), "source_file": path.name,
                    "source_sha256": sha, "source_row": row_no, "imported_at": now,
                }
                self.db.execute("DELETE FROM names WHERE doc_id IN "
                                "(SELECT id FROM documents WHERE nkey=? AND issuer=? AND date=?)",
                                (values["nkey"], values["issuer"], values["date"]))
                cur = self.db.execute(
                    f"INSERT OR REPLACE INTO documents ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                    list(values.values()))
                names = get("names")
                names = names if isinstance(names, list) else [n for n in str(names).split("|") if n.strip()]
                if values["kind"] == "Luật" and values["title"]:
                    names.append(values["title"])
                for name in dict.fromkeys(norm_name(n) for n in names):
                    self.db.execute("INSERT INTO names (name, doc_id) VALUES (?, ?)", (name, cur.lastrowid))
                counts["imported"] += 1
                if progress and counts["imported"] % 5000 == 0:
                    progress(counts["imported"])
        return counts

    def _entries(self, rows: list[sqlite3.Row]) -> list[LegalBase]:
        out = []
        for r in rows:
            evidence = [{"url": u.strip(), "quote": q.strip()} for u, q in
                        zip((r["evidence_url"] or "").split(" | "), _pad((r["evidence_quote"] or "").split(" | "),
                                                                           (r["evidence_url"] or "").count(" | ") + 1))
                        if u.strip()]
            out.append(LegalBase.from_dict({
                "key": r["key"], "kind": r["kind"], "date": r["date"], "issuer": r["issuer"], "title": r["title"],
                "level": r["level"] or "national", "province": r["province"], "effective": r["effective"],
                "status": r["status"], "replaced_by": r["replaced_by"], "amended_by": r["amended_by"],
                "replaces": r["replaces"], "evidence": evidence, "verified": bool(evidence),
                "source": f"{r['source_file']}:{r['source_row']} (sha256 {r['source_sha256'][:12]}, "
                          f"nhập {r['imported_at']})",
            }))
        return out

    def lookup(self, key: str) -> list[LegalBase]:
        """Every row with this key (any spelling: '749/QD-TTg' finds '749/QĐ-TTg')."""
        nkey = norm_key(key)
        if ("k", nkey) not in self._cache:
            rows = self.db.execute("SELECT * FROM documents WHERE nkey = ? ORDER BY date", (nkey,)).fetchall()
            self._cache[("k", nkey)] = self._entries(rows)
        return self._cache[("k", nkey)]

    def all_entries(self) -> list[LegalBase]:
        """Every row (for `planreview kb stats`)."""
        return self._entries(self.db.execute("SELECT * FROM documents ORDER BY date").fetchall())

    def lookup_family(self, number: str, key: str) -> list[LegalBase]:
        """Every row of the cited number and code in any year ("1017/QĐ-TTg" of 2018 and 2024; "73/NĐ-CP" finds
        "73/2019/NĐ-CP"): one range scan of the key index on the number's prefix."""
        from_key = family(key)
        if ("f", "|".join(from_key)) not in self._cache:
            nkey = norm_key(key)
            sep = nkey[len(number):len(number) + 1] or "/"
            low = nkey[:len(number)] + sep
            high = nkey[:len(number)] + chr(ord(sep) + 1)
            rows = self.db.execute("SELECT * FROM documents WHERE nkey >= ? AND nkey < ? ORDER BY date",
                                   (low, high)).fetchall()
            self._cache[("f", "|".join(from_key))] = [e for e in self._entries(rows) if family(e.key) == from_key]
        return self._cache[("f", "|".join(from_key))]

    def lookup_name(self, name: str) -> list[LegalBase]:
        """Every row cited by this name (laws: 'Luật Giao dịch điện tử'), any case or diacritics."""
        folded = norm_name(name)
        if ("n", folded) not in self._cache:
            rows = self.db.execute("SELECT d.* FROM names n JOIN documents d ON d.id = n.doc_id WHERE n.name = ? "
                                   "ORDER BY d.date", (folded,)).fetchall()
            self._cache[("n", folded)] = self._entries(rows)
        return self._cache[("n", folded)]


def _kind_of(key: str) -> str:
    """The document type named by a key's code ("06-NQ/TU" → "Nghị quyết"), for exports without a kind."""

    found = extract_from_text(key, Location())
    return found[0].kind if found else ""


def _pad(items: list[str], n: int) -> list[str]:
    return items + [""] * max(0, n - len(items))


def open_default() -> KBStore | None:
    """The default store when one was imported, else None."""
    path = default_path()
    return KBStore(path) if path.is_file() else None
