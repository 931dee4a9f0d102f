"""Blocks and tables made from what a reader found: the shared builders of every format's reader
(clean text, a text block with its heading level, a table, block numbers, PDF lines joined into paragraphs).
"""

from __future__ import annotations

import re

from pipeline.core.errors import InputError
from pipeline.core.model import Block, Location, Table
from pipeline.core.textnorm import normalize_text
from pipeline.ingest.headings import BULLET_GLYPHS, list_numbering, match_heading


def clean_text(text: str) -> str:
    """One line of text through the one normaliser (NFC, one tone placement, spaces, dashes, quotes)."""
    return normalize_text(text)


def refuse_mojibake(name: str) -> InputError:
    return InputError(
        f"Văn bản dùng bảng mã/phông chữ cũ không nhận ra được (không phải Unicode); hãy chuyển sang Unicode "
        f"(ví dụ bằng Unikey) rồi gửi lại: {name}",
        f"The text uses an unrecognised legacy Vietnamese encoding (not Unicode); convert it to Unicode "
        f"(e.g. with Unikey) and submit it again: {name}",
    )


def text_block(text: str, style_level: int | None = None, bold: bool = False,
                list_style: bool = False, page: int | None = None) -> Block:
    heading = match_heading(text, style_level, bold)
    if heading:
        return Block("heading", text, Location(page=page), heading_rank=heading.rank,
                     numbering=heading.numbering)
    marker = list_numbering(text)
    return Block("paragraph", text, Location(page=page), numbering=marker or "",
                 is_list_item=bool(marker) or list_style)


def make_table(index: int, rows: list[list[str]], merged: set[int], page: int | None = None) -> Table:
    blocks = []
    for r, cells in enumerate(rows, start=1):
        distinct = list(dict.fromkeys(c for c in cells if c))
        blocks.append(Block("table_row", " | ".join(distinct), Location(table=index, row=r, page=page),
                            cells=cells))
    return Table(index=index, rows=rows, blocks=blocks, merged_rows=merged, page=page)


def number_blocks(blocks: list[Block]) -> None:
    for i, block in enumerate(blocks, start=1):
        block.location.paragraph = i


SENTENCE_END = re.compile(r"[.;:!?]$")


PDF_CELL_BREAK = re.compile(r"(?<=[\d/.-])\n(?=\d)")  # "2023-202\n4" in a narrow cell


def is_bold_line(line: dict) -> bool:
    if "bold" in line:
        return bool(line["bold"])
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip()]
    return bool(chars) and all("bold" in str(c.get("fontname", "")).lower() for c in chars)


def join_pdf_lines(lines: list[dict], page: int) -> list[Block]:
    """Re-flow wrapped PDF lines into paragraphs.

    A line ends its paragraph when it ends a sentence, stops well short of the right margin or is
    set in bold (a heading); a new paragraph also starts after a vertical gap clearly wider than the
    page's usual line gap, and at a line that opens with a heading number or a list marker.
    """
    blocks: list[Block] = []
    buffer: list[str] = []
    bold_lines: list[bool] = []
    right = max((ln.get("x1", 0.0) for ln in lines), default=0.0)
    gaps = sorted(b["top"] - a["bottom"] for a, b in zip(lines, lines[1:]) if "bottom" in a and "top" in b
                  and b["top"] > a["bottom"] - 1)
    usual_gap = gaps[len(gaps) // 4] if gaps else 0.0  # the tight in-paragraph gap

    bulleted = False  # the paragraph in the buffer opened with a bullet glyph (a list item)

    def flush() -> None:
        nonlocal bulleted
        if buffer:
            # (each line is normalised, without spaces at its ends: joined by spaces they are normalised too)
            blocks.append(text_block(" ".join(buffer), bold=all(bold_lines), list_style=bulleted, page=page))
            buffer.clear()
            bold_lines.clear()
        bulleted = False

    ended = True
    previous: dict | None = None
    bullet_next = False  # a bullet glyph drawn apart from its text (its own line): the next line is the item
    for line in lines:
        text = line["text"] if line.get("clean") else clean_text(line["text"])  # ("clean": normalised already)
        item = text.lstrip(BULLET_GLYPHS).strip()
        if text and not item:
            flush()
            bullet_next, ended = True, True
            continue
        if item != text or bullet_next:
            flush()
            text, bulleted, bullet_next = item, True, False
            ended = True
        if not text:
            flush()
            ended = True
            continue
        bold = is_bold_line(line)
        wide_gap = (previous is not None and "bottom" in previous and "top" in line
                    and line["top"] - previous["bottom"] > usual_gap * 1.6 + 1.5)
        continues = text[0].islower()  # Vietnamese paragraphs, items and headings open with a capital
        if ((ended and not continues) or wide_gap or (bold_lines and bold != bold_lines[-1])
                or match_heading(text) is not None or list_numbering(text) is not None):
            flush()
        buffer.append(text)
        bold_lines.append(bold)
        # a wrapped line reaches (nearly) the right margin; a paragraph's last line usually does not
        x1 = line.get("x1", right)
        ended = x1 < 0.8 * right or (bool(SENTENCE_END.search(text)) and x1 < 0.92 * right)
        previous = line
    flush()
    return blocks
