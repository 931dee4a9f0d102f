"""Issue 12: the web page keeps each council member's work private, survives restarts, expires old jobs,
refuses DNS rebinding and cross-site posts, needs a token off loopback, runs reviews in a worker pool and is
served by waitress (`planreview serve`)."""

from __future__ import annotations

import io
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pipeline.apps.cli import main
from pipeline.apps.web import create_app
from pipeline.review.reviewer import ReviewOptions
from planreview_testing.gen_hostile import docx_bomb

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "de-an-cds-bac-ha.txt"


def _app(workdir: Path, **kwargs):
    app = create_app(ReviewOptions(corpus_dir=None), workdir=workdir, max_mb=5, **kwargs)
    app.config["TESTING"] = True
    return app


def _upload(client, data: bytes = b"", name: str = "du-thao.txt", **headers):
    data = data or SAMPLE.read_bytes()
    return client.post("/upload", data={"draft": (io.BytesIO(data), name)}, content_type="multipart/form-data",
                       headers=headers)


def _wait(client, job_url: str, timeout: float = 120) -> dict:
    end = time.time() + timeout
    while time.time() < end:
        status = client.get(job_url + "/status").get_json()
        if status["state"] in ("done", "error"):
            return status
        time.sleep(0.1)
    raise AssertionError("review did not finish")


def test_a_browser_sees_only_its_own_jobs(tmp_path):
    app = _app(tmp_path)
    alice, bob = app.test_client(), app.test_client()
    job_url = _upload(alice, name="xa-hoa-binh.txt").headers["Location"]
    status = _wait(alice, job_url)
    assert status["state"] == "done"
    assert "xa-hoa-binh.txt" in alice.get("/").get_data(as_text=True)
    assert "xa-hoa-binh.txt" not in bob.get("/").get_data(as_text=True)
    for url in (job_url, job_url + "/status", status["outputs"]["memo.html"]):
        assert bob.get(url).status_code == 404
    assert alice.get(status["outputs"]["memo.html"]).status_code == 200
    job_id = job_url.rstrip("/").split("/")[-1]
    assert len(job_id) >= 22  # 128 random bits


def test_jobs_survive_a_restart_and_expire(tmp_path):
    app = _app(tmp_path)
    client = app.test_client()
    job_url = _upload(client).headers["Location"]
    status = _wait(client, job_url)
    cookie = client.get_cookie("planreview_session").value
    restarted = _app(tmp_path)  # a new process would read the same job store
    again = restarted.test_client()
    again.set_cookie("planreview_session", cookie)
    assert again.get(job_url + "/status").get_json()["state"] == "done"
    assert again.get(status["outputs"]["memo.html"]).status_code == 200
    job_id = job_url.rstrip("/").split("/")[-1]
    with sqlite3.connect(str(tmp_path / "jobs.sqlite")) as db:
        db.execute("UPDATE jobs SET created = created - 8 * 86400 WHERE id = ?", (job_id,))
    later = _app(tmp_path, keep_days=7)
    client = later.test_client()
    client.set_cookie("planreview_session", cookie)
    assert client.get(job_url + "/status").status_code == 404
    assert not (tmp_path / "jobs" / job_id).exists()


def test_host_header_and_cross_site_posts_are_refused(tmp_path):
    client = _app(tmp_path).test_client()
    assert client.get("/", headers={"Host": "attacker.example:8765"}).status_code == 403
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    assert _upload(client, Origin="http://attacker.example").status_code == 403
    assert _upload(client, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert _upload(client, Origin="http://localhost").status_code == 303  # the page's own form


def test_token_is_required_off_loopback(tmp_path):
    client = _app(tmp_path, host="0.0.0.0", token="bi-mat-chung").test_client()
    assert client.get("/").status_code == 403
    assert client.get("/?token=sai").status_code == 403
    assert client.get("/?token=bi-mat-chung").status_code == 200
    assert client.get("/").status_code == 200  # the token is remembered in a cookie
    other = _app(tmp_path, host="0.0.0.0", token="bi-mat-chung").test_client()
    assert other.get("/", headers={"X-Planreview-Token": "bi-mat-chung"}).status_code == 200
    assert main(["serve", "--host", "0.0.0.0"]) == 2  # refused before the server starts


def test_a_bomb_does_not_block_other_users(tmp_path):
    bomb = docx_bomb(tmp_path / "bom.docx", 200 * 1024 * 1024)
    app = _app(tmp_path / "web", workers=2)
    attacker, member = app.test_client(), app.test_client()
    start = time.perf_counter()
    bomb_url = _upload(attacker, bomb.read_bytes(), "bom.docx").headers["Location"]
    job_url = _upload(member).headers["Location"]
    bomb_status = _wait(attacker, bomb_url)
    assert bomb_status["state"] == "error" and "decompression bomb" in bomb_status["message"]
    assert _wait(member, job_url)["state"] == "done"
    assert time.perf_counter() - start < 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_uses_waitress_and_the_out_folder(tmp_path):
    port = _free_port()
    data = tmp_path / "du-lieu-web"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.apps.cli", "serve", "--port", str(port), "-o", str(data),
                             "--no-corpus"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    server, body = response.headers.get("Server", ""), response.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            pytest.fail("server did not start")
        assert "waitress" in server.lower() or "planreview" in server.lower()
        assert "Rà soát dự thảo" in body
        assert (data / "jobs.sqlite").exists()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "rebind.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "development server" not in err.decode("utf-8")


# ---------------------------------------------------------------------------------------------- issue 37

DONG_HAI = ROOT / "samples" / "de-an-cds-dong-hai.docx"
COPY_A = ROOT / "samples" / "gop-y" / "chuyen-gia-a.docx"


def _post(client, url: str, field: str, files: list[Path], **headers):
    return client.post(url, data={field: [(io.BytesIO(f.read_bytes()), f.name) for f in files]},
                       content_type="multipart/form-data", headers=headers)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Alice's review, its experts' round and a batch, in one server."""
    import re

    app = _app(tmp_path_factory.mktemp("web"))
    alice = app.test_client()
    review = _post(alice, "/upload", "draft", [DONG_HAI]).headers["Location"]
    assert _wait(alice, review)["state"] == "done"
    merge = _post(alice, review + "/experts", "copy", [COPY_A]).headers["Location"]
    merge_status = _wait(alice, merge)
    assert merge_status["state"] == "done", merge_status
    batch = _post(alice, "/batch", "drafts", [DONG_HAI, SAMPLE]).headers["Location"]
    batch_status = _wait(alice, batch)
    assert batch_status["state"] == "done", batch_status
    draft = re.search(r'href="(/jobs/[^"]+/drafts/[^"]+)"', alice.get(batch).get_data(as_text=True)).group(1)
    yield {"app": app, "alice": alice, "review": review, "merge": merge, "batch": batch, "draft": draft,
           "files": [*_wait(alice, review)["outputs"].values(), *merge_status["outputs"].values(),
                     *batch_status["outputs"].values()]}
    app.extensions["planreview"]["runner"].stop()


def test_every_page_and_file_of_a_job_is_its_owners_alone(workspace):
    alice, bob = workspace["alice"], workspace["app"].test_client()
    urls = [workspace[k] for k in ("review", "merge", "batch", "draft")]
    urls += [workspace[k] + "/status" for k in ("review", "merge", "batch")] + workspace["files"]
    assert len(workspace["files"]) > 15  # memo, annotated draft, consolidated report, batch summary, each memo …
    for url in urls:
        assert alice.get(url).status_code == 200, url
        assert bob.get(url).status_code == 404, url
    listing = bob.get("/jobs").get_data(as_text=True)
    assert DONG_HAI.name not in listing and "Ý kiến chuyên gia" not in listing and 'id="no-jobs"' in listing
    mine = alice.get("/jobs").get_data(as_text=True)
    assert mine.count("data-job=") == 3 and DONG_HAI.name in mine
    batch = alice.get(workspace["batch"] + "/status").get_json()
    assert (batch["done"], batch["of"], batch["counted"]) == (2, 2, True)  # drafts reviewed / drafts


def test_nobody_else_can_add_to_revise_or_delete_a_job(workspace):
    alice, bob = workspace["alice"], workspace["app"].test_client()
    review, merge = workspace["review"], workspace["merge"]
    assert _post(bob, review + "/experts", "copy", [COPY_A]).status_code == 404
    assert _post(bob, review + "/revise", "draft", [DONG_HAI]).status_code == 404
    for url in (review, merge, workspace["batch"]):
        assert bob.post(url + "/delete").status_code == 404
        assert alice.get(url).status_code == 200  # still there
    assert len(bob.get("/jobs").get_data(as_text=True).split("data-job=")) == 1


def test_cross_site_posts_to_every_new_route_are_refused(workspace):
    alice, review = workspace["alice"], workspace["review"]
    evil = {"Origin": "http://attacker.example"}
    assert _post(alice, "/batch", "drafts", [SAMPLE], **evil).status_code == 403
    assert _post(alice, review + "/experts", "copy", [COPY_A], **evil).status_code == 403
    assert alice.post(review + "/delete", headers=evil).status_code == 403
    assert alice.post(review + "/delete", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert alice.get(review).status_code == 200


def test_deleting_a_review_removes_its_files_and_its_experts_round(tmp_path):
    app = _app(tmp_path)
    client = app.test_client()
    review = _post(client, "/upload", "draft", [DONG_HAI]).headers["Location"]
    assert _wait(client, review)["state"] == "done"
    merge = _post(client, review + "/experts", "copy", [COPY_A]).headers["Location"]
    assert _wait(client, merge)["state"] == "done"
    folders = [tmp_path / "jobs" / url.rsplit("/", 1)[1] for url in (review, merge)]
    assert all(f.is_dir() for f in folders)
    response = client.post(review + "/delete")
    assert response.status_code == 303 and "/jobs" in response.headers["Location"]
    assert client.get(review).status_code == 404 and client.get(merge).status_code == 404
    assert not any(f.exists() for f in folders)
    assert 'id="no-jobs"' in client.get("/jobs").get_data(as_text=True)


def test_a_client_with_only_the_token_sees_the_tokens_jobs(tmp_path):
    app = _app(tmp_path, host="0.0.0.0", token="bi-mat-chung")
    header = {"X-Planreview-Token": "bi-mat-chung"}
    script, other_script = app.test_client(), app.test_client()
    job_url = _upload(script, name="xa-hoa-binh.txt", **header).headers["Location"]
    assert not script.get_cookie("planreview_session")  # no session: the token is who it is
    assert other_script.get(job_url + "/status", headers=header).status_code == 200
    assert "xa-hoa-binh.txt" in other_script.get("/jobs", headers=header).get_data(as_text=True)
    browser = app.test_client()
    assert browser.get("/?token=bi-mat-chung").status_code == 200  # a browser has its own session
    assert "xa-hoa-binh.txt" not in browser.get("/jobs").get_data(as_text=True)
    assert browser.get(job_url).status_code == 404


def test_a_zip_bomb_in_a_batch_fails_in_its_worker_and_writes_nothing_outside(tmp_path):
    import zipfile

    archive = tmp_path / "lo.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("du-thao/a.txt", b"\0" * (120 * 1024 * 1024))  # 120 MB of zeros in ~120 KB
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as zf:
        zf.writestr("../../ngoai.txt", SAMPLE.read_bytes())
        zf.writestr("xa/du-thao.txt", SAMPLE.read_bytes())
    app = _app(tmp_path / "web")
    client = app.test_client()
    bomb = _post(client, "/batch", "drafts", [archive]).headers["Location"]
    status = _wait(client, bomb)
    assert status["state"] == "error" and "bom nén" in status["message"] and "decompression bomb" in status["message"]
    ok = _post(client, "/batch", "drafts", [slip]).headers["Location"]
    status = _wait(client, ok)
    assert status["state"] == "done", status
    assert not list(tmp_path.rglob("ngoai.txt"))
    page = client.get(ok).get_data(as_text=True)
    assert 'data-file="du-thao.txt"' in page  # the zipped folder's insides: one draft


def test_interrupted_jobs_of_every_kind_run_again_after_a_restart(tmp_path):
    import shutil

    app = _app(tmp_path)
    client = app.test_client()
    review = _post(client, "/upload", "draft", [DONG_HAI]).headers["Location"]
    assert _wait(client, review)["state"] == "done"
    merge = _post(client, review + "/experts", "copy", [COPY_A]).headers["Location"]
    batch = _post(client, "/batch", "drafts", [DONG_HAI, SAMPLE]).headers["Location"]
    merge_status, batch_status = _wait(client, merge), _wait(client, batch)
    assert merge_status["state"] == "done" and batch_status["state"] == "done", (merge_status, batch_status)
    app.extensions["planreview"]["runner"].stop()
    ids = [url.rsplit("/", 1)[1] for url in (merge, batch)]
    with sqlite3.connect(str(tmp_path / "jobs.sqlite")) as db:  # as if the server stopped while they ran
        db.executemany("UPDATE jobs SET state = 'merge', outputs = '{}' WHERE id = ?", [(i,) for i in ids])
    for job_id in ids:
        shutil.rmtree(tmp_path / "jobs" / job_id / "out")
    cookie = client.get_cookie("planreview_session").value
    again = _app(tmp_path).test_client()
    again.set_cookie("planreview_session", cookie)
    for url in (merge, batch):
        status = _wait(again, url)
        assert status["state"] == "done", (url, status)
        assert again.get(next(iter(status["outputs"].values()))).status_code == 200
    assert "Nguyễn Văn An" in again.get(merge).get_data(as_text=True)
    assert again.get(batch).get_data(as_text=True).count('class="open-draft"') == 2
