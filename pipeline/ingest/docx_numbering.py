"""The labels Word displays for automatically numbered paragraphs ("I.", "1.", "a)", "Phần II.", "1.2.").

Word keeps a list's numbers out of the text: a paragraph names a list instance (``w:numPr``: ``w:numId``, ``w:ilvl``,
directly or through its style) and numbering.xml says how each level is drawn (``w:lvl``: ``w:start``, ``w:numFmt``,
``w:lvlText`` with ``%1``…``%9`` for the counters of levels 1-9, ``w:suff``, ``w:lvlRestart``, ``w:isLgl``).
:class:`Numbering` replays the counters in document order as Word does:

* instances (``w:num``) of the same abstract list share its counters (a second instance continues the list) unless
  the instance overrides a level's start (``w:lvlOverride/w:startOverride``): then the list restarts there, once,
  where the instance is first used; ``w:lvlOverride/w:lvl`` redefines a level for that instance;
* using level L restarts the deeper levels (``w:lvlRestart`` 0: never; N: only when a level above N is used);
* a paragraph style can carry ``w:numPr`` (headings linked to a list); its level is the ``w:lvl`` whose
  ``w:pStyle`` names the style, else the style's ``w:ilvl``; ``w:numId`` 0 on the paragraph removes the number;
* ``w:abstractNum/w:numStyleLink`` follows a numbering style to the list it stands for.

Bullets (``w:numFmt`` bullet) are reported as such, without a label: the reader marks the paragraph a list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = f"{_W}val"
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "\t"
    restart: int | None = None  # w:lvlRestart (None: the default, restart after any level above)
    legal: bool = False
    style: str = ""


@dataclass
class _Instance:
    abstract: str
    levels: dict[int, Level]
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level, applied once
    started: bool = False


def _child(element, tag: str):
    for c in element.iterchildren(f"{_W}{tag}"):
        return c
    return None


def _val(element, tag: str) -> str | None:
    c = _child(element, tag) if element is not None else None
    return c.get(VAL) if c is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl) -> Level:
    text_el = _child(lvl, "lvlText")
    suff = _val(lvl, "suff")
    restart = _val(lvl, "lvlRestart")
    legal = _child(lvl, "isLgl")
    return Level(fmt=_val(lvl, "numFmt") or "decimal",
                 text=(text_el.get(VAL) or "") if text_el is not None else "",
                 start=_int(_val(lvl, "start"), 1),
                 suffix={"space": " ", "nothing": ""}.get(suff or "tab", "\t"),
                 restart=_int(restart, 0) if restart is not None else None,
                 legal=legal is not None and legal.get(VAL, "1") not in ("0", "false", "off"),
                 style=_val(lvl, "pStyle") or "")


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def vietnamese_cardinal(n: int) -> str:
    """1-99 in Vietnamese words as Word's and LibreOffice's cardinalText write them in a Vietnamese document
    ("Một", "Mười lăm", "Hai mươi mốt"); other numbers as digits."""
    if not 0 < n < 100:
        return str(n)
    tens, unit = divmod(n, 10)
    if tens == 0:
        words = _UNITS[unit]
    else:
        words = "mười" if tens == 1 else f"{_UNITS[tens]} mươi"
        if unit == 5:
            words += " lăm"
        elif unit == 1 and tens > 1:
            words += " mốt"
        elif unit:
            words += f" {_UNITS[unit]}"
    return words[0].upper() + words[1:]


def format_number(n: int, fmt: str) -> str:
    """One counter in a w:numFmt (formats Word has but a Vietnamese plan does not use are written as decimals)."""
    if fmt in ("upperRoman", "lowerRoman"):
        text = roman(n) if n > 0 else "0"
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        if n <= 0:
            return "0"
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # z, aa, bb … as Word counts
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    if fmt == "cardinalText":
        return vietnamese_cardinal(n)
    return str(n)


class Numbering:
    """numbering.xml and the styles' numbering, replayed paragraph by paragraph (call :meth:`label` in document
    order, each paragraph once)."""

    def __init__(self, numbering_root, styles_root=None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId → numStyleLink style id
        self.instances: dict[str, _Instance] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}  # style id → (numId, ilvl), with basedOn
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId → level → last number
        self._style_levels: dict[tuple[str, str], int] = {}
        if numbering_root is not None:
            self._read_numbering(numbering_root)
        if styles_root is not None:
            self._read_styles(styles_root)

    def _read_numbering(self, root) -> None:
        for an in root.iterchildren(f"{_W}abstractNum"):
            aid = an.get(f"{_W}abstractNumId") or ""
            self.abstracts[aid] = {_int(lvl.get(f"{_W}ilvl"), 0): _level(lvl) for lvl in an.iterchildren(f"{_W}lvl")}
            link = _val(an, "numStyleLink")
            if link:
                self.links[aid] = link
        for num in root.iterchildren(f"{_W}num"):
            nid = num.get(f"{_W}numId") or ""
            aid = _val(num, "abstractNumId") or ""
            inst = _Instance(aid, {})
            for ov in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(ov.get(f"{_W}ilvl"), 0)
                start = _val(ov, "startOverride")
                lvl = _child(ov, "lvl")
                if lvl is not None:  # a level redefined; its w:start alone restarts nothing (as LibreOffice reads it)
                    inst.levels[ilvl] = _level(lvl)
                if start is not None:
                    inst.starts[ilvl] = _int(start, 1)
            self.instances[nid] = inst

    def _read_styles(self, root) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for st in root.iterchildren(f"{_W}style"):
            sid = st.get(f"{_W}styleId") or ""
            ppr = _child(st, "pPr")
            numpr = _child(ppr, "numPr") if ppr is not None else None
            nid = _val(numpr, "numId") if numpr is not None else None
            ilvl = _val(numpr, "ilvl") if numpr is not None else None
            raw[sid] = (nid, _int(ilvl, 0) if ilvl is not None else None, _val(st, "basedOn"))
        for sid in raw:
            seen, cur = set(), sid
            nid = ilvl = None
            while cur in raw and cur not in seen:
                seen.add(cur)
                n, i, based = raw[cur]
                if nid is None and n is not None:
                    nid = n
                if ilvl is None and i is not None:
                    ilvl = i
                cur = based
            if nid is not None:
                self.style_num[sid] = (nid, ilvl)

    def _abstract_of(self, aid: str, depth: int = 0) -> str:
        """An abstract list that only links to a numbering style: the abstract list that style's instance uses."""
        link = self.links.get(aid)
        if link is None or depth > 4:
            return aid
        nid = self.style_num.get(link, (None, None))[0]
        inst = self.instances.get(nid or "")
        return self._abstract_of(inst.abstract, depth + 1) if inst is not None else aid

    def _levels(self, inst: _Instance) -> tuple[str, dict[int, Level]]:
        aid = self._abstract_of(inst.abstract)
        levels = self.abstracts.get(aid, {})
        if inst.levels:
            levels = {**levels, **inst.levels}
        return aid, levels

    def label(self, ppr, style_id: str | None) -> tuple[str, bool] | None:
        """(label with its suffix, is a bullet) of the paragraph with properties ``ppr`` and style ``style_id``;
        None when it is not numbered. Advances the list's counters."""
        numpr = _child(ppr, "numPr") if ppr is not None else None
        nid = _val(numpr, "numId") if numpr is not None else None
        ilvl_text = _val(numpr, "ilvl") if numpr is not None else None
        from_style = False
        if nid is None and style_id is not None and style_id in self.style_num:
            nid, style_ilvl = self.style_num[style_id]
            from_style = True
        if nid is None or nid == "0":
            return None
        inst = self.instances.get(nid)
        if inst is None:
            return None
        aid, levels = self._levels(inst)
        if ilvl_text is not None:
            ilvl = _int(ilvl_text, 0)
        else:
            ilvl = next((i for i, lv in levels.items() if style_id and lv.style == style_id), None)
            if ilvl is None:
                ilvl = (style_ilvl if from_style and style_ilvl is not None
                        else self.style_num.get(style_id or "", (None, None))[1] or 0)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(aid, {})
        if not inst.started:
            inst.started = True
            for i, start in inst.starts.items():
                counters[i] = start - 1
                for deeper in [k for k in counters if k > i]:
                    del counters[deeper]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return level.text, True

        def number(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            lv = levels.get(i, Level())
            n = counters.get(i, lv.start)
            return format_number(n, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        text = _PLACEHOLDER.sub(number, level.text)
        return (text + level.suffix if text else ""), False
