"""Find citations of legal documents ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", "Nghị quyết 57-NQ/TW",
"Tờ trình số 164/TTr-SKHCN", "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" ...), name the
type of each from its code (the document-code standard in rules/legal/document-codes.yaml), and note what
is malformed. Also reads the plan's own number and date from its header ("Số: 186/KH-UBND",
"…, ngày 12 tháng 3 năm 2026"): they are the plan's identity, never a cited basis.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pipeline.core import yaml_io
from pipeline.core.bundled import RULES_DIR
from pipeline.core.doc_kinds import PLAN_KIND_ALONE
from pipeline.core.model import Block, Location, PlanMeta
from pipeline.core.textnorm import normalize_tones

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pipeline.analyse.segment import Segmented

CODES_FILE = RULES_DIR / "legal" / "document-codes.yaml"


@lru_cache(maxsize=1)
def code_standard() -> dict[str, Any]:
    """The document-code standard (Nghị định 30/2020/NĐ-CP, Phụ lục III) as loaded from its YAML file."""
    return yaml_io.safe_load(CODES_FILE.read_text(encoding="utf-8"))


def _std() -> dict[str, Any]:
    data = code_standard()
    types: dict[str, str] = {}
    for group in ("administrative_types", "copy_types", "normative_types"):
        types.update(data.get(group) or {})
    party = dict(data.get("party_types") or {})
    national = dict((data.get("issuers") or {}).get("national") or {})
    local = dict((data.get("issuers") or {}).get("local") or {})
    return {"types": types, "party": party, "national": national, "local": local,
            "year_required": set(data.get("year_required") or []), "letter_kind": data.get("letter_kind", "Công văn"),
            "party_organs": set(data.get("party_organs") or [])}


STD = _std()
KIND_BY_TYPE: dict[str, str] = {**STD["party"], **STD["types"]}
ISSUERS: dict[str, str] = {**STD["local"], **STD["national"]}
NATIONAL_ISSUERS = set(STD["national"])


def _ascii_key(code: str) -> str:
    return code.upper().replace("Đ", "D")


def _fold_map(codes: list[str]) -> dict[str, str]:
    """ASCII/upper-case spelling → the proper code ("QD" → "QĐ", "TTG" → "TTg"), ambiguous ones left out."""
    seen: dict[str, list[str]] = {}
    for code in codes:
        seen.setdefault(_ascii_key(code), []).append(code)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


_TYPE_FOLD = _fold_map(list(KIND_BY_TYPE))
_ISSUER_FOLD = _fold_map(list(ISSUERS))
_COMMON_TYPES = ("QĐ", "NQ", "NĐ", "TT", "KH", "CT")  # the ones writers run into the issuer ("749/QĐTTg")

_KIND_WORDS = {
    "quyết định": "Quyết định", "quyet dinh": "Quyết định", "qđ": "Quyết định", "qd": "Quyết định",
    "nghị quyết": "Nghị quyết", "nghi quyet": "Nghị quyết", "nq": "Nghị quyết",
    "nghị định": "Nghị định", "nghi dinh": "Nghị định", "nđ": "Nghị định",
    "thông tư": "Thông tư", "thong tu": "Thông tư", "kế hoạch": "Kế hoạch", "ke hoach": "Kế hoạch",
    "chỉ thị": "Chỉ thị", "chi thi": "Chỉ thị", "công văn": "Công văn", "cong van": "Công văn",
    "văn bản": "Văn bản", "van ban": "Văn bản", "tờ trình": "Tờ trình", "to trinh": "Tờ trình",
    "chương trình hành động": "Chương trình", "chương trình": "Chương trình", "đề án": "Đề án",
    "báo cáo": "Báo cáo", "quy định": "Quy định", "quy chế": "Quy chế", "công điện": "Công điện",
    "phương án": "Phương án", "thông báo kết luận": "Thông báo", "hướng dẫn": "Hướng dẫn",
    "thông báo": "Thông báo", "luật": "Luật", "bộ luật": "Luật", "luat": "Luật",
    "kết luận": "Kết luận", "ket luan": "Kết luận", "lệnh": "Lệnh",
}
_KIND_ALT = "|".join(sorted((re.escape(k) for k in _KIND_WORDS), key=len, reverse=True))
_GENERAL_KIND_WORDS = {"Văn bản", "Công văn"}
_NUMBER_ONLY_KINDS = {"Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Kế hoạch", "Chỉ thị", "Công văn",
                      "Kết luận"}
_TYPE_ALT = "|".join(sorted((re.escape(t) for t in KIND_BY_TYPE), key=len, reverse=True))

_CODED = re.compile(
    r"(?<![\w/.-])(?P<num>\d{1,5}[a-zđ]?)(?:(?P<ysep>/|-(?=(?:19|20)\d{2}/NQ-CP))(?P<year>(?:19|20)\d{2}))?"
    r"(?P<sep>[/-])"
    r"(?P<code>[A-Za-zĐđ][A-Za-zĐđ&0-9]*(?:[-/][A-Za-zĐđ&0-9]+)*)",
)
_KIND_BEFORE = re.compile(rf"(?P<kind>{_KIND_ALT})\s*(?:số|so|sô)?\s*[:.]?\s*$", re.IGNORECASE)
_OWN_BEFORE = re.compile(r"(?:(?:^|[\s|(])Số\s*[:.]\s*|[Kk]èm theo\s+(?:Quyết định|Kế hoạch|Nghị quyết)\s*(?:số)?\s*)$")


def _trie_alternation(words: Iterable[str]) -> str:
    """The words as one case-insensitive alternation factored by their common beginnings ("chương trình(?:
    hành động)?"): what the plain alternation of them, longest first, matches — where one word begins
    another, the longer is tried first — a few times faster to scan with (one letter tried at a word's start,
    not every word)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        parts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_KIND_NUMBER_ONLY = re.compile(
    rf"(?<![\w])(?P<kind>{_trie_alternation(_KIND_WORDS)})\s+(?:số\s+|so\s+)?(?P<num>\d{{1,5}})(?![\d/\-.]*\w)",
    re.IGNORECASE,
)
_LAW_STOP = r"(?:ngày|ngay|(?:số|so)(?=\s*\d)|năm|nam|được|và|va|của|đã|thì|quy định|có hiệu lực)\b"
_LAW_WORDS = ("Bộ luật", "Luật", "Luat", "LUẬT")  # every law citation and amending law holds one of these
_LAW = re.compile(
    rf"(?<![\w])(?:{'|'.join(map(re.escape, _LAW_WORDS))})\s+(?P<name>(?!số\b|này\b|[Ss]ửa đổi\b|{_LAW_STOP})[\w]+"
    rf"(?:\s+(?!{_LAW_STOP})[\w]+){{0,8}}?)(?=\s+{_LAW_STOP}|\s*[;,.():]|\s*$)"
)
_AMENDING = re.compile(  # "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức ..."
    r"(?<![\w])(?:Bộ luật|Luật)\s+[Ss]ửa đổi,?\s+[Bb]ổ sung\s+(?P<rest>(?:một số điều của\s+)?(?:các\s+)?"
    r"(?:Bộ luật|Luật|luật)\b[^;:()]*?)(?=\s+(?:ngày|số)\b|\s*[;.(]|\s*$)"
)
# a law's name goes on past a comma or "và" with lower-case words ("Luật Khoa học, công nghệ và đổi mới sáng tạo",
# "Luật Phòng, chống tham nhũng") — not into prose ("… và các văn bản hướng dẫn") nor into the next law ("và Luật …")
_LOWER = r"[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+"
_LAW_MORE = re.compile(
    r"(?:,\s*|\s+và\s+)(?!(?:các|những|một|văn|hướng|quy|nghị|thông|được|đã|là|theo|tại|trong|về|cũng|nhằm|để|"
    rf"ngày|năm|số|có|không|sửa|bổ|hiện|luật)\b)(?P<more>{_LOWER}"
    rf"(?:\s+(?!(?:ngày|năm|số|và|của|được|đã|quy định|có hiệu lực)\b){_LOWER}){{0,5}}?)"
    r"(?=\s+(?:ngày|năm|số|và)\b|\s*[;,.():]|\s*$)"
)
_LAW_AND_NAME = re.compile(  # "Luật Khoa học và Công nghệ": a capitalised word after "và" that starts no other citation
    r"\s+và\s+(?!(?:Luật|Bộ|Nghị|Quyết|Thông|Chỉ|Kế|Văn|Công văn|Chương|Đề|Hướng|Các|Những|Ủy|Hội|Chính phủ|Thủ|Quy)\b)"
    rf"(?P<more>[A-ZĐ]{_LOWER}(?:\s+{_LOWER}){{0,3}}?)(?=\s+(?:ngày|năm|số)\b|\s*[;,.():]|\s*$)"
)
_LAW_YEAR = re.compile(r"^\s+(?:năm|nam)\s+(?P<y>(?:19|20)\d{2})\b")
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?(?:(?:(?:ngày|ngay)\s+){1,2}(?:"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{2,5})(?!\d)"
    r"|(?P<d2>\d{1,2})\s+(?:tháng|thang)\s+(?P<m2>\d{1,2})\s*,?\s+(?:năm|nam)\s+(?P<y2>\d{2,5})(?!\d)"
    r"|(?P<bad>\d{1,2}\s+tháng\s+\d{1,2}\s+tháng\s+\d{2,5}|\d{1,2}\s*/\s*\d{1,2}(?![\d/])"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?!\s*,?\s+năm|\d)))"
    # without "ngày" ("… 37/2024/NĐ-CP 23 tháng 10 năm 2024", "… 85/2016/NĐ-CP 01/07/2016"): a full date only
    r"|(?P<d3>\d{1,2})\s*/\s*(?P<m3>\d{1,2})\s*/\s*(?P<y3>(?:19|20)\d{2})(?![\d/])"
    r"|(?P<d4>\d{1,2})\s+tháng\s+(?P<m4>\d{1,2})\s*,?\s+năm\s+(?P<y4>(?:19|20)\d{2})(?!\d))",
    re.IGNORECASE,
)
_ISSUER_PHRASE = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)(?=\s+(?:về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|"
    r"sửa đổi)\b|[;,.]|$)"
)
_TITLE_AFTER = re.compile(r"^\s*(?:về việc|về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai)\b[^;]{5,200}")
_LINE_BREAK_IN_CODE = re.compile(rf"(\d\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?(?:{_TYPE_ALT}))\s*-\s+([A-ZĐ])")
_LINE_BREAK_AFTER_NUMBER = re.compile(rf"(\d)\s*-\s+((?:{_TYPE_ALT})\s*/)")  # "52-\nNQ/TW", "57- NQ/TW"
_SLASH_SPACES = re.compile(r"(\d)\s*/\s*(?=[A-ZĐ\d])")
_SPACE_AFTER_TYPE = re.compile(rf"(\d[/-](?:{_TYPE_ALT}))\s+/\s*(?=[A-ZĐ])")  # "57-NQ /TW"
# "31/TTr VHTT": the hyphen lost (PDF text extraction) between a known type and an all-caps unit code
_HYPHEN_LOST = re.compile(rf"(?<![\w/])(\d{{1,5}}/(?:(?:19|20)\d\d/)?(?:{_TYPE_ALT}))\s+"
                          r"(TTg|[A-ZĐ]{2,}[A-ZĐ0-9]*)(?=[\s,;.)]|$)")


@dataclass
class Citation:
    """One mention of a legal document."""

    kind: str
    number: str
    year: int | None
    code: str  # "QĐ-TTg", "NĐ-CP", "NQ/TW", "TTr-SKHCN", "BTTTT-CVT" ("" when only the number was given)
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
    type_code: str = ""  # the document type read from the code ("QĐ", "TTr", "CTr", "NĐ", "QH") or ""
    role: str = ""  # "own" for the plan's own number ("Số: 186/KH-UBND", "Kèm theo Quyết định số …")
    kb_status: str = ""  # ok | contradiction | unknown (set by kb.KnowledgeBase.annotate)
    kb_key: str = ""  # the knowledge-base entry the citation names
    kb_note: str = ""  # what the knowledge base expects, for a contradiction
    currency: str = ""  # "đã được thay thế bởi …" when the KB knows the document was replaced/expired
    kb_entry: Any = field(default=None, repr=False, compare=False)  # the kb.LegalBase resolved (not serialised)

    @property
    def scope(self) -> str:
        """'national' when a central body issued it (TW, QH, CP, TTg, ministries) or the KB resolved it to a national
        document, else 'local'."""
        if self.kind == "Luật" or self.issuer_code in NATIONAL_ISSUERS:
            return "national"
        if self.kb_entry is not None and getattr(self.kb_entry, "level", "") == "national":
            return "national"  # "229-QĐ/BCĐ": a local-looking code the KB resolved to a national document
        return "local"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "kind": self.kind, "number": self.number, "year": self.year, "code": self.code,
            "type_code": self.type_code, "issuer_code": self.issuer_code, "issuer": self.issuer,
            "date": self.date, "date_text": self.date_text, "title": self.title, "raw": self.raw,
            "location": self.location.to_dict(), "problems": self.problems, "scope": self.scope,
            "in_basis_section": self.in_basis_section, "kb_status": self.kb_status, "kb_key": self.kb_key,
            "kb_note": self.kb_note, "currency": self.currency,
        }


def _fix_part(part: str, fold: dict[str, str], known: dict[str, str]) -> str:
    if part in known:
        return part
    return fold.get(_ascii_key(part), part)


def _fix_code(code: str) -> str:
    """Proper spelling of each part of a code: 'QD-TTG' → 'QĐ-TTg', 'ND-CP' → 'NĐ-CP'."""
    parts = re.split(r"([-/])", code)
    out = []
    for i, p in enumerate(parts):
        if p in "-/":
            out.append(p)
        elif i == 0:
            out.append(_fix_part(p, _TYPE_FOLD, KIND_BY_TYPE))
        else:
            out.append(_fix_part(p, _ISSUER_FOLD, ISSUERS))
    return "".join(out)


@dataclass
class CodeShape:
    type_code: str
    issuer_code: str
    kind: str
    problems: list[str]
    code: str = ""  # the code as it should be written, when the citation spells it otherwise ("NQCP" → "NQ-CP")
    sep: str = ""  # the separator after the number as it should be written ("57/NQ-TW" → "-": 57-NQ/TW)


def classify_code(code: str, sep: str, year: int | None, kind_word: str | None) -> CodeShape | None:
    """Name the document type of a code by the standard; None when the text is not a document code."""
    parts = re.split(r"[-/]", code)
    seps = re.findall(r"[-/]", code)
    first = parts[0]
    if year and re.fullmatch(r"(?:QH|UBTVQH)\d{1,2}", first, re.IGNORECASE):  # "20/2023/QH15", "190/2025/QH15"
        issuer = "UBTVQH" if first.upper().startswith("UBTVQH") else "QH"
        kind = kind_word if kind_word in ("Luật", "Nghị quyết") else ("Nghị quyết" if issuer == "UBTVQH" else "Luật")
        return CodeShape("QH", issuer, kind, [])
    if sep == "-":  # party documents: "57-NQ/TW", "10-CTr/TU", "02-KH/BCĐTW"
        if first in STD["party"] and seps[:1] == ["/"] and len(parts) > 1:
            # the party writes both its decisions and its regulations "…-QĐ/TW" (Quy định 230-QĐ/TW)
            kind = "Quy định" if first == "QĐ" and kind_word == "Quy định" else STD["party"][first]
            return CodeShape(first, parts[1], kind, [])
        return None
    if (first in STD["party"] and seps == ["-"] and len(parts) == 2 and not year
            and _fix_part(parts[1], _ISSUER_FOLD, ISSUERS) in STD["party_organs"]):  # "57/NQ-TW" for 57-NQ/TW
        organ = _fix_part(parts[1], _ISSUER_FOLD, ISSUERS)
        problem = f"ký hiệu văn bản của Đảng viết theo dạng văn bản nhà nước: '{code}' (đúng: số-{first}/{organ})"
        return CodeShape(first, organ, STD["party"][first], [problem], code=f"{first}/{organ}", sep="-")
    if first in KIND_BY_TYPE and (len(parts) > 1 or kind_word):
        issuer = parts[1] if len(parts) > 1 else ""
        return CodeShape(first, issuer, KIND_BY_TYPE[first], [])
    for t in _COMMON_TYPES:  # "749/QĐTTg": type run into the issuer
        rest = first[len(t):]
        if first.startswith(t) and _fix_part(rest, _ISSUER_FOLD, ISSUERS) in ISSUERS:
            issuer = _fix_part(rest, _ISSUER_FOLD, ISSUERS)
            tail = code[len(first):]
            return CodeShape(t, issuer, KIND_BY_TYPE[t], [f"ký hiệu viết liền, thiếu dấu gạch nối: '{code}'"],
                             code=f"{t}-{issuer}{tail}")
    if first in ISSUERS or (kind_word and len(parts) > 1 and first.isupper()):  # letters: "3115/BTTTT-CVT"
        return CodeShape("", first, kind_word if kind_word and kind_word != "Văn bản" else STD["letter_kind"], [])
    return None


def _parse_date(m: re.Match) -> tuple[str | None, str, str | None]:
    """(ISO date or None, the date as written, problem or None)."""
    text = m.group(0).strip(" ,")
    if m.group("bad"):
        return None, text, f"ngày viết sai hoặc thiếu năm: '{text}'"
    d, mo, y = next((m.group(f"d{i}"), m.group(f"m{i}"), m.group(f"y{i}")) for i in ("", "2", "3", "4")
                    if m.group(f"d{i}"))
    if len(y) != 4:
        return None, text, f"năm không hợp lệ: '{text}'"
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat(), text, None
    except ValueError:
        return None, text, f"ngày không hợp lệ: {d}/{mo}/{y}"


def _trailing(text: str, end: int, citation: Citation) -> int:
    """Read the date, issuer phrase and title that follow a citation; return where the date ends."""
    rest = text[end:end + 400]
    date_end = end
    m = _DATE_AFTER.match(rest)
    if m:
        citation.date, citation.date_text, problem = _parse_date(m)
        if problem:
            citation.problems.append(problem)
        rest = rest[m.end():]
        date_end = end + m.end()
    issuer = _ISSUER_PHRASE.match(rest)
    if issuer:
        citation.issuer = issuer.group("issuer").strip()
        rest = rest[issuer.end():]
    title = _TITLE_AFTER.match(rest)
    if title:
        citation.title = re.split(r"(?<=[^\d\s])\.\s", title.group(0).strip())[0].rstrip(" ,.;")
    return date_end


def _check_coded(c: Citation, kind_word: str | None) -> None:
    if kind_word and kind_word not in _GENERAL_KIND_WORDS and kind_word != c.kind and c.type_code != "QH":
        c.problems.append(f"loại văn bản '{kind_word}' không khớp ký hiệu '{c.type_code or c.code}'")
    if c.type_code in STD["year_required"] and c.year is None:
        c.problems.append(f"số hiệu {c.kind} thiếu năm ban hành (dạng số/năm/ký hiệu)")
    if c.year and c.date and int(c.date[:4]) != c.year:
        c.problems.append(f"năm trong số hiệu ({c.year}) khác năm ban hành ({c.date[:4]})")
    if c.date and c.date > dt.date.today().isoformat():
        c.problems.append(f"ngày ban hành ở tương lai: {c.date_text}")


def _normalise(text: str) -> str:
    text = normalize_tones(unicodedata.normalize("NFC", text))  # strings not read by parse (KB, tests)
    if "/" not in text:  # (each of these finds a "/"; most blocks have none)
        return text
    text = _LINE_BREAK_IN_CODE.sub(r"\1-\2", text)
    text = _LINE_BREAK_AFTER_NUMBER.sub(r"\1-\2", text)
    text = _SLASH_SPACES.sub(r"\1/", text)
    text = _SPACE_AFTER_TYPE.sub(r"\1/", text)
    return _HYPHEN_LOST.sub(r"\1-\2", text)


def _law_key(name: str) -> str:
    return "Luật " + name[:1].upper() + name[1:]


def extract_from_text(text: str, location: Location) -> list[Citation]:
    """All citations in one block of text, in order of appearance (the plan's own number marked role='own')."""
    text = _normalise(text)
    found: list[tuple[int, Citation]] = []
    taken: list[tuple[int, int]] = []
    for m in _CODED.finditer(text) if "/" in text or "-" in text else ():  # (a code follows "/" or "-")
        code = _fix_code(m.group("code").rstrip("-/"))
        sep = m.group("sep")
        year = int(m.group("year")) if m.group("year") else None
        window = text[max(0, m.start() - 40):m.start()]
        before = _KIND_BEFORE.search(window)
        kind_word = _KIND_WORDS.get(before.group("kind").lower()) if before else None
        shape = classify_code(code, sep, year, kind_word)
        if shape is None:
            continue
        number = m.group("num")
        code = shape.code or code  # "71/NQCP" is looked up as 71/NQ-CP; the problem keeps the spelling
        sep = shape.sep or sep
        key = f"{number}{m.group('ysep') + str(year) if year else ''}{sep}{code}"  # "19-2018/NQ-CP" as issued
        start = before.start() + max(0, m.start() - 40) if before else m.start()
        c = Citation(kind=shape.kind, number=number, year=year, code=code, issuer_code=shape.issuer_code,
                     issuer=ISSUERS.get(shape.issuer_code, ""), date=None, date_text="", title="",
                     raw=text[start:m.end()], location=location, key=key, problems=list(shape.problems),
                     type_code=shape.type_code)
        if _OWN_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            c.role = "own"
        _trailing(text, m.end(), c)
        _check_coded(c, kind_word)
        found.append((m.start(), c))
        taken.append((start, m.end()))
    for m in _KIND_NUMBER_ONLY.finditer(text):
        kind = _KIND_WORDS[m.group("kind").lower()]
        if kind not in _NUMBER_ONLY_KINDS or any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        c = Citation(kind=kind, number=m.group("num"), year=None, code="", issuer_code="", issuer="",
                     date=None, date_text="", title="", raw=m.group(0), location=location,
                     key=f"{kind} {m.group('num')}")
        _trailing(text, m.end(), c)
        c.problems.append("trích dẫn thiếu ký hiệu văn bản (chỉ có số)")
        found.append((m.start(), c))
        taken.append((m.start(), m.end()))
    laws = any(word in text for word in _LAW_WORDS)  # (most blocks cite no law: the two law patterns not run)
    for m in _AMENDING.finditer(text) if laws else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        rest = re.sub(r"\s+", " ", m.group("rest")).strip()
        name = f"sửa đổi, bổ sung {rest}"
        c = Citation(kind="Luật", number="", year=None, code="", issuer_code="QH", issuer="Quốc hội",
                     date=None, date_text="", title=f"Luật {name}", raw=m.group(0), location=location,
                     key=f"Luật {name}")
        _law_tail(text, m.end(), c, found)
        found.append((m.start(), c))
        taken.append((m.start(), m.end()))
    for m in _LAW.finditer(text) if laws else ():
        if any(s <= m.start() < e for s, e in taken):
            continue
        name, end = m.group("name").strip(), m.end()
        if not name[:1].islower():
            for _ in range(3):
                more = _LAW_MORE.match(text, end) or _LAW_AND_NAME.match(text, end)
                if not more:
                    break
                name, end = name + text[end:more.start("more")] + more.group("more"), more.end()
        c = Citation(kind="Luật", number="", year=None, code="", issuer_code="QH", issuer="Quốc hội",
                     date=None, date_text="", title=_law_key(name), raw=text[m.start():end], location=location,
                     key=_law_key(name))
        if not _law_tail(text, end, c, found):
            continue
        if name[:1].islower() and not (c.date or c.date_text or c.year):
            continue  # "Luật này …", prose: a lower-case law name counts only with its date or year
        found.append((m.start(), c))
    return [c for _, c in sorted(found, key=lambda item: item[0])]


def _law_tail(text: str, end: int, c: Citation, found: list[tuple[int, Citation]]) -> bool:
    """Read a law's number, date or year; False when the coded pass already holds it ("Luật … số 20/2023/QH15")."""
    after = text[end:]
    num = re.match(r"\s+(?:số\s+)?(\d{1,3}/\d{4}/QH\d{1,2})", after)
    if num:
        for _, other in found:
            if other.key == num.group(1):
                other.title = other.title or c.title
        return False
    _trailing(text, end, c)
    if c.date:
        c.year = int(c.date[:4])
    elif not c.date_text:
        y = _LAW_YEAR.match(after)
        if y:
            c.year = int(y.group("y"))
    if c.date and c.date > dt.date.today().isoformat():
        c.problems.append(f"ngày ban hành ở tương lai: {c.date_text}")
    return True


# --------------------------------------------------------------------------- the plan's own identity

_OWN_NUMBER = re.compile(r"(?:^|[\s|])Số\s*[:.]?\s*(?P<num>\d{1,5})?\s*/\s*(?P<code>(?:(?:19|20)\d\d/)?[A-ZĐ][\wĐđ&]*"
                         r"(?:\s*-\s*[A-ZĐa-zđ0-9&]+)*)")
_OWN_DATE = re.compile(r"(?:^|[,|]\s*|\s)ngày\s+(?P<d>\d{1,2}|\.{2,}|…+|_+|\s{2,})?\s*tháng\s+(?P<m>\d{1,2})\s*,?\s*"
                       r"năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)


@dataclass
class PlanIdentity:
    own_number: str = ""  # "186/KH-UBND" ("" when the header leaves the number blank)
    own_code: str = ""  # "KH-UBND" even when the number is blank ("Số: /KH-UBND")
    issued_on: str | None = None  # ISO date, None when the day is left blank
    year: int | None = None


def plan_identity(blocks: list[Block], limit: int = 30) -> PlanIdentity:
    """The plan's own number and date from its header: "Số: 186/KH-UBND", "Thanh Lâm, ngày 12 tháng 3 năm 2026"."""
    ident = PlanIdentity()
    for block in blocks[:limit]:
        text = _normalise(block.text)
        if not ident.own_code:
            m = _OWN_NUMBER.search(text)
            if m:
                code = re.sub(r"\s+", "", m.group("code"))
                ident.own_code = _fix_code(code)
                ident.own_number = f"{m.group('num')}/{ident.own_code}" if m.group("num") else ""
        if ident.year is None:
            m = _OWN_DATE.search(text)
            if m and not text.lstrip().lower().startswith(("căn cứ", "thực hiện", "theo")):
                ident.year = int(m.group("y"))
                day = (m.group("d") or "").strip()
                if day.isdigit():
                    with contextlib.suppress(ValueError):  # an impossible header date stays unknown
                        ident.issued_on = dt.date(ident.year, int(m.group("m")), int(day)).isoformat()
        if ident.own_code and ident.year:
            break
    return ident


def fill_identity(meta: PlanMeta, blocks: list[Block]) -> None:
    """Set ``meta.own_number`` and ``meta.issued_on`` from the header (and the plan year when none was found)."""
    ident = plan_identity(blocks)
    meta.own_number, meta.issued_on = ident.own_number, ident.issued_on
    if meta.plan_year is None:
        meta.plan_year = ident.year


def plan_date(meta: PlanMeta) -> str | None:
    """The date every date check uses: the plan's own date, else the last day of its year, else None."""
    if meta.issued_on:
        return meta.issued_on
    return f"{meta.plan_year}-12-31" if meta.plan_year else None


# --------------------------------------------------------------------------- citations of a whole plan

_PREAMBLE_LINE = re.compile(r"^\s*(?:[-–+•*]\s*|\d{1,2}[.)]\s*)?"
                            r"(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Trên cơ sở|(?:(?:Để|Nhằm) )?(?:Triển khai"
                            r"|thực hiện|cụ thể hóa)\b(?=.{0,80}?\b(?:Quyết định|Nghị quyết|Chỉ thị|Kế hoạch"
                            r"|Chương trình|Đề án|Thông tư|Nghị định|Công văn)\s+(?:số\s+)?\d))\b", re.IGNORECASE)
_PREAMBLE_ITEM = re.compile(rf"^\s*(?:[-–+•*]|\d{{1,2}}[.)])\s*(?:{_KIND_ALT})\b", re.IGNORECASE)
_PREAMBLE_END = re.compile(r"^\s*(?:QUYẾT ĐỊNH\s*:|Điều\s+1\b)|ban hành (?:Kế hoạch|Đề án|Chương trình)\b.*:?\s*$|"
                           r"(?:như sau|cụ thể như sau)\s*:?\s*$", re.IGNORECASE)


def preamble_blocks(seg: Segmented) -> set[int]:
    """ids of the blocks that form the preamble's list of bases ("Căn cứ …;", "Thực hiện …;", "Theo đề nghị …",
    "- Luật …;") — a legal-basis block whether or not the plan has a "CĂN CỨ" heading."""
    out: set[int] = set()
    body_ids = {id(b) for b in seg.body}
    previous = ""
    for block in seg.front_matter + seg.body:
        if block.kind == "heading" and id(block) in body_ids and (out or block.numbering):
            break  # the first heading of the body ends the preamble (header lines read as headings do not)
        follows_kind, previous = bool(PLAN_KIND_ALONE.match(previous)), block.text
        if follows_kind:
            continue  # the title's second line ("Triển khai Quyết định số …") is no basis
        if _PREAMBLE_LINE.match(block.text) or _PREAMBLE_ITEM.match(block.text):
            out.add(id(block))
        elif out and _PREAMBLE_END.search(block.text):
            break
    return out


def extract_citations(blocks: list[Block], basis_ids: set[int] | None = None) -> list[Citation]:
    """Citations of every block, each with the block's location (own-number mentions included, role='own')."""
    out: list[Citation] = []
    basis_ids = basis_ids or set()
    for block in blocks:
        for c in extract_from_text(block.text, block.location):
            c.in_basis_section = "can_cu" in block.section_kinds or id(block) in basis_ids
            out.append(c)
    return out


def _same_document(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a).upper().replace("Đ", "D") == re.sub(r"\s+", "", b).upper().replace("Đ", "D")


def plan_citations(seg: Segmented) -> list[Citation]:
    """The documents a plan cites: every citation of the plan, its own number and its issuing decision left
    out, preamble bases marked as basis."""
    own = seg.meta.own_number
    cited = extract_citations(seg.front_matter + seg.body, preamble_blocks(seg))
    return [c for c in cited if c.role != "own" and not (own and _same_document(c.key, own))]


def matches_number(c: Citation, number: str, code: str = "") -> bool:
    """True when the citation names document ``number`` (and ``code``, when both are known)."""
    if c.number != number:
        return False
    if not code or not c.code:
        return c.kind == KIND_BY_TYPE.get(code.split("-")[0].split("/")[0], c.kind)
    return c.code.upper() == code.upper()
