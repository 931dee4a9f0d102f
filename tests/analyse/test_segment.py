"""Segmentation: front matter and title, the section tree, sentences and word tokens (underthesea)."""

from __future__ import annotations

from pipeline.analyse.segment import segment, split_sentences
from pipeline.analyse.vi_tokenize import word_tokens
from pipeline.ingest.read import parse_file
from planreview_testing.synthetic import clean_spec


def test_section_tree_and_meta(make_draft, reviewer):
    seg = segment(parse_file(make_draft(clean_spec(), "seg.docx")), reviewer.ruleset)
    assert seg.meta.title == "ĐỀ ÁN Chuyển đổi số huyện Đông Hải đến năm 2025, định hướng đến năm 2030"
    assert (seg.meta.plan_year, seg.meta.target_year, seg.meta.vision_year) == (2023, 2025, 2030)
    assert seg.meta.district == "huyện Đông Hải"
    assert [b.text for b in seg.front_matter][:2] == ["ỦY BAN NHÂN DÂN HUYỆN ĐÔNG HẢI",
                                                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    top = [s.numbering for s in seg.root.children]
    assert top == ["I", "II", "III", "IV", "V", "VI"]
    goals = seg.root.children[2]
    assert "muc_tieu" in goals.kinds
    specific = goals.children[2]
    assert specific.numbering == "3" and [c.numbering for c in specific.children] == ["a", "b", "c"]
    target_block = specific.children[0].blocks[0]
    assert target_block.location.section == "III > 3 > a"
    assert {"muc_tieu"} <= target_block.section_kinds
    table_row = next(b for b in seg.body if b.kind == "table_row")
    assert table_row.location.section.startswith("IV > ") and "nhiem_vu" in table_row.section_kinds


def test_sentences_keep_abbreviations_together():
    text = "TP. Thanh Lâm có 12 phường. Huyện phấn đấu 100% xã có mạng LAN đến năm 2025."
    assert split_sentences(text) == ["TP. Thanh Lâm có 12 phường.",
                                     "Huyện phấn đấu 100% xã có mạng LAN đến năm 2025."]


def test_word_tokens_join_multi_syllable_words():
    tokens = word_tokens("Chính quyền số phục vụ người dân")
    assert "chính_quyền" in tokens and "người_dân" in tokens


def test_fast_underthesea_loading_gives_underthesea_results():
    """pipeline.analyse.vi_tokenize loads underthesea's splitter and segmenter without its heavy imports: same output as
    ``import underthesea`` in a fresh process, and neither joblib nor the rest of underthesea gets imported."""
    import json
    import subprocess
    import sys

    texts = ["Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư.",
             "UBND huyện Đông Hải triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP). Năm 2025, 100% "
             "hồ sơ được số hóa; TP. Hải Phòng hỗ trợ 1.200 triệu đồng.",
             "Chuyển đổi số là nhiệm vụ trọng tâm, xuyên suốt của cả hệ thống chính trị!"]
    plain = ("import json, sys, underthesea; t = json.loads(sys.argv[1]); "
             "print(json.dumps([[underthesea.sent_tokenize(x) for x in t], "
             "[underthesea.word_tokenize(x) for x in t]]))")
    ours = ("import json, sys; from pipeline.analyse.vi_tokenize import sentence_splitter, word_segmenter; "
            "t = json.loads(sys.argv[1]); r = [[sentence_splitter()(x) for x in t], [word_segmenter()(x) for x in t]]; "
            "assert 'joblib' not in sys.modules and 'underthesea.pipeline.ner' not in sys.modules; "
            "print(json.dumps(r))")
    arg = json.dumps(texts)
    expected = subprocess.run([sys.executable, "-c", plain, arg], capture_output=True, text=True, check=True).stdout
    got = subprocess.run([sys.executable, "-c", ours, arg], capture_output=True, text=True, check=True).stdout
    assert json.loads(got) == json.loads(expected)
    assert len(json.loads(got)[1][0]) < len(texts[0].split())  # multi-syllable words really were joined
