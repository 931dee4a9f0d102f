"""The checks: one module per area (content, legal_checks, level_checks, structure, target_checks,
task_checks), each check a function ``(Context, Rule) -> list[Finding]`` that reads its rule's typed
``rule.options`` (pipeline/rules/params.py). catalogue.py lists them by the name rules use; context.py holds
what they read."""
