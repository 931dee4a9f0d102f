"""Render a review into its output folder: memo.md / memo.html (jinja2 templates), memo.docx, findings.json,
tasks.csv / tasks.xlsx, the annotated draft and the round files — all published together (outputs.py).

Each job has its own module: the view model (memo_view.py), the writers (templating.py + templates/,
memo_docx.py, task_table.py, annotate_docx.py, annotate_pdf.py, rounds.py) and the file I/O (atomic_io.py for
single files, outputs.py for the folder). This module only puts them in order."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pipeline.core.atomic_io import atomic_save, atomic_write
from pipeline.core.errors import InputError
from pipeline.core.forked import ForkedCall, stopped_on_failure
from pipeline.core.json_text import indented_json
from pipeline.core.model import ParsedDocument
from pipeline.core.numbers import format_vnd
from pipeline.render.memo_view import MEMO_LIST_CAP, memo_view
from pipeline.render.outputs import publish
from pipeline.render.templating import markdown_environment, template_environment
from pipeline.review.reviewer import ReviewResult
from pipeline.review.rounds import write_round_outputs, write_snapshot

__all__ = ["MEMO_LIST_CAP", "atomic_save", "atomic_write", "format_vnd", "memo_view", "write_json",
           "write_outputs"]

# the writers bench_render.py times one by one (names in this module)
TIMED_WRITERS = ("write_memo_md", "write_memo_html", "write_memo_docx", "write_json", "write_task_csv",
                 "write_task_xlsx", "write_annotated", "write_round_files")


def preload_writers(template_dir: Path | None = None) -> None:
    """Import the libraries the writers use (jinja2, docxtpl with python-docx, XlsxWriter) and open the memo's
    Word template: what the CLI does while the checks wait for the forked corpus comparison, instead of after."""
    import importlib

    for name in ("jinja2", "xlsxwriter", "pipeline.render.task_table"):
        importlib.import_module(name)
    _open_memo_template(template_dir)


def _open_memo_template(template_dir: Path | None) -> None:
    from pipeline.render.memo_docx import open_template_ahead  # (docxtpl, python-docx, lxml)

    open_template_ahead(template_dir)


def _memo_docx_job(job: tuple[dict, Path, Path | None]) -> None:
    write_memo_docx(*job)


def fork_memo_docx_side(template_dir: Path | None = None) -> ForkedCall[None]:
    """memo.docx's side, forked ahead of the writing: it imports docxtpl with python-docx (≈ 0.035 s) and opens
    the Word template (≈ 0.01 s) now, on the second core, and writes memo.docx from the view
    :func:`write_outputs` (``docx_side=``) sends it — so that this process never loads them for a draft it does not
    annotate in Word. The CLI forks it when the second core is idle throughout the review (no corpus to compare
    with). Without a fork, memo.docx is written here."""
    return ForkedCall(_memo_docx_job, prepare=lambda: _open_memo_template(template_dir))


def write_json(result: ReviewResult, path: Path) -> None:
    atomic_write(path, indented_json(result.to_dict()))


def write_memo_md(view: dict, path: Path, template_dir: Path | None = None) -> None:
    atomic_write(path, markdown_environment(template_dir).get_template("memo.md.j2").render(**view))


def write_memo_html(view: dict, path: Path, template_dir: Path | None = None) -> None:
    atomic_write(path, template_environment(template_dir).get_template("memo.html.j2").render(**view))


def write_memo_docx(view: dict, path: Path, template_dir: Path | None = None) -> None:
    from pipeline.render.memo_docx import write_docx

    write_docx(view, path, template_dir)


def write_task_csv(result: ReviewResult, path: Path, rows: list) -> None:
    from pipeline.render.task_table import write_task_csv as write

    write(result, path, rows)


def write_task_xlsx(result: ReviewResult, path: Path, rows: list) -> None:
    from pipeline.render.task_table import write_task_xlsx as write

    write(result, path, rows)


def write_annotated(result: ReviewResult, source: Path, target: Path) -> bool:
    """The draft with the findings on it: Word comments (.docx), highlights and notes (.pdf, scans). False when
    no copy could be written (a partly damaged PDF pypdf cannot copy: pdf_annotate.annotate_copy)."""
    if target.suffix == ".pdf":
        from pipeline.render.annotate_pdf import annotate_copy

        return annotate_copy(result, source, target) is not None
    if target.suffix == ".xlsx":  # a workbook reviewed by itself: cell comments (annotate_xlsx.py)
        from pipeline.render.annotate_xlsx import annotate_xlsx

        annotate_xlsx(result.findings, Path(result.seg.doc.converted_path or source), target)
        return True
    from pipeline.render.annotate_docx import annotate_docx

    # a .doc/.rtf/.odt is annotated in the .docx LibreOffice made of it
    annotate_docx(result, Path(result.seg.doc.converted_path or source), target)  # type: ignore[arg-type]
    return True


def part_result(result: ReviewResult, part) -> Any:
    """What an annotator reads of one file of a submission: that file's blocks and tables, and the findings
    located in it with their paragraph numbers back in the file's own numbering (the plan's file also takes
    the findings about the whole submission)."""
    end = part.first_block + part.block_count
    doc = ParsedDocument(part.path, part.source_format, result.seg.doc.blocks[part.first_block:end], part.tables,
                         ocr=part.ocr, converted_path=part.converted_path)
    findings = []
    for f in result.findings:
        loc = f.location
        if loc is not None and loc.file == part.name:
            local = dataclasses.replace(loc, paragraph=loc.paragraph - part.first_block if loc.paragraph else None)
            findings.append(dataclasses.replace(f, location=local))
        elif part.role == "plan" and (loc is None or not loc.file):
            findings.append(f)
    return SimpleNamespace(seg=SimpleNamespace(doc=doc), findings=findings, path=part.path)


def annotated_name(path: Path, source_format: str) -> str | None:
    """The annotated copy's file name for a file of this format (None: a .txt has none)."""
    if source_format == "docx":
        return f"{path.stem}.annotated.docx"
    if source_format in ("pdf", "image"):
        return f"{path.stem}.annotated.pdf"
    if source_format == "xlsx":
        return f"{path.stem}.annotated.xlsx"
    return None


def write_annotated_part(result: ReviewResult, part, target: Path) -> bool:
    """One file of a submission annotated: Word comments, PDF notes or cell comments (annotate_xlsx.py)."""
    view = part_result(result, part)
    if part.source_format == "xlsx":
        from pipeline.render.annotate_xlsx import annotate_xlsx

        annotate_xlsx(view.findings, Path(part.converted_path or part.path), target)
        return True
    return write_annotated(view, Path(part.path), target)


def write_round_files(result: ReviewResult, out_dir: Path) -> dict[str, Path]:
    paths = {"snapshot": write_snapshot(result, out_dir)}  # the next round's redline compares with this text
    paths.update(write_round_outputs(result, out_dir))
    return paths


def write_outputs(result: ReviewResult, out_dir: Path, template_dir: Path | None = None,
                  parallel: bool = False, overwrite: bool = False,
                  docx_side: ForkedCall[None] | None = None) -> dict[str, Path]:
    """Write memo.md, memo.html, memo.docx, findings.json, tasks.csv/.xlsx (and the annotated draft) into
    ``out_dir``, all together or not at all (:func:`pipeline.render.outputs.publish`); return their paths. With
    ``parallel``, tasks.xlsx and the annotated draft are written by a forked child on the second core while
    this process writes the rest (forked.py: the same files, the same errors, without a child too); ``docx_side``
    (:func:`fork_memo_docx_side`, taken over and always ended here) writes memo.docx. Files of the same names that
    planreview did not write are replaced only with ``overwrite`` (outputs.py)."""

    def render(tmp: Path) -> dict[str, Path]:
        try:
            return _write_all(result, tmp, template_dir, parallel, docx_side)
        except Exception as exc:
            raise template_error(exc, template_dir) from exc

    try:
        return publish(Path(result.path), out_dir, render, overwrite=overwrite)
    finally:
        if docx_side is not None:
            docx_side.discard()  # (a no-op once its result was taken)


def template_error(exc: Exception, template_dir: Path | None) -> Exception:
    """A council's broken template as a one-line input error naming the file and line (exit 2); any other
    failure unchanged."""
    import jinja2

    if not isinstance(exc, jinja2.TemplateError):
        return exc
    where = getattr(exc, "filename", None) or (str(template_dir) if template_dir else "mẫu báo cáo / template")
    line = f", dòng / line {exc.lineno}" if getattr(exc, "lineno", None) else ""
    detail = getattr(exc, "message", None) or str(exc)
    return InputError(f"Mẫu báo cáo bị lỗi ({where}{line}): {detail}",
                      f"Broken memo template ({where}{line}): {detail}")


def _write_all(result: ReviewResult, out_dir: Path, template_dir: Path | None = None,
               parallel: bool = False, docx_side: ForkedCall[None] | None = None) -> dict[str, Path]:
    from pipeline.render.task_table import task_rows

    view = memo_view(result)
    paths = {
        "md": out_dir / "memo.md",
        "html": out_dir / "memo.html",
        "docx": out_dir / "memo.docx",
        "json": out_dir / "findings.json",
        "tasks_csv": out_dir / "tasks.csv",
        "tasks_xlsx": out_dir / "tasks.xlsx",
    }
    source = Path(result.path)
    parts = {}  # a submission: each file annotated in its own copy (Word comments, PDF notes, cell comments)
    for k, part in enumerate(result.seg.doc.parts):
        name = annotated_name(Path(part.path), part.source_format)
        if name:
            parts[k] = ("annotated" if part.role == "plan" else f"annotated_{k}", part)
            paths[parts[k][0]] = out_dir / name
    if not result.seg.doc.parts and (name := annotated_name(source, result.seg.doc.source_format)):
        paths["annotated"] = out_dir / name  # Word comments (.docx, .doc …); highlights and notes (PDF, scans)
    rows = task_rows(result)
    if docx_side is not None:
        docx_side.send((view, paths["docx"], template_dir))  # memo.docx: the side forked ahead
    # who writes memo.docx and tasks.xlsx: the side forked ahead takes the memo.docx, this process tasks.xlsx; else,
    # with no annotated copy to write (a .txt draft) the second side takes the memo.docx and this one tasks.xlsx
    # (the two sides then take about as long); else this one the memo.docx and the second side tasks.xlsx
    docx_aside = docx_side is None and parallel and "annotated" not in paths
    xlsx_here = docx_side is not None or docx_aside

    def spreadsheet_and_annotated(_arg: None) -> list[str]:
        """tasks.xlsx or memo.docx (see above) and the annotated copies; the keys of the copies that could not be
        written."""
        if docx_aside:
            write_memo_docx(view, paths["docx"], template_dir)
        elif not xlsx_here:
            write_task_xlsx(result, paths["tasks_xlsx"], rows)
        if parts:
            return [key for key, part in parts.values() if not write_annotated_part(result, part, paths[key])]
        return [] if "annotated" not in paths or write_annotated(result, source, paths["annotated"]) else ["annotated"]

    side_works = docx_aside or not xlsx_here or bool(parts) or "annotated" in paths
    side = ForkedCall(spreadsheet_and_annotated, use_fork=parallel and side_works)
    side.send(None)
    with stopped_on_failure(side):
        write_memo_md(view, paths["md"], template_dir)
        write_memo_html(view, paths["html"], template_dir)
        if xlsx_here:
            write_task_xlsx(result, paths["tasks_xlsx"], rows)
        if docx_side is None and not docx_aside:
            write_memo_docx(view, paths["docx"], template_dir)
        write_json(result, paths["json"])
        write_task_csv(result, paths["tasks_csv"], rows)
        round_paths = write_round_files(result, out_dir)
        if docx_side is not None:
            docx_side.result()  # (its error, if any, raised here: the memo is run again in this process)
    for key in side.result():
        del paths[key]  # a partly damaged PDF: the memo stands without the annotated copy
    paths.update(round_paths)
    return paths
