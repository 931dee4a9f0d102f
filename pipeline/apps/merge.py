"""`planreview merge`: the experts' Word comments on their copies of the annotated draft, merged with the
automated findings into one "Báo cáo tổng hợp ý kiến phản biện" (md / html / docx), section by section.

Each comment keeps its author, date, text and the paragraph it is anchored on. The copies are matched to
the reviewed draft paragraph by paragraph (a diff of the paragraph sequences, then the most alike
paragraph within each edited stretch), so a copy whose text an expert changed still lands its comments
in the right section. A comment — or a reply to one of planreview's comments — that starts with a
rejecting phrase ("không đồng ý", "bỏ", … configurable) removes the automated finding it points to
(the reply's parent, a fingerprint or rule id it names, else the findings on the same paragraph) and the
report records who rejected it and why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import InputError
from pipeline.core.fingerprint import finding_dict_prints
from pipeline.core.model import SEVERITY_LABELS
from pipeline.core.project_config import DEFAULT_REJECT_WORDS
from pipeline.core.textnorm import normalize_text
from pipeline.review.redline import aligned_blocks, block_text

TOOL_AUTHOR = "planreview"
_FP = re.compile(r"\b[A-Z]+-[0-9]+:[0-9a-f]{12}\b")
_RULE = re.compile(r"\b[A-Z]+-[0-9]{2,}\b")
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_RT_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
OUTPUT_STEM = "bao-cao-tong-hop"
MIN_MATCHED_SHARE = 0.5  # a copy with fewer of its paragraphs found in the reviewed draft is another document


@dataclass
class ExpertComment:
    author: str
    date: str
    text: str
    file: str
    block: int | None = None  # 1-based block of the reviewed draft the comment is anchored on
    anchor: str = ""  # the draft's text there
    reply_to: str = ""  # fingerprint of the planreview comment this replies to
    rejects: list[str] = field(default_factory=list)  # fingerprints it rejected
    comment_id: str = ""


@dataclass
class MergeSection:
    key: str
    title: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    comments: list[ExpertComment] = field(default_factory=list)


@dataclass
class Rejection:
    finding: dict[str, Any]
    by: list[ExpertComment]


@dataclass
class MergeReport:
    title: str
    file: str
    experts: list[dict[str, Any]]
    sections: list[MergeSection]
    rejected: list[Rejection]
    kept: int
    total_comments: int = 0
    generated: str = field(default_factory=lambda: dt.date.today().strftime("%d/%m/%Y"))

    @property
    def comment_count(self) -> int:
        return sum(len(s.comments) for s in self.sections)


# ---------------------------------------------------------------------------------------------- reading

def _is_rejection(text: str, words: list[str]) -> bool:
    """Does the comment start with a rejecting phrase (after a rule id / fingerprint and punctuation)?"""
    lead = _FP.sub(" ", text)
    lead = _RULE.sub(" ", lead)
    lead = re.sub(r"^[\W_]+", "", normalize_text(lead).lower())
    return any(re.match(re.escape(normalize_text(w).lower()) + r"(\W|$)", lead) for w in words)


def _comment_paragraphs(document) -> dict[str, Any]:
    """comment id → the w:p element its range starts in (or its reference sits in)."""
    from docx.oxml.ns import qn

    out: dict[str, Any] = {}
    body = document.element.body
    for tag in ("w:commentRangeStart", "w:commentReference"):
        for el in body.iter(qn(tag)):
            cid = el.get(qn("w:id"))
            p = el
            while p is not None and p.tag != qn("w:p"):
                p = p.getparent()
            if cid is not None and p is not None:
                out.setdefault(cid, p)
    return out


def _reply_parents(document) -> dict[str, str]:
    """comment id → parent comment id, from word/commentsExtended.xml (Word's replies)."""
    from docx.oxml.ns import qn

    try:
        comments_part = document.part._comments_part
    except Exception:  # no comments part at all
        return {}
    extended = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == _RT_EXTENDED), None)
    if extended is None:
        return {}
    from lxml import etree

    root = etree.fromstring(extended.blob)
    parent_para = {ex.get(f"{{{_W15}}}paraId"): ex.get(f"{{{_W15}}}paraIdParent")
                   for ex in root.iter(f"{{{_W15}}}commentEx")}
    para_to_comment = {}
    for comment in comments_part.element.iter(qn("w:comment")):
        for p in comment.iter(qn("w:p")):
            pid = p.get(f"{{{_W14}}}paraId")
            if pid:
                para_to_comment[pid] = comment.get(qn("w:id"))
    return {para_to_comment[c]: para_to_comment[p] for c, p in parent_para.items()
            if p and c in para_to_comment and p in para_to_comment}


def read_copy(path: Path, original: list[dict[str, Any]]) -> list[tuple[ExpertComment, str]]:
    """Every comment of one copy, as (comment, fingerprint of planreview's own comment or "")."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable

    from pipeline.ingest.docx import read_docx

    if not path.is_file():
        raise InputError(f"Không tìm thấy tệp: {path}", f"File not found: {path}")
    if path.suffix.lower() != ".docx" or not zipfile.is_zipfile(path):
        raise InputError(f"Bản góp ý phải là tệp Word .docx: {path.name}",
                         f"An expert's copy must be a Word .docx file: {path.name}")
    try:
        document = docx.Document(str(path))
        refs: list = []
        blocks, _tables = read_docx(document, DocxTable, refs)
        comments = list(document.comments)
    except Exception as exc:  # python-docx / lxml errors on a broken package
        raise InputError(f"Không đọc được bản góp ý {path.name}: {exc}",
                         f"Cannot read the expert's copy {path.name}: {exc}") from exc
    # where each block of the copy sits in the reviewed draft
    index_of: dict[Any, int] = {}
    for j, ref in enumerate(refs):
        if ref is None:
            continue
        index_of[ref._p] = j
        tr = ref._p.getparent()
        while tr is not None and tr.tag != qn("w:tr"):
            tr = tr.getparent()
        if tr is not None:
            index_of.setdefault(tr, j)
    copy_texts = [block_text({"text": b.text, "cells": b.cells}) for b in blocks]
    orig_texts = [block_text(b) for b in original]
    to_orig: dict[int, int] = {}
    last = None
    aligned = aligned_blocks(orig_texts, copy_texts)
    matched = sum(1 for i, j in aligned if i is not None and j is not None)
    if copy_texts and matched < MIN_MATCHED_SHARE * min(len(copy_texts), len(orig_texts)):
        raise InputError(f"{path.name} không phải bản của dự thảo đã rà soát (chỉ {matched}/{len(copy_texts)} đoạn "
                         "khớp)", f"{path.name} is not a copy of the reviewed draft ({matched}/{len(copy_texts)} "
                                  "paragraphs match)")
    for i, j in aligned:
        if i is not None:
            last = i
        if j is not None:
            to_orig[j] = i if i is not None else (last if last is not None else 0)
    anchors = _comment_paragraphs(document)
    parents = _reply_parents(document)
    found = []
    by_id = {}
    for c in comments:
        cid = str(c.comment_id)
        text = c.text.strip()
        own = _FP.findall(text) if (c.author or "") == TOOL_AUTHOR else []
        block = None
        p = anchors.get(cid)
        while p is not None and p not in index_of:
            p = p.getparent()
        if p is not None:
            block = to_orig.get(index_of[p])
        stamp = c.timestamp.strftime("%d/%m/%Y %H:%M") if c.timestamp else ""
        comment = ExpertComment(c.author or "(không tên)", stamp, text, path.name,
                                block + 1 if block is not None else None,
                                original[block]["text"] if block is not None else "", comment_id=cid)
        by_id[cid] = (comment, own[0] if own else "")
        found.append(by_id[cid])
    for cid, parent in parents.items():
        if cid in by_id and parent in by_id and by_id[parent][1]:
            comment = by_id[cid][0]
            comment.reply_to = by_id[parent][1]
            if comment.block is None:
                comment.block = by_id[parent][0].block
                comment.anchor = by_id[parent][0].anchor
    return found


# ---------------------------------------------------------------------------------------------- merging

def _load_out(out_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from pipeline.review.rounds import load_snapshot

    path = out_dir / "findings.json" if out_dir.is_dir() else out_dir
    if not path.is_file():
        raise InputError(f"Không có findings.json trong {out_dir} (chạy 'planreview review' trước)",
                         f"No findings.json in {out_dir} (run 'planreview review' first)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["findings"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"findings.json hỏng: {path}", f"Broken findings.json: {path}") from exc
    snapshot = load_snapshot(path.parent)
    if snapshot is None:
        raise InputError(f"Thư mục {path.parent} thiếu draft.snapshot.json (chạy lại 'planreview review' với phiên "
                         "bản này)", f"{path.parent} has no draft.snapshot.json (re-run 'planreview review')")
    return data, snapshot["blocks"]


def _top(section_path: str) -> str:
    return section_path.split(" > ")[0].strip() if section_path else ""


def merge_comments(out_dir: Path, copies: list[Path], reject_words: list[str] | None = None) -> MergeReport:
    """Merge the experts' copies into one report (see module doc)."""
    if not copies:
        raise InputError("Cần ít nhất một bản góp ý của chuyên gia (.docx)", "Give at least one expert's copy (.docx)")
    words = list(reject_words or DEFAULT_REJECT_WORDS)
    data, original = _load_out(out_dir)
    findings = data["findings"]
    for f, (fp, _anchor) in zip(findings, finding_dict_prints(findings)):
        f["fingerprint"] = fp
    by_fp = {f["fingerprint"]: f for f in findings}
    finding_block: dict[str, int] = {f["fingerprint"]: (f.get("location") or {}).get("paragraph") or 1
                                     for f in findings}
    experts: dict[tuple[str, str], int] = {}
    comments: list[ExpertComment] = []
    for path in copies:
        before = len(comments)
        for comment, own_fp in read_copy(path, original):
            if own_fp:
                if comment.block is not None and own_fp in finding_block:
                    finding_block[own_fp] = comment.block  # where the copy shows it (the draft may have moved)
                continue
            if comment.author == TOOL_AUTHOR:
                continue
            comments.append(comment)
            experts[(comment.author, path.name)] = experts.get((comment.author, path.name), 0) + 1
        if len(comments) == before:
            experts[("(không có ý kiến)", path.name)] = 0
    rejected: dict[str, list[ExpertComment]] = {}
    for c in comments:
        if not _is_rejection(c.text, words):
            continue
        if c.reply_to and c.reply_to in by_fp:
            targets = [c.reply_to]
        elif _FP.findall(c.text):
            targets = [fp for fp in _FP.findall(c.text) if fp in by_fp]
        else:
            here = [fp for fp, b in finding_block.items() if c.block is not None and b == c.block]
            rules = set(_RULE.findall(c.text))
            targets = [fp for fp in here if not rules or by_fp[fp]["rule_id"] in rules]
            if not targets and rules:
                anywhere = [fp for fp, f in by_fp.items() if f["rule_id"] in rules]
                targets = anywhere if len(anywhere) == 1 else []
        c.rejects = targets
        for fp in targets:
            rejected.setdefault(fp, []).append(c)
    # sections in document order, from the reviewed draft's headings
    titles = {b["section"]: b["text"] for b in original if b["kind"] == "heading" and b.get("section")}
    order = ["", *dict.fromkeys(_top(b.get("section", "")) for b in original if _top(b.get("section", "")))]
    def title_of(key: str) -> str:
        if not key:
            return "Nhận xét chung, phần đầu văn bản"
        return titles.get(key) or (f"Mục {key}" if re.fullmatch(r"[IVXLC0-9.]+", key) else key)

    sections = {key: MergeSection(key, title_of(key)) for key in order}
    for f in findings:
        if f["fingerprint"] in rejected:
            continue
        key = _top((f.get("location") or {}).get("section", ""))
        sections.setdefault(key, MergeSection(key, title_of(key))).findings.append(f)
    for c in comments:
        if c.rejects:
            continue
        key = _top(original[c.block - 1].get("section", "")) if c.block else ""
        sections.setdefault(key, MergeSection(key, title_of(key))).comments.append(c)
    document = data.get("document", {})
    return MergeReport(
        title=document.get("title", "") or Path(document.get("path", "")).stem,
        file=Path(document.get("path", "")).name,
        experts=[{"author": a, "file": f, "count": n} for (a, f), n in experts.items()],
        sections=[s for s in sections.values() if s.findings or s.comments],
        rejected=[Rejection(by_fp[fp], cs) for fp, cs in rejected.items()],
        kept=len(findings) - len(rejected),
        total_comments=len(comments),
    )


# ---------------------------------------------------------------------------------------------- writing

def _severity(f: dict[str, Any]) -> str:
    return SEVERITY_LABELS.get(f.get("severity", ""), f.get("severity", ""))


def _loc(f: dict[str, Any]) -> str:
    return (f.get("location") or {}).get("label", "") or "toàn văn bản"


def write_merge_report(report: MergeReport, out_dir: Path) -> dict[str, Path]:
    """bao-cao-tong-hop.md / .html / .docx in ``out_dir``."""
    from pipeline.core.atomic_io import atomic_write
    from pipeline.render.templating import template_environment

    env = template_environment()
    env.globals.update(severity=_severity, loc=_loc)
    paths = {"md": out_dir / f"{OUTPUT_STEM}.md", "html": out_dir / f"{OUTPUT_STEM}.html",
             "docx": out_dir / f"{OUTPUT_STEM}.docx"}
    atomic_write(paths["md"], env.get_template("merge.md.j2").render(r=report))
    atomic_write(paths["html"], env.get_template("merge.html.j2").render(r=report))
    _write_docx(report, paths["docx"])
    return paths


def _write_docx(report: MergeReport, path: Path) -> None:
    import docx
    from docx.shared import Pt

    from pipeline.core.atomic_io import atomic_save

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading("BÁO CÁO TỔNG HỢP Ý KIẾN PHẢN BIỆN", level=0)
    document.add_paragraph().add_run(report.title).bold = True
    document.add_paragraph(f"Tổng hợp ngày {report.generated} từ {len(report.experts)} bản góp ý: "
                           f"{report.kept} phát hiện tự động được giữ, {len(report.rejected)} bị chuyên gia bác bỏ, "
                           f"{report.total_comments} ý kiến của chuyên gia.")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Chuyên gia", "Tệp góp ý", "Số ý kiến"]):
        cell.paragraphs[0].add_run(text).bold = True
    for e in report.experts:
        for cell, text in zip(table.add_row().cells, [e["author"], e["file"], str(e["count"])]):
            cell.text = text
    for n, s in enumerate(report.sections, start=1):
        document.add_heading(f"{n}. {s.title}", level=1)
        if s.findings:
            document.add_paragraph().add_run("Phát hiện của công cụ").bold = True
            for f in s.findings:
                document.add_paragraph(f"[{f['rule_id']}] {f['message']} ({_loc(f)}; mức {_severity(f)})",
                                       style="List Bullet")
        if s.comments:
            document.add_paragraph().add_run("Ý kiến của chuyên gia").bold = True
            for c in s.comments:
                p = document.add_paragraph(style="List Bullet")
                p.add_run(f"{c.author}").bold = True
                p.add_run(f" ({c.date}{'; đoạn ' + str(c.block) if c.block else ''}): {c.text}")
                if c.anchor:
                    q = document.add_paragraph(f"“{c.anchor[:300]}”")
                    q.paragraph_format.left_indent = Pt(24)
                    q.runs[0].italic = True
    if report.rejected:
        document.add_heading("Phát hiện tự động chuyên gia đề nghị bỏ", level=1)
        for r in report.rejected:
            who = "; ".join(f"{c.author} ({c.date}): {c.text}" for c in r.by)
            document.add_paragraph(f"[{r.finding['rule_id']}] {r.finding['message']} ({_loc(r.finding)}) — bác bỏ bởi "
                                   f"{who}", style="List Bullet")
    atomic_save(lambda tmp: document.save(str(tmp)), path)
