"""Batch mode: review every draft of a folder, one memo folder each, plus summary.csv / summary.html,
similarity.html and shared_passages.csv (drafts compared with each other). Parallel (joblib), resumable
(manifest.json), and a bad draft is a row of the summary, never the end of the batch."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pickle
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from pipeline.core.atomic_io import atomic_write
from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED
from pipeline.core.model import SEVERITIES, SEVERITY_LABELS, Location
from pipeline.core.safe_cells import csv_row
from pipeline.core.user_cache import file_sha256
from pipeline.core.version import __version__
from pipeline.corpus.duplicates import CrossCheck, align_html, cross_check
from pipeline.corpus.store import Passage
from pipeline.ingest.read import parse_file
from pipeline.ingest.submission import file_role, role_by_content
from pipeline.render.outputs import MARKER
from pipeline.render.templating import template_environment
from pipeline.render.writers import write_outputs
from pipeline.review.reviewer import Reviewer, ReviewOptions


@dataclass
class BatchRow:
    file: str
    status: str  # ok | error
    out_dir: str = ""
    title: str = ""
    overall: int | None = None
    scores: dict[str, int] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=dict)
    tasks: int = 0
    tasks_incomplete: int = 0
    duplicates: int = 0
    error: str = ""
    note: str = ""  # "Tài liệu không có cấu trúc của một đề án/kế hoạch: …" (then not scored)
    # against the plan above (--parent): per assignment {no, task, role, status, score}, per target {target, status}
    parent_tasks: list[dict] = field(default_factory=list)
    parent_targets: list[dict] = field(default_factory=list)
    parent_label: str = ""


def find_drafts(folder: Path, out_dir: Path | None = None) -> list[Path]:
    """Every file of the folder (recursively) that looks like a draft; other files are reported too.

    Results are never read back as drafts: the batch's own output folder (``out_dir``, when it lies inside
    ``folder``), any other batch output folder (it holds manifest.json) and any review output folder (it holds
    the .planreview.json marker) are skipped, as are hidden folders."""
    skip = out_dir.resolve() if out_dir is not None else None
    found = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        keep = []
        for d in sorted(dirs):
            sub = here / d
            if d.startswith(".") or (skip is not None and sub.resolve() == skip) or _is_results_folder(sub):
                continue
            keep.append(d)
        dirs[:] = keep
        found.extend(here / f for f in files if not f.startswith((".", "~$"))
                     and Path(f).suffix.lower() in SUPPORTED)
    return sorted(found)


def find_submissions(folder: Path, out_dir: Path | None = None) -> list[tuple[Path, list[Path]]]:
    """The drafts of the folder as (plan, its other files): a sub-folder holding one plan and its appendices
    (named "Phụ lục", "PL", "phu-luc", a workbook, or opening with "PHỤ LỤC"; a "Quyết định" issuing the plan)
    is one draft; every other file is a draft of its own, as before."""
    drafts = find_drafts(folder, out_dir)
    by_parent: dict[Path, list[Path]] = {}
    for path in drafts:
        by_parent.setdefault(path.parent, []).append(path)
    out: list[tuple[Path, list[Path]]] = []
    for parent, files in by_parent.items():
        if parent == folder or len(files) < 2:
            out += [(f, []) for f in files]
            continue
        roles = {f: file_role(f) for f in files}
        if len([f for f in files if roles[f] == "plan"]) > 1:
            for f in [f for f in files if roles[f] == "plan"]:  # names that do not decide: the first lines do
                roles[f] = _role_from_content(f)
        plans = [f for f in files if roles[f] == "plan"]
        if len(plans) == 1 and len(files) > 1:
            out.append((plans[0], [f for f in files if f != plans[0]]))
        else:
            out += [(f, []) for f in files]
    return sorted(out)


def _role_from_content(path: Path) -> str:
    try:
        return role_by_content(parse_file(path))
    except Exception:  # an unreadable file stays a draft of its own: its review reports the error
        return "plan"


def _is_results_folder(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("drafts") is not None
    except (OSError, ValueError, AttributeError):
        return False


def _out_name(path: Path, folder: Path, taken: set[str]) -> str:
    name = str(path.relative_to(folder).with_suffix("")).replace("/", "__")
    base, n = name, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


MANIFEST = "manifest.json"
MAX_SHARED_ROWS = 20_000  # shared_passages.csv keeps the highest-scoring pairs
_STATE = ".planreview"  # per-draft passages kept for the cross-draft comparison of later (resumed) runs
_WORKER_REVIEWERS: dict[bytes, Reviewer] = {}


def _worker_reviewer(options: ReviewOptions) -> Reviewer:
    """One Reviewer per worker process (rules, knowledge base and corpus index are loaded once)."""
    key = pickle.dumps(options)
    if key not in _WORKER_REVIEWERS:
        _WORKER_REVIEWERS[key] = Reviewer(options)
    return _WORKER_REVIEWERS[key]


def _error_row(rel: str, err: Exception) -> BatchRow:
    if isinstance(err, InputError):
        return BatchRow(file=rel, status="error", error=err.one_line())
    return BatchRow(file=rel, status="error",
                    error=f"Lỗi không xác định / unexpected error: {type(err).__name__}: {err}")


def review_one(path: Path, rel: str, out_dir: Path, name: str, reviewer: Reviewer | ReviewOptions,
               attached: list[Path] | None = None) -> tuple[BatchRow, list[Passage]]:
    """Review one draft (with the other files of its submission) and write its outputs (each file
    atomically). Runs in a worker process when the batch is parallel; never raises for a bad draft: the
    error becomes the row."""
    if isinstance(reviewer, ReviewOptions):
        reviewer = _worker_reviewer(reviewer)
    try:
        result = reviewer.review(path, attached=attached or None)
        write_outputs(result, out_dir / name, reviewer.options.template_dir)
    except Exception as err:  # one broken draft never stops the batch
        return _error_row(rel, err), []
    for passage in result.passages:
        passage.doc = rel
    row = BatchRow(
        file=rel, status="ok", out_dir=name, title=result.seg.meta.title,
        overall=result.overall_score, scores=result.scores, severities=result.count_by_severity(),
        tasks=len(result.tasks.tasks), tasks_incomplete=sum(1 for t in result.tasks.tasks if t.missing),
        duplicates=len(result.duplicates), note=result.shape.verdict() if result.shape else "",
    )
    if result.parent is not None:
        row.parent_label = result.parent.parent.label()
        row.parent_tasks = [{"no": p.assignment.number, "task": p.assignment.task.text, "role": p.assignment.role,
                             "status": p.status, "score": round(p.score, 2)} for p in result.parent.tasks]
        row.parent_targets = [{"target": p.parent.text, "status": p.status} for p in result.parent.targets]
    return row, result.passages


def _load_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_passages(out_dir: Path, name: str, passages: list[Passage]) -> None:
    data = [{"kind": p.kind, "text": p.text, "location": p.location.__dict__, "task_no": p.task_no}
            for p in passages]
    atomic_write(out_dir / _STATE / f"{name}.passages.json", json.dumps(data, ensure_ascii=False))


def _load_passages(out_dir: Path, name: str, rel: str) -> list[Passage] | None:
    try:
        data = json.loads((out_dir / _STATE / f"{name}.passages.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [Passage(rel, "", d["kind"], d["text"], Location(**d["location"]), task_no=d["task_no"]) for d in data]


def run_batch(folder: Path, out_dir: Path, reviewer: Reviewer, progress: bool = True, jobs: int = 1,
              backend: str | None = None, resume: bool = True) -> list[BatchRow]:
    """Review every draft of ``folder`` into ``out_dir``.

    ``jobs`` worker processes (joblib; ``-1`` = all cores) review drafts in parallel; ``backend``
    names another joblib backend (e.g. "dask" with a dask.distributed Client registered). With
    ``resume``, drafts whose content and rule set are unchanged since the last run (manifest.json)
    are not reviewed again.
    """
    submissions = find_submissions(folder, out_dir)
    parent = _parent_file(reviewer)
    if parent is not None:  # the plan above kept in the same folder is no draft of the batch
        submissions = [(plan, files) for plan, files in submissions if plan.resolve() != parent.resolve()]
    attached_to = dict(submissions)
    drafts = [plan for plan, _ in submissions]
    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in out_dir.rglob(".*.tmp-*"):  # files of an interrupted run
        leftover.unlink(missing_ok=True)
    manifest = _load_manifest(out_dir) if resume else {}
    entries: dict = manifest.get("drafts", {})
    taken: set[str] = set()
    todo, rows_by_rel, passages = [], {}, {}
    for path in drafts:
        rel = str(path.relative_to(folder))
        name = _out_name(path, folder, taken)
        sha = file_sha256(path)
        if attached_to.get(path):  # a submission: unchanged only when none of its files changed
            sha = "+".join([sha, *(file_sha256(f) for f in attached_to[path])])
        if parent is not None:  # reviewed against another plan above (or another version of it): again
            sha += "+parent:" + file_sha256(parent)
        entry = entries.get(rel)
        if (entry and entry.get("sha256") == sha and entry.get("rules") == reviewer.ruleset.version
                and entry["row"]["status"] == "ok" and (out_dir / name / "memo.md").exists()):
            kept = _load_passages(out_dir, name, rel)
            if kept is not None:
                rows_by_rel[rel] = BatchRow(**entry["row"])
                passages[rel] = kept
                continue
        todo.append((path, rel, name, sha))
    if todo and reviewer.dup_enabled:
        _ = reviewer.index  # build or refresh the corpus index once, before workers load it from the cache
    parallel = jobs != 1 and len(todo) > 1
    target: Reviewer | ReviewOptions = reviewer.options if parallel else reviewer
    if parallel:
        from joblib import Parallel, delayed, parallel_config

        with parallel_config(backend=backend) if backend else contextlib.nullcontext():
            results = Parallel(n_jobs=jobs, return_as="generator")(
                delayed(review_one)(path, rel, out_dir, name, target, attached_to.get(path))
                for path, rel, name, _ in todo)
            _collect(results, todo, out_dir, reviewer, entries, rows_by_rel, passages, progress)
    else:
        results = (review_one(path, rel, out_dir, name, target, attached_to.get(path)) for path, rel, name, _ in todo)
        _collect(results, todo, out_dir, reviewer, entries, rows_by_rel, passages, progress)
    rows = [rows_by_rel[str(p.relative_to(folder))] for p in drafts]
    compared = sorted(passages)
    unchanged = (not todo and manifest.get("compared") == compared and manifest.get("rules") == reviewer.ruleset.version
                 and (out_dir / "similarity.html").exists())
    similarity = unchanged
    if reviewer.dup_enabled and not unchanged:
        cross = cross_check(passages, reviewer.dup_threshold, reviewer.min_overlap)
        similarity = len(cross.names) >= 2
        if similarity:
            write_similarity(cross, out_dir)
        _write_manifest(out_dir, entries, compared if similarity else [], reviewer.ruleset.version)
    has_parent = any(r.parent_label for r in rows)
    if has_parent:
        write_parent_summary(rows, out_dir)
    write_summary(rows, out_dir, list(dict.fromkeys(r.area for r in reviewer.ruleset.rules)), similarity=similarity,
                  parent=has_parent)
    return rows


def _parent_file(reviewer: Reviewer) -> Path | None:
    """The file of the plan above named by the options (--parent), None without one."""
    ref = reviewer.options.parent
    if ref is None:
        return None
    return Path(reviewer.parent_plan(ref).path)


ROLE_SHORT = {"chu_tri": "chủ trì", "phoi_hop": "phối hợp"}


def write_parent_summary(rows: list[BatchRow], out_dir: Path) -> None:
    """parent.csv and parent.html: each assignment of the plan above × each draft (taken up, with its score, or
    not) — the province sees which assignments nobody carries out; then each commune-level target × draft."""
    done = [r for r in rows if r.parent_label]
    tasks: dict[int, dict] = {}
    for r in done:
        for t in r.parent_tasks:
            tasks.setdefault(t["no"], {"no": t["no"], "task": t["task"], "role": ROLE_SHORT.get(t["role"], t["role"])})
    cells = {(r.file, t["no"]): t for r in done for t in r.parent_tasks}
    names = [r.file for r in done]
    grid = []
    for no in sorted(tasks):
        row = [cells.get((name, no)) for name in names]
        taken = sum(1 for c in row if c and c["status"] == "taken_up")
        grid.append({**tasks[no], "cells": row, "taken": taken, "share": taken / len(names) if names else 0.0})
    targets: dict[str, list] = {}
    for r in done:
        for t in r.parent_targets:
            targets.setdefault(t["target"], [None] * len(names))[names.index(r.file)] = t["status"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Nhiệm vụ cấp trên giao", "Vai trò", *names, "Số dự thảo đã cụ thể hóa"])
    for g in grid:
        writer.writerow(csv_row([g["no"], g["task"], g["role"],
                                 *[("đã cụ thể hóa" if c["status"] == "taken_up" else "chưa") if c else "—"
                                   for c in g["cells"]], f"{g['taken']}/{len(names)}"]))
    writer.writerow([])
    writer.writerow(["Chỉ tiêu cấp trên", "", "", *names, ""])
    for target, statuses in targets.items():
        writer.writerow(csv_row([target, "", "", *[s or "—" for s in statuses], ""]))
    atomic_write(out_dir / "parent.csv", "\ufeff" + buffer.getvalue())
    page = template_environment().get_template("batch-parent.html.j2").render(
        label=done[0].parent_label if done else "", names=names, grid=grid, targets=targets,
        nobody=[g for g in grid if g["taken"] == 0])
    atomic_write(out_dir / "parent.html", page)


def _write_manifest(out_dir: Path, entries: dict, compared: list[str], rules: str) -> None:
    """manifest.json: per draft its content hash, rule-set version and summary row; and which drafts the
    cross-draft comparison (similarity.html) covers, so an unchanged rerun need not redo it."""
    atomic_write(out_dir / MANIFEST, json.dumps({"tool": __version__, "rules": rules, "compared": compared,
                                                 "drafts": entries}, ensure_ascii=False, indent=1))


def _collect(results, todo, out_dir: Path, reviewer: Reviewer, entries: dict, rows_by_rel: dict,
             passages: dict, progress: bool) -> None:
    """Take results as they come: record each in the manifest at once, so an interrupted batch resumes."""
    bar = tqdm(total=len(todo), desc="Đang rà soát / reviewing", unit="tệp", disable=not progress)
    for (_path, rel, name, sha), (row, found) in zip(todo, results):
        rows_by_rel[rel] = row
        if row.status == "ok":
            passages[rel] = found
            _save_passages(out_dir, name, found)
        entries[rel] = {"sha256": sha, "rules": reviewer.ruleset.version, "row": asdict(row)}
        _write_manifest(out_dir, entries, [], reviewer.ruleset.version)  # the comparison is redone after
        bar.update(1)
    bar.close()


def write_similarity(cross: CrossCheck, out_dir: Path) -> None:
    """similarity.html (heat map of how much of each draft is found again in each other draft, and the
    shared passages side by side) and shared_passages.csv."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Dự thảo A", "Vị trí A", "Dự thảo B", "Vị trí B", "Điểm", "Đoạn A", "Đoạn B"])
    for m in cross.shared[:MAX_SHARED_ROWS]:
        writer.writerow(csv_row([m.draft_doc, m.draft_location.label(), m.source_doc, m.source_location.label(),
                                 round(m.score, 3), m.draft_text, m.source_text]))
    atomic_write(out_dir / "shared_passages.csv", "\ufeff" + buffer.getvalue())
    heat = [(name, [None if a == b else float(cross.share[a, b]) for b in range(len(cross.names))])
            for a, name in enumerate(cross.names)]
    pairs = [(m, *align_html(m.draft_text, m.source_text)) for m in cross.shared[:300]]
    page = template_environment().get_template("batch-similarity.html.j2").render(
        names=cross.names, heat=heat, pairs=pairs, n_shared=len(cross.shared), max_rows=MAX_SHARED_ROWS)
    atomic_write(out_dir / "similarity.html", page)


def write_summary(rows: list[BatchRow], out_dir: Path, areas: list[str], similarity: bool = False,
                  parent: bool = False) -> None:
    header = (["Tệp", "Trạng thái", "Tên đề án", "Điểm tổng hợp"] + areas
              + [f"Mức {SEVERITY_LABELS[s]}" for s in SEVERITIES]
              + ["Số nhiệm vụ", "Nhiệm vụ thiếu thông tin", "Đoạn trùng lặp", "Thư mục kết quả", "Ghi chú", "Lỗi"])
    table = []
    for r in rows:
        table.append([r.file, r.status, r.title, "" if r.overall is None else r.overall]
                     + [r.scores.get(a, "") for a in areas] + [r.severities.get(s, "") for s in SEVERITIES]
                     + [r.tasks, r.tasks_incomplete, r.duplicates, r.out_dir, r.note, r.error])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(csv_row(row) for row in table)
    atomic_write(out_dir / "summary.csv", "\ufeff" + buffer.getvalue())
    ok = sum(1 for r in rows if r.status == "ok")
    page = template_environment().get_template("batch-summary.html.j2").render(
        header=header, rows=[(r, list(zip(header, values))) for r, values in zip(rows, table)], ok=ok,
        similarity=similarity, parent=parent)
    atomic_write(out_dir / "summary.html", page)
