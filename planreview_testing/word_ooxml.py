"""A small writer of WordprocessingML packages, part by part, the way Word stores what office staff type.

Used by gen_word_habits.py. Unlike python-docx's template it writes exactly the parts a habit needs:
``numbering.xml`` (automatic "I." / "1." / "a)" labels that are not in the paragraph text), ``w:ins`` /
``w:del`` revisions left unaccepted, ``footnotes.xml`` with references in the text, a title block in a
DrawingML text box with its VML fallback (``mc:AlternateContent``, as Word 2010+ saves it), tables with
``w:gridSpan`` / ``w:vMerge`` and header rows repeated on every page (``w:tblHeader``), section breaks with a
landscape appendix, a running header and a page-number footer.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W_NS}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'mc:Ignorable="w14 wp14"'
)
REVISION_AUTHOR = "Phòng VH-TT"
REVISION_DATE = "2026-03-02T08:15:00Z"


@dataclass
class Run:
    """A run of text; ``change`` "ins"/"del" wraps it in an unaccepted revision; ``note`` adds a footnote
    reference after it whose footnote holds that text."""

    text: str
    bold: bool = False
    italic: bool = False
    change: str = ""  # "" | ins | del
    note: str = ""


@dataclass
class Par:
    runs: list[Run]
    align: str = "both"  # both | center | left | right
    style: str = ""  # "" | Heading1 | Heading2 | ListParagraph
    num: tuple[int, int] | None = None  # (numId, ilvl) from numbering.xml
    indent: bool = True  # first-line indent of body text
    size: int = 0  # half-points; 0 = the style's
    page_break_before: bool = False
    text_box: list[Par | Tbl] | None = None  # a floating text box anchored in this paragraph, holding these paragraphs
    landscape_section_end: bool | None = None  # this paragraph ends a section (portrait False / landscape True)


@dataclass
class Cell:
    pars: list[Par]
    span: int = 1
    vmerge: str = ""  # "" | restart | continue
    width: float = 0.0  # cm


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # repeated at the top of every page (w:tblHeader)
    change: str = ""  # "ins": the whole row was inserted with changes tracked


@dataclass
class Tbl:
    rows: list[Row]
    widths: list[float]  # cm, one per grid column
    borders: bool = True


Item = Par | Tbl


@dataclass
class Package:
    body: list[Item] = field(default_factory=list)
    header_text: str = ""
    page_numbers: bool = True
    numbering: bool = False  # write the heading / list numbering definitions (numId 1: I./1./a), 2: bullets)
    track_revisions: bool = False
    created: str = "2026-01-05T08:00:00Z"
    landscape_last: bool = False  # the last section (the appendix) is landscape


def _twips(cm: float) -> int:
    return int(round(cm * 567))


_rev_id = [100]


def _next_id() -> int:
    _rev_id[0] += 1
    return _rev_id[0]


def _run_xml(run: Run, size: int, notes: list[str]) -> str:
    props = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
             + ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
             + (f'<w:sz w:val="{size}"/>' if size else ""))
    tag = "w:delText" if run.change == "del" else "w:t"
    parts = []
    for i, piece in enumerate(run.text.split("\n")):
        if i:
            parts.append("<w:br/>")
        parts.append(f'<{tag} xml:space="preserve">{escape(piece)}</{tag}>')
    xml = f"<w:r><w:rPr>{props}</w:rPr>{''.join(parts)}</w:r>"
    if run.note:
        notes.append(run.note)
        xml += (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{len(notes)}"/></w:r>')
    if run.change:
        xml = (f'<w:{run.change} w:id="{_next_id()}" w:author="{REVISION_AUTHOR}" w:date="{REVISION_DATE}">'
               f"{xml}</w:{run.change}>")
    return xml


def _section_xml(landscape: bool, pkg: Package) -> str:
    w, h = (16838, 11906) if landscape else (11906, 16838)
    refs = ('<w:headerReference w:type="default" r:id="rIdHeader1"/>' if pkg.header_text else "") + \
        ('<w:footerReference w:type="default" r:id="rIdFooter1"/>' if pkg.page_numbers else "")
    orient = ' w:orient="landscape"' if landscape else ""
    return (f'<w:sectPr>{refs}<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" '
            'w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')


def _text_box_xml(pars: list[Par | Tbl], pkg: Package, notes: list[str]) -> str:
    """A floating text box (Word 2010+: DrawingML in mc:Choice, VML in mc:Fallback), 16 × 3.6 cm, no border."""
    inner = "".join(_tbl_xml(p, pkg, notes) if isinstance(p, Tbl) else _par_xml(p, pkg, notes) for p in pars)
    cx, cy = 16 * 360000, int(5.2 * 360000)
    choice = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        '<a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing>')
    fallback = ('<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
                'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" '
                'o:connecttype="rect"/></v:shapetype><v:shape id="Text Box 1" o:spid="_x0000_s1026" '
                'type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:453.6pt;'
                'height:147pt;z-index:2;mso-position-horizontal-relative:margin" filled="f" stroked="f">'
                f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
                '<w10:wrap type="topAndBottom"/></v:shape></w:pict>')
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
            f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>')


def _par_xml(p: Par, pkg: Package, notes: list[str]) -> str:
    ppr = ""
    if p.style:
        ppr += f'<w:pStyle w:val="{p.style}"/>'
    if p.page_break_before:
        ppr += "<w:pageBreakBefore/>"
    if p.num:
        ppr += f'<w:numPr><w:ilvl w:val="{p.num[1]}"/><w:numId w:val="{p.num[0]}"/></w:numPr>'
    ppr += '<w:spacing w:before="60" w:after="60"/>'
    if p.indent and p.align == "both" and not p.num:
        ppr += '<w:ind w:firstLine="567"/>'
    ppr += f'<w:jc w:val="{p.align}"/>'
    if p.landscape_section_end is not None:
        ppr += _section_xml(p.landscape_section_end, pkg)
    body = "".join(_run_xml(r, p.size, notes) for r in p.runs)
    if p.text_box is not None:
        body = _text_box_xml(p.text_box, pkg, notes) + body
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"


def _tbl_xml(t: Tbl, pkg: Package, notes: list[str]) -> str:
    size = "4" if t.borders else "0"
    kind = "single" if t.borders else "nil"
    borders = "".join(f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in t.widths)
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>{borders}'
           '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    for row in t.rows:
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if row.header else "")
        if row.change == "ins":
            trpr += f'<w:ins w:id="{_next_id()}" w:author="{REVISION_AUTHOR}" w:date="{REVISION_DATE}"/>'
        cells = []
        col = 0
        for c in row.cells:
            width = sum(t.widths[col:col + c.span])
            tcpr = f'<w:tcW w:w="{_twips(width)}" w:type="dxa"/>'
            if c.span > 1:
                tcpr += f'<w:gridSpan w:val="{c.span}"/>'
            if c.vmerge == "restart":
                tcpr += '<w:vMerge w:val="restart"/>'
            elif c.vmerge == "continue":
                tcpr += "<w:vMerge/>"
            tcpr += '<w:vAlign w:val="center"/>'
            pars = c.pars or [Par([])]
            cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(_par_xml(p, pkg, notes) for p in pars)}</w:tc>")
            col += c.span
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" \
w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/>\
<w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="276" \
w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr>\
</w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr>\
</w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>\
<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>\
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>\
<w:rPr><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="FootnoteReference">\
<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>\
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr>\
<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"""


def _numbering_xml() -> str:
    """numId 1: headings I. / 1. / a) (upperRoman, decimal, lowerLetter); numId 2: "-" bullets;
    numId 3: "Phần thứ …" is not a Word format, so the parts are numbered I., II. under "Phần" text."""
    def lvl(ilvl: int, fmt: str, text: str, indent: int) -> str:
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" '
                'w:hanging="360"/></w:pPr></w:lvl>')
    headings = (lvl(0, "upperRoman", "%1.", 360) + lvl(1, "decimal", "%2.", 567)
                + lvl(2, "lowerLetter", "%3)", 851))
    bullets = lvl(0, "bullet", "-", 927)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{headings}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>{bullets}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def _footnotes_xml(notes: list[str]) -> str:
    sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           '</w:footnote>')
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
        f'<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
        f"{escape(text)}</w:t></w:r></w:p></w:footnote>" for i, text in enumerate(notes, start=1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NAMESPACES}>{sep}{body}'
            "</w:footnotes>")


def _header_xml(text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NAMESPACES}><w:p><w:pPr>'
            f'<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:i/><w:sz w:val="20"/></w:rPr><w:t>{escape(text)}</w:t>'
            "</w:r></w:p></w:hdr>")


def _footer_xml() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NAMESPACES}><w:p><w:pPr>'
            '<w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
            '<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
            '</w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>')


def write(pkg: Package, path: Path) -> Path:
    """Write the package to ``path`` (fixed member dates: the same draft gives the same bytes)."""
    _rev_id[0] = 100
    notes: list[str] = []
    body = []
    for item in pkg.body:
        body.append(_tbl_xml(item, pkg, notes) if isinstance(item, Tbl) else _par_xml(item, pkg, notes))
    last_landscape = pkg.landscape_last
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NAMESPACES}><w:body>'
                f'{"".join(body)}{_section_xml(last_landscape, pkg)}</w:body></w:document>')
    rels = ['<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>',
            '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'settings" Target="settings.xml"/>']
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/>',
                 '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.styles+xml"/>',
                 '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.settings+xml"/>',
                 '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                 'core-properties+xml"/>']
    parts = {"word/document.xml": document, "word/styles.xml": _STYLES}
    if pkg.numbering:
        parts["word/numbering.xml"] = _numbering_xml()
        rels.append('<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/numbering" Target="numbering.xml"/>')
        overrides.append('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.numbering+xml"/>')
    if notes:
        parts["word/footnotes.xml"] = _footnotes_xml(notes)
        rels.append('<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/footnotes" Target="footnotes.xml"/>')
        overrides.append('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.footnotes+xml"/>')
    if pkg.header_text:
        parts["word/header1.xml"] = _header_xml(pkg.header_text)
        rels.append('<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/header" Target="header1.xml"/>')
        overrides.append('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.header+xml"/>')
    if pkg.page_numbers:
        parts["word/footer1.xml"] = _footer_xml()
        rels.append('<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/footer" Target="footer1.xml"/>')
        overrides.append('<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.footer+xml"/>')
    parts["word/settings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings '
                                  f'xmlns:w="{W_NS}">' + ("<w:trackRevisions/>" if pkg.track_revisions else "")
                                  + '<w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name='
                                  '"compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
                                  "</w:compat></w:settings>")
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>')
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.'
        'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:creator>UBND</dc:creator><cp:lastModifiedBy>{REVISION_AUTHOR}</cp:lastModifiedBy>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{pkg.created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{pkg.created}</dcterms:modified></cp:coreProperties>')
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/></Relationships>')
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'{"".join(overrides)}</Types>')
    order = ["[Content_Types].xml", "_rels/.rels"] + [k for k in parts if k not in ("[Content_Types].xml",
                                                                                    "_rels/.rels")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 5, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])
    return path
