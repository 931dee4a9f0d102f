"""Time the review of generated drafts of growing length (run by hand, not in CI).

    python benchmarks/bench_review.py [--sizes 0 200 800] [--format docx]

Prints, per draft: pages (PDF pages, or an estimate of 400 words per page), blocks, and the time of
each stage. The first review also pays for loading underthesea and building the corpus index.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed

from pipeline.render.writers import write_outputs
from pipeline.review.reviewer import Reviewer
from planreview_testing.synthetic import clean_spec, write_draft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 200, 800],
                        help="extra filler paragraphs per draft (about 800 ≈ 100 pages)")
    parser.add_argument("--format", default="docx", choices=["docx", "pdf", "txt"])
    args = parser.parse_args()
    t0 = time.perf_counter()
    reviewer = Reviewer()
    _ = reviewer.index
    print(f"start-up (rules + corpus index): {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'paragraphs':>10} {'pages':>6} {'blocks':>7} " + " ".join(f"{s:>9}" for s in
              ["parse", "segment", "analyse", "compare", "check", "render", "total"]))
        for extra in args.sizes:
            spec = clean_spec(extra_paragraphs=extra, copy_corpus=True)
            path = write_draft(spec, Path(tmp, f"d{extra}.{args.format}"))
            start = time.perf_counter()
            result = reviewer.review(path)
            t_render = time.perf_counter()
            write_outputs(result, Path(tmp, f"out{extra}"))
            render = time.perf_counter() - t_render
            total = time.perf_counter() - start
            words = sum(len(b.text.split()) for b in result.seg.doc.blocks)
            pages = result.seg.doc.pages or round(words / 400)
            times = [result.timings[k] for k in ("parse", "segment", "analyse", "compare", "check")]
            print(f"{extra:>10} {pages:>6} {len(result.seg.doc.blocks):>7} "
                  + " ".join(f"{t:>8.2f}s" for t in [*times, render, total]))
    import resource

    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
