"""Lines of a text copied from a web page (or a PDF's text) rejoined into the paragraphs they were broken out of.

A web copy of a published plan breaks its lines at the page's width, inside sentences: "Vĩnh An, ngày" /
"06 tháng 6 năm 2022", "Thực hiện Quyết định số" / "411/QĐ-TTg, ngày …", a title in capitals over two lines,
and sets the cells of the header table apart with lines holding only "|". Such a file is recognised by its
lines: nearly none is longer than the page's width and many go on in lowercase on the next line. Its lines are
then joined where the next line continues the sentence — it opens in lowercase, or the line ends on a word that
cannot end one ("số", "ngày", "của", "và" …), or it is a full-width line without a sentence end and the next is
no heading, list item or table row. Plain text saved by Word (one paragraph a line) is left as it is.
"""

from __future__ import annotations

import re

from pipeline.ingest.headings import list_numbering, match_heading

WRAP_MAX = 130  # a hard-wrapped copy has (nearly) no line longer than this
_CELL_SEPARATOR = re.compile(r"^\s*\|\s*$")
# words a sentence cannot end on: the line was cut inside it
_CONNECTOR_END = re.compile(
    r"(?:\b(?:của|và|về|tại|theo|với|cho|các|những|trong|đến|từ|trên|dưới|được|là|do|để|hoặc"
    r"|thực hiện|phê duyệt|ban hành|Luật|Nghị quyết|Quyết định|Nghị định|Kế hoạch|Chương trình)|[,(/–-])$")
# words a number or a date follows: "Quyết định số" / "411/QĐ-TTg", "ngày" / "06 tháng 6 năm 2022"
_BEFORE_NUMBER = re.compile(r"\b(?:số|ngày|tháng|năm)$")
# lines that open a block of their own: an article, a preamble basis ("Căn cứ", "Thực hiện", "Triển khai" …)
_NEW_BLOCK = re.compile(r"^(?:Điều\s+\d+|Căn cứ\b|Thực hiện\b|Triển khai\b|Theo đề nghị\b|Xét đề nghị\b|Nơi nhận"
                        r"|Phụ lục|PHỤ LỤC|Số\s*:|TM\.|KT\.|\|)")
_SENTENCE_END = re.compile(r"[.;!?]$|:$")
_PARAGRAPH_END = re.compile(r"[.;!?]$")
_TABLE_LIKE = re.compile(r"\t| \| |\S {3,}\S")


def _opens_block(line: str) -> bool:
    if _NEW_BLOCK.match(line) or list_numbering(line) is not None:
        return True
    heading = match_heading(line)
    return heading is not None and bool(heading.numbering)


def looks_wrapped(lines: list[str]) -> bool:
    """Whether the text was broken at a page width: (nearly) no long line, and lines going on in lowercase.
    Table rows ("| 1 | Số hóa … |") keep their length in a copy and are not counted."""
    filled = [ln.strip() for ln in lines if ln.strip() and not _CELL_SEPARATOR.match(ln)
              and not _TABLE_LIKE.search(ln)]
    if len(filled) < 20:
        return False
    long = sum(len(ln) > WRAP_MAX for ln in filled)
    lower_next = sum(1 for a, b in zip(filled, filled[1:]) if b[:1].islower() and not _SENTENCE_END.search(a))
    return long <= 0.02 * len(filled) and lower_next >= 0.05 * len(filled)


def rejoin(lines: list[str]) -> list[str]:
    """The lines of a hard-wrapped copy joined into paragraphs; other texts' lines unchanged."""
    if not looks_wrapped(lines):
        return lines
    width = sorted(len(ln.strip()) for ln in lines if ln.strip())[int(0.9 * sum(1 for ln in lines if ln.strip()))
                                                                  - 1]
    out: list[str] = []
    last_len = 0  # length of the physical line the paragraph being built ends with
    for raw in lines:
        line = raw.strip()
        if not line or _CELL_SEPARATOR.match(line):
            out.append("")  # a cell separator of the copied header table ends a paragraph
            last_len = 0
            continue
        prev = out[-1] if out else ""
        if prev and not _TABLE_LIKE.search(prev) and not _TABLE_LIKE.search(raw) and _continues(prev, last_len,
                                                                                                line, width):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
        last_len = len(line)
    return out


def _continues(prev: str, last_len: int, line: str, width: int) -> bool:
    if _opens_block(line):
        return False
    if line[:1].islower():
        return True
    if _CONNECTOR_END.search(prev) or (line[:1].isdigit() and _BEFORE_NUMBER.search(prev)):
        return True
    tail = prev[-last_len:] if last_len else prev
    if tail.isupper() and line.isupper():  # a title in capitals over two lines
        return last_len >= 0.6 * width
    if _PARAGRAPH_END.search(prev):
        return False
    # the wrapped line of a paragraph reaches (nearly) the width; a paragraph's last line does not
    if last_len >= 0.8 * width:
        return True
    # a paragraph's first line, shorter (the page's indent), written as a sentence (a comma or colon inside,
    # six words or more: not a heading), before a full line: "Kinh tế số, xã hội số: 11/17 sản phẩm" / "OCOP …"
    return (last_len == len(prev) and len(line) >= 0.8 * width and len(prev.split()) >= 6
            and bool(re.search(r"[,:]\s", prev)) and not _opens_block(prev))
