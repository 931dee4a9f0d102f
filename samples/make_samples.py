"""Regenerate the bundled sample drafts (synthetic, with known planted defects).

    python samples/make_samples.py

Each sample's planted defects are listed in samples/README.md and in SAMPLES below.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.synthetic import clean_spec, write_draft

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


def main() -> None:
    for name, spec in SAMPLES.items():
        write_draft(spec, HERE / name)
        print(f"wrote samples/{name}")


if __name__ == "__main__":
    main()
