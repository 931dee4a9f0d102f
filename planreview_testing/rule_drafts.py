"""The twelve synthetic drafts every rule is tested on (tests/checks/test_rules_on_drafts.py) and the findings
snapshot (benchmarks/findings_snapshot.py) reviews: one clean, eleven with planted defects, in three formats."""

from __future__ import annotations

from planreview_testing.synthetic import clean_spec

SPECS = {
    "clean": clean_spec(),
    "legal_tasks_targets": clean_spec(
        omit_749=True, task_without_owner=1, task_without_budget=3, task_outside_horizon=5, early_target=True,
        ambitious_target=True, copy_corpus=True, copy_corpus_task=True, malformed_citation=True,
        bad_date_citation=True),
    "missing_pillar": clean_spec(
        omit_pillars=("xa_hoi_so",), omit_provincial=True, swap_order=True, task_unassigned_owner=0,
        task_vague_time=2, task_without_time=3),
    "thin_pillar_no_status": clean_spec(
        thin_pillars=("kinh_te_so",), omit_status=True, omit_to_chuc=True, task_format="list"),
    "status_without_figures": clean_spec(status_without_figures=True, omit_strengths=True, heading_styles=False),
    "list_tasks": clean_spec(task_format="list", task_without_owner=2, task_without_budget=0, task_without_time=4),
    "legal_kb": clean_spec(wrong_date_749=True, wrong_year_52=True, omit_942=True, body_citation=True,
                           unknown_citation=True),
    "budget_and_pillar_tasks": clean_spec(task_budget_no_amount=1, task_without_source=4, budget_total_mismatch=True,
                                          table_total_mismatch=True, tasks_missing_pillar="kinh_te_so"),
    "two_header_rows": clean_spec(table_layout="multirow", task_without_owner=0, task_without_budget=5,
                                  extra_tasks=12),
    "budget_by_source": clean_spec(table_layout="by_source", task_without_budget=2, task_without_time=6),
    "numbered_tasks": clean_spec(task_format="numbered", task_unassigned_owner=3, task_budget_no_amount=5,
                                 task_vague_time=1),
    "no_411_no_749": clean_spec(omit_411=True, omit_749=True, wrong_date_749=True, omit_pillars=("chinh_quyen_so",),
                                omit_942=True),
}
FORMATS = ("docx", "pdf", "txt")
