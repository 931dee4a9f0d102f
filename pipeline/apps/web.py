"""`planreview serve`: the council's workspace in the browser — a review (a submission of several files or a
.zip, optionally the plan above), the experts' round (their commented copies merged into the consolidated
report), round 2 (the revised draft against the earlier round), a provincial batch, and "my reviews".

Private by design: each browser gets a random session cookie and only ever sees its own jobs (job ids are
128-bit random); jobs live in an SQLite job store under the data folder (survive a restart, expire after
``keep_days``, deletable by their owner). Bound to 127.0.0.1 by default; another ``--host`` needs a shared
``--token``. Requests whose Host header is not the bound host (DNS rebinding) and cross-site POSTs are refused
(web_security.py). Every job runs in its own forked worker process with memory and time limits in a fair queue
(job_runner.py), calling the same functions as the command line. Served by waitress (web_server.py). The
routes of each kind of job are in web_review.py, web_experts.py, web_batch.py and web_jobs.py; the pages are
templates in render/templates/web/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from flask import Flask, abort, g, render_template, send_from_directory, url_for

from pipeline.apps import web_batch, web_experts, web_jobs, web_review
from pipeline.apps.job_runner import JobRunner
from pipeline.apps.job_store import JobStore, default_data_dir
from pipeline.apps.web_context import WebContext
from pipeline.apps.web_security import install_guard, is_loopback, request_owner
from pipeline.apps.web_server import error_pages, make_server, styled_error_channel
from pipeline.apps.web_uploads import request_limit
from pipeline.core.formats import SUPPORTED  # the one list of formats the pages' pickers offer
from pipeline.render.templating import TEMPLATE_DIR
from pipeline.review.reviewer import ReviewOptions

__all__ = ["SUPPORTED", "create_app", "error_pages", "is_loopback", "make_server", "serve", "styled_error_channel"]


def create_app(options: ReviewOptions | None = None, workdir: Path | None = None, max_mb: float = 50,
               keep_days: float = 7, host: str = "127.0.0.1", token: str | None = None, workers: int = 2,
               job_memory_mb: float = 2048, job_time_s: float = 900, reject_words: list[str] | None = None) -> Flask:
    """The web application. ``workdir`` is the data folder (job store, uploads, results). Each job runs in its
    own worker process (job_runner.py) within ``job_memory_mb`` and ``job_time_s``, in a fair queue."""
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR))  # templates/web/*.html
    app.config["MAX_CONTENT_LENGTH"] = request_limit(max_mb)  # each file is held to max_mb (web_uploads.py)
    options = options or ReviewOptions()
    options.max_bytes = min(options.max_bytes, int(max_mb * 1024 * 1024))
    store = JobStore(Path(workdir) if workdir else default_data_dir(), keep_days)
    store.expire()
    ctx = WebContext(store, options, max_mb, keep_days, reject_words=reject_words)
    ctx.runner = JobRunner(workers, lambda job_id, message: store.update(job_id, "error", message),
                           memory_mb=job_memory_mb, time_s=job_time_s, before_fork=ctx.reviewer,
                           fork_lock=store.lock)

    def refuse(code: int, vi: str, en: str):
        return render_template("web/refused.html", m=f"{vi} / {en}", code=code), code

    install_guard(app, host, token, keep_days, refuse)
    for routes in (web_review, web_experts, web_batch, web_jobs):
        routes.register(app, ctx)
    ctx.resume()
    app.extensions["planreview"] = {"store": store, "runner": ctx.runner, "context": ctx}

    @app.errorhandler(404)
    def not_found(_err):
        return refuse(404, f"Không tìm thấy trang hoặc kết quả này (kết quả chỉ trình duyệt đã tải dự thảo lên xem "
                           f"được, và được lưu {keep_days:g} ngày)", "Page or result not found (results are seen only "
                           f"by the browser that uploaded the draft, and kept {keep_days:g} days)")

    @app.errorhandler(405)
    def not_allowed(_err):
        return refuse(405, "Trang này không nhận yêu cầu kiểu này", "Method not allowed here")

    @app.errorhandler(413)
    def too_large(_err):
        g.owner = request_owner()
        total = f"{request_limit(max_mb) / 1048576:g}"
        return ctx.index_page(f"Tệp quá lớn (tối đa {max_mb:g} MB mỗi tệp, {total} MB mỗi lần tải) / File too large "
                              f"(max {max_mb:g} MB a file, {total} MB an upload)", 413)

    @app.get("/")
    def index():
        return ctx.index_page()

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

    return app


def serve(host: str = "127.0.0.1", port: int = 8765, options: ReviewOptions | None = None,
          max_mb: float = 50, data_dir: Path | None = None, keep_days: float = 7, token: str | None = None,
          workers: int = 2, job_memory_mb: float = 2048, job_time_s: float = 900,
          reject_words: list[str] | None = None) -> None:
    """Run the page with waitress. A non-loopback host needs a token (the caller checks)."""
    app = create_app(options, workdir=data_dir, max_mb=max_mb, keep_days=keep_days, host=host, token=token,
                     workers=workers, job_memory_mb=job_memory_mb, job_time_s=job_time_s, reject_words=reject_words)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    if not is_loopback(host):
        print(f"Cảnh báo: trang web mở cho mạng ngoài ({host}); chỉ ai có mã truy cập mới dùng được / "
              f"Warning: the page is reachable from the network ({host}); only holders of the token can use it",
              file=sys.stderr)
    store = app.extensions["planreview"]["store"]
    print(f"planreview: mở trình duyệt tại / open {url}  (dữ liệu / data: {store.root}; Ctrl-C để dừng / to stop)")
    make_server(app, host, port, max_mb).run()
