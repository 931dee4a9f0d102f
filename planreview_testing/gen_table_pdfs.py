"""Small PDFs whose pages carry ruled tables drawn the ways real producers draw them, for
tests/ingest/test_pdf_tables.py (pipeline/pdf_tables.py must find the tables pdfplumber finds).

Every file is 1-3 pages of a fictional plan's task table (STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian | Kinh phí (triệu đồng): Tổng, NS huyện | Nguồn vốn) in DejaVu Sans (Vietnamese glyphs):

- ``platypus_grid``: a reportlab platypus Table, GRID 0.5 pt + BOX 1.5 pt (stroked segments), header
  background, merged cells (SPAN), running over a page break with the two header rows repeated;
- ``stroked_cells``: every cell its own stroked rectangle (``re S``), shared borders drawn twice; two
  tables on page 1 with text between them, the second running on to page 2 without its header;
- ``segments``: LibreOffice style, one ``m l S`` path per ruling (each in ``q … Q``) on page 1; page 2
  every ruling a subpath of ONE path object, page 3 the cells as closed ``m l l l h`` polygons;
- ``word_filled``: Word "Save as PDF" style, a clip ``re W n``, every border a thin FILLED rectangle
  (0.48 pt, 1.5 pt outline) and no stroke, cell shading as filled rectangles under the text; page 2
  landscape;
- ``flipped``: a y-down canvas (``1 0 0 -1 0 H cm``, reportlab ``bottomup=0``) on page 1; page 2 adds
  ``translate`` + ``scale(0.75)`` and draws in CSS pixels, as HTML-to-PDF printers do;
- ``not_tables``: drawings that are no table: the administrative header's short underlines, a rule under
  the heading, a seal (Bézier circle), a signature underline (page 1); a rounded logo box, a framed note
  (one cell), a table ruled only horizontally — and a notice box with a ruled-off title bar, which
  pdfplumber does call a table (two cells) (page 2);
- ``form_xobject``: the table drawn inside a Form XObject placed with ``Do`` (pdfpages, qpdf --overlay,
  imposition tools);
- ``page_frames``: a portrait MediaBox with ``/Rotate 90`` and the table drawn turned (printed landscape);
  a page with a CropBox inside its MediaBox;
- ``text_effects``: header text overprinted 0.3 pt apart (simulated bold), a header turned a quarter, a
  double outline border.

Everything here is synthetic: fictional places and agencies, not a real plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

A4 = (595.2756, 841.8898)
A4_LANDSCAPE = (A4[1], A4[0])
SIZE, LEADING, PAD = 8.5, 10.5, 3.0

# column widths of the task table (sum 496 pt, A4 portrait between 50 pt margins)
WIDTHS = [26, 126, 78, 78, 48, 40, 40, 60]


def fonts() -> tuple[str, str]:
    from planreview_testing.synthetic import _fonts

    return _fonts()


# --------------------------------------------------------------------------- table model


@dataclass
class Cell:
    text: str | list[str]  # a str is wrapped to the cell's width, a list gives the lines
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    shade: float | None = None  # gray level of the cell's fill (shading), None = no fill


def header_rows() -> list[list[Cell]]:
    h = {"bold": True, "shade": 0.85}
    return [[Cell("STT", rowspan=2, **h), Cell("Nhiệm vụ", rowspan=2, **h), Cell("Cơ quan chủ trì", rowspan=2, **h),
             Cell("Cơ quan phối hợp", rowspan=2, **h), Cell("Thời gian", rowspan=2, **h),
             Cell("Kinh phí (triệu đồng)", colspan=2, **h), Cell("Nguồn vốn", rowspan=2, **h)],
            [Cell("Tổng", **h), Cell("NS huyện", **h)]]


def group_row(text: str, columns: int = 8) -> list[Cell]:
    return [Cell(text, colspan=columns, bold=True, shade=0.95)]


TASKS = [
    ("Nâng cấp hệ thống quản lý văn bản và điều hành, kết nối liên thông từ huyện đến 100% xã, thị trấn",
     "Văn phòng HĐND và UBND huyện", "Phòng Văn hóa và Thông tin", "2023-2024", "800", "500", "Ngân sách huyện"),
    ("Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) cấp huyện", "Phòng Văn hóa và Thông tin",
     "UBND các xã, thị trấn", "2024", "3.500", "2.000", "Ngân sách tỉnh; ngân sách huyện"),
    ("Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực", "Văn phòng HĐND và UBND huyện",
     "Trung tâm Văn hóa - Thể thao huyện Ngọc Vân", "2023-2025", "450", "450", "Ngân sách huyện"),
    ("Phát triển thanh toán không dùng tiền mặt tại chợ Ngọc Vân và chợ Đồng Lâm", "Phòng Tài chính - Kế hoạch",
     "", "2023-2025", "150", "150", "Xã hội hóa"),
    ("Đưa sản phẩm OCOP của huyện lên sàn thương mại điện tử", "Phòng Tài chính - Kế hoạch",
     "Hội Nông dân huyện; Hợp tác xã Ngọc Vân", "2024-2025", "200", "100", "Lồng ghép chương trình"),
    ("Phổ cập kỹ năng số cho người dân qua tổ công nghệ số cộng đồng", "UBND các xã, thị trấn",
     "Đoàn Thanh niên huyện", "2023-2025", "300", "300", "Ngân sách huyện"),
    ("Triển khai học bạ số, sổ điểm điện tử tại các trường trung học cơ sở", "Phòng Giáo dục và Đào tạo",
     "Các trường THCS", "2024", "120", "120", "Ngân sách huyện"),
]
GROUPS = [("I. Chính quyền số", 3), ("II. Kinh tế số", 2), ("III. Xã hội số", 2)]


def task_rows(start: int = 1, groups: list[tuple[str, int]] | None = None, merge_lead: bool = True) -> list[list[Cell]]:
    """Group rows and task rows; in the last group the lead agency is one cell merged over its last two rows."""
    rows: list[list[Cell]] = []
    k = 0
    for g, (title, count) in enumerate(groups or GROUPS):
        rows.append(group_row(title))
        for i in range(count):
            text, lead, partner, time, total, local, source = TASKS[k % len(TASKS)]
            row = [Cell(str(start + k)), Cell(text)]
            last_group = g == len(groups or GROUPS) - 1
            if merge_lead and last_group and count >= 2 and i == count - 2:
                row.append(Cell("UBND các xã, thị trấn", rowspan=2))
            elif not (merge_lead and last_group and count >= 2 and i == count - 1):
                row.append(Cell(lead))
            row += [Cell(partner), Cell(time), Cell(total), Cell(local), Cell(source)]
            rows.append(row)
            k += 1
    return rows


@dataclass
class Placed:
    cell: Cell
    row: int
    col: int
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[str] = field(default_factory=list)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` at most ``width`` wide: broken between words, and a word longer than the line
    broken between characters, as reportlab's platypus does ("2023-2024" in a narrow cell: "2023-202" / "4")."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for line in simpleSplit(text, font, size, width) if text else []:
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = max(k for k in range(1, len(line)) if k == 1 or stringWidth(line[:k], font, size) <= width)
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def layout(rows: list[list[Cell]], widths: list[float], x: float, top: float, size: float = SIZE,
           leading: float = LEADING, pad: float = PAD) -> list[Placed]:
    """Place HTML-like rows (colspan/rowspan) on a grid, in page points from the top-left."""
    regular, bold = fonts()
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    taken: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            width = xs[c + cell.colspan] - xs[c] - 2 * pad
            lines = list(cell.text) if isinstance(cell.text, list) else wrap(cell.text, bold if cell.bold else regular,
                                                                              size, width)
            placed.append(Placed(cell, r, c, xs[c], 0, xs[c + cell.colspan], 0, lines))
            c += cell.colspan
    heights = [2 * pad + leading] * len(rows)
    for p in sorted(placed, key=lambda p: p.cell.rowspan):
        need = 2 * pad + max(1, len(p.lines)) * leading
        have = sum(heights[p.row:p.row + p.cell.rowspan])
        if need > have:
            heights[p.row + p.cell.rowspan - 1] += need - have
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    for p in placed:
        p.top, p.bottom = ys[p.row], ys[p.row + p.cell.rowspan]
    return placed


def table_bottom(placed: list[Placed]) -> float:
    return max(p.bottom for p in placed)


def segments(placed: list[Placed]) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """The table's rulings as maximal runs: horizontal (y, x0, x1) and vertical (x, top, bottom)."""
    def runs(pieces: dict[float, list[tuple[float, float]]]) -> list[tuple[float, float, float]]:
        out = []
        for at, spans in sorted(pieces.items()):
            spans.sort()
            a, b = spans[0]
            for s, e in spans[1:]:
                if s <= b + 1e-6:
                    b = max(b, e)
                else:
                    out.append((at, a, b))
                    a, b = s, e
            out.append((at, a, b))
        return out

    h: dict[float, list[tuple[float, float]]] = {}
    v: dict[float, list[tuple[float, float]]] = {}
    for p in placed:
        for y in (p.top, p.bottom):
            h.setdefault(round(y, 4), []).append((p.x0, p.x1))
        for x in (p.x0, p.x1):
            v.setdefault(round(x, 4), []).append((p.top, p.bottom))
    return runs(h), runs(v)


# --------------------------------------------------------------------------- drawing surface


class Surface:
    """Draw on a reportlab canvas in page points measured from the page's top-left, whatever transform
    the canvas has: user (ux, uy) ↦ page (ox + s·ux, otop + sign·s·uy)."""

    def __init__(self, canv, height: float, flipped: bool = False, origin: tuple[float, float] | None = None,
                 scale: float = 1.0):
        self.c = canv
        self.sign = 1.0 if flipped else -1.0
        self.s = scale
        if origin is None:
            self.ox, self.otop = 0.0, (0.0 if flipped else height)
        else:
            self.ox, self.otop = origin
            canv.translate(origin[0], origin[1] if flipped else height - origin[1])
        if scale != 1.0:
            canv.scale(scale, scale)
        self.regular, self.bold = fonts()

    def u(self, x: float, top: float) -> tuple[float, float]:
        return (x - self.ox) / self.s, (top - self.otop) / (self.sign * self.s)

    def width(self, w: float) -> None:
        self.c.setLineWidth(w / self.s)

    def line(self, x0: float, t0: float, x1: float, t1: float, w: float = 0.5) -> None:
        self.width(w)
        self.c.line(*self.u(x0, t0), *self.u(x1, t1))

    def _box(self, x0: float, t0: float, x1: float, t1: float) -> tuple[float, float, float, float]:
        (a, b), (c, d) = self.u(x0, t0), self.u(x1, t1)
        return min(a, c), min(b, d), abs(c - a), abs(d - b)

    def stroke_rect(self, x0: float, t0: float, x1: float, t1: float, w: float = 0.5) -> None:
        self.width(w)
        self.c.rect(*self._box(x0, t0, x1, t1), stroke=1, fill=0)

    def fill_rect(self, x0: float, t0: float, x1: float, t1: float, gray: float = 0.0) -> None:
        self.c.setFillGray(gray)
        self.c.rect(*self._box(x0, t0, x1, t1), stroke=0, fill=1)
        self.c.setFillGray(0)

    def path(self, subpaths: list[list[tuple[float, float]]], w: float = 0.5, close: bool = False,
             stroke: bool = True, fill: bool = False) -> None:
        """One path object with every point list as a subpath (``m l l … [h]``)."""
        self.width(w)
        p = self.c.beginPath()
        for pts in subpaths:
            p.moveTo(*self.u(*pts[0]))
            for pt in pts[1:]:
                p.lineTo(*self.u(*pt))
            if close:
                p.close()
        self.c.drawPath(p, stroke=int(stroke), fill=int(fill))

    def text(self, x: float, baseline: float, s: str, size: float = SIZE, bold: bool = False,
             center: bool = False) -> None:
        self.c.setFont(self.bold if bold else self.regular, size / self.s)
        ux, uy = self.u(x, baseline)
        (self.c.drawCentredString if center else self.c.drawString)(ux, uy, s)

    def paragraph(self, x: float, top: float, width: float, text: str, size: float = 10.5,
                  leading: float = 14.0, bold: bool = False) -> float:
        """Wrapped text; returns the top of the next line."""
        from reportlab.lib.utils import simpleSplit

        for line in simpleSplit(text, self.bold if bold else self.regular, size, width):
            self.text(x, top + size, line, size, bold)
            top += leading
        return top


def cell_text(surface: Surface, placed: list[Placed], size: float = SIZE, leading: float = LEADING,
              pad: float = PAD) -> None:
    for p in placed:
        for i, line in enumerate(p.lines):
            surface.text(p.x0 + pad, p.top + pad + size * 0.93 + i * leading, line, size, p.cell.bold)


def shading(surface: Surface, placed: list[Placed]) -> None:
    for p in placed:
        if p.cell.shade is not None:
            surface.fill_rect(p.x0, p.top, p.x1, p.bottom, p.cell.shade)


# border painters -------------------------------------------------------------


def borders_cell_rects(surface: Surface, placed: list[Placed], w: float = 0.6) -> None:
    """Every cell its own stroked rectangle: a shared border is drawn twice."""
    for p in placed:
        surface.stroke_rect(p.x0, p.top, p.x1, p.bottom, w)


def borders_segments(surface: Surface, placed: list[Placed], w: float = 0.5, one_path: bool = False) -> None:
    """Every ruling a stroked segment, each in ``q … Q`` (LibreOffice), or all in one path object."""
    hs, vs = segments(placed)
    pieces = [[(a, y), (b, y)] for y, a, b in hs] + [[(x, a), (x, b)] for x, a, b in vs]
    if one_path:
        surface.path(pieces, w)
        return
    for (x0, t0), (x1, t1) in pieces:
        surface.c.saveState()
        surface.line(x0, t0, x1, t1, w)
        surface.c.restoreState()


def borders_polygons(surface: Surface, placed: list[Placed], w: float = 0.5) -> None:
    """Every cell a closed ``m l l l h`` polygon (not ``re``)."""
    for p in placed:
        surface.path([[(p.x0, p.top), (p.x1, p.top), (p.x1, p.bottom), (p.x0, p.bottom)]], w, close=True)


def borders_word(surface: Surface, placed: list[Placed], w: float = 0.48, outline: float = 1.5) -> None:
    """Word: each cell's borders as thin filled rectangles centred on the ruling (no stroke); the table's
    outline thicker. Neighbouring cells' borders overlap where they meet."""
    left, right = min(p.x0 for p in placed), max(p.x1 for p in placed)
    top, bottom = min(p.top for p in placed), max(p.bottom for p in placed)
    drawn: set[tuple[float, ...]] = set()
    for p in placed:
        for y in (p.top, p.bottom):
            t = outline if y in (top, bottom) else w
            key = (round(y, 3), round(p.x0, 3), round(p.x1, 3), 0)
            if key not in drawn:
                drawn.add(key)
                surface.fill_rect(p.x0 - t / 2, y - t / 2, p.x1 + t / 2, y + t / 2)
        for x in (p.x0, p.x1):
            t = outline if x in (left, right) else w
            key = (round(x, 3), round(p.top, 3), round(p.bottom, 3), 1)
            if key not in drawn:
                drawn.add(key)
                surface.fill_rect(x - t / 2, p.top - t / 2, x + t / 2, p.bottom + t / 2)


def draw_table(surface: Surface, placed: list[Placed], borders: Callable[[Surface, list[Placed]], None],
               shade: bool = False) -> None:
    if shade:
        shading(surface, placed)
    borders(surface, placed)
    cell_text(surface, placed)


def admin_header(surface: Surface, page_width: float, top: float = 50) -> float:
    """The two-column heading of an administrative document, each half underlined with a short rule."""
    left, right = 150.0, 380.0
    surface.text(left, top + 11, "ỦY BAN NHÂN DÂN", 11, bold=True, center=True)
    surface.text(left, top + 25, "HUYỆN NGỌC VÂN", 11, bold=True, center=True)
    surface.line(left - 30, top + 30, left + 30, top + 30, 0.6)
    surface.text(right, top + 11, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, bold=True, center=True)
    surface.text(right, top + 25, "Độc lập - Tự do - Hạnh phúc", 11, bold=True, center=True)
    surface.line(right - 75, top + 30, right + 75, top + 30, 0.6)
    surface.text(right, top + 48, "Ngọc Vân, ngày 15 tháng 3 năm 2023", 10.5, center=True)
    return top + 64


def signature(surface: Surface, top: float, underline: bool = True) -> float:
    x = 400.0
    surface.text(x, top + 11, "TM. ỦY BAN NHÂN DÂN", 11, bold=True, center=True)
    surface.text(x, top + 25, "CHỦ TỊCH", 11, bold=True, center=True)
    if underline:
        surface.line(x - 60, top + 78, x + 60, top + 78, 0.5)  # the line to sign on
    surface.text(x, top + 92, "Trần Văn Bình", 11, bold=True, center=True)
    return top + 100


PARA = ("Căn cứ tình hình thực tế của địa phương, Ủy ban nhân dân huyện Ngọc Vân xác định các chỉ tiêu và nhiệm "
        "vụ chủ yếu sau đây để triển khai Kế hoạch chuyển đổi số giai đoạn 2023-2025 trên địa bàn huyện.")


def _canvas(path: Path, **kw):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, **kw)
    c.setTitle("Tài liệu mẫu tổng hợp (synthetic sample)")
    return c


# --------------------------------------------------------------------------- the files


def platypus_grid(path: Path) -> Path:
    """A reportlab platypus Table: GRID 0.5 + BOX 1.5, header background, SPANs, a page break inside
    the table with the two header rows repeated."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12, alignment=1)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=SIZE, leading=LEADING)
    head = ParagraphStyle("head", parent=cell, fontName=bold)
    rows = header_rows() + task_rows(groups=[("I. Chính quyền số", 7), ("II. Kinh tế số", 5),
                                             ("III. Xã hội số", 4)])
    n = len(WIDTHS)
    data = [["" for _ in range(n)] for _ in rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
             ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.85, 0.85, 0.85)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    for p in layout(rows, WIDTHS, 0, 0):
        text = "<br/>".join(p.cell.text) if isinstance(p.cell.text, list) else p.cell.text
        data[p.row][p.col] = Paragraph(text, head if p.cell.bold else cell)
        if p.cell.colspan > 1 or p.cell.rowspan > 1:
            style.append(("SPAN", (p.col, p.row), (p.col + p.cell.colspan - 1, p.row + p.cell.rowspan - 1)))
    table = Table(data, colWidths=WIDTHS, repeatRows=2)
    table.setStyle(TableStyle(style))
    story = [Paragraph("PHỤ LỤC: DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ HUYỆN NGỌC VÂN NĂM 2023-2025", heading),
             HRFlowable(width="40%", thickness=0.6, color=colors.black, spaceAfter=8),
             Paragraph(PARA, body), Spacer(1, 6), table, Spacer(1, 8),
             Paragraph("Ghi chú: kinh phí dự kiến, sẽ được cân đối hằng năm.", body)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50,
                      bottomMargin=50).build(story)
    return path


def stroked_cells(path: Path) -> Path:
    """Every cell its own stroked ``re``; two tables and text between them on page 1, the second table
    running on to page 2 without its header, then the signature."""
    c = _canvas(path)
    s = Surface(c, A4[1])
    top = admin_header(s, A4[0])
    s.text(A4[0] / 2, top + 14, "KẾ HOẠCH", 13, bold=True, center=True)
    top = s.paragraph(50, top + 24, 495, PARA)
    targets = [[Cell(t, bold=True) for t in ("STT", "Chỉ tiêu", "Đơn vị", "Năm 2022", "Năm 2025")]]
    targets += [[Cell(str(i)), Cell(t), Cell(u), Cell(a), Cell(b)] for i, (t, u, a, b) in enumerate([
        ("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "%", "35", "80"),
        ("Tỷ lệ hộ gia đình có kết nối Internet cáp quang", "%", "62", "90"),
        ("Số xã có điểm phát Wi-Fi công cộng miễn phí", "xã", "3", "12")], start=1)]
    placed = layout(targets, [26, 270, 50, 74, 76], 50, top + 4)
    draw_table(s, placed, borders_cell_rects)
    top = s.paragraph(50, table_bottom(placed) + 10, 495,
                      "Để đạt các chỉ tiêu trên, các cơ quan, đơn vị thực hiện các nhiệm vụ tại bảng sau:")
    rows = header_rows() + task_rows(groups=[("I. Chính quyền số", 4), ("II. Kinh tế số", 3), ("III. Xã hội số", 5)])
    placed = layout(rows, WIDTHS, 50, top + 4)
    spanned = {r for p in placed for r in range(p.row + 1, p.row + p.cell.rowspan)}  # rows a merged cell enters
    split = max(r for r in range(1, len(rows)) if r not in spanned  # the rows before it fit on page 1
                and all(p.bottom <= A4[1] - 50 for p in placed if p.row < r))
    draw_table(s, [p for p in placed if p.row < split], borders_cell_rects)
    c.showPage()
    s = Surface(c, A4[1])
    shift = min(p.top for p in placed if p.row >= split) - 60
    rest = [Placed(p.cell, p.row, p.col, p.x0, p.top - shift, p.x1, p.bottom - shift, p.lines)
            for p in placed if p.row >= split]
    draw_table(s, rest, borders_cell_rects)
    signature(s, table_bottom(rest) + 20)
    c.showPage()
    c.save()
    return path


def segments_doc(path: Path) -> Path:
    """LibreOffice style rulings (one ``m l S`` per ruling, in ``q … Q``); page 2 all rulings in ONE path
    object; page 3 the cells as closed polygons."""
    c = _canvas(path)
    for borders in (borders_segments, lambda s, p: borders_segments(s, p, one_path=True), borders_polygons):
        s = Surface(c, A4[1])
        top = s.paragraph(56, 60, 480, "Phụ lục II. Nhiệm vụ trọng tâm năm 2024", 12, bold=True)
        placed = layout(header_rows() + task_rows(groups=GROUPS[:2] if borders is borders_polygons else GROUPS),
                        WIDTHS, 50, top + 6)
        draw_table(s, placed, borders)
        s.paragraph(50, table_bottom(placed) + 12, 495, "Kinh phí thực hiện được bố trí trong dự toán hằng năm.")
        c.showPage()
    c.save()
    return path


def word_filled(path: Path) -> Path:
    """Word "Save as PDF": a clip ``re W n``, borders as thin filled rectangles, header and group shading as
    filled rectangles under the text; page 2 landscape with an 11-column table."""
    c = _canvas(path)
    for landscape in (False, True):
        size = A4_LANDSCAPE if landscape else A4
        c.setPageSize(size)
        p = c.beginPath()
        p.rect(0, 0, *size)
        c.clipPath(p, stroke=0, fill=0)  # Word: q 0 0 W H re W n … Q
        s = Surface(c, size[1])
        top = s.paragraph(72, 72, size[0] - 144, "Biểu 01. Danh mục nhiệm vụ chuyển đổi số năm 2024", 12, bold=True)
        if landscape:
            h = {"bold": True, "shade": 0.85}
            rows = [[Cell("STT", rowspan=2, **h), Cell("Nhiệm vụ", rowspan=2, **h), Cell("Mục tiêu", rowspan=2, **h),
                     Cell("Cơ quan chủ trì", rowspan=2, **h), Cell("Cơ quan phối hợp", rowspan=2, **h),
                     Cell("Thời gian", rowspan=2, **h), Cell("Kinh phí (triệu đồng)", colspan=3, **h),
                     Cell("Nguồn vốn", rowspan=2, **h), Cell("Ghi chú", rowspan=2, **h)],
                    [Cell("Tổng", **h), Cell("2024", **h), Cell("2025", **h)]]
            rows.append(group_row("I. Chính quyền số", 11))
            for i, (text, lead, partner, time, total, local, source) in enumerate(TASKS[:4], start=1):
                rows.append([Cell(str(i)), Cell(text), Cell("Hoàn thành 100%"), Cell(lead), Cell(partner), Cell(time),
                             Cell(total), Cell(local), Cell(""), Cell(source), Cell("Chuyển tiếp" if i == 2 else "")])
            widths = [26, 170, 80, 90, 90, 48, 40, 40, 40, 70, 54]
            x = (size[0] - sum(widths)) / 2
        else:
            rows = header_rows() + task_rows(groups=GROUPS[:2])
            widths, x = WIDTHS, 50
        placed = layout(rows, widths, x, top + 6)
        draw_table(s, placed, borders_word, shade=True)
        s.paragraph(72, table_bottom(placed) + 12, size[0] - 144, "Nguồn: tổng hợp từ đề xuất của các cơ quan.")
        c.showPage()
    c.save()
    return path


def flipped(path: Path) -> Path:
    """A y-down coordinate system (``1 0 0 -1 0 H cm``); page 2 also translated and scaled to CSS pixels."""
    c = _canvas(path, bottomup=0)
    s = Surface(c, A4[1], flipped=True)
    top = s.paragraph(50, 60, 495, "Bảng 2. Nhiệm vụ chuyển đổi số (bản in từ phần mềm quản lý văn bản)", 12,
                      bold=True)
    placed = layout(header_rows() + task_rows(), WIDTHS, 50, top + 6)
    draw_table(s, placed, borders_segments)
    c.showPage()
    s = Surface(c, A4[1], flipped=True, origin=(36.0, 40.0), scale=0.75)
    top = s.paragraph(50, 60, 495, "Bảng 3. Nhiệm vụ năm 2025", 12, bold=True)
    placed = layout(header_rows() + task_rows(groups=GROUPS[1:]), WIDTHS, 50, top + 6)
    draw_table(s, placed, lambda s, p: borders_word(s, p, 0.75, 0.75), shade=True)
    c.showPage()
    c.save()
    return path


def not_tables(path: Path) -> Path:
    """Drawings that are not tables. Page 1: the header's short underlines, a rule under the heading, a
    seal (Bézier circle), the signature line. Page 2: a logo box with rounded corners, a framed note, a
    table ruled only horizontally, a notice box with its title bar ruled off (a two-cell table to pdfplumber)."""
    c = _canvas(path)
    s = Surface(c, A4[1])
    top = admin_header(s, A4[0])
    s.text(A4[0] / 2, top + 14, "KẾ HOẠCH", 13, bold=True, center=True)
    s.text(A4[0] / 2, top + 30, "Chuyển đổi số huyện Ngọc Vân năm 2024", 12, bold=True, center=True)
    s.line(A4[0] / 2 - 60, top + 36, A4[0] / 2 + 60, top + 36, 0.6)
    top = s.paragraph(50, top + 50, 495, PARA * 3)
    top = signature(s, top + 20)
    c.setStrokeColorRGB(0.8, 0.1, 0.1)
    c.circle(*s.u(400, top - 60), 38, stroke=1, fill=0)  # a seal over the signature
    c.setStrokeGray(0)
    c.showPage()
    s = Surface(c, A4[1])
    c.roundRect(*s._box(50, 40, 120, 90), 6, stroke=1, fill=0)  # the logo box
    s.text(85, 70, "LOGO", 12, bold=True, center=True)
    s.text(140, 70, "Cổng thông tin điện tử huyện Ngọc Vân", 12, bold=True)
    s.line(50, 100, 545, 100, 1.0)
    top = s.paragraph(50, 120, 495, PARA * 2)
    s.stroke_rect(50, top + 6, 545, top + 56, 0.5)  # a framed note: one cell, which pdfplumber drops
    top = s.paragraph(56, top + 12, 480, "Ghi chú: các số liệu trong kế hoạch là số liệu dự kiến, sẽ được cập "
                      "nhật sau khi có kết quả điều tra năm 2024.") + 30
    # a table with horizontal rules only (top, under the header, bottom): no vertical ruling, no table
    rows = [("Chỉ tiêu", "2022", "2025"), ("Tỷ lệ hồ sơ xử lý trực tuyến (%)", "35", "80"),
            ("Số điểm Wi-Fi công cộng", "3", "12")]
    for i, row in enumerate(rows):
        for text, x in zip(row, (56, 380, 460)):
            s.text(x, top + 14 + 18 * i, text, 10.5, bold=i == 0)
    for y in (top, top + 19, top + 56):
        s.line(50, y, 545, y, 1.0 if y != top + 19 else 0.5)
    # a boxed notice with its title bar ruled off: two cells, one column — pdfplumber calls it a table
    top += 80
    s.stroke_rect(50, top, 545, top + 80, 0.8)
    s.line(50, top + 20, 545, top + 20, 0.8)
    s.text(297, top + 14, "NƠI NHẬN", 10.5, bold=True, center=True)
    s.paragraph(56, top + 26, 480, "- Sở Thông tin và Truyền thông tỉnh Thanh Lâm; - Thường trực Huyện ủy; "
                "- Các phòng, ban, đơn vị thuộc UBND huyện; - Lưu: VT.")
    c.showPage()
    c.save()
    return path


def form_xobject(path: Path) -> Path:
    """The table (rulings and text) inside a Form XObject placed with a translation."""
    c = _canvas(path)
    height = 360.0
    c.beginForm("table", lowerx=0, lowery=0, upperx=A4[0], uppery=height)
    s = Surface(c, height)
    placed = layout(header_rows() + task_rows(groups=GROUPS[:1]), WIDTHS, 50, 10)
    draw_table(s, placed, borders_segments)
    c.endForm()
    s = Surface(c, A4[1])
    s.paragraph(50, 60, 495, "Phụ lục III. Nhiệm vụ (trang ghép từ tệp khác)", 12, bold=True)
    c.saveState()
    c.translate(0, A4[1] - 90 - height)  # the form's top at 90 pt from the page's top
    c.doForm("table")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def page_frames(path: Path) -> Path:
    """Pages whose frame is not the plain MediaBox at the origin. Page 1: a portrait MediaBox shown landscape
    with ``/Rotate 90``, the content drawn turned a quarter (a landscape page printed to PDF). Page 2: a
    CropBox inset 30 pt (cropped in a viewer); pdfplumber still measures from the MediaBox's top-left."""
    c = _canvas(path)
    c.setPageSize(A4_LANDSCAPE)  # reportlab's page size is the displayed one: MediaBox [0 0 595 842], /Rotate 90
    c.setPageRotation(90)
    # /Rotate 90 turns the page clockwise for display: draw landscape (x right, y up) turned counter-clockwise
    c.translate(A4[0], 0)
    c.rotate(90)  # user (x, y) ↦ MediaBox (595 - y, x), shown at (x, y) on the landscape page
    s = Surface(c, A4[0])
    top = s.paragraph(60, 50, 700, "Biểu 02. Nhiệm vụ chuyển đổi số (trang ngang)", 12, bold=True)
    widths = [30, 230, 110, 110, 60, 50, 50, 80]
    placed = layout(header_rows() + task_rows(groups=GROUPS[:2]), widths, 60, top + 6)
    draw_table(s, placed, borders_segments)
    c.showPage()
    c.setPageSize(A4)
    c.setPageRotation(0)
    c.setCropBox((30, 30, A4[0] - 30, A4[1] - 30))
    s = Surface(c, A4[1])
    top = s.paragraph(50, 60, 495, "Biểu 03. Nhiệm vụ năm 2025 (trang đã cắt lề)", 12, bold=True)
    placed = layout(header_rows() + task_rows(groups=GROUPS[2:]), WIDTHS, 50, top + 6)
    draw_table(s, placed, borders_cell_rects)
    c.showPage()
    c.save()
    return path


def text_effects(path: Path) -> Path:
    """Cell text and borders as some producers write them. Page 1: bold simulated by printing the header text
    twice 0.3 pt apart (PDF printers do so for a font without a bold face, e.g. the legacy .VnTime / VNI
    fonts). Page 2: the "STT" header turned a quarter (Word's text direction), read bottom to top. Page 3: a
    double outline (two 0.5 pt lines 1.5 pt apart, Word's "double" border), which snaps to one ruling."""
    c = _canvas(path)
    for page in range(3):
        s = Surface(c, A4[1])
        top = s.paragraph(50, 50, 495, "Phụ lục IV. Nhiệm vụ chuyển đổi số năm 2024", 12, bold=True)
        placed = layout(header_rows() + task_rows(groups=GROUPS[:1]), WIDTHS, 50, top + 6)
        borders_segments(s, placed)
        if page == 2:
            s.stroke_rect(48.5, placed[0].top - 1.5, 50 + sum(WIDTHS) + 1.5, table_bottom(placed) + 1.5, 0.5)
        for p in placed:
            if page == 1 and (p.row, p.col) == (0, 0):
                c.saveState()
                c.translate(*s.u(p.x0 + 13, p.bottom - PAD))
                c.rotate(90)
                c.setFont(s.bold, SIZE)
                c.drawString(0, 0, "STT")
                c.restoreState()
                continue
            for i, line in enumerate(p.lines):
                baseline = p.top + PAD + SIZE * 0.93 + i * LEADING
                s.text(p.x0 + PAD, baseline, line, SIZE, p.cell.bold)
                if page == 0 and p.cell.bold:
                    s.text(p.x0 + PAD + 0.3, baseline, line, SIZE, p.cell.bold)
        c.showPage()
    c.save()
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "platypus_grid": platypus_grid,
    "stroked_cells": stroked_cells,
    "segments": segments_doc,
    "word_filled": word_filled,
    "flipped": flipped,
    "not_tables": not_tables,
    "form_xobject": form_xobject,
    "page_frames": page_frames,
    "text_effects": text_effects,
}


def generate(folder: Path) -> dict[str, Path]:
    """Write every PDF into ``folder``: name → path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder / f"{name}.pdf") for name, build in BUILDERS.items()}


if __name__ == "__main__":
    import sys

    for name, p in generate(Path(sys.argv[1] if len(sys.argv) > 1 else "table_pdfs")).items():
        print(name, p)
