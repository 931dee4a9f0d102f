"""Scanned and old-format copies of our drafts, reviewed and compared with their text versions (run by hand).

    python benchmarks/bench_ocr.py [--quick] [--json out.json]

For each bundled sample (and two generated drafts with other layouts) the script prints the draft
to PDF (the .docx through LibreOffice), makes scans of it with planreview_testing/gen_scans.py — 300 dpi clean,
200 dpi with +1° skew and JPEG noise, 150 dpi with −1° skew and heavier JPEG, 200 dpi with a red
seal over the signature, a phone photo (perspective, shading) — and a .doc copy, reviews every copy
and compares it with the review of its text version:

- findings that agree: same rule and same evidence (folded text, ≥ 0.9 similar, since one misread
  letter in a quoted sentence is not a different finding), as a share of max(#text, #copy), so
  both missed and extra findings count against it (goal ≥ 0.9);
- tasks: share of the text version's tasks found with the same budget (goal ≥ 0.9);
- citations: share of the text version's citations found with the same key and date (goal ≥ 0.95);
- time per page: wall time of the scan's review (OCR included, cache empty) / pages, and the CPU
  time per page (this machine has 2 cores shared with others: load average shown).

--quick: the three bundled samples and two scan kinds only. --tables: instead, three generated drafts whose
task table has a two-row header with merged cells (sub-columns Chủ trì | Phối hợp; four budget sources;
Tổng số | NSNN | Khác). --variants: a comma-separated choice of the scan kinds.
--work DIR keeps the copies and the OCR cache in DIR and reuses them on the next run (the comparison again
after a change of the layout rules; the times of such a run are cache hits, not OCR). --timing RUNS: only
the speed — whole CLI reviews of two 3-page scans, cache cold then warm, median of RUNS, beside the floor
(the ``tesseract`` command alone on the same pages, two at a time): run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.textnorm import fold  # noqa: E402
from planreview_testing.gen_scans import Degrade, scan_pdf  # noqa: E402

VARIANTS = {
    "300dpi": (300, Degrade()),
    "200dpi+1°+jpeg": (200, Degrade(skew=1.0, jpeg_quality=60)),
    "150dpi-1°+jpeg": (150, Degrade(skew=-1.0, jpeg_quality=45)),
    "200dpi+seal": (200, Degrade(stamp=True, jpeg_quality=70)),
    "phone photo": (200, Degrade(photo=True, jpeg_quality=75)),
}


def sources(work: Path, quick: bool) -> list[tuple[str, Path, Path]]:
    """(name, text version to compare with, PDF to scan)."""
    from pipeline.ingest.convert import libreoffice_convert
    from planreview_testing.synthetic import clean_spec, write_draft
    from samples.make_samples import SAMPLES

    out = []
    for name in ("de-an-cds-dong-hai.docx", "de-an-cds-dong-hai-hoan-chinh.docx"):
        src = ROOT / "samples" / name
        pdf = work / f"{src.stem}.pdf"
        out.append((name, src, pdf if pdf.exists() else libreoffice_convert(src, "pdf", pdf)))
    tay_son = ROOT / "samples" / "de-an-cds-tay-son.pdf"
    out.append(("de-an-cds-tay-son.pdf", tay_son, tay_son))
    if not quick:
        # the .txt sample's draft, typeset (its review as .txt is reported beside it)
        bac_ha = work / "de-an-cds-bac-ha.pdf"
        bac_ha = bac_ha if bac_ha.exists() else write_draft(SAMPLES["de-an-cds-bac-ha.txt"], bac_ha)
        out.append(("de-an-cds-bac-ha (pdf of the .txt draft)", bac_ha, bac_ha))
        for label, spec in (
            ("generated: multirow table over pages", clean_spec(district="Hòa Bình", table_layout="multirow",
                                                                 extra_tasks=8, task_without_owner=2,
                                                                 malformed_citation=True)),
            ("generated: by-source table, numbered", clean_spec(district="An Phú", table_layout="by_source",
                                                                 task_without_budget=1, wrong_date_749=True)),
        ):
            pdf = work / f"{label.split(':')[1].strip().replace(' ', '-')}.pdf"
            pdf = pdf if pdf.exists() else write_draft(spec, pdf)
            out.append((label, pdf, pdf))
    return out


def _nsnn_split_pdf(spec, path: Path) -> Path:
    """The simple task table re-set with the budget split under a merged "Kinh phí" header, as many
    provincial appendices set it: "Kinh phí (triệu đồng)" over "Tổng số | NSNN | Khác" (state budget or
    other sources), the other header cells spanning both rows."""
    import dataclasses

    from planreview_testing.synthetic import build_items, write_pdf

    items = build_items(spec)
    out = []
    for it in items:
        if it.kind != "table" or it.header_rows != 1 or len(it.rows[0]) != 7:
            out.append(it)
            continue
        header = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
                   "Kinh phí (triệu đồng)", "", ""], ["", "", "", "", "", "Tổng số", "NSNN", "Khác"]]
        rows = []
        for r, row in enumerate(it.rows[1:], start=1):
            if r in it.group_rows:
                rows.append(row + [""])
                continue
            state = "ngân sách" in row[6].lower()
            rows.append(row[:6] + ([row[5], ""] if state else ["", row[5]]))
        out.append(dataclasses.replace(it, rows=header + rows, header_rows=2, spans=((0, 5, 7),),
                                       group_rows=tuple(g + 1 for g in it.group_rows)))
    return write_pdf(out, path)


def table_sources(work: Path) -> list[tuple[str, Path, Path]]:
    """Generated drafts whose task table has a two-row header with merged cells (issue 19's open point)."""
    from planreview_testing.synthetic import clean_spec, write_draft

    out = []
    for label, layout, district in (("multirow: Cơ quan thực hiện → Chủ trì | Phối hợp", "multirow", "Hòa Bình"),
                                    ("by_source: Kinh phí → 4 budget sources", "by_source", "An Phú"),
                                    ("nsnn: Kinh phí → Tổng số | NSNN | Khác", "simple", "Tân Lập")):
        spec = clean_spec(district=district, table_layout=layout, extra_tasks=4, task_without_owner=1)
        pdf = work / f"table-{label.split(':')[0]}.pdf"
        if not pdf.exists():
            pdf = _nsnn_split_pdf(spec, pdf) if label.startswith("nsnn") else write_draft(spec, pdf)
        out.append((label, pdf, pdf))
    return out


def _similar(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def compare(text, copy) -> dict:
    """Agreement of a copy's review with its text version's."""
    left = [(f.rule_id, f.evidence) for f in text.findings]
    right = [(f.rule_id, f.evidence) for f in copy.findings]
    matched = 0
    free = list(right)
    for rule, evidence in left:
        best = max((r for r in free if r[0] == rule), key=lambda r: _similar(evidence, r[1]), default=None)
        if best is not None and _similar(evidence, best[1]) >= 0.9:
            matched += 1
            free.remove(best)
    findings = matched / max(len(left), len(right)) if (left or right) else 1.0

    tasks_left, tasks_right = text.tasks.tasks, list(copy.tasks.tasks)
    found = 0
    for t in tasks_left:
        best = max(tasks_right, key=lambda u: _similar(t.text, u.text), default=None)
        if best is not None and _similar(t.text, best.text) >= 0.85 and best.budget_vnd == t.budget_vnd:
            found += 1
            tasks_right.remove(best)
    tasks = found / len(tasks_left) if tasks_left else (1.0 if not copy.tasks.tasks else 0.0)

    cites_left = [(c.key, c.date) for c in text.citations]
    cites_right = [(c.key, c.date) for c in copy.citations]
    cited = sum(1 for c in cites_left if c in cites_right)
    citations = cited / len(cites_left) if cites_left else 1.0
    return {"findings": round(findings, 3), "tasks": round(tasks, 3), "citations": round(citations, 3),
            "score_text": text.overall_score, "score_copy": copy.overall_score,
            "missed": sorted({r for r, _ in left} - {r for r, _ in right}),
            "extra": [r for r, _ in free]}


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _floor(pdf: Path, work: Path) -> float:
    """Wall seconds per page of the raw engine on the same pages: each page rendered at 300 dpi and read by
    the ``tesseract`` command (vie, psm 3), two pages at a time on the two cores — what no review can beat."""
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    images = []
    for n in range(len(document)):
        path = work / f"floor-{pdf.stem}-{n + 1}.bmp"
        document[n].render(scale=300 / 72, grayscale=True).to_pil().save(path)
        images.append(path)
    document.close()

    def read(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "-", "-l", "vie", "--psm", "3", "--dpi", "300"],
                       capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(read, images))
    return (time.perf_counter() - t0) / len(images)


def timing(work: Path, runs: int) -> None:
    """Wall time per page of a whole review of a scan, OCR cache cold and warm, median of ``runs``, next to
    the raw engine's floor measured in the same minute (pages two at a time on the 2 cores)."""
    import shutil
    import subprocess

    source = ROOT / "samples" / "de-an-cds-tay-son.pdf"
    copies = []
    for label in ("200dpi+1°+jpeg", "200dpi+seal"):
        dpi, degrade = VARIANTS[label]
        target = work / f"timing-{''.join(c if c.isalnum() else '-' for c in label)}.pdf"
        copies.append((label, target if target.exists() else scan_pdf(source, target, dpi, degrade)))
    print(f"{'copy':16} {'pages':>5} {'floor':>8} {'cold':>8} {'warm':>8} {'cold/floor':>10}  load")
    for label, path in copies:
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(path)))
        floors, cold, warm, cpu = [], [], [], []
        for run in range(runs):
            floors.append(_floor(path, work))
            cache = work / f"timing-cache-{run}"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "PLANREVIEW_CACHE": str(cache)}
            for bucket in (cold, warm):  # the whole CLI, as a person runs it
                out = work / "timing-out"
                shutil.rmtree(out, ignore_errors=True)
                cpu0, t0 = _cpu(), time.perf_counter()
                subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "review", str(path), "-o", str(out),
                                "--no-corpus"], env=env, capture_output=True, check=True)
                bucket.append((time.perf_counter() - t0) / pages)
                if bucket is cold:
                    cpu.append((_cpu() - cpu0) / pages)
        f, c, w = statistics.median(floors), statistics.median(cold), statistics.median(warm)
        print(f"{label:16} {pages:5} {f:7.2f}s {c:7.2f}s {w:7.2f}s {c / f:10.2f}  {os.getloadavg()[0]:.1f}"
              f"   (cold CPU {statistics.median(cpu):.2f} s/page; runs cold {[round(x, 2) for x in cold]})",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--work", type=Path, help="folder for the copies and the OCR cache (kept)")
    parser.add_argument("--tables", action="store_true",
                        help="only generated drafts whose task table has a two-row header with merged cells")
    parser.add_argument("--timing", type=int, metavar="RUNS", default=0,
                        help="only time whole reviews of two scans of the Tây Sơn sample, OCR cache cold and warm, "
                             "median of RUNS, next to the raw engine's floor")
    parser.add_argument("--variants", help="comma-separated names of the scan kinds (default: all)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["PLANREVIEW_CACHE"] = str(work / "cache")  # an empty cache: OCR really runs
    if args.timing:
        return timing(work, args.timing)
    from pipeline.ingest.convert import libreoffice_convert
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    reviewer = Reviewer(ReviewOptions(kb_files=[ROOT / "samples" / "kb-thanh-lam.yaml"]))
    variants = dict(list(VARIANTS.items())[1:4:2]) if args.quick else VARIANTS
    if args.variants:
        variants = {k: VARIANTS[k] for k in args.variants.split(",")}
    rows = []
    for name, text_path, pdf in (table_sources(work) if args.tables else sources(work, args.quick)):
        text = reviewer.review(text_path)
        copies: list[tuple[str, Path]] = []
        if text_path.suffix == ".docx" and not args.tables:
            doc = work / f"{text_path.stem}.doc"
            copies.append((".doc copy", doc if doc.exists() else libreoffice_convert(text_path, "doc", doc)))
        for label, (dpi, degrade) in variants.items():
            slug = "".join(c if c.isalnum() else "-" for c in label)
            target = work / f"{Path(pdf).stem}-{slug}.pdf"
            copies.append((label, target if target.exists() else scan_pdf(pdf, target, dpi, degrade)))
        for label, path in copies:
            cpu0, t0 = _cpu(), time.perf_counter()
            copy = reviewer.review(path)
            wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
            pages = copy.seg.doc.pages or 1
            row = {"draft": name, "copy": label, "pages": pages, **compare(text, copy),
                   "s_per_page": round(wall / pages, 2), "cpu_s_per_page": round(cpu / pages, 2),
                   "ocr_confidence": round(copy.seg.doc.ocr.mean_confidence, 1) if copy.seg.doc.ocr else None,
                   "load": round(os.getloadavg()[0], 1)}
            rows.append(row)
            print(f"{name[:38]:38} {label:16} p={pages} findings={row['findings']:.2f} tasks={row['tasks']:.2f} "
                  f"citations={row['citations']:.2f} score {row['score_text']}→{row['score_copy']} "
                  f"{row['s_per_page']:.1f} s/page ({row['cpu_s_per_page']:.1f} CPU s) conf={row['ocr_confidence']} "
                  f"load={row['load']}" + (f" missed={row['missed']}" if row["missed"] else "")
                  + (f" extra={row['extra']}" if row["extra"] else ""), flush=True)
    scans = [r for r in rows if r["copy"] != ".doc copy"]
    docs = [r for r in rows if r["copy"] == ".doc copy"]
    print("\nscans:", len(scans), "pages:", sum(r["pages"] for r in scans))
    for key, goal in (("findings", 0.9), ("tasks", 0.9), ("citations", 0.95)):
        values = [r[key] for r in scans]
        print(f"  {key:10} mean {statistics.mean(values):.3f}  min {min(values):.3f}  "
              f"≥ goal {goal}: {sum(v >= goal for v in values)}/{len(values)}")
    print(f"  time/page  median {statistics.median(r['s_per_page'] for r in scans):.2f} s wall, "
          f"{statistics.median(r['cpu_s_per_page'] for r in scans):.2f} s CPU (goal ≤ 3 s wall on 2 cores)")
    if docs:
        print(".doc copies: findings", [r["findings"] for r in docs], "tasks", [r["tasks"] for r in docs],
              "citations", [r["citations"] for r in docs])
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
