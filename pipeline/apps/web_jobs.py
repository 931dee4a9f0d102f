"""The routes every kind of job shares: "my reviews" (this browser's jobs, with state and dates, deletable by
their owner), a job's page (drawn by its kind's module), its status for the page's progress, and its files."""

from __future__ import annotations

from flask import Flask, abort, g, jsonify, redirect, request, send_from_directory, url_for

from pipeline.apps.web_context import STAGES, WebContext

MAX_LISTED = 200


def register(app: Flask, ctx: WebContext) -> None:
    @app.get("/jobs")
    def jobs():
        """My reviews: every job of this browser (or token), newest first."""
        deleted = request.args.get("deleted", "")
        ctx.store.expire()  # older than --keep-days: gone from the list and the disk
        return ctx.render("web/jobs.html", jobs=ctx.store.of_owner(g.owner, limit=MAX_LISTED), deleted=deleted)

    @app.get("/jobs/<job_id>")
    def job(job_id: str):
        j = ctx.job(job_id)
        return ctx.pages[j.kind](j)

    @app.get("/jobs/<job_id>/status")
    def status(job_id: str):
        j = ctx.job(job_id)
        outputs = {key: url_for("files", job_id=j.id, name=name) for key, name in j.outputs.items()}
        done, of = ctx.progress[j.kind](j)
        return jsonify(state=j.state, stage=STAGES.get(j.state, j.state), message=j.message, outputs=outputs,
                       done=done, of=of, counted=j.kind == "batch")

    @app.get("/jobs/<job_id>/files/<path:name>")
    def files(job_id: str, name: str):
        j = ctx.job(job_id)
        if name not in j.outputs.values():
            abort(404)
        return send_from_directory(j.folder / "out", name, as_attachment=not name.endswith(".html"))

    @app.post("/jobs/<job_id>/delete")
    def delete(job_id: str):
        """The owner deletes a job: its worker stopped, its files and its experts' round removed."""
        j = ctx.job(job_id)
        for each in [j, *ctx.store.of_owner(g.owner, limit=MAX_LISTED, kind="merge", previous=j.id)]:
            ctx.runner.cancel(each.id)  # before its files go
        ctx.store.delete(j.id, g.owner)
        return redirect(url_for("jobs", deleted=j.name), code=303)
