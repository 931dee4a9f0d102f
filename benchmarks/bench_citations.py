"""Precision and recall of the legal-citation extractor on tests/data/citations.yaml (run by hand).

    python benchmarks/bench_citations.py [--show-errors]

A found citation counts as correct when its key, kind and (where the corpus gives them) date and
issuer code all match the expected parse. The target is ≥ 0.95 for both.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from pipeline.citation_eval import evaluate

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "citations.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-errors", action="store_true")
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


if __name__ == "__main__":
    main()
