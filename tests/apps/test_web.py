"""`planreview serve`, the council's workspace: each flow end to end in headless Chromium — a submission with its
appendix and the plan above, the experts' round, round 2, a provincial batch, my reviews — on a laptop-sized
window and by keyboard; plus bad uploads, the styled error pages and the guide through the test client.

One server and one browser for the module. Set PLANREVIEW_SCREENSHOTS=1 to refresh docs/images/web-*.png."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.apps.web import create_app
from pipeline.review.reviewer import ReviewOptions
from planreview_testing.gen_rounds import RoundTruth
from planreview_testing.gen_submissions import submissions, write_submission

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "de-an-cds-dong-hai.docx"
REVISED = SAMPLES / "de-an-cds-dong-hai-sua-doi.docx"
PROVINCE_PLAN = ROOT / "tests" / "data" / "realistic" / "r12-ke-hoach-tinh-vinh-xuyen-2026.docx"
LAPTOP = (1366, 768)
HAS_CHROMIUM = bool(shutil.which("chromium") and shutil.which("chromedriver"))
needs_chromium = pytest.mark.skipif(not HAS_CHROMIUM, reason="needs Debian chromium and chromium-driver "
                                                             "(installed by .ci/run)")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(ReviewOptions(), workdir=tmp_path_factory.mktemp("web"), max_mb=1)
    app.config["TESTING"] = True
    yield app
    app.extensions["planreview"]["runner"].stop()


def _wait(client, job_url: str) -> dict:
    for _ in range(600):
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


@pytest.mark.parametrize(("url", "field", "data", "message", "code"), [
    ("/upload", "draft", None, "Chưa chọn tệp", 400),
    ("/upload", "draft", (b"MZ...", "virus.exe"), "Định dạng không được hỗ trợ", 400),
    ("/upload", "draft", (b"x" * (2 * 1024 * 1024), "to.docx"), "Tệp quá lớn", 413),
    ("/upload", "parent", (b"x", "kh-tinh.pages"), "Kế hoạch cấp trên / The plan above: Định dạng", 400),
    ("/batch", "drafts", None, "Chưa chọn dự thảo nào cho lô", 400),
    ("/batch", "drafts", (b"#!", "lo.sh"), "Định dạng không được hỗ trợ", 400),
])
def test_bad_uploads_get_a_clear_message(app, url, field, data, message, code):
    form = {field: (io.BytesIO(data[0]), data[1])} if data else {}
    if field == "parent":
        form["draft"] = (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)
    response = app.test_client().post(url, data=form, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == code and message in page
    assert "Traceback" not in page


def test_not_found_is_a_styled_page_in_both_languages(app):
    response = app.test_client().get("/jobs/0123456789abcdef")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc kết quả này" in page and "Page or result not found" in page
    assert "<style>" in page and 'href="/"' in page  # the site's look, and the way back


def test_no_external_assets_on_any_page(app):
    """The page works offline: nothing is loaded from another site (no CDN script, font or style)."""
    client = app.test_client()
    for url in ("/", "/jobs", "/huong-dan", "/jobs/0123456789abcdef"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), url
        assert "@import" not in page and "url(http" not in page
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]


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
    assert "Tệp quá lớn (tối đa 1 MB mỗi tệp, 20 MB mỗi lần tải)" in text and "File too large" in text
    assert "<style>" in text
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
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="error"' in page and "Not a valid .docx" in page


def test_a_submission_as_a_zip_is_one_review(app, tmp_path):
    spec = next(s for s in submissions() if s.slug.startswith("01-"))
    truth = write_submission(spec, tmp_path / spec.slug)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for f in truth["files"]:
            zf.write(tmp_path / spec.slug / f["name"], f"ho-so/{f['name']}")
    client = app.test_client()
    response = client.post("/upload", data={"draft": (io.BytesIO(archive.getvalue()), "ho-so-xa.zip")},
                           content_type="multipart/form-data")
    status = _wait(client, response.headers["Location"])
    assert status["state"] == "done", status
    findings = json.loads(client.get(status["outputs"]["findings.json"]).data)
    assert sorted(f["name"] for f in findings["document"]["files"]) == sorted(f["name"] for f in truth["files"])
    assert Path(findings["document"]["path"]).name == truth["plan"]  # the plan found among the zip's files
    assert len(findings["tasks"]) == len(truth["tasks"])


def test_a_zip_without_drafts_is_refused_with_a_message(app):
    client = app.test_client()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ghi-chu.exe", b"MZ")
        zf.writestr("../../thoat-ra.docx", b"x")  # a path out of the folder: skipped, never written
    response = client.post("/batch", data={"drafts": (io.BytesIO(archive.getvalue()), "lo.zip")},
                           content_type="multipart/form-data")
    status = _wait(client, response.headers["Location"])
    assert status["state"] == "error" and "không có dự thảo nào" in status["message"]
    assert "holds no drafts" in status["message"]


# ---------------------------------------------------------------------------------------------- in Chromium

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(app, tmp_path_factory):
    """The page served on a free port, and one headless Chromium of a laptop's screen size."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from werkzeug.serving import make_server

    if not HAS_CHROMIUM:
        pytest.skip("needs Debian chromium and chromium-driver (installed by .ci/run)")
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tmp_path_factory.mktemp("profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}", f"--window-size={LAPTOP[0]},{LAPTOP[1]}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_window_size(*LAPTOP)
    try:
        yield driver, f"http://127.0.0.1:{port}"
    finally:
        driver.quit()
        server.shutdown()


@pytest.fixture(scope="module")
def state() -> dict:
    """What one flow leaves for the next (the review's page, for the experts' round and round 2)."""
    return {}


def _by(kind: str):
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def _until(driver, condition, timeout: float = 120):
    """Wait for ``condition(driver)``; the page reloading under it (a job finished) is no failure."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _wait_done(driver, element_id: str, timeout: float = 120):
    from selenium.webdriver.support import expected_conditions as ec

    _until(driver, lambda d: d.find_elements(_by("ID"), element_id) or d.find_elements(_by("CSS_SELECTOR"), "#error"),
           timeout)
    assert not driver.find_elements(_by("CSS_SELECTOR"), "main #error"), driver.find_element(_by("ID"), "error").text
    return _until(driver, ec.visibility_of_element_located((_by("ID"), element_id)), 5)


def _fits_the_laptop(driver) -> None:
    """No sideways scrolling of the page on a 1366-pixel screen."""
    width, view = driver.execute_script("return [document.documentElement.scrollWidth, "
                                        "document.documentElement.clientWidth]")
    assert width <= view, (width, view)


def _screenshot(driver, name: str) -> None:
    if os.environ.get("PLANREVIEW_SCREENSHOTS"):
        driver.save_screenshot(str(ROOT / "docs" / "images" / name))


def _body(driver) -> str:
    return driver.find_element(_by("TAG_NAME"), "body").text


@contextmanager
def _in_frame(driver, frame_id: str) -> Iterator[None]:
    """Inside the page's frame ``frame_id`` (the memo, a report, the heat map), back on the page after."""
    driver.switch_to.frame(driver.find_element(_by("ID"), frame_id))
    try:
        yield
    finally:
        driver.switch_to.default_content()


@needs_chromium
def test_keyboard_reaches_every_field_with_a_visible_focus(site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver, base = site
    driver.get(base + "/")
    _fits_the_laptop(driver)
    for field in ("draft", "draft-zip", "parent", "batch-drafts"):  # every field has a label naming it
        label = driver.find_element(_by("CSS_SELECTOR"), f"label[for='{field}']")
        assert label.text.strip()
    order, style = [], {}
    for _ in range(12):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        key = active.get_attribute("id") or active.get_attribute("class")
        order.append(key)
        style[key] = driver.execute_script("var s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' "
                                           "+ s.outlineWidth", active)
    assert order[0] == "skip"  # "skip to content" first, then the navigation, then the forms in reading order
    reading = ["home", "draft", "draft-zip", "parent", "submit", "batch-drafts", "batch-submit"]
    assert [order.index(key) for key in reading] == sorted(order.index(key) for key in reading)
    for key in ("skip", "draft", "submit", "batch-submit"):
        assert not style[key].startswith("none"), (key, style[key])


@needs_chromium
def test_a_submission_with_its_appendix_and_the_plan_above(site, state, tmp_path_factory):
    driver, base = site
    spec = next(s for s in submissions() if s.slug.startswith("01-"))
    folder = tmp_path_factory.mktemp("ho-so") / spec.slug
    truth = write_submission(spec, folder)
    book = next(f["name"] for f in truth["files"] if f["name"].endswith(".xlsx"))
    driver.get(base + "/")
    driver.find_element(_by("ID"), "draft").send_keys(f"{folder / truth['plan']}\n{folder / book}")
    driver.find_element(_by("ID"), "parent").send_keys(str(PROVINCE_PLAN))
    driver.find_element(_by("ID"), "submit").click()
    _wait_done(driver, "findings")
    state["submission"] = driver.current_url
    assert "(+1 phụ lục)" in driver.find_element(_by("ID"), "job-name").text
    assert book in driver.find_element(_by("ID"), "summary").text  # the submission's files are named
    labels = [a.text for a in driver.find_elements(_by("CSS_SELECTOR"), "a.dl")]
    assert "Báo cáo phản biện (.docx) / Review memo" in labels and "Dự thảo có chú thích / Annotated draft" in labels
    assert any(book.replace(".xlsx", ".annotated.xlsx") in label for label in labels)
    # the plan above was passed on; the page says what the result holds of it, and claims no check it did not see
    parent = driver.find_element(_by("ID"), "parent-box").text
    assert PROVINCE_PLAN.name in parent
    findings_url = next(a.get_attribute("href") for a in driver.find_elements(_by("CSS_SELECTOR"), "a.dl")
                        if a.get_attribute("data-key") == "findings.json")
    result = json.loads(driver.execute_script(
        "var r = new XMLHttpRequest(); r.open('GET', arguments[0], false); r.send(); return r.responseText;",
        findings_url))
    assert "parent" in result  # the plan above was read and compared (issue 34)
    assert "Kết quả đối chiếu" in parent and "không có phần đối chiếu" not in parent
    counts = result["parent"]["counts"]
    assert f"việc được giao / assigned: {counts['assigned']}" in parent
    assert f"đã cụ thể hóa / taken up: {counts['taken_up']}" in parent
    _fits_the_laptop(driver)
    _screenshot(driver, "web-ho-so.png")


@needs_chromium
def test_the_memo_in_the_page_filters_by_severity_and_area_and_links_each_finding(site, state):
    driver, base = site
    driver.get(base + "/")
    driver.find_element(_by("ID"), "draft").send_keys(str(SAMPLE))
    driver.find_element(_by("ID"), "submit").click()
    _wait_done(driver, "findings")
    state["review"] = driver.current_url
    items = driver.find_elements(_by("CSS_SELECTOR"), "#findings li.finding")
    severities = {li.get_attribute("data-sev") for li in items}
    assert {"medium", "low"} <= severities  # samples/README.md: TASK-01 … medium, LEGAL-03 low
    assert "Nhiệm vụ thiếu cơ quan chủ trì" in driver.find_element(_by("ID"), "findings").text
    driver.find_element(_by("CSS_SELECTOR"), ".sev-filter[value='low']").click()
    hidden = driver.find_elements(_by("CSS_SELECTOR"), "#findings li.finding.hidden")
    assert hidden and all(li.get_attribute("data-sev") == "low" for li in hidden)
    assert f"{len(items) - len(hidden)} / {len(items)}" in driver.find_element(_by("ID"), "shown").text
    driver.find_element(_by("CSS_SELECTOR"), ".sev-filter[value='low']").click()
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(_by("ID"), "area-filter")).select_by_value("Mục tiêu")
    shown = [li for li in items if li.is_displayed()]
    assert shown and all(li.get_attribute("data-area") == "Mục tiêu" for li in shown)
    assert "TARGET-02" in " ".join(li.text for li in shown)  # the 100 % cáp quang target planted in the sample
    # a finding's place opens the draft's paragraph in the memo below
    link = next(li for li in shown if "TARGET-02" in li.text).find_element(_by("CSS_SELECTOR"), "a.place")
    paragraph = link.get_attribute("href").rsplit("#p-", 1)[1]
    link.click()
    with _in_frame(driver, "memo"):
        assert driver.execute_script("return location.hash") == f"#p-{paragraph}"
        target = driver.find_element(_by("ID"), f"p-{paragraph}")
        assert "100%" in target.text and "cáp quang" in target.text
    Select(driver.find_element(_by("ID"), "area-filter")).select_by_value("")
    _screenshot(driver, "web-ket-qua.png")


@needs_chromium
def test_the_experts_round_merges_each_copy_as_it_comes_back(site, state):
    driver, base = site
    driver.get(state["review"])
    annotated = driver.find_element(_by("ID"), "annotated").get_attribute("href")
    assert annotated.endswith(".annotated.docx")
    driver.find_element(_by("ID"), "copies").send_keys(str(SAMPLES / "gop-y" / "chuyen-gia-a.docx"))
    driver.find_element(_by("ID"), "experts-submit").click()
    _wait_done(driver, "experts-summary")
    table = driver.find_element(_by("ID"), "expert-table").text
    assert "Nguyễn Văn An" in table and "chuyen-gia-a.docx" in table and "Trần Thị Bình" not in table
    rejected = driver.find_element(_by("ID"), "rejected").text  # samples/README.md: An rejects the IOC task's TASK-01
    assert "TASK-01" in rejected and "Nguyễn Văn An" in rejected
    merge_url = driver.current_url
    # the second expert's copy comes back: the same report, made again with both
    driver.find_element(_by("ID"), "copies").send_keys(str(SAMPLES / "gop-y" / "chuyen-gia-b.docx"))
    driver.find_element(_by("ID"), "experts-submit").click()
    _until(driver, lambda d: "Trần Thị Bình" in d.find_element(_by("TAG_NAME"), "body").text
           and d.find_elements(_by("ID"), "report") and not d.find_elements(_by("ID"), "status-box"))
    assert driver.current_url == merge_url
    said = driver.find_element(_by("ID"), "said").text
    assert "Trần Thị Bình" in said and "Nguyễn Văn An" in said
    assert "2" in driver.find_element(_by("ID"), "who-h").text
    labels = [a.text for a in driver.find_elements(_by("CSS_SELECTOR"), "a.dl")]
    assert "Báo cáo tổng hợp ý kiến phản biện (.docx) / Consolidated report" in labels
    with _in_frame(driver, "report"):
        assert "Trần Thị Bình" in _body(driver)
    _fits_the_laptop(driver)
    _screenshot(driver, "web-chuyen-gia.png")


@needs_chromium
def test_round_two_shows_what_was_taken_up_and_the_redline(site, state):
    driver, base = site
    driver.get(state["review"])
    driver.find_element(_by("ID"), "revised").send_keys(str(REVISED))
    driver.find_element(_by("ID"), "revise-submit").click()
    _wait_done(driver, "round")
    assert REVISED.name in driver.find_element(_by("ID"), "job-name").text
    assert driver.find_element(_by("CSS_SELECTOR"), "#round-of a").get_attribute("href") == state["review"]
    truth = RoundTruth()
    for status, rules in (("resolved", truth.resolved), ("open", truth.still_open), ("new", truth.new)):
        group = driver.find_element(_by("ID"), f"round-{status}")
        if not group.get_attribute("open"):
            group.find_element(_by("TAG_NAME"), "summary").click()
        for rule in rules:
            assert f"[{rule}]" in group.text, (status, rule)
    redline = driver.find_element(_by("ID"), "redline").get_attribute("href")
    assert redline.endswith(".redline.docx")
    _fits_the_laptop(driver)
    _screenshot(driver, "web-vong-2.png")
    assert "1 nhiệm vụ thêm" in driver.find_element(_by("ID"), "redline-counts").text  # the land-data task
    driver.find_element(_by("ID"), "redline-in-memo").click()
    with _in_frame(driver, "memo"):
        assert driver.execute_script("return location.hash") == "#phu-luc-thay-doi"
        changes = driver.find_element(_by("ID"), "task-changes").text
        assert truth.added_task in changes and "800" in changes and "1.200" in changes  # task 1's budget
    driver.get(state["review"])  # the earlier round lists its later one
    assert REVISED.name in driver.find_element(_by("ID"), "later").text


@needs_chromium
def test_a_provincial_batch_from_a_zip_of_folders(site, state, tmp_path_factory):
    driver, base = site
    spec = next(s for s in submissions() if s.slug.startswith("01-"))
    folder = tmp_path_factory.mktemp("lo") / spec.slug
    truth = write_submission(spec, folder)
    archive = tmp_path_factory.mktemp("zip") / "ke-hoach-cac-xa.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            if f.suffix in (".docx", ".xlsx"):
                zf.write(f, f"cac-xa/xa-mot/{f.name}")  # one folder: one submission (plan + workbook)
        zf.write(SAMPLE, "cac-xa/dong-hai.docx")
        zf.write(SAMPLES / "de-an-cds-dong-hai-hoan-chinh.docx", "cac-xa/dong-hai-hoan-chinh.docx")
        zf.write(SAMPLES / "de-an-cds-bac-ha.txt", "cac-xa/bac-ha.txt")
    driver.get(base + "/")
    driver.find_element(_by("ID"), "batch-drafts").send_keys(str(archive))
    driver.find_element(_by("ID"), "batch-submit").click()
    _wait_done(driver, "batch-table", timeout=240)
    rows = driver.find_elements(_by("CSS_SELECTOR"), "#batch-table tbody tr")
    files = sorted(r.get_attribute("data-file") for r in rows)
    assert files == sorted(["bac-ha.txt", "dong-hai.docx", "dong-hai-hoan-chinh.docx", f"xa-mot/{truth['plan']}"])
    scores = {r.get_attribute("data-file"): r.find_element(_by("CSS_SELECTOR"), "td.score").text for r in rows}
    from pipeline.review.reviewer import Reviewer

    alone = Reviewer(ReviewOptions()).review(SAMPLE).overall_score
    assert scores["dong-hai.docx"] == str(alone)  # the sample's score reviewed alone, by the same engine
    assert driver.find_element(_by("ID"), "heat").get_attribute("src").endswith("/similarity.html")
    with _in_frame(driver, "heat"):
        assert "dong-hai-hoan-chinh.docx" in _body(driver)
    _fits_the_laptop(driver)
    _screenshot(driver, "web-lo.png")
    state["batch"] = driver.current_url
    row = next(r for r in rows if r.get_attribute("data-file") == "dong-hai.docx")
    row.find_element(_by("CSS_SELECTOR"), "a.open-draft").click()
    _wait_done(driver, "findings")
    assert "Nhiệm vụ thiếu cơ quan chủ trì" in driver.find_element(_by("ID"), "findings").text
    assert f"{scores['dong-hai.docx']}/100" in driver.find_element(_by("ID"), "score").text
    memo = driver.find_element(_by("ID"), "memo").get_attribute("src")
    assert memo.startswith(state["batch"] + "/files/") and memo.endswith("/memo.html")


@needs_chromium
def test_my_reviews_lists_this_browsers_jobs_and_deletes_them(site, state):
    driver, base = site
    driver.get(base + "/jobs")
    table = driver.find_element(_by("ID"), "jobs")
    names = table.text
    assert SAMPLE.name in names and REVISED.name in names and "ke-hoach-cac-xa.zip" in names
    assert "Ý kiến chuyên gia / Experts' round" in names and "Hoàn thành / Done" in names
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", names)  # dates
    _fits_the_laptop(driver)
    _screenshot(driver, "web-cong-viec.png")
    review_id = state["review"].rsplit("/", 1)[1]
    before = len(driver.find_elements(_by("CSS_SELECTOR"), "#jobs tbody tr"))
    driver.find_element(_by("CSS_SELECTOR"), f"tr[data-job='{review_id}'] button").click()
    from selenium.webdriver.support import expected_conditions as ec

    _until(driver, ec.alert_is_present(), 5).accept()  # "Delete this job and its files?"
    _until(driver, lambda d: d.find_elements(_by("ID"), "deleted"), 10)
    after = driver.find_elements(_by("CSS_SELECTOR"), "#jobs tbody tr")
    assert len(after) == before - 2  # the review and its experts' round; its round 2 stays
    assert not driver.find_elements(_by("CSS_SELECTOR"), f"tr[data-job='{review_id}']")
    driver.get(state["review"])
    assert "Không tìm thấy" in _body(driver)
    # another browser (no session cookie) sees nothing of this one's work
    driver.get(state["batch"])
    assert "ke-hoach-cac-xa.zip" in _body(driver)
    driver.delete_all_cookies()
    driver.get(base + "/jobs")
    assert driver.find_elements(_by("ID"), "no-jobs")
    driver.get(state["batch"])
    assert "Không tìm thấy" in _body(driver)


def test_a_copy_of_another_document_is_set_aside_and_the_round_goes_on(app):
    client = app.test_client()
    review = client.post("/upload", data={"draft": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)},
                         content_type="multipart/form-data").headers["Location"]
    assert _wait(client, review)["state"] == "done"
    other = ROOT / "tests" / "data" / "realistic" / "r02-ke-hoach-huyen-tan-khe-2023.docx"
    merge = client.post(review + "/experts", data={"copy": (io.BytesIO(other.read_bytes()), "chuyen-gia-c.docx")},
                        content_type="multipart/form-data").headers["Location"]
    status = _wait(client, merge)
    assert status["state"] == "error" and "không được tổng hợp, đã để riêng" in status["message"]
    assert "not a copy of the reviewed draft" in status["message"]
    copy = SAMPLES / "gop-y" / "chuyen-gia-a.docx"
    again = client.post(review + "/experts", data={"copy": (io.BytesIO(copy.read_bytes()), copy.name)},
                        content_type="multipart/form-data")
    assert again.headers["Location"] == merge  # one experts' round per review
    status = _wait(client, merge)
    assert status["state"] == "done", status
    page = client.get(merge).get_data(as_text=True)
    assert "chuyen-gia-a.docx" in page and "chuyen-gia-c.docx" not in page and "Nguyễn Văn An" in page
    assert client.post(review + "/experts", data={"copy": (io.BytesIO(b"x"), "y-kien.txt")},
                       content_type="multipart/form-data").status_code == 400


def test_a_pdf_draft_offers_no_word_experts_round(app):
    client = app.test_client()
    pdf = SAMPLES / "de-an-cds-tay-son.pdf"
    job_url = client.post("/upload", data={"draft": (io.BytesIO(pdf.read_bytes()), pdf.name)},
                          content_type="multipart/form-data").headers["Location"]
    status = _wait(client, job_url)
    assert status["state"] == "done" and status["outputs"]["annotated"].endswith(".annotated.pdf")
    page = client.get(job_url).get_data(as_text=True)
    assert 'id="no-word-round"' in page and 'id="experts-form"' not in page and 'id="revise-form"' in page


def test_each_file_is_held_to_the_size_limit_not_the_whole_upload(app):
    """As on the command line (--max-size-mb per file): a province's drafts together may exceed the limit."""
    client = app.test_client()
    text = SAMPLES / "de-an-cds-bac-ha.txt"
    padded = text.read_bytes() + b"\n" * (700 * 1024)  # 0.7 MB each, 1.4 MB together, the limit 1 MB
    drafts = [(io.BytesIO(padded), "xa-a.txt"), (io.BytesIO(padded), "xa-b.txt")]
    response = client.post("/batch", data={"drafts": drafts}, content_type="multipart/form-data")
    assert response.status_code == 303
    assert client.post(response.headers["Location"] + "/delete").status_code == 303  # (not reviewed here)
    over = client.post("/batch", data={"drafts": [(io.BytesIO(padded + padded), "xa-c.txt")]},
                       content_type="multipart/form-data")
    assert over.status_code == 413 and "Tệp quá lớn (tối đa 1 MB): xa-c.txt" in over.get_data(as_text=True)


def test_a_batchs_progress_counts_the_drafts_its_manifest_records(tmp_path):
    from pipeline.apps.batch import _write_manifest
    from pipeline.apps.job_store import Job
    from pipeline.apps.web_batch import progress

    job = Job("x", "o", "lo", tmp_path, state="batch", kind="batch", info={"total": 3})
    assert progress(job) == (0, 3)
    (tmp_path / "out").mkdir()
    _write_manifest(tmp_path / "out", {"xa-a.docx": {"row": {}}}, [], "v1")  # as run_batch writes after a draft
    assert progress(job) == (1, 3)
