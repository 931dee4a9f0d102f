"""memo.docx as a council prints it: LibreOffice renders it to PDF, pypdfium2 to page images and text lines.

The sample's memo fits in 6 pages (portrait report, landscape appendix), no date, number or document code of the
draft is cut across two lines, the letterhead and the signature block are where an administrative report has
them, and the score shown adds up."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.apps.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-dong-hai.docx"
# what the sample draft cites and plans, as written in it (samples/make_samples.py): codes, dates, amounts
CODES = ["06-NQ/TU", "3125/QĐ-UBND", "411/QĐ-TTg", "47/2020/NĐ-CP", "52-NQ/TW", "67/2006/QH11", "73/2019/NĐ-CP",
         "749/QĐ-TTg", "77/2015/QH13", "942/QĐ-TTg"]
DATES = ["15/7/2021", "12/10/2021", "31/3/2022", "09/4/2020", "27/9/2019", "29/6/2006", "05/9/2019", "03/6/2020",
         "19/6/2015", "15/6/2021", "2023-2024", "2024-2025", "2023-2025", "2021-2025"]
AMOUNTS = ["8.300", "3.500", "1.200"]
SPLIT_CODE = re.compile(r"\d[\w.]*[/-]$")  # a line ending inside a code: "3125/" or "06-"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _printed(folder: Path, config: str | None = None) -> tuple[Path, list]:
    args = ["review", str(SAMPLE), "-o", str(folder / "out")]
    if config is not None:
        (folder / "planreview.toml").write_text(config, encoding="utf-8")
        args += ["--config", str(folder / "planreview.toml")]
    assert main(args) == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "out" /
                    "memo.docx")], check=True, capture_output=True, timeout=180)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(folder / "memo.pdf"))
    return folder / "memo.pdf", [pdf[i] for i in range(len(pdf))]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    return _printed(tmp_path_factory.mktemp("print"))


def _lines(page) -> list[str]:
    text = page.get_textpage().get_text_range().replace("\u2011", "-").replace("\xad", "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_sample_memo_prints_in_six_pages_portrait_then_landscape(printed, tmp_path):
    _pdf, pages = printed
    assert len(pages) <= 6
    images = [page.render(scale=0.5).to_pil() for page in pages]
    images[0].save(tmp_path / "page-1.png")
    orientation = ["portrait" if im.height > im.width else "landscape" for im in images]
    # the report, then the appendix in landscape, never back
    assert orientation[0] == "portrait" and "landscape" in orientation
    assert orientation == sorted(orientation, key=lambda o: o == "landscape")
    first = images[0].convert("L")
    width, height = first.size
    # the letterhead: ink in the top left (the council) and the top right (Quốc hiệu) quarters of the first page
    for box in ((0, 0, width // 2, height // 8), (width // 2, 0, width, height // 8)):
        assert first.crop(box).getextrema()[0] < 100


def test_no_date_number_or_code_is_cut_across_lines(printed):
    _pdf, pages = printed
    lines = [line for page in pages for line in _lines(page)]
    joined = "".join(lines)
    for literal in CODES + DATES + AMOUNTS:
        whole = sum(line.count(literal) for line in lines)
        assert whole >= 1, literal
        assert joined.count(literal) == whole, f"{literal} is cut across two lines"
    cut = [(a, b) for a, b in zip(lines, lines[1:]) if SPLIT_CODE.search(a) and b[:1].isalnum()]
    assert not cut


def test_letterhead_place_date_and_signature_follow_the_council_settings(tmp_path):
    config = ('[council]\nparent = "Liên hiệp các Hội khoa học và kỹ thuật tỉnh Thanh Lâm"\n'
              'name = "Hội đồng phản biện đề án chuyển đổi số"\nnumber = "27/BC-HĐPB"\nplace = "Thanh Lâm"\n'
              'signer = "Trần Thị Mai"\nrecipients = ["UBND huyện Đông Hải", "Sở Khoa học và Công nghệ"]\n')
    _pdf, pages = _printed(tmp_path, config)
    text = " ".join(line for page in pages for line in _lines(page))  # (a long name takes two lines)
    assert "HỘI ĐỒNG PHẢN BIỆN ĐỀ ÁN CHUYỂN ĐỔI SỐ" in text
    assert "Số: 27/BC-HĐPB" in text and "Thanh Lâm, ngày" in text
    assert "- UBND huyện Đông Hải;" in text and "- Lưu: VT, Hội đồng." in text
    assert "Trần Thị Mai" in text and "TM. HỘI ĐỒNG" in text
    assert "Kèm theo Báo cáo số 27/BC-HĐPB" in text


def test_without_council_settings_the_blanks_are_left_to_fill(printed):
    _pdf, pages = printed
    text = "\n".join(_lines(pages[0]))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: ……/BC-HĐPB" in text and "ngày …… tháng …… năm" in text
    assert re.search(r"^BÁO CÁO$", text, re.M)


def test_the_score_line_adds_up_and_gives_the_verdict(printed):
    _pdf, pages = printed
    text = " ".join(line for page in pages for line in _lines(page))
    match = re.search(r"Điểm = 100 ((?:− \d+ \([^)]*\) )+)= (\d+)/100 → ([^(]+?) \(thang", text)
    assert match, "the one-line arithmetic"
    terms = {area: int(points) for points, area in re.findall(r"− (\d+) \(([^)]*)\)", match.group(1))}
    overall = int(match.group(2))
    assert overall == 100 - sum(terms.values())
    verdict = match.group(3)
    assert verdict == ("Đạt yêu cầu" if overall >= 80 else "Cần hoàn thiện" if overall >= 50 else "Chưa đạt yêu cầu")
    # the area table: every area with points deducted shows 100 minus those points
    for area, points in terms.items():
        assert re.search(rf"{re.escape(area)} \d+ {points} {100 - points}\b", text), area
