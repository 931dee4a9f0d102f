"""Files uploaded to the web page: safe names, the checks done before a job is queued (type, count, clashes),
and .zip archives unpacked inside the job's worker process (a submission's files; a batch's folders), within
the size limits — a hostile archive is refused there, never in the server."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from pipeline.core.errors import InputError
from pipeline.core.formats import SUPPORTED, listed
from pipeline.ingest.safe_zip import EXPANSION, check_zip

ZIP = ".zip"
MAX_FILES = 20  # files of one submission (a plan, its appendices and the decision issuing it)
MAX_BATCH_FILES = 200  # drafts of one batch upload (a .zip may hold more folders; all within the size limits)
TOO_LARGE = "Tệp quá lớn"  # how a refusal for size begins (answered with 413)
REQUEST_FILES = 20  # one request may carry this many files' size limit (each file alone is held to the limit)


def request_limit(max_mb: float) -> int:
    """The largest request body: REQUEST_FILES files at the size limit (a submission, a province's drafts)."""
    return int(max_mb * 1024 * 1024) * REQUEST_FILES


def size_of(upload) -> int:
    """An uploaded file's size in bytes (its stream, spooled by the server, measured without reading it)."""
    stream = upload.stream
    here = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(here)
    return size


def safe_name(name: str) -> str:
    """Keep Vietnamese letters, digits, spaces, dots, dashes; drop any path."""
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^\w .\-()]", "_", name, flags=re.UNICODE).strip(" .")
    return name or "du-thao"


def check_names(uploaded: list, suffixes: tuple[str, ...], max_files: int,
                max_bytes: int | None = None) -> tuple[list[str], str]:
    """The safe names of the chosen files, or a bilingual one-line reason to refuse them (each file at most
    ``max_bytes``, as the command line's --max-size-mb)."""
    names = [safe_name(f.filename) for f in uploaded]
    for f, name in zip(uploaded, names):
        if max_bytes is not None and size_of(f) > max_bytes:
            mb = f"{max_bytes / 1048576:g}"
            return names, f"{TOO_LARGE} (tối đa {mb} MB): {name} / File too large (max {mb} MB): {name}"
    for name in names:
        if Path(name).suffix.lower() not in suffixes:
            allowed = listed() + (", .zip" if ZIP in suffixes else "")
            return names, (f"Định dạng không được hỗ trợ: {name} (chỉ {allowed}) / "
                           f"Unsupported file type: {name} (use {allowed})")
    if len({n.casefold() for n in names}) != len(names):
        return names, "Hai tệp trùng tên / Two files have the same name"
    if len(uploaded) > max_files:
        return names, f"Tối đa {max_files} tệp một lần / At most {max_files} files at once"
    return names, ""


def refusal_code(problem: str) -> int:
    return 413 if problem.startswith(TOO_LARGE) else 400


def chosen(files: list) -> list:
    """The file fields the user actually filled."""
    return [f for f in files if f is not None and f.filename]


def save(uploaded: list, names: list[str], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f, name in zip(uploaded, names):
        f.save(str(folder / name))
        paths.append(folder / name)
    return paths


def _member_path(name: str) -> PurePosixPath | None:
    """A member's path made safe (each part as safe_name; no absolute path, no '..'), None for what is skipped
    (folders, hidden files, macOS resource forks, unsupported types)."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("", ".", "/")]
    if not parts or name.endswith("/") or ".." in parts:
        return None
    if any(p.startswith((".", "~$")) or p == "__MACOSX" for p in parts):
        return None
    if PurePosixPath(parts[-1]).suffix.lower() not in SUPPORTED:
        return None
    return PurePosixPath(*[safe_name(p) for p in parts])


def _decoded(info: zipfile.ZipInfo) -> str:
    """The member's name as its author typed it: Windows' zip tools write Vietnamese names in UTF-8 without
    the flag, which zipfile then reads as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def unpack(archive: Path, dest: Path, max_bytes: int, keep_folders: bool) -> list[Path]:
    """The supported files of ``archive`` written under ``dest`` (in the archive's folders, or all in ``dest``
    itself with -2, -3 … on a clash); refuses a bomb or a broken archive with a bilingual InputError."""
    if not zipfile.is_zipfile(archive):
        raise InputError(f"Tệp .zip hỏng hoặc không phải .zip: {archive.name}",
                         f"Broken or not a .zip archive: {archive.name}")
    check_zip(archive, EXPANSION * max_bytes)
    out: list[Path] = []
    taken: set[str] = set()
    with zipfile.ZipFile(archive) as zf:
        members = [(info, rel) for info in zf.infolist() if (rel := _member_path(_decoded(info))) is not None]
        tops = {rel.parts[0] for _, rel in members}
        strip = len(tops) == 1 and all(len(rel.parts) > 1 for _, rel in members)  # a zipped folder: its insides
        for info, rel in members:
            if strip:
                rel = PurePosixPath(*rel.parts[1:])
            if info.file_size > max_bytes:
                raise InputError(f"Tệp trong .zip quá lớn (tối đa {max_bytes // 1048576} MB): {rel}",
                                 f"A file in the .zip is too large (max {max_bytes // 1048576} MB): {rel}")
            rel = rel if keep_folders else PurePosixPath(rel.name)
            key, n = str(rel).casefold(), 2
            while key in taken:
                rel = rel.with_name(f"{PurePosixPath(rel.name).stem}-{n}{rel.suffix}")
                key, n = str(rel).casefold(), n + 1
            taken.add(key)
            target = dest.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            out.append(target)
    if not out:
        raise InputError(f"Tệp .zip không có dự thảo nào ({listed()}): {archive.name}",
                         f"The .zip holds no drafts ({listed()}): {archive.name}")
    return out


def unpack_all(folder: Path, max_bytes: int, keep_folders: bool) -> list[Path]:
    """The files of ``folder`` in upload order, each .zip replaced by its files (unpacked into a folder named
    after it, or into ``folder`` itself when it is the only upload; already unpacked ones, after a restart, are
    read from there)."""
    files = []
    entries = sorted(folder.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name))
    for path in entries:
        if path.is_file() and path.suffix.lower() == ZIP:
            dest = folder if len(entries) == 1 else folder / (safe_name(path.stem) + "-zip")
            if dest != folder:
                shutil.rmtree(dest, ignore_errors=True)  # a half-unpacked archive of an interrupted run
            files += unpack(path, dest, max_bytes, keep_folders)
            path.unlink()
        elif path.is_dir():
            files += sorted(f for f in path.rglob("*") if f.is_file())
        elif path.is_file():
            files.append(path)
    return files
