"""A plain-text draft (.txt, a web copy) read into blocks: encoding detected (UTF-8, UTF-16, legacy fonts),
tab- or pipe-separated lines read as table rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.model import Block, ParsedDocument, Table
from pipeline.ingest.blocks import clean_text, make_table, number_blocks, refuse_mojibake, text_block
from pipeline.ingest.legacy_fonts import (
    convert,
    decode_legacy_bytes,
    detect_by_content,
    looks_like_mojibake,
)
from pipeline.ingest.rewrap import rejoin


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, a legacy Vietnamese 8-bit encoding
    (TCVN3, VNI: detected from the characters), else Windows-1258. Text typed in a legacy font and saved as
    Unicode is converted too; text that stays unreadable is refused, never reviewed as mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            legacy = decode_legacy_bytes(data)
            if legacy is not None:
                return legacy[0]
            try:
                text = data.decode("cp1258")  # composed by normalize_text, line by line
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"Không nhận ra bảng mã của tệp văn bản (hãy lưu lại dạng UTF-8): {name}",
                    f"Unknown text encoding (save the file as UTF-8): {name}",
                ) from exc
    encoding = detect_by_content(text)
    if encoding is not None:
        text = convert(text, encoding)
    if looks_like_mojibake(text):
        raise refuse_mojibake(name)
    return text


_LIST_MARKER_CELL = re.compile(r"(?:[IVXivx]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]?|[-•+*–○▪●◦]")


def _txt_cells(raw: str) -> list[str] | None:
    """The cells of a table row in plain text, or None: Markdown-style "| a | b |" rows, or a row as Word's
    "Plain Text" saves a table — cells separated by tabs (two cells or more with text)."""
    line = raw.strip()
    if line.startswith("|") or line.count(" | ") >= 2:
        return [clean_text(c) for c in line.strip("|").split("|")]
    if "\t" in line:
        cells = [clean_text(c) for c in raw.rstrip("\r\n").split("\t")]
        filled = [c for c in cells if c]
        if len(filled) == 2 and _LIST_MARKER_CELL.fullmatch(filled[0]):
            return None  # Word saves a numbered or bulleted paragraph as "1.<tab>text"
        if len(filled) >= 2:
            return cells
    return None


def _is_group_line(line: str) -> bool:
    """A line between two tab-separated rows that is a merged row of the table ("I. Chính quyền số")."""
    return 0 < len(line.split()) <= 12 and not line.endswith((".", ";", ":"))


def parse_txt(path: Path) -> ParsedDocument:
    """Plain text: one paragraph per line; table rows (" | " or tab separated, as Word saves tables) form
    tables, and a short line between two tab-separated rows is a merged row of the same table."""
    text = decode_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise InputError(f"Tệp không phải văn bản thuần: {path.name}", f"Not a plain-text file: {path.name}")
    blocks: list[Block] = []
    tables: list[Table] = []
    table_rows: list[list[str]] = []
    merged_lines: set[int] = set()

    def flush_table() -> None:
        if table_rows:
            width = max(len(r) for r in table_rows)
            rows = [r + [""] * (width - len(r)) for r in table_rows]
            table = make_table(len(tables) + 1, rows, set(merged_lines))
            table.merged_rows |= {i for i, r in enumerate(table_rows) if len(set(filter(None, r))) == 1
                                  and len(r) > 1 and r.count(r[0]) == len(r)}
            tables.append(table)
            blocks.extend(table.blocks)
            table_rows.clear()
            merged_lines.clear()

    lines = rejoin(text.splitlines())  # a web copy's lines broken inside sentences, joined again
    for n, raw in enumerate(lines):
        cells = _txt_cells(raw)
        if cells is not None:
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue  # markdown separator row
            table_rows.append(cells)
            continue
        line = clean_text(raw)
        if table_rows and line and _is_group_line(line):
            following = next((x for x in lines[n + 1:] if x.strip()), "")
            if "\t" in following and _txt_cells(following) is not None:
                merged_lines.add(len(table_rows))
                table_rows.append([line])
                continue
        flush_table()
        if line:
            blocks.append(text_block(line))
    flush_table()
    number_blocks(blocks)
    return ParsedDocument(str(path), "txt", blocks, tables)
