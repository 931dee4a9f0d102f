"""`planreview serve`: upload, progress, memo, downloads, bad uploads; end to end in headless Chromium."""

from __future__ import annotations

import io
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from pipeline.apps.web import create_app
from pipeline.review.reviewer import ReviewOptions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-dong-hai.docx"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(ReviewOptions(), workdir=tmp_path_factory.mktemp("web"), max_mb=1)
    app.config["TESTING"] = True
    return app


def _wait(client, job_url: str) -> dict:
    for _ in range(300):
        status = client.get(job_url + "/status").get_json()
        if status["state"] in ("done", "error"):
            return status
        time.sleep(0.1)
    raise AssertionError("review did not finish")


def test_upload_review_and_download(app):
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200 and "Rà soát dự thảo đề án" in page.get_data(as_text=True)
    response = client.post("/upload", data={"draft": (io.BytesIO(SAMPLE.read_bytes()), "dự thảo Đông Hải.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert "dự thảo Đông Hải.docx" in client.get(job_url).get_data(as_text=True)
    status = _wait(client, job_url)
    assert status["state"] == "done", status
    assert set(status["outputs"]) >= {"memo.html", "memo.docx", "annotated", "findings.json", "tasks.xlsx"}
    memo = client.get(status["outputs"]["memo.html"])
    assert memo.status_code == 200 and "BÁO CÁO PHẢN BIỆN" in memo.get_data(as_text=True)
    annotated = client.get(status["outputs"]["annotated"])
    assert annotated.status_code == 200 and annotated.data[:2] == b"PK"
    assert "attachment" in annotated.headers["Content-Disposition"]
    assert client.get(job_url + "/files/../../etc/passwd").status_code == 404


@pytest.mark.parametrize(("data", "message", "code"), [
    ({}, "Chưa chọn tệp", 400),
    ({"draft": (io.BytesIO(b"MZ..."), "virus.exe")}, "Định dạng không được hỗ trợ", 400),
    ({"draft": (io.BytesIO(b"x" * (2 * 1024 * 1024)), "to.docx")}, "Tệp quá lớn", 413),
])
def test_bad_uploads_get_a_clear_message(app, data, message, code):
    response = app.test_client().post("/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == code and message in response.get_data(as_text=True)


def test_not_found_is_a_styled_page_in_both_languages(app):
    response = app.test_client().get("/jobs/0123456789abcdef")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc kết quả này" in page and "Page or result not found" in page
    assert "<style>" in page and 'href="/"' in page  # the site's look, and the way back


def test_oversized_body_refused_by_waitress_gets_the_styled_page(app):
    from pipeline.apps.web import make_server

    server = make_server(app, "127.0.0.1", 0, max_mb=1)
    port = server.socket.getsockname()[1]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                         b"boundary=x\r\nContent-Length: 50000000\r\n\r\n" + b"x" * 1024)
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
    finally:
        server.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"text/html" in head
    text = body.decode("utf-8")
    assert "Tệp quá lớn (tối đa 1 MB)" in text and "File too large" in text and "<style>" in text
    assert "exceeds max_body" not in text


def test_the_users_guide_is_on_the_page_with_its_pictures(app):
    client = app.test_client()
    assert 'href="/huong-dan"' in client.get("/").get_data(as_text=True)
    page = client.get("/huong-dan").get_data(as_text=True)
    assert "<h1" in page and "Hướng dẫn sử dụng planreview" in page and "<table>" in page
    assert "planreview merge ket-qua/ chuyen-gia-a.docx" in page and "<script" not in page
    pictures = re.findall(r'<img src="([^"]+)"', page)
    assert len(pictures) >= 4
    for url in pictures:
        picture = client.get(url)
        assert picture.status_code == 200 and picture.data[:8] == b"\x89PNG\r\n\x1a\n", url
    assert client.get("/huong-dan/images/..%2F..%2Fpyproject.toml").status_code == 404


def test_corrupt_upload_reports_error_on_the_page(app):
    client = app.test_client()
    response = client.post("/upload", data={"draft": (io.BytesIO(b"not a word file"), "hong.docx")},
                           content_type="multipart/form-data")
    status = _wait(client, response.headers["Location"])
    assert status["state"] == "error" and "Not a valid .docx" in status["message"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                    reason="needs Debian chromium and chromium-driver (installed by .ci/run)")
def test_end_to_end_in_headless_chromium(app, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    from werkzeug.serving import make_server

    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        driver.find_element(By.ID, "draft").send_keys(str(SAMPLE))
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 120).until(ec.visibility_of_element_located((By.ID, "memo")))
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "memo").get_attribute("src"))
        links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.dl") if a.is_displayed()]
        assert "Báo cáo phản biện (.docx)" in links and "Dự thảo có chú thích (.docx)" in links
        driver.switch_to.frame(driver.find_element(By.ID, "memo"))
        WebDriverWait(driver, 30).until(lambda d: "Kiến nghị" in d.find_element(By.TAG_NAME, "body").text)
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "BÁO CÁO PHẢN BIỆN" in body and "Nhiệm vụ thiếu cơ quan chủ trì" in body
        # the severity filter hides the low findings
        low = driver.find_element(By.CSS_SELECTOR, ".sev-filter[value='low']")
        low.click()
        hidden = driver.find_elements(By.CSS_SELECTOR, "li.finding.hidden")
        assert hidden and all(li.get_attribute("data-sev") == "low" for li in hidden)
        driver.switch_to.default_content()
        shot = tmp_path / "screenshot.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        docs_shot = ROOT / "docs" / "screenshot.png"
        if not docs_shot.exists():
            shutil.copy(shot, docs_shot)
        # the front page lists this browser's upload; another browser (no session cookie) sees nothing of it
        job_url = driver.current_url
        driver.get(f"http://127.0.0.1:{port}/")
        assert SAMPLE.name in driver.find_element(By.TAG_NAME, "body").text
        driver.delete_all_cookies()
        driver.get(f"http://127.0.0.1:{port}/")
        assert SAMPLE.name not in driver.find_element(By.TAG_NAME, "body").text
        driver.get(job_url)
        assert "Không tìm thấy" in driver.find_element(By.TAG_NAME, "body").text
        # a bad upload in the browser: the message shows on the page
        bad = tmp_path / "ghi chú.pages"
        bad.write_text("x", encoding="utf-8")
        driver.get(f"http://127.0.0.1:{port}/")
        driver.find_element(By.ID, "draft").send_keys(str(bad))
        driver.find_element(By.ID, "submit").click()
        error = WebDriverWait(driver, 30).until(ec.visibility_of_element_located((By.ID, "error")))
        assert "Định dạng không được hỗ trợ" in error.text
    finally:
        driver.quit()
        server.shutdown()
