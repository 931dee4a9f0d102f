"""Footnotes and endnotes of a .docx, and how a note's text joins the paragraph at its reference.

A plan often cites "Căn cứ Quyết định số 749/QĐ-TTg¹" and leaves the date and issuer to the footnote ("¹ Quyết
định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt …"). Joined at the reference, the basis reads
as one citation located at its paragraph:

* the note restates the code just before the reference → the note's text after that code continues the sentence
  ("… 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt …");
* the note opens like a continuation ("ngày 03/6/2020 …", "của …", "về …") → it follows after a space;
* any other note (an explanation) → in parentheses after the reference.
"""

from __future__ import annotations

import re

_CODE_AT_END = re.compile(r"(\d{1,5}(?:/(?:19|20)\d\d)?[/-][A-ZĐ][\wĐđ&/-]*)\W*$")
_CONTINUATION = re.compile(r"^(?:ngày|ngay|của|cua|về|ve|do|năm|tháng|số|so|ban hành|phê duyệt|quy định)\b",
                           re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Notes:
    """The text of each footnote and endnote by id (separators and continuation notices left out)."""

    def __init__(self, footnotes: dict[str, str], endnotes: dict[str, str]) -> None:
        self.by_kind = {"footnote": footnotes, "endnote": endnotes}

    def text(self, kind: str, note_id: str | None) -> str:
        return self.by_kind.get(kind, {}).get(note_id or "", "")

    @staticmethod
    def join(before: str, note: str) -> str:
        """What to append at the reference, given the paragraph's text so far and the note's text."""
        note = note.strip()
        m = _CODE_AT_END.search(before)
        if m:
            code = m.group(1).rstrip("-/")
            at = note.find(code)
            if 0 <= at <= 80:
                rest = note[at + len(code):].rstrip().rstrip(".;")
                return " " + rest.lstrip() if rest.strip() else ""
        if _CONTINUATION.match(note):
            return " " + note.rstrip(".;")
        return f" ({note.rstrip('.;')})"


def read_notes(root, kind: str, paragraph_text) -> dict[str, str]:
    """id → text of every ``w:footnote``/``w:endnote`` of a notes part (``paragraph_text(p)`` reads one paragraph)."""
    found: dict[str, str] = {}
    if root is None:
        return found
    for note in root.iterchildren(f"{_W}{kind}"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [paragraph_text(p) for p in note.iter(f"{_W}p")]
        found[note.get(f"{_W}id") or ""] = " ".join(t.strip() for t in texts if t.strip())
    return found
