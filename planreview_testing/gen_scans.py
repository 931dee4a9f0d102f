"""Make scans of drafts, as a council receives them: pages rendered at 150-300 dpi, a little askew,
JPEG-compressed with sensor noise, a red seal over the signature, or photographed with a phone
(perspective, uneven light, the desk around the sheet). Used by tests/ingest/test_formats.py (small pages
drawn here) and benchmarks/bench_ocr.py (every page of a generated or bundled draft).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


@dataclass
class Degrade:
    """How a clean page image is spoiled; the defaults leave it as it is."""

    skew: float = 0.0  # degrees, counter-clockwise
    jpeg_quality: int | None = None  # JPEG round trip (with mild sensor noise)
    stamp: bool = False  # a red seal over the signature (bottom right of the last page)
    photo: bool = False  # a phone photo: perspective, shading, a dark desk around the sheet
    seed: int = 0


def red_stamp(image: Image.Image, center: tuple[int, int], radius: int, text: str = "ỦY BAN NHÂN DÂN") -> Image.Image:
    """A round red seal (two rings, a star, lettering) blended over the page like ink."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (205, 30, 35, 190)
    x, y = center
    for r, w in ((radius, max(3, radius // 18)), (int(radius * 0.78), max(2, radius // 30))):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=w)
    star = [(x + radius * 0.3 * math.cos(math.radians(90 + k * 72 * 2)),
             y - radius * 0.3 * math.sin(math.radians(90 + k * 72 * 2))) for k in range(5)]
    draw.polygon(star, fill=red)
    f = font(max(10, radius // 6), bold=True)
    for i, ch in enumerate(text):
        angle = math.radians(200 - i * (220 / max(1, len(text) - 1)))
        draw.text((x + radius * 0.88 * math.cos(angle), y - radius * 0.88 * math.sin(angle)), ch, font=f, fill=red,
                  anchor="mm")
    out = image.convert("RGBA")
    out.alpha_composite(layer)
    return out.convert("RGB")


def degrade(image: Image.Image, d: Degrade, last_page: bool = False) -> Image.Image:
    rng = random.Random(d.seed)
    image = image.convert("RGB")
    if d.stamp and last_page:
        w, h = image.size
        image = red_stamp(image, (int(w * 0.68), int(h * 0.86)), int(w * 0.09))
    if d.skew:
        image = image.rotate(d.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white")
    if d.photo:
        image = _photograph(image, rng)
    if d.jpeg_quality:
        import numpy as np

        arr = np.asarray(image).astype(np.int16)
        noise = np.random.default_rng(d.seed).normal(0, 6, arr.shape[:2])[..., None]
        image = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=d.jpeg_quality)
        image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return image


def _photograph(page: Image.Image, rng: random.Random) -> Image.Image:
    """The sheet on a dark desk, seen from slightly off-axis, lit from one side."""
    import numpy as np

    w, h = page.size
    margin = int(0.08 * w)
    canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), (70, 62, 55))
    j = lambda: rng.uniform(-0.035, 0.035) * w  # noqa: E731
    corners = [(margin + j(), margin + j()), (margin + w + j(), margin + j()),
               (margin + w + j(), margin + h + j()), (margin + j(), margin + h + j())]
    # PIL's perspective transform maps output → input: solve for the coefficients
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    matrix = []
    for (x, y), (u, v) in zip(corners, src):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    coeffs = np.linalg.solve(np.array(matrix, float), np.array([c for p in src for c in p], float))
    warped = page.transform(canvas.size, Image.Transform.PERSPECTIVE, tuple(coeffs), Image.Resampling.BICUBIC,
                            fillcolor=None)
    mask = Image.new("L", page.size, 255).transform(canvas.size, Image.Transform.PERSPECTIVE, tuple(coeffs),
                                                   Image.Resampling.BILINEAR)
    canvas.paste(warped, (0, 0), mask)
    shade = np.linspace(1.0, 0.82, canvas.size[0])[None, :, None]
    arr = np.asarray(canvas).astype(np.float32) * shade
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


def pdf_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()


def scan_pdf(pdf: Path, target: Path, dpi: int = 200, d: Degrade | None = None) -> Path:
    """A PDF of page images (no text layer) made from ``pdf``, spoiled as ``d`` says."""
    d = d or Degrade()
    pages = pdf_pages(pdf, dpi)
    images = [degrade(p, Degrade(d.skew, d.jpeg_quality, d.stamp, d.photo, d.seed + i), last_page=i == len(pages) - 1)
              for i, p in enumerate(pages)]
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return target


# --------------------------------------------------------------------------- a small page for tests


def small_page(dpi: int = 150) -> Image.Image:
    """An A5 page of a plan: a centred title, numbered bold headings, a citation and a ruled task
    table with an STT column (the shapes the structure recovery has to find)."""
    px = lambda mm: int(mm / 25.4 * dpi)  # noqa: E731
    width, height = px(148), px(150)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    size = int(11 / 72 * dpi)
    regular, bold = font(size), font(size, bold=True)
    y = px(12)
    draw.text((width / 2, y), "KẾ HOẠCH CHUYỂN ĐỔI SỐ", font=bold, fill="black", anchor="mt")
    y += int(size * 2.2)
    left = px(14)
    for text, f in (("I. CĂN CỨ PHÁP LÝ", bold),
                    ("- Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng;", regular),
                    ("- Luật Giao dịch điện tử ngày 22/6/2023;", regular),
                    ("II. NHIỆM VỤ TRỌNG TÂM", bold)):
        draw.text((left, y), text, font=f, fill="black")
        y += int(size * 1.7)
    columns = [left, left + px(12), left + px(62), left + px(98), width - px(10)]
    rows = [("STT", "Nhiệm vụ", "Chủ trì", "Kinh phí"), ("1", "Số hóa hồ sơ", "Văn phòng", "500"),
            ("2", "Nâng cấp mạng", "Phòng Văn hóa", "300")]
    row_h = int(size * 2.1)
    top = y + px(2)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            draw.text((columns[c] + px(2), top + r * row_h + (row_h - size) / 2), text,
                      font=bold if r == 0 else regular, fill="black")
    for r in range(len(rows) + 1):
        draw.line((columns[0], top + r * row_h, columns[-1], top + r * row_h), fill="black", width=2)
    for x in columns:
        draw.line((x, top, x, top + len(rows) * row_h), fill="black", width=2)
    return image
