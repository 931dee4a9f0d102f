"""Precision and recall of the legal-citation extractor (run by hand) on
tests/data/citations.yaml (citation strings) and tests/data/openings/ (whole plan openings: header, title,
list of bases, read through parse → segment → knowledge base).

    python benchmarks/bench_citations.py [--show-errors] [--openings DIR]

A found citation counts as correct when its key, kind and (where the corpus gives them) date and
issuer code all match the expected parse. Targets (issue #18): precision and recall ≥ 0.99, the plan's own
number never a citation, no correct citation called wrong, no national document of ../shared/legal unknown.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed

import yaml

from planreview_testing.citation_eval import evaluate, evaluate_openings

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "citations.yaml"
OPENINGS = ROOT / "tests" / "data" / "openings"
SHARED = ROOT.parent / "shared" / "legal" / "dx-legal-documents.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--openings", type=Path, default=OPENINGS, help="folder of openings with truth.yaml")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the team's verified list (CSV)")
    args = parser.parse_args()
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    start = time.perf_counter()
    ev = evaluate(CASES)
    elapsed = time.perf_counter() - start
    expected = sum(len(c["expect"]) for c in cases)
    print(f"strings: {len(cases)}  expected citations: {expected}")
    print(f"true positives: {ev.true_positives}  false positives: {ev.false_positives}  "
          f"false negatives: {ev.false_negatives}")
    print(f"precision: {ev.precision:.3f}  recall: {ev.recall:.3f}  ({elapsed * 1000:.0f} ms)")
    if args.show_errors:
        print("\n".join(ev.errors) or "no errors")
    start = time.perf_counter()
    op = evaluate_openings(args.openings, args.shared)
    elapsed = time.perf_counter() - start
    print(f"\nopenings: {op.files} ({args.openings})  distinct citations expected: "
          f"{op.cite.true_positives + op.cite.false_negatives}")
    print(f"precision: {op.cite.precision:.3f}  recall: {op.cite.recall:.3f}  (fp {op.cite.false_positives}, "
          f"fn {op.cite.false_negatives}; {elapsed:.1f} s)")
    print(f"own number right: {op.own_number_ok}/{op.files}  own date right: {op.issued_on_ok}/{op.files}  "
          f"own number listed as a citation: {op.own_as_citation}")
    print(f"correct citations called wrong: {op.correct_called_wrong}  planted defects caught: "
          f"{op.defects_caught}/{op.defects}  national documents of the shared list unknown: "
          f"{op.national_shared_unknown}  citations marked as basis: {op.basis_marked}")
    if args.show_errors:
        print("\n".join(op.errors) or "no errors")


if __name__ == "__main__":
    main()
