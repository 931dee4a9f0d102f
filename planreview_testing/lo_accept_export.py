"""Run by the system Python (it has LibreOffice's ``uno``): each .docx opened in one headless LibreOffice, all its
tracked changes accepted, its text exported as UTF-8 — what a reader sees in LibreOffice.

    /usr/bin/python3 planreview_testing/lo_accept_export.py OUTDIR FILE.docx [FILE.docx ...]

Writes OUTDIR/<i>.txt for the i-th file (0-based), or OUTDIR/<i>.err with the reason it could not. One office
process for all files (starting one costs seconds); a fresh user profile, removed at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401 — the system Python's LibreOffice bridge
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    end = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 — the office is still starting
            if time.monotonic() > end:
                raise
            time.sleep(0.3)


class _Office:
    """One headless LibreOffice on a private pipe and profile; started again if a document crashes it."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="lo-oracle-"))
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self):
        self.starts += 1
        pipe = f"planreview_oracle_{os.getpid()}_{self.starts}"
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             f"-env:UserInstallation=file://{self.profile}", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ctx = _connect(pipe)
        smgr = ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(Exception):  # the bridge closes as the office quits
            self.desktop.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def export(self, path: Path, target: Path) -> None:
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(path)), "_blank", 0,
                                                (_prop("Hidden", True), _prop("ReadOnly", False)))
        if doc is None:
            raise RuntimeError("LibreOffice could not open the file")
        try:
            # comments are no text of the export; removed first (accepting changes beside them crashes 7.4)
            fields = doc.getTextFields().createEnumeration()
            notes = []
            while fields.hasMoreElements():
                field = fields.nextElement()
                if field.supportsService("com.sun.star.text.TextField.Annotation"):
                    notes.append(field)
            for field in notes:
                field.getAnchor().getText().removeTextContent(field)
            if doc.getRedlines().createEnumeration().hasMoreElements():
                frame = doc.getCurrentController().getFrame()
                self.dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
            doc.storeToURL(uno.systemPathToFileUrl(str(target)),
                           (_prop("FilterName", "Text (encoded)"), _prop("FilterOptions", "UTF8,LF,,,")))
        finally:
            doc.close(True)


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    files = [Path(a).resolve() for a in argv[1:]]
    out.mkdir(parents=True, exist_ok=True)
    office = _Office()
    try:
        office.start()
        for i, path in enumerate(files):
            try:
                office.export(path, out / f"{i}.txt")
            except Exception as exc:  # noqa: BLE001 — reported per file; a crashed office is started again
                (out / f"{i}.err").write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                if "Disposed" in type(exc).__name__ or "Runtime" in type(exc).__name__:
                    if office.process is not None:
                        office.process.kill()
                        office.process.wait()
                        office.process = None
                    office.start()
    finally:
        office.stop()
        shutil.rmtree(office.profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
