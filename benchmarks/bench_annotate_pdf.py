"""The annotated copy of a long PDF with many notes, in-process (run by hand, not in CI).

    python benchmarks/bench_annotate_pdf.py PDF [--notes 540] [--runs 3] [--baseline CHECKOUT]

Reviews PDF once, then gives it ``--notes`` findings — the review's own, repeated on evenly spread paragraphs,
each quoting its paragraph's first words as evidence (as the task and citation rules do) — and times
``annotate_pdf`` (median of ``--runs``); with ``--baseline``, the same with that checkout's
render/annotate_pdf.py, interleaved, and checks that both copies carry the same notes (page, kind, text).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _module(checkout: Path):
    spec = importlib.util.spec_from_file_location(f"annotate_pdf_{abs(hash(str(checkout)))}",
                                                  checkout / "pipeline" / "render" / "annotate_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--notes", type=int, default=540)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT")
    args = parser.parse_args()
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    result = Reviewer(ReviewOptions(corpus_dir=None)).review(args.pdf)
    blocks = result.seg.doc.blocks
    model = result.findings[0]
    step = max(1, len(blocks) // args.notes)
    result.findings = [dataclasses.replace(model, evidence=" ".join(blocks[i].text.split()[:8]),
                                           location=dataclasses.replace(blocks[i].location, paragraph=i + 1))
                       for i in range(0, len(blocks), step)][:args.notes]
    modules = {"now": _module(ROOT)} | ({"baseline": _module(args.baseline)} if args.baseline else {})
    out = Path(tempfile.mkdtemp(prefix="bench-annotate-"))
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(args.runs):
        for name, module in modules.items():
            start = time.perf_counter()
            module.annotate_pdf(result, args.pdf, out / f"{name}.pdf")
            times[name].append(time.perf_counter() - start)
    notes = {name: modules["now"].read_annotations(out / f"{name}.pdf") for name in modules}
    for name in modules:
        print(f"{name:<9} {len(notes[name]):>5} notes  median {statistics.median(times[name]):.3f} s  "
              f"runs {' '.join(f'{t:.3f}' for t in times[name])}  {(out / f'{name}.pdf').stat().st_size} bytes")
    if args.baseline:
        print("same notes (page, kind, text):", notes["now"] == notes["baseline"])


if __name__ == "__main__":
    main()
