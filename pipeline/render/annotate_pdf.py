"""The submitted PDF (or scanned image) with a highlight and a note at each finding: `<name>.annotated.pdf`.

Like the Word comments of an annotated .docx: each finding's evidence is highlighted on its page
(standard PDF Highlight annotations, coloured by severity) and the highlight carries the finding as
its note (/Contents, with a closed /Popup), so any PDF reader lists and shows them. Findings about
the whole document, or whose evidence cannot be found on the page, get a sticky note (/Text) in the
margin of their page. The page content itself is not changed.

Evidence is found in the page's text layer (pdfium) or, for a recognised scan, in the boxes of the
lines Tesseract read (ocr.OcrSummary.lines); matching ignores case, diacritics and line breaks.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pipeline.core.atomic_io import atomic_save
from pipeline.core.model import SEVERITY_LABELS
from pipeline.core.textnorm import fold
from pipeline.review.reviewer import ReviewResult

COLORS = {"high": "ff6b6b", "medium": "ffb347", "low": "ffe066", "info": "8ecae6"}
Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


_KEYS: dict[str, str] = {}  # character → its matching key ("" for a space or a combining mark)


def _key(c: str) -> str:
    key = _KEYS.get(c)
    if key is None:
        key = _KEYS[c] = "" if c.isspace() or unicodedata.category(c) == "Mn" else (fold(c) or c.lower())[:1]
    return key


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Folded text without spaces or combining marks, and for each kept character its index in ``text``
    (each distinct character folded once: a page has a few hundred of them and thousands of characters)."""
    keys = _KEYS
    parts = [keys.get(c) for c in text]
    if None in parts:
        parts = [_key(c) for c in text]
    return "".join(parts), [i for i, k in enumerate(parts) if k]


def _needles(*texts: str) -> list[str]:
    """What to look for, best first: each text whole, then its first ~60 letters."""
    out: list[str] = []
    for text in texts:
        key = _squeeze(text)[0]
        for candidate in (key, key[:60], key[:25]):
            if len(candidate) >= 6 and candidate not in out:
                out.append(candidate)
    return out


def _text_layer_rects(textpage, needles: list[str], squeezed: tuple[str, list[int]] | None = None) -> list[Rect]:
    """The rects of the first needle found in the page's text (``squeezed``: that text's :func:`_squeeze`)."""
    if squeezed is None:
        squeezed = _page_key(textpage)
    key, index = squeezed
    for needle in needles:
        at = key.find(needle)
        if at < 0:
            continue
        start, end = index[at], index[at + len(needle) - 1]
        n = textpage.count_rects(start, end - start + 1)
        return [tuple(textpage.get_rect(i)) for i in range(n)]
    return []


def _page_key(textpage) -> tuple[str, list[int]]:
    count = textpage.count_chars()
    return _squeeze(textpage.get_text_range(0, count)) if count else ("", [])


def _ocr_rects(lines: list[dict], needles: list[str], page_size: tuple[float, float], ocr_size) -> list[Rect]:
    """Boxes of the recognised lines the evidence runs over, in the PDF page's coordinates."""
    if not lines:
        return []
    parts, owner = [], []
    for i, ln in enumerate(lines):
        k = _squeeze(ln["text"])[0]
        parts.append(k)
        owner.extend([i] * len(k))
    key = "".join(parts)
    width, height = page_size
    sx, sy = width / ocr_size[0], height / ocr_size[1]
    for needle in needles:
        at = key.find(needle)
        if at < 0:
            continue
        touched = sorted(set(owner[at:at + len(needle)]))
        return [(lines[i]["x0"] * sx, height - lines[i]["bottom"] * sy,
                 lines[i]["x1"] * sx, height - lines[i]["top"] * sy) for i in touched]
    return []


def _note(finding) -> str:
    return (f"[{finding.rule_id}] {finding.title} — mức {SEVERITY_LABELS.get(finding.severity, finding.severity)}\n"
            f"{finding.message}\nĐề xuất: {finding.suggestion}")


def image_to_pdf(source: Path, target: Path) -> Path:
    """A scanned image (every frame of a TIFF) as a PDF at the image's own resolution."""
    from PIL import Image, ImageSequence

    with Image.open(source) as img:
        frames = [f.convert("RGB") for f in ImageSequence.Iterator(img)]
        dpi = img.info.get("dpi")
    resolution = float(dpi[0]) if dpi and dpi[0] and dpi[0] > 50 else frames[0].width / 8.27
    frames[0].save(target, "PDF", save_all=True, append_images=frames[1:], resolution=resolution)
    return target


def annotate_pdf(result: ReviewResult, source: Path, target: Path, author: str = "planreview") -> int:
    """Write ``target``: the PDF ``source`` with a highlight and note per finding. Returns the number of notes."""
    import pypdfium2 as pdfium
    from pypdf import PdfWriter
    from pypdf.annotations import Highlight, Popup, Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    doc = result.seg.doc
    ocr = doc.ocr
    pdf = pdfium.PdfDocument(str(source))
    writer = PdfWriter(clone_from=str(source))
    pages: dict[int, object] = {}
    textpages: dict[int, tuple[object, tuple[str, list[int]]]] = {}  # page → its text page and squeezed text
    margin_notes: dict[int, int] = {}
    count = 0
    try:
        for f in result.findings:
            block = None
            if f.location is not None and f.location.paragraph and 0 < f.location.paragraph <= len(doc.blocks):
                block = doc.blocks[f.location.paragraph - 1]
            page_no = (block.location.page if block is not None else None) or (f.location.page if f.location else None)
            page_no = min(max(1, page_no or 1), len(pdf))
            if page_no not in pages:  # each page loaded once, however many notes it gets
                pages[page_no] = pdf[page_no - 1]
            page = pages[page_no]
            width, height = page.get_width(), page.get_height()
            needles = _needles(f.evidence, block.text if block is not None else "") if (block or f.evidence) else []
            rects: list[Rect] = []
            if needles:
                if ocr is not None and page_no in ocr.lines:
                    rects = _ocr_rects(ocr.lines[page_no], needles, (width, height), ocr.page_sizes[page_no])
                else:
                    if page_no not in textpages:
                        textpage = page.get_textpage()
                        textpages[page_no] = (textpage, _page_key(textpage))
                    textpage, squeezed = textpages[page_no]
                    rects = _text_layer_rects(textpage, needles, squeezed)
            note = _note(f)
            if rects:
                quads = []
                for left, bottom, right, top in rects:
                    quads += [left, top, right, top, left, bottom, right, bottom]
                box = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects),
                       max(r[3] for r in rects))
                annot = Highlight(rect=box, quad_points=ArrayObject(FloatObject(round(q, 2)) for q in quads),
                                  highlight_color=COLORS.get(f.severity, "ffe066"), printing=True)
            else:  # about the whole document, or evidence not found: a sticky note in the left margin
                k = margin_notes.get(page_no, 0)
                margin_notes[page_no] = k + 1
                top = height - 30 - 24 * (k % max(1, int((height - 60) // 24)))
                box = (8, top - 20, 28, top)
                annot = Text(rect=box, text=note, open=False)
            annot[NameObject("/Contents")] = TextStringObject(note)
            annot[NameObject("/T")] = TextStringObject(author)
            annot[NameObject("/Subj")] = TextStringObject(f"{f.rule_id} {f.title}")
            ref = writer.add_annotation(page_number=page_no - 1, annotation=annot)
            popup_box = (min(width - 220, box[2] + 10), max(0, box[3] - 120), min(width, box[2] + 230), box[3])
            popup = writer.add_annotation(page_number=page_no - 1,
                                          annotation=Popup(rect=popup_box, parent=ref, open=False))
            ref.get_object()[NameObject("/Popup")] = popup.indirect_reference
            count += 1
    finally:
        for tp, _ in textpages.values():
            tp.close()
        for page in pages.values():
            page.close()
        pdf.close()
    def save(tmp: Path) -> None:
        with open(tmp, "wb") as fh:  # buffered (pypdf opens a path unbuffered: a system call per object)
            writer.write(fh)

    atomic_save(save, target)
    return count


def annotate_copy(result: ReviewResult, source: Path, target: Path) -> int | None:
    """The annotated copy of a PDF, or of a scanned image (first made into a PDF of the same pages).

    A PDF that pdfium could read for the review but whose objects pypdf cannot copy (a partly damaged file)
    gets no annotated copy: None is returned, nothing is written, and the memo and the other outputs stand."""
    import sys
    import tempfile

    from pypdf.errors import PyPdfError

    try:
        if result.seg.doc.source_format != "image":
            return annotate_pdf(result, source, target)
        with tempfile.TemporaryDirectory(prefix="planreview-img-") as tmp:
            return annotate_pdf(result, image_to_pdf(source, Path(tmp) / "scan.pdf"), target)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
        target.unlink(missing_ok=True)
        print(f"Không tạo được bản PDF có ghi chú (tệp PDF hỏng một phần) / No annotated PDF copy: the PDF is "
              f"partly damaged ({type(err).__name__})", file=sys.stderr)
        return None


def read_annotations(path: Path) -> list[dict]:
    """The notes of a PDF as pdfium sees them (the engine of Chromium's viewer): page, subtype, contents."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, i)
                subtype = raw.FPDFAnnot_GetSubtype(annot)
                size = raw.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)),
                                             size)
                contents = buffer.raw[:max(0, size - 2)].decode("utf-16-le", "replace")
                raw.FPDFPage_CloseAnnot(annot)
                names = {raw.FPDF_ANNOT_HIGHLIGHT: "Highlight", raw.FPDF_ANNOT_TEXT: "Text",
                         raw.FPDF_ANNOT_POPUP: "Popup"}
                out.append({"page": n + 1, "subtype": names.get(subtype, str(subtype)), "contents": contents})
    finally:
        pdf.close()
    return out
