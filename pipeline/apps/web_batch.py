"""A provincial batch on the web page: many drafts, or a .zip of folders (one submission each), reviewed by
the command line's ``run_batch`` (apps/batch.py) in one forked worker — one job, one worker, so a province's
forty drafts never hold up another user's review; a table of all with their scores, the heat map of passages
shared between drafts, and any one draft's results opened in the page."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import PurePosixPath

from flask import Flask, abort, g, redirect, request, url_for

from pipeline.apps.batch import MANIFEST, find_submissions, run_batch
from pipeline.apps.job_store import Job
from pipeline.apps.web_context import WebContext, out_files
from pipeline.apps.web_results import download_list, review_view
from pipeline.apps.web_uploads import MAX_BATCH_FILES, ZIP, check_names, chosen, refusal_code, save, unpack_all
from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED, listed

_NAME = re.compile(r"[^/\\]+")
MAX_BATCH_REVIEWS = 500  # the longest batch: this many reviews' time


def run_batch_job(ctx: WebContext, job: Job) -> None:
    jobs = ctx.worker_store()
    try:
        folder, out = job.folder / "in", job.folder / "out"
        unpack_all(folder, ctx.max_bytes, keep_folders=True)
        total = len(find_submissions(folder))
        if not total:
            raise InputError(f"Không có dự thảo nào ({listed()}) trong các tệp tải lên",
                             f"No drafts ({listed()}) among the uploaded files")
        info = {**job.info, "total": total}
        jobs.update(job.id, "batch", info=info)
        reviewer = ctx.reviewer()
        rows = run_batch(folder, out, reviewer, progress=False, jobs=1, resume=False)
        areas = list(dict.fromkeys(r.area for r in reviewer.ruleset.rules))
        info.update(rows=[asdict(r) for r in rows], areas=areas, ok=sum(r.status == "ok" for r in rows))
        jobs.update(job.id, "done", outputs=out_files(out), info=info)
    except Exception as err:
        ctx.failed(jobs, job.id, err)


def launch(ctx: WebContext, job: Job) -> None:
    if not any((job.folder / "in").iterdir()):
        raise InputError("Tệp tải lên đã mất", "the upload is gone")
    ctx.runner.submit(job.id, job.owner, run_batch_job, ctx, job, reviews=lambda: drafts_of(ctx, job))


def drafts_of(ctx: WebContext, job: Job) -> int:
    """The batch's drafts, once its worker has unpacked them (its time limit is that many reviews')."""
    found = ctx.store.get(job.id, job.owner)
    return min(int(found.info.get("total", 1)), MAX_BATCH_REVIEWS) if found else 1


def progress(job: Job) -> tuple[int, int]:
    """(drafts reviewed, drafts) from the batch's manifest, written after each draft."""
    total = int(job.info.get("total", 0))
    if job.state == "done":
        return total, total
    try:
        done = len(json.loads((job.folder / "out" / MANIFEST).read_text(encoding="utf-8")).get("drafts", {}))
    except (OSError, ValueError):
        done = 0
    return min(done, total), total


def page(ctx: WebContext, job: Job):
    return ctx.render("web/batch.html", job=job, downloads=[d for d in download_list(job.outputs) if "/" not in d[1]],
                      file_url=lambda name: url_for("files", job_id=job.id, name=name),
                      has_heat="similarity.html" in job.outputs)


def register(app: Flask, ctx: WebContext) -> None:
    ctx.add_kind("batch", launch, page, progress)

    @app.post("/batch")
    def batch():
        uploaded = chosen(request.files.getlist("drafts"))
        if not uploaded:
            return ctx.index_page("Chưa chọn dự thảo nào cho lô / No drafts chosen for the batch", 400)
        names, problem = check_names(uploaded, SUPPORTED + (ZIP,), MAX_BATCH_FILES, ctx.max_bytes)
        if problem:
            return ctx.index_page(problem, refusal_code(problem))
        ctx.store.expire()
        label = names[0] if len(names) == 1 else f"Lô {len(names)} tệp / batch of {len(names)} files"
        job = ctx.store.create(g.owner, label, kind="batch", info={"files": names})
        save(uploaded, names, job.folder / "in")
        ctx.launch(job)
        return redirect(url_for("job", job_id=job.id), code=303)

    @app.get("/jobs/<job_id>/drafts/<name>")
    def batch_draft(job_id: str, name: str):
        """One draft of a batch, opened as a review's results."""
        job = ctx.job(job_id, "batch")
        row = next((r for r in job.info.get("rows", []) if r.get("out_dir") == name), None)
        if row is None or not _NAME.fullmatch(name):
            abort(404)
        prefix = name + "/"
        outputs = {k[len(prefix):]: v for k, v in job.outputs.items() if k.startswith(prefix)}
        for key, suffix in (("annotated", ".annotated."), ("redline", ".redline.")):
            found = next((k for k in outputs if suffix in k and "/" not in k), None)
            if found and key not in outputs and found.startswith(_stem(row["file"])):
                outputs[key] = outputs.pop(found)
        return ctx.render("web/batch_draft.html", job=job, row=row, view=review_view(job.folder / "out" / name),
                          downloads=download_list(outputs),
                          file_url=lambda n: url_for("files", job_id=job.id,
                                                     name=n if n.startswith(prefix) else prefix + n))


def _stem(rel: str) -> str:
    return PurePosixPath(rel.replace("\\", "/")).stem
