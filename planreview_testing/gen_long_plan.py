"""A ~500-page plan as LibreOffice exports it to PDF: the realistic long case of the speed and memory benchmarks
(issue 35 item 2, issue 32 item 3).

    python -m planreview_testing.gen_long_plan OUT_DIR [--pages 500]

The content is synthetic.py's clean plan (fictional district, national documents with their real numbers) made
long the way long plans are: many sub-sections of prose, a statistics table per commune group in the status
section, and an appendix task table with two header rows running over a hundred pages. The .docx carries a
running header and a "Trang N" footer (a PAGE field) as Word drafts do; ``soffice --headless --convert-to pdf``
draws it — text with LibreOffice's fonts and positioning, tables as LibreOffice strokes their borders. The PDF
(tens of MB) is cached under OUT_DIR by its parameters and not committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from planreview_testing.synthetic import Item, build_items, clean_spec, write_docx

COMMUNES = ["Tân Hòa", "Đông Phú", "Bình An", "Phước Lộc", "Hòa Thạnh", "An Nhơn", "Tân Lập", "Mỹ Phước",
            "Thạnh Đức", "Long Bình", "Phú Hưng", "Vĩnh Lợi"]
# pages of the PDF per unit of each kind (measured on LibreOffice 7.4: ~7 filler paragraphs, ~5 task rows a page)
PARAGRAPHS_PER_PAGE, TASKS_PER_PAGE = 7.0, 5.0


def _stat_table(k: int) -> list[Item]:
    """A status sub-section: a sentence and a table of figures for a group of communes."""
    rows = [["STT", "Xã, thị trấn", "Số TTHC trực tuyến toàn trình", "Tỷ lệ hồ sơ trực tuyến (%)",
             "Số tổ công nghệ số cộng đồng", "Ghi chú"]]
    for i, name in enumerate(COMMUNES[k % 4:k % 4 + 8], start=1):
        rows.append([str(i), f"Xã {name}", str(40 + (7 * i + 3 * k) % 90), f"{35 + (11 * i + k) % 60},{k % 10}",
                     str(3 + (i + k) % 9), "" if (i + k) % 3 else "Đạt chỉ tiêu năm"])
    return [Item("heading", f"Kết quả triển khai tại cụm xã thứ {k + 1}", 3),
            Item("para", f"Kết quả triển khai chuyển đổi số tại cụm xã thứ {k + 1} được tổng hợp tại bảng sau; số liệu "
                 "do UBND các xã báo cáo, Phòng Văn hóa và Thông tin tổng hợp."),
            Item("table", rows=rows, header_rows=1)]


def long_plan_items(pages: int = 500) -> list[Item]:
    """The plan's content for about ``pages`` pages: two thirds prose and status tables, a third task table."""
    tasks = int(pages / 3 * TASKS_PER_PAGE)
    paragraphs = int(pages * 2 / 3 * PARAGRAPHS_PER_PAGE * 0.8)
    items = build_items(clean_spec(extra_paragraphs=paragraphs, extra_tasks=tasks, copy_corpus=True,
                                   table_layout="multirow"))
    out: list[Item] = []
    fillers = 0
    for it in items:
        if it.kind == "para" and it.text.startswith("Nội dung "):
            if fillers % 40 == 0:
                out += _stat_table(fillers // 40)
            fillers += 1
        out.append(it)
    return out


def _header_footer(path: Path, header: str) -> None:
    """A running header and a centred "Trang N" footer (a PAGE field), as a Word draft has them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Trang ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    document.save(str(path))


def write_long_docx(path: Path, pages: int = 500, photos_mb: float = 0) -> Path:
    """The long plan as Word saves it; ``photos_mb``: that many MB of photographs (JPEG, as phones take them)
    among the status sub-sections, as drafts that show the district's digital services do."""
    write_docx(long_plan_items(pages), path)
    _header_footer(path, "Đề án chuyển đổi số huyện Đông Hải đến năm 2025, định hướng đến năm 2030")
    if photos_mb:
        _add_photos(path, photos_mb)
    return path


def _add_photos(path: Path, megabytes: float) -> None:
    """JPEG photographs (noise and gradients: they do not compress, as photos do not) after status headings."""
    import io
    import random

    import docx
    from docx.shared import Cm
    from PIL import Image

    rng = random.Random(35)
    document = docx.Document(str(path))
    anchors = [p for p in document.paragraphs if p.text.startswith("Kết quả triển khai tại cụm xã")]
    added, k = 0, 0
    while added < megabytes * 2**20 and anchors:
        image = Image.effect_noise((1600, 1200), 60 + rng.random() * 40).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=92)
        added += buffer.tell()
        buffer.seek(0)
        anchor = anchors[k % len(anchors)]
        k += 1
        picture = anchor.insert_paragraph_before()
        picture.add_run().add_picture(buffer, width=Cm(15))
        anchor.insert_paragraph_before(f"Hình {k}: Bộ phận một cửa và tổ công nghệ số cộng đồng tại cụm xã thứ {k}.")
    document.save(str(path))


def long_plan_pdf(folder: Path, pages: int = 500) -> Path:
    """The LibreOffice-exported PDF of the long plan, made once into ``folder`` (needs soffice)."""
    target = Path(folder) / f"plan-{pages}-pages-libreoffice.pdf"
    if target.exists():
        return target
    if shutil.which("soffice") is None:
        raise RuntimeError("soffice (LibreOffice) is needed to export the long plan to PDF")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planreview-long-") as tmp:
        source = write_long_docx(Path(tmp) / target.with_suffix(".docx").name, pages)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=1800)
        shutil.copyfile(source.with_suffix(".pdf"), target.with_suffix(".part"))
        target.with_suffix(".part").rename(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--docx", action="store_true", help="write the .docx only")
    parser.add_argument("--photos-mb", type=float, default=0, help="with --docx: MB of photographs in it")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.docx:
        suffix = f"-photos-{args.photos_mb:g}mb" if args.photos_mb else ""
        print(write_long_docx(args.out / f"plan-{args.pages}-pages{suffix}.docx", args.pages, args.photos_mb))
    else:
        print(long_plan_pdf(args.out, args.pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
