"""Vietnamese text typed in the legacy 8-bit font encodings (TCVN3/ABC with ".VnTime", VNI with "VNI-Times").

Word files of local offices still carry them: the characters stored are Latin-1 letters that only the legacy
font draws as Vietnamese ("Kõ ho¹ch" for "Kế hoạch"). Reviewing that text would be reviewing mojibake, so
legacy text is converted to Unicode before anything else reads it, with the maintained conversion tables and
detectors of viparse:

* .docx: the font of each run says it (``.Vn*`` → TCVN3, ``VNI*`` → VNI);
* .txt (and a .docx whose fonts were lost): the bytes or characters themselves, by viparse's content
  detector, tried only when the text holds characters Vietnamese never uses; when they dominate and no table
  reads them as Vietnamese, the file is refused with a clear message (:func:`looks_like_mojibake`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Letters of Latin-1 that Vietnamese uses (à á â ã è é ê ì í ò ó ô õ ù ú ý, upper and lower case).
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_SUSPECT = re.compile(r"[\u0080-\u00ff]")


def encoding_of_font(font: str | None) -> str | None:
    """'tcvn3' for .VnTime/.VnTimeH/.VnArial…, 'vni' for VNI-Times…, None for a Unicode font."""
    if not font:
        return None
    from viparse.normalize.detector import detect_encoding

    return detect_encoding([font]).encoding


@lru_cache(maxsize=4)
def _charmap(encoding: str):
    from viparse.normalize.encodings import get_charmap

    return get_charmap(encoding)


def convert(text: str, encoding: str) -> str:
    """Legacy-encoded text → Unicode (NFC)."""
    from viparse.normalize.tables import convert as viparse_convert

    return viparse_convert(text, _charmap(encoding))


def is_capitals_font(font: str | None) -> bool:
    """TCVN3's capital fonts (.VnTimeH, .VnArialH …) draw the lower-case codes as capitals: TCVN3 has no
    codes for toned capitals, so headings are typed in lower case in these fonts."""
    return bool(font) and font.upper().startswith(".VN") and font.upper().endswith("H")


def convert_run(text: str, font: str | None, encoding: str) -> str:
    """A run of text in a legacy font, as the reader sees it."""
    converted = convert(text, encoding)
    return converted.upper() if is_capitals_font(font) else converted


def suspect_share(text: str) -> float:
    """Share of the letters that are Latin-1 characters Vietnamese never uses (ð, ñ, ö, ¬, µ …)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    odd = sum(1 for m in _SUSPECT.finditer(text) if m.group(0) not in _VIETNAMESE_LATIN1)
    return odd / letters


def detect_by_content(text: str, min_share: float = 0.01) -> str | None:
    """The legacy encoding ``text`` is written in, judged from its characters; None when it reads as Unicode
    (or when no table clearly reads it as Vietnamese)."""
    if suspect_share(text) < min_share:
        return None
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS

    return detect_encoding_by_content(text, AUTO_DETECT_CHARMAPS).encoding


def looks_like_mojibake(text: str, max_share: float = 0.05) -> bool:
    """True when so many letters are foreign to Vietnamese that the text cannot be reviewed as it is."""
    return suspect_share(text) > max_share


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """(Unicode text, encoding) for a plain-text file saved in a legacy 8-bit encoding, else None.

    Such files hold the legacy codes as single bytes (Windows-1252 positions); Windows-1258 files (the
    Vietnamese ANSI code page) are told apart by viparse's content detector, which only accepts a table
    that reads the text clearly better than leaving it alone."""
    text = data.decode("cp1252", errors="replace")
    encoding = detect_by_content(text)
    if encoding is None:
        return None
    return convert(text, encoding), encoding
