"""planreview: review Vietnamese draft digital-transformation plans.

Flow: parse (ingest/read.py) → segment (segment.py) → analyse (citations.py, tasks.py, targets.py)
→ check (checks/, driven by rules/*.yaml) → compare (duplicates.py) → render (writers.py).

The public API is what this module exports (``__all__``); everything else is internal and may change.
Importing ``pipeline`` is cheap: the names are loaded on first use (PEP 562).

Review one draft (here a small plan written on the spot; any .docx, .pdf or .txt works the same):

>>> import pathlib, tempfile
>>> from pipeline import review_file
>>> draft = pathlib.Path(tempfile.mkdtemp()) / "ke-hoach-cds.txt"
>>> _ = draft.write_text(
...     "KẾ HOẠCH\\nChuyển đổi số xã Mẫu Sơn giai đoạn 2026-2030\\n"
...     "Mẫu Sơn, ngày 15 tháng 3 năm 2026\\n"
...     "I. MỤC TIÊU\\nĐến năm 2030, 90% hồ sơ thủ tục hành chính được xử lý trực tuyến.\\n",
...     encoding="utf-8")
>>> result = review_file(draft, corpus_dir=None)
>>> result.seg.meta.plan_year, result.seg.meta.level
(2026, 'xa')
>>> "TASK-05" in {f.rule_id for f in result.findings}  # no task list
True

Many drafts with one :class:`Reviewer` (the rule set and the corpus are loaded once):

>>> from pipeline import Reviewer, ReviewOptions
>>> reviewer = Reviewer(ReviewOptions(corpus_dir=None))
>>> [f.rule_id for f in reviewer.review(draft).findings] == [f.rule_id for f in result.findings]
True

The rule set on its own:

>>> from pipeline import load_rules
>>> rules = load_rules()
>>> task_03 = next(r for r in rules.rules if r.id == "TASK-03")
>>> task_03.check, task_03.options.field
('task_field', 'budget')
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `import pipeline` imports nothing

__all__ = ["Finding", "ReviewOptions", "ReviewResult", "Reviewer", "RuleSet", "__version__", "load_rules",
           "review_file"]

if TYPE_CHECKING:
    import os
    from typing import Any

    from pipeline.core.model import Finding
    from pipeline.core.version import __version__
    from pipeline.review.reviewer import Reviewer, ReviewOptions, ReviewResult
    from pipeline.rules.loader import RuleSet, load_rules

# name → the module that defines it, imported on first access
_LAZY = {"__version__": "core.version", "Finding": "core.model", "ReviewOptions": "review.reviewer",
         "ReviewResult": "review.reviewer", "Reviewer": "review.reviewer",
         "RuleSet": "rules.loader", "load_rules": "rules.loader"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def review_file(path: str | os.PathLike[str], options: ReviewOptions | None = None, **fields: Any) -> ReviewResult:
    """Review one draft (.docx, .pdf, .txt, scans, .doc/.odt) with the bundled rules and corpus.

    ``fields`` set :class:`ReviewOptions` fields (``rules_dirs``, ``corpus_dir=None`` to skip the duplicate
    search, ``plan_year`` ...) on top of ``options``. Raises :class:`pipeline.core.errors.InputError` for a file
    that cannot be read and :class:`pipeline.core.errors.RulesError` for a broken rule set. To review many
    drafts, make one :class:`Reviewer` and call its ``review`` for each.
    """
    from dataclasses import replace

    from pipeline.review.reviewer import Reviewer, ReviewOptions

    return Reviewer(replace(options or ReviewOptions(), **fields)).review(path)
