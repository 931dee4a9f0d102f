"""`planreview serve`: a local web page to upload a draft, follow the review and read/download the results.

Bound to 127.0.0.1 by default. Reviews run one after another in a background thread with one
Reviewer loaded at start-up; each upload gets a folder under the server's work directory.
"""

from __future__ import annotations

import re
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, abort, jsonify, redirect, render_template_string, request, send_from_directory, url_for

from .errors import InputError
from .parse import SUPPORTED
from .render import write_outputs
from .review import Reviewer, ReviewOptions

STAGES = {"queued": "Đang chờ", "parse": "Đọc tệp", "segment": "Phân đoạn, tách câu", "analyse": "Trích xuất căn cứ, "
          "nhiệm vụ, chỉ tiêu", "compare": "So sánh với kho đề án", "check": "Kiểm tra theo bộ quy tắc",
          "render": "Lập báo cáo", "done": "Hoàn thành", "error": "Lỗi"}
DOWNLOADS = [("memo.docx", "Báo cáo phản biện (.docx)"), ("annotated", "Dự thảo có chú thích (.docx)"),
             ("redline", "So sánh với dự thảo trước (.docx, theo dõi thay đổi)"),
             ("findings.json", "findings.json"), ("tasks.xlsx", "Bảng nhiệm vụ (.xlsx)"), ("memo.md", "memo.md")]


@dataclass
class Job:
    id: str
    name: str
    folder: Path
    state: str = "queued"
    message: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    previous: str = ""  # id of the job this one is the revised draft of (round 2)


def _safe_name(name: str) -> str:
    """Keep Vietnamese letters, digits, spaces, dots, dashes; drop any path."""
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^\w .\-()]", "_", name, flags=re.UNICODE).strip(" .")
    return name or "du-thao"


PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>planreview — rà soát dự thảo đề án</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } .box { border: 1px solid #ccd; border-radius: 6px; padding: 1em; margin: 1em 0; background: #f8f8fc; }
.error { background: #fde8e8; border-color: #e99; color: #800; } .ok { background: #eaf6ea; border-color: #9c9; }
progress { width: 300px; } iframe { width: 100%; height: 75vh; border: 1px solid #ccd; } a.dl { margin-right: 1.2em; }
</style></head><body>
<h1>Rà soát dự thảo đề án chuyển đổi số</h1>
{% block body %}{% endblock %}
</body></html>"""

INDEX = PAGE.replace("{% block body %}{% endblock %}", """
<div class="box">
<form method="post" action="{{ url_for('upload') }}" enctype="multipart/form-data" id="upload-form">
<p>Chọn dự thảo (.docx, .pdf hoặc .txt, tối đa {{ max_mb }} MB):</p>
<p><input type="file" name="draft" id="draft" accept=".docx,.pdf,.txt"> <button type="submit" id="submit">Rà soát</button></p>
</form>
</div>
{% if error %}<div class="box error" id="error">{{ error }}</div>{% endif %}
{% if jobs %}<h2>Đã rà soát</h2><ul>{% for j in jobs %}<li><a href="{{ url_for('job', job_id=j.id) }}">{{ j.name }}</a>
 — {{ stages[j.state] }}</li>{% endfor %}</ul>{% endif %}
""")

JOB = PAGE.replace("{% block body %}{% endblock %}", """
<p><a href="{{ url_for('index') }}">← Tải dự thảo khác</a></p>
<h2>{{ job.name }}</h2>
{% if previous %}<p id="round-of">Vòng rà soát tiếp theo của <a href="{{ url_for('job', job_id=previous.id) }}">{{ previous.name }}</a></p>{% endif %}
<div class="box" id="status-box"><span id="stage">{{ stages[job.state] }}</span>
<progress id="progress" max="{{ total }}" value="0"></progress></div>
<div class="box error" id="error" hidden></div>
<div id="result" hidden>
<p id="downloads">{% for key, label in downloads %}<a class="dl" data-key="{{ key }}" href="#" hidden>{{ label }}</a>{% endfor %}</p>
<form method="post" action="{{ url_for('revise', job_id=job.id) }}" enctype="multipart/form-data" id="revise-form" class="box">
<p>Tải dự thảo đã sửa (vòng 2) để xem tình hình tiếp thu ý kiến và các thay đổi / Upload a revised draft:</p>
<p><input type="file" name="draft" id="revised" accept=".docx,.pdf,.txt"> <button type="submit" id="revise-submit">Rà soát dự thảo sửa đổi</button></p>
</form>
<iframe id="memo" title="Báo cáo phản biện"></iframe>
</div>
<script>
var order = {{ order|tojson }};
function poll() {
  fetch("{{ url_for('status', job_id=job.id) }}").then(function (r) { return r.json(); }).then(function (s) {
    document.getElementById("stage").textContent = s.stage;
    document.getElementById("progress").value = Math.max(0, order.indexOf(s.state));
    if (s.state === "error") {
      var e = document.getElementById("error"); e.textContent = s.message; e.hidden = false;
      document.getElementById("status-box").hidden = true; return;
    }
    if (s.state === "done") {
      document.getElementById("status-box").className = "box ok";
      document.getElementById("result").hidden = false;
      document.getElementById("memo").src = s.outputs["memo.html"];
      document.querySelectorAll("a.dl").forEach(function (a) {
        var url = s.outputs[a.dataset.key]; if (url) { a.href = url; a.hidden = false; }
      });
      return;
    }
    setTimeout(poll, 400);
  });
}
poll();
</script>
""")


def create_app(options: ReviewOptions | None = None, workdir: Path | None = None, max_mb: float = 50) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = int(max_mb * 1024 * 1024)
    options = options or ReviewOptions()
    reviewer = Reviewer(options)
    root = Path(workdir or tempfile.mkdtemp(prefix="planreview-web-"))
    jobs: dict[str, Job] = {}
    lock = threading.Lock()
    executor = ThreadPoolExecutor(max_workers=1)
    order = ["queued", "parse", "segment", "analyse", "compare", "check", "render", "done"]

    def run(job: Job, path: Path, previous: Path | None = None) -> None:
        def progress(stage: str) -> None:
            job.state = stage

        try:
            result = reviewer.review(path, progress=progress, previous=previous)
            job.state = "render"
            paths = write_outputs(result, job.folder / "out", options.template_dir)
            job.outputs = {(key if key in ("annotated", "redline") else p.name): p.name for key, p in paths.items()}
            job.state = "done"
        except InputError as err:
            job.state, job.message = "error", err.one_line()
        except Exception as err:  # the page says what happened; the server keeps running
            job.state, job.message = "error", f"Lỗi không lường trước / unexpected error: {type(err).__name__}: {err}"

    def index_page(error: str = "", code: int = 200):
        with lock:
            recent = list(jobs.values())[-10:][::-1]
        return render_template_string(INDEX, error=error, jobs=recent, stages=STAGES, max_mb=int(max_mb)), code

    @app.get("/")
    def index():
        return index_page()

    @app.errorhandler(413)
    def too_large(_err):
        return index_page(f"Tệp quá lớn (tối đa {int(max_mb)} MB) / File too large (max {int(max_mb)} MB)", 413)

    @app.post("/upload")
    def upload():
        file = request.files.get("draft")
        if file is None or not file.filename:
            return index_page("Chưa chọn tệp dự thảo / No file chosen", 400)
        name = _safe_name(file.filename)
        if Path(name).suffix.lower() not in SUPPORTED:
            return index_page(f"Định dạng không được hỗ trợ: {name} (chỉ .docx, .pdf, .txt) / "
                              f"Unsupported file type: {name}", 400)
        job = Job(id=uuid.uuid4().hex[:12], name=name, folder=root / uuid.uuid4().hex[:12])
        (job.folder / "in").mkdir(parents=True)
        path = job.folder / "in" / name
        file.save(str(path))
        with lock:
            jobs[job.id] = job
        executor.submit(run, job, path)
        return redirect(url_for("job", job_id=job.id), code=303)

    def get_job(job_id: str) -> Job:
        with lock:
            found = jobs.get(job_id)
        if found is None:
            abort(404)
        return found

    @app.get("/jobs/<job_id>")
    def job(job_id: str):
        j = get_job(job_id)
        with lock:
            previous = jobs.get(j.previous)
        return render_template_string(JOB, job=j, stages=STAGES, downloads=DOWNLOADS, order=order,
                                      total=len(order) - 1, previous=previous)

    @app.post("/jobs/<job_id>/revise")
    def revise(job_id: str):
        """A revised draft of a finished job: reviewed against it (rounds.py), memo opens with the round."""
        earlier = get_job(job_id)
        file = request.files.get("draft")
        if earlier.state != "done":
            return index_page("Lần rà soát trước chưa xong / The earlier review has not finished", 409)
        if file is None or not file.filename:
            return index_page("Chưa chọn tệp dự thảo sửa đổi / No revised draft chosen", 400)
        name = _safe_name(file.filename)
        if Path(name).suffix.lower() not in SUPPORTED:
            return index_page(f"Định dạng không được hỗ trợ: {name} (chỉ .docx, .pdf, .txt) / "
                              f"Unsupported file type: {name}", 400)
        job = Job(id=uuid.uuid4().hex[:12], name=name, folder=root / uuid.uuid4().hex[:12], previous=earlier.id)
        (job.folder / "in").mkdir(parents=True)
        path = job.folder / "in" / name
        file.save(str(path))
        with lock:
            jobs[job.id] = job
        executor.submit(run, job, path, earlier.folder / "out")
        return redirect(url_for("job", job_id=job.id), code=303)

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
          max_mb: float = 50) -> None:
    app = create_app(options, max_mb=max_mb)
    print(f"planreview: mở trình duyệt tại / open http://{host}:{port}/  (Ctrl-C để dừng / to stop)")
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True)
