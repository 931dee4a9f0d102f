"""Hostile test files: decompression bombs shaped like real Word/PDF drafts.

``docx_bomb(path, expanded)``: a valid .docx (made by python-docx) whose word/document.xml is padded with
``expanded`` bytes of repeated paragraphs, deflated ~1000× (a 2 GiB part is ~2 MB on disk).
``pdf_bomb(path, expanded)``: a one-page PDF whose content stream inflates to ``expanded`` bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

_PARA = (b'<w:p><w:r><w:t xml:space="preserve">Nhi\xe1\xbb\x87m v\xe1\xbb\xa5 chuy\xe1\xbb\x83n \xc4\x91\xe1\xbb\x95i '
         b's\xe1\xbb\x91 c\xe1\xba\xa5p x\xc3\xa3 giai \xc4\x91o\xe1\xba\xa1n 2026-2030.</w:t></w:r></w:p>')


def _base_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("ĐỀ ÁN Chuyển đổi số xã Hòa Bình đến năm 2030", level=1)
    document.add_paragraph("I. SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_with_body(path: Path, write_body) -> Path:
    """The base .docx with word/document.xml's body written by ``write_body(fh)``, streamed (little memory)."""
    base = zipfile.ZipFile(io.BytesIO(_base_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            data = base.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            member = zipfile.ZipInfo("word/document.xml", date_time=info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with out.open(member, "w", force_zip64=True) as fh:
                fh.write(head + b"<w:body>")
                write_body(fh)
                fh.write(tail)
    return path


def docx_bomb(path: Path, expanded: int) -> Path:
    """Rewrite word/document.xml with ``expanded`` bytes of one repeated paragraph (compresses ~1000×)."""
    block = _PARA * (4 * 1024 * 1024 // len(_PARA))

    def body(fh) -> None:
        written = 0
        while written < expanded:
            fh.write(block)
            written += len(block)

    return _docx_with_body(path, body)


_WORDS = ("chuyển đổi số xã phường tỉnh kế hoạch nhiệm vụ kinh phí ngân sách dữ liệu hạ tầng nền tảng người dân "
          "doanh nghiệp dịch vụ công trực tuyến chính quyền kinh tế xã hội số hóa hồ sơ thủ tục năm giai đoạn").split()


def docx_text_flood(path: Path, expanded: int, seed: int = 7) -> Path:
    """A .docx whose body is ``expanded`` bytes of ordinary-looking paragraphs (varied words, so it compresses
    like real text, ~5-30×, under every bomb ratio): a small file with far more text than any plan."""
    import random

    rnd = random.Random(seed)

    def body(fh) -> None:
        written = 0
        while written < expanded:
            words = " ".join(rnd.choice(_WORDS) for _ in range(60))
            para = f"<w:p><w:r><w:t>{words}.</w:t></w:r></w:p>".encode()
            fh.write(para)
            written += len(para)

    return _docx_with_body(path, body)


def pdf_bomb(path: Path, expanded: int) -> Path:
    """A one-page PDF whose content stream (text drawing operators, spaces) inflates to ``expanded`` bytes."""
    deflate = zlib.compressobj(9)
    parts = [deflate.compress(b"BT /F1 12 Tf 72 720 Td (De an chuyen doi so) Tj ET\n")]
    chunk = b" " * (8 * 1024 * 1024)
    for _ in range(max(1, expanded // len(chunk))):
        parts.append(deflate.compress(chunk))
    parts.append(deflate.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path
