"""Writers for the realistic corpus: a draft is a list of elements, written the way Word writes it.

Independent of planreview_testing/synthetic.py on purpose: these files imitate what councils receive —
python-docx documents whose headings are bold paragraphs (or real Heading styles), borderless
header tables with the Quốc hiệu, appendix tables with merged group rows, running headers and page
numbers; Word "Plain Text" exports (CRLF, tab-separated table cells, "-"/"•" bullets) in UTF-8,
UTF-16 LE and Windows-1258; text in NFD or with the old tone placement (hoà, thuỷ, uỷ); and legacy
font encodings (TCVN3 with .VnTime, VNI with VNI-Times), encoded with viparse's maintained tables.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


@dataclass
class El:
    """One element of a draft: heading, paragraph, bullet, centered line, table, page break."""

    kind: str  # h | p | bullet | center | table | pagebreak | grid
    text: str = ""
    level: int = 1
    bold: bool = False
    italic: bool = False
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 1
    merge_rows: dict[int, tuple[int, int]] = field(default_factory=dict)  # row → (first col, last col) merged
    bold_rows: set[int] = field(default_factory=set)
    widths: list[float] | None = None  # cm
    landscape: bool = False  # appendix section in landscape
    vmerges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row)


class Draft:
    """A builder of elements with small helpers for the shapes real plans use."""

    def __init__(self) -> None:
        self.els: list[El] = []

    def h(self, text: str, level: int = 1) -> None:
        self.els.append(El("h", text, level=level))

    def p(self, text: str, bold: bool = False, italic: bool = False) -> None:
        self.els.append(El("p", text, bold=bold, italic=italic))

    def center(self, text: str, bold: bool = True, italic: bool = False) -> None:
        self.els.append(El("center", text, bold=bold, italic=italic))

    def bullet(self, text: str) -> None:
        self.els.append(El("bullet", text))

    def bullets(self, items: list[str]) -> None:
        for t in items:
            self.bullet(t)

    def grid(self, rows: list[list[str]], widths: list[float] | None = None) -> None:
        """A borderless layout table (Quốc hiệu header, signature block)."""
        self.els.append(El("grid", rows=rows, widths=widths))

    def table(self, rows: list[list[str]], header_rows: int = 1, merge_rows: dict | None = None,
              bold_rows: set[int] | None = None, widths: list[float] | None = None, landscape: bool = False,
              vmerges: list[tuple[int, int, int]] | None = None) -> None:
        self.els.append(El("table", rows=rows, header_rows=header_rows, merge_rows=merge_rows or {},
                           bold_rows=bold_rows or set(), widths=widths, landscape=landscape, vmerges=vmerges or []))

    def pagebreak(self) -> None:
        self.els.append(El("pagebreak"))

    def section(self, landscape: bool) -> None:
        """A section break (new page); the appendix usually sits in a landscape section."""
        self.els.append(El("section", landscape=landscape))


# --------------------------------------------------------------------------- text transforms
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")


def _old_tone_word(word: str) -> str:
    """hóa → hoá, thủy → thuỷ, ủy → uỷ, khỏe → khoẻ: the tone on the last vowel of oa/oe/uy."""
    nfd = unicodedata.normalize("NFD", word)
    letters: list[list[str]] = []
    for ch in nfd:
        if unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    if len(letters) < 2:
        return word
    a, b = letters[-2], letters[-1]
    pair = (a[0] + b[0]).lower()
    if pair not in ("oa", "oe", "uy") or len(b) > 1:
        return word
    if pair == "uy" and len(letters) >= 3 and letters[-3][0].lower() == "q":
        return word
    tone = [m for m in a[1:] if m in _TONES]
    if not tone:
        return word
    a[:] = [m for m in a if m not in _TONES]
    b.extend(tone)
    return unicodedata.normalize("NFC", "".join("".join(x) for x in letters))


def old_tone(text: str) -> str:
    return _WORD.sub(lambda m: _old_tone_word(m.group(0)), text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _legacy_table(name: str) -> dict[str, str]:
    """Unicode letter → legacy surface sequence, inverted from viparse's maintained charmaps."""
    from viparse.normalize.encodings import get_charmap

    charmap = get_charmap(name)
    out: dict[str, str] = {}
    for legacy, uni in charmap.pairs:
        out.setdefault(unicodedata.normalize("NFC", uni), legacy)
    return out


_LEGACY_CACHE: dict[str, dict[str, str]] = {}


def legacy_encode(text: str, name: str) -> str:
    """Encode NFC Vietnamese text as a TCVN3 (.VnTime) or VNI (VNI-Times) document stores it.

    TCVN3 has no upper-case toned letters: documents set such headings in .VnTimeH with the
    lower-case codes, which is what is written here. A letter the table lacks raises ValueError.
    """
    table = _LEGACY_CACHE.setdefault(name, _legacy_table(name))
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
        elif ch.lower() in table:
            out.append(table[ch.lower()])
        else:
            raise ValueError(f"{name}: no legacy code for {ch!r} in {text[:60]!r}")
    return "".join(out)


def cp1258_form(text: str) -> str:
    """Windows-1258 keeps â ê ô ă ơ ư đ precomposed and writes the tone as a combining mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in d if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in _TONES))
        try:
            (base + tones).encode("cp1258")
            out.append(base + tones)
        except UnicodeEncodeError:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- .docx
def _set_cell_borders(table, show: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if show else "nil")
        if show:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _add_field(paragraph, instr: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instr
    run._r.append(code)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    run2 = paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run2._r.append(end)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


@dataclass
class DocxStyle:
    bold_headings: bool = True  # headings are bold paragraphs, no Heading style
    font: str = "Times New Roman"
    size: int = 14
    header_text: str = ""  # running header ("" = none)
    page_numbers: bool = True
    transform: str = ""  # "" | nfd | old_tone | tcvn3 | vni
    heading_font: str = ""  # .VnTimeH for TCVN3 upper-case headings
    date: dt.date | None = None  # the document's created/modified stamp (the draft's date)
    list_bullets: bool = False  # bullets as Word list paragraphs ("List Bullet" style, no "-" typed)
    auto_numbering: bool = False  # "I." / "1." of headings come from Word's list numbering, not the text


def _tx(text: str, style: DocxStyle) -> str:
    if style.transform == "nfd":
        return nfd(text)
    if style.transform == "old_tone":
        return old_tone(text)
    if style.transform in ("tcvn3", "vni"):
        return legacy_encode(text, style.transform)
    return text


def _run(paragraph, text: str, style: DocxStyle, bold=False, italic=False, heading=False):
    run = paragraph.add_run(_tx(text, style))
    run.bold = bold
    run.italic = italic
    font = style.heading_font if heading and style.heading_font and text.upper() == text else style.font
    run.font.name = font
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    return run


def write_docx(draft: Draft, path: Path, style: DocxStyle) -> Path:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = style.font
    normal.font.size = Pt(style.size)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    _header_footer(sec, style)
    num_id = _heading_numbering(doc) if style.auto_numbering else None
    for el in draft.els:
        if el.kind == "h":
            m = _HEADING_NUMBER.match(el.text) if num_id else None
            if style.bold_headings:
                par = doc.add_paragraph()
                par.paragraph_format.space_before = Pt(6)
                _run(par, el.text[m.end():] if m else el.text, style, bold=True, heading=True)
                if m:
                    _number(par, num_id, 0 if re.fullmatch(r"[IVX]+", m.group(1)) else 1)
            else:
                par = doc.add_heading(level=min(el.level, 3))
                _run(par, el.text, style, bold=True, heading=True)
        elif el.kind == "p":
            par = doc.add_paragraph()
            par.paragraph_format.first_line_indent = Cm(1)
            par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _run(par, el.text, style, bold=el.bold, italic=el.italic)
        elif el.kind == "bullet":
            if style.list_bullets:
                par = doc.add_paragraph(style="List Bullet")
                _run(par, el.text, style)
            else:
                par = doc.add_paragraph()
                par.paragraph_format.first_line_indent = Cm(1)
                _run(par, "- " + el.text, style)
            par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif el.kind == "center":
            par = doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(par, el.text, style, bold=el.bold, italic=el.italic, heading=True)
        elif el.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif el.kind == "grid":
            _grid(doc, el, style)
        elif el.kind == "section":
            new = doc.add_section()
            if el.landscape:
                new.orientation = WD_ORIENT.LANDSCAPE
                new.page_width, new.page_height = Cm(29.7), Cm(21.0)
        elif el.kind == "table":
            _table(doc, el, style)
    doc.core_properties.author = "UBND"
    stamp = dt.datetime(2020, 1, 1) if not style.date else dt.datetime.combine(style.date, dt.time(8, 0))
    doc.core_properties.created = doc.core_properties.modified = stamp
    doc.core_properties.last_modified_by = "UBND"
    doc.save(path)
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the package with fixed member timestamps so that regenerating gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


_HEADING_NUMBER = re.compile(r"^([IVX]+|\d+)\.\s+")


def _heading_numbering(doc) -> str:
    """Add a two-level list (I., II. … then 1., 2. …) to the numbering part; return its numId."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2.")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), val)
            lvl.append(child)
        abstract.append(lvl)
    last_abstract = numbering.xpath("./w:abstractNum")[-1]
    last_abstract.addnext(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def _number(paragraph, num_id: str, ilvl: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.append(lvl)
    num_pr.append(nid)
    p_pr.insert(0, num_pr)  # numPr comes before spacing/jc in CT_PPr


def _header_footer(sec, style: DocxStyle) -> None:
    if style.header_text:
        par = sec.header.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(par, style.header_text, style, italic=True)
    if style.page_numbers:
        par = sec.footer.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(par, "Trang ", style)
        _add_field(par, "PAGE")


def _grid(doc, el: El, style: DocxStyle) -> None:
    ncols = max(len(r) for r in el.rows)
    table = doc.add_table(rows=len(el.rows), cols=ncols)
    _set_cell_borders(table, False)
    for i, row in enumerate(el.rows):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            par = cell.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            upper = text.isupper()
            _run(par, text, style, bold=upper or text.startswith("Độc lập"), heading=upper)
    if el.widths:
        for j, w in enumerate(el.widths):
            for cell in table.columns[j].cells:
                cell.width = Cm(w)


def _table(doc, el: El, style: DocxStyle) -> None:
    ncols = max(len(r) for r in el.rows)
    table = doc.add_table(rows=len(el.rows), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_cell_borders(table, True)
    for i, row in enumerate(el.rows):
        if i < el.header_rows:
            _repeat_header(table.rows[i])
        merged = el.merge_rows.get(i)
        for j in range(ncols):
            text = row[j] if j < len(row) else ""
            if merged and merged[0] < j <= merged[1]:
                continue
            cell = table.cell(i, j)
            if merged and j == merged[0]:
                cell = cell.merge(table.cell(i, merged[1]))
            par = cell.paragraphs[0]
            par.paragraph_format.first_line_indent = Cm(0)
            if i < el.header_rows or (j == 0 and len(text) < 6) or re.fullmatch(r"[\d.,]+", text or "x"):
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(par, text, style, bold=i < el.header_rows or i in el.bold_rows)
            for r in par.runs:
                r.font.size = Pt(12)
    for col, r0, r1 in el.vmerges:
        table.cell(r0, col).merge(table.cell(r1, col))
    if el.widths:
        table.autofit = False
        for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), el.widths):
            col.set(qn("w:w"), str(int(w * 567)))  # LibreOffice lays out by the grid, Word by the cells
        for row in table.rows:
            for j, w in enumerate(el.widths):
                if j < len(row.cells):
                    row.cells[j].width = Cm(w)


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Export with LibreOffice headless, as a secretary's "Save as PDF" would."""
    profile = Path(tempfile.gettempdir()) / "lo-corpus"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True, timeout=240)
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx_path}")
    return pdf


# --------------------------------------------------------------------------- Word "Plain Text"
@dataclass
class TxtStyle:
    encoding: str = "utf-8-sig"  # utf-8-sig | utf-16-le-bom | cp1258 | vni (cp1252 bytes of VNI codes)
    bullet: str = "-"  # "-" or "•"
    bullet_tab: bool = False  # "•\ttext" as Word writes list bullets


def draft_lines(draft: Draft, style: TxtStyle) -> list[str]:
    lines: list[str] = []
    for el in draft.els:
        if el.kind in ("h", "p", "center"):
            lines.append(el.text)
        elif el.kind == "bullet":
            lines.append(style.bullet + ("\t" if style.bullet_tab else " ") + el.text)
        elif el.kind in ("grid", "table"):
            for i, row in enumerate(el.rows):
                merged = el.merge_rows.get(i)
                cells = [c for j, c in enumerate(row) if not (merged and merged[0] < j <= merged[1])]
                lines.append("\t".join(cells))
        elif el.kind in ("pagebreak", "section"):
            lines.append("\f")
    return lines


def write_txt(draft: Draft, path: Path, style: TxtStyle) -> Path:
    text = "\r\n".join(draft_lines(draft, style)) + "\r\n"
    if style.encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif style.encoding == "cp1258":
        data = cp1258_form(text).encode("cp1258")
    elif style.encoding == "vni":
        data = legacy_encode(text, "vni").encode("cp1252")
    elif style.encoding == "tcvn3":
        data = legacy_encode(text, "tcvn3").encode("cp1252")
    else:
        data = text.encode(style.encoding)
    path.write_bytes(data)
    return path
