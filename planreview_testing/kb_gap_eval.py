"""Knowledge-base gaps, wrong dates and false claims of plan openings against their hand truth (issue 31).

Shared by benchmarks/eval_kb_gaps.py (real published plans, texts cached outside the repository) and
tests/analyse/test_kb_national.py (fictional preambles of tests/data/kb_preambles.yaml). Each text goes through the
review's own steps (parse_file → segment → plan_citations → KnowledgeBase.annotate at the plan's date).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import yaml


def _fold(text: str) -> str:
    from pipeline.core.textnorm import fold

    return re.sub(r"\s+", " ", fold(text)).strip()


def _nkey(key: str) -> str:
    return re.sub(r"\s+", "", key).upper().replace("Đ", "D")


def _family(key: str) -> str:
    """Number and code without the year, for matching a found key with the truth ('73/2019/NĐ-CP' ~ '73/NĐ-CP')."""
    return re.sub(r"^(\d+[A-Z]?)[/-](?:19|20)\d\d/", r"\1/", _nkey(key))


def _same(found, expected_key: str) -> bool:
    if found.code:
        return _family(found.key) == _family(expected_key) or _family(found.kb_key or "") == _family(expected_key)
    return _fold(found.key) == _fold(expected_key)


def _fmt(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def evaluate(truth_file: Path, texts: Path, verbose: bool = False) -> dict:
    from pipeline.analyse.citations import plan_citations, plan_date
    from pipeline.analyse.kb import KnowledgeBase
    from pipeline.analyse.segment import segment
    from pipeline.ingest.read import parse_file
    from pipeline.rules.loader import load_rules

    truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))["openings"]
    ruleset = load_rules()
    kb = KnowledgeBase(ruleset.legal_bases)
    m = {"openings": 0, "missing_text": [], "expected": 0, "found": 0, "matched": 0, "national": 0,
         "national_gaps": [], "local": 0, "wrong_dates": 0, "wrong_dates_caught": 0, "false_claims": [],
         "misfiled": [], "missed": [], "unexpected": [], "lookups": 0, "lookup_s": 0.0, "kb_size": len(kb)}
    for oid, exp in truth.items():
        path = texts / f"{oid}.txt"
        if not path.is_file():
            m["missing_text"].append(oid)
            continue
        m["openings"] += 1
        seg = segment(parse_file(path), ruleset)
        on = plan_date(seg.meta)
        cites = [c for c in plan_citations(seg) if c.kind != "Tờ trình"]
        t0 = time.perf_counter()
        kb.annotate(cites, on)
        m["lookup_s"] += time.perf_counter() - t0
        m["lookups"] += len(cites)
        expected = [dict(e) for e in exp["citations"] if not str(e["key"]).split("/")[-1].startswith("TTr")]
        m["expected"] += len(expected)
        groups: dict[str, list] = {}
        for c in cites:
            # one group per document: the KB's key when resolved (a law by name and by number are one document)
            # (and its date: "50/NQ-CP" of 2020 and of 2021 are two documents)
            ident = _family(c.kb_key) if c.kb_key else _family(c.key) if c.code else _fold(c.key)
            entry = getattr(c, "kb_entry", None)  # (older checkouts do not keep the entry: "before" runs)
            when = entry.date if entry is not None else ""
            groups.setdefault(f"{ident}|{when}", []).append(c)
        m["found"] += len(groups)
        for group in groups.values():
            first = group[0]
            same = [e for e in expected if any(_same(c, str(e["key"])) for c in group)]
            resolved = {c.kb_entry.date for c in group if getattr(c, "kb_entry", None) is not None}
            dated = [e for e in same if str(e.get("date")) in resolved]
            match = (dated or same or [None])[0]
            if match is None:
                m["unexpected"].append(f"{oid}: {first.key} ({first.kb_status})")
                continue
            expected.remove(match)
            m["matched"] += 1
            national = bool(match.get("national"))
            scope = "national" if any(c.scope == "national" for c in group) else "local"
            if (scope == "national") != national:
                m["misfiled"].append(f"{oid}: {first.key} read as {scope}")
            statuses = {c.kb_status for c in group}
            true_date = str(match["date"]) if match.get("date") else ""
            if national:
                m["national"] += 1
                if statuses == {"unknown"}:
                    m["national_gaps"].append(f"{oid}: {match['key']} ({true_date})")
            else:
                m["local"] += 1
            wrong = match.get("cited_date") or match.get("cited_key")
            if wrong:
                m["wrong_dates"] += 1
                notes = " ".join(c.kb_note for c in group)
                right = _fmt(true_date) if match.get("cited_date") else str(match["key"])
                if "contradiction" in statuses and right in notes:
                    m["wrong_dates_caught"] += 1
                else:
                    m["false_claims"].append(f"{oid}: wrong {wrong} of {match['key']} not caught "
                                             f"({statuses}, {notes!r})")
            elif "contradiction" in statuses:
                notes = " ".join(c.kb_note for c in group if c.kb_status == "contradiction")
                m["false_claims"].append(f"{oid}: correct {match['key']} called wrong: {notes}")
        m["missed"] += [f"{oid}: {e['key']}" for e in expected]
    return m


def report(m: dict, verbose: bool) -> None:
    prec = m["matched"] / m["found"] if m["found"] else 1.0
    rec = m["matched"] / m["expected"] if m["expected"] else 1.0
    per = m["lookup_s"] / m["lookups"] * 1e6 if m["lookups"] else 0.0
    print(f"openings: {m['openings']} (no cached text: {len(m['missing_text'])}) · knowledge base: {m['kb_size']} rows")
    print(f"citations (Tờ trình left out): expected {m['expected']}, found {m['found']}, matched {m['matched']} "
          f"(precision {prec:.3f}, recall {rec:.3f}); national {m['national']}, local {m['local']}")
    print(f"national KB gaps: {len(m['national_gaps'])} of {m['national']} national citations")
    print(f"wrong dates caught: {m['wrong_dates_caught']}/{m['wrong_dates']} · false claims: {len(m['false_claims'])}"
          f" · misfiled national/local: {len(m['misfiled'])}")
    print(f"KnowledgeBase.annotate: {per:.1f} µs per citation ({m['lookups']} citations)")
    if m["missing_text"]:
        print("no cached text (see --fetch): " + ", ".join(m["missing_text"]))
    for title in ("national_gaps", "false_claims", "misfiled", "missed", "unexpected"):
        if m[title] and (verbose or title in ("national_gaps", "false_claims")):
            print(f"{title}:")
            for line in m[title]:
                print(f"  {line}")


