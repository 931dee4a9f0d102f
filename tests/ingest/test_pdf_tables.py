"""pipeline/pdf_tables.py (ruled tables read with pypdfium2) finds on every page the tables pdfplumber finds.

pdfplumber (its characters deduplicated, see :func:`plumber_tables`; corrected where pdf_tables reads better,
:data:`BETTER_THAN_PDFPLUMBER`) is the oracle: for each page, ``page_tables(pdfium_page)`` must equal
``[(t.bbox, t.extract()) for t in page.find_tables()]`` — the same number of tables, in the same order, each
bbox within 0.5 pt, the rows equal once each cell's whitespace runs are collapsed (None stays None).

A page that ``pdf_tables.can_read()`` turns away is not compared (parse_pdf reads it with pdfplumber), but
only a rotated, cropped or offset page may be turned away: an ordinary page turned away is a failure.

The pages are the small PDFs of gen_table_pdfs.py (tables drawn as reportlab, LibreOffice and Word draw
them; a y-down and a scaled coordinate system; a Form XObject; /Rotate 90 and a CropBox;
overprinted and turned text; drawings that are no table),
written into a temporary folder, and every PDF committed to the repository. A few tests state what the
tricky pages hold in plain terms (merged cells, the wrapped year range, no table on the drawn page); they
are checked against pdfplumber too, so that a change of the generator that moves the oracle shows up.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import planreview_testing.gen_table_pdfs as gen  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BBOX_TOLERANCE = 0.5


def repository_pdfs() -> list[Path]:
    """The PDFs committed to the repository (``git ls-files '*.pdf'``; without git, the usual folders)."""
    try:
        listed = subprocess.run(["git", "ls-files", "*.pdf"], cwd=ROOT, capture_output=True, text=True,
                                check=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    found = [ROOT / p for p in listed] or sorted(
        p for d in ("samples", "tests/data/realistic", "benchmarks/data/heldout") for p in (ROOT / d).glob("*.pdf"))
    return [p for p in found if p.is_file()]


REPO_PDFS = repository_pdfs()


@dataclass
class Found:
    """A table as pdfplumber gives it (the shape of pipeline.ingest.pdf_tables.RuledTable)."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]


# --------------------------------------------------------------------------- the two readers


def has_drawings(page) -> bool:
    """Whether a pdfium page paints any path, at any depth (Form XObjects included): pdfplumber's table
    edges come only from painted paths, so a page without one has no table."""
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=64))


def plumber_tables(path: Path, pages: list[int] | None = None) -> dict[int, list[Found]]:
    """pdfplumber's tables of the given pages (0-based; all when None), its characters deduplicated: text
    printed twice a fraction of a point apart (bold simulated by overprinting) is one text to pdfium, twice
    over to pdfminer ("SSTTTT")."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        wanted = range(len(pdf.pages)) if pages is None else pages
        return {i: [Found(tuple(t.bbox), t.extract()) for t in pdf.pages[i].dedupe_chars().find_tables()]
                for i in wanted}


# Where pdf_tables reads better than pdfplumber, the oracle is corrected: (file, 0-based page, table, row,
# column) -> the cell's text. A header turned a quarter ("STT" written upwards): pdfplumber reads "TTS".
BETTER_THAN_PDFPLUMBER = {("text_effects", 1, 0, 0, 0): "STT"}


def corrected(name: str, tables: dict[int, list[Found]]) -> dict[int, list[Found]]:
    out = {page: [Found(t.bbox, [list(r) for r in t.rows]) for t in found] for page, found in tables.items()}
    for (file, page, table, row, column), text in BETTER_THAN_PDFPLUMBER.items():
        if file == name:
            out[page][table].rows[row][column] = text
    return out


DECLINED = "declined"  # pdf_tables.can_read(page) is False: parse_pdf reads that page with pdfplumber


def unusual_frame(page) -> bool:
    """A page whose coordinates are not plainly its MediaBox's from the origin: rotated, cropped, offset."""
    media = tuple(page.get_mediabox())
    return bool(page.get_rotation()) or media[:2] != (0, 0) or tuple(page.get_cropbox()) != media


def pdfium_tables(path: Path) -> dict[int, list | str]:
    """pipeline.ingest.pdf_tables.page_tables of every page; :data:`DECLINED` for a page the module's ``can_read``
    (if it has one) turns away — allowed only for an unusual frame (checked by :func:`assert_same_tables`)."""
    import pypdfium2 as pdfium

    from pipeline.ingest import pdf_tables

    can_read = getattr(pdf_tables, "can_read", lambda page: True)
    doc = pdfium.PdfDocument(str(path))
    try:
        return {i: list(pdf_tables.page_tables(doc[i])) if can_read(doc[i])
                else DECLINED if unusual_frame(doc[i]) else f"{DECLINED} (an ordinary page)"
                for i in range(len(doc))}
    finally:
        doc.close()


def drawn_pages(path: Path) -> list[int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [i for i in range(len(doc)) if has_drawings(doc[i])]
    finally:
        doc.close()


# --------------------------------------------------------------------------- comparison


def collapse(rows) -> list[list[str | None]]:
    return [[None if c is None else " ".join(c.split()) for c in row] for row in rows]


def _bbox(b) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in b) + ")"


def mismatches(page_no: int, expected: list[Found], got: list | str) -> list[str]:
    """What differs on one page (1-based page_no in the messages), as readable lines; [] when equal."""
    where = f"page {page_no}"
    if got == DECLINED:
        return []
    if isinstance(got, str):
        return [f"{where}: can_read() is False for a page that is not rotated, cropped or offset"]
    if len(expected) != len(got):
        return [f"{where}: {len(expected)} table(s) expected {[_bbox(t.bbox) for t in expected]}, "
                f"got {len(got)} {[_bbox(t.bbox) for t in got]}"]
    out = []
    for k, (want, have) in enumerate(zip(expected, got), start=1):
        label = f"{where} table {k}"
        if len(have.bbox) != 4 or any(abs(a - b) > BBOX_TOLERANCE for a, b in zip(want.bbox, have.bbox)):
            out.append(f"{label}: bbox expected {_bbox(want.bbox)}, got {_bbox(have.bbox)}")
        w_rows, h_rows = collapse(want.rows), collapse(have.rows)
        if w_rows == h_rows:
            continue
        if len(w_rows) != len(h_rows):
            out.append(f"{label}: {len(w_rows)} rows expected, got {len(h_rows)}")
        for r in range(max(len(w_rows), len(h_rows))):
            w = w_rows[r] if r < len(w_rows) else "(no row)"
            h = h_rows[r] if r < len(h_rows) else "(no row)"
            if w != h:
                out.append(f"{label} row {r}:\n      expected {w}\n      got      {h}")
    return out


def assert_same_tables(path: Path, expected: dict[int, list[Found]], got: dict[int, list]) -> None:
    problems = []
    for i in sorted(set(expected) | set(got)):
        problems += mismatches(i + 1, expected.get(i, []), got.get(i, []))
    assert not problems, f"{path.name}: page_tables differs from pdfplumber\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def table_pdfs(tmp_path_factory) -> dict[str, Path]:
    return gen.generate(tmp_path_factory.mktemp("table_pdfs"))


_ORACLE: dict[Path, dict[int, list[Found]]] = {}


def oracle(path: Path) -> dict[int, list[Found]]:
    """pdfplumber's tables of every page of a (small, generated) PDF, read once per session."""
    if path not in _ORACLE:
        _ORACLE[path] = plumber_tables(path)
    return _ORACLE[path]


# --------------------------------------------------------------------------- pdfplumber parity


@pytest.mark.parametrize("name", list(gen.BUILDERS))
def test_generated_pdf_matches_pdfplumber(table_pdfs, name):
    path = table_pdfs[name]
    assert_same_tables(path, corrected(name, oracle(path)), pdfium_tables(path))


@pytest.mark.parametrize("name", ["word_filled", "form_xobject", "text_effects"])
def test_pypdfium2s_own_calls_read_as_the_faster_ones(table_pdfs, name, monkeypatch):
    """Where ctypes cannot call pdfium's functions by address (``_text_api`` None), the characters are asked
    through pypdfium2's own functions: the same tables as pdfplumber's, turned headers included."""
    from pipeline.ingest import pdf_tables

    monkeypatch.setattr(pdf_tables, "_text_api", lambda: None)
    path = table_pdfs[name]
    assert_same_tables(path, corrected(name, oracle(path)), pdfium_tables(path))


def test_header_written_upwards_reads_upwards(table_pdfs):
    """A header turned a quarter (Word's "text direction" in a narrow column) reads bottom to top."""
    got = pdfium_tables(table_pdfs["text_effects"])
    assert got[1][0].rows[0][0] == "STT"
    assert oracle(table_pdfs["text_effects"])[1][0].rows[0][0] == "TTS"  # pdfminer reads it top to bottom


@pytest.mark.parametrize("path", REPO_PDFS, ids=[p.name for p in REPO_PDFS])
def test_repository_pdf_matches_pdfplumber(path):
    """Pages with drawings are compared with pdfplumber; a page that paints no path has no table."""
    got = pdfium_tables(path)
    expected = plumber_tables(path, drawn_pages(path))
    expected.update({i: [] for i in got if i not in expected})
    assert_same_tables(path, expected, got)


def test_repository_has_table_pages():
    """The repository's PDFs do hold ruled tables (else the test above would prove little)."""
    assert len(REPO_PDFS) >= 3
    assert sum(len(drawn_pages(p)) for p in REPO_PDFS) >= 10


# --------------------------------------------------------------------------- what the tricky pages hold
# Each check runs on pdfplumber's tables (the generator draws what the checks say) and on page_tables.

HEADER_0 = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí (triệu đồng)", None,
            "Nguồn vốn"]
HEADER_1 = [None, None, None, None, None, "Tổng", "NS huyện", None]


def check_task_table(tables) -> None:
    """A task table with a two-row header (the "Kinh phí" header over two sub-columns, the other headers
    merged down over both rows), group rows merged across all columns, the narrow "Thời gian" cell holding
    "2023-2024" broken mid-word, an empty cell, and in the last group one lead agency merged over two rows."""
    assert len(tables) == 1
    rows = tables[0].rows
    flat = collapse(rows)
    assert flat[0] == HEADER_0
    assert flat[1] == HEADER_1
    assert rows[2] == ["I. Chính quyền số", None, None, None, None, None, None, None]
    assert rows[3][0] == "1" and rows[3][4] == "2023-202\n4" and rows[3][5:7] == ["800", "500"]
    assert [r[0] for r in rows[2:] if r[1] is None] == ["I. Chính quyền số", "II. Kinh tế số", "III. Xã hội số"]
    assert "" in [r[3] for r in rows]  # task 4 has no partner agency: an empty cell, not None
    assert collapse(rows)[-2][2] == "UBND các xã, thị trấn" and rows[-1][2] is None  # merged down


def check_flipped(tables) -> None:
    """Under ``1 0 0 -1 0 H cm`` the table reads as the same table drawn bottom-up (segments.pdf page 1)."""
    check_task_table(tables)
    assert tables[0].bbox == pytest.approx((50.0, 80.0, 546.0, 456.5), abs=BBOX_TOLERANCE)


def check_scaled(tables) -> None:
    """translate(36, 40) + scale(0.75) on the y-down page, borders as 0.75 pt filled rectangles drawn in
    CSS pixels: the bbox in page points (the generator places the table at 50, 80 on the page)."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((50.0, 80.0, 546.0, 327.5), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows)[:2] == [HEADER_0, HEADER_1]


def check_word(tables) -> None:
    """Borders as filled 0.48 pt rectangles, a 1.5 pt outline, shading under the text: one table whose
    bbox is where pdfplumber's snapping puts the doubled rectangle edges (not the 1.5 pt outline's outside)."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((49.93, 91.93, 546.07, 377.08), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows)[:3] == [HEADER_0, HEADER_1, ["I. Chính quyền số"] + [None] * 7]


def check_word_landscape(tables) -> None:
    assert len(tables) == 1
    rows = collapse(tables[0].rows)
    assert rows[0][6:9] == ["Kinh phí (triệu đồng)", None, None]
    assert rows[1][6:9] == ["Tổng", "2024", "2025"]
    assert rows[3][8] == "" and rows[4][10] == "Chuyển tiếp"


def check_two_tables(tables) -> None:
    """Two tables on one page, text between them, top to bottom."""
    assert len(tables) == 2
    assert tables[0].bbox[3] < tables[1].bbox[1]
    assert collapse(tables[0].rows) == [
        ["STT", "Chỉ tiêu", "Đơn vị", "Năm 2022", "Năm 2025"],
        ["1", "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "%", "35", "80"],
        ["2", "Tỷ lệ hộ gia đình có kết nối Internet cáp quang", "%", "62", "90"],
        ["3", "Số xã có điểm phát Wi-Fi công cộng miễn phí", "xã", "3", "12"]]
    assert collapse(tables[1].rows)[:2] == [HEADER_0, HEADER_1]


def check_continuation(tables) -> None:
    """The rest of the table after the page break: no header, the merged lead agency cell continued."""
    assert len(tables) == 1
    rows = collapse(tables[0].rows)
    assert [r[0] for r in rows] == ["11", "12"]
    assert rows[0][2] == "UBND các xã, thị trấn" and rows[1][2] is None


def check_repeated_header(tables) -> None:
    """platypus repeats the two header rows on page 2, then the last tasks (two of them sharing one merged
    lead agency cell)."""
    assert len(tables) == 1
    rows = collapse(tables[0].rows)
    assert rows[:2] == [HEADER_0, HEADER_1]
    assert [r[0] for r in rows[2:]] == ["14", "15", "16"]
    assert rows[-2][2] == "UBND các xã, thị trấn" and rows[-1][2] is None


def check_no_table(tables) -> None:
    """The header's short underlines, the rule under the heading, a seal, the signature line: no table."""
    assert list(tables) == []


def check_boxed_notice(tables) -> None:
    """Page 2: the rounded logo box, a one-cell framed note and a table ruled only horizontally are no
    tables; the notice box with a ruled-off title bar is (two cells, one column)."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((50.0, 340.0, 545.0, 420.0), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows) == [
        ["NƠI NHẬN"],
        ["- Sở Thông tin và Truyền thông tỉnh Thanh Lâm; - Thường trực Huyện ủy; - Các phòng, ban, đơn vị "
         "thuộc UBND huyện; - Lưu: VT."]]


def check_form(tables) -> None:
    """Rulings and text inside a Form XObject, placed 90 pt below the page's top."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((50.0, 100.0, 546.0, 293.5), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows)[2] == ["I. Chính quyền số"] + [None] * 7


def check_cropped(tables) -> None:
    """A CropBox inset 30 pt: pdfplumber still measures from the MediaBox's top-left."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((50.0, 80.0, 546.0, 236.0), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows)[:3] == [HEADER_0, HEADER_1, ["III. Xã hội số"] + [None] * 7]


def check_double_outline(tables) -> None:
    """A double outline (lines 1.5 pt apart outside the grid's 0.5 pt frame) snaps to one ruling between them."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((49.25, 69.25, 546.75, 264.25), abs=BBOX_TOLERANCE)
    assert collapse(tables[0].rows)[:3] == [HEADER_0, HEADER_1, ["I. Chính quyền số"] + [None] * 7]


def check_rotated(tables) -> None:
    """/Rotate 90: coordinates of the displayed (landscape) page, text read upright."""
    assert len(tables) == 1
    assert tables[0].bbox == pytest.approx((60.0, 70.0, 780.0, 302.5), abs=BBOX_TOLERANCE)
    rows = collapse(tables[0].rows)
    assert rows[:2] == [HEADER_0, HEADER_1]
    assert rows[3][4] == "2023-2024"  # the wide landscape column does not break it


def check_platypus(tables) -> None:
    """reportlab platypus (GRID + BOX + SPAN), page 1: the group row's text in its first cell and None under
    the merge; cells wrapped onto 2-4 lines keep their line breaks ("\n")."""
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[2] == ["I. Chính quyền số", None, None, None, None, None, None, None]
    assert rows[3][1] == ("Nâng cấp hệ thống quản lý\nvăn bản và điều hành, kết\nnối liên thông từ huyện đến\n"
                          "100% xã, thị trấn")
    assert rows[3][4] == "2023-202\n4"
    assert rows[4][7] == "Ngân sách\ntỉnh; ngân\nsách huyện"


CHECKS = [  # (file, 0-based page, check)
    ("segments", 0, check_task_table),
    ("segments", 1, check_task_table),  # every ruling a subpath of one path object
    ("platypus_grid", 0, check_platypus),
    ("platypus_grid", 1, check_repeated_header),
    ("stroked_cells", 0, check_two_tables),
    ("stroked_cells", 1, check_continuation),
    ("word_filled", 0, check_word),
    ("word_filled", 1, check_word_landscape),
    ("flipped", 0, check_flipped),
    ("flipped", 1, check_scaled),
    ("not_tables", 0, check_no_table),
    ("not_tables", 1, check_boxed_notice),
    ("form_xobject", 0, check_form),
    ("page_frames", 0, check_rotated),
    ("page_frames", 1, check_cropped),
    ("text_effects", 2, check_double_outline),
]


@pytest.mark.parametrize("reader", ["pdfplumber", "pdf_tables"])
@pytest.mark.parametrize(("name", "page", "check"), CHECKS, ids=[f"{n}-p{p + 1}-{c.__name__}" for n, p, c in CHECKS])
def test_tricky_page(table_pdfs, reader, name, page, check):
    path = table_pdfs[name]
    tables = oracle(path)[page] if reader == "pdfplumber" else pdfium_tables(path)[page]
    if tables == DECLINED:
        pytest.skip("pdf_tables.can_read() declines this page (rotated or cropped): parse_pdf reads it with "
                    "pdfplumber")
    check(tables)



def test_turned_headers_of_two_lines_read_in_their_direction(tmp_path):
    """Headers written upwards and downwards over two lines, as Word's text directions in narrow columns:
    each reads line by line in its own direction (upwards: the left line first; downwards: the right one)."""
    from reportlab.pdfgen import canvas

    regular, _bold = gen.fonts()
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    for x in (50, 110, 170, 350):  # a 3-column, 2-row grid from (50, 100) to (350, 300) in PDF space
        c.line(x, 100, x, 300)
    for y in (100, 200, 300):
        c.line(50, y, 350, y)
    c.setFont(regular, 9)

    def turned(x: float, y: float, degrees: int, line: str) -> None:
        c.saveState()
        c.translate(x, y)
        c.rotate(degrees)
        c.drawString(0, 0, line)
        c.restoreState()

    turned(75, 210, 90, "Thời gian")  # upwards: the left line first
    turned(88, 210, 90, "thực hiện")
    turned(148, 290, -90, "Nguồn")  # downwards: the right line first
    turned(135, 290, -90, "vốn")
    c.drawString(180, 250, "Kinh phí")
    c.drawString(60, 150, "1")
    c.save()
    got = pdfium_tables(path)[0]
    assert len(got) == 1
    assert got[0].rows[0] == ["Thời gian\nthực hiện", "Nguồn\nvốn", "Kinh phí"]
    assert got[0].rows[1] == ["1", "", ""]
