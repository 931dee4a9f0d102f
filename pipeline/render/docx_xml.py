"""Word XML built directly where python-docx's object API is too slow for tables of thousands of rows."""

from __future__ import annotations

from typing import Any


def append_table_rows(table, rows: list[list[Any]]) -> None:
    """Append rows of plain text to a python-docx table by building their XML directly: the same markup as
    ``table.add_row()`` + ``cell.text = ...`` (cell width from the grid, one paragraph, one run, line breaks
    as ``<w:br/>``), ~100× faster, so a memo with 20,000 tasks renders in seconds, not minutes."""
    from docx.oxml.ns import qn
    from lxml import etree

    tbl = table._tbl
    widths = [str(gc.w.twips) if gc.w is not None else None for gc in tbl.tblGrid.gridCol_lst]
    space = "{http://www.w3.org/XML/1998/namespace}space"
    tr_tag, tc_tag, tcpr_tag, tcw_tag, p_tag, r_tag, t_tag, br_tag = (
        qn(n) for n in ("w:tr", "w:tc", "w:tcPr", "w:tcW", "w:p", "w:r", "w:t", "w:br"))
    w_attr, type_attr = qn("w:w"), qn("w:type")
    for row in rows:
        tr = etree.SubElement(tbl, tr_tag)
        for n, value in enumerate(row):
            tc = etree.SubElement(tr, tc_tag)
            if n < len(widths) and widths[n] is not None:
                tcw = etree.SubElement(etree.SubElement(tc, tcpr_tag), tcw_tag)
                tcw.set(w_attr, widths[n])
                tcw.set(type_attr, "dxa")
            p = etree.SubElement(tc, p_tag)
            text = str(value if value is not None else "")
            if not text:
                continue
            r = etree.SubElement(p, r_tag)
            for k, line in enumerate(text.split("\n")):
                if k:
                    etree.SubElement(r, br_tag)
                if line:
                    t = etree.SubElement(r, t_tag)
                    t.text = line
                    t.set(space, "preserve")
