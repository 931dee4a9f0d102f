"""The issuing unit read where a reader sees it (issue 29 item 7): a department's header on one line, the
decision's own issuer line, "trên địa bàn tỉnh X", the place-and-date line."""

from __future__ import annotations

import pytest

from pipeline.analyse.segment import segment
from pipeline.ingest.read import parse_file
from pipeline.rules.loader import load_rules

BODY = ("I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm các nhiệm vụ chuyển đổi số được triển khai đồng bộ, hiệu quả, đúng lộ "
        "trình.\nII. NHIỆM VỤ\n- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.\n")


@pytest.mark.parametrize(("opening", "unit", "level"), [
    # a department's header run together into one line, as some web copies give it
    ("UBND TỈNH AN LÂM SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 88/KH-SKHCN\nAn Lâm, ngày 10 tháng 02 năm 2026\n"
     "KẾ HOẠCH\nChuyển đổi số năm 2026\n", "tỉnh An Lâm", "tinh"),
    # no header (lost in a text box): the title names a sector, the body says where the plan applies
    ("KẾ HOẠCH\nỨng dụng công nghệ thông tin ngành y tế năm 2026\nTriển khai các nhiệm vụ trên địa bàn tỉnh "
     "Hòa Lâm, bảo đảm đồng bộ với kế hoạch của tỉnh.\n", "tỉnh Hòa Lâm", "tinh"),
    # no header, no territory: the place-and-date line, and the text naming that place as a commune
    ("Tân Phước, ngày 03 tháng 3 năm 2026\nKẾ HOẠCH\nChuyển đổi số năm 2026\nCác thôn của xã Tân Phước "
     "tổ chức thực hiện.\n", "xã Tân Phước", "xa"),
])
def test_issuing_unit(tmp_path, opening, unit, level):
    draft = tmp_path / "ke-hoach.txt"
    draft.write_text(opening + BODY, encoding="utf-8")
    meta = segment(parse_file(draft), load_rules()).meta
    assert (meta.unit, meta.level) == (unit, level)
