"""Knowledge-base gaps on real published plans (issue 31), run by hand:

    python benchmarks/eval_kb_gaps.py [--truth tests/data/kb_openings.yaml] [--cache DIR] [-v]
    python benchmarks/eval_kb_gaps.py --fetch     # re-create missing cached texts (see below)

The repository keeps only each opening's address and ground truth (tests/data/kb_openings.yaml), never the plans'
text. The texts are read from a cache outside the repository: $XDG_CACHE_HOME/planreview/kb_openings/<id>.txt
(~/.cache/planreview/kb_openings/), one file per opening holding the plan's header, title and legal-basis preamble
as published. Nothing is fetched during a measurement.

--fetch: for every opening without a cached text, downloads its `url` and writes the page's text to the cache
(where the network allows it); then trim the file by hand to the header, title and preamble (up to "QUYẾT ĐỊNH:",
"ban hành Kế hoạch … như sau:" or the first section) — the measurement reads the preamble as a plan opening.

Each text goes through the review's own steps (parse_file → segment → plan_citations → KnowledgeBase.annotate at
the plan's date) and is compared with the truth:

- citations: distinct documents found / expected (precision, recall);
- national gaps: a national document of the truth that the knowledge base calls unknown (goal 0);
- wrong dates: a truth citation written with another date (`cited_date`) or code (`cited_key`) must come out
  "contradiction" naming the true date or key; a correct citation called wrong is a false claim (goal 0);
- misfiled: a national document counted local or the reverse.

Runs on whatever `pipeline` is importable: `PYTHONPATH=<another checkout> python benchmarks/eval_kb_gaps.py`
measures that checkout's code and knowledge base ("before").
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "kb_openings.yaml"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planreview" / "kb_openings"


def fetch(truth_file: Path, texts: Path) -> None:
    truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))["openings"]
    texts.mkdir(parents=True, exist_ok=True)
    for oid, exp in truth.items():
        path = texts / f"{oid}.txt"
        if path.is_file():
            continue
        try:
            req = urllib.request.Request(exp["url"], headers={"User-Agent": "planreview-eval"})
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - addresses from the truth file
                page = resp.read().decode("utf-8", "replace")
        except OSError as exc:
            print(f"{oid}: not fetched ({exc}) — {exp['url']}", file=sys.stderr)
            continue
        text = re.sub(r"(?is)<(script|style).*?</\1>", " ", page)
        text = html.unescape(re.sub(r"(?s)<[^>]+>", "\n", text))
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        path.write_text(text, encoding="utf-8")
        print(f"{oid}: written {path} — trim it to the header, title and preamble")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--cache", type=Path, default=None, help="folder of <id>.txt (default: user cache)")
    parser.add_argument("--fetch", action="store_true", help="download the missing texts into the cache")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    texts = args.cache or cache_dir()
    sys.path.append(str(ROOT))  # after PYTHONPATH: "PYTHONPATH=<other checkout>" measures that checkout's code
    from planreview_testing.kb_gap_eval import evaluate, report

    if args.fetch:
        fetch(args.truth, texts)
        return
    report(evaluate(args.truth, texts, args.verbose), args.verbose)


if __name__ == "__main__":
    main()
