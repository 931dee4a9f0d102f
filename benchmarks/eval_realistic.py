"""Measure the pipeline on the realistic corpus: drafts our generator did not write, with ground truth.

    python benchmarks/eval_realistic.py                 # tests/data/realistic/ (the 15+ drafts)
    python benchmarks/eval_realistic.py --heldout       # benchmarks/data/heldout/ (written after tuning)
    python benchmarks/eval_realistic.py --gated         # tests/data/gated/ (written apart, truth frozen)
    python benchmarks/eval_realistic.py --json out.json # the full report as JSON
    python benchmarks/eval_realistic.py --only r03 r07  # some drafts only (stem prefixes)
    python benchmarks/eval_realistic.py --compare       # both folders, then their figures side by side

Every draft is reviewed in-process (one Reviewer, as the tests use it) and compared with its
``<stem>.truth.yaml`` (written by tests/data/realistic/make_realistic.py):

* findings — an expected finding is found when a finding of its rule (or one of its rules) carries
  its ``match`` text in the evidence or the message (both folded with pipeline.core.textnorm.fold); each
  finding counts once. Findings neither expected nor allowed are false findings. Every expected and allowed
  entry must name its text (``match``): an allowed entry without it would allow every finding of its rule,
  and the loader refuses it.
* the verdict — ``is_plan`` (default true): a document that is no plan (an official letter, a report) must not
  be scored; its findings are then not counted, its citations are.
* tasks — a true task is found when an extracted task's folded text contains its folded name (or the
  other way round, for a name cut short); precision over extracted tasks, recall over true tasks, and
  per matched task whether the owner / time / budget amount / source were read right.
* citations — distinct documents cited (the plan's own number excluded): a true citation is found when
  an extracted citation's key (or knowledge-base key) folds to its key or one of its aliases.
* refusals — a valid file refused (InputError or crash) is a failure; a draft in a legacy font encoding
  (truth ``legacy_encoding``) may be refused with a clear message instead of being converted. Either way its
  expected findings count as missed (a refusal finds nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from pipeline.core.errors import InputError  # noqa: E402
from pipeline.core.textnorm import fold  # noqa: E402

REALISTIC_DIR = ROOT / "tests" / "data" / "realistic"
HELDOUT_DIR = ROOT / "benchmarks" / "data" / "heldout"
GATED_DIR = ROOT / "tests" / "data" / "gated"
KB_FILES: list[Path] = []  # the fictional provinces' own documents are deliberately not in any knowledge base
LEGACY_WORDS = ("tcvn3", "vni", ".vntime", "vni-times", "bảng mã", "bang ma", "legacy", "font", "phông")


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", fold(text or "")).strip()


# --------------------------------------------------------------------------- loading
class TruthError(ValueError):
    """A truth file the evaluator refuses (an entry that would match anything)."""


def check_truth(truth: dict, where: str) -> None:
    """Every expected and allowed finding names the text it is about (``match``, not empty)."""
    for kind in ("expected_findings", "allowed_findings"):
        for entry in truth.get(kind) or []:
            if not str(entry.get("match") or "").strip():
                raise TruthError(f"{where}: {kind} entry {entry} has no match text (it would match every finding "
                                 "of its rule)")


def load_cases(folder: Path, only: list[str] | None = None) -> list[tuple[Path, dict]]:
    cases = []
    for truth_path in sorted(folder.glob("*.truth.yaml")):
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        check_truth(truth, truth_path.name)
        draft = folder / truth["draft"]
        if only and not any(draft.stem.startswith(o) for o in only):
            continue
        cases.append((draft, truth))
    return cases


# --------------------------------------------------------------------------- matching
def _rules_of(entry: dict) -> list[str]:
    r = entry["rule"]
    return list(r) if isinstance(r, (list, tuple)) else [r]


def _finding_text(f: Any) -> str:
    return fold(f"{f.evidence} {f.message}")


def _fits(entry: dict, f: Any) -> bool:
    return f.rule_id in _rules_of(entry) and fold(entry["match"]) in _finding_text(f)


def match_findings(findings: list, truth: dict) -> tuple[list[dict], list[dict], list, list]:
    """(found expected entries, missed expected entries, allowed findings, false findings)."""
    pool = list(findings)
    found, missed = [], []
    for entry in truth.get("expected_findings") or []:
        hit = next((f for f in pool if _fits(entry, f)), None)
        if hit is None:
            missed.append(entry)
        else:
            found.append(entry)
            pool.remove(hit)
    allowed = [f for f in pool if any(_fits(a, f) for a in truth.get("allowed_findings") or [])]
    false = [f for f in pool if f not in allowed]
    return found, missed, allowed, false


def match_tasks(extracted: list, truth_tasks: list[dict]) -> tuple[list[tuple[dict, Any]], list[dict], list]:
    """(pairs of true task and extracted task, missed true tasks, extracted tasks matching none)."""
    pool = list(extracted)
    pairs, missed = [], []
    for tt in truth_tasks:
        name = _norm(tt["name"])
        hit = None
        for x in pool:
            text = _norm(x.text)
            if name and (name in text or (len(text) >= 20 and text in name)):
                hit = x
                break
        if hit is None:
            missed.append(tt)
        else:
            pairs.append((tt, hit))
            pool.remove(hit)
    return pairs, missed, pool


def task_fields_ok(tt: dict, x: Any) -> dict[str, bool]:
    """Whether each field of a matched task was read right (presence, and the amount within 1 %)."""
    out = {"owner": bool(tt["owner"]) == bool(x.owner), "time": bool(tt["time"]) == bool(x.time_text and not
                                                                                      x.time_vague),
           "source": bool(tt["source"]) == bool(x.source)}
    want = tt.get("budget_vnd")
    got = x.budget_vnd
    out["budget"] = (want is None and got is None) or (want is not None and got is not None
                                                      and abs(got - want) <= 0.01 * want)
    return out


def citation_keys(citations: list, own: str) -> dict[str, Any]:
    """Distinct extracted citations by folded key; the plan's own number is kept (it is a false citation)."""
    out: dict[str, Any] = {}
    for c in citations:
        out.setdefault(_norm(c.key), c)
    return out


def match_citations(citations: list, truth: dict) -> tuple[list[str], list[str], list[str]]:
    """(found true keys, missed true keys, extracted keys matching no true citation)."""
    extracted = citation_keys(citations, truth["meta"].get("own_number", ""))
    used: set[str] = set()
    found, missed = [], []
    for tc in truth.get("citations") or []:
        names = {_norm(tc["key"])} | {_norm(a) for a in tc.get("aliases") or []}
        hit = next((k for k, c in extracted.items() if k not in used and
                    (k in names or _norm(getattr(c, "kb_key", "") or "") in names)), None)
        if hit is None:
            missed.append(tc["key"])
        else:
            found.append(tc["key"])
            used.add(hit)
    extra = [extracted[k].key for k in extracted if k not in used]
    return found, missed, extra


# --------------------------------------------------------------------------- evaluation
@dataclass
class DraftResult:
    draft: str
    clean: bool
    status: str  # reviewed | refused-ok (legacy) | refused | crashed
    message: str = ""
    is_plan_want: bool = True
    is_plan_got: bool | None = None  # None: not reviewed
    seconds: float = 0.0
    found: list[dict] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    allowed: list[dict] = field(default_factory=list)
    false: list[dict] = field(default_factory=list)
    tasks_true: int = 0
    tasks_extracted: int = 0
    tasks_matched: int = 0
    tasks_missed: list[str] = field(default_factory=list)
    tasks_spurious: list[str] = field(default_factory=list)
    task_fields: dict[str, list[int]] = field(default_factory=dict)  # field → [right, total]
    cit_true: int = 0
    cit_extracted: int = 0
    cit_matched: int = 0
    cit_missed: list[str] = field(default_factory=list)
    cit_spurious: list[str] = field(default_factory=list)
    meta: dict[str, dict] = field(default_factory=dict)  # field → {want, got, ok}


def _finding_dict(f: Any) -> dict:
    return {"rule": f.rule_id, "severity": f.severity, "message": f.message, "evidence": (f.evidence or "")[:200]}


META_FIELDS = ("level", "unit", "plan_year", "horizon_end", "own_number", "issued_on")


def compare_meta(meta: Any, truth_meta: dict) -> dict[str, dict]:
    """What the pipeline read about the plan itself (PlanMeta) against the truth; empty = not read."""
    out = {}
    for name in META_FIELDS:
        want = truth_meta.get(name)
        got = getattr(meta, name, None)
        if want is None:
            continue
        ok = _norm(str(got or "")) == _norm(str(want)) if name in ("unit", "own_number", "level") else \
            str(got or "") == str(want)
        out[name] = {"want": str(want), "got": "" if got is None else str(got), "ok": ok}
    return out


def review_one(reviewer: Any, path: Path, truth: dict) -> DraftResult:
    res = DraftResult(draft=path.name, clean=bool(truth.get("clean")), status="reviewed",
                      is_plan_want=bool(truth.get("is_plan", True)))
    res.missed = list(truth.get("expected_findings") or [])  # until the review says otherwise
    t0 = time.perf_counter()
    try:
        result = reviewer.review(path)
    except InputError as exc:
        res.seconds = time.perf_counter() - t0
        res.message = str(exc)
        legacy = truth.get("legacy_encoding")
        clear = any(w in fold(res.message) for w in (fold(x) for x in LEGACY_WORDS))
        res.status = "refused-ok" if legacy and clear else "refused"
        return res
    except Exception as exc:  # noqa: BLE001 - a crash is a measured failure, not the evaluator's
        res.seconds = time.perf_counter() - t0
        res.status = "crashed"
        res.message = f"{type(exc).__name__}: {exc} | " + traceback.format_exc(limit=3).splitlines()[-2].strip()
        return res
    res.seconds = time.perf_counter() - t0
    res.is_plan_got = bool(result.is_plan)
    cfound, cmissed, cextra = match_citations(result.citations, truth)
    res.cit_true = len(truth.get("citations") or [])
    res.cit_extracted = len(citation_keys(result.citations, ""))
    res.cit_matched, res.cit_missed, res.cit_spurious = len(cfound), cmissed, cextra
    res.meta = compare_meta(result.seg.meta, truth["meta"])
    if not res.is_plan_want:
        res.missed = []
        return res  # no plan: the verdict is measured, findings and tasks of a non-plan are not
    found, missed, allowed, false = match_findings(result.findings, truth)
    res.found, res.missed = found, missed
    res.allowed = [_finding_dict(f) for f in allowed]
    res.false = [_finding_dict(f) for f in false]
    tasks = result.tasks.tasks
    pairs, tmissed, spurious = match_tasks(tasks, truth.get("tasks") or [])
    res.tasks_true, res.tasks_extracted, res.tasks_matched = len(truth.get("tasks") or []), len(tasks), len(pairs)
    res.tasks_missed = [t["name"] for t in tmissed]
    res.tasks_spurious = [x.text[:90] for x in spurious]
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for tt, x in pairs:
        for k, ok in task_fields_ok(tt, x).items():
            fields[k][0] += int(ok)
            fields[k][1] += 1
    res.task_fields = dict(fields)
    return res


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summarise(results: list[DraftResult]) -> dict:
    reviewed = [r for r in results if r.status == "reviewed"]
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # category → [expected, found]
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # rule → [expected, found, false]
    for r in results:  # a refused draft (even a clear legacy-encoding refusal) has all its findings missed
        for e in r.found + r.missed:
            by_cat[e["category"]][0] += 1
            for rule in _rules_of(e)[:1]:
                by_rule[rule][0] += 1
        for e in r.found:
            by_cat[e["category"]][1] += 1
            by_rule[_rules_of(e)[0]][1] += 1
        for f in r.false:
            by_rule[f["rule"]][2] += 1
    tt = sum(r.tasks_true for r in reviewed)
    te = sum(r.tasks_extracted for r in reviewed)
    tm = sum(r.tasks_matched for r in reviewed)
    ct = sum(r.cit_true for r in reviewed)
    ce = sum(r.cit_matched + len(r.cit_spurious) for r in reviewed)
    cm = sum(r.cit_matched for r in reviewed)
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reviewed:
        for k, (ok, n) in r.task_fields.items():
            fields[k][0] += ok
            fields[k][1] += n
    meta: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reviewed:
        for k, v in r.meta.items():
            meta[k][0] += int(v["ok"])
            meta[k][1] += 1
    expected = sum(v[0] for v in by_cat.values())
    found = sum(v[1] for v in by_cat.values())
    verdict_wrong = [f"{r.draft}: is_plan {r.is_plan_got}, expected {r.is_plan_want}" for r in reviewed
                     if r.is_plan_got != r.is_plan_want]
    return {
        "drafts": len(results),
        "reviewed": len(reviewed),
        "verdict": {"right": len(reviewed) - len(verdict_wrong), "of": len(reviewed),
                    "non_plans": sum(1 for r in results if not r.is_plan_want), "wrong": verdict_wrong},
        "refused_valid": [f"{r.draft}: {r.message}" for r in results if r.status in ("refused", "crashed")],
        "refused_legacy_ok": [f"{r.draft}: {r.message}" for r in results if r.status == "refused-ok"],
        "findings": {"expected": expected, "found": found, "recall": _ratio(found, expected),
                     "false": sum(len(r.false) for r in results),
                     "false_on_clean": sum(len(r.false) for r in results if r.clean),
                     "min_category_recall": min((v[1] / v[0] for v in by_cat.values() if v[0]), default=None)},
        "by_category": {k: {"expected": v[0], "found": v[1], "recall": _ratio(v[1], v[0])}
                        for k, v in sorted(by_cat.items())},
        "by_rule": {k: {"expected": v[0], "found": v[1], "recall": _ratio(v[1], v[0]), "false": v[2]}
                    for k, v in sorted(by_rule.items())},
        "tasks": {"true": tt, "extracted": te, "matched": tm, "precision": _ratio(tm, te), "recall": _ratio(tm, tt),
                  "fields": {k: {"right": v[0], "of": v[1], "accuracy": _ratio(v[0], v[1])}
                             for k, v in sorted(fields.items())}},
        "citations": {"true": ct, "extracted": ce, "matched": cm, "precision": _ratio(cm, ce),
                      "recall": _ratio(cm, ct)},
        "meta": {k: {"right": meta[k][0], "of": meta[k][1], "accuracy": _ratio(*meta[k])} for k in META_FIELDS
                 if k in meta},
        "seconds": round(sum(r.seconds for r in results), 1),
    }


def evaluate(folder: Path, only: list[str] | None = None, reviewer: Any = None,
             progress: Any = None) -> tuple[list[DraftResult], dict]:
    """Review every draft of ``folder`` against its truth; (per-draft results, summary)."""
    if reviewer is None:
        from pipeline.review.reviewer import Reviewer, ReviewOptions

        reviewer = Reviewer(ReviewOptions(kb_files=KB_FILES or None))
    results = []
    for path, truth in load_cases(folder, only):
        if progress:
            progress(path.name)
        results.append(review_one(reviewer, path, truth))
    return results, summarise(results)


# --------------------------------------------------------------------------- report
def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def print_report(results: list[DraftResult], s: dict, title: str) -> None:
    out = print
    out(f"== Realistic corpus: {title} — {s['drafts']} drafts, {s['reviewed']} reviewed, {s['seconds']} s")
    out("\nDefect categories                 expected  found  recall")
    for k, v in s["by_category"].items():
        out(f"  {k:<32}{v['expected']:>6}{v['found']:>7}   {_pct(v['recall'])}")
    out("\nRules        expected  found  recall  false")
    for k, v in s["by_rule"].items():
        out(f"  {k:<11}{v['expected']:>6}{v['found']:>7}   {_pct(v['recall'])}{v['false']:>6}")
    out("\nFalse findings per draft (rule: evidence | message)")
    for group, label in ((False, "drafts with planted defects"), (True, "CLEAN drafts")):
        out(f"  -- {label}")
        for r in results:
            if r.clean != group:
                continue
            out(f"  {r.draft}: {len(r.false)} false, {len(r.found)}/{len(r.found) + len(r.missed)} expected found"
                + (f" [{r.status}]" if r.status != "reviewed" else ""))
            for f in r.false:
                out(f"      {f['rule']}: {f['evidence'][:90]!r} | {f['message'][:110]}")
            for e in r.missed:
                out(f"      MISSED {e['rule']} ({e['category']}) {e.get('match', '')!r}")
    t = s["tasks"]
    out(f"\nTasks: {t['matched']}/{t['true']} found (recall {_pct(t['recall'])}), {t['extracted']} extracted "
        f"(precision {_pct(t['precision'])})")
    for k, v in t["fields"].items():
        out(f"  {k:<8} read right {v['right']}/{v['of']} ({_pct(v['accuracy'])})")
    for r in results:
        if r.tasks_missed or r.tasks_spurious:
            out(f"  {r.draft}: missed {len(r.tasks_missed)}, spurious {len(r.tasks_spurious)}"
                + "".join(f"\n      - {x[:80]}" for x in r.tasks_missed[:4])
                + "".join(f"\n      + {x[:80]}" for x in r.tasks_spurious[:4]))
    c = s["citations"]
    out(f"\nCitations: {c['matched']}/{c['true']} found (recall {_pct(c['recall'])}), precision {_pct(c['precision'])}")
    for r in results:
        if r.cit_missed or r.cit_spurious:
            out(f"  {r.draft}: missed {r.cit_missed}, spurious {r.cit_spurious}")
    out("\nThe plan's own identity (PlanMeta) read right")
    for k, v in s["meta"].items():
        wrong = [f"{r.draft[:3]}: {r.meta[k]['got'] or '∅'} ≠ {r.meta[k]['want']}" for r in results
                 if k in r.meta and not r.meta[k]["ok"]]
        out(f"  {k:<11} {v['right']}/{v['of']} ({_pct(v['accuracy'])})" + (f"  e.g. {'; '.join(wrong[:3])}"
                                                                             if wrong else ""))
    v = s["verdict"]
    out(f"\nPlan verdict right: {v['right']}/{v['of']} ({v['non_plans']} documents are no plan)")
    for x in v["wrong"]:
        out(f"  WRONG {x}")
    out(f"\nRefused valid files: {len(s['refused_valid'])}")
    for x in s["refused_valid"]:
        out(f"  {x}")
    for x in s["refused_legacy_ok"]:
        out(f"  (legacy encoding refused clearly) {x}")
    f = s["findings"]
    out(f"\nSUMMARY {title}: defect recall {_pct(f['recall'])} ({f['found']}/{f['expected']}), min category recall "
        f"{_pct(f['min_category_recall'])}, false findings {f['false']} ({f['false_on_clean']} on clean drafts), "
        f"task recall {_pct(t['recall'])} precision {_pct(t['precision'])}, citation recall {_pct(c['recall'])} "
        f"precision {_pct(c['precision'])}, refused valid {len(s['refused_valid'])}, {s['seconds']} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Measure the pipeline on the realistic corpus (ground truth).")
    ap.add_argument("--heldout", action="store_true", help="the held-out drafts of benchmarks/data/heldout/")
    ap.add_argument("--gated", action="store_true", help="the gated drafts of tests/data/gated/ (frozen truth)")
    ap.add_argument("--compare", action="store_true",
                    help="measure both folders and print their key figures side by side (after both reports)")
    ap.add_argument("--dir", type=Path, help="another folder of drafts with .truth.yaml files")
    ap.add_argument("--only", nargs="*", help="draft stem prefixes")
    ap.add_argument("--json", type=Path, help="write the full report (per draft and summary) as JSON")
    ap.add_argument("--floors", action="store_true",
                    help="print the measured figures as a thresholds.yaml body (to raise the test's floors by hand)")
    args = ap.parse_args(argv)
    def tell(name: str) -> None:
        print(f"  reviewing {name}", file=sys.stderr)

    if args.compare:
        from pipeline.review.reviewer import Reviewer, ReviewOptions

        reviewer = Reviewer(ReviewOptions(kb_files=KB_FILES or None))
        both = {}
        for label, folder in (("realistic", REALISTIC_DIR), ("held-out", HELDOUT_DIR), ("gated", GATED_DIR)):
            results, summary = evaluate(folder, args.only, reviewer=reviewer, progress=tell)
            print_report(results, summary, label)
            print()
            both[label] = {"summary": summary, "drafts": [r.__dict__ for r in results]}
        print_comparison({k: v["summary"] for k, v in both.items()})
        if args.json:
            args.json.write_text(json.dumps(both, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return 0
    folder = args.dir or (HELDOUT_DIR if args.heldout else GATED_DIR if args.gated else REALISTIC_DIR)
    results, summary = evaluate(folder, args.only, progress=tell)
    print_report(results, summary, "held-out" if args.heldout else folder.name)
    if args.floors:
        print("\n" + floors_yaml(summary))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "drafts": [r.__dict__ for r in results]},
                                        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


def floors_yaml(s: dict) -> str:
    """The measured figures in the shape of tests/data/realistic/thresholds.yaml (floors = today's values)."""
    lines = [f"min_defect_recall: {s['findings']['recall']}", "min_category_recall:"]
    lines += [f"  {k}: {v['recall']}" for k, v in s["by_category"].items()]
    lines += [f"max_false_findings: {s['findings']['false']}", f"max_false_on_clean: {s['findings']['false_on_clean']}",
              f"min_task_recall: {s['tasks']['recall']}", f"min_task_precision: {s['tasks']['precision']}",
              f"min_citation_recall: {s['citations']['recall']}",
              f"min_citation_precision: {s['citations']['precision']}",
              f"max_refused_valid: {len(s['refused_valid'])}",
              f"min_verdict_right: {s['verdict']['right']}"]
    return "\n".join(lines)


def print_comparison(summaries: dict[str, dict]) -> None:
    """Key figures of several corpora side by side (realistic vs held-out)."""
    rows = [("drafts", lambda s: s["drafts"]), ("defect recall", lambda s: _pct(s["findings"]["recall"])),
            ("min category recall", lambda s: _pct(s["findings"]["min_category_recall"])),
            ("false findings", lambda s: s["findings"]["false"]),
            ("false on clean drafts", lambda s: s["findings"]["false_on_clean"]),
            ("task recall", lambda s: _pct(s["tasks"]["recall"])),
            ("task precision", lambda s: _pct(s["tasks"]["precision"])),
            ("citation recall", lambda s: _pct(s["citations"]["recall"])),
            ("citation precision", lambda s: _pct(s["citations"]["precision"])),
            ("valid files refused", lambda s: len(s["refused_valid"])),
            ("plan verdict right", lambda s: f"{s['verdict']['right']}/{s['verdict']['of']}")]
    names = list(summaries)
    print("== Comparison " + " | ".join(names))
    for label, get in rows:
        print(f"  {label:<24}" + "".join(f"{get(summaries[n])!s:>12}" for n in names))


if __name__ == "__main__":
    raise SystemExit(main())
