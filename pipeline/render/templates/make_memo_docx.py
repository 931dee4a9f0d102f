"""Write templates/memo.docx, the Word template of memo.docx (docxtpl: jinja2 tags inside a Word document).

    python pipeline/render/templates/make_memo_docx.py

The layout is that of an administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins 20 mm top
and bottom, 30 mm left, 15 mm right; Times New Roman 13 pt; the issuing body and "Số: …/BC-…" on the left,
the national motto and "place, ngày … tháng … năm …" on the right; "BÁO CÁO" and its subject centred; the body;
"Nơi nhận:" and the signature block; page numbers centred at the top from page 2; the long lists (every
citation, target and task) in a landscape appendix ("Phụ lục I, II, III"). Data tables are "Table Grid" tables,
whose column widths memo_docx.py fits to their content once rendered.

A council restyles the memo by opening memo.docx in Word (styles, fonts, margins, letterhead, header and
footer, table look), keeping the {{ ... }} / {%p ... %} / {%tr ... %} tags, and passing the folder with
``--template-dir`` as memo-template.docx. This script only makes the bundled starting point; the values
come from memo_view.py and memo_docx.py (``docx`` in the tags).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
# what follows w:pBdr in a paragraph's properties (the schema's order, which Word holds to)
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
FONT = "Times New Roman"
BODY_PT, TABLE_PT, SMALL_PT = 13, 12, 11


def _font(style, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman for every script of a style (no theme font left to override it), black."""
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    body = styles.add_style("Body Text Indent 1cm", 1)
    body.base_style = normal
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    cell = styles.add_style("Table Text", 1)
    cell.base_style = normal
    _font(cell, TABLE_PT)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    annex = styles.add_style("Annex Table Text", 1)
    annex.base_style = cell
    _font(annex, SMALL_PT)
    for name, size in (("Title", 14), ("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        style = styles[name]
        _font(style, size, bold=True, italic=False)
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(6), Pt(6), True
        fmt.first_line_indent = Cm(0) if name == "Title" else Cm(1)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if name == "Title" else WD_ALIGN_PARAGRAPH.JUSTIFY
    styles["Heading 1"].paragraph_format.space_after = Pt(3)
    styles["Heading 2"].paragraph_format.space_after = Pt(3)
    styles["Title"].paragraph_format.space_before = Pt(6)
    styles["Title"].paragraph_format.space_after = Pt(0)
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        styles[name].paragraph_format.space_after = Pt(3)


def _page(section, landscape: bool = False) -> None:
    """A4; portrait 20/20/30/15 mm (top, bottom, left, right); a landscape page bound at its top edge."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:  # the head of a landscape table is at the binding edge (the page's top)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = \
            Mm(25), Mm(15), Mm(20), Mm(20)
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = \
            Mm(20), Mm(20), Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number_header(section) -> None:
    """The page number, centred in the top margin, from the second page on (none on the first)."""
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription")


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(width * 567)))


def _rule(para, indent_cm: float) -> None:
    """Make an empty paragraph a short centred rule (ND 30: under the body's name, the motto and the subject)."""
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.insert_element_before(border, *PPR_AFTER_BORDER)
    para.paragraph_format.left_indent = Cm(indent_cm)
    para.paragraph_format.right_indent = Cm(indent_cm)


def _tiny(para) -> None:
    """A paragraph 1 pt high (its mark too): what ends a section after the signature takes no line."""
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(1)
    ppr = para._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    sect = ppr.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(rpr)
    else:
        ppr.append(rpr)


def build(path: Path = HERE / "memo.docx") -> Path:
    document = docx.Document()
    _styles(document)
    _page(document.sections[0])
    _page_number_header(document.sections[0])
    body = document.element.body
    for child in list(body):  # python-docx's default document starts empty but for its section properties
        if child.tag.endswith("}p"):
            body.remove(child)

    def p(text: str = "", style: str | None = None, bold: bool = False, italic: bool = False,
          indent: bool = False, align=None, size: float | None = None, after: float | None = None):
        para = document.add_paragraph(style=style)
        if text:
            run = para.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size)
        if indent:
            para.paragraph_format.left_indent = Cm(1)
        if align is not None:
            para.alignment = align
        if after is not None:
            para.paragraph_format.space_after = Pt(after)
        return para

    def text(para_text: str = "", **kwargs):
        """A paragraph of the body: justified, first line indented 1 cm."""
        return p(para_text, style="Body Text Indent 1cm", **kwargs)

    def cell_para(cell, value: str, bold: bool = False, italic: bool = False, size: float | None = None,
                  align=WD_ALIGN_PARAGRAPH.CENTER, style: str = "Table Text", underline: bool = False):
        para = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and \
            not cell.paragraphs[0].runs else cell.add_paragraph()
        para.style = document.styles[style]
        para.alignment = align
        run = para.add_run(value)
        run.bold, run.italic = bold or None, italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
        return para

    def table(headers: list[str], loop: str, cells: list[str], style: str = "Table Text") -> None:
        """A header row, then one row per item of ``loop`` ("row in docx.info")."""
        t = document.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, value in zip(t.rows[0].cells, headers):
            cell_para(cell, value, bold=True, style=style)
        cell_para(t.rows[1].cells[0], f"{{%tr for {loop} %}}", align=None, style=style)
        for cell, value in zip(t.rows[2].cells, cells):
            cell_para(cell, value, align=WD_ALIGN_PARAGRAPH.LEFT, style=style)
        cell_para(t.rows[3].cells[0], "{%tr endfor %}", align=None, style=style)
        for row in t.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut by a page
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page (after
        # cantSplit: the schema's order)

    def row_table(headers: list[str], loop: str, style: str = "Table Text") -> None:
        """A table whose rows are lists of text (``docx.*`` rows prepared in memo_docx.py)."""
        item = loop.split(" in ")[0]
        table(headers, loop, [f"{{{{ {item}[{i}] }}}}" for i in range(len(headers))], style)

    # ---- the letterhead: issuing body | national motto; số, ký hiệu | place and date
    head = document.add_table(rows=2, cols=2)
    _no_borders(head)
    _widths(head, [6.3, 10.2])
    left, right = head.rows[0].cells
    cell_para(left, "{{ docx.council.parent }}", size=12)
    cell_para(left, "{{ docx.council.name }}", bold=True, size=12)
    _rule(cell_para(left, "", size=2), 2.2)
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    cell_para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=BODY_PT)
    _rule(cell_para(right, "", size=2), 2.45)
    number, place = head.rows[1].cells
    cell_para(number, "Số: {{ docx.council.number }}", size=BODY_PT)
    cell_para(place, "{{ docx.council.place_date }}", italic=True, size=BODY_PT)
    for cell in (number, place):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    # ---- document type and subject
    document.add_heading("BÁO CÁO", level=0)
    subject = p("{{ docx.subject }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    subject.paragraph_format.keep_with_next = True
    _rule(p(), 6.5)
    p(after=0).paragraph_format.line_spacing = Pt(4)
    text("{{ docx.intro }}")
    text("Báo cáo được lập với sự hỗ trợ của công cụ planreview ngày {{ generated }} (bộ quy tắc {{ rules_version }}); "
         "các nhận xét cần được chuyên gia xem xét, bổ sung trước khi ký ban hành.", italic=True)
    # ---- round 2: "Tình hình tiếp thu ý kiến phản biện"
    p("{%p if round %}")
    document.add_heading("TÌNH HÌNH TIẾP THU Ý KIẾN PHẢN BIỆN", level=1)
    text("{{ docx.round.line }}")
    p("{%p if round.skipped %}")
    text("({{ round.skipped }} phát hiện của lần trước thuộc quy tắc đã tắt hoặc dưới mức tối thiểu, "
         "không so sánh.)")
    p("{%p endif %}")
    row_table(["Tình hình", "Số lượng"], "r in docx.round.counts")
    p("{%p if docx.round.rows %}")
    p()
    row_table(["Tình hình", "Quy tắc", "Nội dung", "Vị trí"], "r in docx.round.rows")
    p("{%p endif %}")
    p("{%p if docx.round.redline_line %}")
    text("{{ docx.round.redline_line }}")
    p("{%p endif %}")
    p("{%p endif %}")
    # ---- I. general information
    document.add_heading("I. THÔNG TIN CHUNG", level=1)
    row_table(["Thông tin", "Nội dung", "Thông tin", "Nội dung"], "r in docx.info")
    # ---- II. overall assessment
    document.add_heading("II. NHẬN XÉT CHUNG", level=1)
    p("{%p if not is_plan %}")
    text("{{ not_a_plan }}.", bold=True)
    text("Tài liệu không được chấm điểm vì: {{ not_a_plan_reasons|join('; ') }}.")
    p("{%p else %}")
    text("Đánh giá tổng hợp: {{ overall }}/100 — {{ score_band }} ({{ docx.counts }}).", bold=True)
    text("{{ score_line }}", italic=True)
    p("{%p endif %}")
    p("{%p if is_plan %}")
    row_table(["Nội dung", "Số phát hiện", "Điểm trừ", "Điểm (/100)"], "r in docx.scores")
    p("{%p endif %}")
    p("{%p if strong_areas or weak_areas %}")
    text("{% if strong_areas %}Không có phát hiện (100/100): {{ strong_areas|join(', ') }}.{% endif %}"
         "{% if strong_areas and weak_areas %} {% endif %}"
         "{% if weak_areas %}Cần tập trung hoàn thiện: {{ weak_areas|join(', ') }}.{% endif %}")
    p("{%p endif %}")
    # ---- III. comments by topic
    document.add_heading("III. NHẬN XÉT THEO TỪNG NỘI DUNG", level=1)
    p("{%p for section in memo_sections %}")
    document.add_heading("{{ loop.index }}. {{ section.title }}{% if section.not_checked %}: chưa kiểm tra — "
                         "{{ section.not_checked }}{% elif not section.groups %}: không phát hiện vấn "
                         "đề theo bộ quy tắc hiện hành{% endif %}", level=2)
    p("{%p for group in section.groups %}")
    text("{{r docx.group_title(group) }}", after=3)
    p("{%p for f in group.shown %}")
    p("{{r docx.finding_line(f) }}", style="List Bullet")
    p("{%p if f.evidence %}")
    p("“{{ f.evidence }}”", italic=True, indent=True, size=12, after=3)  # (a list item's lines: 3 pt apart)
    p("{%p endif %}")
    p("{%p if group.severity_key not in ('high', 'medium') %}")  # the others' proposals: "IV. Kiến nghị"
    fix = p("Đề xuất: ", bold=True, indent=True, after=3)
    fix.add_run("{{ f.suggestion }}")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if group.more %}")
    p("… và {{ group.more }} trường hợp khác (đầy đủ trong findings.json)", style="List Bullet", italic=True)
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if section.key == 'can_cu' %}")
    p("{%p if docx.annex.citations %}")
    text("{{ docx.annex.citations_line }}")
    p("{%p endif %}")
    p("{%p if missing_bases %}")
    text("Căn cứ cần có nhưng chưa được viện dẫn:", bold=True)
    p("{%p for f in missing_bases %}")
    p("{{ f.message }}", style="List Bullet")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p elif section.key == 'muc_tieu' and docx.annex.targets %}")
    text("{{ docx.annex.targets_line }}")
    p("{%p if key_missing %}")
    text("Chỉ tiêu chủ yếu của cấp trên chưa có trong dự thảo: {{ key_missing|join('; ') }}.")
    p("{%p endif %}")
    p("{%p elif section.key == 'hien_trang' and coverage %}")
    p("{%p for c in coverage %}")
    text("{{ c.name }}: có số liệu hiện trạng {{ c.covered }}/{{ c.total }} chỉ số ({{ c.percent }}%)"
         "{% if c.missing %}; thiếu: {{ c.missing }}.{% else %}.{% endif %}")
    p("{%p endfor %}")
    p("{%p elif section.key == 'nhiem_vu' %}")
    p("{%p if docx.annex.tasks %}")
    text("{{ docx.annex.tasks_line }}")
    p("{%p endif %}")
    p("{%p if duplicates %}")  # (each duplicate is a DUP finding above; the passages side by side: appendix)
    text("{{ docx.annex.duplicates_line }}")
    p("{%p endif %}")
    p("{%p elif section.key == 'kinh_phi' and budget_line %}")
    text("{{ budget_line }}")
    p("{%p elif section.key == 'cap_tren' and parent %}")  # the plan above (--parent): every pair, its score
    text("{{ parent.line }}")
    row_table(["STT", "Nhiệm vụ cấp trên giao", "Vai trò", "Nhiệm vụ của dự thảo", "Tình trạng (điểm)"],
              "r in docx.parent_tasks")
    p("{%p if docx.parent_targets %}")
    row_table(["Chỉ tiêu cấp trên", "Mức cấp trên", "Chỉ tiêu của dự thảo", "Mức dự thảo", "Đối chiếu"],
              "r in docx.parent_targets")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p endfor %}")
    # ---- IV. recommendations
    document.add_heading("IV. KIẾN NGHỊ", level=1)
    p("{%p if recommendations %}")
    text("Đề nghị cơ quan xây dựng Đề án tiếp thu, hoàn thiện các nội dung sau:")
    p("{%p for r in recommendations %}")
    p("{{ r }}", style="List Number")
    p("{%p endfor %}")
    p("{%p else %}")
    text("Dự thảo đáp ứng các yêu cầu của bộ quy tắc hiện hành; đề nghị Hội đồng xem xét các nội dung chuyên môn "
         "khác.")
    p("{%p endif %}")
    text("Trên đây là báo cáo kết quả phản biện dự thảo./.").paragraph_format.keep_with_next = True
    # ---- Nơi nhận | signature
    sign = document.add_table(rows=1, cols=2)
    _no_borders(sign)
    _widths(sign, [7.5, 9.0])
    sign.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # never a signature alone on a page
    to, signer = sign.rows[0].cells
    cell_para(to, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(to, "{%p for r in docx.council.recipients %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(to, "- {{ r }}", size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(to, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(signer, "{{ docx.council.authority }}", bold=True, size=BODY_PT)
    cell_para(signer, "{{ docx.council.title }}", bold=True, size=BODY_PT)
    for _ in range(3):
        cell_para(signer, "", size=BODY_PT)
    cell_para(signer, "{{ docx.council.signer }}", bold=True, size=BODY_PT)
    # ---- appendices, landscape: every citation, target and task; round 2: changes v1 → v2, accepted findings
    # the paragraph ending the portrait section, always there (without an appendix, memo_docx.py drops the
    # empty landscape section after it): no line of its own
    document.add_section(WD_SECTION.NEW_PAGE)
    _tiny(document.paragraphs[-1])
    p("{%p if docx.annexes %}")
    _page(document.sections[-1], landscape=True)
    document.sections[-1].different_first_page_header_footer = False

    def annex_heading(key: str) -> None:
        number = p(f"{{{{ docx.annex.{key}_number }}}}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, after=0)
        number.paragraph_format.keep_with_next = True
        number.paragraph_format.space_before = Pt(6)
        heading = p(f"{{{{ docx.annex.{key}_title }}}}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        heading.paragraph_format.keep_with_next = True
        p("{{ docx.annex.attached }}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.keep_with_next \
            = True

    p("{%p if docx.annex.citations %}")
    annex_heading("citations")
    text("Trạng thái: ✓ có trong cơ sở dữ liệu và khớp; ✗ mâu thuẫn với cơ sở dữ liệu; ? chưa có trong cơ sở dữ "
         "liệu, cần kiểm tra thủ công.", size=12)
    row_table(["Văn bản", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu", "Vị trí", "Trạng thái", "Ghi chú"],
              "r in docx.citations", style="Annex Table Text")
    p("{%p endif %}")
    p("{%p if docx.annex.targets %}")
    annex_heading("targets")
    row_table(["Chỉ tiêu", "Giá trị", "Thời hạn", "Hiện trạng"], "r in docx.targets", style="Annex Table Text")
    p("{%p if target_rows %}")
    p("Đối chiếu với chỉ tiêu của cấp trên", bold=True)
    table(["Chỉ tiêu của dự thảo", "Chỉ tiêu cấp trên", "Chênh lệch"], "r in target_rows",
          ["{{ r.draft }}", "{{ r.reference }}", "{{ r.gap }}"], style="Annex Table Text")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p if docx.annex.duplicates %}")
    annex_heading("duplicates")
    p("{%p for item in duplicates %}")
    p("{{ loop.index }}. {{ docx.duplicate_line(item) }}", bold=True)
    t = document.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(t.rows[0].cells, ["Dự thảo", "Văn bản đã có (phần trùng in đậm)"]):
        cell_para(cell, label, bold=True, style="Annex Table Text")
    for cell, side in zip(t.rows[1].cells, ("0", "1")):
        cell_para(cell, f"{{{{r docx.pieces(item, {side}) }}}}", align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                  style="Annex Table Text")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if docx.annex.tasks %}")
    annex_heading("tasks")
    row_table(["STT", "Trụ cột", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kinh phí", "Nguồn vốn",
               "Còn thiếu"], "r in docx.tasks", style="Annex Table Text")
    p("{%p endif %}")
    p("{%p if docx.appendix and docx.appendix.redline %}")
    p("{{ docx.appendix.redline_heading }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    text("Phần chèn gạch chân, tô xanh; phần xóa gạch ngang. Bản Word có theo dõi thay đổi: "
         "{{ docx.appendix.redline_file }}.")
    p("{%p for s in docx.appendix.sections %}")
    p("{{ s.line }}", bold=True)
    p("{%p for change in s.changes %}")
    p("{{r change }}", style="List Bullet")
    p("{%p endfor %}")
    p("{%p endfor %}")
    p("{%p if docx.appendix.tasks %}")
    p("Danh mục nhiệm vụ", bold=True)
    row_table(["Thay đổi", "Nhiệm vụ", "Chi tiết"], "r in docx.appendix.tasks", style="Annex Table Text")
    p("{%p endif %}")
    p("{%p if docx.appendix.empty %}")
    text("Không có thay đổi về nội dung.")
    p("{%p endif %}")
    p("{%p endif %}")
    p("{%p if docx.appendix and docx.appendix.accepted %}")
    p("{{ docx.appendix.accepted_heading }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    row_table(["Mã phát hiện", "Nội dung", "Lý do chấp nhận", "Người / phiên"], "r in docx.appendix.accepted",
              style="Annex Table Text")
    p("{%p endif %}")
    p("{%p endif %}")
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
