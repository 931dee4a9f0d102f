"""Find citations of legal documents ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", "Nghị quyết 52-NQ/TW",
"Luật Công nghệ thông tin ngày 29/6/2006" ...), normalise them and note what is malformed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .model import Block, Location
from .textnorm import normalize_tones

KIND_BY_TYPE = {
    "QĐ": "Quyết định", "NQ": "Nghị quyết", "NĐ": "Nghị định", "TT": "Thông tư", "KH": "Kế hoạch",
    "CT": "Chỉ thị", "CV": "Công văn", "HD": "Hướng dẫn", "TB": "Thông báo", "CTr": "Chương trình",
    "QH": "Luật", "ĐA": "Đề án", "KL": "Kết luận", "BC": "Báo cáo",
}
ISSUERS = {
    "TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "TW": "Ban Chấp hành Trung ương Đảng / Bộ Chính trị",
    "TU": "Tỉnh ủy", "HU": "Huyện ủy", "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân",
    "BTTTT": "Bộ Thông tin và Truyền thông", "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BCA": "Bộ Công an", "VPCP": "Văn phòng Chính phủ",
    "BKHCN": "Bộ Khoa học và Công nghệ", "QH": "Quốc hội",
}
# spelling without diacritics → the proper code
_DIACRITIC_FIX = {"QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "BKHDT": "BKHĐT", "DA": "ĐA", "TTG": "TTg"}
_TYPES = "QĐ|QD|NQ|NĐ|ND|TT|KH|CT|CV|HD|TB|CTr|QH|ĐA|KL|BC"
_KIND_WORDS = {
    "quyết định": "Quyết định", "quyet dinh": "Quyết định", "qđ": "Quyết định", "qd": "Quyết định",
    "nghị quyết": "Nghị quyết", "nghi quyet": "Nghị quyết", "nq": "Nghị quyết",
    "nghị định": "Nghị định", "nghi dinh": "Nghị định", "nđ": "Nghị định",
    "thông tư": "Thông tư", "thong tu": "Thông tư", "kế hoạch": "Kế hoạch", "ke hoach": "Kế hoạch",
    "chỉ thị": "Chỉ thị", "chi thi": "Chỉ thị", "công văn": "Công văn", "cong van": "Công văn",
    "hướng dẫn": "Hướng dẫn", "thông báo": "Thông báo", "luật": "Luật", "bộ luật": "Luật", "luat": "Luật",
    "kết luận": "Kết luận", "ket luan": "Kết luận",
}
_KIND_ALT = "|".join(sorted((re.escape(k) for k in _KIND_WORDS), key=len, reverse=True))

_CODED = re.compile(
    rf"(?<![\w/.-])(?P<num>\d{{1,5}})(?:/(?P<year>(?:19|20)\d{{2}}))?(?P<sep>[/-])"
    rf"(?P<code>(?:{_TYPES})(?:[A-Za-zĐđ&0-9]*)(?:[-/][A-Za-zĐđ&0-9]+)*)",
)
_KIND_BEFORE = re.compile(rf"(?P<kind>{_KIND_ALT})\s*(?:số|so|sô)?\s*[:.]?\s*$", re.IGNORECASE)
_KIND_NUMBER_ONLY = re.compile(
    rf"(?<![\w])(?P<kind>{_KIND_ALT})\s+(?:số\s+|so\s+)?(?P<num>\d{{1,5}})(?![\d/\-.]*\w)", re.IGNORECASE
)
_GENERIC = re.compile(  # "Công văn số 1234/UBND-VX": a code without a document-type prefix
    rf"(?<![\w])(?P<kind>{_KIND_ALT})\s+(?:số\s+|so\s+)?(?P<num>\d{{1,5}})(?:/(?P<year>(?:19|20)\d{{2}}))?/"
    r"(?P<code>[A-ZĐ][A-ZĐa-z0-9&]*(?:-[A-ZĐa-z0-9&]+)+)",
    re.IGNORECASE,
)
_LAW_STOP = r"(?:ngày|ngay|số|so|năm|nam|được|và|va)\b"
_LAW = re.compile(
    rf"(?<![\w])(?:Bộ luật|Luật|Luat)\s+(?P<name>[A-ZĐ][\wÀ-ỹ]*(?:\s+(?!{_LAW_STOP})[\wÀ-ỹ]+){{0,8}}?)"
    rf"(?=\s+{_LAW_STOP}|\s*[;,.()]|\s*$)"
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ngày|ngay)\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+(?:tháng|thang)\s+(?P<m2>\d{1,2})\s+(?:năm|nam)\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_ISSUER_PHRASE = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)(?=\s+(?:về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai)\b|[;,.]|$)"
)
_TITLE_AFTER = re.compile(r"^\s*(?:về việc|về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai)\b[^;]{5,200}")
_LINE_BREAK_IN_CODE = re.compile(rf"(\d\s*/\s*(?:{_TYPES}))\s*-\s+([A-ZĐ])")
_LINE_BREAK_AFTER_NUMBER = re.compile(rf"(\d)\s*-\s+((?:{_TYPES})/)")  # "52-\nNQ/TW"
_SLASH_SPACES = re.compile(r"(\d)\s*/\s*(?=[A-ZĐ\d])")


@dataclass
class Citation:
    """One mention of a legal document."""

    kind: str
    number: str
    year: int | None
    code: str  # "QĐ-TTg", "NĐ-CP", "NQ/TW" ... ("" when only the number was given)
    issuer_code: str
    issuer: str
    date: str | None  # ISO date when given and valid
    date_text: str
    title: str
    raw: str
    location: Location
    key: str  # normalised identity: "749/QĐ-TTg", "73/2019/NĐ-CP", "52-NQ/TW", "Luật Công nghệ thông tin"
    problems: list[str] = field(default_factory=list)
    in_basis_section: bool = False
    kb_status: str = ""  # ok | contradiction | unknown (set by kb.KnowledgeBase.annotate)
    kb_key: str = ""  # the knowledge-base entry the citation names
    kb_note: str = ""  # what the knowledge base expects, for a contradiction

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "kind": self.kind, "number": self.number, "year": self.year, "code": self.code,
            "issuer_code": self.issuer_code, "issuer": self.issuer, "date": self.date,
            "date_text": self.date_text, "title": self.title, "raw": self.raw,
            "location": self.location.to_dict(), "problems": self.problems,
            "in_basis_section": self.in_basis_section, "kb_status": self.kb_status, "kb_key": self.kb_key,
            "kb_note": self.kb_note,
        }


def _fix_code(code: str) -> str:
    parts = re.split(r"([-/])", code)
    return "".join(_DIACRITIC_FIX.get(p.upper(), p) if p not in "-/" else p for p in parts)


def _parse_date(m: re.Match) -> tuple[str | None, str, str | None]:
    """(ISO date or None, the date as written, problem or None)."""
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"),
                                                                                 m.group("y2"))
    text = m.group(0).strip(" ,")
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat(), text, None
    except ValueError:
        return None, text, f"ngày không hợp lệ: {d}/{mo}/{y}"


def _trailing(text: str, end: int, citation: Citation) -> None:
    """Read the date, issuer phrase and title that follow a citation."""
    rest = text[end:end + 400]
    m = _DATE_AFTER.match(rest)
    if m:
        citation.date, citation.date_text, problem = _parse_date(m)
        if problem:
            citation.problems.append(problem)
        rest = rest[m.end():]
    issuer = _ISSUER_PHRASE.match(rest)
    if issuer:
        citation.issuer = issuer.group("issuer").strip()
        rest = rest[issuer.end():]
    title = _TITLE_AFTER.match(rest)
    if title:
        citation.title = re.split(r"(?<=[^\d\s])\.\s", title.group(0).strip())[0].rstrip(" ,.;")


def _check_coded(c: Citation, type_code: str, joined: bool, kind_word: str | None) -> None:
    if joined:
        c.problems.append(f"ký hiệu viết liền, thiếu dấu gạch nối: '{c.code}'")
    if kind_word and kind_word != c.kind and kind_word != "Công văn":
        c.problems.append(f"loại văn bản '{kind_word}' không khớp ký hiệu '{type_code}'")
    if type_code in ("NĐ", "TT") and c.year is None:
        c.problems.append("số hiệu Nghị định/Thông tư thiếu năm ban hành (dạng số/năm/ký hiệu)")
    if c.year and c.date and int(c.date[:4]) != c.year:
        c.problems.append(f"năm trong số hiệu ({c.year}) khác năm ban hành ({c.date[:4]})")
    if c.date and c.date > dt.date.today().isoformat():
        c.problems.append(f"ngày ban hành ở tương lai: {c.date_text}")


def _normalise(text: str) -> str:
    text = normalize_tones(unicodedata.normalize("NFC", text))  # strings not read by parse (KB, tests)
    text = _LINE_BREAK_IN_CODE.sub(r"\1-\2", text)
    text = _LINE_BREAK_AFTER_NUMBER.sub(r"\1-\2", text)
    return _SLASH_SPACES.sub(r"\1/", text)


def extract_from_text(text: str, location: Location) -> list[Citation]:
    """All citations in one block of text, in order of appearance."""
    text = _normalise(text)
    found: list[tuple[int, Citation]] = []
    taken: list[tuple[int, int]] = []
    for m in _CODED.finditer(text):
        code = _fix_code(m.group("code").rstrip("-/"))
        sep = m.group("sep")
        type_m = re.match(rf"({_TYPES})([-/])?(.*)$", code)
        type_code = _DIACRITIC_FIX.get(type_m.group(1).upper(), type_m.group(1)) if type_m else ""
        joined = bool(type_m and not type_m.group(2) and type_m.group(3)) and type_code != "QH"
        issuer_code = (type_m.group(3) if type_m else "").split("-")[0].split("/")[0]
        if type_code == "QH":  # laws: "20/2023/QH15"
            issuer_code = "QH"
        before = _KIND_BEFORE.search(text[max(0, m.start() - 30):m.start()])
        kind_word = _KIND_WORDS.get(before.group("kind").lower()) if before else None
        kind = KIND_BY_TYPE.get(type_code, kind_word or "Văn bản")
        year = int(m.group("year")) if m.group("year") else None
        number = m.group("num")
        key = f"{number}{'/' + str(year) if year else ''}{sep}{code}"
        start = before.start() + max(0, m.start() - 30) if before else m.start()
        raw_end = m.end()
        c = Citation(kind=kind, number=number, year=year, code=code, issuer_code=issuer_code,
                     issuer=ISSUERS.get(issuer_code, ""), date=None, date_text="", title="",
                     raw=text[start:raw_end], location=location, key=key)
        _trailing(text, raw_end, c)
        _check_coded(c, type_code, joined, kind_word)
        found.append((m.start(), c))
        taken.append((start, m.end()))
    for m in _GENERIC.finditer(text):
        if any(s <= m.start("num") < e for s, e in taken):
            continue
        kind = _KIND_WORDS[m.group("kind").lower()]
        code = _fix_code(m.group("code"))
        issuer_code = code.split("-")[0]
        year = int(m.group("year")) if m.group("year") else None
        c = Citation(kind=kind, number=m.group("num"), year=year, code=code, issuer_code=issuer_code,
                     issuer=ISSUERS.get(issuer_code, ""), date=None, date_text="", title="", raw=m.group(0),
                     location=location, key=f"{m.group('num')}{'/' + str(year) if year else ''}/{code}")
        _trailing(text, m.end(), c)
        _check_coded(c, "", False, None)
        found.append((m.start(), c))
        taken.append((m.start(), m.end()))
    for m in _KIND_NUMBER_ONLY.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        kind = _KIND_WORDS[m.group("kind").lower()]
        c = Citation(kind=kind, number=m.group("num"), year=None, code="", issuer_code="", issuer="",
                     date=None, date_text="", title="", raw=m.group(0), location=location,
                     key=f"{kind} {m.group('num')}")
        _trailing(text, m.end(), c)
        c.problems.append("trích dẫn thiếu ký hiệu văn bản (chỉ có số)")
        found.append((m.start(), c))
        taken.append((m.start(), m.end()))
    for m in _LAW.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        name = m.group("name").strip()
        c = Citation(kind="Luật", number="", year=None, code="", issuer_code="QH", issuer="Quốc hội",
                     date=None, date_text="", title=f"Luật {name}", raw=m.group(0), location=location,
                     key=f"Luật {name}")
        after = text[m.end():]
        num = re.match(r"\s+số\s+(\d{1,3}/\d{4}/QH\d{1,2})", after)
        end = m.end() + (num.end() if num else 0)
        if num:  # the coded pass already recorded "20/2023/QH15"; keep the law's name on it
            for _, other in found:
                if other.key == num.group(1):
                    other.title = other.title or c.title
            continue
        _trailing(text, end, c)
        if c.date:
            c.year = int(c.date[:4])
        found.append((m.start(), c))
    return [c for _, c in sorted(found, key=lambda item: item[0])]


def extract_citations(blocks: list[Block]) -> list[Citation]:
    """Citations of every block, each with the block's location."""
    out: list[Citation] = []
    for block in blocks:
        for c in extract_from_text(block.text, block.location):
            c.in_basis_section = "can_cu" in block.section_kinds
            out.append(c)
    return out


def matches_number(c: Citation, number: str, code: str = "") -> bool:
    """True when the citation names document ``number`` (and ``code``, when both are known)."""
    if c.number != number:
        return False
    if not code or not c.code:
        return c.kind == KIND_BY_TYPE.get(code.split("-")[0].split("/")[0], c.kind)
    return c.code.upper() == code.upper()
