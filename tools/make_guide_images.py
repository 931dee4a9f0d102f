"""Make the pictures of docs/huong-dan-su-dung.md: the web page (headless Chromium) and the printed memo.

    python tools/make_guide_images.py [--out docs/images]

Writes huong-dan-trang-web.png (the start page), huong-dan-ket-qua.png (a reviewed draft: downloads and the
memo), huong-dan-memo-trang-1.png and huong-dan-memo-phu-luc.png (memo.docx of the sample printed by
LibreOffice: the first page and the first landscape appendix page). Needs Debian's chromium and
chromium-driver, selenium, LibreOffice and pypdfium2.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "samples" / "de-an-cds-dong-hai.docx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _small(path: Path, width: int) -> None:
    """Cut the blank bottom off a picture, scale it to ``width`` pixels and store it with a palette (a third of
    the bytes)."""
    from PIL import Image, ImageChops

    image = Image.open(path).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image = image.crop((0, 0, image.width, min(image.height, box[3] + 24)))
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def web_pictures(out: Path, work: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    from werkzeug.serving import make_server

    from pipeline.apps.web import create_app
    from pipeline.review.reviewer import ReviewOptions

    app = create_app(ReviewOptions(), workdir=work / "web", max_mb=50)
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-sync", f"--user-data-dir={work / 'profile'}",
                 "--window-size=1100,900", "--lang=vi"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        driver.find_element(By.ID, "draft").send_keys(str(SAMPLE))
        driver.save_screenshot(str(out / "huong-dan-trang-web.png"))
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 180).until(ec.visibility_of_element_located((By.ID, "memo")))
        driver.switch_to.frame(driver.find_element(By.ID, "memo"))
        WebDriverWait(driver, 60).until(lambda d: "Kiến nghị" in d.find_element(By.TAG_NAME, "body").text)
        driver.switch_to.default_content()
        driver.save_screenshot(str(out / "huong-dan-ket-qua.png"))
    finally:
        driver.quit()
        server.shutdown()
    for name in ("huong-dan-trang-web.png", "huong-dan-ket-qua.png"):
        _small(out / name, 900)


def memo_pictures(out: Path, work: Path) -> None:
    import pypdfium2

    from pipeline.apps.cli import main

    assert main(["review", str(SAMPLE), "-o", str(work / "out")]) == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "out" /
                    "memo.docx")], check=True, capture_output=True, timeout=300)
    pdf = pypdfium2.PdfDocument(str(work / "memo.pdf"))
    landscape = next(i for i in range(len(pdf)) if pdf[i].get_width() > pdf[i].get_height())
    for index, name in ((0, "huong-dan-memo-trang-1.png"), (landscape, "huong-dan-memo-phu-luc.png")):
        pdf[index].render(scale=1.4).to_pil().save(out / name)
        _small(out / name, 900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        web_pictures(args.out, Path(tmp))
        memo_pictures(args.out, Path(tmp))
    for path in sorted(args.out.glob("huong-dan-*.png")):
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
