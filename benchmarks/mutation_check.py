"""A small mutation check: does the suite notice when a core rule or extractor is broken? Run by hand.

    python benchmarks/mutation_check.py                   # this checkout, the default test folders
    python benchmarks/mutation_check.py --rev 34793ea     # the suite and code of another commit
    python benchmarks/mutation_check.py --only M01 M07    # some mutations
    python benchmarks/mutation_check.py --tests tests/analyse tests/checks

Each mutation below is one hand-written edit (old text → new text, found exactly once) of a core rule or
extractor — a plausible bug, not a syntax error. The tree (the working tree, or ``git archive`` of
``--rev``) is copied to a temporary folder; the unmutated suite must pass there first; then each mutation
is applied alone and the test folders run (``pytest -x``): a failing run catches ("kills") the mutation,
a passing run lets it survive. A mutation whose old text is gone (the code moved on) is reported as
"not applicable" — update its text rather than drop it. The figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TESTS = ("tests/analyse", "tests/checks", "tests/review", "tests/rules", "tests/core")


@dataclass(frozen=True)
class Mutation:
    id: str
    path: str
    old: str
    new: str
    what: str


MUTATIONS = (
    Mutation("M01", "pipeline/review/scoring.py", "not_plan = bool(fatal) or len(reasons) >= 2",
             "not_plan = bool(fatal) or len(reasons) >= 3",
             "not-a-plan verdict: two weak reasons no longer enough"),
    Mutation("M02", "pipeline/analyse/citations.py", "return dt.date(int(y), int(mo), int(d)).isoformat(), text, None",
             "return f'{int(y):04d}-{int(mo):02d}-{int(d):02d}', text, None",
             "citation dates: 31/02/2020 accepted as 2020-02-31"),
    Mutation("M03", "pipeline/analyse/tasks.py", "return min(years), max(years), False",
             "return min(years), min(years), False", "task time: the end year is the start year"),
    Mutation("M04", "pipeline/analyse/tasks.py",
             "task.owners = [] if task.owner_unassigned else split_units(task.owner)",
             "task.owners = split_units(task.owner)", "task owner: 'Các cơ quan liên quan' counts as an owner"),
    Mutation("M05", "pipeline/checks/task_checks.py",
             "if other and abs(total - other) > tolerance * max(total, other):",
             "if other and abs(total - other) > 10 * tolerance * max(total, other):",
             "TASK-07: stated total may differ by 10 % from the tasks' sum"),
    Mutation("M06", "pipeline/analyse/tasks.py", '_UNITS = {"tỷ": 1e9,', '_UNITS = {"tỷ": 1e8,',
             "money: '1,5 tỷ' read ten times too small"),
    Mutation("M07", "pipeline/analyse/tasks.py",
             "return tuple(name for name, pattern in SOURCES if pattern.search(text))",
             "return tuple(name for name, pattern in SOURCES if pattern.search(text))[:1]",
             "funding sources: only the first one named is kept"),
    Mutation("M08", "pipeline/checks/target_checks.py",
             "for t in ctx.targets if t.deadline is not None and t.deadline <= year and not t.milestone",
             "for t in ctx.targets if t.deadline is not None and t.deadline < year and not t.milestone",
             "TARGET-01: a target due in the plan's own year is not early"),
    Mutation("M09", "pipeline/checks/legal_checks.py",
             "for c in ctx.citations if c.kb_status == \"contradiction\"]",
             "for c in ctx.citations if c.kb_status == \"contradiction\" and c.kb_key != \"749/QĐ-TTg\"]",
             "LEGAL-05: a wrong date of 749/QĐ-TTg goes unreported"),
    Mutation("M10", "pipeline/checks/task_checks.py", "if task.end_year > end or task.start_year < start:",
             "if task.end_year > end + 1 or task.start_year < start:",
             "task horizon: a task one year past the horizon passes"),
    Mutation("M11", "pipeline/analyse/kb.py", 'return re.sub(r"\\s+", "", key).upper().replace("Đ", "D")',
             'return re.sub(r"\\s+", "", key).upper()',
             "citation keys: 749/QD-TTg and 749/QĐ-TTg are different documents"),
    Mutation("M12", "pipeline/analyse/citations.py", 'if len(y) != 4:', 'if len(y) not in (2, 4):',
             "citation dates: a two-digit year is accepted without a problem"),
    Mutation("M13", "pipeline/checks/task_checks.py", "if field not in task.missing:\n            continue",
             "if field not in task.missing or task.owner_unassigned:\n            continue",
             "TASK-0x: a task with an unassigned owner is never reported"),
    Mutation("M14", "pipeline/review/scoring.py", 'if len(words) < p["min_words"]:',
             'if len(words) < p["min_words"] // 2:', "not-a-plan verdict: 100-199 words are long enough"),
    Mutation("M15", "pipeline/checks/task_checks.py", "        if abs(own - other) > tolerance * max(own, other):",
             "        if abs(own - other) > 10 * tolerance * max(own, other):",
             "TASK-07: a group subtotal may be 10 % off its tasks"),
    Mutation("M16", "pipeline/checks/target_checks.py", 'years <= p.get("min_years", 2)',
             'years < p.get("min_years", 2)', "TARGET-02: a high target two years away is not 'soon'"),
    Mutation("M17", "pipeline/checks/content.py", 'if figures >= rule.params.get("min_figures", 3):',
             'if figures >= rule.params.get("min_figures", 3) - 1:',
             "STATUS-02: a status with one figure too few passes"),
    Mutation("M18", "pipeline/analyse/citations.py",
             'if m and not text.lstrip().lower().startswith(("căn cứ", "thực hiện", "theo")):',
             'if m and not text.lstrip().lower().startswith(("căn cứ", "theo")):',
             "plan date: a 'Thực hiện Kế hoạch … ngày …' line is read as the plan's own date"),
)


def _copy_tree(rev: str | None, dest: Path) -> None:
    if rev:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        return
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"], check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def _run_tests(tree: Path, tests: list[str]) -> tuple[bool, float, str]:
    env = dict(os.environ, PYTHONPATH=str(tree), PLANREVIEW_CACHE=str(tree / ".cache"))
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                         cwd=tree, env=env, capture_output=True, text=True)
    last = [ln for ln in run.stdout.splitlines() if ln.strip()][-1:] or [""]
    failed = [ln.split(" ")[1] for ln in run.stdout.splitlines() if ln.startswith("FAILED ")]
    return run.returncode == 0, time.perf_counter() - t0, (failed[0] if failed else last[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="a git revision (default: the working tree)")
    ap.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS))
    ap.add_argument("--only", nargs="+", help="mutation ids")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.id in args.only]
    with tempfile.TemporaryDirectory(prefix="planreview-mut-") as tmp:
        tree = Path(tmp)
        _copy_tree(args.rev, tree)
        tests = [t for t in args.tests if (tree / t).exists()]
        ok, secs, last = _run_tests(tree, tests)
        print(f"unmutated suite ({args.rev or 'working tree'}; {' '.join(tests)}): "
              f"{'pass' if ok else 'FAIL'} in {secs:.0f} s — {last}", flush=True)
        if not ok:
            return 2
        killed = applicable = 0
        for m in chosen:
            path = tree / m.path
            source = path.read_text(encoding="utf-8")
            if source.count(m.old) != 1:
                print(f"{m.id} not applicable ({m.path}: the old text occurs {source.count(m.old)} times) — {m.what}")
                continue
            applicable += 1
            path.write_text(source.replace(m.old, m.new), encoding="utf-8")
            try:
                passed, secs, last = _run_tests(tree, tests)
            finally:
                path.write_text(source, encoding="utf-8")
            killed += not passed
            verdict = "survived" if passed else "killed  "
            print(f"{m.id} {verdict} {secs:5.0f} s  {m.what}" + ("" if passed else f"  [{last}]"), flush=True)
        print(f"caught {killed} of {applicable} mutations ({len(chosen) - applicable} not applicable)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
