"""`planreview serve`: a local web page to upload a draft, follow the review and read/download the results.

Private by design: each browser gets a random session cookie and only ever sees its own jobs (job ids are
128-bit random); jobs live in an SQLite job store under the data folder (survive a restart, expire after
``keep_days``). Bound to 127.0.0.1 by default; another ``--host`` needs a shared ``--token``. Requests whose
Host header is not the bound host (DNS rebinding) and cross-site POSTs are refused. Reviews run in a small
pool of worker threads with the CLI's size limits (decompression bombs are refused before reading). Served
by waitress, a production WSGI server.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, g, jsonify, redirect, render_template, request, send_from_directory, url_for

from pipeline.apps.job_runner import JobRunner
from pipeline.apps.job_store import Job, JobStore, default_data_dir, owner_of
from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED, accept_attribute, listed
from pipeline.ingest.submission import split_plan
from pipeline.render.templating import TEMPLATE_DIR
from pipeline.render.writers import write_outputs
from pipeline.review.reviewer import Reviewer, ReviewOptions

SESSION_COOKIE = "planreview_session"
TOKEN_COOKIE = "planreview_token"
TOKEN_HEADER = "X-Planreview-Token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
MAX_FILES = 20  # files of one submission (a plan, its appendices and the decision issuing it)

STAGES = {"queued": "Đang chờ", "parse": "Đọc tệp", "segment": "Phân đoạn, tách câu", "analyse": "Trích xuất căn cứ, "
          "nhiệm vụ, chỉ tiêu", "compare": "So sánh với kho đề án", "check": "Kiểm tra theo bộ quy tắc",
          "render": "Lập báo cáo", "done": "Hoàn thành", "error": "Lỗi"}
DOWNLOADS = [("memo.docx", "Báo cáo phản biện (.docx)"), ("annotated", "Dự thảo có chú thích (.docx)"),
             ("redline", "So sánh với dự thảo trước (.docx, theo dõi thay đổi)"),
             ("findings.json", "findings.json"), ("tasks.xlsx", "Bảng nhiệm vụ (.xlsx)"), ("memo.md", "memo.md")]


def _safe_name(name: str) -> str:
    """Keep Vietnamese letters, digits, spaces, dots, dashes; drop any path."""
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^\w .\-()]", "_", name, flags=re.UNICODE).strip(" .")
    return name or "du-thao"


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed_hosts(host: str) -> set[str] | None:
    """Host header values accepted (port stripped); None when bound to every address (the token protects)."""
    bare = host.strip("[]")
    if bare in ("0.0.0.0", "::", ""):
        return None
    return set(LOOPBACK_NAMES) if is_loopback(bare) else {bare.lower()}


def _host_of(header: str) -> str:
    try:
        return (urlsplit("//" + header).hostname or "").lower()
    except ValueError:
        return ""


def create_app(options: ReviewOptions | None = None, workdir: Path | None = None, max_mb: float = 50,
               keep_days: float = 7, host: str = "127.0.0.1", token: str | None = None, workers: int = 2,
               job_memory_mb: float = 2048, job_time_s: float = 900) -> Flask:
    """The web application. ``workdir`` is the data folder (job store, uploads, results). Each review runs in
    its own worker process (job_runner.py) within ``job_memory_mb`` and ``job_time_s``, in a fair queue."""
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR))  # templates/web/*.html
    app.config["MAX_CONTENT_LENGTH"] = int(max_mb * 1024 * 1024)
    options = options or ReviewOptions()
    options.max_bytes = min(options.max_bytes, int(max_mb * 1024 * 1024))
    store = JobStore(Path(workdir) if workdir else default_data_dir(), keep_days)
    store.expire()
    allowed = _allowed_hosts(host)
    loaded: dict[str, Reviewer] = {}
    order = ["queued", "parse", "segment", "analyse", "check", "compare", "render", "done"]
    reviewer_lock = threading.Lock()

    def shared_reviewer() -> Reviewer:
        """Rules, knowledge base and corpus matcher, loaded once in the server: every worker inherits them."""
        with reviewer_lock:
            if "reviewer" not in loaded:
                loaded["reviewer"] = Reviewer(options)
                _ = loaded["reviewer"].index
        return loaded["reviewer"]

    def run(job: Job, path: Path, previous: Path | None = None, attached: list[Path] | None = None) -> None:
        """One review, in its own worker process (its own connection to the job store)."""
        jobs = JobStore(store.root, keep_days)
        try:
            reviewer = shared_reviewer()
            result = reviewer.review(path, progress=lambda stage: jobs.update(job.id, stage), previous=previous,
                                     attached=attached or None)
            jobs.update(job.id, "render")
            paths = write_outputs(result, job.folder / "out", options.template_dir)
            outputs = {(key if key in ("annotated", "redline") else p.name): p.name for key, p in paths.items()}
            jobs.update(job.id, "done", outputs=outputs)
        except InputError as err:
            jobs.update(job.id, "error", err.one_line())
        except Exception as err:  # the page says what happened; the server keeps running
            jobs.update(job.id, "error", f"Lỗi không lường trước / unexpected error: {type(err).__name__}: {err}")

    runner = JobRunner(workers, lambda job_id, message: store.update(job_id, "error", message),
                       memory_mb=job_memory_mb, time_s=job_time_s, before_fork=shared_reviewer)

    for pending in store.unfinished():  # jobs interrupted by a restart run again
        uploads = sorted((pending.folder / "in").glob("*"))
        if uploads:
            store.update(pending.id, "queued")
            earlier = store.get(pending.previous, pending.owner) if pending.previous else None
            plan, others = split_plan(uploads)
            runner.submit(pending.id, pending.owner, run, pending, plan, earlier.folder / "out" if earlier else None,
                          others)
        else:
            store.update(pending.id, "error", "Tệp tải lên đã mất / the upload is gone")
    app.extensions["planreview"] = {"store": store, "runner": runner}

    def refuse(code: int, vi: str, en: str):
        return render_template("web/refused.html", m=f"{vi} / {en}", code=code), code

    @app.errorhandler(404)
    def not_found(_err):
        return refuse(404, f"Không tìm thấy trang hoặc kết quả này (kết quả chỉ trình duyệt đã tải dự thảo lên xem "
                           f"được, và được lưu {keep_days:g} ngày)", "Page or result not found (results are seen only "
                           f"by the browser that uploaded the draft, and kept {keep_days:g} days)")

    @app.errorhandler(405)
    def not_allowed(_err):
        return refuse(405, "Trang này không nhận yêu cầu kiểu này", "Method not allowed here")

    @app.before_request
    def guard():
        if allowed is not None and _host_of(request.host) not in allowed:
            return refuse(403, "Tên máy trong yêu cầu không khớp máy chủ (Host header)",
                          "Host header does not match the server (possible DNS rebinding)")
        if token:
            given = request.args.get("token") or request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)
            if not given or not secrets.compare_digest(given, token):
                return refuse(403, "Cần mã truy cập (?token=...)", "An access token is required (?token=...)")
        if request.method == "POST":
            origin = request.headers.get("Origin") or request.headers.get("Referer")
            if request.headers.get("Sec-Fetch-Site") == "cross-site" or (
                    origin and origin != "null" and urlsplit(origin).netloc.lower() != request.host.lower()):
                return refuse(403, "Từ chối yêu cầu gửi từ trang web khác", "Cross-site request refused")
            if origin == "null":
                return refuse(403, "Từ chối yêu cầu gửi từ trang web khác", "Cross-site request refused")
        session = request.cookies.get(SESSION_COOKIE, "")
        g.new_session = not re.fullmatch(r"[A-Za-z0-9_-]{32,64}", session)
        g.session = secrets.token_urlsafe(32) if g.new_session else session
        g.owner = owner_of(g.session)
        return None

    @app.after_request
    def headers(response):
        if getattr(g, "new_session", False):
            response.set_cookie(SESSION_COOKIE, g.session, max_age=int(keep_days * 86400), httponly=True,
                                samesite="Lax")
        if token and request.args.get("token") == token:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Lax")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # a same-site POST keeps its Origin
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def index_page(error: str = "", code: int = 200):
        return render_template("web/index.html", error=error, jobs=store.of_owner(g.owner), stages=STAGES,
                               max_mb=int(max_mb), keep_days=f"{keep_days:g}", accept=accept_attribute(),
                               formats=listed()), code

    @app.get("/")
    def index():
        return index_page()

    @app.get("/huong-dan")
    def guide():
        """The users' guide (docs/huong-dan-su-dung.md) on the page."""
        from pipeline.apps.guide import guide_path, to_html

        path = guide_path()
        if not path.is_file():
            abort(404)
        body = to_html(path.read_text(encoding="utf-8"), url_for("guide") + "/images/")
        return render_template("web/guide.html", body=body)

    @app.get("/huong-dan/images/<name>")
    def guide_picture(name: str):
        from pipeline.apps.guide import guide_path

        if not re.fullmatch(r"[\w-]+\.png", name):
            abort(404)
        return send_from_directory(guide_path().parent / "images", name)

    @app.errorhandler(413)
    def too_large(_err):
        if not hasattr(g, "owner"):
            g.owner = owner_of(request.cookies.get(SESSION_COOKIE, ""))
        return index_page(f"Tệp quá lớn (tối đa {int(max_mb)} MB) / File too large (max {int(max_mb)} MB)", 413)

    def submit(uploaded: list, missing: str, earlier: Job | None = None):
        """Store the uploaded files — one draft, or a plan with its appendices (one submission: the first plan-like
        file is the plan, the others its appendices) — as a new job of this browser and queue its review
        (against ``earlier``)."""
        uploaded = [f for f in uploaded if f is not None and f.filename]
        if not uploaded:
            return index_page(missing, 400)
        names = [_safe_name(f.filename) for f in uploaded]
        for name in names:
            if Path(name).suffix.lower() not in SUPPORTED:
                return index_page(f"Định dạng không được hỗ trợ: {name} (chỉ {listed()}) / "
                                  f"Unsupported file type: {name} (use {listed()})", 400)
        if len({n.casefold() for n in names}) != len(names):
            return index_page("Hai tệp trùng tên / Two files have the same name", 400)
        if len(uploaded) > MAX_FILES:
            return index_page(f"Tối đa {MAX_FILES} tệp một lần / At most {MAX_FILES} files at once", 400)
        plan, others = split_plan([Path(n) for n in names])
        store.expire()
        label = plan.name + (f" (+{len(others)} phụ lục)" if others else "")
        job = store.create(g.owner, label, previous=earlier.id if earlier else "")
        for f, name in zip(uploaded, names):
            f.save(str(job.folder / "in" / name))
        runner.submit(job.id, job.owner, run, job, job.folder / "in" / plan.name,
                      earlier.folder / "out" if earlier else None, [job.folder / "in" / p.name for p in others])
        return redirect(url_for("job", job_id=job.id), code=303)

    @app.post("/upload")
    def upload():
        return submit(request.files.getlist("draft"), "Chưa chọn tệp dự thảo / No file chosen")

    def get_job(job_id: str) -> Job:
        found = store.get(job_id, g.owner)
        if found is None:  # unknown, expired, or another browser's job: the same answer
            abort(404)
        return found

    @app.get("/jobs/<job_id>")
    def job(job_id: str):
        j = get_job(job_id)
        previous = store.get(j.previous, g.owner) if j.previous else None
        return render_template("web/job.html", job=j, stages=STAGES, downloads=DOWNLOADS, order=order,
                               total=len(order) - 1, previous=previous, accept=accept_attribute())

    @app.post("/jobs/<job_id>/revise")
    def revise(job_id: str):
        """A revised draft of a finished job: reviewed against it (rounds.py), the memo opens with the round."""
        earlier = get_job(job_id)
        if earlier.state != "done":
            return index_page("Lần rà soát trước chưa xong / The earlier review has not finished", 409)
        return submit(request.files.getlist("draft"), "Chưa chọn tệp dự thảo sửa đổi / No revised draft chosen",
                      earlier)

    @app.get("/jobs/<job_id>/status")
    def status(job_id: str):
        j = get_job(job_id)
        outputs = {key: url_for("files", job_id=j.id, name=name) for key, name in j.outputs.items()}
        return jsonify(state=j.state, stage=STAGES.get(j.state, j.state), message=j.message, outputs=outputs)

    @app.get("/jobs/<job_id>/files/<path:name>")
    def files(job_id: str, name: str):
        j = get_job(job_id)
        if name not in j.outputs.values():
            abort(404)
        return send_from_directory(j.folder / "out", name, as_attachment=not name.endswith(".html"))

    return app


def serve(host: str = "127.0.0.1", port: int = 8765, options: ReviewOptions | None = None,
          max_mb: float = 50, data_dir: Path | None = None, keep_days: float = 7, token: str | None = None,
          workers: int = 2, job_memory_mb: float = 2048, job_time_s: float = 900) -> None:
    """Run the page with waitress. A non-loopback host needs a token (the caller checks)."""
    app = create_app(options, workdir=data_dir, max_mb=max_mb, keep_days=keep_days, host=host, token=token,
                     workers=workers, job_memory_mb=job_memory_mb, job_time_s=job_time_s)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    if not is_loopback(host):
        print(f"Cảnh báo: trang web mở cho mạng ngoài ({host}); chỉ ai có mã truy cập mới dùng được / "
              f"Warning: the page is reachable from the network ({host}); only holders of the token can use it",
              file=sys.stderr)
    store = app.extensions["planreview"]["store"]
    print(f"planreview: mở trình duyệt tại / open {url}  (dữ liệu / data: {store.root}; Ctrl-C để dừng / to stop)")
    make_server(app, host, port, max_mb).run()


def make_server(app: Flask, host: str, port: int, max_mb: float):
    """The waitress server of ``app``, its own error responses styled as the application's pages."""
    from waitress import create_server

    server = create_server(app, host=host, port=port, threads=8, ident="planreview",
                           max_request_body_size=int(max_mb * 1024 * 1024) + 65536)
    channel = styled_error_channel(error_pages(app, max_mb))
    for each in [server, *getattr(server, "map", {}).values()]:  # one server, or one per address
        if hasattr(each, "channel_class"):
            each.channel_class = channel
    return server


def error_pages(app: Flask, max_mb: float) -> dict[int, bytes]:
    """The pages waitress answers with itself, before the application sees the request (a body over the
    size limit, a malformed request), styled as the application's own: code → HTML."""
    messages = {
        413: (f"Tệp quá lớn (tối đa {max_mb:g} MB)", f"File too large (max {max_mb:g} MB)"),
        400: ("Yêu cầu không hợp lệ", "Bad request"),
        431: ("Tiêu đề yêu cầu quá lớn", "Request header fields too large"),
        500: ("Lỗi máy chủ", "Internal server error"),
    }
    with app.test_request_context("/"):
        return {code: render_template("web/refused.html", m=f"{vi} / {en}", code=code).encode("utf-8")
                for code, (vi, en) in messages.items()}


def styled_error_channel(pages: dict[int, bytes]):
    """waitress's HTTP channel with its plain-text error responses ("Request Entity Too Large … exceeds
    max_body") replaced by ``pages``."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class StyledErrorTask(ErrorTask):
        def execute(self) -> None:
            error = self.request.error
            body = pages.get(error.code, pages[500])
            self.status = f"{error.code} {error.reason}"
            self.response_headers.append(("Content-Type", "text/html; charset=utf-8"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class StyledChannel(HTTPChannel):
        error_task_class = StyledErrorTask

    return StyledChannel
