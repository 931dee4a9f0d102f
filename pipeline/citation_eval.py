"""Measure the citation extractor against a corpus of citation strings with expected parses.

Shared by tests/test_citation_corpus.py and benchmarks/bench_citations.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .kb import norm_key
from .legal import extract_from_text
from .model import Location


@dataclass
class Evaluation:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def _matches(found, expected: dict) -> bool:
    if norm_key(found.key) != norm_key(expected["key"]) or found.kind != expected["kind"]:
        return False
    if "date" in expected and found.date != expected["date"]:
        return False
    return "issuer_code" not in expected or found.issuer_code.upper() == str(expected["issuer_code"]).upper()


def evaluate(cases_file: Path) -> Evaluation:
    """A found citation counts when key, kind and (where given) date and issuer code all match."""
    cases = yaml.safe_load(Path(cases_file).read_text(encoding="utf-8"))["cases"]
    ev = Evaluation()
    for case in cases:
        found = extract_from_text(case["text"], Location())
        expected = list(case["expect"])
        for f in found:
            match = next((e for e in expected if _matches(f, e)), None)
            if match is not None:
                expected.remove(match)
                ev.true_positives += 1
            else:
                ev.false_positives += 1
                ev.errors.append(f"unexpected {f.key!r} ({f.kind}, {f.date}) in: {case['text']!r}")
        for e in expected:
            ev.false_negatives += 1
            ev.errors.append(f"missed {e} in: {case['text']!r}")
    return ev
