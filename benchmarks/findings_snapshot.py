"""Save, then compare, findings.json of every sample and generated draft — for changes that must not change output.

    python benchmarks/findings_snapshot.py save  DIR      # review all drafts, write DIR/<name>.json
    python benchmarks/findings_snapshot.py compare DIR    # review again, list every draft whose JSON differs

Drafts: samples/, tests/data/realistic/, benchmarks/data/heldout/ and the generated drafts of
tests/checks/test_rules_on_drafts.py in .docx, .pdf and .txt. Each is reviewed in-process with the bundled rules
and corpus (one Reviewer, as the tests use it); the JSON is ReviewResult.to_dict() with timings removed and
paths cut to the file name, so two checkouts of the same code give identical files.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRAFT_SUFFIXES = {".docx", ".pdf", ".txt"}


def _strip(value: Any) -> Any:
    """Timings out, paths cut to their name: what is left must not depend on the machine or the checkout."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("timings", "timings_s", "elapsed", "generated_at")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, str) and ("/" in value) and value.startswith(("/", ".")):
        return Path(value).name
    return value


def _drafts(tmp: Path) -> list[tuple[str, Path]]:
    from planreview_testing.rule_drafts import FORMATS, SPECS
    from planreview_testing.synthetic import write_draft

    found: list[tuple[str, Path]] = []
    for folder in (ROOT / "samples", ROOT / "tests" / "data" / "realistic", ROOT / "benchmarks" / "data" / "heldout"):
        found += [(f"{folder.name}-{p.name}", p) for p in sorted(folder.iterdir()) if p.suffix in DRAFT_SUFFIXES]
    for name, spec in SPECS.items():
        for fmt in FORMATS:
            found.append((f"generated-{name}.{fmt}", write_draft(spec, tmp / f"{name}.{fmt}")))
    return found


def snapshot(parallel: bool = False) -> dict[str, str]:
    """Review every draft; name → its JSON text (or the error it was refused with)."""
    from pipeline.core.errors import InputError
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    reviewer = Reviewer(ReviewOptions(parallel=parallel))
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        drafts = _drafts(Path(tmp))
        for i, (name, path) in enumerate(drafts, 1):
            print(f"[{i}/{len(drafts)}] {name}", file=sys.stderr)
            try:
                data = _strip(reviewer.review(path).to_dict())
            except InputError as exc:
                data = {"refused": str(exc)}
            out[name] = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--parallel", action="store_true",
                        help="review as the CLI does, the corpus comparison in a forked child (forked.py)")
    args = parser.parse_args(argv)
    now = snapshot(args.parallel)
    if args.action == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in now.items():
            (args.folder / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"saved {len(now)} snapshots in {args.folder}")
        return 0
    differing = 0
    for name, text in now.items():
        saved = args.folder / f"{name}.json"
        before = saved.read_text(encoding="utf-8") if saved.exists() else ""
        if before != text:
            differing += 1
            diff = difflib.unified_diff(before.splitlines(), text.splitlines(), "before", "after", lineterm="", n=1)
            print(f"== {name} differs ==")
            print("\n".join(list(diff)[:40]))
    print(f"{differing} of {len(now)} drafts differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
