"""Measure the citation extractor against a corpus of citation strings with expected parses.

Shared by tests/analyse/test_citation_corpus.py and benchmarks/bench_citations.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.analyse.citations import extract_from_text
from pipeline.analyse.kb import norm_key
from pipeline.core.model import Location


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
    """The planted literals, compared as written (no normalisation of the extractor's own on either side)."""
    if found.key != expected["key"] or found.kind != expected["kind"]:
        return False
    if "date" in expected and found.date != expected["date"]:
        return False
    return "issuer_code" not in expected or found.issuer_code == expected["issuer_code"]


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


# --------------------------------------------------------------------------- whole openings of plans


@dataclass
class OpeningsEvaluation:
    """Citation precision/recall on plan openings, and the legal measures of issue #18."""

    files: int = 0
    cite: Evaluation = field(default_factory=Evaluation)
    own_number_ok: int = 0
    issued_on_ok: int = 0
    own_as_citation: int = 0  # the plan's own number listed as a citation (must be 0)
    correct_called_wrong: int = 0  # a correct citation flagged malformed / contradicting / superseded / after
    defects: int = 0
    defects_caught: int = 0
    national_shared_unknown: int = 0  # a national document of ../shared/legal listed as unknown (must be 0)
    national_shared_checked: int = 0  # documents of the openings found in that list (the measure ran on them)
    basis_marked: int = 0  # citations of the opening marked as legal basis (preamble or Căn cứ section)
    errors: list[str] = field(default_factory=list)


def _same_key(found_key: str, expected_key: str) -> bool:
    """Keys as the truth writes them (the extractor's canonical spelling), compared literally."""
    return found_key == expected_key


def citation_flags(c, on: str | None) -> set[str]:
    """What the tool says is wrong with one citation (as the LEGAL-03/05/09/10 rules see it)."""
    flags = set()
    if c.problems:
        flags.add("malformed")
    if c.kb_status == "contradiction":
        flags.add("contradiction")
    if c.currency:
        flags.add("superseded")
    if on and c.date and c.date > on:
        flags.add("after_plan")
    return flags


def evaluate_openings(folder: Path, shared_csv: Path | None = None) -> OpeningsEvaluation:
    """Run parse → segment → plan citations → knowledge base on every opening of ``folder`` against its
    truth.yaml; count per distinct document (a document cited twice in one opening counts once)."""
    import csv

    from pipeline.analyse.citations import plan_citations, plan_date
    from pipeline.analyse.kb import KnowledgeBase
    from pipeline.analyse.segment import segment
    from pipeline.ingest.read import parse_file
    from pipeline.rules.loader import load_rules

    folder = Path(folder)
    truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))["openings"]
    ruleset = load_rules()
    kb = KnowledgeBase(ruleset.legal_bases)
    national_shared: set[str] = set()
    if shared_csv and Path(shared_csv).is_file():
        with open(shared_csv, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if not row["issuer"].startswith(("UBND", "Ban Chấp hành Đảng bộ tỉnh", "Ban Thường vụ Tỉnh ủy")):
                    national_shared.add(row["number"])  # as the list writes it (no normalisation)
    ev = OpeningsEvaluation()
    for name, exp in truth.items():
        ev.files += 1
        seg = segment(parse_file(folder / name), ruleset)
        meta = seg.meta
        on = plan_date(meta)
        if (meta.own_number or "") == (exp.get("own_number") or ""):
            ev.own_number_ok += 1
        else:
            ev.errors.append(f"{name}: own number {meta.own_number!r}, expected {exp.get('own_number')!r}")
        expected_on = str(exp["issued_on"]) if exp.get("issued_on") else None
        if meta.issued_on == expected_on:
            ev.issued_on_ok += 1
        else:
            ev.errors.append(f"{name}: issued_on {meta.issued_on!r}, expected {expected_on!r}")
        cites = plan_citations(seg)
        kb.annotate(cites, on)
        own = exp.get("own_number") or ""
        by_doc: dict[str, list] = {}
        for c in cites:
            by_doc.setdefault(norm_key(c.kb_key or c.key) if c.code else c.key.lower(), []).append(c)
        expected = [dict(e) for e in exp["citations"]]
        for e in expected:
            if e.get("date"):
                e["date"] = str(e["date"])
        for group in by_doc.values():
            first = group[0]
            date = next((c.date for c in group if c.date), None)
            if own and _same_key(first.key, own):
                ev.own_as_citation += 1
            ev.basis_marked += any(c.in_basis_section for c in group)
            match = next((e for e in expected if _same_key(first.key, e["key"]) and first.kind == e["kind"]
                          and (not e.get("date") or date == e["date"])), None)
            if match is None:
                ev.cite.false_positives += 1
                ev.errors.append(f"{name}: unexpected {first.key!r} ({first.kind}, {date})")
                continue
            expected.remove(match)
            ev.cite.true_positives += 1
            flags = set().union(*(citation_flags(c, on) for c in group))
            defect = match.get("defect")
            if defect:
                ev.defects += 1
                if defect in flags:
                    ev.defects_caught += 1
                else:
                    ev.errors.append(f"{name}: planted {defect} on {first.key!r} not reported ({sorted(flags)})")
            elif flags:
                ev.correct_called_wrong += 1
                ev.errors.append(f"{name}: correct citation {first.key!r} called {sorted(flags)}: "
                                 f"{first.kb_note or first.currency or first.problems}")
            shared_key = next((k for k in (first.kb_key, first.key) if k in national_shared), None)
            ev.national_shared_checked += shared_key is not None
            if shared_key is not None and first.kb_status == "unknown":  # listed nationally, unknown to the KB
                ev.national_shared_unknown += 1
                ev.errors.append(f"{name}: {first.key!r} of the shared list is unknown")
        for e in expected:
            ev.cite.false_negatives += 1
            ev.errors.append(f"{name}: missed {e}")
    return ev
