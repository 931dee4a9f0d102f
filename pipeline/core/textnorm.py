"""The one text normaliser: every piece of draft text passes through :func:`normalize_text` once, at parse time.

What it does, in order:

* drops control characters (no XML, and so no memo .docx, can hold them) and zero-width characters;
* composes Unicode (NFC): a draft saved in decomposed form (NFD, e.g. from macOS or some web editors) reads
  like any other;
* puts tone marks in one place — the traditional placement used by official documents and by our rule set:
  ``hoá → hóa``, ``hoà → hòa``, ``thuỷ → thủy``, ``khoẻ → khỏe`` (only open syllables ``oa/oe/uy`` differ
  between the two conventions; ``hoàn``, ``thuyết``, ``quý`` are the same in both);
* makes every dash one hyphen-minus and every curly quote a straight one;
* collapses runs of white space (no-break spaces included) to one space.

:func:`fold` gives a comparison key (lower case, no diacritics, ``đ → d``); :func:`match_word` the key of one
word for text matching (lower case, punctuation stripped, every number ``0``).
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u200b-\u200d\u2060\ufeff]")
_PUNCTUATION = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"} | {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"', "\u00bb": '"'}
# one scan finds the dashes and quotes to replace (str.translate with a table costs ~25 µs per line of
# Vietnamese text, a regex that finds nothing ~1 µs)
_PUNCTUATION_FOUND = re.compile("[" + "".join(_PUNCTUATION) + "]")
_SPACES = re.compile(r"\s+")

# Tone marks as combining characters (NFD): grave, acute, hook above, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_CONSONANTS = "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
_TONED = "".join(unicodedata.normalize("NFC", v + t) for v in "aeyAEY" for t in _TONES)
# An open syllable whose nucleus is oa / oe / uy with the tone on the second vowel ("new" placement).
_NEW_STYLE = re.compile(rf"(?<![\w])([{_CONSONANTS}]{{0,3}})([oOuU])([{_TONED}])(?!\w)")


def _to_traditional(m: re.Match[str]) -> str:
    initial, first, second = m.group(1), m.group(2), m.group(3)
    is_y = second.lower() in "ỳýỷỹỵ"
    if first in "uU" and (not is_y or initial[-1:] in ("q", "Q")):
        return m.group(0)  # "quý": u belongs to the initial; "của", "mùa": "ua" is not one of the pairs
    if first in "oO" and is_y:
        return m.group(0)
    decomposed = unicodedata.normalize("NFD", second)
    tone = next(ch for ch in decomposed if ch in _TONES)
    bare = decomposed.replace(tone, "")
    return initial + unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", bare)


def normalize_tones(text: str) -> str:
    """``hoá → hóa``, ``thuỷ → thủy``; text must be NFC."""
    return _NEW_STYLE.sub(_to_traditional, text)


def normalize_text(text: str) -> str:
    """One line of draft text, normalised as described in the module docstring."""
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = normalize_tones(text)
    text = _PUNCTUATION_FOUND.sub(lambda m: _PUNCTUATION[m.group(0)], text)
    return " ".join(text.split())  # (str.split's white space is the \s of a str pattern, no-break spaces too)


def normalize_block(text: str) -> str:
    """Several lines: each line normalised, line breaks kept (for text decoded from files)."""
    return "\n".join(normalize_text(line) for line in text.splitlines())


def fold(text: str) -> str:
    """Comparison key: lower case, no diacritics, ``đ → d``, single spaces.

    >>> fold("Luật  Công nghệ thông tin") == fold("luat cong nghe thong tin")
    True
    """
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain).strip().lower()


_PUNCT = ".,;:!?()[]\"'“”‘’-–"


def match_word(word: str) -> str:
    """Key of one word for text matching: lower case, surrounding punctuation stripped, a number → ``0``."""
    w = word.lower().strip(_PUNCT)
    return "0" if w[:1].isdigit() else w
