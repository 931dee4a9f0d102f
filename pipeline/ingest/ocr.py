"""Recognise scanned pages and images with Tesseract's Vietnamese model, keeping the layout.

A page image is cleaned (red stamps removed, a photographed page flattened, skew and rotation
corrected), its ruled tables are found from their ruling lines (OpenCV) and the words Tesseract
reads are put back together as the PDF parser would see them: text lines with their box and
boldness (from the stroke width, since a scan has no fonts) and tables as rows of cells. Pages are
recognised in parallel (one Tesseract process per core) and the results are cached by the file's
SHA-256, so a second review of the same scan costs nothing.

Tesseract is optional: without it (Debian ``tesseract-ocr`` and ``tesseract-ocr-vie``) a scan is
refused with a one-line message naming the packages, and everything else works as before.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import re
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.bundled import RULES_DIR
from pipeline.core.errors import InputError
from pipeline.core.formats import IMAGE_SUFFIXES  # noqa: F401  (.png, .jpg, .jpeg, .tif, .tiff)
from pipeline.core.model import ParsedDocument
from pipeline.core.textnorm import fold
from pipeline.core.user_cache import cache_root, file_sha256
from pipeline.ingest import table_join
from pipeline.ingest.blocks import PDF_CELL_BREAK, clean_text, join_pdf_lines, number_blocks

LANG = "vie"
CACHE_VERSION = "ocr-12"  # bump when the recognition or the layout rules change
LOW_CONFIDENCE = 70.0  # a word read with less confidence (0-100) is "uncertain"
OCR_DPI = 300  # pages are recognised at 300 dpi: a 150-200 dpi scan is enlarged (Tesseract then keeps the
# spaces between words of small serif text: "quảnlý" at 200 dpi, "quản lý" at 300), a finer one reduced
MIN_DPI = 72
TIMEOUT_S = 120  # per page
_DIGIT = re.compile(r"\d")
_WORDLIKE = re.compile(r"\w")


@dataclass
class OcrPage:
    """What was read on one page; positions in PDF points (1/72 inch) from the page's top left."""

    page: int
    width: float
    height: float
    lines: list[dict[str, Any]] = field(default_factory=list)  # text, x0, x1, top, bottom, bold, conf
    tables: list[dict[str, Any]] = field(default_factory=list)  # bbox (x0, top, x1, bottom), rows
    confidence: float = 0.0  # mean word confidence, 0-100
    words: int = 0
    uncertain: list[dict[str, Any]] = field(default_factory=list)  # low-confidence words with digits
    rotated: int = 0  # degrees turned to make the page upright
    skew: float = 0.0  # degrees of skew corrected
    flattened: bool = False  # a photographed page was flattened (perspective)
    stamp_removed: bool = False


@dataclass
class OcrSummary:
    """Which pages were recognised and how well; kept on the ParsedDocument for the memo."""

    engine: str
    pages: list[dict[str, Any]]  # page, confidence, words, rotated, skew
    uncertain: list[dict[str, Any]]  # page, text, conf
    lines: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # page → line boxes (annotation)
    page_sizes: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def mean_confidence(self) -> float:
        words = sum(p["words"] for p in self.pages)
        return sum(p["confidence"] * p["words"] for p in self.pages) / words if words else 0.0

    def page_list(self) -> str:
        """``1-3, 5`` for pages 1, 2, 3 and 5."""
        numbers = sorted(p["page"] for p in self.pages)
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "pages": self.pages, "mean_confidence": round(self.mean_confidence, 1),
                "uncertain": self.uncertain}


# --------------------------------------------------------------------------- availability


def missing_tesseract_error(name: str) -> InputError:
    return InputError(
        f"Cần nhận dạng ký tự (OCR) cho {name} nhưng chưa cài Tesseract tiếng Việt; hãy cài gói Debian "
        f"'tesseract-ocr tesseract-ocr-vie' (apt-get install tesseract-ocr tesseract-ocr-vie)",
        f"{name} needs OCR but Tesseract with Vietnamese is not installed; install the Debian packages "
        f"'tesseract-ocr tesseract-ocr-vie' (apt-get install tesseract-ocr tesseract-ocr-vie)",
    )


def tesseract_version() -> str | None:
    """Tesseract's version when it and its Vietnamese model are installed, else None."""
    if os.environ.get("PLANREVIEW_NO_OCR") or shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        if LANG not in pytesseract.get_languages(config=""):
            return None
        return str(pytesseract.get_tesseract_version())
    except Exception:
        return None


def require_tesseract(name: str) -> str:
    version = tesseract_version()
    if version is None:
        raise missing_tesseract_error(name)
    return version


# --------------------------------------------------------------------------- the engine


_TSV_KEYS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
             "height", "conf", "text")
_idle_apis: queue.SimpleQueue = queue.SimpleQueue()  # tesserocr engines with the model loaded, not in use


@functools.lru_cache(maxsize=1)
def _tessdata_dir() -> str | None:
    """The folder of the installed ``vie.traineddata`` (the Debian package's), for the tesserocr binding;
    None when the binding is not installed or the folder is not found (pytesseract is used then)."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return None
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    try:
        import subprocess

        listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
        found = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
        candidates.append(found.group(1) if found else "")
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                   "/usr/share/tessdata", "/usr/local/share/tessdata"]
    for folder in candidates:
        if folder and (Path(folder) / f"{LANG}.traineddata").is_file():
            return folder
    return None


def _tesseract_data(gray, dpi: int, psm: int, variables: dict[str, str] | None = None) -> dict[str, list]:
    """Tesseract's words of a grayscale image (numpy uint8) as pytesseract's ``image_to_data`` gives them
    (a dict of columns: text, conf, left, top, width, height, block_num, par_num, line_num).

    Through the tesserocr binding when it is installed: an engine with the Vietnamese model loaded
    stays in memory and reads the pixels in place (released GIL, so pages still run in parallel),
    instead of one ``tesseract`` process per call that loads the model (~0.3 s) and decodes an image
    file — the same engine (libtesseract 5), the same words. Otherwise through pytesseract."""
    variables = {"tessedit_do_invert": "1", "tessedit_char_whitelist": "", **(variables or {})}
    folder = _tessdata_dir()
    if folder is None:
        import pytesseract

        config = f"--psm {psm} --dpi {dpi}" + "".join(f" -c {k}={v}" for k, v in variables.items() if v)
        return pytesseract.image_to_data(_uncompressed(gray), lang=LANG, config=config,
                                         output_type=pytesseract.Output.DICT, timeout=TIMEOUT_S)
    import numpy as np
    import tesserocr

    try:
        api = _idle_apis.get_nowait()
    except queue.Empty:
        api = tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang=LANG)
    try:
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        api.SetPageSegMode(psm)
        for key, value in variables.items():
            api.SetVariable(key, value)
        api.SetImageBytes(gray.tobytes(), gray.shape[1], gray.shape[0], 1, gray.shape[1])
        api.SetSourceResolution(dpi)
        if not api.Recognize(timeout=TIMEOUT_S * 1000):
            raise RuntimeError(f"Tesseract: no result within {TIMEOUT_S} s")
        tsv = api.GetTSVText(0)
        api.Clear()
    except BaseException:
        api.End()
        raise
    _idle_apis.put(api)
    data: dict[str, list] = {k: [] for k in _TSV_KEYS}
    for row in tsv.splitlines():
        cols = row.split("\t", 11)
        if len(cols) < 12:
            continue
        for k, v in zip(_TSV_KEYS[:11], cols):
            data[k].append(float(v) if k == "conf" else int(v))
        data["text"].append(cols[11])
    return data


def _tesseract_string(gray, dpi: int, psm: int, variables: dict[str, str] | None = None) -> str:
    """The text of a small image (a table cell), words joined by single spaces."""
    data = _tesseract_data(gray, dpi, psm, variables)
    return " ".join(t.strip() for t, c in zip(data["text"], data["conf"]) if t and t.strip() and float(c) >= 0)


# --------------------------------------------------------------------------- image cleaning


def remove_red(rgb):
    """Whiten the red ink of a seal or stamp (Vietnamese seals are red), keep black and blue text.
    Returns (image, whether anything was removed)."""
    import numpy as np

    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    red = (r - g > 60) & (r - b > 40)
    if red.mean() < 0.0005:
        return rgb, False
    out = rgb.copy()
    out[red] = 255
    return out, True


def flatten_photo(gray):
    """A photographed page on a darker background: find the sheet's four corners and warp it flat.
    Returns the flattened image, or None when no sheet border is visible."""
    import cv2
    import numpy as np

    h, w = gray.shape
    scale = 800 / max(h, w)
    small = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    border = np.concatenate([small[:4].ravel(), small[-4:].ravel(), small[:, :4].ravel(), small[:, -4:].ravel()])
    if np.median(border) > 200:  # white all around: a scan, not a photo
        return None
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet) / (small.shape[0] * small.shape[1])
    if not 0.2 < area < 0.97:
        return None
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4:
        return None
    pts = quad.reshape(4, 2).astype(np.float32) / scale
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    tl, br, tr, bl = pts[np.argmin(s)], pts[np.argmax(s)], pts[np.argmin(d)], pts[np.argmax(d)]
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], np.float32), target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def estimate_skew(gray) -> float:
    """The text's skew in degrees (−5…5): the angle at which rows of text line up best
    (variance of the row profile of a binarised, reduced page)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    scale = 1000 / max(h, w)
    small = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    center = (small.shape[1] / 2, small.shape[0] / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        return float(np.var(rotated.sum(axis=1, dtype=np.float64)))

    best = max(np.arange(-5, 5.01, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return float(round(best, 2))


def rotate(gray, angle: float):
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


# --------------------------------------------------------------------------- tables from ruling lines


def _runs(profile, threshold: float, min_gap: int = 3) -> list[tuple[int, int]]:
    """Spans [start, end) where ``profile`` exceeds ``threshold``, merging spans ``min_gap`` apart."""
    spans: list[list[int]] = []
    for i, v in enumerate(profile):
        if v > threshold:
            if spans and i - spans[-1][1] <= min_gap:
                spans[-1][1] = i + 1
            else:
                spans.append([i, i + 1])
    return [(a, b) for a, b in spans]


def _rule_spans(mask, along: int, lo: int, hi: int, at: float, reach: int = 4) -> float:
    """Share of [lo, hi) covered by a rule of ``mask`` near ``at`` (rows for along=1: a horizontal
    rule at y=at over x in [lo, hi); columns for along=0: a vertical rule at x=at over y in [lo, hi))."""
    a, b = max(0, int(at) - reach), int(at) + reach + 1
    lo, hi = int(lo), int(hi)
    if hi <= lo:
        return 0.0
    band = mask[a:b, lo:hi] if along == 1 else mask[lo:hi, a:b]
    if band.size == 0:
        return 0.0
    return float((band > 0).any(axis=0 if along == 1 else 1).mean())


def _grid_cells(right_rule: list[list[bool]], below_rule: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """The cells of a grid (row0, col0, row1, col1): neighbouring grid squares with no rule between them
    are one cell (union-find; a cell's extent is the bounding box of its squares)."""
    n_rows, n_cols = len(right_rule), len(right_rule[0])
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for j in range(n_cols):
            if not right_rule[r][j]:
                parent[find(r * n_cols + j)] = find(r * n_cols + j + 1)
            if not below_rule[r][j]:
                parent[find(r * n_cols + j)] = find((r + 1) * n_cols + j)
    spans: dict[int, list[int]] = {}
    for r in range(n_rows):
        for j in range(n_cols):
            box = spans.setdefault(find(r * n_cols + j), [r, j, r + 1, j + 1])
            box[:] = [min(box[0], r), min(box[1], j), max(box[2], r + 1), max(box[3], j + 1)]
    return sorted((a, b, c, d) for a, b, c, d in spans.values())


def find_ruled_tables(gray, dpi: int = 200) -> tuple[list[dict[str, Any]], Any]:
    """Ruled tables of a page: for each, its box and its grid — ``ys`` (horizontal rules), ``xs``
    (vertical rules) and ``cells``, the spans (row0, col0, row1, col1) of the grid that no rule divides:
    a header cell "Kinh phí" over the sub-columns "NSNN | Khác", "STT" over both header rows, a group
    row "I | Chính quyền số". Also returns the mask of the rules, which are whitened before recognition
    so Tesseract does not read them as letters."""
    import cv2
    import numpy as np

    h, w = gray.shape
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    # rules are longer than any stroke of a letter: 0.3 inch across (a narrow sub-column), 0.2 inch down
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(0.3 * dpi), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(0.2 * dpi))))
    horizontal = cv2.dilate(horizontal, np.ones((3, 3), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((3, 3), np.uint8))
    grid = cv2.bitwise_or(horizontal, vertical)
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tables = []
    rules = np.zeros_like(grid)  # only the rules of the tables found are whitened
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw < w * 0.3 or ch < 20:
            continue
        hband, vband = horizontal[y:y + ch, x:x + cw], vertical[y:y + ch, x:x + cw]
        # every rule, even one under a few columns only (the line between "Kinh phí" and "NSNN | Khác")
        ys = [(a + b) / 2 for a, b in _runs((hband > 0).sum(axis=1), 0.3 * dpi * 0.9)]
        xs = [(a + b) / 2 for a, b in _runs((vband > 0).sum(axis=0), 0.2 * dpi * 0.9)]
        if len(ys) < 2 or len(xs) < 2:
            continue
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        # which grid lines are really drawn between two neighbouring grid cells
        right_rule = [[j == n_cols - 1 or _rule_spans(vband, 0, ys[r] + 3, ys[r + 1] - 3, xs[j + 1]) >= 0.6
                       for j in range(n_cols)] for r in range(n_rows)]
        below_rule = [[r == n_rows - 1 or _rule_spans(hband, 1, xs[j] + 3, xs[j + 1] - 3, ys[r + 1]) >= 0.6
                       for j in range(n_cols)] for r in range(n_rows)]
        cells = _grid_cells(right_rule, below_rule)
        if len(cells) < 3 or (n_rows < 2 and n_cols < 3):
            continue  # a frame or a single box, not a table
        tables.append({"bbox": (x, y, x + cw, y + ch), "ys": [y + v for v in ys], "xs": [x + v for v in xs],
                       "cells": cells})
        rules[y:y + ch, x:x + cw] = grid[y:y + ch, x:x + cw]
    # whitened a little wider than drawn: the ends of a rule left by a slight residual skew read as ":" or "|"
    return tables, cv2.dilate(rules, np.ones((5, 5), np.uint8))


def _cell_text(words: list[dict[str, Any]], text_height: float = 0.0) -> str:
    """The words of one cell in reading order: visual lines top to bottom, words left to right; a
    number or date broken by a narrow column ("2023-202" / "4") is joined as ingest/pdf.py joins it.
    Specks are left out: a word far smaller than the table's text (``text_height``; a dot below a
    letter read apart as ":", JPEG noise as "F") and punctuation read with low confidence."""

    words = [wd for wd in words if (_WORDLIKE.search(wd["text"]) or wd.get("conf", 100) >= 60)
             and (wd["bottom"] - wd["top"] >= 0.35 * text_height or wd["text"] in "-–—")]
    # Tesseract's lines (it knows the baselines: "quan" with its descender and "chủ" with its hook are
    # not on one line for being level), then lines at the same height merged, top to bottom
    groups: dict[Any, list[dict[str, Any]]] = {}
    for i, word in enumerate(words):
        groups.setdefault(word.get("line_key", i), []).append(word)

    def centre(group: list[dict[str, Any]]) -> float:
        return sorted((wd["top"] + wd["bottom"]) / 2 for wd in group)[len(group) // 2]

    lines: list[list[dict[str, Any]]] = []
    for group in sorted(groups.values(), key=centre):
        height = sorted(wd["bottom"] - wd["top"] for wd in group)[len(group) // 2]
        if lines and abs(centre(group) - centre(lines[-1])) < 0.5 * height:
            lines[-1].extend(group)
        else:
            lines.append(list(group))
    text = "\n".join(" ".join(wd["text"] for wd in sorted(ln, key=lambda wd: wd["x0"])) for ln in lines)
    return PDF_CELL_BREAK.sub("", text).replace("\n", " ")


@functools.lru_cache(maxsize=1)
def _header_words() -> dict[str, str]:
    """The words that name the columns of a task table (rules/00-task-columns.yaml: "thời", "gian", "chủ",
    "trì", "kinh", "phí", …), lower case: a header word misread by one letter is put back."""
    import yaml


    path = RULES_DIR / "00-task-columns.yaml"
    try:
        columns = yaml.safe_load(path.read_text(encoding="utf-8")).get("task_columns", {})
    except (OSError, AttributeError, yaml.YAMLError):
        return {}
    return {w.lower(): w for names in columns.values() for n in names for w in n.split() if len(w) >= 3}


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter dropped or added (a letter changed is not enough: "tinh" and
    "kinh" are both words)."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def restore_header_words(text: str) -> str:
    """A table header cell with its column words put back ("Thờ gian thực hiện" → "Thời gian thực hiện"):
    a word one letter (with its diacritics) short of or beyond a column word, and not itself one."""
    vocabulary = _header_words()
    out = []
    for word in text.split(" "):
        key = word.lower()
        if key.isalpha() and key not in vocabulary and len(key) >= 3:
            match = next((w for k, w in vocabulary.items() if _one_edit(key, k)), None)
            if match is not None:
                word = match[0].upper() + match[1:] if word[:1].isupper() else match
        out.append(word)
    return " ".join(out)


def _read_cells(gray, dpi: int, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, float]]:
    """Several cells read again in one Tesseract run, each on its own: their crops stacked one under the
    other with wide white gaps and read as a block (psm 6), so that words of neighbouring narrow columns
    ("Cơ quan chủ trì" | "Cơ quan phối hợp" | "Thời gian thực hiện") are not read across as one line,
    as the page's layout analysis may do. Returns (text, mean confidence) per box."""
    import numpy as np

    crops = []
    for x0, top, x1, bottom in boxes:
        crop = gray[int(top) + 5:int(bottom) - 4, int(x0) + 5:int(x1) - 4]
        crops.append(crop if crop.size else np.full((10, 10), 255, np.uint8))
    gap = int(0.25 * dpi)
    width = max(c.shape[1] for c in crops) + 2 * gap
    sheet = np.full((sum(c.shape[0] + gap for c in crops) + gap, width), 255, np.uint8)
    spans, y = [], gap
    for crop in crops:
        sheet[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    data = _tesseract_data(sheet, dpi, 6)
    found: list[list[dict[str, Any]]] = [[] for _ in boxes]
    for i, text in enumerate(data["text"]):
        text, conf = (text or "").strip(), float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, top, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        cy = top + h / 2
        k = next((k for k, (a, b) in enumerate(spans) if a - gap / 2 <= cy < b + gap / 2), None)
        if k is not None:
            found[k].append({"text": text, "conf": conf, "x0": x, "x1": x + w, "top": top, "bottom": top + h,
                             "line_key": (data["block_num"][i], data["par_num"][i], data["line_num"][i])})
    return [(_cell_text(ws), sum(w["conf"] for w in ws) / len(ws) if ws else 0.0) for ws in found]


def _fill_table(table: dict[str, Any], words: list[dict[str, Any]], read_cell=None, read_cells=None
                ) -> list[list[str]]:
    """Cell texts of a ruled table from the words whose centre falls in each cell of its grid. A cell
    spanning several columns or rows keeps its text in its first column of its first row, the others
    stay empty (as the .docx and PDF parsers give them), so a two-row header reads "Kinh phí | " over
    "NSNN | Khác". A cell left empty whose box holds ink (a lone "1" or "I" that page segmentation
    dropped) is read on its own with ``read_cell(box)``; cells with a word read with low confidence
    (the page's layout analysis read a dense header across its narrow columns) are read again, all in
    one run, with ``read_cells(boxes)``, and the better reading kept."""
    ys, xs = table["ys"], table["xs"]
    out = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    heights = sorted(wd["bottom"] - wd["top"] for wd in words if len(wd["text"]) >= 3)
    text_height = heights[len(heights) // 2] if heights else 0.0
    doubtful: list[tuple[int, int, tuple[float, float, float, float], float]] = []
    # the header: the rows above the first numbered row (at most three); a Tesseract line of a header
    # cell that runs on into the next column is a sign of a header read across its narrow columns
    first_body = next((r for r in range(len(ys) - 1) if any(
        c[0] == 0 and c[1] == 0 and c[0] == r and re.fullmatch(r"[0-9IVX]{1,4}\.?", _cell_text(
            [wd for wd in words if xs[0] <= (wd["x0"] + wd["x1"]) / 2 < xs[1]
             and ys[r] <= (wd["top"] + wd["bottom"]) / 2 < ys[r + 1]]))
        for c in table["cells"])), 3)
    cell_of_line: dict[Any, set[int]] = {}
    for k, (r0, c0, r1, c1) in enumerate(table["cells"]):
        for wd in words:
            if (r0 < first_body and xs[c0] <= (wd["x0"] + wd["x1"]) / 2 < xs[c1]
                    and ys[r0] <= (wd["top"] + wd["bottom"]) / 2 < ys[r1] and "line_key" in wd):
                cell_of_line.setdefault(wd["line_key"], set()).add(k)
    across = {k for cells in cell_of_line.values() if len(cells) > 1 for k in cells}
    for k, (r0, c0, r1, c1) in enumerate(table["cells"]):
        box = (xs[c0], ys[r0], xs[c1], ys[r1])
        inside = [wd for wd in words if box[0] <= (wd["x0"] + wd["x1"]) / 2 < box[2]
                  and box[1] <= (wd["top"] + wd["bottom"]) / 2 < box[3]]
        text = _cell_text(inside, text_height)
        if not text and read_cell is not None:
            text = read_cell(box)
        elif inside and (k in across or min(wd.get("conf", 100) for wd in inside) < LOW_CONFIDENCE):
            doubtful.append((r0, c0, box, sum(wd.get("conf", 100) for wd in inside) / len(inside)))
        out[r0][c0] = text
    if doubtful and read_cells is not None:
        for (r0, c0, _, conf), (text, conf2) in zip(doubtful, read_cells([d[2] for d in doubtful])):
            if text and (conf2 > conf or conf2 >= LOW_CONFIDENCE):
                out[r0][c0] = text
    for r in range(min(first_body, len(out))):
        out[r] = [restore_header_words(c) for c in out[r]]
    if _is_number_column(out):
        for r, texts in enumerate(out[1:], start=1):
            group_row = len(texts) > 2 and not any(texts[2:])
            texts[0] = _clean_number_cell(texts[0], group_row)
            if texts[0] and not group_row and not texts[0][0].isdigit() and read_cell is not None:
                box = (xs[0], ys[r], xs[1], ys[r + 1])
                texts[0] = _clean_number_cell(read_cell(box, True), group_row) or texts[0]  # "Ÿ" for 7
    return out


def _is_number_column(rows: list[list[str]]) -> bool:
    """The first column numbers the rows ("STT", "TT"; short cells)."""
    if len(rows) < 2 or len(rows[0]) < 3:
        return False
    if re.sub(r"[^a-z]", "", rows[0][0].lower()) in ("stt", "tt", "sott"):
        return True
    body = [r[0] for r in rows[1:] if r[0]]
    return bool(body) and sum(len(c) <= 4 for c in body) >= 0.6 * len(body)


def _clean_number_cell(text: str, group_row: bool) -> str:
    """A row number misread: in a group row ("I | Chính quyền số") a Roman numeral whose strokes were
    read as "1", "l", "|" or "H" (II); in a task row a digit with noise around it ("1Ế")."""
    if not text or len(text) > 5:
        return text
    if group_row and re.fullmatch(r"[IlH|1VvX]{1,4}\.?", text):
        return text.rstrip(".").replace("H", "II").translate(str.maketrans("l|1v", "IIIV"))
    if group_row:  # a stroke read with a tone mark: "lÌ" for II

        plain = fold(text)
        if re.fullmatch(r"[ilh|1vx]{1,4}\.?", plain):
            return plain.rstrip(".").replace("h", "ii").translate(str.maketrans("l|1", "iii")).upper()
    if re.fullmatch(r"[|lI]{1,4}\.?", text):
        return "I" * len(text.rstrip("."))
    digits = re.sub(r"[^\d.]", "", text)
    return digits or text


def _uncompressed(gray):
    """The image as pytesseract should hand it to Tesseract: a BMP, not its default PNG, whose zlib
    compression of a 300 dpi page costs ~1.2 s of CPU per page (more than a fifth of the recognition)."""
    from PIL import Image

    image = Image.fromarray(gray)
    image.format = "BMP"
    return image


def _read_cell(gray, dpi: int, box, digits: bool = False) -> str:
    """One table cell read on its own (single line of text), when it has ink; ``digits``: a row
    number (digits, Roman numerals)."""
    import cv2
    import numpy as np

    x0, top, x1, bottom = (int(v) for v in box)
    crop = gray[top + 4:bottom - 3, x0 + 4:x1 - 3]
    if crop.size == 0:
        return ""
    # only ink as tall as a digit counts: specks of JPEG noise or the end of a rule are not worth a
    # Tesseract run (each costs ~0.1-0.2 s)
    count, _, stats, _ = cv2.connectedComponentsWithStats((crop < 128).astype(np.uint8), connectivity=8)
    marks = [st for st in stats[1:count] if st[cv2.CC_STAT_HEIGHT] >= 0.05 * dpi]
    if not marks:
        return ""
    left = min(st[cv2.CC_STAT_LEFT] for st in marks)
    right = max(st[cv2.CC_STAT_LEFT] + st[cv2.CC_STAT_WIDTH] for st in marks)
    upper = min(st[cv2.CC_STAT_TOP] for st in stats[1:count])  # diacritics above the letters too
    lower = max(st[cv2.CC_STAT_TOP] + st[cv2.CC_STAT_HEIGHT] for st in marks)
    # trimmed to the ink: a lone "1" at the top of a tall cell
    crop = np.pad(crop[upper:lower, left:right], 15, constant_values=255)
    extra = {"tessedit_char_whitelist": "0123456789IVX."} if digits else {}
    # one line of ink (a row number): as a single line first, which reads a lone "1" or "II" that a
    # block read drops; several lines: as a block first
    order = (7, 6) if lower - upper < 0.25 * dpi else (6, 7)
    for psm in order:
        text = _tesseract_string(crop, dpi, psm, extra)
        if text:
            break
    return text


# --------------------------------------------------------------------------- words → lines


def _stroke_width(ink_crop) -> float:
    """Median length of the horizontal runs of ink: the width of vertical strokes (bold ≈ 1.5×)."""
    import numpy as np

    if ink_crop.size == 0:
        return 0.0
    padded = np.pad(ink_crop > 0, ((0, 0), (1, 1))).astype(np.int8)
    diff = np.diff(padded, axis=1)
    starts, ends = np.nonzero(diff == 1), np.nonzero(diff == -1)
    lengths = ends[1] - starts[1]
    return float(np.median(lengths)) if lengths.size else 0.0


_engine_pool: ThreadPoolExecutor | None = None  # the Tesseract runs of every page, one per core


def _engines() -> ThreadPoolExecutor:
    global _engine_pool
    if _engine_pool is None:
        _engine_pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="tesseract")
    return _engine_pool


def _close_engines() -> None:
    """Stop the engine threads once the pages are read: no idle thread is left behind, so the review may
    still fork a child for its later stages (forked.py refuses to fork a process with other threads)."""
    global _engine_pool
    pool, _engine_pool = _engine_pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def band_cuts(gray, dpi: int, avoid: list[tuple[float, float, float, float]] = ()) -> list[int]:
    """Where to cut a page into two bands read at the same time (so that the last page of an odd count
    does not leave a core idle): the blank strip across the whole width nearest the middle of the
    text, outside every table; none on a page without such a strip (or on one core)."""
    import numpy as np

    if (os.cpu_count() or 1) < 2:
        return []
    rows = (gray < 128).sum(axis=1)
    inked = np.nonzero(rows > 2)[0]
    if inked.size == 0 or inked[-1] - inked[0] < 0.25 * gray.shape[0]:
        return []
    first, last = int(inked[0]), int(inked[-1])
    middle, reach = (first + last) / 2, 0.15 * (last - first)
    best = None
    for a, b in _runs(rows <= 2, 0.5, min_gap=0):
        if b - a < 0.04 * dpi or a <= first or b >= last:
            continue
        cut = (a + b) // 2
        if any(top - 10 <= cut <= bottom + 10 for _, top, _, bottom in avoid):
            continue
        if abs(cut - middle) <= reach and (best is None or abs(cut - middle) < abs(best - middle)):
            best = cut
    return [] if best is None else [int(best)]


def _band_words(band, dpi: int, offset: int, k: int) -> list[dict[str, Any]]:
    # no inverted-text pass (white on black is not how plans are printed): a few % less per page
    data = _tesseract_data(band, dpi, 3, {"tessedit_do_invert": "0"})
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, wd, ht = data["left"][i], data["top"][i] + offset, data["width"][i], data["height"][i]
        words.append({"text": text, "conf": conf, "x0": x, "top": y, "x1": x + wd, "bottom": y + ht,
                      "line_key": (k, data["block_num"][i], data["par_num"][i], data["line_num"][i])})
    return words


def _tesseract_words(gray, dpi: int, avoid: list[tuple[float, float, float, float]] = ()) -> list[dict[str, Any]]:
    """The page's words in Tesseract's reading order (layout analysis, psm 3). A page with a blank strip
    near its middle is read as two bands at the same time, top band first (``band_cuts``)."""
    edges = [0, *band_cuts(gray, dpi, avoid), gray.shape[0]]
    futures = [_engines().submit(_band_words, gray[a:b], dpi, a, k) for k, (a, b) in enumerate(zip(edges, edges[1:]))]
    return [word for future in futures for word in future.result()]


def _merge_split_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tesseract sometimes cuts one printed line in two blocks ("V. KI" + "NH PHÍ THỰC HIỆN"): join a
    line to the one before when they share the baseline and the gap between them is a word space."""
    out: list[dict[str, Any]] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None:
            height = min(prev["bottom"] - prev["top"], ln["bottom"] - ln["top"])
            overlap = min(prev["bottom"], ln["bottom"]) - max(prev["top"], ln["top"])
            gap = ln["x0"] - prev["x1"]
            if overlap > 0.6 * height and -2 <= gap < 1.2 * height:
                glue = " " if gap > 0.25 * height else ""
                n = prev["n"] + ln["n"]
                prev.update(text=prev["text"] + glue + ln["text"], x1=ln["x1"], top=min(prev["top"], ln["top"]),
                            bottom=max(prev["bottom"], ln["bottom"]),
                            conf=(prev["conf"] * prev["n"] + ln["conf"] * ln["n"]) / n,
                            stroke=max(prev["stroke"], ln["stroke"]), n=n)
                continue
        out.append(ln)
    return out


def _lines(words: list[dict[str, Any]], ink) -> list[dict[str, Any]]:
    """Tesseract's lines in its reading order, with box, mean confidence and boldness."""
    by_line: dict[tuple, list[dict[str, Any]]] = {}
    for word in words:
        by_line.setdefault(word["line_key"], []).append(word)
    lines = []
    for key, items in by_line.items():
        items.sort(key=lambda wd: wd["x0"])
        x0, x1 = min(wd["x0"] for wd in items), max(wd["x1"] for wd in items)
        top, bottom = min(wd["top"] for wd in items), max(wd["bottom"] for wd in items)
        lines.append({"text": " ".join(wd["text"] for wd in items), "x0": x0, "x1": x1, "top": top,
                      "bottom": bottom, "conf": sum(wd["conf"] for wd in items) / len(items),
                      "stroke": _stroke_width(ink[top:bottom, x0:x1]), "key": key, "n": len(items)})
    lines = _merge_split_lines(lines)
    strokes = sorted(ln["stroke"] for ln in lines if ln["n"] >= 4 and ln["stroke"] > 0)
    regular = strokes[len(strokes) // 3] if strokes else 0.0  # most lines of a plan are regular text
    for ln in lines:
        ln["bold"] = bool(regular) and ln["stroke"] >= regular * 1.3
    return lines


# --------------------------------------------------------------------------- one page


def recognise_image(image, page: int, dpi: int) -> OcrPage:
    """Recognise one page image (PIL) at ``dpi``: clean it, find tables, read words, rebuild lines."""
    import cv2
    import numpy as np
    import pytesseract

    stamp_removed = False
    if image.mode not in ("L", "1"):
        rgb, stamp_removed = remove_red(np.asarray(image.convert("RGB")))
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    else:
        gray = np.asarray(image.convert("L"))
    flat = flatten_photo(gray)
    if flat is not None:  # a photographed sheet: its resolution is that of an A4 page across the photo
        gray = flat
        dpi = max(MIN_DPI, int(flat.shape[1] / 8.27))
    if abs(dpi - OCR_DPI) > 10:
        scale = OCR_DPI / dpi
        gray = cv2.resize(gray, None, fx=scale, fy=scale,
                          interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        dpi = OCR_DPI
    skew = estimate_skew(gray)
    if abs(skew) >= 0.1:
        gray = rotate(gray, skew)
    rotated = 0

    def read(img):
        found, rules = find_ruled_tables(img, dpi)
        clean = img.copy()
        clean[rules > 0] = 255
        return found, _tesseract_words(clean, dpi, [t["bbox"] for t in found]), clean

    tables, words, clean = read(gray)
    mean = sum(wd["conf"] for wd in words) / len(words) if words else 0.0
    if mean < 80:  # upside down or sideways (read as garbage at ~50-60)? ask the orientation detection
        try:
            osd = pytesseract.image_to_osd(_uncompressed(gray), config=f"--psm 0 --dpi {dpi}", timeout=TIMEOUT_S)
            angle = int(re.search(r"Rotate: (\d+)", osd).group(1))
        except Exception:
            angle = 0
        if angle:
            turned = np.ascontiguousarray(np.rot90(gray, k=-angle // 90))
            t2, w2, c2 = read(turned)
            mean2 = sum(wd["conf"] for wd in w2) / len(w2) if w2 else 0.0
            if mean2 > mean:
                gray, tables, words, clean, mean, rotated = turned, t2, w2, c2, mean2, angle

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    in_table: set[int] = set()
    table_items = []
    for table in tables:
        x0, top, x1, bottom = table["bbox"]
        inside = [wd for wd in words if x0 <= (wd["x0"] + wd["x1"]) / 2 <= x1 and top <= (wd["top"] + wd["bottom"]) / 2
                  <= bottom]
        in_table |= {id(wd) for wd in inside}
        rows = _fill_table(table, inside, lambda box, digits=False: _read_cell(clean, dpi, box, digits),
                           lambda boxes: _read_cells(clean, dpi, boxes))
        table_items.append({"bbox": table["bbox"], "rows": rows,
                            "row_spans": list(zip(table["ys"], table["ys"][1:])),
                            # cells spanning rows: (row, column, the row the cell starts in) under its first row
                            "merged_down": [(r, c0, r0) for r0, c0, r1, _c1 in table["cells"]
                                            for r in range(r0 + 1, r1)]})
    lines = _lines([wd for wd in words if id(wd) not in in_table], ink)

    pt = 72.0 / dpi  # pixels → points
    for ln in lines:
        for k in ("x0", "x1", "top", "bottom"):
            ln[k] = round(ln[k] * pt, 2)
        del ln["key"], ln["stroke"], ln["n"]
    for t in table_items:
        t["bbox"] = tuple(round(v * pt, 2) for v in t["bbox"])
        t["row_spans"] = [(round(a * pt, 2), round(b * pt, 2)) for a, b in t["row_spans"]]
    uncertain = [{"text": wd["text"], "conf": round(wd["conf"], 1)} for wd in words
                 if wd["conf"] < LOW_CONFIDENCE and _DIGIT.search(wd["text"])]
    h, w = gray.shape
    return OcrPage(page, round(w * pt, 2), round(h * pt, 2), lines, table_items, round(mean, 1), len(words),
                   uncertain, rotated, skew, flat is not None, stamp_removed)


# --------------------------------------------------------------------------- cache, pages in parallel


def _cache_file(sha: str) -> Path:
    return cache_root() / "ocr" / f"{sha}.{CACHE_VERSION}.json"


def _load_cache(path: Path) -> dict[int, OcrPage]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {int(k): OcrPage(**v) for k, v in data.items()}
    except (OSError, ValueError, TypeError):
        return {}


def _save_cache(path: Path, pages: dict[int, OcrPage]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps({str(k): asdict(v) for k, v in pages.items()}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


def recognise_pages(path: Path, page_numbers: list[int], load_page, workers: int | None = None
                    ) -> dict[int, OcrPage]:
    """Recognise the given pages of ``path``; ``load_page(n)`` returns (PIL image, dpi) and is called
    in this thread (pdfium is not thread-safe); Tesseract runs in parallel, one process per core.
    Cached by the file's SHA-256: pages already recognised are not read again."""
    require_tesseract(path.name)
    from tqdm import tqdm

    cache = _cache_file(file_sha256(path))
    done = _load_cache(cache)
    todo = [n for n in page_numbers if n not in done]
    if todo:
        workers = workers or max(1, min(len(todo), os.cpu_count() or 1))
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per Tesseract process
        tqdm.monitor_interval = 0  # no monitor thread left behind (it would keep forked.py from forking)
        bar = tqdm(total=len(todo), desc=f"OCR {path.name}", unit="trang", disable=None, leave=False)
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {}
                for n in todo:  # images are loaded one by one, recognised by the pool as they come
                    image, dpi = load_page(n)
                    futures[pool.submit(recognise_image, image, n, dpi)] = n
                for future in as_completed(futures):
                    try:
                        done[futures[future]] = future.result()
                    except RuntimeError as exc:  # pytesseract's timeout
                        raise InputError(f"Nhận dạng trang {futures[future]} quá thời gian: {path.name}",
                                         f"OCR of page {futures[future]} timed out: {path.name}") from exc
                    except Exception as exc:  # say where recognition failed, not "corrupt PDF"
                        n, name = futures[future], type(exc).__name__
                        raise InputError(f"Nhận dạng ký tự (OCR) trang {n} thất bại ({name}): {path.name}",
                                         f"OCR of page {n} failed ({name}): {path.name}") from exc
                    bar.update(1)
        finally:
            bar.close()
            _close_engines()
        _save_cache(cache, done)
    return {n: done[n] for n in page_numbers}


def summary(pages: dict[int, OcrPage], version: str) -> OcrSummary:
    return OcrSummary(
        engine=f"Tesseract {version} ({LANG})",
        pages=[{"page": p.page, "confidence": p.confidence, "words": p.words, "rotated": p.rotated,
                "skew": p.skew, "flattened": p.flattened, "stamp_removed": p.stamp_removed}
               for p in sorted(pages.values(), key=lambda p: p.page)],
        uncertain=[{"page": p.page, **u} for p in sorted(pages.values(), key=lambda p: p.page) for u in p.uncertain],
        lines={p.page: [{k: ln[k] for k in ("text", "x0", "x1", "top", "bottom")} for ln in p.lines]
               + [{"text": " ".join(row), "x0": t["bbox"][0], "top": span[0], "x1": t["bbox"][2], "bottom": span[1]}
                  for t in p.tables for row, span in zip(t["rows"], t.get("row_spans", []))]
               for p in pages.values()},
        page_sizes={p.page: (p.width, p.height) for p in pages.values()},
    )


# --------------------------------------------------------------------------- names of the legal bases


@functools.lru_cache(maxsize=1)
def _legal_names() -> tuple[tuple[str, str], ...]:
    """(folded, canonical) for the names by which the bundled legal bases are cited ("Luật Tổ chức
    chính quyền địa phương"): a misread tone mark in one of them would lose the citation."""
    import yaml


    path = RULES_DIR / "legal_bases.yaml"
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("legal_bases", [])
    except (OSError, AttributeError, yaml.YAMLError):
        return ()
    names = {n for e in entries for n in e.get("names", []) if len(n) >= 10}
    return tuple(sorted(((_fold_chars(n), n) for n in names), key=lambda x: -len(x[0])))


def _fold_chars(text: str) -> str:
    """``fold`` character by character, so that positions in the folded text are those of ``text``."""

    return "".join(" " if c.isspace() else ((fold(c) or c)[:1] or c) for c in text)


def restore_legal_names(text: str) -> str:
    """Put back the diacritics of a legal basis's name that OCR misread ("chính quyên" → "chính quyền"):
    only where the text, without diacritics, is exactly that name."""
    if len(text) < 10:
        return text
    folded = _fold_chars(text)
    for key, name in _legal_names():
        start = folded.find(key)
        while start >= 0:
            end = start + len(key)
            if text[start:end] != name:
                text = text[:start] + name + text[end:]
            start = folded.find(key, end)
    return text


# --------------------------------------------------------------------------- into blocks


def _same_row(a: list[str], b: list[str]) -> bool:
    """Two readings of the same table row, allowing for a few misread letters — more of them when the
    same cells are filled ("Cơ ky chủ trì vệ" for "Cơ quan chủ trì" in a repeated header)."""
    import difflib

    x, y = _fold_chars(" ".join(a)), _fold_chars(" ".join(b))
    if x == y:
        return True
    ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    return ratio >= 0.9 or (ratio >= 0.75 and [bool(c) for c in a] == [bool(c) for c in b])


_ROMAN_DOT_BELOW = re.compile(r"^([IVX]*Ị[IVX]*)(?=\.\s)")  # "VỊ. TỔ CHỨC" for "VI."


def fix_line(text: str) -> str:
    """Two slips of the engine on headings in capitals: a Roman numeral read with a dot below its "I"
    ("VỊ." → "VI.") and a capital vowel doubled by its small twin ("TỔổ" → "TỔ")."""
    text = _ROMAN_DOT_BELOW.sub(lambda m: m.group(1).replace("Ị", "I"), text)
    out = []
    for i, c in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if out and c.islower() and out[-1].isupper() and out[-1].lower() == c and not nxt.islower():
            continue
        out.append(c)
    return "".join(out)


_CODE_AFTER_NUMBER = re.compile(r"(?<=\d[-/])[^\s,;()]+")  # "NQ/TU" of "06-NQ/TU", "QĐ-TTg" of "749/QĐ-TTg"


def fix_document_codes(text: str) -> str:
    """A document's code read with a stray foreign letter between its capitals ("06-NÑQ/TU" for
    "06-NQ/TU"): codes are ASCII capitals and "Đ", so any other capital letter between two ASCII
    capitals of a code that follows a number is dropped."""

    def clean(match: re.Match) -> str:
        code = match.group(0)
        if not re.search(r"[A-Z]{2}", code):
            return code
        return "".join(c for i, c in enumerate(code)
                       if not (c.isupper() and not c.isascii() and c not in "Đ" and 0 < i < len(code) - 1
                               and code[i - 1].isascii() and code[i - 1].isupper()
                               and code[i + 1].isascii() and code[i + 1].isupper()))

    return _CODE_AFTER_NUMBER.sub(clean, text)


def add_page(result: OcrPage, blocks: list, tables: list) -> None:
    """Append one recognised page's blocks and tables (in reading order), as ingest/pdf.py does for a PDF
    page: lines re-flowed into paragraphs and headings, a table that continues the previous page's
    table (same columns, first thing on the page) joins it, less a repeated header row."""

    page_no = result.page
    first_new = len(blocks)
    items: list[tuple[float, int, str, Any]] = [(ln["top"], i, "line", ln) for i, ln in enumerate(result.lines)]
    # a table goes before the first line (in Tesseract's reading order) below its top
    for t in result.tables:
        after = next((i for i, ln in enumerate(result.lines) if ln["top"] >= t["bbox"][1]), len(result.lines))
        items.append((t["bbox"][1], after - 0.5, "table", t))
    items.sort(key=lambda it: it[1])
    pending: list[dict] = []
    for position, (_, _, kind, payload) in enumerate(items):
        if kind == "line":
            pending.append({**payload, "text": fix_line(payload["text"])})
            continue
        blocks.extend(join_pdf_lines(pending, page_no))
        pending = []
        rows = [[clean_text(c) for c in row] for row in payload["rows"]]
        covered = {(r, c): top for r, c, top in payload.get("merged_down", ())}
        # the header repeated on the new page is recognised even as read ("ST1T", "Cơ ky chủ trì")
        table_join.add_table(tables, blocks, rows, covered, page_no, position == 0, _same_row)
    blocks.extend(join_pdf_lines(pending, page_no))
    for block in blocks[first_new:]:
        block.text = fix_document_codes(restore_legal_names(block.text))
        if block.cells is not None:
            block.cells[:] = [fix_document_codes(restore_legal_names(c)) for c in block.cells]


# --------------------------------------------------------------------------- PDF pages and image files


def page_without_text(page) -> bool:
    """The page has (almost) no text layer but an image: a scanned page. Object types are counted through the
    raw API (cheap); the text page is loaded only for a page with an image and at most a few text objects (a
    page number stamped on a scan)."""
    import pypdfium2.raw as raw

    texts = images = 0
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        kind = raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i))
        texts += kind == raw.FPDF_PAGEOBJ_TEXT
        images += kind in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM)
        if texts > 5:
            break
    if not images or texts > 5:
        return False
    if texts:
        textpage = page.get_textpage()
        chars = textpage.count_chars()
        text = textpage.get_text_range() if chars else ""
        textpage.close()
        if len(text.strip()) >= 20:
            return False
    return bool(images and any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)))


def _pdf_page_dpi(page) -> int:
    """The resolution of the page's largest image (a scan's own dpi), at most 300."""
    import pypdfium2.raw as raw

    width_pt = page.get_width()
    best = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            px = obj.get_px_size()[0]
            left, _, right, _ = obj.get_bounds()
        except Exception:
            continue
        if right - left > width_pt * 0.5:
            best = max(best, int(px * 72 / (right - left)))
    return min(OCR_DPI, max(MIN_DPI, best or OCR_DPI))


def recognise_pdf(path: Path, document, page_numbers: list[int]) -> tuple[dict[int, OcrPage], OcrSummary]:
    version = require_tesseract(path.name)

    def load(n: int):
        page = document[n - 1]
        dpi = _pdf_page_dpi(page)
        image = page.render(scale=dpi / 72).to_pil()
        return image, dpi

    pages = recognise_pages(path, page_numbers, load)
    return pages, summary(pages, version)


def parse_image(path: Path):
    """A scanned or photographed page (.png, .jpg, .tif; a multi-page TIFF gives several pages)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError


    version = require_tesseract(path.name)
    try:
        with Image.open(path) as img:
            frames = [f.copy() for f in ImageSequence.Iterator(img)]
            dpi_info = img.info.get("dpi")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise InputError(f"Tệp ảnh bị hỏng hoặc không đọc được: {path.name}",
                         f"Corrupt or unreadable image: {path.name}") from exc

    def load(n: int):
        image = frames[n - 1]
        dpi = int(round(dpi_info[0])) if dpi_info and dpi_info[0] and dpi_info[0] > 50 else 0
        if not dpi:  # no resolution recorded (a phone photo): assume the page is A4 wide
            dpi = int(image.width / 8.27)
        return image, dpi

    pages = recognise_pages(path, list(range(1, len(frames) + 1)), load)
    blocks: list = []
    tables: list = []
    for n in sorted(pages):
        add_page(pages[n], blocks, tables)
    number_blocks(blocks)
    doc = ParsedDocument(str(path), "image", blocks, tables, pages=len(frames))
    doc.ocr = summary(pages, version)
    return doc


def uncertain_numbers(summary_: OcrSummary | None, text: str) -> list[dict[str, Any]]:
    """The low-confidence recognised words with digits that occur in ``text``."""
    if summary_ is None or not text:
        return []
    return [u for u in summary_.uncertain if u["text"].strip(".,;:()") and u["text"].strip(".,;:()") in text]


def flag_uncertain_findings(findings: list, summary_: OcrSummary | None) -> int:
    """A finding whose evidence holds a number or date read with low confidence says so, so that
    a misread figure is never reported as an error without a warning. Returns how many were flagged."""
    flagged = 0
    for f in findings:
        hits = uncertain_numbers(summary_, f"{f.evidence} {f.message}")
        if not hits:
            continue
        words = ", ".join(f"“{u['text']}” (trang {u['page']}, {u['conf']:.0f}%)" for u in hits[:3])
        f.message += (f" [Lưu ý OCR: {words} được nhận dạng từ bản scan với độ tin cậy thấp — hãy đối chiếu "
                      f"bản giấy trước khi kết luận / OCR note: read from a scan with low confidence, check the "
                      f"paper copy]")
        f.details["ocr_uncertain"] = hits
        flagged += 1
    return flagged
