"""Batch mode: review every draft of a folder, one memo folder each, plus summary.csv / summary.html."""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .duplicates import CrossCheck, align_html, cross_check
from .errors import InputError
from .parse import SUPPORTED
from .render import write_outputs
from .review import Reviewer
from .rules_loader import SEVERITIES, SEVERITY_LABELS


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


def find_drafts(folder: Path) -> list[Path]:
    """Every file of the folder (recursively) that looks like a draft; other files are reported too."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.suffix.lower() in SUPPORTED + (".doc",))


def _out_name(path: Path, folder: Path, taken: set[str]) -> str:
    name = str(path.relative_to(folder).with_suffix("")).replace("/", "__")
    base, n = name, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def run_batch(folder: Path, out_dir: Path, reviewer: Reviewer, progress: bool = True) -> list[BatchRow]:
    drafts = find_drafts(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[BatchRow] = []
    taken: set[str] = set()
    passages: dict[str, list] = {}
    for path in tqdm(drafts, desc="Đang rà soát / reviewing", unit="tệp", disable=not progress):
        name = _out_name(path, folder, taken)
        try:
            result = reviewer.review(path)
            write_outputs(result, out_dir / name)
        except InputError as err:
            rows.append(BatchRow(file=str(path.relative_to(folder)), status="error", error=err.one_line()))
            continue
        except Exception as err:  # one broken draft never stops the batch
            rows.append(BatchRow(file=str(path.relative_to(folder)), status="error",
                                 error=f"Lỗi không xác định / unexpected error: {type(err).__name__}: {err}"))
            continue
        rel = str(path.relative_to(folder))
        for passage in result.passages:
            passage.doc = rel
        passages[rel] = result.passages
        rows.append(BatchRow(
            file=rel, status="ok", out_dir=name, title=result.seg.meta.title,
            overall=result.overall_score, scores=result.scores, severities=result.count_by_severity(),
            tasks=len(result.tasks.tasks), tasks_incomplete=sum(1 for t in result.tasks.tasks if t.missing),
            duplicates=len(result.duplicates),
        ))
    cross = cross_check(passages, reviewer.dup_threshold) if reviewer.dup_enabled else None
    if cross is not None and len(cross.names) >= 2:
        write_similarity(cross, out_dir)
    write_summary(rows, out_dir, list(dict.fromkeys(r.area for r in reviewer.ruleset.rules)),
                  similarity=cross is not None and len(cross.names) >= 2)
    return rows


def write_similarity(cross: CrossCheck, out_dir: Path) -> None:
    """similarity.html (heat map of how much of each draft is found again in each other draft, and the
    shared passages side by side) and shared_passages.csv."""
    with (out_dir / "shared_passages.csv").open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Dự thảo A", "Vị trí A", "Dự thảo B", "Vị trí B", "Điểm", "Đoạn A", "Đoạn B"])
        for m in cross.shared:
            writer.writerow([m.draft_doc, m.draft_location.label(), m.source_doc, m.source_location.label(),
                             round(m.score, 3), m.draft_text, m.source_text])
    head = "".join(f"<th>{html.escape(n)}</th>" for n in cross.names)
    body = []
    for a, name in enumerate(cross.names):
        cells = []
        for b in range(len(cross.names)):
            v = cross.share[a, b]
            if a == b:
                cells.append('<td class="self">—</td>')
            else:
                cells.append(f'<td style="background: rgba(200, 30, 30, {v:.2f})">{v * 100:.0f}%</td>')
        body.append(f"<tr><th>{html.escape(name)}</th>{''.join(cells)}</tr>")
    pairs = []
    for m in cross.shared[:300]:
        a_html, b_html = align_html(m.draft_text, m.source_text)
        pairs.append(f"<tr><td>{html.escape(m.draft_doc)}<br><small>{html.escape(m.draft_location.label())}"
                     f"</small></td><td>{a_html}</td><td>{html.escape(m.source_doc)}<br><small>"
                     f"{html.escape(m.source_location.label())}</small></td><td>{b_html}</td>"
                     f"<td>{m.score * 100:.0f}%</td></tr>")
    (out_dir / "similarity.html").write_text(f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Trùng lặp giữa các dự thảo</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em}} table{{border-collapse:collapse;margin:1em 0}}
th,td{{border:1px solid #bbb;padding:4px 6px;font-size:.9em;vertical-align:top}} th{{background:#eef}}
td.self{{background:#eee;text-align:center}} mark{{background:#ffe08a}}</style></head><body>
<h1>Trùng lặp giữa các dự thảo</h1>
<p>Ô (hàng A, cột B): tỷ lệ đoạn văn, nhiệm vụ của dự thảo A được tìm thấy lại trong dự thảo B.</p>
<table><tr><th></th>{head}</tr>{"".join(body)}</table>
<h2>Các đoạn dùng chung ({len(cross.shared)})</h2>
<table><tr><th>Dự thảo A</th><th>Đoạn A</th><th>Dự thảo B</th><th>Đoạn B</th><th>Điểm</th></tr>
{"".join(pairs)}</table></body></html>
""", encoding="utf-8")



def write_summary(rows: list[BatchRow], out_dir: Path, areas: list[str], similarity: bool = False) -> None:
    header = (["Tệp", "Trạng thái", "Tên đề án", "Điểm tổng hợp"] + areas
              + [f"Mức {SEVERITY_LABELS[s]}" for s in SEVERITIES]
              + ["Số nhiệm vụ", "Nhiệm vụ thiếu thông tin", "Đoạn trùng lặp", "Thư mục kết quả", "Lỗi"])
    table = []
    for r in rows:
        table.append([r.file, r.status, r.title, "" if r.overall is None else r.overall]
                     + [r.scores.get(a, "") for a in areas] + [r.severities.get(s, "") for s in SEVERITIES]
                     + [r.tasks, r.tasks_incomplete, r.duplicates, r.out_dir, r.error])
    with (out_dir / "summary.csv").open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(table)
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for r, values in zip(rows, table):
        tds = []
        for h, v in zip(header, values):
            text = html.escape(str(v))
            if h == "Thư mục kết quả" and v:
                text = f'<a href="{html.escape(str(v))}/memo.html">{text}</a>'
            tds.append(f"<td>{text}</td>")
        cls = ' class="error"' if r.status == "error" else ""
        body.append(f"<tr{cls}>{''.join(tds)}</tr>")
    ok = sum(1 for r in rows if r.status == "ok")
    (out_dir / "summary.html").write_text(f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Tổng hợp rà soát đề án</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em}} table{{border-collapse:collapse}}
th,td{{border:1px solid #bbb;padding:4px 6px;font-size:.9em}} th{{background:#eef}}
tr.error td{{background:#fdd}}</style>
</head><body><h1>Tổng hợp rà soát {len(rows)} dự thảo ({ok} thành công, {len(rows) - ok} lỗi)</h1>
{'<p><a href="similarity.html">Trùng lặp giữa các dự thảo (bản đồ nhiệt)</a> · '
 '<a href="shared_passages.csv">shared_passages.csv</a></p>' if similarity else ''}
<table><tr>{cells}</tr>
{chr(10).join(body)}
</table></body></html>
""", encoding="utf-8")
