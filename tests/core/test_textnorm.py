"""The one text normaliser (pipeline/textnorm.py) and its use at parse time."""

import unicodedata

import pytest
from docx import Document

from pipeline.core.textnorm import fold, match_word, normalize_text
from pipeline.ingest.read import parse_file


@pytest.mark.parametrize(("raw", "expected"), [
    ("hoá", "hóa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ lợi", "thủy lợi"), ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("khoẻ", "khỏe"), ("HOÁ", "HÓA"), ("xã hội hoá;", "xã hội hóa;"),
    # the same in both conventions: closed syllables, "qu", "ua"
    ("hoàn thành", "hoàn thành"), ("thuyết minh", "thuyết minh"), ("quý II", "quý II"), ("của mùa", "của mùa"),
    ("a\u00a0 b\tc", "a b c"), ("2021 – 2025", "2021 - 2025"), ("“Đề án”", '"Đề án"'), ("x\x07y\u200b", "xy"),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected
    assert normalize_text(unicodedata.normalize("NFD", raw)) == expected


def test_fold_and_match_word():
    assert fold("Luật  Đất đai") == "luat dat dai"
    assert match_word("“2025”,") == "0"
    assert match_word("(Số)") == "số"


def test_nfd_docx_reads_like_nfc(tmp_path):
    lines = ["KẾ HOẠCH", "Chuyển đổi số xã Tân Hoà năm 2026", "I. MỤC TIÊU", "Đến năm 2026, 100% hồ sơ được số hoá."]
    paths = []
    for form in ("NFC", "NFD"):
        doc = Document()
        for line in lines:
            doc.add_paragraph(unicodedata.normalize(form, line))
        path = tmp_path / f"{form}.docx"
        doc.save(path)
        paths.append(path)
    nfc, nfd = (parse_file(p) for p in paths)
    assert [b.text for b in nfd.blocks] == [b.text for b in nfc.blocks]
    assert nfd.blocks[-1].text.endswith("được số hóa.")
    assert all(unicodedata.is_normalized("NFC", b.text) for b in nfd.blocks)
