"""A corpus of .docx files written as Word stores them, one Word feature (or a combination) per file.

Each file is a short fictional commune/province digital-transformation plan whose structure, numbering, notes,
changes, text boxes, content controls and headers are real OOXML parts (numbering.xml, footnotes.xml, w:ins /
w:del, wps:txbx inside mc:AlternateContent with a VML fallback, w:sdt, header1.xml …), so that what planreview
reads can be compared with what LibreOffice shows (tests/ingest/test_docx_oracle.py) and with planted literals.

    python -m planreview_testing.gen_word_features OUTDIR      # writes OUTDIR/<case>.docx

Places and bodies are fictional ("xã Tân Hòa Đông", "tỉnh Thanh Lâm"); the national documents cited (Quyết định
749/QĐ-TTg ngày 03/6/2020, Nghị quyết 52-NQ/TW ngày 27/9/2019) are real and public.
"""

from __future__ import annotations

import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"')
DATE = "2026-03-02T08:00:00Z"
UNIT = "xã Tân Hòa Đông"
PROVINCE = "tỉnh Thanh Lâm"


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{rpr}{t(text)}</w:r>"


def para(*content: str, style: str = "", num: tuple[int, int] | None = None, jc: str = "", ppr_extra: str = "") -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    ppr += ppr_extra
    body = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def cell(*paragraphs: str, extra: str = "") -> str:
    ps = "".join(p if p.startswith(("<w:p>", "<w:p ", "<w:p/", "<w:tbl")) else para(p) for p in paragraphs) or "<w:p/>"
    return f"<w:tc>{'<w:tcPr>' + extra + '</w:tcPr>' if extra else ''}{ps}</w:tc>"


def row(*cells: str, trpr: str = "") -> str:
    return f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>"


def table(*rows: str, columns: int = 4) -> str:
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(columns))
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


class Ids:
    """Revision and note ids, unique within a document."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


def ins(ids: Ids, *runs: str) -> str:
    return f'<w:ins w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}">{"".join(runs)}</w:ins>'


def dele(ids: Ids, text: str) -> str:
    return (f'<w:del w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


# ------------------------------------------------------------------------------------------------ numbering

@dataclass
class Level:
    fmt: str
    text: str
    start: int = 1
    style: str = ""  # w:pStyle linking the level to a paragraph style
    suff: str = ""  # "" (tab) | space | nothing
    restart: int | None = None  # w:lvlRestart
    legal: bool = False  # w:isLgl
    bullet_font: str = ""


@dataclass
class Doc:
    """A document under construction: body XML and the parts it needs."""

    name: str
    body: list[str] = field(default_factory=list)
    abstracts: dict[int, list[Level]] = field(default_factory=dict)
    nums: dict[int, tuple[int, str]] = field(default_factory=dict)  # numId → (abstractNumId, lvlOverride XML)
    styles_num: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # style → (numId, ilvl)
    links: dict[int, tuple[str, str]] = field(default_factory=dict)  # abstractNumId → (styleLink|numStyleLink, style)
    footnotes: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)
    header_first: str = ""
    header_default: str = ""
    ids: Ids = field(default_factory=Ids)

    def add(self, *xml: str) -> None:
        self.body.extend(xml)

    def footnote(self, text: str, end: bool = False) -> str:
        """A reference run to a new footnote (endnote) holding ``text``."""
        notes = self.endnotes if end else self.footnotes
        notes.append(text)
        kind = "endnote" if end else "footnote"
        style = "EndnoteReference" if end else "FootnoteReference"
        return (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:{kind}Reference w:id="{len(notes)}"/></w:r>')

    def comment(self, text: str, anchored: str) -> str:
        """``anchored`` runs wrapped in a comment range, the comment holding ``text``."""
        cid = len(self.comments)
        self.comments.append(("Chuyên gia Sở TT&TT", text))
        return (f'<w:commentRangeStart w:id="{cid}"/>{anchored}<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>')


def _lvl_xml(i: int, lv: Level) -> str:
    parts = [f'<w:lvl w:ilvl="{i}"><w:start w:val="{lv.start}"/><w:numFmt w:val="{lv.fmt}"/>']
    if lv.restart is not None:
        parts.append(f'<w:lvlRestart w:val="{lv.restart}"/>')
    if lv.style:
        parts.append(f'<w:pStyle w:val="{lv.style}"/>')
    if lv.legal:
        parts.append("<w:isLgl/>")
    if lv.suff:
        parts.append(f'<w:suff w:val="{lv.suff}"/>')
    parts.append(f'<w:lvlText w:val="{escape(lv.text, {chr(34): "&quot;"})}"/><w:lvlJc w:val="left"/>')
    parts.append(f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr>')
    if lv.bullet_font:
        font = lv.bullet_font
        parts.append(f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>')
    parts.append("</w:lvl>")
    return "".join(parts)


def numbering_xml(doc: Doc) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>']
    for aid, levels in doc.abstracts.items():
        out.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>')
        if aid in doc.links:
            out.append(f'<w:{doc.links[aid][0]} w:val="{doc.links[aid][1]}"/>')
        out.extend(_lvl_xml(i, lv) for i, lv in enumerate(levels))
        out.append("</w:abstractNum>")
    for nid, (aid, override) in doc.nums.items():
        out.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>')
    out.append("</w:numbering>")
    return "".join(out)


def styles_xml(doc: Doc) -> str:
    def pstyle(sid: str, name: str, extra_ppr: str = "", rpr: str = "", based: str = "Normal") -> str:
        num = doc.styles_num.get(sid)
        if num is not None:
            ilvl = f'<w:ilvl w:val="{num[1]}"/>' if num[1] is not None else ""
            extra_ppr = f'<w:numPr>{ilvl}<w:numId w:val="{num[0]}"/></w:numPr>' + extra_ppr
        return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/><w:basedOn w:val="{based}"/>'
                f'<w:qFormat/><w:pPr>{extra_ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')

    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            f"<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
            "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/><w:lang w:val=\"vi-VN\"/>"
            "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
            '<w:pPr><w:spacing w:before="120" w:after="0"/><w:jc w:val="both"/></w:pPr></w:style>'
            + pstyle("Heading1", "heading 1", '<w:keepNext/><w:outlineLvl w:val="0"/>', "<w:b/>")
            + pstyle("Heading2", "heading 2", '<w:keepNext/><w:outlineLvl w:val="1"/>', "<w:b/>")
            + pstyle("Heading3", "heading 3", '<w:keepNext/><w:outlineLvl w:val="2"/>', "<w:b/><w:i/>")
            + pstyle("ListParagraph", "List Paragraph", '<w:ind w:left="720"/>')
            + pstyle("Title", "Title", '<w:jc w:val="center"/>', "<w:b/>")
            + pstyle("FootnoteText", "footnote text", "", '<w:sz w:val="20"/>')
            + pstyle("EndnoteText", "endnote text", "", '<w:sz w:val="20"/>')
            + pstyle("Header", "header")
            + ('<w:style w:type="numbering" w:styleId="PlanList"><w:name w:val="Plan List"/><w:pPr><w:numPr>'
               f'<w:numId w:val="{doc.styles_num["PlanList"][0]}"/></w:numPr></w:pPr></w:style>'
               if "PlanList" in doc.styles_num else "")
            + '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>'
            + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders></w:tblPr></w:style></w:styles>")


def _notes_xml(kind: str, notes: list[str]) -> str:
    style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    ref = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {NS}>',
           f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
           f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           f"</w:{kind}>"]
    for i, text in enumerate(notes, start=1):
        out.append(f'<w:{kind} w:id="{i}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                   f'<w:r><w:rPr><w:rStyle w:val="{ref}"/></w:rPr><w:{kind}Ref/></w:r>{run(" " + text)}</w:p>'
                   f"</w:{kind}>")
    out.append(f"</w:{kind}s>")
    return "".join(out)


def _comments_xml(comments: list[tuple[str, str]]) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {NS}>']
    for i, (author, text) in enumerate(comments):
        out.append(f'<w:comment w:id="{i}" w:author="{escape(author)}" w:date="{DATE}" w:initials="CG">'
                   f"{para(text)}</w:comment>")
    out.append("</w:comments>")
    return "".join(out)


def write_doc(doc: Doc, path: Path) -> Path:
    """The package of ``doc``: every part it uses, declared in [Content_Types].xml and the relationships."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts: dict[str, tuple[str, str, str]] = {  # part → (content type, relationship type, xml)
        "styles.xml": (f"{main}.styles+xml", f"{rel}/styles", styles_xml(doc)),
        "settings.xml": (f"{main}.settings+xml", f"{rel}/settings",
                         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {NS}>'
                         '<w:defaultTabStop w:val="720"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                         '</w:footnotePr><w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
                         '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com'
                         '/office/word" w:val="15"/></w:compat></w:settings>'),
    }
    if doc.abstracts:
        parts["numbering.xml"] = (f"{main}.numbering+xml", f"{rel}/numbering", numbering_xml(doc))
    parts["footnotes.xml"] = (f"{main}.footnotes+xml", f"{rel}/footnotes", _notes_xml("footnote", doc.footnotes))
    parts["endnotes.xml"] = (f"{main}.endnotes+xml", f"{rel}/endnotes", _notes_xml("endnote", doc.endnotes))
    if doc.comments:
        parts["comments.xml"] = (f"{main}.comments+xml", f"{rel}/comments", _comments_xml(doc.comments))
    sect_refs = ""
    for kind, xml in (("first", doc.header_first), ("default", doc.header_default)):
        if xml:
            name = f"header_{kind}.xml"
            parts[name] = (f"{main}.header+xml", f"{rel}/header",
                           f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>{xml}</w:hdr>')
            sect_refs += f'<w:headerReference w:type="{kind}" r:id="rId_{name[:-4]}"/>'
    title_pg = "<w:titlePg/>" if doc.header_first else ""
    sect = (f'<w:sectPr>{sect_refs}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
            f'w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/>{title_pg}</w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>'
                f"{''.join(doc.body)}{sect}</w:body></w:document>")
    types = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>']
    types += [f'<Override PartName="/word/{name}" ContentType="{ct}"/>' for name, (ct, _, _) in parts.items()]
    types.append("</Types>")
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    rels += [f'<Relationship Id="rId_{name[:-4]}" Type="{rt}" Target="{name}"/>' for name, (_, rt, _) in parts.items()]
    rels.append("</Relationships>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "".join(types))
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", "".join(rels))
        for name, (_, _, xml) in parts.items():
            z.writestr(f"word/{name}", xml)
    return path


# ------------------------------------------------------------------------------------------------ content

def header_table(doc: Doc, number: str = "45/KH-UBND") -> str:
    """The two-column header block of an administrative document (issuer | national motto), borderless."""
    left = [para(run("ỦY BAN NHÂN DÂN", bold=False), jc="center"), para(run("XÃ TÂN HÒA ĐÔNG", bold=True), jc="center"),
            para(f"Số: {number}", jc="center")]
    right = [para(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True), jc="center"),
             para(run("Độc lập - Tự do - Hạnh phúc", bold=True), jc="center"),
             para("Tân Hòa Đông, ngày 12 tháng 3 năm 2026", jc="center")]
    return ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3600"/>'
            f'<w:gridCol w:w="5800"/></w:tblGrid>{row(cell(*left), cell(*right))}</w:tbl>')


def title(doc: Doc) -> None:
    doc.add(para(run("KẾ HOẠCH", bold=True), jc="center"),
            para(run(f"Chuyển đổi số {UNIT} năm 2026", bold=True), jc="center"))


LEGAL = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
    "đổi mới sáng tạo và chuyển đổi số quốc gia;",
]

TASKS = [
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Văn phòng HĐND và UBND xã", "2026", "150"),
    ("Tuyên truyền kỹ năng số cho người dân qua Tổ công nghệ số cộng đồng", "Phòng Văn hóa - Xã hội", "2026",
     "80"),
    ("Triển khai camera giám sát an ninh trật tự tại các thôn", "Công an xã", "2026-2027", "420"),
]


def roman_headings(doc: Doc, num_id: int = 1, aid: int = 0, with_style: bool = False) -> None:
    """I. / 1. / a) as Word's multi-level list, levels 0-2, the last level restarting under each parent."""
    doc.abstracts[aid] = [Level("upperRoman", "%1."), Level("decimal", "%2."), Level("lowerLetter", "%3)")]
    doc.nums[num_id] = (aid, "")
    doc.add(para(run("MỤC ĐÍCH, YÊU CẦU", bold=True), num=(num_id, 0)),
            para(run("Mục đích", bold=True), num=(num_id, 1)),
            para("Nâng cao hiệu quả hoạt động của chính quyền xã trên môi trường số.", num=(num_id, 2)),
            para("Bảo đảm người dân được tiếp cận dịch vụ công trực tuyến thuận lợi.", num=(num_id, 2)),
            para(run("Yêu cầu", bold=True), num=(num_id, 1)),
            para("Phân công rõ người, rõ việc, rõ thời gian, rõ kết quả.", num=(num_id, 2)),
            para(run("NHIỆM VỤ, GIẢI PHÁP", bold=True), num=(num_id, 0)),
            para(run("Phát triển chính quyền số", bold=True), num=(num_id, 1)),
            para(run("Phát triển xã hội số", bold=True), num=(num_id, 1)),
            para(run("TỔ CHỨC THỰC HIỆN", bold=True), num=(num_id, 0)))


def case_numbering_levels(doc: Doc) -> None:
    title(doc)
    roman_headings(doc)


def case_numbering_legal(doc: Doc) -> None:
    """1. / 1.1. / 1.1.1. (lvlText over several levels), a level set legal (isLgl) under a Roman level."""
    title(doc)
    doc.abstracts[0] = [Level("upperRoman", "%1."), Level("decimal", "%1.%2.", legal=True),
                        Level("decimal", "%1.%2.%3.", legal=True)]
    doc.nums[3] = (0, "")
    doc.add(para(run("NHIỆM VỤ TRỌNG TÂM", bold=True), num=(3, 0)),
            para("Hạ tầng số", num=(3, 1)), para("Mở rộng mạng cáp quang đến các thôn.", num=(3, 2)),
            para("Phủ sóng di động 4G, 5G tại khu dân cư.", num=(3, 2)),
            para("Dữ liệu số", num=(3, 1)), para("Làm sạch dữ liệu dân cư phục vụ thủ tục hành chính.", num=(3, 2)),
            para(run("KINH PHÍ THỰC HIỆN", bold=True), num=(3, 0)),
            para("Ngân sách xã", num=(3, 1)))


def case_numbering_part(doc: Doc) -> None:
    """"Phần I", "Chương 1" and "Mục 1" as numbered levels (text around the number), a suffix of a space."""
    title(doc)
    doc.abstracts[0] = [Level("upperRoman", "Phần %1.", suff="space"), Level("decimal", "Mục %2.", suff="space"),
                        Level("decimal", "%2.%3.")]
    doc.nums[1] = (0, "")
    doc.add(para(run("SỰ CẦN THIẾT XÂY DỰNG KẾ HOẠCH", bold=True), num=(1, 0), jc="center"),
            para("Căn cứ xây dựng", num=(1, 1)), para("Thực trạng chuyển đổi số của xã", num=(1, 1)),
            para(run("NỘI DUNG KẾ HOẠCH", bold=True), num=(1, 0), jc="center"),
            para("Mục tiêu", num=(1, 1)), para("Mục tiêu đến năm 2026", num=(1, 2)),
            para("Mục tiêu đến năm 2030", num=(1, 2)))


def case_numbering_start_restart(doc: Doc) -> None:
    """Lists restarted and continued: a second w:num of the same list continues it; a third restarts it through
    w:lvlOverride/w:startOverride; a level starting at 4; a w:lvlOverride redefining a level's format."""
    title(doc)
    doc.abstracts[0] = [Level("decimal", "%1."), Level("lowerLetter", "%2)")]
    doc.abstracts[1] = [Level("upperRoman", "%1.", start=4)]
    doc.nums[1] = (0, "")
    doc.nums[2] = (0, "")  # same list: continues
    doc.nums[3] = (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
    doc.nums[4] = (1, "")
    doc.nums[5] = (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
                      '<w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="upperLetter"/>'
                      '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:lvlOverride>')
    doc.add(para(run("IV-bis. Các nhiệm vụ năm 2026", bold=True)),
            para("Hoàn thiện Cổng thông tin điện tử xã.", num=(1, 0)),
            para("Ứng dụng chữ ký số trong văn bản điện tử.", num=(1, 0)),
            para("Tiếp tục số hóa hồ sơ hộ tịch.", num=(2, 0)),
            para("Hộ tịch giai đoạn 1999-2015.", num=(2, 1)),
            para("Hộ tịch giai đoạn trước 1999.", num=(2, 1)),
            para("Danh sách mới bắt đầu lại từ một.", num=(3, 0)),
            para("Mục tiếp theo của danh sách mới.", num=(3, 0)),
            para(run("Phần bắt đầu từ bốn", bold=True), num=(4, 0)),
            para(run("Phần tiếp theo", bold=True), num=(4, 0)),
            para("Mục kiểu chữ hoa bắt đầu từ E.", num=(5, 0)),
            para("Mục kiểu chữ hoa tiếp theo.", num=(5, 0)))


def case_numbering_heading_styles(doc: Doc) -> None:
    """Headings numbered through their style (numPr in Heading 1/2, the levels' w:pStyle pointing back); a
    paragraph of the style with numId 0 has its number removed."""
    title(doc)
    doc.abstracts[0] = [Level("upperRoman", "%1.", style="Heading1"), Level("decimal", "%2.", style="Heading2")]
    doc.nums[7] = (0, "")
    doc.styles_num["Heading1"] = (7, None)
    doc.styles_num["Heading2"] = (7, 1)
    doc.add(para("CĂN CỨ XÂY DỰNG KẾ HOẠCH", style="Heading1"), *[para(x) for x in LEGAL],
            para("MỤC TIÊU", style="Heading1"), para("Mục tiêu chung", style="Heading2"),
            para("Đến năm 2026, xã Tân Hòa Đông cơ bản hình thành chính quyền số."),
            para("Mục tiêu cụ thể", style="Heading2"),
            para("Không đánh số (numId 0)", style="Heading2",
                 ppr_extra=""),
            para("NHIỆM VỤ", style="Heading1"), para("Chính quyền số", style="Heading2"))
    # the "numId 0" heading: its numPr removes the style's number
    doc.body[-3] = doc.body[-3].replace('<w:pStyle w:val="Heading2"/>',
                                        '<w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="0"/>'
                                        '<w:numId w:val="0"/></w:numPr>')


def case_numbering_list_style(doc: Doc) -> None:
    """A list style (a numbering style, "Plan List"): the paragraphs' list links to it (w:numStyleLink) and the
    style's own list holds the levels (w:styleLink), as Word writes a multi-level list saved as a style."""
    title(doc)
    doc.abstracts[0] = [Level("upperRoman", "%1."), Level("decimal", "%2.")]
    doc.abstracts[1] = []
    doc.links[0] = ("styleLink", "PlanList")
    doc.links[1] = ("numStyleLink", "PlanList")
    doc.nums[1] = (0, "")
    doc.nums[2] = (1, "")
    doc.styles_num["PlanList"] = (1, None)
    doc.add(para(run("ĐÁNH GIÁ THỰC TRẠNG", bold=True), num=(2, 0)), para("Hạ tầng số", num=(2, 1)),
            para("Nhân lực số", num=(2, 1)), para(run("NHIỆM VỤ TRỌNG TÂM", bold=True), num=(2, 0)))


def case_numbering_bullets(doc: Doc) -> None:
    """Bullets as Word writes them: a Symbol-font private-use character, a dash, a circle."""
    title(doc)
    doc.abstracts[0] = [Level("bullet", "\uf0b7", bullet_font="Symbol"),
                        Level("bullet", "o", bullet_font="Courier New")]
    doc.abstracts[1] = [Level("bullet", "-", bullet_font="Times New Roman")]
    doc.nums[1] = (0, "")
    doc.nums[2] = (1, "")
    doc.add(para("Các chỉ tiêu chủ yếu:"),
            para("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 80%.", num=(1, 0)),
            para("Tỷ lệ người dân có tài khoản định danh điện tử đạt 90%.", num=(1, 0)),
            para("Trong đó mức độ 2 đạt 70%.", num=(1, 1)),
            para("100% cán bộ được tập huấn kỹ năng số.", num=(2, 0)),
            para("100% thôn có Tổ công nghệ số cộng đồng.", num=(2, 0)))


def case_numbering_in_table(doc: Doc) -> None:
    """The task table's "STT" column numbered automatically (1., 2., 3. in the cells), group rows as I., II."""
    title(doc)
    doc.abstracts[0] = [Level("decimal", "%1.")]
    doc.abstracts[1] = [Level("upperRoman", "%1")]
    doc.nums[1] = (0, "")
    doc.nums[2] = (1, "")
    rows = [row(cell(run("STT", bold=True)), cell(run("Nhiệm vụ", bold=True)), cell(run("Chủ trì", bold=True)),
                cell(run("Kinh phí (triệu đồng)", bold=True))),
            row(cell(para("", num=(2, 0))), cell(run("Chính quyền số", bold=True)), cell(""), cell(""))]
    for task, owner, _year, money in TASKS[:2]:
        rows.append(row(cell(para("", num=(1, 0))), cell(task), cell(owner), cell(money)))
    rows.append(row(cell(para("", num=(2, 0))), cell(run("Xã hội số", bold=True)), cell(""), cell("")))
    task, owner, _year, money = TASKS[2]
    rows.append(row(cell(para("", num=(1, 0))), cell(task), cell(owner), cell(money)))
    doc.add(para(run("Phụ lục: Danh mục nhiệm vụ", bold=True)), table(*rows))


def case_tracked_paragraphs(doc: Doc) -> None:
    """A revised draft: an inserted owner and amount, a deleted phrase, a moved sentence, an inserted paragraph,
    a deleted paragraph (its mark deleted too: the next paragraph joins it)."""
    ids = doc.ids
    title(doc)
    mark_del = f'<w:rPr><w:del w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"/></w:rPr>'
    mark_ins = f'<w:rPr><w:ins w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"/></w:rPr>'
    doc.add(para(run("Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ"),
                 ins(ids, run(" phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030")),
                 run(";")),
            para(run("Giao "), dele(ids, "Phòng Kinh tế"), ins(ids, run("Văn phòng HĐND và UBND xã")),
                 run(" chủ trì, kinh phí "), dele(ids, "100"), ins(ids, run("150")), run(" triệu đồng.")),
            f'<w:p><w:pPr>{mark_ins}</w:pPr>{ins(ids, run("Bổ sung nhiệm vụ xây dựng kho dữ liệu dùng chung của xã."))}'
            "</w:p>",
            f'<w:p><w:pPr>{mark_del}</w:pPr>{dele(ids, "Đoạn này bị xóa cả dấu đoạn.")}</w:p>',
            para("Đoạn tiếp theo sau đoạn đã xóa."),
            para(run("Thời gian thực hiện: năm "), dele(ids, "2025"), ins(ids, run("2026")), run(".")),
            para(f'<w:moveFrom w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"><w:r><w:t>Câu được chuyển đi.'
                 "</w:t></w:r></w:moveFrom>", run("Câu ở lại.")),
            para(run("Câu đứng trước. "), f'<w:moveTo w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}">'
                 f'{run("Câu được chuyển đi.")}</w:moveTo>'))


def case_tracked_table(doc: Doc) -> None:
    """Changes inside the task table: an inserted row, a deleted row, an owner replaced in a cell."""
    ids = doc.ids
    title(doc)
    row_ins = f'<w:ins w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"/>'
    row_del = f'<w:del w:id="{ids()}" w:author="Tổ biên tập" w:date="{DATE}"/>'
    rows = [row(cell("STT"), cell("Nhiệm vụ"), cell("Chủ trì"), cell("Kinh phí")),
            row(cell("1"), cell(TASKS[0][0]), cell(para(dele(ids, "Phòng Nội vụ"), ins(ids, run(TASKS[0][1])))),
                cell(TASKS[0][3])),
            row(cell(para(ins(ids, run("2")))), cell(para(ins(ids, run(TASKS[1][0])))),
                cell(para(ins(ids, run(TASKS[1][1])))), cell(para(ins(ids, run(TASKS[1][3])))), trpr=row_ins),
            row(cell(para(dele(ids, "3"))), cell(para(dele(ids, "Nhiệm vụ đã bỏ"))),
                cell(para(dele(ids, "Công an xã"))),
                cell(para(dele(ids, "10"))), trpr=row_del),
            row(cell("3"), cell(TASKS[2][0]), cell(TASKS[2][1]), cell(TASKS[2][3]))]
    doc.add(para(run("Danh mục nhiệm vụ", bold=True)), table(*rows))


def case_footnotes(doc: Doc) -> None:
    """Legal bases whose date and issuer sit in a footnote; an endnote on a target."""
    title(doc)
    doc.add(para(run("Căn cứ Quyết định số 749/QĐ-TTg"),
                 doc.footnote("Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình "
                              "Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030."), run(";")),
            para(run("Căn cứ Nghị quyết số 52-NQ/TW"),
                 doc.footnote("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, chính sách "
                              "chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư."), run(";")),
            para(run("Đến năm 2026, 80% hồ sơ được giải quyết trực tuyến"),
                 doc.footnote("Tính trên tổng số hồ sơ thủ tục hành chính của xã.", end=True), run(".")))


def _textbox_paragraphs(lines: list[str]) -> str:
    return "".join(para(run(x, bold=i == 0), jc="center") for i, x in enumerate(lines))


def textbox_run(lines: list[str], kind: str = "both") -> str:
    """A run holding a text box: DrawingML (wps) in mc:AlternateContent with a VML fallback ("both"), VML alone
    ("vml") or DrawingML alone ("wps")."""
    content = f"<w:txbxContent>{_textbox_paragraphs(lines)}</w:txbxContent>"
    wps = ('<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
           'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
           '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
           '<wp:extent cx="2743200" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
           '<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
           '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/>'
           '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
           f'<wps:txbx>{content}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"/></wps:wsp>'
           '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    vml = ('<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,'
           'l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
           '<v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;'
           'margin-left:0;margin-top:0;width:216pt;height:72pt;z-index:1" stroked="f">'
           f'<v:textbox>{content}</v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict>')
    if kind == "vml":
        return f"<w:r>{vml}</w:r>"
    if kind == "wps":
        return f"<w:r>{wps}</w:r>"
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{wps}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>")


def case_textboxes(doc: Doc) -> None:
    """The header block in text boxes (issuer and number left, motto and date right), the title in a third."""
    doc.add(para(textbox_run(["ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA ĐÔNG", "Số: 45/KH-UBND"])),
            para(textbox_run(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                              "Tân Hòa Đông, ngày 12 tháng 3 năm 2026"], kind="vml")),
            para(textbox_run(["KẾ HOẠCH", f"Chuyển đổi số {UNIT} năm 2026"], kind="wps")),
            para("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh Thanh Lâm, Ủy ban nhân dân xã ban hành Kế hoạch."))


def case_textbox_in_text(doc: Doc) -> None:
    """A text box anchored in a paragraph that has text of its own, before and after the box."""
    title(doc)
    doc.add(para(run("Sơ đồ tổ chức thực hiện: "), textbox_run(["Ban Chỉ đạo chuyển đổi số xã"]),
                 run("Tổ giúp việc gồm công chức các bộ phận.")))


def case_content_controls(doc: Doc) -> None:
    """Content controls: the document number and date in run-level w:sdt, a block-level w:sdt around the title,
    a cell and a row in w:sdt."""
    def sdt_run(text: str, tag: str) -> str:
        return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/></w:sdtPr>'
                f"<w:sdtContent>{run(text)}</w:sdtContent></w:sdt>")

    doc.add(para(run("Số: "), sdt_run("45/KH-UBND", "so_ky_hieu")),
            para(run("Tân Hòa Đông, ngày "), sdt_run("12 tháng 3 năm 2026", "ngay_ban_hanh")),
            '<w:sdt><w:sdtPr><w:tag w:val="trich_yeu"/></w:sdtPr><w:sdtContent>'
            + para(run("KẾ HOẠCH", bold=True), jc="center")
            + para(run(f"Chuyển đổi số {UNIT} năm 2026", bold=True), jc="center") + "</w:sdtContent></w:sdt>",
            table(row(cell("STT"), cell("Nhiệm vụ"), cell("Chủ trì")),
                  row(cell("1"), f"<w:sdt><w:sdtContent>{cell(TASKS[0][0])}</w:sdtContent></w:sdt>", cell(TASKS[0][1])),
                  f"<w:sdt><w:sdtContent>{row(cell('2'), cell(TASKS[1][0]), cell(TASKS[1][1]))}</w:sdtContent></w:sdt>",
                  columns=3))


def case_page_header(doc: Doc) -> None:
    """The header block in the first page's header (titlePg), a running header with the short title."""
    doc.header_first = (para(run("ỦY BAN NHÂN DÂN XÃ TÂN HÒA ĐÔNG", bold=True))
                        + para(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True))
                        + para("Số: 45/KH-UBND") + para("Tân Hòa Đông, ngày 12 tháng 3 năm 2026"))
    doc.header_default = para(f"Kế hoạch chuyển đổi số {UNIT}")
    title(doc)
    doc.add(*[para(x) for x in LEGAL])


def case_fields(doc: Doc) -> None:
    """Fields: a simple field and a complex field whose displayed result is the text (the code is not)."""
    title(doc)
    doc.add(para(run("Bảng "), '<w:fldSimple w:instr=" SEQ Bảng \\* ARABIC "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
                 run(". Danh mục nhiệm vụ trọng tâm")),
            para(run("Xem "), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("Phụ lục I"),
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>', run(" kèm theo.")),
            para(run("Liên kết "), '<w:hyperlink w:anchor="x">' + run("Cổng dịch vụ công") + "</w:hyperlink>",
                 run(" của tỉnh.")),
            para('<w:bookmarkStart w:id="901" w:name="_Ref1"/>', run("Phụ lục I"), '<w:bookmarkEnd w:id="901"/>',
                 run(": Danh mục nhiệm vụ")))


def case_nested_table(doc: Doc) -> None:
    """A table inside a table cell (an owner's breakdown), and a comment by an earlier reviewer."""
    title(doc)
    inner = table(row(cell("Năm 2026"), cell("100")), row(cell("Năm 2027"), cell("50")), columns=2)
    doc.add(table(row(cell("STT"), cell("Nhiệm vụ"), cell("Kinh phí")),
                  row(cell("1"), cell(TASKS[0][0]), f"<w:tc>{para('Tổng 150')}{inner}<w:p/></w:tc>"), columns=3),
            para(doc.comment("Đề nghị ghi rõ nguồn kinh phí.", run("Kinh phí do ngân sách xã bảo đảm."))))


def case_comments(doc: Doc) -> None:
    title(doc)
    doc.add(para(doc.comment("Bổ sung căn cứ Nghị quyết 57.", run(LEGAL[0]))),
            para(doc.comment("Thống nhất.", run(LEGAL[1]))))


CASES: dict[str, Callable[[Doc], None]] = {
    "numbering-levels": case_numbering_levels,
    "numbering-legal": case_numbering_legal,
    "numbering-part": case_numbering_part,
    "numbering-start-restart": case_numbering_start_restart,
    "numbering-heading-styles": case_numbering_heading_styles,
    "numbering-list-style": case_numbering_list_style,
    "numbering-bullets": case_numbering_bullets,
    "numbering-in-table": case_numbering_in_table,
    "tracked-paragraphs": case_tracked_paragraphs,
    "tracked-table": case_tracked_table,
    "footnotes": case_footnotes,
    "textboxes": case_textboxes,
    "textbox-in-text": case_textbox_in_text,
    "content-controls": case_content_controls,
    "page-header": case_page_header,
    "fields": case_fields,
    "nested-table": case_nested_table,
    "comments": case_comments,
}


def combine(name: str, cases: list[str]) -> Doc:
    """One document holding several cases in order (their lists, notes, comments and headers merged; each case's
    numbering ids shifted so that lists stay apart, as Word keeps them when text is pasted between drafts)."""
    doc = Doc(name)
    for k, case in enumerate(cases):
        part = Doc(case)
        part.ids = doc.ids
        CASES[case](part)
        shift = 10 * (k + 1)
        body = "".join(part.body)
        for nid in sorted(part.nums, reverse=True):
            body = body.replace(f'<w:numId w:val="{nid}"/>', f'<w:numId w:val="{nid + shift}"/>')
        for nid, (aid, override) in part.nums.items():
            doc.nums[nid + shift] = (aid + shift, override)
        for aid, levels in part.abstracts.items():
            doc.abstracts[aid + shift] = levels
        for sid, (nid, ilvl) in part.styles_num.items():
            doc.styles_num[sid] = (nid + shift, ilvl)
        for aid, link in part.links.items():
            doc.links[aid + shift] = link
        for kind in ("footnote", "endnote"):
            mine, theirs = getattr(part, kind + "s"), getattr(doc, kind + "s")
            for i in range(len(mine), 0, -1):
                body = body.replace(f'<w:{kind}Reference w:id="{i}"/>',
                                    f'<w:{kind}Reference w:id="{i + len(theirs)}"/>')
            theirs.extend(mine)
        base = len(doc.comments)
        if part.comments:
            for i in range(len(part.comments) - 1, -1, -1):
                body = (body.replace(f'w:commentRangeStart w:id="{i}"', f'w:commentRangeStart w:id="c{i + base}"')
                        .replace(f'w:commentRangeEnd w:id="{i}"', f'w:commentRangeEnd w:id="c{i + base}"')
                        .replace(f'w:commentReference w:id="{i}"', f'w:commentReference w:id="c{i + base}"'))
            body = body.replace('w:id="c', 'w:id="')
            doc.comments.extend(part.comments)
        doc.header_first = doc.header_first or part.header_first
        doc.header_default = doc.header_default or part.header_default
        doc.body.append(body)
    return doc


def write_corpus(folder: Path, combinations: int = 8, seed: int = 29) -> list[Path]:
    """Every case alone, then ``combinations`` documents mixing 3-5 cases (seeded, so the corpus is stable)."""
    paths = []
    for name in CASES:
        paths.append(write_doc(combine(name, [name]), folder / f"{name}.docx"))
    rng = random.Random(seed)
    names = list(CASES)
    for k in range(combinations):
        chosen = rng.sample(names, rng.randint(3, 5))
        paths.append(write_doc(combine(f"combo-{k}", chosen), folder / f"combo-{k}.docx"))
    return paths


if __name__ == "__main__":
    for p in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "word-features")):
        print(p)
