"""Which government level issued a plan, for which unit, in which era — from its header, title and dates.

Since 1 July 2025 Vietnam has two tiers of local government: provinces (tỉnh, thành phố trực thuộc trung
ương) and communes (xã, phường, đặc khu); districts (huyện, thị xã, quận, thành phố thuộc tỉnh) are gone.
A plan is placed on one of three levels:

* ``tinh`` — a province or centrally-governed city ("ỦY BAN NHÂN DÂN TỈNH THANH LÂM");
* ``huyen`` — a (legacy) district: huyện, thị xã, quận, thành phố thuộc tỉnh;
* ``xa`` — a commune: xã, phường, đặc khu (and the former thị trấn).

Evidence, most reliable first: the issuer lines of the header ("ỦY BAN NHÂN DÂN" + "XÃ TÂN HÒA", the most
local unit wins when a parent body is named above it), then the title ("Kế hoạch chuyển đổi số phường An
Lạc ..."). "thành phố X" is a province when X is one (today's or a former one, per :mod:`admin_units`), a
district-level city otherwise. The province is read from the header or the text and mapped to today's
province (a plan of "tỉnh Hải Dương" belongs to Hải Phòng since the 2025 merger).

The era is read from the plan's date: its own date (``PlanMeta.issued_on``), else the date line of its
header, else 1 January of the year it was written. Rules declare where they apply (``applies_to`` in the
YAML, see rules/loader.py); :func:`rule_applies` decides it for one plan, and :func:`wording_for` gives
the level words ({unit_kind}, {lower_units} ...) the rules' messages are written with.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from pipeline.analyse import admin_units
from pipeline.analyse.citations import extract_from_text
from pipeline.core.doc_kinds import PLAN_KINDS, PLAN_OR_DECISION_LINE
from pipeline.core.model import Location
from pipeline.core.textnorm import fold

if TYPE_CHECKING:
    from pipeline.core.model import Block, PlanMeta
    from pipeline.rules.loader import Rule, RuleSet

LEVELS = ("tinh", "huyen", "xa")
LEVEL_LABELS = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện (trước 01/7/2025)", "xa": "Cấp xã"}
KIND_LABELS = {"annual": "kế hoạch năm", "implementing": "triển khai một văn bản cụ thể",
               "decision": "quyết định ban hành kèm kế hoạch"}
REFORM_DATE = dt.date(2025, 7, 1)  # two-tier local government (Luật Tổ chức chính quyền địa phương 72/2025/QH15)

# Words that name a unit's kind, and the level each belongs to ("thành phố" is decided by the name).
KIND_LEVEL = {"tỉnh": "tinh", "thành phố": "", "huyện": "huyen", "thị xã": "huyen", "quận": "huyen",
              "xã": "xa", "phường": "xa", "đặc khu": "xa", "thị trấn": "xa"}
_KIND_RE = "|".join(sorted(KIND_LEVEL, key=len, reverse=True))
# a unit's kind word in any case, then up to five words: "xã Tân Hòa", "PHƯỜNG AN LẠC", "Phường 3"
_UNIT = re.compile(rf"(?<!\w)(?P<kind>(?i:{_KIND_RE}|tp\.?))\s+(?=\w)")
# an issuer line opens with the body's name (a decision's "CHỦ TỊCH ỦY BAN NHÂN DÂN ..." too)
_ISSUER = re.compile(r"^\s*(?:CHỦ TỊCH\s+)?(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|ĐẢNG ỦY|ĐẢNG BỘ|HUYỆN ỦY"
                     r"|TỈNH ỦY|BAN CHẤP HÀNH ĐẢNG BỘ|BAN CHỈ ĐẠO)\b", re.IGNORECASE)
# Capitalised words that end a unit's name (a header line read across two columns, a title going on)
_NAME_STOP = {"cộng", "độc", "số", "kế", "đề", "chương", "ngày", "tháng", "năm", "về", "giai", "đến", "và", "của",
              "trên", "trong", "nhiệm", "phê", "ban",
              # a department's header read as one line: "UBND TỈNH AN LÂM SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
              "sở", "ủy", "ubnd", "hđnd", "chủ", "giám"}
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _kind_of(word: str) -> str:
    low = word.lower().rstrip(".")
    return "thành phố" if low == "tp" else low


def _clean_name(raw: str) -> str:
    """The capitalised words that open ``raw`` (a unit's name), title-cased if written in capitals."""
    words: list[str] = []
    for w in raw.split()[:5]:
        w = w.strip(",.;:()")
        if not w or not (w[0].isupper() or w.isdigit()) or (words and w.lower() in _NAME_STOP):
            break
        words.append(w)
        if not w.isalnum() and "-" not in w and "'" not in w:
            break
    name = " ".join(words)
    return name.title() if name.isupper() else name


def find_units(text: str) -> list[tuple[str, str]]:
    """(kind, name) of every unit named in ``text``: [("xã", "Tân Hòa"), ("tỉnh", "Thanh Lâm")]."""
    out = []
    for m in _UNIT.finditer(text):
        kind, name = _kind_of(m.group("kind")), _clean_name(text[m.end():m.end() + 80])
        if not name or fold(name) == "hoi" or fold(name).startswith(("hoi chu nghia", "hoi so")):
            continue  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ HỘI SỐ"
        out.append((kind, name))
    return out


def _lines(blocks: list[Block]) -> list[str]:
    """The text lines of header blocks, table cells one by one (headers are often a two-column table)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "table_row" and b.cells:
            out += [c for c in b.cells if c]
        else:
            out.append(b.text)
    return out


def _issuer_units(front: list[Block]) -> list[tuple[str, str]]:
    """Units named by the issuer lines of the header ("ỦY BAN NHÂN DÂN XÃ TÂN HÒA" or over two lines)."""
    lines = _lines(front)
    units: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        m = _ISSUER.search(line)
        if m:
            rest = line[m.end():]
            found = find_units(rest)
            if not found and i + 1 < len(lines) and _UNIT.match(lines[i + 1].strip()):
                # "ỦY BAN NHÂN DÂN" / "XÃ TÂN HÒA", also when a PDF reads the motto's column into the same lines
                found = find_units(lines[i + 1])
            units += found[:1]
        elif line.isupper() and _UNIT.match(line.strip()) and i and _ISSUER.search(lines[i - 1]) is None:
            # a parent body's line "UBND TỈNH X" is matched above; a bare "XÃ TÂN HÒA" under a department
            found = find_units(line)
            units += found[:1]
    return units


_TERRITORY = re.compile(r"trên địa bàn\s+(?=(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|đặc khu)\s)", re.I)


def _territory(body: list[Block]) -> list[tuple[str, str]]:
    """The unit most often named as where the plan applies: "trên địa bàn tỉnh X" (the first 200 blocks)."""
    seen: Counter[tuple[str, str]] = Counter()
    for block in body[:200]:
        for m in _TERRITORY.finditer(block.text):
            seen.update(find_units(block.text[m.end():m.end() + 60])[:1])
    return [unit for unit, _ in seen.most_common(1)]


_PLACE_DATE = re.compile(r"^\s*(?P<place>[A-ZĐÀ-Ỹ][\w ]{1,40}?),\s*ngày\s+\d{1,2}\s+tháng", re.U)


def _placed(blocks: list[Block]) -> list[tuple[str, str]]:
    """The unit the place-and-date line names ("An Lâm, ngày 10 tháng 02 năm 2026"), with its kind taken from
    where the text names a unit of that name ("tỉnh An Lâm")."""
    place = next((m.group("place").strip() for b in blocks[:40] for line in _lines([b])
                  if (m := _PLACE_DATE.match(line))), "")
    if not place:
        return []
    named = Counter(u for b in blocks[:200] for u in find_units(b.text) if fold(u[1]) == fold(place))
    return [unit for unit, _ in named.most_common(1)]


def _level_of(kind: str, name: str, era_post: bool | None) -> str:
    level = KIND_LEVEL.get(kind, "")
    if kind != "thành phố":
        return level
    if admin_units.is_city_province(name):
        return "tinh"
    if admin_units.district_provinces(name):
        return "huyen"
    return "tinh" if era_post else "huyen"  # a fictional city: after the reform only provinces are cities


def header_date(front: list[Block], body: list[Block]) -> dt.date | None:
    """The date of the header's place-date line ("Tân Hòa, ngày 12 tháng 3 năm 2026")."""
    for block in front + body[:10]:
        m = _DATE.search(block.text)
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


def era_date(meta: PlanMeta, front: list[Block], body: list[Block]) -> dt.date | None:
    """The date rules' ``applies_to`` is decided on: the plan's own date, its header date, or 1 January."""
    if meta.issued_on:
        try:
            own = dt.date.fromisoformat(meta.issued_on)
            if meta.plan_year in (None, own.year):
                return own
        except ValueError:
            pass
    dated = header_date(front, body)
    if dated and meta.plan_year in (None, dated.year):
        return dated
    return dt.date(meta.plan_year, 1, 1) if meta.plan_year else None


def _province_of(level: str, kind: str, name: str, front: list[Block], body: list[Block]) -> str:
    """The province as the plan writes it: the unit itself, a parent line of the header, or the text."""
    if level == "tinh":
        return name
    for k, n in _issuer_units(front):
        if KIND_LEVEL.get(k) == "tinh" or (k == "thành phố" and admin_units.is_city_province(n)):
            return n
    mentions: Counter[str] = Counter()
    for block in front + body[:200]:
        for k, n in find_units(block.text):
            if k == "tỉnh" or (k == "thành phố" and admin_units.is_city_province(n)):
                mentions[n] += 1
    if mentions:
        return mentions.most_common(1)[0][0]
    if level == "huyen":
        found = admin_units.district_provinces(name)
        return found[0] if len(found) == 1 else ""
    if level == "xa":
        found = {c.province for c in admin_units.communes_named(name, kind)}
        return found.pop() if len(found) == 1 else ""
    return ""


# --------------------------------------------------------------------------- the plan's kind

# A body other than a People's Committee heading the plan: "SỞ Y TẾ", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"
# (a steering committee, a party committee or a council is not a department).
_DEPARTMENT = re.compile(r"(?<![\w])(?P<body>(?:SỞ|CÔNG AN TỈNH|BAN QUẢN LÝ|ĐÀI PHÁT THANH|BẢO HIỂM XÃ HỘI TỈNH"
                         r"|VĂN PHÒNG (?:UBND|ỦY BAN NHÂN DÂN) TỈNH)(?:\s+[A-ZĐÀ-Ỹ,&-]+)*)")
# a department's own code in the plan's number: "45/KH-SYT", "12/KH-SNNMT"
_DEPARTMENT_CODE = re.compile(r"/[A-ZĐ]{1,3}-S[A-ZĐ&]{1,8}$")
_YEAR_SPAN = re.compile(r"(?:giai\s+đoạn|đến\s+năm|\b\d{4}\s*[-–]\s*\d{4}\b|hằng\s+năm|hàng\s+năm)", re.I)
_ONE_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b", re.I)
# the document a plan carries out, named in its title: "Kế hoạch triển khai Quyết định số 06/QĐ-TTg …"
_CARRIES_OUT = re.compile(r"(?:triển\s+khai|thực\s+hiện)\s+(?:\w+\s+){0,4}?(?:Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị"
                          r"|Nghị\s+định|Thông\s+tư|Đề\s+án|Chương\s+trình|Chiến\s+lược)\s+(?:số\s+)?"
                          r"\d", re.I)
# national documents whose plans are general digital-transformation plans, not plans of one subject
FRAMEWORK_DOCUMENTS = ("57-NQ/TW", "749/QĐ-TTg", "52-NQ/TW", "03/NQ-CP", "71/NQ-CP", "50/NQ-CP")


# a department named as the plan's owner in its title: "Kế hoạch chuyển đổi số … của Sở Y tế giai đoạn …"
_DEPARTMENT_IN_TITLE = re.compile(r"\bcủa\s+(Sở\s+[^,;.()]+?)\s*(?:tỉnh|thành phố|giai đoạn|năm|đến|$)", re.I)


def department_of(header: list[Block], title: str = "") -> str:
    """The department that issues the plan ("Sở y tế"), read from the header's issuer lines (also run together
    with the province: "UBND TỈNH AN LÂM SỞ KHOA HỌC VÀ CÔNG NGHỆ"), else its title ("… của Sở Y tế"); "" for a
    People's Committee (or a steering committee, a party committee)."""
    for line in _lines(header)[:12]:
        m = _DEPARTMENT.search(line)
        if m and m.group("body").isupper():
            name = re.split(r"\s{2,}|CỘNG HÒA|Độc lập|Số:", m.group("body"))[0].strip(" ,-")
            return name[:1] + name[1:].lower()
    m = _DEPARTMENT_IN_TITLE.search(title)
    return m.group(1).strip() if m else ""


def named_department(meta: PlanMeta) -> str:
    """The issuing department's name ("Sở y tế"), "" when the plan is no department's or only its number's code
    ("45/KH-SYT") says it is one."""
    return "" if meta.issuer.startswith(_CODED) else meta.issuer


_CODED = "Sở ("  # a department known only by its number's code: "Sở (SYT)"


def _coded_department(own_number: str) -> str:
    """"45/KH-SYT" → "Sở (SYT)": a department's own code in the plan's number, when the header is lost."""
    m = _DEPARTMENT_CODE.search(own_number or "")
    return f"{_CODED}{m.group(0).split('-', 1)[1]})" if m else ""


def covered_year(meta: PlanMeta) -> int | None:
    """The year an annual plan covers (its title's "năm 2026", else its horizon); None for other plans."""
    if "annual" not in meta.kinds:
        return None
    named = _ONE_YEAR.search(meta.title or "")
    return int(named.group(1)) if named else meta.target_year


def plan_kinds(meta: PlanMeta, header: list[Block]) -> list[str]:
    """The kinds rules apply by (rules/loader.py PLAN_KINDS): annual, implementing, decision (a department's
    plan is a level of its own for the rules: :func:`effective_level`)."""
    kinds = []
    title = meta.title or ""
    one_year = _ONE_YEAR.search(title)
    if one_year and not _YEAR_SPAN.search(title) or (meta.plan_year and meta.target_year == meta.plan_year
                                                      and not meta.vision_year and not _YEAR_SPAN.search(title)):
        kinds.append("annual")
    carried = _CARRIES_OUT.search(title)
    cited = extract_from_text(title[carried.start():], Location()) if carried else []
    # the document carried out, read as any citation: national by its issuer (citations.NATIONAL_ISSUERS)
    if cited and cited[0].scope == "national" and cited[0].key not in FRAMEWORK_DOCUMENTS:
        kinds.append("implementing")
    if fold(title).startswith("quyet dinh"):
        kinds.append("decision")
    return kinds


def profile_plan(meta: PlanMeta, front: list[Block], body: list[Block]) -> PlanMeta:
    """Fill ``meta.level``, ``meta.unit``, ``meta.province`` (today's), ``meta.former_province``,
    ``meta.era_date``, ``meta.issuer`` and ``meta.kinds``. Called by segment.py once the title and front matter
    are known."""
    when = era_date(meta, front, body)
    meta.era_date = when.isoformat() if when else None
    post = when >= REFORM_DATE if when else None
    header = front or body[:12]  # no title found (a decision with its plan attached): the opening blocks
    meta.issuer = department_of(header, meta.title) or _coded_department(meta.own_number)
    meta.kinds = plan_kinds(meta, header)
    candidates = _issuer_units(header)
    if candidates:
        # the most local unit named in the header issues the plan (a parent body may be named above it)
        rank = {"xa": 0, "huyen": 1, "tinh": 2, "": 3}
        kind, name = min(candidates, key=lambda u: rank[_level_of(u[0], u[1], post)])
    else:
        # no issuer in the header (a header lost in a text box or a copy): the issuer named in the decision's
        # opening ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X"), the title, or the unit the plan works in ("trên địa bàn …")
        named = _issuer_units(body[:60]) or find_units(meta.title) or _territory(body) or _placed(front + body)
        kind, name = named[0] if named else ("", "")
    if not kind:
        return meta
    meta.level = _level_of(kind, name, post)
    meta.unit = f"{kind} {name}"
    meta.district = meta.unit if meta.level == "huyen" else ""  # the legacy field: only a district plan has one
    written = _province_of(meta.level, kind, name, header, body)
    today = admin_units.current_province(written) if written else None
    if today is not None:
        meta.province = today.name
        if admin_units.is_former_province(written):
            meta.former_province = written
    else:
        meta.province = written
    return meta


# --------------------------------------------------------------------------- rules: where they apply, words


def effective_level(meta: PlanMeta) -> str:
    """The level rules are chosen by: the detected one, ``so`` for a province department's own plan; an
    undetected plan from before the reform is a district plan (what every plan was then), an undetected later one
    has no level."""
    if meta.level == "tinh" and meta.issuer:
        return "so"
    if meta.level:
        return meta.level
    when = _date(meta.era_date)
    return "huyen" if when is None or when < REFORM_DATE else ""


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def rule_applies(rule: Rule, meta: PlanMeta) -> bool:
    """Whether a rule's ``applies_to`` (levels, from, until) includes this plan."""
    scope = rule.applies_to
    if scope is None:
        return True
    return scope.matches(effective_level(meta), _date(meta.era_date), meta.kinds)


def unit_kind(meta: PlanMeta) -> str:
    """"xã", "phường", "đặc khu", "huyện", "tỉnh", "thành phố" ... from ``meta.unit``; "" when unknown."""
    for kind in sorted(KIND_LEVEL, key=len, reverse=True):
        if meta.unit.startswith(kind + " "):
            return kind
    return ""


def wording_for(meta: PlanMeta, ruleset: RuleSet) -> dict[str, str]:
    """The level words the rules' messages use ({unit_kind}, {unit_level}, {lower_units} ...), from the
    rule set's ``level_words`` (rules/00-levels.yaml) for this plan's level; {unit_kind} is the plan's own."""
    level = effective_level(meta)
    words = dict(ruleset.level_words.get(level or "unknown", {}))
    own = unit_kind(meta)
    if own and level == meta.level:
        words["unit_kind"] = own
    if meta.unit:
        words.setdefault("unit", meta.unit)
    words["plan_kind"] = plan_kind(meta.title)
    return words


_PLAN_KINDS = tuple((fold(kind), kind.capitalize()) for kind in PLAN_KINDS)  # ("ke hoach", "Kế hoạch") …


def plan_kind(title: str) -> str:
    """The kind of document the plan is, as its messages name it: "Kế hoạch", "Chương trình", else "Đề án"
    (a decision's title names the plan it issues: "Quyết định … ban hành Kế hoạch …")."""
    folded = fold(title)
    found = [(folded.find(key), word) for key, word in _PLAN_KINDS if key in folded]
    return min(found)[1] if found else "Đề án"


# the kind line of a document that is no plan ("THÔNG BÁO", "BÁO CÁO" …) and the codes of its number ("21/TB-UBND")
OTHER_DOCUMENTS = {"THÔNG BÁO": "TB", "BÁO CÁO": "BC", "TỜ TRÌNH": "TTr", "BIÊN BẢN": "BB", "GIẤY MỜI": "GM",
                   "CÔNG VĂN": "CV", "KẾT LUẬN": "KL", "CHỈ THỊ": "CT"}


def other_document_kind(meta: PlanMeta, front: list[Block], body: list[Block]) -> str:
    """"Thông báo", "Báo cáo", "Tờ trình" … when the document says it is one (its kind line, or its number's code
    with no kind line of a plan or a decision near the top); "" for a plan or a decision issuing one."""
    lines = [ln.strip() for ln in _lines((front + body)[:20])]
    if any(PLAN_OR_DECISION_LINE.match(ln) for ln in lines):
        return ""
    for ln in lines:
        if ln in OTHER_DOCUMENTS:
            return ln.capitalize()
    code = (meta.own_number or "").split("/")[-1].split("-")[0]
    named = next((kind for kind, c in OTHER_DOCUMENTS.items() if c.lower() == code.lower()), "")
    return named.capitalize()


def names_a_plan(title: str) -> bool:
    """Does the document's title call it a plan (Kế hoạch, Đề án, Chương trình — a decision issuing one too)? A
    thin text that does is a weak draft worth the checklist; one that does not (a notice, a letter) is not."""
    folded = fold(title)
    return any(key in folded for key, _ in _PLAN_KINDS)


def describe(meta: PlanMeta) -> dict[str, str]:
    """Level, unit, province, era and horizon as the memo's general-information table shows them."""
    level = LEVEL_LABELS.get(meta.level, "không xác định")
    if meta.issuer:
        level = f"{level} — {meta.issuer}"
    kinds = [KIND_LABELS[k] for k in meta.kinds if k in KIND_LABELS]
    if kinds:
        level = f"{level} ({', '.join(kinds)})"
    province = meta.province
    if province and meta.former_province:
        province = f"{province} (trước 01/7/2025: {meta.former_province})"
    when = _date(meta.era_date)
    era = ("sau 01/7/2025 — chính quyền địa phương hai cấp" if when and when >= REFORM_DATE
           else "trước 01/7/2025" if when else "không xác định")
    start = meta.plan_year
    end = meta.target_year
    horizon = f"{start or '?'}-{end}" if end else "không xác định"
    if meta.vision_year:
        horizon += f", định hướng đến {meta.vision_year}"
    return {"level": level, "unit": meta.unit or meta.district or "không xác định",
            "province": province or "không xác định", "era": era, "horizon": horizon}
