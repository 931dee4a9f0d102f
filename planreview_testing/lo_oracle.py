"""What LibreOffice shows of a .docx, all changes accepted: the oracle of the .docx reader.

:func:`libreoffice_lines` hands every file not yet cached to ONE headless LibreOffice (lo_accept_export.py, run by
the system Python that has LibreOffice's ``uno`` bridge), which accepts all tracked changes and exports the text;
the result is cached by the file's SHA-256 under ``$PLANREVIEW_TEST_CACHE`` (default ~/.cache/planreview-tests),
so a rerun of the tests costs no office at all.

Comments are taken out of the copy LibreOffice opens: they are not text of the document (LibreOffice's text
export leaves them out too), and LibreOffice 7.4 driven through UNO crashes on loading a .docx with comments.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"
_COMMENT_MARKUP = re.compile(rb"<w:commentRange(?:Start|End)\b[^>]*/>|<w:r>(?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?"
                             rb"<w:commentReference\b[^>]*/></w:r>|<w:commentReference\b[^>]*/>", re.S)


def cache_dir() -> Path:
    root = os.environ.get("PLANREVIEW_TEST_CACHE") or str(Path.home() / ".cache" / "planreview-tests")
    return Path(root) / "lo-text"


def available() -> bool:
    """soffice and the system Python's uno bridge are both there."""
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def _without_comments(source: Path, target: Path) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = _COMMENT_MARKUP.sub(b"", data)
            zout.writestr(info, data)


def content_key(path: Path) -> str:
    """SHA-256 of the package's parts (names and bytes, not the zip's timestamps: a draft generated again is the
    same draft)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.startswith("docProps/"):  # dates and counts of a save, no text
                continue
            digest.update(name.encode() + b"\0" + z.read(name) + b"\0")
    return digest.hexdigest()


def libreoffice_text(paths: list[Path], timeout: float = 600) -> dict[Path, str | None]:
    """Each file's text as LibreOffice exports it after accepting all changes (None: LibreOffice could not)."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    keys = {p: content_key(p) for p in paths}
    todo = [p for p in paths if not (cache / f"{keys[p]}.txt").exists() and not (cache / f"{keys[p]}.err").exists()]
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            copies = []
            for i, p in enumerate(todo):
                copy = Path(tmp) / f"in{i}.docx"
                _without_comments(p, copy)
                copies.append(str(copy))
            out = Path(tmp) / "out"
            subprocess.run([SYSTEM_PYTHON, str(HERE / "lo_accept_export.py"), str(out), *copies], check=True,
                           timeout=timeout, capture_output=True)
            for i, p in enumerate(todo):
                done = out / f"{i}.txt"
                if done.exists():
                    shutil.copyfile(done, cache / f"{keys[p]}.txt")
                else:
                    (cache / f"{keys[p]}.err").write_text("failed", encoding="utf-8")
    result: dict[Path, str | None] = {}
    for p in paths:
        found = cache / f"{keys[p]}.txt"
        result[p] = found.read_text(encoding="utf-8-sig") if found.exists() else None
    return result


def libreoffice_roundtrip(paths: list[Path], timeout: float = 600) -> list[Path]:
    """Each .docx as LibreOffice writes it again ("MS Word 2007 XML": its own numbering.xml, lists, text boxes
    and notes), converted in one soffice call and cached by the source's content key."""
    cache = cache_dir().parent / "lo-roundtrip"
    cache.mkdir(parents=True, exist_ok=True)
    keys = {p: content_key(p) for p in paths}
    todo = [p for p in paths if not (cache / f"{keys[p]}.docx").exists()]
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            sources = []
            for i, p in enumerate(todo):
                copy = Path(tmp) / f"in{i}.docx"
                _without_comments(p, copy)
                sources.append(str(copy))
            out = Path(tmp) / "out"
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *sources],
                           check=True, timeout=timeout, capture_output=True)
            for i, p in enumerate(todo):
                made = out / f"in{i}.docx"
                if made.exists():
                    shutil.copyfile(made, cache / f"{keys[p]}.docx")
    return [cache / f"{keys[p]}.docx" for p in paths if (cache / f"{keys[p]}.docx").exists()]


# ------------------------------------------------------------------------------------------------ comparison

_SPACE = re.compile(r"\s+")
# LibreOffice draws a bullet list's symbol into its text export; planreview marks the paragraph a list item instead
_LO_BULLET = re.compile(r"^[•◦▪■□●○‣⁃∙➢➤✓✔❖◆◇►]\s*")
_ROMAN_LEGAL = re.compile(r"^([IVXLC]+)((?:\.\d+)+\.?)(?=\s|$)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def normal(line: str) -> str:
    """A line modulo whitespace (and Unicode composition)."""
    import unicodedata

    return _SPACE.sub(" ", unicodedata.normalize("NFC", line)).strip()


def _roman_value(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES.get(b, 0) > v else v
    return total


def explained(ours: str, lo: str, encoding: str | None = None) -> str | None:
    """Why a paragraph planreview reads differs from LibreOffice's on purpose (None: it should not differ);
    ``encoding``: the legacy encoding LibreOffice's whole text shows, if any."""
    from pipeline.ingest.legacy_fonts import convert

    if encoding and normal(convert(lo, encoding)).casefold() == ours.casefold():
        return ("a legacy Vietnamese font (TCVN3, VNI): LibreOffice shows the font's glyph codes, planreview "
                "converts them to Unicode")
    m = _ROMAN_LEGAL.match(lo)
    if m and ours == f"{_roman_value(m.group(1))}{m.group(2)}{lo[m.end():]}":
        return ("w:isLgl: Word draws a legal level's counters as decimals (1.1.); LibreOffice 7.4 keeps the "
                "parent level's Roman numeral (I.1.)")
    return None


def lo_lines(text: str) -> list[str]:
    return [x for x in (normal(_LO_BULLET.sub("", normal(line))) for line in text.split("\n")) if x]


def our_lines(path: Path) -> list[str]:
    """The paragraphs planreview reads, in LibreOffice's view (no text boxes, notes as their reference marks, no
    page header: the three things LibreOffice's text export leaves out)."""
    import docx

    from pipeline.ingest.docx import read_document
    from pipeline.ingest.docx_body import Options

    reading = read_document(docx.Document(str(path)), Options(lo_view=True))
    return [x for x in (normal(line) for line in reading.lines) if x]


def differences(ours: list[str], lo: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(pairs that differ unexplained, pairs that differ with their reason). An added or missing paragraph is paired
    with ""."""
    import difflib

    from pipeline.ingest.legacy_fonts import detect_by_content

    encoding = detect_by_content(" ".join(lo))
    wrong: list[tuple[str, str]] = []
    why: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, lo, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        a, b = ours[i1:i2], lo[j1:j2]
        for k in range(max(len(a), len(b))):
            x = a[k] if k < len(a) else ""
            y = b[k] if k < len(b) else ""
            reason = explained(x, y, encoding) if x and y else None
            if reason:
                why.append((x, y, reason))
            else:
                wrong.append((x, y))
    return wrong, why
