"""Old and open word-processor formats (.doc, .rtf, .odt) → .docx with LibreOffice headless.

The conversion runs with a private, throw-away LibreOffice profile (so it neither uses nor disturbs
the user's own LibreOffice, and several can run at once), under a time limit (the whole process
group is killed past it) and, where the system allows it, without network (a new network namespace).
Results are cached by the file's SHA-256. The converted .docx is then parsed, reviewed and
annotated like any .docx.

LibreOffice is optional: without it (Debian ``libreoffice-writer-nogui``) such a file is refused with
a one-line message naming the package, and everything else works as before.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.formats import CONVERTED_SUFFIXES  # noqa: F401  (.doc, .rtf, .odt)
from pipeline.core.user_cache import cache_root, file_sha256
from pipeline.ingest.docx import parse_docx
from pipeline.ingest.safe_zip import check_package
from pipeline.ingest.xlsx import parse_xlsx

TIMEOUT_S = 120
_FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML",
            "docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "pdf": "pdf:writer_pdf_Export",
            "odt": "odt", "rtf": "rtf"}


def soffice_path() -> str | None:
    """LibreOffice's ``soffice`` when installed (``PLANREVIEW_NO_LIBREOFFICE`` hides it, for tests)."""
    if os.environ.get("PLANREVIEW_NO_LIBREOFFICE"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_libreoffice_error(name: str) -> InputError:
    return InputError(
        f"Cần LibreOffice để đọc {name} nhưng chưa cài; hãy cài gói Debian 'libreoffice-writer-nogui' "
        f"(apt-get install libreoffice-writer-nogui) hoặc lưu lại thành .docx",
        f"{name} needs LibreOffice, which is not installed; install the Debian package 'libreoffice-writer-nogui' "
        f"(apt-get install libreoffice-writer-nogui) or save the file as .docx",
    )


@functools.lru_cache(maxsize=1)
def _no_network_prefix() -> tuple[str, ...]:
    """``unshare`` into an empty network namespace when the system lets us (root, or user namespaces)."""
    tool = shutil.which("unshare")
    if not tool:
        return ()
    for args in ((tool, "--net"), (tool, "--map-root-user", "--net")):
        try:
            if subprocess.run([*args, "true"], capture_output=True, timeout=10).returncode == 0:
                return args
        except (OSError, subprocess.SubprocessError):
            continue
    return ()


def libreoffice_convert(source: Path, target_ext: str, out_path: Path, timeout: float = TIMEOUT_S) -> Path:
    """Convert ``source`` to ``target_ext`` (docx, doc, pdf, odt, rtf) and write it to ``out_path``."""
    soffice = soffice_path()
    if soffice is None:
        raise missing_libreoffice_error(source.name)
    with tempfile.TemporaryDirectory(prefix="planreview-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input{source.suffix.lower()}"  # a plain name: no option-like or odd characters
        shutil.copyfile(source, src)
        cmd = [*_no_network_prefix(), soffice, "--headless", "--invisible", "--norestore", "--nologo",
               "--nodefault", "--nolockcheck", "--nofirststartwizard",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", _FILTERS.get(target_ext, target_ext), "--outdir", str(work / "out"), str(src)]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            env.pop(var, None)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise InputError(f"LibreOffice chuyển đổi quá {timeout:.0f} giây, đã dừng: {source.name}",
                             f"LibreOffice took more than {timeout:.0f} s to convert, stopped: {source.name}") from exc
        result = work / "out" / f"input.{target_ext}"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise InputError(
                f"LibreOffice không chuyển đổi được tệp (hỏng hoặc có mật khẩu?), hãy mở bằng Word và lưu lại thành "
                f".docx: {source.name}",
                f"LibreOffice could not convert the file (corrupt or password-protected?); open it in Word and save "
                f"it as .docx: {source.name}" + (f" ({detail[0][:120]})" if detail else ""),
            )
        out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = out_path.with_name(f".{out_path.name}.tmp-{os.getpid()}")
        shutil.copyfile(result, tmp_out)
        os.replace(tmp_out, out_path)
    return out_path


def _cache_dir() -> Path:
    return cache_root() / "converted"


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (and other Office binaries)


def check_signature(path: Path) -> None:
    """Refuse a file whose first bytes are not those of its format: LibreOffice would otherwise read
    any bytes as plain text and the review would be about garbage. A .doc may really be Word 97-2003,
    RTF, HTML or Word 2003 XML (all saved as ".doc" by office software), or a renamed .docx."""
    import zipfile

    with path.open("rb") as fh:
        head = fh.read(512)
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    suffix = path.suffix.lower()
    ok = {
        ".doc": head.startswith(_OLE) or text_head.startswith((b"{\\rtf", b"<html", b"<!doctype", b"<?xml"))
        or zipfile.is_zipfile(path),
        ".rtf": text_head.startswith(b"{\\rtf"),
        ".odt": zipfile.is_zipfile(path),
    }.get(suffix, True)
    if not ok:
        raise InputError(f"Tệp không phải văn bản {suffix} hợp lệ (phần đầu tệp không đúng định dạng), hãy mở bằng "
                         f"Word và lưu lại thành .docx: {path.name}",
                         f"Not a valid {suffix} file (its first bytes do not match the format); open it in Word and "
                         f"save it as .docx: {path.name}")


def to_docx(path: Path) -> Path:
    """The .docx LibreOffice makes of ``path`` (cached by content)."""

    check_signature(path)
    if soffice_path() is None:
        raise missing_libreoffice_error(path.name)
    target = _cache_dir() / f"{file_sha256(path)}.docx"
    if target.exists() and target.stat().st_size:
        return target
    return libreoffice_convert(path, "docx", target)


def parse_converted(path: Path):
    """Parse a .doc/.rtf/.odt as the .docx LibreOffice makes of it; the document keeps its own path
    and remembers the converted file (the annotated copy is written from it)."""

    converted = to_docx(path)
    doc = parse_docx(converted)
    doc.path = str(path)
    doc.converted_path = str(converted)
    return doc


def missing_calc_error(name: str) -> InputError:
    return InputError(
        f"Cần LibreOffice Calc để đọc {name} nhưng chưa cài; hãy cài gói Debian 'libreoffice-calc-nogui' "
        f"(apt-get install libreoffice-calc-nogui) hoặc lưu lại thành .xlsx",
        f"{name} needs LibreOffice Calc, which is not installed; install the Debian package 'libreoffice-calc-nogui' "
        f"(apt-get install libreoffice-calc-nogui) or save the workbook as .xlsx",
    )


def parse_converted_workbook(path: Path):
    """Parse a .xls/.ods as the .xlsx LibreOffice Calc makes of it (cached by content, like :func:`to_docx`);
    the document keeps its own path and remembers the converted workbook (the annotated copy is made from it)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not (head.startswith(_OLE) if path.suffix.lower() == ".xls" else head.startswith(b"PK")):
        raise InputError(f"Tệp không phải sổ tính {path.suffix} hợp lệ (phần đầu tệp không đúng định dạng): "
                         f"{path.name}",
                         f"Not a valid {path.suffix} workbook (its first bytes do not match the format): {path.name}")
    if soffice_path() is None:
        raise missing_libreoffice_error(path.name)
    target = _cache_dir() / f"{file_sha256(path)}.xlsx"
    if not (target.exists() and target.stat().st_size):
        try:
            libreoffice_convert(path, "xlsx", target)
        except InputError as exc:
            if "could not convert" in exc.en and not _has_calc():
                raise missing_calc_error(path.name) from exc
            raise
    check_package(target)
    doc = parse_xlsx(target)
    doc.path = str(path)
    doc.converted_path = str(target)
    return doc


def _has_calc() -> bool:
    """LibreOffice Calc is installed beside Writer (Debian splits them: libreoffice-calc-nogui)."""
    soffice = soffice_path()
    if soffice is None:
        return False
    program = Path(os.path.realpath(soffice)).parent
    return any((program / name).exists() for name in ("libsclo.so", "libscfiltlo.so"))
