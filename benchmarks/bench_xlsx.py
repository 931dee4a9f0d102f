"""Reading an Excel appendix: python-calamine vs openpyxl, and planreview's reader against its raw floor.

    python benchmarks/bench_xlsx.py            # 200-row and 20,000-row task workbooks, median of 5 runs

Prints, per workbook: the raw floors (calamine's ``to_python`` of every sheet; openpyxl's full load with
merged cells and row/column flags — read-only mode has neither, so it cannot tell a hidden row), planreview's
``parse_xlsx`` (values, merges, hidden rows/columns, blocks and tables) and its ratio to calamine's floor, and
whether each reader saw the merged title, the hidden row and the hidden column.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make(path: Path, rows: int) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("PL I")
    ws.merge_range(0, 0, 0, 7, "PHỤ LỤC I")
    ws.merge_range(1, 0, 1, 7, "DANH MỤC NHIỆM VỤ")
    ws.write(3, 6, "ĐVT: triệu đồng")
    ws.write_row(4, 0, ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Phối hợp", "Thời gian", "Kinh phí", "Nguồn vốn",
                        "Ghi chú", "Mã"])
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    r = 5
    for i in range(rows):
        if i % 25 == 0:
            ws.merge_range(r, 1, r, 4, f"Nhóm {i // 25 + 1}")
            ws.write_formula(r, 5, f"=SUBTOTAL(109,F{r + 2}:F{r + 26})", None, 2500)
            r += 1
        ws.write_row(r, 0, [i + 1, f"Nhiệm vụ chuyển đổi số số {i + 1} của xã", "Văn phòng UBND xã", "Công an xã",
                            "2026-2027", 100, "Ngân sách xã"])
        ws.write_datetime(r, 7, dt.datetime(2026, 12, 31), date)
        ws.write(r, 8, f"NV{i}")
        r += 1
    ws.set_row(6, None, None, {"hidden": True})
    ws.set_column(8, 8, None, None, {"hidden": True})
    wb.close()
    return path


def median_s(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    import openpyxl
    from python_calamine import CalamineWorkbook

    from pipeline.ingest.xlsx import parse_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        for rows in (200, 20_000):
            path = make(Path(tmp) / f"pl-{rows}.xlsx", rows)

            def calamine_floor(path=path):
                wb = CalamineWorkbook.from_path(str(path))
                return [wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]

            def openpyxl_full(path=path):
                wb = openpyxl.load_workbook(str(path), data_only=True)
                return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]

            def openpyxl_read_only(path=path):
                wb = openpyxl.load_workbook(str(path), data_only=True, read_only=True)
                return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]

            floor = median_s(calamine_floor)
            full = median_s(openpyxl_full, 3)
            ro = median_s(openpyxl_read_only, 3)
            ours = median_s(lambda path=path: parse_xlsx(path))
            doc = parse_xlsx(path)
            text = " ".join(b.text for b in doc.blocks)
            ro_ws = openpyxl.load_workbook(str(path), read_only=True).worksheets[0]
            print(f"{rows:>6} rows: calamine floor {floor * 1000:7.1f} ms · openpyxl full {full * 1000:7.1f} ms "
                  f"({full / floor:.1f}×) · openpyxl read-only {ro * 1000:7.1f} ms (no merges: "
                  f"{not hasattr(ro_ws, 'merged_cells')}) · planreview parse_xlsx {ours * 1000:7.1f} ms "
                  f"({ours / floor:.2f}× floor)")
            print(f"        hidden row left out: {'Nhiệm vụ chuyển đổi số số 1 của' not in text} · hidden column "
                  f"left out: {'NV5' not in text} · merged group rows: {len(doc.tables[0].merged_rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
