"""memo.docx, rendered from a Word template (docxtpl: jinja2 tags inside a .docx) a council can restyle in Word.

The bundled template is templates/memo.docx (made by templates/make_memo_docx.py). ``--template-dir`` may
hold a council's own ``memo-template.docx``:

* with tags ({{ ... }}, {%p ... %}, {%tr ... %}): it is the template (start from the bundled one);
* without tags (only a letterhead, styles, margins): the bundled template's body is appended to it and
  rendered there, so the memo follows the council's letterhead and styles.

The values are the view model (memo_view.py) plus ``docx``: rows and lines prepared for the tags.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.core.atomic_io import atomic_save, atomic_write
from pipeline.core.project_config import Council
from pipeline.core.user_cache import cache_root
from pipeline.render.docx_layout import finish_layout, unbreakable_codes
from pipeline.render.round_memo import appendix_context, round_context
from pipeline.render.templating import TEMPLATE_DIR, bytecode_cache

BUNDLED_TEMPLATE = TEMPLATE_DIR / "memo.docx"
COUNCIL_TEMPLATE = "memo-template.docx"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
BLANK = "………………"  # what the secretary fills in by hand
# rows of the task table rendered by the template's tags; the rest are copies of the last rendered row with
# their text set (docxtpl re-parses and re-maps the whole body: 20,000 rows through it take a minute)
TEMPLATE_TASK_ROWS = 100


def _has_tags(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8", "replace")
    return "{{" in xml or "{%" in xml


def _letterhead_template(council: Path):
    """The council's document with the bundled template's body appended (styles it lacks copied over), without
    the bundled letterhead block (the council's document is the letterhead)."""
    import docx
    from lxml import etree

    document = docx.Document(str(council))
    bundled = docx.Document(str(BUNDLED_TEMPLATE))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = document.element.body
    sect = body.find(f"{w}sectPr")
    children = list(bundled.element.body)
    if children and children[0].tag == f"{w}tbl":
        children = children[1:]  # the bundled letterhead block: the council's document has its own
    for child in children:
        if child.tag.endswith("}sectPr"):
            continue
        child = copy.deepcopy(child)
        for inner in child.findall(f"{w}pPr/{w}sectPr"):  # the appendix's landscape section: the council's
            inner.getparent().remove(inner)  # page layout throughout, the appendix on a new page
            child.append(etree.fromstring(f'<w:r xmlns:w="{w[1:-1]}"><w:br w:type="page"/></w:r>'))
        if sect is not None:
            sect.addprevious(child)
        else:
            body.append(child)
    have = {s.style_id for s in document.styles}
    for style in bundled.styles:
        if style.style_id not in have:
            document.styles.element.append(copy.deepcopy(style.element))
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


_OPENED: dict[str, Any] = {}  # the template opened ahead for the next memo (open_template_ahead), by folder


def open_template_ahead(template_dir: Path | None = None) -> None:
    """Open the memo's Word template now — its package read and parsed — for the next :func:`write_docx` of the
    same ``template_dir`` to render (the CLI does it while the checks wait for the comparing child)."""
    template = _template(template_dir)
    template.init_docx()
    _OPENED[str(template_dir)] = template


def _opened_template(template_dir: Path | None):
    """The template :func:`open_template_ahead` opened (once), else a new one."""
    return _OPENED.pop(str(template_dir), None) or _template(template_dir)


def _template(template_dir: Path | None):
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            return _patched_xml(src_xml, super().patch_xml)

    council = template_dir / COUNCIL_TEMPLATE if template_dir else None
    if council is not None and council.exists():
        return Template(str(council) if _has_tags(council) else _letterhead_template(council))
    return Template(str(BUNDLED_TEMPLATE))


def _patched_xml(source: str, patch: Callable[[str], str]) -> str:
    """docxtpl's clean-up of a template part's XML before jinja2 reads it (``patch``: ≈ 20 ms of regular
    expressions over the memo template's document.xml in every process), kept in the user's cache under the
    hash of the part and docxtpl's version, with the hash of what it holds on its first line (a damaged entry
    is made again); a cache that cannot be read or written is skipped."""
    import docxtpl

    key = hashlib.sha256(f"{docxtpl.__version__}\0{source}".encode()).hexdigest()
    path = cache_root() / "docxtpl-parts" / f"{key}.xml"
    with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
        check, patched = path.read_bytes().decode("utf-8").split("\n", 1)
        if check == hashlib.sha256(patched.encode()).hexdigest():
            return patched
    patched = patch(source)
    with contextlib.suppress(OSError):
        atomic_write(path, f"{hashlib.sha256(patched.encode()).hexdigest()}\n{patched}".encode())
    return patched


def _text(value: Any) -> str:
    return str(value if value is not None else "")


def docx_context(view: dict[str, Any]) -> dict[str, Any]:
    """``docx`` in the template: table rows as lists of text, and the lines with mixed formatting."""
    from docxtpl import RichText


    meta = view["meta"]
    profile = view["profile"]
    info = [["Địa phương", profile["unit"]], ["Cấp chính quyền", profile["level"]],
            ["Tỉnh, thành phố (hiện nay)", profile["province"]], ["Thời kỳ", profile["era"]],
            ["Khung thời gian", profile["horizon"]], ["Năm xây dựng", meta.plan_year or "không xác định"],
            ["Số, ngày của văn bản", view["own_identity"]],
            ["Mốc mục tiêu / định hướng", f"{meta.target_year or '?'}"
             + (f" / {meta.vision_year}" if meta.vision_year else "")],
            *([["Hồ sơ gồm", view["submission"]]] if view.get("submission") else []),
            *([["Nhận dạng / chuyển đổi", view["input_note"]]] if view.get("input_note") else []),
            *([["Thay đổi chưa chấp nhận, ý kiến", view["revision_note"]]] if view.get("revision_note") else [])]
    council = council_context(view)

    def group_title(group: dict[str, Any]) -> RichText:
        return RichText(f"[{group['rule_id']}] {group['title']} — mức {group['severity']} ({len(group['findings'])})",
                        bold=True)

    def finding_line(f) -> RichText:
        rich = RichText()
        mark = view["round_marks"].get(f.fingerprint)
        if mark:
            rich.add(f"({mark}) ", bold=True)
        rich.add(f.message)
        if f.location:
            rich.add(f" ({f.location.label()})", italic=True)
        return rich

    def duplicate_line(item: dict[str, Any]) -> str:
        d = item["match"]
        what = f"nhiệm vụ {d.source_task_no} của " if d.source_kind == "task" else ""
        return (f"Trùng {round(d.score * 100)}% — {d.draft_location.label()} ↔ {what}"
                f"{d.source_title or d.source_doc} ({d.source_doc}, {d.source_location.label()})")

    def pieces(item: dict[str, Any], side: int) -> RichText:
        rich = RichText()
        for k, (text, shared) in enumerate(item["pieces"][side]):
            rich.add(("" if k == 0 else " ") + text, bold=bool(shared))
        return rich

    citations = [[c["key"], c["kind"], c["date"], c["issuer"], c["title"], c["locations"], c["symbol"], c["note"]]
                 for c in view["citations"]]
    targets = [[t.indicator, f"{t.value:g}%", t.deadline or "", f"{t.baseline:g}%" if t.baseline is not None else "—"]
               for t in view["targets"]]
    tasks = [[i, t["pillar"], t["task"].text, t["owners"], t["partners"], t["task"].time_text, t["budget"],
              t["sources"], t["missing"]] for i, t in enumerate(view["tasks"], start=1)]
    appendix = appendix_context(view)
    annex = annex_context(view, council, appendix)
    return {
        "council": council, "subject": subject(view["title"]), "annex": annex,
        "annexes": bool(annex["numbers"]),
        "intro": f"Thực hiện nhiệm vụ phản biện {subject(view['title'], prefix='dự thảo ')} (tệp {view['file']}: "
                 f"{len(view['sections'])} đề mục, {view['n_tables']} bảng), {council['short']} báo cáo kết quả "
                 "như sau:",
        "info": _two_per_row([[_text(v) for v in row] for row in info]),
        "counts": "; ".join(f"{c['label'].lower()}: {c['count']}" for c in view["severity_counts"]) + " phát hiện",
        # the areas with findings (those without are named in one line, at 100/100)
        "scores": [[s["area"], s["count"], s["points"], s["score"]] for s in view["scores"] if s["count"]]
        + [[area, "—", "—", "chưa kiểm tra"] for area in view.get("not_checked", {})],
        "citations": citations, "targets": targets, "tasks": tasks,
        "group_title": group_title, "finding_line": finding_line, "duplicate_line": duplicate_line,
        "pieces": pieces,
        "round": round_context(view), "appendix": appendix,
        **parent_rows(view),
    }


def parent_rows(view: dict[str, Any]) -> dict[str, Any]:
    """The tables of "Việc cụ thể hóa kế hoạch cấp trên" (parent_memo.py) as rows of text."""
    parent = view.get("parent")
    if not parent:
        return {"parent_tasks": [], "parent_targets": []}
    return {"parent_tasks": [[r["no"], r["parent"], r["role"], r["draft"],
                              r["status"] + (f" ({r['score']})" if r["taken"] else "")] for r in parent["tasks"]],
            "parent_targets": [[r["parent"], r["parent_value"], r["draft"], r["draft_value"], r["status"]]
                               for r in parent["targets"]]}


def _two_per_row(pairs: list[list[str]]) -> list[list[str]]:
    """(label, value) pairs two to a row: [label, value, label, value] (the last row padded)."""
    rows = []
    for i in range(0, len(pairs), 2):
        second = pairs[i + 1] if i + 1 < len(pairs) else ["", ""]
        rows.append([*pairs[i], *second])
    return rows


def subject(title: str, prefix: str = "Phản biện dự thảo ") -> str:
    """The report's subject (trích yếu) from the draft's title: "ĐỀ ÁN Chuyển đổi số huyện X …" →
    "Phản biện dự thảo Đề án chuyển đổi số huyện X …" (a title all in capitals is kept as it is)."""
    words = title.split()
    caps = 0
    while caps < len(words) and words[caps].isupper():
        caps += 1
    if 0 < caps < len(words):
        head = " ".join(words[:caps]).capitalize()
        rest = words[caps]
        if rest[1:].islower():
            rest = rest[0].lower() + rest[1:]
        title = " ".join([head, rest, *words[caps + 1:]])
    return prefix + title


def council_context(view: dict[str, Any]) -> dict[str, Any]:
    """The letterhead, number, place and date, Nơi nhận and signature: planreview.toml's [council], blanks for
    what it does not say (the secretary fills them in by hand)."""
    council = view.get("council") or Council()
    year = str(view["generated"])[-4:]
    recipients = list(council.recipients) or ["Cơ quan xây dựng đề án", "Các thành viên Hội đồng"]
    if not any(r.lower().startswith("lưu") for r in recipients):
        recipients.append("Lưu: VT, Hội đồng")
    recipients = [r.rstrip(";.") + (";" if i < len(recipients) - 1 else ".") for i, r in enumerate(recipients)]
    name = council.name or "HỘI ĐỒNG PHẢN BIỆN"
    return {
        "parent": council.parent.upper() if council.parent else BLANK * 2,
        "name": name.upper(),
        "number": council.number or "……/BC-HĐPB",
        "place_date": f"{council.place or BLANK}, ngày …… tháng …… năm {year}",
        "authority": (council.authority or "TM. HỘI ĐỒNG").upper(),
        "title": (council.title or "CHỦ TỊCH").upper(),
        "signer": council.signer or BLANK * 2,
        "recipients": recipients,
        "short": name[0].upper() + name[1:].lower() if name.isupper() else name,
    }


def annex_context(view: dict[str, Any], council: dict[str, Any], appendix: dict[str, Any] | None) -> dict[str, Any]:
    """The landscape appendix: which lists it holds, their numbers (Phụ lục I, II …) and titles, and the line of
    the body that points to each."""
    present = [key for key in ("citations", "targets", "duplicates", "tasks") if view[key]]
    if appendix and appendix.get("redline"):
        present.append("redline")
    if appendix and appendix.get("accepted"):
        present.append("accepted")
    numbers = {key: ROMAN[i] if i < len(ROMAN) else str(i + 1) for i, key in enumerate(present)}
    out: dict[str, Any] = {"numbers": numbers,
                           **{key: key in numbers for key in ("citations", "targets", "duplicates", "tasks")},
                           "attached": f"(Kèm theo Báo cáo số {council['number']} ngày …… tháng …… năm "
                                       f"{str(view['generated'])[-4:]} của {council['short']})"}
    titles = {"citations": "CĂN CỨ PHÁP LÝ ĐƯỢC VIỆN DẪN VÀ KẾT QUẢ ĐỐI CHIẾU",
              "targets": "CHỈ TIÊU CỦA DỰ THẢO VÀ ĐỐI CHIẾU VỚI CHỈ TIÊU CẤP TRÊN",
              "duplicates": "ĐỐI CHIẾU CÁC ĐOẠN TRÙNG LẶP VỚI CHƯƠNG TRÌNH, ĐỀ ÁN KHÁC",
              "tasks": "DANH MỤC NHIỆM VỤ CỦA DỰ THẢO"}
    for key, title in titles.items():
        out[f"{key}_number"] = f"Phụ lục {numbers.get(key, '')}"
        out[f"{key}_title"] = title
    cites = view["citations"]
    by_status = {s: sum(1 for c in cites if c["status"] == s) for s in ("ok", "contradiction", "unknown")}
    parts = [f"{n} {label}" for n, label in ((by_status["ok"], "khớp với cơ sở dữ liệu"),
                                             (by_status["contradiction"], "mâu thuẫn với cơ sở dữ liệu"),
                                             (by_status["unknown"], "chưa có trong cơ sở dữ liệu")) if n]
    out["citations_line"] = (f"Dự thảo viện dẫn {len(cites)} văn bản" + (f" ({', '.join(parts)})" if parts else "")
                             + f"; danh mục và kết quả đối chiếu tại Phụ lục {numbers.get('citations', '')}.")
    rows = view.get("target_rows") or []
    out["targets_line"] = (f"Dự thảo đặt {len(view['targets'])} chỉ tiêu"
                           + (f", {sum(1 for r in rows if r['matched'])} chỉ tiêu đối chiếu được với chỉ tiêu của cấp "
                              "trên" if rows else "")
                           + f"; danh mục và kết quả đối chiếu tại Phụ lục {numbers.get('targets', '')}.")
    out["duplicates_line"] = (f"{len(view['duplicates'])} đoạn trùng lặp với chương trình, đề án khác; đối chiếu "
                              f"từng đoạn (phần trùng in đậm) tại Phụ lục {numbers.get('duplicates', '')}.")
    if view.get("duplicates_not_checked"):  # a check that did not run is never "0 passages found"
        out["duplicates_line"] = f"Chưa kiểm tra trùng lặp — {view['duplicates_not_checked']}."
    tasks = view["tasks"]
    incomplete = sum(1 for t in tasks if t["missing"])
    out["tasks_line"] = (f"Dự thảo có {len(tasks)} nhiệm vụ"
                         + (f", {incomplete} nhiệm vụ còn thiếu cơ quan chủ trì, thời gian, kinh phí hoặc nguồn vốn"
                            if incomplete else "")
                         + f"; danh mục tại Phụ lục {numbers.get('tasks', '')}.")
    if appendix:  # the round-2 appendices continue the numbering
        for key in ("redline", "accepted"):
            if f"{key}_heading" in appendix and key in numbers:
                appendix[f"{key}_heading"] = re.sub(r"^Phụ lục \d+", f"Phụ lục {numbers[key]}",
                                                    appendix[f"{key}_heading"])
    return out


def _cell_text(tc) -> str:
    """A cell's text as python-docx reads it (a non-breaking hyphen, which docx_layout.py puts in codes, as "-")."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    special = {w + "br": "\n", w + "noBreakHyphen": "-"}
    return "\n".join("".join(t.text or "" if t.tag == w + "t" else special[t.tag]
                              for t in p.iter(w + "t", w + "br", w + "noBreakHyphen"))
                      for p in tc.iter(w + "p"))


def _row_maker(proto):
    """A function text-values → <w:tr> XML string shaped like ``proto`` (row, cell, paragraph and first run
    properties kept; one run per cell, lines as <w:br/>)."""
    from xml.sax.saxutils import escape

    from docx.oxml.ns import qn
    from lxml import etree

    def xml(element) -> str:
        return etree.tostring(element, encoding="unicode") if element is not None else ""

    trpr = xml(proto.find(qn("w:trPr")))
    cells = []
    for tc in proto.findall(qn("w:tc")):
        p = tc.find(qn("w:p"))
        r = p.find(qn("w:r")) if p is not None else None
        cells.append((xml(tc.find(qn("w:tcPr"))), xml(p.find(qn("w:pPr")) if p is not None else None),
                      xml(r.find(qn("w:rPr")) if r is not None else None)))

    # each cell as UTF-8: what stands before its text (an empty cell: the whole cell) and after it
    shapes = [(f"<w:tc>{tcpr}<w:p>{ppr}".encode(), f'<w:r>{rpr}<w:t xml:space="preserve">'.encode(),
               b"</w:t></w:r></w:p></w:tc>") for tcpr, ppr, rpr in cells]
    empty = b"</w:p></w:tc>"
    row_start, row_end = f"<w:tr>{trpr}".encode(), b"</w:tr>"
    line_break = '</w:t><w:br/><w:t xml:space="preserve">'
    no_break_hyphen = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'

    def make(values: list[str]) -> bytes:
        parts = [row_start]
        for (open_cell, open_run, close), text in zip(shapes, values):
            if not text:
                parts += (open_cell, empty)
                continue
            if "&" in text or "<" in text or ">" in text:
                text = escape(text)
            if "\n" in text:
                text = text.replace("\n", line_break)
            if "-" in text:
                text = unbreakable_codes(text).replace("\u2011", no_break_hyphen)
            parts += (open_cell, open_run, text.encode(), close)
        parts.append(row_end)
        return b"".join(parts)

    return make, len(cells)


MARKER = "planreview-task-rows"


class RowsXml(NamedTuple):
    """The copied task rows as UTF-8 row XML, made one by one as document.xml is written (20,000 rows are
    ≈ 230 MB: never held at once), and a bound on their total size."""

    rows: Iterator[bytes]
    size_bound: int


def _task_rows_xml(document, shown: list[list[Any]], rest: list[list[Any]]) -> RowsXml | None:
    """Find the rendered task table (its last rows are ``shown``), mark the place after its last row with an
    XML comment and return ``rest`` as row XML (UTF-8) shaped like that row, spliced into document.xml when
    the memo is saved: no parsing of 20,000 rows. None if the table is not found as expected (a council
    template laid out otherwise)."""
    from docx.oxml.ns import qn
    from lxml import etree

    want = [[_text(v) for v in row] for row in shown[-2:]]
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if len(rows) < len(want):
            continue
        got = [[_cell_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in rows[-len(want):]]
        if got != want:
            continue
        make, cells = _row_maker(rows[-1])
        if any(len(row) != cells for row in rest):
            return None
        rows[-1].addnext(etree.Comment(MARKER))
        texts = ([_text(v) for v in row] for row in rest)
        # a row's XML is its cells' fixed parts and its texts, each character at most _EXPANSION bytes long
        fixed = len(make([""] * cells)) + len(make(["x"] * cells))
        bound = len(rest) * fixed + _EXPANSION * sum(len(_text(v)) for row in rest for v in row)
        return RowsXml((make(values) for values in texts), bound)
    return None


# the most bytes one character of a cell becomes in row XML: 4 in UTF-8, 5 for "&amp;", a hyphen that must not
# break (_row_maker's no_break_hyphen) or a line break (its line_break) ≈ 50
_EXPANSION = 64


# document.xml with 20,000 task rows is ≈ 230 MB of repetitive XML: deflate level 1 packs it in 0.35 s
# (3.3 MB), the default level 6 in 0.84 s (2.9 MB)
ROWS_COMPRESS_LEVEL = 1


def _save_with_rows(template, path: Path, rows_xml: RowsXml) -> None:
    """Save the rendered memo with ``rows_xml`` put where the marker comment is, document.xml streamed into
    the package row by row (never one string of the whole part, nor a list of its rows)."""
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.seek(0)
    marker = f"<!--{MARKER}-->".encode()  # the rows use the w: prefix; the document declares it on its root

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(buffer) as source, \
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=ROWS_COMPRESS_LEVEL) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename != "word/document.xml":
                    target.writestr(info, data)
                    continue
                head, tail = data.split(marker, 1)
                with target.open(info.filename, "w", force_zip64=rows_xml.size_bound > 2**30) as part:
                    part.write(head)
                    for row in rows_xml.rows:
                        part.write(row)
                    part.write(tail)

    atomic_save(save, path)


def _docx_environment():
    """The jinja2 environment docxtpl renders the template's XML parts with. docxtpl hands each part over as
    a string (``from_string``), which jinja2 compiles anew in every process (≈ 0.1 s for the memo template);
    here each part becomes a template named by its source's hash, so that the compiled code is kept in the
    user's cache like the other memo templates'."""
    from jinja2 import Environment, FunctionLoader

    sources: dict[str, str] = {}

    class PartsEnvironment(Environment):
        def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja2's own signature
            if not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            name = "docx-part-" + hashlib.sha256(source.encode("utf-8")).hexdigest()
            sources[name] = source
            return self.get_template(name, globals=globals)

    env = PartsEnvironment(autoescape=True, loader=FunctionLoader(lambda name: sources.get(name)),
                           bytecode_cache=bytecode_cache("docx"))
    env.finalize = lambda value: "" if value is None else value
    return env


def write_docx(view: dict[str, Any], path: Path, template_dir: Path | None = None) -> None:
    """memo.docx from the bundled Word template or the council's ``memo-template.docx``."""
    env = _docx_environment()
    context = docx_context(view)
    tasks = context["tasks"]
    if len(tasks) > TEMPLATE_TASK_ROWS:
        template = _opened_template(template_dir)
        template.render({**view, "docx": {**context, "tasks": tasks[:TEMPLATE_TASK_ROWS]}}, jinja_env=env)
        finish_layout(template.docx)
        rows_xml = _task_rows_xml(template.docx, tasks[:TEMPLATE_TASK_ROWS], tasks[TEMPLATE_TASK_ROWS:])
        if rows_xml is not None:
            _save_with_rows(template, path, rows_xml)
            return
    template = _opened_template(template_dir)
    template.render({**view, "docx": context}, jinja_env=env)
    finish_layout(template.docx)
    atomic_save(lambda tmp: template.save(str(tmp)), path)
