"""Excel workbooks read as tables: merged titles, ĐVT line, groups, hidden rows/columns, cached formula values,
dates and numbers as stored; limits and bad workbooks (issue 36)."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from pipeline.core.errors import InputError
from pipeline.ingest.convert import soffice_path
from pipeline.ingest.read import parse_file
from pipeline.ingest.xlsx import MAX_CELLS, cell_text, column_letter


def _appendix(path, total_formula_value=None, typed_total=None):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("PL I")
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.merge_range(0, 0, 0, 6, "PHỤ LỤC I", bold)
    ws.merge_range(1, 0, 1, 6, "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ XÃ AN PHÚ", bold)
    ws.merge_range(3, 5, 3, 6, "ĐVT: triệu đồng")
    ws.write_row(4, 0, ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian", "Kinh phí", "Nguồn vốn", "Mã"])
    ws.write(5, 0, "I", bold)
    ws.merge_range(5, 1, 5, 3, "Chính quyền số", bold)
    ws.write_formula(5, 4, "=SUBTOTAL(109,E7:E9)", bold, 362.5)
    ws.write_row(6, 0, [1, "Số hóa hồ sơ một cửa", "Văn phòng UBND xã", "2026-2027", 300, "Ngân sách xã", "A1"])
    ws.write_row(7, 0, [2, "Nhiệm vụ đã rút", "Phòng Kinh tế", "2026", 999, "Ngân sách xã", "A2"])
    ws.set_row(7, None, None, {"hidden": True})
    ws.write_row(8, 0, [3, "Cấp chữ ký số cho công chức", "Văn phòng UBND xã"])
    ws.write_datetime(8, 3, dt.datetime(2026, 12, 31), date)
    ws.write_number(8, 4, 62.5)
    ws.write(8, 5, "Ngân sách tỉnh")
    ws.set_column(6, 6, None, None, {"hidden": True})
    ws.merge_range(9, 0, 9, 3, "Tổng cộng", bold)
    if typed_total is not None:
        ws.write_number(9, 4, typed_total, bold)
    else:
        ws.write_formula(9, 4, "=E6", bold, total_formula_value)
    hidden = wb.add_worksheet("Nháp")
    hidden.write(0, 0, "bảng tính nháp không được đọc")
    hidden.hide()
    wb.close()
    return path


def test_workbook_reads_as_the_docx_reader_reads_a_table(tmp_path):
    doc = parse_file(_appendix(tmp_path / "phu-luc.xlsx", total_formula_value=362.5))
    assert doc.source_format == "xlsx"
    texts = [b.text for b in doc.blocks if b.kind != "table_row"]
    assert texts == ["PHỤ LỤC I", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ XÃ AN PHÚ", "ĐVT: triệu đồng"]
    assert doc.blocks[0].kind == "heading"
    (table,) = doc.tables
    assert table.rows == [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian", "Kinh phí", "Nguồn vốn"],
        ["I", "Chính quyền số", "", "", "362.5", ""],
        ["1", "Số hóa hồ sơ một cửa", "Văn phòng UBND xã", "2026-2027", "300", "Ngân sách xã"],
        ["3", "Cấp chữ ký số cho công chức", "Văn phòng UBND xã", "31/12/2026", "62.5", "Ngân sách tỉnh"],
        ["Tổng cộng", "", "", "", "362.5", ""],
    ]  # hidden row 8 and hidden column G left out; the hidden sheet too
    assert table.columns == ["A", "B", "C", "D", "E", "F"]
    assert table.unit_note == "ĐVT: triệu đồng"
    row = table.blocks[2].location
    assert (row.sheet, row.sheet_row, row.table, row.row) == ("PL I", 7, 1, 3)
    assert "trang tính PL I, dòng 7" in row.label()
    assert "nháp" not in " ".join(b.text for b in doc.blocks)


def test_a_total_typed_over_its_formula_is_what_the_reader_sees(tmp_path):
    doc = parse_file(_appendix(tmp_path / "pl.xlsx", typed_total=500))
    assert doc.tables[0].rows[-1][4] == "500"


def test_cell_values_as_excel_stores_them():
    assert [cell_text(v) for v in (1500.0, 87.5, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 0, 0), "", None)] \
        == ["1500", "87.5", "01/03/2026", "01/03/2026", "", ""]
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


def test_a_sheet_too_large_is_refused_before_it_is_expanded(tmp_path):
    path = tmp_path / "bom.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("PL")
    ws.write(0, 0, "PHỤ LỤC")
    ws.write(1048575, 16383, "x")  # the used range becomes A1:XFD1048576 — 17 billion cells
    wb.close()
    assert path.stat().st_size < 20_000 and MAX_CELLS < 1048576 * 16384
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert "quá lớn" in err.value.one_line() and "too large" in err.value.one_line()


def test_many_large_sheets_are_refused_together(tmp_path):
    path = tmp_path / "nhieu-trang.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for k in range(3):  # each sheet under the one-sheet limit, the three together over the workbook's
        ws = wb.add_worksheet(f"PL{k}")
        ws.write(0, 0, "PHỤ LỤC")
        ws.write(159_999, 25, "x")  # Z160000: 4.16 million cells
    wb.close()
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert "Sổ tính quá lớn" in err.value.one_line() and "Workbook too large" in err.value.one_line()


@pytest.mark.parametrize(("content", "words"), [
    (b"PK\x03\x04 not really a zip", "Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
])
def test_bad_workbooks_are_one_line_errors(tmp_path, content, words):
    path = tmp_path / "pl.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert words in err.value.one_line() and "\n" not in err.value.one_line()


def test_a_workbook_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(InputError, match="decompression bomb"):
        parse_file(path, max_bytes=1024 * 1024)


def _has_calc() -> bool:
    soffice = soffice_path()
    program = Path(shutil.which(soffice) or soffice).resolve().parent if soffice else None
    return program is not None and any(p.name.startswith("libsclo") for p in program.iterdir())


@pytest.mark.skipif(not _has_calc(), reason="LibreOffice Calc (libreoffice-calc-nogui) not installed")
@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_old_and_open_workbooks_go_through_libreoffice(tmp_path, suffix):
    import subprocess

    source = _appendix(tmp_path / "pl.xlsx", total_formula_value=362.5)
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"  # (never the user's own profile)
    subprocess.run([soffice_path(), profile, "--headless", "--convert-to", suffix[1:], "--outdir",
                    str(tmp_path / "o"), str(source)], check=True, capture_output=True, timeout=120)
    doc = parse_file(tmp_path / "o" / f"pl{suffix}")
    assert doc.path.endswith(suffix) and doc.converted_path.endswith(".xlsx")
    rows = doc.tables[0].rows
    assert rows[2] == ["1", "Số hóa hồ sơ một cửa", "Văn phòng UBND xã", "2026-2027", "300", "Ngân sách xã"]
    assert all("Nhiệm vụ đã rút" not in " ".join(r) for r in rows)  # the hidden row stays hidden
