"""Issue 30 item 1: a document that is not a plan gets the verdict and why — never the plan checklist."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.apps.cli import main
from pipeline.review.scoring import NOT_A_PLAN

# a meeting notice of a fictional commune, in the shape such notices take (heading block, "THÔNG BÁO Kết luận
# của …", numbered conclusions, Nơi nhận); it talks about digital transformation but plans nothing
NOTICE = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ LÂM
Số: 41/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Phú Lâm, ngày 14 tháng 10 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp về công tác chuyển đổi số quý III năm 2026

Ngày 10 tháng 10 năm 2026, Chủ tịch Ủy ban nhân dân xã An Phú Lâm chủ trì cuộc họp nghe báo cáo tình hình \
chuyển đổi số quý III. Tham dự có các Phó Chủ tịch, công chức Văn phòng - Thống kê, công chức Văn hóa - Xã hội, \
đại diện Đoàn Thanh niên, Hội Liên hiệp Phụ nữ và Tổ công nghệ số cộng đồng các thôn. Sau khi nghe báo cáo và ý \
kiến của các đại biểu, Chủ tịch Ủy ban nhân dân xã kết luận như sau:

1. Ghi nhận sự cố gắng của các bộ phận trong quý III; việc tiếp nhận hồ sơ trực tuyến có chuyển biến nhưng \
còn chậm ở một số thủ tục về hộ tịch và đất đai, nhiều hồ sơ vẫn nộp trực tiếp tại bộ phận một cửa.

2. Giao Văn phòng - Thống kê rà soát lại danh sách thủ tục, báo cáo Chủ tịch trước ngày 25 tháng 10 năm 2026 \
những thủ tục còn vướng và nguyên nhân.

3. Đề nghị Đoàn Thanh niên phối hợp với Tổ công nghệ số cộng đồng tiếp tục hướng dẫn người dân cài đặt và sử \
dụng ứng dụng định danh điện tử tại nhà văn hóa các thôn vào các buổi tối cuối tuần.

4. Các bộ phận chuyên môn nghiêm túc thực hiện chế độ báo cáo định kỳ, gửi số liệu về Văn phòng đúng hạn để \
tổng hợp báo cáo Ủy ban nhân dân cấp trên.

Ủy ban nhân dân xã thông báo để các bộ phận, đơn vị liên quan biết và thực hiện.

Nơi nhận:
- Thường trực Đảng ủy xã;
- Chủ tịch, các Phó Chủ tịch UBND xã;
- Các bộ phận chuyên môn;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Thị Thu Hà
"""


def test_a_meeting_notice_gets_the_verdict_and_no_plan_findings(tmp_path):
    draft = tmp_path / "thong-bao-ket-luan.txt"
    draft.write_text(NOTICE, encoding="utf-8")
    assert len(NOTICE.split()) > 250
    out = tmp_path / "out"
    assert main(["review", str(draft), "-o", str(out), "--no-corpus"]) == 0
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["summary"]["is_plan"] is False and data["summary"]["overall_score"] is None
    assert data["findings"] == []  # was 15 findings, 3 of them high ("Đề án chưa …")
    memo = (out / "memo.md").read_text(encoding="utf-8")
    assert NOT_A_PLAN in memo and "không có nhiệm vụ hay chỉ tiêu" in memo and "Đề án chưa" not in memo
    assert Path(draft).read_text(encoding="utf-8") == NOTICE
