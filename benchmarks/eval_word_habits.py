"""Measure the pipeline on drafts written in office staff's Word habits (issue 29), against their ground truth.

    python benchmarks/eval_word_habits.py        # tests/data/word_habits/ (planreview_testing/gen_word_habits.py)
    python benchmarks/eval_word_habits.py --dir D --json out.json

Reports, overall and per habit (the issue's classes 1–7):

* recall of planted defects (a finding of the rule whose evidence or message holds the quoted text, as
  benchmarks/eval_realistic.py matches them) and false findings (neither expected nor allowed), on clean drafts
  apart;
* task field accuracy by value, against the planted literals: owner (the cell's text, folded), years (first and
  last year: the written period, or the years with an amount when the table gives none), budget (VND within
  1 %; no amount = none read) and source (the written text, folded; a budget split by source columns: the
  columns with an amount);
* what the plan says about itself (level, unit, own number, date).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_realistic import _norm as _key  # noqa: E402
from eval_realistic import compare_meta, load_cases, match_findings, match_tasks  # noqa: E402

from pipeline.core.textnorm import fold  # noqa: E402

WORD_HABITS_DIR = ROOT / "tests" / "data" / "word_habits"
FIELDS = ("owner", "years", "budget", "source")


# how a written source is named by its canonical name (the evaluator's own table, not the pipeline's)
SOURCE_WORDS = {"xa hoi hoa": ("xa hoi hoa", "doanh nghiep", "nguon hop phap", "von hop phap"),
                "von su nghiep": ("su nghiep", "chi thuong xuyen"), "long ghep": ("long ghep", "chuong trinh muc tieu"),
                "von dau tu cong": ("dau tu cong", "dau tu phat trien"), "nguon khac": ("khac",)}


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", fold(text or "")).strip()


def field_values_ok(truth: dict, task: Any) -> dict[str, bool]:
    """Each field of a matched task compared by value with its planted literal."""
    want_budget = truth.get("budget_vnd")
    got = task.budget_vnd
    years = truth.get("years")
    source = truth.get("source") or ""
    if truth.get("source_columns") is not None:
        columns = [_norm(c) for c in truth["source_columns"]]
        source_ok = len(task.sources) == len(columns) and all(
            any(_norm(s) in c or c in _norm(s) for c in columns) for s in task.sources)
    elif task.origin == "table":
        source_ok = _norm(source) == _norm(task.source)
    else:  # a task written as a sentence: the sources it names, by their canonical names
        written = _norm(source)
        source_ok = written == _norm(task.source) or (bool(task.sources) and all(
            any(w in written for w in SOURCE_WORDS.get(_norm(s), (_norm(s),))) for s in task.sources))
    return {
        "owner": _norm(truth.get("owner") or "") == _norm(task.owner),
        "years": (years is None and task.start_year is None) or (
            years is not None and [task.start_year, task.end_year] == list(years)),
        "budget": (want_budget is None and got is None) or (
            want_budget is not None and got is not None and abs(got - want_budget) <= 0.01 * want_budget),
        "source": source_ok,
    }


def citations_read(citations: list, truth: dict) -> tuple[int, int, int]:
    """(true citations, found by key or alias, found with their date read) — a date lost to a line break
    inside "ngày 13 tháng 6 / năm 2020" leaves the citation without one."""
    by_key: dict[str, list] = {}
    for c in citations:
        for k in (c.key, getattr(c, "kb_key", "") or ""):
            if k:
                by_key.setdefault(_key(k), []).append(c)
    found = dated = 0
    for tc in truth.get("citations") or []:
        names = {_key(tc["key"])} | {_key(a) for a in tc.get("aliases") or []}
        hits = [c for n in names for c in by_key.get(n, [])]
        found += bool(hits)
        dated += any(c.date for c in hits)
    return len(truth.get("citations") or []), found, dated


def review_case(reviewer: Any, path: Path, truth: dict) -> dict:
    try:
        result = reviewer.review(path)
    except Exception as exc:  # noqa: BLE001 - a refusal or crash is a measured failure
        return {"draft": path.name, "habit": truth.get("habit", ""), "items": truth.get("items", []),
                "clean": bool(truth.get("clean")), "error": f"{type(exc).__name__}: {exc}",
                "expected": len(truth.get("expected_findings") or []), "found": [], "missed":
                    truth.get("expected_findings") or [], "false": [], "fields": {}, "wrong": [], "meta": {},
                "tasks_true": len(truth.get("tasks") or []), "tasks_matched": 0, "tasks_extracted": 0}
    found, missed, _allowed, false = match_findings(result.findings, truth)
    if truth.get("tasks_only"):  # an appendix alone (a scanned "Phụ lục"): its tasks are measured, nothing else
        found, missed, false = [], [], []
    pairs, tmissed, spurious = match_tasks(result.tasks.tasks, truth.get("tasks") or [])
    fields: dict[str, list[int]] = {k: [0, 0] for k in FIELDS}
    wrong = []
    for tt, x in pairs:
        for k, ok in field_values_ok(tt, x).items():
            fields[k][0] += int(ok)
            fields[k][1] += 1
            if not ok:
                got = {"owner": x.owner, "years": [x.start_year, x.end_year], "budget": x.budget_vnd,
                       "source": x.source}[k]
                want = {"owner": tt.get("owner"), "years": tt.get("years"), "budget": tt.get("budget_vnd"),
                        "source": tt.get("source_columns") or tt.get("source")}[k]
                wrong.append(f"{k}: {tt['name'][:40]!r} want {want!r} got {got!r}")
    return {"draft": path.name, "habit": truth.get("habit", ""), "items": truth.get("items", []),
            "clean": bool(truth.get("clean")), "error": "", "expected": len(truth.get("expected_findings") or []),
            "found": found, "missed": missed,
            "false": [{"rule": f.rule_id, "evidence": (f.evidence or "")[:120], "message": f.message[:160]}
                      for f in false],
            "fields": fields, "wrong": wrong,
            "meta": {} if truth.get("tasks_only") else compare_meta(result.seg.meta, truth["meta"]),
            "citations": [] if truth.get("tasks_only") else list(citations_read(result.citations, truth)),
            "tasks_true": len(truth.get("tasks") or []), "tasks_matched": len(pairs),
            "tasks_extracted": len(result.tasks.tasks), "tasks_missed": [t["name"][:60] for t in tmissed],
            "tasks_spurious": [x.text[:60] for x in spurious]}


def summarise(rows: list[dict]) -> dict:
    expected = sum(r["expected"] for r in rows)
    found = sum(len(r["found"]) for r in rows)
    fields = {k: [sum(r["fields"].get(k, [0, 0])[0] for r in rows), sum(r["fields"].get(k, [0, 0])[1]
                                                                        for r in rows)] for k in FIELDS}
    by_item: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        for item in r["items"]:
            s = by_item[item]
            s["expected"] += r["expected"]
            s["found"] += len(r["found"])
            s["false"] += len(r["false"])
            for k in FIELDS:
                s[f"{k}_right"] += r["fields"].get(k, [0, 0])[0]
                s[f"{k}_of"] += r["fields"].get(k, [0, 0])[1]
            for m in r["meta"].values():
                s["meta_right"] += int(m["ok"])
                s["meta_of"] += 1
            if r.get("citations"):
                s["cit_true"] += r["citations"][0]
                s["cit_found"] += r["citations"][1]
                s["cit_dated"] += r["citations"][2]
    return {
        "drafts": len(rows), "errors": [f"{r['draft']}: {r['error']}" for r in rows if r["error"]],
        "expected": expected, "found": found, "recall": round(found / expected, 3) if expected else None,
        "false": sum(len(r["false"]) for r in rows),
        "false_on_clean": sum(len(r["false"]) for r in rows if r["clean"]),
        "citations": [sum(r["citations"][i] for r in rows if r.get("citations")) for i in range(3)],
        "tasks_true": sum(r["tasks_true"] for r in rows), "tasks_matched": sum(r["tasks_matched"] for r in rows),
        "tasks_extracted": sum(r["tasks_extracted"] for r in rows),
        "fields": {k: {"right": v[0], "of": v[1], "accuracy": round(v[0] / v[1], 3) if v[1] else None}
                   for k, v in fields.items()},
        "by_item": {k: dict(v) for k, v in sorted(by_item.items())},
    }


def evaluate(folder: Path, only: list[str] | None = None) -> tuple[list[dict], dict]:
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    reviewer = Reviewer(ReviewOptions())
    rows = [review_case(reviewer, path, truth) for path, truth in load_cases(folder, only)]
    return rows, summarise(rows)


def _acc(right: int, of: int) -> str:
    return f"{right}/{of} ({right / of:.2f})" if of else "-"


def print_report(rows: list[dict], s: dict) -> None:
    print(f"== Word habits: {s['drafts']} drafts")
    for r in rows:
        fields = " ".join(f"{k} {_acc(*r['fields'].get(k, [0, 0]))}" for k in FIELDS)
        meta_bad = [f"{k}: {v['got'] or '∅'} ≠ {v['want']}" for k, v in r["meta"].items() if not v["ok"]]
        print(f"\n{r['draft']} [{r['habit']}; items {r['items']}{'; clean' if r['clean'] else ''}]"
              + (f" ERROR {r['error']}" if r["error"] else ""))
        print(f"  defects {len(r['found'])}/{r['expected']}, false {len(r['false'])}, tasks "
              f"{r['tasks_matched']}/{r['tasks_true']} (extracted {r['tasks_extracted']}); {fields}")
        for e in r["missed"]:
            print(f"    MISSED {e['rule']} {e.get('match', '')!r}")
        for f in r["false"]:
            print(f"    FALSE  {f['rule']}: {f['evidence'][:80]!r} | {f['message'][:100]}")
        for w in r["wrong"][:6]:
            print(f"    WRONG  {w}")
        for x in r.get("tasks_missed", [])[:3]:
            print(f"    TASK MISSED {x!r}")
        for x in r.get("tasks_spurious", [])[:3]:
            print(f"    TASK SPURIOUS {x!r}")
        if meta_bad:
            print(f"    META   {'; '.join(meta_bad)}")
    print("\nBy class of issue 29 (item: defects found/expected, false findings, owner/years/budget/source)")
    for item, v in s["by_item"].items():
        fields = " ".join(f"{k} {_acc(v.get(f'{k}_right', 0), v.get(f'{k}_of', 0))}" for k in FIELDS)
        cited = _acc(v.get("cit_found", 0), v.get("cit_true", 0))
        dated = _acc(v.get("cit_dated", 0), v.get("cit_true", 0))
        print(f"  item {item}: defects {v.get('found', 0)}/{v.get('expected', 0)}, false {v.get('false', 0)}, "
              f"meta {_acc(v.get('meta_right', 0), v.get('meta_of', 0))}, citations found {cited} dated {dated}"
              f"; {fields}")
    f = s["fields"]
    print(f"\nSUMMARY word habits: recall {s['recall']} ({s['found']}/{s['expected']}), false findings {s['false']} "
          f"({s['false_on_clean']} on clean drafts), citations {s['citations'][1]}/{s['citations'][0]} found, "
          f"{s['citations'][2]} dated, tasks {s['tasks_matched']}/{s['tasks_true']} (extracted "
          f"{s['tasks_extracted']}), fields " + ", ".join(f"{k} {f[k]['accuracy']}" for k in FIELDS)
          + (f", errors {len(s['errors'])}" if s["errors"] else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Measure the pipeline on the Word-habit drafts (issue 29).")
    ap.add_argument("--dir", type=Path, default=WORD_HABITS_DIR)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    rows, summary = evaluate(args.dir, args.only)
    print_report(rows, summary)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "drafts": rows}, ensure_ascii=False, indent=1,
                                        default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
