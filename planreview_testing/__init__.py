"""Test-only code of planreview: generators of synthetic drafts with planted defects and their evaluators.

Not part of the runtime package ``pipeline`` (not in the wheel; shipped in the source distribution for the
test suite and the benchmarks):

- :mod:`planreview_testing.synthetic`: draft plans with planted defects and the findings each must raise,
  and the writers (.txt, .docx, .pdf) the other generators in ``gen_*.py`` beside it reuse;
- :mod:`planreview_testing.task_eval`: precision / recall of task extraction on generated drafts;
- :mod:`planreview_testing.citation_eval`: precision / recall of citation extraction on a labelled corpus.
"""
