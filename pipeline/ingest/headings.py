"""Recognise headings and list items from their numbering ("Phần", "Chương", "Mục", I., 1., 1.1., a)).

A heading gets a *rank*: the smaller the rank, the higher it stands in the hierarchy. Ranks are
fixed per numbering scheme so the section tree comes out right even when a draft skips a level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a Word paragraph style that makes a heading: "Heading 2", "Tiêu đề 2" (Vietnamese Word) → level 2
WORD_HEADING_STYLE = re.compile(r"^(?:Heading|Tiêu đề)\s*(\d)$", re.IGNORECASE)

RANK_PART = 0  # Phần
RANK_CHAPTER = 1  # Chương
RANK_ITEM = 2  # Mục 1
RANK_ROMAN = 3  # I.
RANK_ARABIC = 4  # 1.
# 1.1. → 5, 1.1.1. → 6
RANK_LETTER = 8  # a)
RANK_CAPS = 3  # an unnumbered line in capitals: "CĂN CỨ PHÁP LÝ"
RANK_BOLD = 9  # an unnumbered short paragraph set in bold: "Mục tiêu cụ thể" (Word drafts without styles)

_PART = re.compile(r"^(?:PHẦN|Phần)\s+((?:THỨ|thứ)\s+\w+|[IVXLC]+|\d+)\b[.:]?\s*(.*)$")
_CHAPTER = re.compile(r"^(?:CHƯƠNG|Chương)\s+([IVXLC]+|\d+)\b[.:]?\s*(.*)$")
# "PHỤ LỤC", "Phụ lục I", "Phụ lục 02: DANH MỤC NHIỆM VỤ …": an appendix stands outside the plan's own
# sections, at the top of the hierarchy (never inside "VI. Tổ chức thực hiện > 3")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:số\s+)?([IVXLC]+|\d+))?\b[.:]?\s*(.*)$")
_ITEM = re.compile(r"^(?:MỤC|Mục)\s+([IVXLC]+|\d+)\b[.:]?\s*(.*)$")
_ROMAN = re.compile(r"^([IVXL]{1,6})[.)]\s*(\S.*)$")
_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])[.)]\s+(\S.*)$")
# bullet glyphs as documents draw them (Word's and LibreOffice's Symbol/Wingdings bullets are private-use
# characters in a PDF's text); a dash, plus or star typed before an item is a list marker too
BULLET_GLYPHS = "•·▪●○◦■➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06e\uf0e0"
_BULLET = re.compile(rf"^[-–—+*{BULLET_GLYPHS}]\s*\S")
_VALID_ROMAN = re.compile(r"^(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ENDS_LIKE_SENTENCE = re.compile(r"[.;,:]$")
# the signature block ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nơi nhận:"): capitals, never a heading
_SIGNATURE = re.compile(r"^(?:(?:TM|KT|TL|TUQ|Q)\.\s+\S|(?:PHÓ\s+)?CHỦ\s+TỊCH\s*$|(?:GIÁM ĐỐC|TRƯỞNG BAN)\s*$"
                        r"|Nơi nhận\s*:?)")


@dataclass(frozen=True)
class HeadingMatch:
    rank: int
    numbering: str
    title: str


def _is_short(text: str, max_words: int) -> bool:
    """Vietnamese words are space-separated syllables, so headings run to 15-25 "words"."""
    return len(text.split()) <= max_words


def _is_caps(text: str) -> bool:
    if not text.isupper():  # (quick refusal of ordinary lines: every letter upper case implies isupper())
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def match_heading(text: str, style_level: int | None = None, bold: bool = False) -> HeadingMatch | None:
    """Return the heading's rank and numbering, or None when ``text`` is body text.

    ``style_level`` is the N of a Word "Heading N" style; ``bold`` says the whole paragraph is bold.
    Numbered lines that read like sentences (long, or ending in ".", ";") are list items, not headings,
    unless the Word style says they are headings.
    """
    text = text.strip()
    if not text:
        return None
    for pattern, rank in ((_PART, RANK_PART), (_CHAPTER, RANK_CHAPTER), (_ITEM, RANK_ITEM)):
        m = pattern.match(text)
        if m and (style_level or _is_short(text, 25)):
            return HeadingMatch(rank, m.group(1), m.group(2) or text)
    m = _APPENDIX.match(text)
    if m and _is_short(text, 25) and not _ENDS_LIKE_SENTENCE.search(text.rstrip(":")):
        return HeadingMatch(RANK_PART, m.group(1) or "", m.group(2) or text)
    headingish = style_level is not None or bold
    m = _ROMAN.match(text)
    if m and _VALID_ROMAN.match(m.group(1)) and (headingish or (_is_short(text, 30) and not text.endswith(";"))):
        return HeadingMatch(RANK_ROMAN, m.group(1), m.group(2))
    m = _MULTI.match(text)
    if m and (headingish or (_is_short(text, 24) and not _ENDS_LIKE_SENTENCE.search(text))):
        return HeadingMatch(RANK_ARABIC + m.group(1).count("."), m.group(1), m.group(2))
    m = _ARABIC.match(text)
    if m and (headingish or (_is_short(text, 22) and not _ENDS_LIKE_SENTENCE.search(text))):
        return HeadingMatch(RANK_ARABIC, m.group(1), m.group(2))
    m = _LETTER.match(text)
    if m and (headingish or (_is_short(text, 14) and not _ENDS_LIKE_SENTENCE.search(text))):
        return HeadingMatch(RANK_LETTER, m.group(1), m.group(2))
    if style_level is not None:
        return HeadingMatch(RANK_ROMAN + style_level - 1, "", text)
    if _SIGNATURE.match(text):
        return None
    if _is_caps(text) and _is_short(text, 14) and not _ENDS_LIKE_SENTENCE.search(text):
        return HeadingMatch(RANK_CAPS, "", text)
    if bold and _is_short(text, 14) and not _ENDS_LIKE_SENTENCE.search(text) and not _BULLET.match(text):
        return HeadingMatch(RANK_BOLD, "", text)
    return None


def list_numbering(text: str) -> str | None:
    """The marker of a list item ("-", "1", "a") or None when ``text`` is not a list item."""
    text = text.strip()
    if _BULLET.match(text):
        return "-"
    for pattern in (_MULTI, _ARABIC, _LETTER):
        m = pattern.match(text)
        if m:
            return m.group(1)
    return None
