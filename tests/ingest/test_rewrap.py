"""Lines of a web copy broken inside sentences are rejoined; plain text saved by Word is left alone (issue 29)."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.rewrap import looks_wrapped, rejoin
from pipeline.ingest.txt import decode_text

ROOT = Path(__file__).resolve().parents[2]
BODY = ("Chuyển đổi số là xu thế tất yếu, là động lực để tỉnh đổi mới phương thức lãnh đạo, chỉ đạo, điều hành, "
        "nâng cao chất lượng phục vụ người dân, doanh nghiệp; việc xây dựng Kế hoạch nhằm cụ thể hóa các chủ trương "
        "của Trung ương vào điều kiện thực tế của địa phương.")


def _wrapped(text: str, width: int = 78) -> list[str]:
    out, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return out + [cur]


def _copy() -> list[str]:
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH AN LÂM", "-------", "|", "Số: 43/KH-UBND", "|", "An Lâm, ngày",
             "06 tháng 6 năm 2022", "|", "KẾ HOẠCH",
             "PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ ĐẾN NĂM 2025, ĐỊNH HƯỚNG ĐẾN NĂM",
             "2030 TRÊN ĐỊA BÀN TỈNH AN LÂM", "Thực hiện Quyết định số",
             "411/QĐ-TTg ngày 31/3/2022 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như",
             "sau:", "I. MỤC TIÊU", "1. Phát triển kinh tế số"]
    for _ in range(4):
        lines += _wrapped(BODY)
    lines += ["- Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số: Chủ trì: Sở Công Thương; phối hợp:",
              "Hiệp hội doanh nghiệp tỉnh; thời gian: 2026; kinh phí: 1 tỷ 250 triệu đồng.",
              "- Phổ cập kỹ năng số cho người dân."]
    return lines


def test_web_copy_is_rejoined_without_merging_headings_or_items():
    out = [x for x in rejoin(_copy()) if x]
    assert "An Lâm, ngày 06 tháng 6 năm 2022" in out
    assert any(x.startswith("Thực hiện Quyết định số 411/QĐ-TTg ngày 31/3/2022") and x.endswith("như sau:")
               for x in out)
    assert "PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ ĐẾN NĂM 2025, ĐỊNH HƯỚNG ĐẾN NĂM 2030 TRÊN ĐỊA BÀN TỈNH AN LÂM" in out
    assert "I. MỤC TIÊU" in out and "1. Phát triển kinh tế số" in out  # headings stay lines of their own
    assert out.count(BODY) == 4  # each wrapped paragraph whole again, none run into the next
    assert any(x.endswith("kinh phí: 1 tỷ 250 triệu đồng.") and x.startswith("- Hỗ trợ") for x in out)
    assert out[-1] == "- Phổ cập kỹ năng số cho người dân."
    assert "ỦY BAN NHÂN DÂN" in out and "TỈNH AN LÂM" in out  # short header cells stay apart


def test_word_plain_text_is_left_alone():
    for name in ("r04-de-an-huyen-yen-ha-2022.txt", "r09-ke-hoach-huyen-lac-van-2023.txt"):
        lines = decode_text((ROOT / "tests" / "data" / "realistic" / name).read_bytes(), name).splitlines()
        assert not looks_wrapped(lines)
        assert rejoin(lines) == lines
