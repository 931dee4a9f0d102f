"""What changed between two versions of a draft: paragraphs added / removed / changed by section, task
rows added / removed and the task fields that changed ("Kinh phí: 1.500 → 2.000 triệu đồng").

Works on *snapshots* (rounds.snapshot_of: the blocks and tasks of a reviewed draft), so an earlier
round needs only its output folder. The text diff is Google's diff-match-patch, run on whole blocks
(each distinct block is one symbol) and then on the words of each changed block. Also writes the new
version as a Word document with tracked changes (w:ins / w:del) against the old one.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from diff_match_patch import diff_match_patch

from pipeline.core.atomic_io import atomic_save
from pipeline.core.numbers import format_vnd
from pipeline.core.textnorm import fold

EQUAL, INSERT, DELETE = 0, 1, -1
CHANGED_MIN_SIMILARITY = 0.5  # a removed and an added block this alike are one changed block
TASK_MIN_SIMILARITY = 0.6  # task texts this alike are the same task (rephrased)
_TOKEN = re.compile(r"\s+|[^\s]+")


def _dmp() -> diff_match_patch:
    d = diff_match_patch()
    d.Diff_Timeout = 2.0
    return d


def diff_sequences(a: list[str], b: list[str]) -> list[tuple[int, list[int], list[int]]]:
    """Diff two sequences of strings as wholes: [(op, indices in a, indices in b)] in order."""
    symbols: dict[str, str] = {}

    def encode(items: list[str]) -> str:
        return "".join(symbols.setdefault(s, chr(0xE000 + len(symbols)) if len(symbols) < 6400
                                          else chr(0x10000 + len(symbols))) for s in items)

    ea, eb = encode(a), encode(b)
    d = _dmp()
    diffs = d.diff_main(ea, eb, False)
    out, i, j = [], 0, 0
    for op, text in diffs:
        n = len(text)
        if op == EQUAL:
            out.append((EQUAL, list(range(i, i + n)), list(range(j, j + n))))
            i, j = i + n, j + n
        elif op == DELETE:
            out.append((DELETE, list(range(i, i + n)), []))
            i += n
        else:
            out.append((INSERT, [], list(range(j, j + n))))
            j += n
    return out


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """Word-level diff of two texts: [(op, text)] with op −1 deleted, 0 kept, 1 inserted."""
    symbols: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for tok in _TOKEN.findall(text):
            if tok not in symbols:
                symbols[tok] = chr(0xE000 + len(tokens)) if len(tokens) < 6400 else chr(0x10000 + len(tokens))
                tokens.append(tok)
            out.append(symbols[tok])
        return "".join(out)

    d = _dmp()
    diffs = d.diff_main(encode(old), encode(new), False)
    d.diff_cleanupSemantic(diffs)
    back = {v: k for k, v in symbols.items()}
    return [(op, "".join(back[c] for c in text)) for op, text in diffs]


@lru_cache(maxsize=4096)
def similarity(a: str, b: str) -> float:
    """1 − word-level edit distance / word count of the longer text, on folded text; 1.0 for equal texts."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 1.0
    wa, wb = fa.split(), fb.split()
    if not wa or not wb:
        return 0.0
    symbols: dict[str, str] = {}
    ea = "".join(symbols.setdefault(w, chr(0xE000 + len(symbols) % 6400)) for w in wa)
    eb = "".join(symbols.setdefault(w, chr(0xE000 + len(symbols) % 6400)) for w in wb)
    d = _dmp()
    return max(0.0, 1 - d.diff_levenshtein(d.diff_main(ea, eb, False)) / max(len(wa), len(wb)))


@dataclass
class Change:
    kind: str  # added | removed | changed
    old: str = ""
    new: str = ""
    pieces: list[tuple[int, str]] = field(default_factory=list)  # word diff, for "changed"
    location: str = ""

    @property
    def html(self) -> str:
        if self.kind == "added":
            return f"<ins>{html.escape(self.new)}</ins>"
        if self.kind == "removed":
            return f"<del>{html.escape(self.old)}</del>"
        return pieces_html(self.pieces)

    @property
    def md(self) -> str:
        if self.kind == "added":
            return f"**{_md(self.new)}**"
        if self.kind == "removed":
            return f"~~{_md(self.old)}~~"
        return pieces_md(self.pieces)


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("~", "\\~").replace("|", "\\|")


def pieces_html(pieces: list[tuple[int, str]]) -> str:
    tag = {DELETE: "del", INSERT: "ins"}
    return "".join(f"<{tag[op]}>{html.escape(t)}</{tag[op]}>" if op != EQUAL else html.escape(t) for op, t in pieces)


def pieces_md(pieces: list[tuple[int, str]]) -> str:
    out = []
    for op, t in pieces:
        core, pad = t.strip(), t[len(t.rstrip()):]
        lead = t[:len(t) - len(t.lstrip())]
        if op == EQUAL or not core:
            out.append(_md(t))
        else:
            out.append(f"{lead}{'~~' if op == DELETE else '**'}{_md(core)}{'~~' if op == DELETE else '**'}{pad}")
    return "".join(out)


@dataclass
class SectionDiff:
    title: str
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


@dataclass
class TaskChange:
    kind: str  # added | removed | changed
    task: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    location: str = ""

    def field_lines(self) -> list[str]:
        return [field_line(label, old, new) for label, old, new in self.fields]


@dataclass
class Redline:
    old_file: str
    new_file: str
    sections: list[SectionDiff]
    tasks: list[TaskChange]

    def counts(self) -> dict[str, int]:
        changes = [c for s in self.sections for c in s.changes]
        return {"added": sum(c.kind == "added" for c in changes), "removed": sum(c.kind == "removed" for c in changes),
                "changed": sum(c.kind == "changed" for c in changes),
                "tasks_added": sum(t.kind == "added" for t in self.tasks),
                "tasks_removed": sum(t.kind == "removed" for t in self.tasks),
                "tasks_changed": sum(t.kind == "changed" for t in self.tasks)}

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())

    def to_dict(self) -> dict[str, Any]:
        return {"old_file": self.old_file, "new_file": self.new_file, "counts": self.counts(),
                "sections": [{"title": s.title, "changes": [{"kind": c.kind, "old": c.old, "new": c.new}
                                                             for c in s.changes]} for s in self.sections],
                "tasks": [{"kind": t.kind, "task": t.task, "fields": [list(f) for f in t.fields]}
                          for t in self.tasks]}


def field_line(label: str, old: str, new: str) -> str:
    """'Kinh phí: 1.500 → 2.000 triệu đồng', 'Chủ trì: — → Phòng Văn hóa - Thông tin'."""
    unit = " triệu đồng"
    if old.endswith(unit) and new.endswith(unit):
        return f"{label}: {old[:-len(unit)]} → {new[:-len(unit)]}{unit}"
    return f"{label}: {old or '—'} → {new or '—'}"


# ---------------------------------------------------------------------------------------------- blocks

def block_text(block: dict[str, Any]) -> str:
    cells = block.get("cells")
    return " | ".join(c for c in cells if c) if cells else block["text"]


def section_titles(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """section path ("IV > 5") → its heading text."""
    return {b["section"]: b["text"] for b in blocks if b["kind"] == "heading" and b.get("section")}


def _label(block: dict[str, Any], titles: dict[str, str]) -> str:
    path = block.get("section", "")
    if not path:
        return "Phần đầu văn bản"
    title = titles.get(path, "")
    return f"Mục {path}" + (f" — {title}" if title else "")


def _pair(old: list[str], new: list[str], old_idx: list[int], new_idx: list[int]
          ) -> list[tuple[int | None, int | None]]:
    """Within one replaced region, pair removed and added blocks that are the same block edited."""
    pairs: list[tuple[int | None, int | None]] = []
    free = list(new_idx)
    for i in old_idx:
        best, best_s = None, CHANGED_MIN_SIMILARITY
        for j in free:
            s = similarity(old[i], new[j])
            if s >= best_s:
                best, best_s = j, s
        if best is None:
            pairs.append((i, None))
            continue
        # added blocks before the match come first, in order
        while free and free[0] != best and new_idx.index(free[0]) < new_idx.index(best):
            pairs.append((None, free.pop(0)))
        free.remove(best)
        pairs.append((i, best))
    pairs.extend((None, j) for j in free)
    return pairs


def aligned_blocks(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Every block of both versions in reading order: (i, j) equal or changed, (i, None) removed,
    (None, j) added."""
    out: list[tuple[int | None, int | None]] = []
    ops = diff_sequences(old, new)
    k = 0
    while k < len(ops):
        op, ia, ib = ops[k]
        if op == EQUAL:
            out.extend(zip(ia, ib))
            k += 1
            continue
        del_idx, ins_idx = [], []
        while k < len(ops) and ops[k][0] != EQUAL:
            del_idx += ops[k][1]
            ins_idx += ops[k][2]
            k += 1
        out.extend(_pair(old, new, del_idx, ins_idx))
    return out


def _task_keys(snapshot: dict[str, Any]) -> set[tuple[int, int]]:
    keys = set()
    for t in snapshot.get("tasks", []):
        loc = t.get("location") or {}
        if loc.get("table") is not None and loc.get("row") is not None:
            keys.add((loc["table"], loc["row"]))
    return keys


def section_changes(old_snap: dict[str, Any], new_snap: dict[str, Any]) -> list[SectionDiff]:
    """Paragraph changes grouped by section (task-table rows are left to :func:`task_changes`)."""
    def usable(snap):
        keys = _task_keys(snap)
        return [b for b in snap["blocks"] if not (b["kind"] == "table_row" and (b.get("table"), b.get("row")) in keys)]

    ob, nb = usable(old_snap), usable(new_snap)
    otitles, ntitles = section_titles(old_snap["blocks"]), section_titles(new_snap["blocks"])
    old_text, new_text = [block_text(b) for b in ob], [block_text(b) for b in nb]
    sections: dict[str, SectionDiff] = {}
    for i, j in aligned_blocks(old_text, new_text):
        if i is not None and j is not None and old_text[i] == new_text[j]:
            continue
        if j is not None:
            label, where = _label(nb[j], ntitles), nb[j]
        else:
            label, where = _label(ob[i], otitles), ob[i]
        if i is None:
            change = Change("added", new=new_text[j])
        elif j is None:
            change = Change("removed", old=old_text[i])
        else:
            change = Change("changed", old_text[i], new_text[j], word_diff(old_text[i], new_text[j]))
        change.location = f"đoạn {where.get('paragraph')}" if where.get("paragraph") else ""
        sections.setdefault(label, SectionDiff(label)).changes.append(change)
    return list(sections.values())


# ---------------------------------------------------------------------------------------------- tasks

def _vnd(value: float | None, text: str) -> str:
    return format_vnd(value) if value is not None else (text or "")


TASK_FIELDS = (
    ("Chủ trì", lambda t: "; ".join(t.get("owners") or []) or t.get("owner", "")),
    ("Phối hợp", lambda t: "; ".join(t.get("partner_units") or []) or t.get("partners", "")),
    ("Thời gian", lambda t: t.get("time_text", "")),
    ("Kinh phí", lambda t: _vnd(t.get("budget_vnd"), t.get("budget_text", ""))),
    ("Nguồn vốn", lambda t: t.get("source", "") or ", ".join(t.get("sources") or [])),
)


def _task_label(t: dict[str, Any]) -> str:
    loc = t.get("location") or {}
    return loc.get("label", "")


def task_changes(old_tasks: list[dict[str, Any]], new_tasks: list[dict[str, Any]]) -> list[TaskChange]:
    """Task rows added / removed, and for the same task (same or rephrased text) the fields that changed."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    folded_new = [fold(t["text"]) for t in new_tasks]
    for i, t in enumerate(old_tasks):
        ft = fold(t["text"])
        j = next((j for j, f in enumerate(folded_new) if f == ft and j not in used), None)
        if j is not None:
            pairs[i] = j
            used.add(j)
    for i, t in enumerate(old_tasks):
        if i in pairs:
            continue
        scored = [(similarity(t["text"], new_tasks[j]["text"]), j) for j in range(len(new_tasks)) if j not in used]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= TASK_MIN_SIMILARITY:
            pairs[i] = best[1]
            used.add(best[1])
    out: list[TaskChange] = []
    for i, t in enumerate(old_tasks):
        if i not in pairs:
            out.append(TaskChange("removed", t["text"], location=_task_label(t)))
            continue
        n = new_tasks[pairs[i]]
        fields = []
        if fold(t["text"]) != fold(n["text"]):
            fields.append(("Nội dung", t["text"], n["text"]))
        for label, get in TASK_FIELDS:
            a, b = get(t).strip(), get(n).strip()
            if fold(a) != fold(b):
                fields.append((label, a, b))
        if fields:
            out.append(TaskChange("changed", n["text"], fields, location=_task_label(n)))
    for j, n in enumerate(new_tasks):
        if j not in used:
            out.append(TaskChange("added", n["text"], [(label, "", get(n).strip()) for label, get in TASK_FIELDS
                                                       if get(n).strip()], location=_task_label(n)))
    return out


def build_redline(old_snap: dict[str, Any], new_snap: dict[str, Any]) -> Redline:
    return Redline(old_snap.get("file", ""), new_snap.get("file", ""), section_changes(old_snap, new_snap),
                   task_changes(old_snap.get("tasks", []), new_snap.get("tasks", [])))


# ---------------------------------------------------------------------------------------------- Word

def write_tracked_docx(old_snap: dict[str, Any], new_snap: dict[str, Any], path: Path,
                       author: str = "planreview") -> dict[str, int]:
    """The new version as a Word document whose tracked changes (w:ins / w:del) turn the old version into
    the new one: Word's Review ▸ Accept/Reject works on them. Returns the number of insertions/deletions."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt


    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    counter = {"id": 0, "ins": 0, "del": 0}

    def mark(tag: str):
        counter["id"] += 1
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(counter["id"]))
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), date)
        return el

    def run(text: str, deleted: bool = False):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    def add(p, op: int, text: str) -> None:
        if op == EQUAL:
            p._p.append(run(text))
            return
        wrapper = mark("w:ins" if op == INSERT else "w:del")
        wrapper.append(run(text, deleted=op == DELETE))
        p._p.append(wrapper)
        counter["ins" if op == INSERT else "del"] += 1

    def paragraph_mark(p, op: int) -> None:
        ppr = p._p.get_or_add_pPr()
        rpr = OxmlElement("w:rPr")
        rpr.append(mark("w:ins" if op == INSERT else "w:del"))
        ppr.append(rpr)

    ranks = sorted({b["rank"] for snap in (old_snap, new_snap) for b in snap["blocks"]
                    if b["kind"] == "heading" and b.get("rank") is not None})
    level = {r: min(i + 1, 4) for i, r in enumerate(ranks)}

    style_ids = {n: document.styles[f"Heading {n}"].style_id for n in set(level.values())}  # looked up once

    def new_paragraph(block: dict[str, Any]):
        p = document.add_paragraph()
        if block["kind"] == "heading" and block.get("rank") in level:
            p._p.style = style_ids[level[block["rank"]]]
        return p

    ob, nb = old_snap["blocks"], new_snap["blocks"]
    old_text, new_text = [block_text(b) for b in ob], [block_text(b) for b in nb]
    for i, j in aligned_blocks(old_text, new_text):
        if i is not None and j is not None:
            p = new_paragraph(nb[j])
            if old_text[i] == new_text[j]:
                add(p, EQUAL, new_text[j])
            else:
                for op, text in word_diff(old_text[i], new_text[j]):
                    add(p, op, text)
        elif j is not None:
            p = new_paragraph(nb[j])
            add(p, INSERT, new_text[j])
            paragraph_mark(p, INSERT)
        else:
            p = new_paragraph(ob[i])
            add(p, DELETE, old_text[i])
            paragraph_mark(p, DELETE)
    atomic_save(lambda tmp: document.save(str(tmp)), path)
    return {"insertions": counter["ins"], "deletions": counter["del"]}
