"""Speed of the SQLite legal knowledge base (run by hand):

    python benchmarks/bench_kb.py [--rows 50000] [--runs 5]

Writes a metadata export of N fictional documents (CSV, the shape `planreview kb import` reads), imports it,
then times lookups through KnowledgeBase.get / resolve (what a review does per citation) next to the raw
floor (one indexed SELECT with sqlite3) — medians of several runs, and their ratio.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.kb import KnowledgeBase, norm_key
from pipeline.analyse.kb_store import KBStore
from pipeline.core.model import Location
from pipeline.rules.loader import load_rules

KINDS = [("QĐ-UBND", "quyet_dinh"), ("KH-UBND", "ke_hoach"), ("NQ-HĐND", "nghi_quyet"), ("QĐ-TTg", "quyet_dinh")]


def write_export(path: Path, rows: int) -> list[str]:
    keys = []
    with path.open("w", encoding="utf-8") as fh:
        fh.write("number,kind,date_issued,issuer,title_vi,status_as_of_2026,evidence_url\n")
        for i in range(1, rows + 1):
            code, kind = KINDS[i % len(KINDS)]
            key = f"{10000 + i}/{code}"
            keys.append(key)
            fh.write(f"{key},{kind},20{10 + i % 16}-{1 + i % 12:02d}-{1 + i % 28:02d},Cơ quan thử {i % 300},"
                     f"Văn bản thử số {i},in_force,https://example.invalid/{i}\n")
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export, db = Path(tmp) / "export.csv", Path(tmp) / "kb.sqlite"
        keys = write_export(export, args.rows)
        t0 = time.perf_counter()
        with KBStore(db, create=True) as store:
            store.import_file(export)
        print(f"import of {args.rows} rows: {time.perf_counter() - t0:.1f} s ({db.stat().st_size / 1e6:.1f} MB)")
        probe = keys[:: max(1, len(keys) // 2000)]
        citations = [extract_from_text(f"Quyết định số {k} ngày 01/01/2020", Location())[0] for k in probe[:500]]
        with KBStore(db) as store:
            kb = KnowledgeBase(load_rules().legal_bases, store)
            raw = sqlite3.connect(str(db))
            floor, gets, resolves = [], [], []
            for _ in range(args.runs):
                t = time.perf_counter()
                for k in probe:
                    raw.execute("SELECT * FROM documents WHERE nkey = ?", (norm_key(k),)).fetchall()
                floor.append((time.perf_counter() - t) / len(probe))
                store._cache.clear()  # time first lookups, not the per-review cache
                t = time.perf_counter()
                for k in probe:
                    kb.get(k)
                gets.append((time.perf_counter() - t) / len(probe))
                store._cache.clear()
                t = time.perf_counter()
                for c in citations:
                    kb.resolve(c, "2026-01-01")
                resolves.append((time.perf_counter() - t) / len(citations))
            # a year-less number absent from the store: one index range over the number's keys (the family)
            misses = [extract_from_text(f"Quyết định số {k.split('/')[0]}/QĐ-BTN ngày 01/01/2020", Location())[0]
                      for k in probe[:500]]
            fams = []
            for _ in range(args.runs):
                store._cache.clear()
                t = time.perf_counter()
                for c in misses:
                    kb.resolve(c, "2026-01-01")
                fams.append((time.perf_counter() - t) / len(misses))
        f, g, r, m = (statistics.median(x) * 1e6 for x in (floor, gets, resolves, fams))
        print(f"per lookup (median of {args.runs} runs, {len(probe)} keys): raw SELECT {f:.1f} µs · "
              f"KnowledgeBase.get {g:.1f} µs ({g / f:.1f}×) · resolve a citation {r:.1f} µs ({r / f:.1f}×) · "
              f"resolve an unknown number (family range) {m:.1f} µs ({m / f:.1f}×)")
    yaml_only(args.runs)


def yaml_only(runs: int) -> None:
    """The knowledge base every review loads (rules/legal_bases.yaml + rules/legal/national/, no store): resolve the
    citations of the fictional preambles of tests/data/kb_preambles.yaml."""
    import yaml

    root = Path(__file__).resolve().parent.parent
    texts = [o["text"] for o in yaml.safe_load((root / "tests/data/kb_preambles.yaml").read_text("utf-8"))["openings"]
             .values()]
    citations = [c for t in texts for c in extract_from_text(t, Location())]
    legal = load_rules().legal_bases
    t = time.perf_counter()
    kb = KnowledgeBase(legal)
    built = time.perf_counter() - t
    took = []
    for _ in range(runs):
        t = time.perf_counter()
        for c in citations:
            kb.resolve(c, "2026-01-01")
        took.append((time.perf_counter() - t) / len(citations))
    print(f"YAML knowledge base ({len(kb)} rows, indexes built in {built * 1e3:.1f} ms): "
          f"resolve a citation {statistics.median(took) * 1e6:.1f} µs (median of {runs} runs, {len(citations)} "
          f"citations)")


if __name__ == "__main__":
    main()
