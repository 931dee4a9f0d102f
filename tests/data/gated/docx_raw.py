"""Write .docx files part by part, as Word stores them (no python-docx): document.xml, styles.xml,
numbering.xml (auto-numbered headings and bullets), footnotes.xml, tracked changes (w:ins / w:del),
a text box (wps:txbx with its VML fallback), merged cells (w:gridSpan, w:vMerge), header and footer
with a PAGE field. Used by make_gated.py only.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"')
DATE = "2026-01-15T08:00:00Z"


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run(text: str, bold: bool = False, italic: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_t(text)}</w:r>"


def ins(text: str, rid: int, author: str = "Chuyên viên VH-XH") -> str:
    """Text inserted with Track Changes on: what the reader of the final version sees."""
    return f'<w:ins w:id="{rid}" w:author="{author}" w:date="{DATE}">{run(text)}</w:ins>'


def dele(text: str, rid: int, author: str = "Chuyên viên VH-XH") -> str:
    """Text deleted with Track Changes on: not in the final version."""
    return (f'<w:del w:id="{rid}" w:author="{author}" w:date="{DATE}"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def footnote_ref(fid: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'


def text_box(text: str) -> str:
    """A floating text box (Word 2010+ shape with the VML fallback Word writes beside it)."""
    inner = f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(text, bold=True)}</w:p>'
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:posOffset>4800000</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="1000000" cy="300000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            '<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000000" '
            'cy="300000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f'<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            '<v:shape id="TextBox1" type="#_x0000_t202" style="position:absolute;width:78pt;height:24pt">'
            f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def para(*runs: str, style: str = "", num: tuple[int, int] | None = None, jc: str = "", keep: bool = False,
         deleted_mark: int = 0) -> str:
    """A paragraph; ``deleted_mark``: the id of a tracked deletion of the paragraph mark itself (Word writes it
    when a whole paragraph is deleted with Track Changes on)."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep:
        ppr += "<w:keepNext/>"
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    if deleted_mark:
        ppr += f'<w:rPr><w:del w:id="{deleted_mark}" w:author="Chuyên viên VH-XH" w:date="{DATE}"/></w:rPr>'
    body = "".join(r if r.startswith("<w:") else run(r) for r in runs)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


@dataclass
class Cell:
    text: str | list[str] = ""  # a list: runs already made (tracked changes inside a cell)
    span: int = 1
    vmerge: str = ""  # "restart" | "continue"
    bold: bool = False


def table(rows: list[list[Cell | str]], widths: list[int], borders: bool = True, header_rows: int = 1) -> str:
    b = "single" if borders else "nil"
    borders_xml = "".join(f'<w:{s} w:val="{b}" w:sz="4" w:space="0" w:color="000000"/>'
                          for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders_xml}</w:tblBorders>'
           '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    for i, row in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if i < header_rows else ""
        cells, col = [], 0
        for c in row:
            c = c if isinstance(c, Cell) else Cell(c, bold=i < header_rows)
            width = sum(widths[col:col + c.span])
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if c.span > 1:
                tcpr += f'<w:gridSpan w:val="{c.span}"/>'
            if c.vmerge:
                tcpr += '<w:vMerge w:val="restart"/>' if c.vmerge == "restart" else "<w:vMerge/>"
            content = "".join(c.text) if isinstance(c.text, list) else (run(c.text, bold=c.bold) if c.text else "")
            cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{content}</w:p></w:tc>")
            col += c.span
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


@dataclass
class DocxParts:
    body: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # text of footnote 1, 2 …
    header: str = ""
    numbering: bool = False
    landscape_tail: bool = False  # the last section (the appendix) is landscape


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"
w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>
</w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/>
</w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/>
<w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>
<w:rPr><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>
</w:styles>"""

_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:lvlJc w:val="left"/>
<w:lvlRestart w:val="1"/>
<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def _footnotes_xml(notes: list[str]) -> str:
    parts = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             '</w:p></w:footnote>']
    for i, note in enumerate(notes, 1):
        parts.append(f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                     f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                     f'{run(" " + note)}</w:p></w:footnote>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NS}>{"".join(parts)}</w:footnotes>'


def _sect(landscape: bool, with_refs: bool) -> str:
    refs = ('<w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" '
            'r:id="rIdFooter"/>') if with_refs else ""
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape else \
        '<w:pgSz w:w="11906" w:h="16838"/>'
    return (f"<w:sectPr>{refs}{size}<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" "
            'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')


def section_break(landscape: bool = False) -> str:
    """Ends the section before it (the portrait body before a landscape appendix)."""
    return f"<w:p><w:pPr>{_sect(landscape, True)}</w:pPr></w:p>"


def write(parts: DocxParts, path: Path) -> Path:
    rels = ['<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>',
            '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'header" Target="header1.xml"/>',
            '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'footer" Target="footer1.xml"/>']
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/>',
                 '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.styles+xml"/>',
                 '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.header+xml"/>',
                 '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.footer+xml"/>',
                 '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                 'core-properties+xml"/>']
    files: dict[str, str] = {}
    if parts.numbering:
        rels.append('<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/numbering" Target="numbering.xml"/>')
        overrides.append('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.numbering+xml"/>')
        files["word/numbering.xml"] = _NUMBERING
    if parts.footnotes:
        rels.append('<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/footnotes" Target="footnotes.xml"/>')
        overrides.append('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.footnotes+xml"/>')
        files["word/footnotes.xml"] = _footnotes_xml(parts.footnotes)
    body = "".join(parts.body) + _sect(parts.landscape_tail, True)
    files["word/document.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}>'
                                  f"<w:body>{body}</w:body></w:document>")
    files["word/styles.xml"] = _STYLES
    files["word/header1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>'
                                 f'{para(run(parts.header, italic=True, size=22), jc="right")}</w:hdr>')
    page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    files["word/footer1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>'
                                 f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{page}</w:p></w:ftr>')
    files["word/_rels/document.xml.rels"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                             f'relationships">{"".join(rels)}</Relationships>')
    files["_rels/.rels"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
                            'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                            'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                            'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
                            'org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                            '</Relationships>')
    files["docProps/core.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                                  'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
                                  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Van phong UBND'
                                  '</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-15T08:00:00Z'
                                  '</dcterms:created></cp:coreProperties>')
    files["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
                                    'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                                    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                                    '<Default Extension="xml" ContentType="application/xml"/>'
                                    f'{"".join(overrides)}</Types>')
    order = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] + sorted(
        k for k in files if k not in ("[Content_Types].xml", "_rels/.rels", "word/document.xml"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 15, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return path
