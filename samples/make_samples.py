"""Regenerate the bundled sample drafts (synthetic, with known planted defects).

    python samples/make_samples.py

Each sample's planted defects are listed in samples/README.md and in SAMPLES below.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # planreview_testing: test-only, not installed

from planreview_testing.synthetic import clean_spec, write_draft

HERE = Path(__file__).resolve().parent

SAMPLES = {
    # the main sample: a realistic draft with a handful of typical defects
    "de-an-cds-dong-hai.docx": clean_spec(
        copy_corpus=True, ambitious_target=True, task_without_owner=1, task_without_budget=4, malformed_citation=True,
    ),
    # the same plan, complete: the review must find nothing
    "de-an-cds-dong-hai-hoan-chinh.docx": clean_spec(),
    # a PDF draft of another district: no xã hội số, no 749 citation, a target due this year
    "de-an-cds-tay-son.pdf": clean_spec(
        district="Tây Sơn", omit_pillars=("xa_hoi_so",), omit_749=True, early_target=True, task_vague_time=2,
    ),
    # a plain-text draft: tasks as a list, no hiện trạng section, kinh tế số only named
    "de-an-cds-bac-ha.txt": clean_spec(
        district="Bắc Hà", task_format="list", omit_status=True, thin_pillars=("kinh_te_so",), swap_order=True,
        task_unassigned_owner=0,
    ),
}


# the round-2 workflow (gen_rounds.py): the revision of the main sample — task 2 given an owner, the 47
# citation corrected, task 1's budget 800 → 1.200, "Điểm mạnh" rewritten, a task added, task 3's time made
# vague ("Hằng năm", a new defect) — and two experts' copies of the main sample with Word comments
REVISED = "de-an-cds-dong-hai-sua-doi.docx"
EXPERT_COPIES = {
    "gop-y/chuyen-gia-a.docx": ("Nguyễn Văn An", [
        ("Xây dựng Trung tâm giám sát", "Không đồng ý: nhiệm vụ IOC đã giao Văn phòng HĐND và UBND huyện chủ trì "
                                        "tại Kế hoạch số 45/KH-UBND, không cần nêu lại."),
        ("Điểm mạnh:", "Cần nêu số liệu cụ thể: tỷ lệ thôn có sóng 4G, số cán bộ được đào tạo."),
    ], None),
    "gop-y/chuyen-gia-b.docx": ("Trần Thị Bình", [
        ("Tổng kinh phí dự kiến", "Đề nghị phân kỳ kinh phí theo từng năm và tách nguồn ngân sách tỉnh, huyện."),
        ("Nghị định số 47", "Bổ sung năm ban hành: Nghị định số 47/2020/NĐ-CP."),
    ], ("lãnh đạo huyện quan tâm chỉ đạo", "lãnh đạo huyện luôn quan tâm, sát sao chỉ đạo")),
}


def write_round_samples() -> None:
    from planreview_testing.gen_rounds import add_expert_comments, revise
    from planreview_testing.synthetic import build_items
    from planreview_testing.synthetic import write_docx as write_items

    spec = clean_spec(copy_corpus=True, ambitious_target=True, task_without_budget=4, task_vague_time=2)
    write_items(revise(build_items(spec)), HERE / REVISED)
    print(f"wrote samples/{REVISED}")
    for name, (author, comments, edit) in EXPERT_COPIES.items():
        (HERE / name).parent.mkdir(exist_ok=True)
        add_expert_comments(HERE / "de-an-cds-dong-hai.docx", HERE / name, author, comments, edit)
        print(f"wrote samples/{name}")


def main() -> None:
    for name, spec in SAMPLES.items():
        write_draft(spec, HERE / name)
        print(f"wrote samples/{name}")
    write_round_samples()


if __name__ == "__main__":
    main()
