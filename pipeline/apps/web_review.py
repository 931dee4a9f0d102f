"""A review on the web page: a submission (a draft, or a plan with its appendices — several files or a .zip),
optionally the plan above (``ReviewOptions.parent``) and, for round 2, the earlier round; progress by stage;
the memo in the page with filters by severity and area; every output to download. The review is the command
line's: ``Reviewer.review`` and ``write_outputs`` in a forked worker (job_runner.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask, g, redirect, request, url_for

from pipeline.apps.job_store import Job
from pipeline.apps.web_context import REVIEW_ORDER, WebContext
from pipeline.apps.web_results import download_list, review_outputs, review_view
from pipeline.apps.web_uploads import MAX_FILES, ZIP, check_names, chosen, refusal_code, save, unpack_all
from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED
from pipeline.ingest.submission import split_plan
from pipeline.render.writers import write_outputs


def run_review(ctx: WebContext, job: Job, previous_out: Path | None) -> None:
    """The review of one submission, in its own worker process (its own connection to the job store)."""
    jobs = ctx.worker_store()
    try:
        files = unpack_all(job.folder / "in", ctx.max_bytes, keep_folders=False)
        plan, others = split_plan(files)
        parent = next((p for p in sorted((job.folder / "parent").glob("*")) if p.is_file()), None)
        reviewer = ctx.reviewer()
        reviewer.options.parent = parent  # this worker's own copy of the server's reviewer
        result = reviewer.review(plan, progress=lambda stage: jobs.update(job.id, stage), previous=previous_out,
                                 attached=others or None)
        jobs.update(job.id, "render")
        out = job.folder / "out"
        paths = write_outputs(result, out, ctx.options.template_dir)
        info = {**job.info, "plan": plan.name, "appendices": [p.name for p in others]}
        jobs.update(job.id, "done", outputs=review_outputs(paths, out), info=info)
    except Exception as err:  # the page says what happened; the server keeps running
        ctx.failed(jobs, job.id, err)


def launch(ctx: WebContext, job: Job) -> None:
    """Queue the review of ``job`` (at its upload, or again after a restart)."""
    earlier = ctx.store.get(job.previous, job.owner) if job.previous else None
    if job.previous and earlier is None:
        raise InputError("Lần rà soát trước đã bị xóa", "The earlier round was deleted")
    if not any((job.folder / "in").iterdir()):
        raise InputError("Tệp tải lên đã mất", "the upload is gone")
    ctx.runner.submit(job.id, job.owner, run_review, ctx, job, earlier.folder / "out" if earlier else None)


def progress(job: Job) -> tuple[int, int]:
    return (REVIEW_ORDER.index(job.state) if job.state in REVIEW_ORDER else 0), len(REVIEW_ORDER) - 1


def page(ctx: WebContext, job: Job):
    previous = ctx.store.get(job.previous, job.owner) if job.previous else None
    experts = ctx.store.of_owner(job.owner, limit=1, kind="merge", previous=job.id)
    later = ctx.store.of_owner(job.owner, limit=20, kind="review", previous=job.id)
    view = review_view(job.folder / "out") if job.state == "done" else None
    return ctx.render("web/review.html", job=job, view=view, previous=previous, experts=experts[0] if experts else None,
                      later=later, downloads=download_list(job.outputs), order=REVIEW_ORDER,
                      file_url=lambda name: url_for("files", job_id=job.id, name=name))


def submit(ctx: WebContext, drafts: list, parent_file, missing: str, earlier: Job | None = None):
    """Store the uploaded files — one draft, or a plan with its appendices (one submission: the first plan-like
    file is the plan, the others its appendices), or a .zip of them — and the plan above, as a new job of this
    browser, and queue its review (against ``earlier``)."""
    drafts = chosen(drafts)
    if not drafts:
        return ctx.index_page(missing, 400)
    names, problem = check_names(drafts, SUPPORTED + (ZIP,), MAX_FILES, ctx.max_bytes)
    if problem:
        return ctx.index_page(problem, refusal_code(problem))
    parents = chosen([parent_file])
    parent_names, problem = check_names(parents, SUPPORTED, 1, ctx.max_bytes)
    if problem:
        return ctx.index_page(f"Kế hoạch cấp trên / The plan above: {problem}", refusal_code(problem))
    ctx.store.expire()
    plain = [Path(n) for n in names if Path(n).suffix.lower() != ZIP]
    if plain:
        plan, others = split_plan(plain)
        label = plan.name + (f" (+{len(others)} phụ lục)" if others else "")
    else:
        label = names[0]
    inherited = [] if parents or earlier is None else sorted((earlier.folder / "parent").glob("*"))
    parent_name = parent_names[0] if parent_names else (inherited[0].name if inherited else "")
    job = ctx.store.create(g.owner, label, previous=earlier.id if earlier else "",
                           info={"files": names, "parent": parent_name})
    save(drafts, names, job.folder / "in")
    if parents:
        save(parents, parent_names, job.folder / "parent")
    elif inherited:  # round 2 keeps the plan above of round 1
        (job.folder / "parent").mkdir()
        shutil.copy(inherited[0], job.folder / "parent" / inherited[0].name)
    ctx.launch(job)
    return redirect(url_for("job", job_id=job.id), code=303)


def register(app: Flask, ctx: WebContext) -> None:
    ctx.add_kind("review", launch, page, progress)

    @app.post("/upload")
    def upload():
        return submit(ctx, request.files.getlist("draft"), request.files.get("parent"),
                      "Chưa chọn tệp dự thảo / No file chosen")

    @app.post("/jobs/<job_id>/revise")
    def revise(job_id: str):
        """A revised draft of a finished review: reviewed against it (rounds.py), the memo opens with the round."""
        earlier = ctx.job(job_id, "review")
        if earlier.state != "done":
            return ctx.index_page("Lần rà soát trước chưa xong / The earlier review has not finished", 409)
        return submit(ctx, request.files.getlist("draft"), None,
                      "Chưa chọn tệp dự thảo sửa đổi / No revised draft chosen", earlier)
