"""The experts' round on the web page: the annotated draft goes out, the experts' commented copies come back
one by one, and with each upload the consolidated "Báo cáo tổng hợp ý kiến phản biện" is made again from all
copies so far — the command line's ``merge_comments`` and ``write_merge_report`` (apps/merge.py), in a
forked worker. One experts' round per review: a job of kind ``merge`` whose ``previous`` is the review."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, redirect, request, url_for

from pipeline.apps.job_store import Job
from pipeline.apps.merge import merge_comments, write_merge_report
from pipeline.apps.web_context import WebContext
from pipeline.apps.web_results import download_list
from pipeline.apps.web_uploads import MAX_FILES, check_names, chosen, refusal_code, save
from pipeline.core.errors import InputError

ORDER = ["queued", "merge", "done"]
MAX_COPIES = 50  # experts' copies of one review
MAX_PASSES = 5  # copies uploaded while a merge runs: merged again, at most this many times in one run


def _copies(job: Job) -> list[Path]:
    return sorted((job.folder / "in").glob("*.docx"), key=lambda p: (p.stat().st_mtime_ns, p.name))


def _summary(report, copies: list[Path]) -> dict:
    """What the page shows of the consolidated report: who said what, which findings an expert rejected."""
    return {
        "copies": [p.name for p in copies], "kept": report.kept, "comments": report.total_comments,
        "experts": report.experts,
        "rejected": [{"rule_id": r.finding.get("rule_id", ""), "message": r.finding.get("message", ""),
                      "place": (r.finding.get("location") or {}).get("label", ""),
                      "by": [{"author": c.author, "text": c.text, "file": c.file} for c in r.by]}
                     for r in report.rejected],
        "said": [{"section": s.title, "author": c.author, "date": c.date, "text": c.text, "file": c.file}
                 for s in report.sections for c in s.comments],
    }


def run_merge(ctx: WebContext, job: Job, review_out: Path) -> None:
    """Merge every copy uploaded so far; again if more came while it ran. A copy that cannot be merged (not a
    copy of this draft, broken) is set aside with the reason, and the report of the copies before it stays."""
    jobs = ctx.worker_store()
    before: dict[str, int] = job.info.get("merged", {})  # copy → its mtime when last merged
    merged: list[Path] = []
    try:
        jobs.update(job.id, "merge")
        out = job.folder / "out"
        out.mkdir(exist_ok=True)
        for _ in range(MAX_PASSES):
            copies = _copies(job)
            if copies == merged:
                break
            try:
                report = merge_comments(review_out, copies, ctx.reject_words)
            except InputError as err:
                _set_aside([c for c in copies if before.get(c.name) != c.stat().st_mtime_ns], job.folder / "set-aside")
                kept = " (báo cáo tổng hợp của các bản trước vẫn giữ)" if job.outputs else ""
                raise InputError(f"Bản góp ý vừa tải lên không được tổng hợp, đã để riêng{kept}: {err.vi}",
                                 f"The copy just uploaded was not merged and was set aside: {err.en}") from err
            paths = write_merge_report(report, out)
            merged = copies
            before = {c.name: c.stat().st_mtime_ns for c in copies}
            job.info = {**job.info, **_summary(report, copies), "merged": before}
            jobs.update(job.id, "merge", outputs={p.name: p.name for p in paths.values()}, info=job.info)
        jobs.update(job.id, "done", message="")
    except Exception as err:
        ctx.failed(jobs, job.id, err)


def _set_aside(copies: list[Path], folder: Path) -> None:
    """New copies of a merge that failed leave the round (kept apart, never merged again)."""
    folder.mkdir(exist_ok=True)
    for copy in copies:
        copy.replace(folder / copy.name)


def launch(ctx: WebContext, job: Job) -> None:
    review = ctx.store.get(job.previous, job.owner)
    if review is None:
        raise InputError("Bản rà soát đã bị xóa", "The review was deleted")
    if not _copies(job):
        raise InputError("Chưa có bản góp ý nào dùng được", "No usable expert's copy yet")
    ctx.runner.submit_once(job.id, job.owner, run_merge, ctx, job, review.folder / "out")


def progress(job: Job) -> tuple[int, int]:
    return (ORDER.index(job.state) if job.state in ORDER else 0), len(ORDER) - 1


def page(ctx: WebContext, job: Job, error: str = "", code: int = 200):
    review = ctx.store.get(job.previous, job.owner)
    return ctx.render("web/experts.html", code, job=job, review=review, error=error, order=ORDER,
                      downloads=download_list(job.outputs),
                      file_url=lambda name: url_for("files", job_id=job.id, name=name),
                      annotated=review.outputs.get("annotated") if review else None)


def register(app: Flask, ctx: WebContext) -> None:
    ctx.add_kind("merge", launch, page, progress)

    @app.post("/jobs/<job_id>/experts")
    def experts(job_id: str):
        """Experts' copies of the annotated draft of review ``job_id``: kept with the others, the consolidated
        report made again."""
        review = ctx.job(job_id, "review")
        found = ctx.store.of_owner(g.owner, limit=1, kind="merge", previous=review.id)
        job = found[0] if found else None

        def refused(message: str, code: int = 400):
            if job is not None:
                return page(ctx, job, message, code)
            return ctx.index_page(message, code)

        if review.state != "done":
            return refused("Bản rà soát chưa xong / The review has not finished", 409)
        uploaded = chosen(request.files.getlist("copy"))
        if not uploaded:
            return refused("Chưa chọn bản góp ý của chuyên gia / No expert's copy chosen")
        names, problem = check_names(uploaded, (".docx",), MAX_FILES, ctx.max_bytes)
        if problem:
            return refused(problem.replace("Định dạng không được hỗ trợ", "Bản góp ý phải là tệp Word .docx")
                           .replace("Unsupported file type", "An expert's copy must be a Word .docx"),
                           refusal_code(problem))
        if job is not None and len({*job.info.get("copies", []), *names}) > MAX_COPIES:
            return refused(f"Tối đa {MAX_COPIES} bản góp ý / At most {MAX_COPIES} copies")
        if job is None:
            job = ctx.store.create(g.owner, f"Ý kiến chuyên gia — {review.name}", previous=review.id, kind="merge")
        for name in names:  # a copy sent again by its expert replaces the earlier one of the same name
            (job.folder / "in" / name).unlink(missing_ok=True)
        save(uploaded, names, job.folder / "in")
        if job.state != "merge":  # (a merge under way takes the new copy up itself, or runs again after)
            ctx.store.update(job.id, "queued", message="")
        ctx.launch(job)
        return redirect(url_for("job", job_id=job.id), code=303)
