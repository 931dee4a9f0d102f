"""The output folder of one review: checked before the review runs, written all at once.

* ``check_output_folder`` (before the review): the draft is readable, the output path is a writable folder
  (or can be created), no output name would replace the draft, and the folder does not hold another
  draft's results (unless ``overwrite``).
* ``publish`` (after the review): every output is rendered into a hidden temporary folder inside the
  target; only when all writers succeeded are the files renamed into place (the previous results of the
  same folder are moved away first and deleted last). A failing writer leaves the old results intact and
  nothing half-written behind.

A small marker file (``.planreview.json``) names the draft a folder's results belong to and the files
written, so a later review of another draft is refused and an ``--overwrite`` removes exactly those files.
Only files the marker lists are ever replaced: a file of the same name that planreview did not write (the
council's own memo.md) is refused by name, unless ``overwrite``. Publishing holds a lock on the folder and
checks both again under it, so two reviews started at once into one folder never silently lose a result.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.core.errors import InputError

MARKER = ".planreview.json"
TMP_PREFIX = ".planreview-tmp-"
# files a review writes (the annotated copy is "<draft stem>.annotated.docx", or .pdf for PDFs and scans;
# a second round adds "<draft stem>.redline.docx")
RESULT_NAMES = ("memo.md", "memo.html", "memo.docx", "findings.json", "tasks.csv", "tasks.xlsx",
                "draft.snapshot.json")


def output_names(draft: Path) -> list[str]:
    names = list(RESULT_NAMES) + [f"{draft.stem}.redline.docx"]
    if draft.suffix.lower() in (".docx", ".doc", ".rtf", ".odt"):
        names.append(f"{draft.stem}.annotated.docx")
    elif draft.suffix.lower() in (".xlsx", ".xls", ".ods"):
        names.append(f"{draft.stem}.annotated.xlsx")
    else:
        names.append(f"{draft.stem}.annotated.pdf")
    return names


def read_marker(folder: Path) -> dict:
    """The marker of a results folder; for results written before markers existed, what findings.json says."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        doc = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["document"]
        draft = Path(doc["path"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {"draft": str(draft.resolve()), "files": output_names(draft)}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_draft_readable(draft: Path) -> None:
    if not draft.exists():
        raise InputError(f"Không tìm thấy tệp: {draft}", f"File not found: {draft}")
    if draft.is_dir():
        raise InputError(f"Đây là thư mục, không phải tệp: {draft}", f"This is a folder, not a file: {draft}")
    try:
        with draft.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise InputError(f"Không đọc được tệp dự thảo ({exc.strerror}): {draft}",
                         f"Cannot read the draft ({exc.strerror}): {draft}") from exc


def check_writable_folder(out: Path) -> None:
    """``out`` is a folder we can write into, or can be created; raise InputError otherwise."""
    if out.exists() and not out.is_dir():
        raise InputError(f"Đường dẫn kết quả là một tệp, không phải thư mục: {out}",
                         f"The output path is a file, not a folder: {out}")
    probe_dir = out
    while not probe_dir.exists():  # the nearest existing ancestor must let us create the folder
        if probe_dir.parent == probe_dir:
            break
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir():
        raise InputError(f"Không tạo được thư mục kết quả ({probe_dir} là một tệp): {out}",
                         f"Cannot create the output folder ({probe_dir} is a file): {out}")
    try:
        with tempfile.TemporaryFile(dir=probe_dir, prefix=TMP_PREFIX):
            pass
    except OSError as exc:
        raise InputError(f"Không ghi được vào thư mục kết quả ({exc.strerror}): {out}",
                         f"The output folder is not writable ({exc.strerror}): {out}") from exc


def foreign_files(draft: Path, out: Path) -> list[str]:
    """Files in ``out`` with the name of an output of ``draft`` that planreview did not write there (the folder's
    marker does not list them): the user's own, never to be replaced without ``--overwrite``."""
    if not out.is_dir():
        return []
    ours = set(read_marker(out).get("files", []))
    return [name for name in output_names(draft) if name not in ours and (out / name).exists()]


def _refuse_other_draft(draft: Path, out: Path) -> None:
    owner = read_marker(out).get("draft")
    if owner and not _same_file(Path(owner), draft) and owner != str(draft.resolve()):
        raise InputError(f"Thư mục {out} đang chứa kết quả của dự thảo khác ({Path(owner).name}); chọn thư mục "
                         "khác bằng -o hoặc thêm --overwrite để thay thế",
                         f"{out} holds the results of another draft ({Path(owner).name}); choose another folder "
                         "with -o or add --overwrite to replace them")


def _refuse_foreign(draft: Path, out: Path) -> None:
    foreign = foreign_files(draft, out)
    if foreign:
        names = ", ".join(foreign)
        raise InputError(f"Thư mục {out} có tệp không do planreview ghi ({names}); không ghi đè — chọn thư mục "
                         "khác bằng -o hoặc thêm --overwrite để thay thế",
                         f"{out} holds files planreview did not write ({names}); nothing overwritten — choose "
                         "another folder with -o or add --overwrite to replace them")


def check_output_folder(draft: Path, out: Path, overwrite: bool = False) -> None:
    """Everything about the draft and the output folder that can be checked before the review runs."""
    check_draft_readable(draft)
    check_writable_folder(out)
    for name in output_names(draft) + [MARKER]:
        if _same_file(out / name, draft):
            raise InputError(f"Kết quả sẽ ghi đè lên chính dự thảo ({name}); hãy chọn thư mục khác bằng -o: {out}",
                             f"The outputs would overwrite the draft itself ({name}); choose another folder "
                             f"with -o: {out}")
    if overwrite or not out.is_dir():
        return
    _refuse_other_draft(draft, out)
    _refuse_foreign(draft, out)


@contextlib.contextmanager
def folder_lock(out: Path):
    """An exclusive lock on the folder itself (flock on its descriptor, no lock file left behind): a second
    review publishing into the same folder waits until the first has finished."""
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def check_attached(files: list[Path], out: Path) -> None:
    """The other files of a submission (appendices, the decision): readable, and none overwritten by an output."""
    for f in files:
        check_draft_readable(f)
        for name in output_names(f):
            if _same_file(out / name, f):
                raise InputError(f"Kết quả sẽ ghi đè lên tệp của hồ sơ ({name}); hãy chọn thư mục khác bằng -o: {out}",
                                 f"The outputs would overwrite a file of the submission ({name}); choose another "
                                 f"folder with -o: {out}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temps(out: Path) -> None:
    """Temporary folders left by a killed run (their process is gone)."""
    for tmp in out.glob(TMP_PREFIX + "*"):
        try:
            pid = int(tmp.name[len(TMP_PREFIX):].split("-")[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _pid_alive(pid) and tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)


def publish(draft: Path, out: Path, render: Callable[[Path], dict[str, Path]],
            overwrite: bool = False) -> dict[str, Path]:
    """Run ``render(tmp_folder)`` (it writes every output into the folder and returns their paths), then
    move the outputs into ``out`` together, replacing the folder's previous results — under the folder's lock,
    after checking again that the folder holds no other draft's results and no file planreview did not write
    (unless ``overwrite``)."""
    draft = Path(draft)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=out))
    try:
        produced = render(tmp)
        with folder_lock(out):
            if not overwrite:
                _refuse_other_draft(draft, out)
                _refuse_foreign(draft, out)
            return _move_into_place(draft, out, tmp, produced)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_into_place(draft: Path, out: Path, tmp: Path, produced: dict[str, Path]) -> dict[str, Path]:
    """The rendered outputs renamed into ``out`` together; the previous results moved aside first and put back
    if anything fails."""
    previous = read_marker(out)
    stale = set(previous.get("files", [])) | {p.name for p in produced.values()}
    backup = tmp / ".previous"
    backup.mkdir()
    moved: list[str] = []
    try:
        for name in sorted(stale):
            target = out / name
            if target.is_file() and not _same_file(target, draft):
                os.replace(target, backup / name)
                moved.append(name)
        for path in produced.values():
            os.replace(path, out / path.name)
        marker = tmp / MARKER
        marker.write_text(json.dumps({"draft": str(draft.resolve()),
                                      "files": sorted(p.name for p in produced.values())},
                                     ensure_ascii=False), encoding="utf-8")
        os.replace(marker, out / MARKER)
    except BaseException:
        for path in produced.values():  # put the previous results back
            with contextlib.suppress(OSError):
                if (out / path.name).exists() and not (path.exists()):
                    os.replace(out / path.name, path)
        for name in moved:
            with contextlib.suppress(OSError):
                os.replace(backup / name, out / name)
        raise
    return {key: out / path.name for key, path in produced.items()}
