"""Knowledge-base gaps on real published plans (issue 31), run by hand:

    python benchmarks/eval_kb_gaps.py [--truth tests/data/kb_openings.yaml] [--cache DIR] [-v]
    python benchmarks/eval_kb_gaps.py --fetch     # re-create missing cached texts (see below)

The repository keeps only each opening's address and ground truth (tests/data/kb_openings.yaml), never the plans'
text. The texts are read from a cache outside the repository: $XDG_CACHE_HOME/planreview/kb_openings/<id>.txt
(~/.cache/planreview/kb_openings/), one file per opening holding the plan's header, title and legal-basis preamble
as published. Nothing is fetched during a measurement.

--fetch: for every opening without a cached text, downloads its `url` and writes the page's text to the cache
(where the network allows it); then trim the file by hand to the header, title and preamble (up to "QUYẾT ĐỊNH:",
"ban hành Kế hoạch … như sau:" or the first section) — the measurement reads the preamble as a plan opening.

Each text goes through the review's own steps (parse_file → segment → plan_citations → KnowledgeBase.annotate at
the plan's date) and is compared with the truth:

- citations: distinct documents found / expected (precision, recall);
- national gaps: a national document of the truth that the knowledge base calls unknown (goal 0);
- wrong dates: a truth citation written with another date (`cited_date`) or code (`cited_key`) must come out
  "contradiction" naming the true date or key; a correct citation called wrong is a false claim (goal 0);
- misfiled: a national document counted local or the reverse.

Runs on whatever `pipeline` is importable: `PYTHONPATH=<another checkout> python benchmarks/eval_kb_gaps.py`
measures that checkout's code and knowledge base ("before").
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "kb_openings.yaml"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planreview" / "kb_openings"


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


def fetch(truth_file: Path, texts: Path) -> None:
    truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))["openings"]
    texts.mkdir(parents=True, exist_ok=True)
    for oid, exp in truth.items():
        path = texts / f"{oid}.txt"
        if path.is_file():
            continue
        try:
            req = urllib.request.Request(exp["url"], headers={"User-Agent": "planreview-eval"})
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - addresses from the truth file
                page = resp.read().decode("utf-8", "replace")
        except OSError as exc:
            print(f"{oid}: not fetched ({exc}) — {exp['url']}", file=sys.stderr)
            continue
        text = re.sub(r"(?is)<(script|style).*?</\1>", " ", page)
        text = html.unescape(re.sub(r"(?s)<[^>]+>", "\n", text))
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        path.write_text(text, encoding="utf-8")
        print(f"{oid}: written {path} — trim it to the header, title and preamble")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--cache", type=Path, default=None, help="folder of <id>.txt (default: user cache)")
    parser.add_argument("--fetch", action="store_true", help="download the missing texts into the cache")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    texts = args.cache or cache_dir()
    if args.fetch:
        fetch(args.truth, texts)
        return
    report(evaluate(args.truth, texts, args.verbose), args.verbose)


if __name__ == "__main__":
    main()
