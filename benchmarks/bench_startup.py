"""Start-up: a one-page review as a whole process next to `python -c pass` (run by hand, not in CI).

    python benchmarks/bench_startup.py [--runs 7] [--baseline CHECKOUT] [--importtime]

Times, median of ``--runs`` after a warm-up, interleaved run for run: ``python -c pass``, the one-page .txt
draft of bench_cli.py (`txt1`) reviewed with the bundled corpus and with ``--no-corpus``, as the CLI runs them.
Ratios are to ``python -c pass`` (issue 35 goal: ≤ 0.4 s and ≤ 13×). ``--importtime``: the heaviest imports of
the one-process review (``python -X importtime``, cumulative, top two levels) — what the start-up is made of.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _cpu_seconds() -> float:
    """CPU seconds every process of the machine has used since boot (Linux /proc/stat; elsewhere 0)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from bench_cli import interleaved, make_drafts

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--drafts", type=Path, default=Path(tempfile.gettempdir()) / "planreview-bench-cli")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT")
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    draft = make_drafts(args.drafts.resolve(), ["txt1"])["txt1"]
    out = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    code = Path(os.environ.get("PYTHONPATH") or ROOT)
    python = sys.executable
    cases = {"review": [], "review --no-corpus": ["--no-corpus"]}
    checkouts = [("now", code)] + ([("baseline", args.baseline)] if args.baseline else [])
    cmds = [([python, "-c", "pass"], code)]
    names = ["python -c pass"]
    for label, checkout in checkouts:
        for case, extra in cases.items():
            folder = out / f"{label}{len(cmds)}"
            cmds.append(([python, "-m", "pipeline.apps.cli", "review", str(draft), "-o", str(folder), "--overwrite",
                          *extra], checkout))
            names.append(f"{label}: {case}")
    busy_before, children_before, wall_before = _cpu_seconds(), _children_cpu(), time.perf_counter()
    measured = interleaved(cmds, args.runs)
    others = (_cpu_seconds() - busy_before) - (_children_cpu() - children_before)
    floor = measured[0][0]
    print(f"{'':<34} {'median':>8} {'MiB':>5} {'× pass':>7}")
    for name, (wall, peak) in zip(names, measured):
        print(f"{name:<34} {wall:>7.3f}s {peak:>5.0f} {wall / floor:>6.1f}×")
    print(f"other processes used {max(others, 0) / (time.perf_counter() - wall_before):.0%} of one core meanwhile "
          "(a review forks its comparing side only onto an idle core: quote figures measured near 0 %)")
    if args.importtime:
        env = {**os.environ, "PYTHONPATH": str(code), "PLANREVIEW_NO_FORK": "1"}
        err = subprocess.run([python, "-X", "importtime", "-m", "pipeline.apps.cli", "review", str(draft), "-o",
                              str(out / "importtime"), "--overwrite"], capture_output=True, text=True, env=env,
                             cwd=tempfile.gettempdir()).stderr
        rows = []
        for line in err.splitlines():
            if line.startswith("import time:") and "|" in line:
                _, cumulative, name = line.split("|")
                depth = (len(name) - len(name.lstrip())) // 2
                if depth <= 1 and cumulative.strip().isdigit():
                    rows.append((int(cumulative) / 1e6, name.strip()))
        print("\nheaviest imports of the one-process review (cumulative s, top two levels):")
        for seconds, name in sorted(rows, reverse=True)[:15]:
            print(f"  {seconds:6.3f}  {name}")


if __name__ == "__main__":
    main()
