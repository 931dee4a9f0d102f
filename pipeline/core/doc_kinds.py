"""The kind line of a Vietnamese administrative document: "KẾ HOẠCH", "ĐỀ ÁN", "CHƯƠNG TRÌNH" (a plan) or
"QUYẾT ĐỊNH" (a decision, often the one issuing a plan), "DỰ THẢO" before it in a draft. One pattern for every
stage that asks what a document, or one of its lines, is: the submission's file roles (ingest/submission.py),
the title (analyse/segment.py), the preamble after a bare kind line (analyse/citations.py), the verdict that a
document is no plan (analyse/plan_profile.py)."""

from __future__ import annotations

import re

PLAN_KINDS = ("KẾ HOẠCH", "ĐỀ ÁN", "CHƯƠNG TRÌNH")
DECISION_KIND = "QUYẾT ĐỊNH"


def kind_line(*, decision: bool = False, alone: bool = False, any_case: bool = False) -> re.Pattern[str]:
    """A line opening with a plan's kind ("DỰ THẢO" allowed before it); ``decision``: or a decision's;
    ``alone``: the line is the kind and nothing else (the first line of a title in capitals); ``any_case``:
    "Kế hoạch …" too (a title typed in sentence case)."""
    kinds = "|".join(PLAN_KINDS + ((DECISION_KIND,) if decision else ()))
    pattern = rf"^\s*(?:{kinds})\s*$" if alone else rf"^\s*(?:DỰ THẢO\s+)?(?:{kinds})\b"
    return re.compile(pattern, re.IGNORECASE if any_case else 0)


PLAN_LINE = kind_line()  # "KẾ HOẠCH Chuyển đổi số …", "DỰ THẢO ĐỀ ÁN …"
PLAN_TITLE_START = kind_line(any_case=True)  # the first line of a plan's title, in any case
PLAN_KIND_ALONE = kind_line(alone=True)  # "KẾ HOẠCH" on a line of its own: the title's subject follows
PLAN_OR_DECISION_LINE = kind_line(decision=True)  # a plan, or the decision issuing one
DECISION_ALONE = re.compile(rf"^\s*{DECISION_KIND}\s*$")  # "QUYẾT ĐỊNH" on a line of its own
