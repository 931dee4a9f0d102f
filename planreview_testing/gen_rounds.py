"""Generated v1 / v2 pairs of a draft (a first draft and its revision after the council's workshop), with
the ground truth of what each round of review must report, and experts' copies of the annotated draft
with Word comments added through python-docx.

The revision does what real revisions do: fixes some tasks (an owner named, a citation corrected), changes
budgets (task 1: 800 → 1.200 triệu đồng, totals updated), rewrites a section (Điểm mạnh), adds a task, and
introduces a new defect (a task's time becomes "Hằng năm").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from planreview_testing.synthetic import Item, build_items, clean_spec, money, write_items

V1_SPEC = dict(task_without_owner=1, task_without_budget=4, malformed_citation=True, ambitious_target=True)
# v2 fixes the owner and the citation, keeps task 5 without budget and the ambitious target, and adds a
# vague time on task 3 (a new defect)
V2_SPEC = dict(task_without_budget=4, ambitious_target=True, task_vague_time=2)
NEW_OWNER = "Phòng Văn hóa - Thông tin"
STRENGTHS_V2 = ("Điểm mạnh: Ban Chỉ đạo chuyển đổi số của huyện được kiện toàn, họp định kỳ hằng quý; 100% xã, thị "
                "trấn đã có tổ công nghệ số cộng đồng; doanh nghiệp viễn thông phủ sóng 4G đến tất cả các thôn.")
CITATION_47_V2 = ("- Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý, kết nối và chia sẻ dữ liệu "
                  "số của cơ quan nhà nước;")
NEW_TASK = ["Xây dựng cơ sở dữ liệu đất đai số của huyện, kết nối với cơ sở dữ liệu đất đai cấp tỉnh",
            "Phòng Tài nguyên và Môi trường", "UBND các xã, thị trấn", "2024-2025", "1.000", "Ngân sách tỉnh"]


@dataclass
class RoundTruth:
    resolved: set[str] = field(default_factory=lambda: {"TASK-01", "LEGAL-03"})  # owner named, citation fixed
    # (the fibre target's missing baseline is reported inside TARGET-02: TARGET-03 yields to it)
    still_open: set[str] = field(default_factory=lambda: {"TASK-03", "TASK-06", "TARGET-02"})
    new: set[str] = field(default_factory=lambda: {"TASK-02"})  # "Hằng năm"
    budget_change: str = "Kinh phí: 800 → 1.200 triệu đồng"
    owner_change: str = f"Chủ trì: — → {NEW_OWNER}"
    added_task: str = NEW_TASK[0]
    rewritten: str = STRENGTHS_V2


def revise(items: list[Item]) -> list[Item]:
    """The v2 edits on top of the v2 spec's items: budget change, owner named, section rewritten, task added."""
    items = copy.deepcopy(items)
    table = next(it for it in items if it.kind == "table")
    old_total = sum(int(r[5].replace(".", "")) for r in table.rows[1:-1] if r[0].isdigit() and r[5].replace(".", "")
                    .isdigit())
    for row in table.rows:
        if row[0] == "1":
            row[5] = "1.200"  # 800 → 1.200
        if row[0] == "2" and not row[2]:
            row[2] = NEW_OWNER
    # a new task at the end of the first group
    first_group_end = next(i for i, r in enumerate(table.rows) if i > table.group_rows[0] and
                           (i in table.group_rows or not r[0].isdigit()))
    table.rows.insert(first_group_end, ["", *NEW_TASK])
    table.group_rows = tuple(g + 1 if g >= first_group_end else g for g in table.group_rows)
    n = 0
    for row in table.rows[table.header_rows:-1]:
        if (row[0].isdigit() or row[0] == "") and row[1] and row[0] not in ("I", "II", "III", "IV"):
            n += 1
            row[0] = str(n)
    new_total = old_total + 400 + 1000
    table.rows[-1][5] = money(new_total)
    basis = next(i for i, it in enumerate(items) if "73/2019/NĐ-CP" in it.text)
    items.insert(basis + 1, Item(items[basis].kind, CITATION_47_V2))  # the malformed citation, corrected
    for it in items:
        if it.kind == "para" and it.text.startswith("Điểm mạnh"):
            it.text = STRENGTHS_V2
        if it.kind in ("para", "bullet") and money(old_total) + " triệu đồng" in it.text:
            it.text = it.text.replace(money(old_total) + " triệu đồng", money(new_total) + " triệu đồng")
    return items


def write_pair(folder: Path, name: str = "de-an-cds", fmt: str = ".docx") -> tuple[Path, Path, RoundTruth]:
    """v1 and v2 of one draft in ``folder`` (``<name>-v1`` and ``<name>-v2``)."""
    folder.mkdir(parents=True, exist_ok=True)
    v1 = write_items(build_items(clean_spec(**V1_SPEC)), folder / f"{name}-v1{fmt}")
    v2 = write_items(revise(build_items(clean_spec(**V2_SPEC))), folder / f"{name}-v2{fmt}")
    return v1, v2, RoundTruth()


def add_expert_comments(annotated: Path, target: Path, author: str, comments: list[tuple[str, str]],
                        edit: tuple[str, str] | None = None) -> Path:
    """An expert's copy of the annotated draft: ``comments`` are (words of the paragraph to comment on,
    comment text); ``edit`` = (old, new) changes the text of the document (an expert who also edited)."""
    import docx

    document = docx.Document(str(annotated))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    if edit:
        for p in paragraphs:
            if edit[0] in p.text and p.runs:
                text = p.text.replace(edit[0], edit[1])
                for r in p.runs[1:]:
                    r.text = ""
                p.runs[0].text = text
    for words, text in comments:
        p = next(p for p in paragraphs if words in p.text and p.runs)
        document.add_comment(p.runs, text=text, author=author, initials="".join(w[0] for w in author.split()))
    document.save(str(target))
    return target


def add_reply(copy: Path, parent_contains: str, author: str, text: str) -> Path:
    """Add a Word *reply* (a comment whose parent is given in word/commentsExtended.xml, as Word writes it)
    to the comment whose text contains ``parent_contains``; python-docx has no API for replies."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn

    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    document = docx.Document(str(copy))
    parent = next(c for c in document.comments if parent_contains in c.text)
    start = next(el for el in document.element.body.iter(qn("w:commentRangeStart"))
                 if el.get(qn("w:id")) == str(parent.comment_id))
    p_el = start.getparent()
    everywhere = list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs]
    paragraph = next(p for p in everywhere if p._p is p_el)
    reply = document.add_comment(paragraph.runs, text=text, author=author, initials=author[:2])
    parent.paragraphs[-1]._p.set(f"{{{w14}}}paraId", "1A2B3C4D")
    reply.paragraphs[-1]._p.set(f"{{{w14}}}paraId", "5E6F7A8B")
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{w15}">'
           '<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>'
           '<w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="0"/></w15:commentsEx>')
    part = Part(PackURI("/word/commentsExtended.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    document.save(str(copy))
    return copy


def revise_in_word(source: Path, target: Path) -> Path:
    """A revision made the way a drafting unit makes it — by editing the submitted .docx in place (python-docx),
    styles and runs kept: task 1's budget 800 → 1.500, task 2 given an owner, the "Hạn chế" paragraph
    deleted, a sentence added under "Điểm mạnh", and one word changed in the Quan điểm paragraph."""
    import docx

    document = docx.Document(str(source))
    table = document.tables[0]
    for row in table.rows:
        cells = row.cells
        if cells[0].text.strip() == "1":
            cells[5].paragraphs[0].runs[0].text = "1.500"
        if cells[0].text.strip() == "2" and not cells[2].text.strip():
            cells[2].paragraphs[0].add_run(NEW_OWNER)
    paragraphs = document.paragraphs
    weakness = next(p for p in paragraphs if p.text.startswith("Hạn chế:"))
    weakness._p.getparent().remove(weakness._p)
    strengths = next(p for p in paragraphs if p.text.startswith("Điểm mạnh:"))
    added = copy.deepcopy(strengths._p)
    strengths._p.addnext(added)
    new = next(p for p in document.paragraphs if p._p is added)
    for r in new.runs[1:]:
        r.text = ""
    new.runs[0].text = "Năm 2023, huyện được tỉnh công nhận đạt chuẩn nông thôn mới kiểu mẫu về ứng dụng công nghệ số."
    view = next(p for p in document.paragraphs if p.text.startswith("Chuyển đổi số là nhiệm vụ của cả hệ thống"))
    for r in view.runs:
        r.text = r.text.replace("cả hệ thống chính trị", "toàn bộ hệ thống chính trị")
    document.save(str(target))
    return target
