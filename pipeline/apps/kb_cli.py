"""`planreview kb`: the legal knowledge base — import a metadata export into SQLite, show a document."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.core.errors import InputError

EPILOG = """\
Ví dụ / examples:
  planreview kb import ../shared/legal/dx-legal-documents.csv
      → ~/.local/share/planreview/kb.sqlite (mỗi dòng giữ nguồn: tệp, số dòng, thời điểm nhập, URL + trích dẫn)
  planreview kb import danh-muc-van-ban.json --db kb-tinh.sqlite
  planreview kb show 749/QĐ-TTg        (cũng nhận 749/QD-TTg)
  planreview kb show "Luật Tổ chức chính quyền địa phương"
  planreview kb stats                  (theo loại, năm, tình trạng, xác minh / by kind, year, status, verified)
  planreview review du-thao.docx --kb-db kb-tinh.sqlite

Cột nhận được / accepted columns (CSV header or JSON keys; aliases in kb_store.ALIASES): number|key|so_hieu,
kind|loai, date|date_issued|ngay_ban_hanh, issuer, title|trich_yeu, status, effective|effective_from,
replaced_by, amended_by, replaces, level, province, evidence_url, evidence_quote, names ("a | b"); the full
table: docs/guide.md, "Import format". Một văn bản = số hiệu + cơ quan + ngày: cùng số hiệu khác năm là văn bản khác.
Văn bản trong rules/legal_bases.yaml và tệp --kb (YAML, biên soạn tay) được ưu tiên hơn dòng cùng số hiệu
trong SQLite. / Hand-curated YAML entries override SQLite rows with the same key.
"""


def add_parser(sub) -> None:
    kb = sub.add_parser("kb", help="cơ sở dữ liệu văn bản pháp lý / legal knowledge base",
                        description="Cơ sở dữ liệu văn bản pháp lý dùng để đối chiếu căn cứ: nạp danh mục lớn "
                                    "(CSV/JSON) vào SQLite và tra cứu. / Import legal-document metadata into an "
                                    "SQLite knowledge base and look documents up.",
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="ACTION")
    imp = kb_sub.add_parser("import", help="nạp tệp CSV/JSON / import a CSV or JSON export")
    imp.add_argument("files", type=Path, nargs="+", help="tệp .csv, .tsv hoặc .json")
    show = kb_sub.add_parser("show", help="tra một văn bản / show one document")
    show.add_argument("key", help="số hiệu (749/QĐ-TTg) hoặc tên luật")
    kb_sub.add_parser("stats", help="thống kê theo loại, năm, tình trạng, xác minh / counts by kind, year, status, "
                                    "verified")
    for sp in (imp, show, kb_sub.choices["stats"]):
        sp.add_argument("--db", type=Path, metavar="FILE",
                        help="tệp SQLite (mặc định $XDG_DATA_HOME/planreview/kb.sqlite)")
        sp.add_argument("--rules", type=Path, action="append", metavar="DIR", help="thư mục quy tắc YAML")
        sp.add_argument("--kb", type=Path, action="append", metavar="FILE", help="tệp YAML bổ sung")


def _print_entry(e, origin: str) -> None:
    from pipeline.analyse.kb import _fmt_date

    print(f"{e.kind} {e.key} — {e.title}")
    print(f"  nguồn dữ liệu / origin: {origin}")
    print(f"  cơ quan ban hành: {e.issuer or '?'}")
    print(f"  ngày ban hành: {_fmt_date(e.date) or '?'}    hiệu lực từ: {_fmt_date(e.effective) or '?'}")
    status = {"in_force": "còn hiệu lực", "amended": "còn hiệu lực, đã được sửa đổi", "replaced": "đã được thay thế",
              "expired": "hết hiệu lực", "unknown": "chưa xác minh"}.get(e.status, e.status)
    print(f"  tình trạng (2026): {status}")
    for label, value in (("thay thế bởi", e.replaced_by), ("sửa đổi bởi", e.amended_by), ("thay thế", e.replaces)):
        if value:
            print(f"  {label}: {value}")
    if e.names:
        print(f"  tên gọi: {'; '.join(e.names)}")
    verified = {True: "đã xác minh", "partial": "xác minh một phần", False: "chưa xác minh"}.get(e.verified, e.verified)
    print(f"  xác minh: {verified}" + (f" (chưa xác minh: {'; '.join(e.unverified)})" if e.unverified else ""))
    if e.source:
        print(f"  nguồn: {e.source}")
    for ev in e.evidence:
        print(f"    - {ev.get('url', '')}")
        if ev.get("quote"):
            print(f"      \u201c{ev['quote']}\u201d")


def cmd_kb(args: argparse.Namespace) -> int:
    from pipeline.analyse.kb import KnowledgeBase, norm_key, norm_name
    from pipeline.analyse.kb_store import KBStore, default_path
    from pipeline.rules.loader import load_rules

    if not args.kb_command:
        print("Dùng / use: planreview kb {import,show,stats} … (planreview kb --help)", file=sys.stderr)
        return 2
    path = args.db or default_path()
    if args.kb_command == "import":
        missing = [f for f in args.files if not f.is_file()]
        if missing:
            raise InputError(f"Không tìm thấy tệp: {', '.join(map(str, missing))}",
                             f"File not found: {', '.join(map(str, missing))}")
        with KBStore(path, create=True) as store:
            for f in args.files:
                t0 = time.perf_counter()
                counts = store.import_file(f, progress=lambda n: print(f"  … {n} dòng", file=sys.stderr))
                print(f"{f}: nhập {counts['imported']} văn bản, bỏ qua {counts['skipped']} dòng trống "
                      f"({time.perf_counter() - t0:.1f} s)")
            print(f"Cơ sở dữ liệu {path}: {len(store)} văn bản.")
        return 0
    store = KBStore(path) if path.is_file() else None
    try:
        if args.kb_command == "stats":
            from pipeline.apps.kb_stats import print_stats

            print_stats(KnowledgeBase(load_rules(args.rules, args.kb).legal_bases).entries, store, path)
            return 0
        kb = KnowledgeBase(load_rules(args.rules, args.kb).legal_bases)
        origin = "YAML (rules/legal_bases.yaml, rules/legal/national/ hoặc --kb)"
        found = [(e, origin) for e in kb.by_key.get(norm_key(args.key), [])]
        found += [(e, origin) for e in kb.by_name.get(norm_name(args.key), []) if all(e is not f for f, _ in found)]
        if store is not None:
            rows = store.lookup(args.key) or store.lookup_name(args.key)
            yaml_rows = {(norm_key(e.key), e.date) for e in kb.entries}
            for e in rows:
                note = " — bị mục YAML cùng số hiệu ghi đè" if (norm_key(e.key), e.date) in yaml_rows else ""
                found.append((e, f"SQLite {path}{note}"))
        if not found:
            raise InputError(f"Không có văn bản '{args.key}' trong cơ sở dữ liệu",
                             f"No document '{args.key}' in the knowledge base")
        for i, (e, origin) in enumerate(found):
            if i:
                print()
            _print_entry(e, origin)
        return 0
    finally:
        if store is not None:
            store.close()
