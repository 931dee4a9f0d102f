"""The check functions that rules/*.yaml refer to by name (``check: pillar_coverage``).

Each check takes the review context and its rule (with the rule's ``params``) and returns findings.
A rule file can use any registered check with its own parameters; adding a rule never needs code
unless it needs a new kind of check.

Each check declares its parameters as a dataclass in its own module, registered with it
(``@check("task_field", params=TaskFieldParams)``): the rule loader checks a rule's ``params`` against it
(unknown or missing names, wrong types → RulesError, exit 3), fills in the declared defaults and keeps the
typed copy as ``rule.options``. ``snippets=False`` marks a check whose rules cannot carry snippet
examples (rule_examples.py): it needs a whole plan or the corpus. ``example_heading`` is the heading a
snippet is placed under when it is reviewed as a small plan.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.core.errors import RulesError
from pipeline.core.model import Finding

if TYPE_CHECKING:
    from pipeline.analyse.citations import Citation
    from pipeline.analyse.kb import KnowledgeBase
    from pipeline.analyse.reference_targets import TargetReview
    from pipeline.analyse.segment import Segmented
    from pipeline.analyse.targets import Target
    from pipeline.analyse.tasks import TaskExtraction
    from pipeline.corpus.duplicates import DuplicateMatch
    from pipeline.rules.loader import Rule, RuleSet


@dataclass
class Context:
    """Everything the checks read: the segmented draft and what was extracted from it."""

    seg: Segmented
    ruleset: RuleSet
    citations: list[Citation]
    tasks: TaskExtraction
    targets: list[Target]
    duplicates: list[DuplicateMatch] = field(default_factory=list)
    boilerplate: list[DuplicateMatch] = field(default_factory=list)  # shared passages set aside as generic
    kb: KnowledgeBase | None = None
    target_review: TargetReview | None = None  # targets matched to the reference sets (reference_targets.py)


CheckFn = Callable[[Context, "Rule"], list[Finding]]
CHECKS: dict[str, CheckFn] = {}


@dataclass(frozen=True)
class NoParams:
    """The parameters of a check that takes none."""


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its function, its parameter dataclass and how its rules take examples."""

    name: str
    fn: CheckFn
    params: type = NoParams
    snippets: bool = True  # False: needs a whole plan or the corpus, so no snippet examples
    example_heading: str = ""  # the heading a snippet is placed under ("" = the snippet brings its own)

    @property
    def summary(self) -> str:
        return (self.fn.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


SPECS: dict[str, CheckSpec] = {}


def check(name: str, params: type = NoParams, snippets: bool = True,
          example_heading: str = "") -> Callable[[CheckFn], CheckFn]:
    """Register a check function under the name rules use in their ``check:`` field, with the dataclass
    that declares its parameters."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        SPECS[name] = CheckSpec(name, fn, params, snippets, example_heading)
        return fn

    return register


# --------------------------------------------------------------------------- parameters


def _type_name(hint: Any, deep: bool = True) -> str:
    """A parameter's type as rule authors read it; ``deep``: a nested dataclass spelled out field by field."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(a, deep) for a in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(map(str, args))
    if dataclasses.is_dataclass(hint):
        if not deep:
            return hint.__name__
        return "{" + ", ".join(f"{n}: {_type_name(h)}" + ("" if d is dataclasses.MISSING else "?")
                               for n, h, d in _fields(hint)) + "}"
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type_name(a, deep) for a in args)}]"
    return "None" if hint is type(None) else getattr(hint, "__name__", str(hint))


def _problem(value: Any, hint: Any, at: str) -> str:
    """What is wrong with a YAML value for a parameter's type ("" when it fits), naming the place ``at``
    (``expectations[0]``, ``groups['DTI']``)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    wrong = f"{at} is {value!r}, not {_type_name(hint, deep=False)}"
    if hint is Any:
        return ""
    if origin in (typing.Union, types.UnionType):
        problems = [_problem(value, a, at) for a in args]
        if "" in problems:
            return ""
        deeper = [p for a, p in zip(args, problems) if _shape_fits(value, a)]
        return deeper[0] if deeper else wrong
    if origin is typing.Literal:
        return "" if value in args else wrong
    if hint is type(None):
        fits = value is None
    elif hint is bool:
        fits = isinstance(value, bool)
    elif hint is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif origin is list:
        if not isinstance(value, list):
            return wrong
        return next((p for i, v in enumerate(value) if (p := _problem(v, args[0], f"{at}[{i}]"))), "")
    elif origin is dict:
        if not isinstance(value, dict):
            return wrong
        return next((p for k, v in value.items()
                     if (p := _problem(k, args[0], f"a key of {at}") or _problem(v, args[1], f"{at}[{k!r}]"))), "")
    elif dataclasses.is_dataclass(hint):
        return _record_problem(value, hint, at) if isinstance(value, dict) else wrong
    else:
        fits = isinstance(value, hint)
    return "" if fits else wrong


def _record_problem(value: dict, hint: type, at: str) -> str:
    """A mapping checked against a nested parameter dataclass (an expectation of LEGAL-01)."""
    fields = _fields(hint)
    names = [n for n, _, _ in fields]
    unknown = [k for k in value if k not in names]
    if unknown:
        return f"{at} has unknown key {unknown[0]!r} (known: {', '.join(names)})"
    missing = [n for n, _, d in fields if d is dataclasses.MISSING and n not in value]
    if missing:
        return f"{at} lacks {missing[0]!r}"
    return next((p for n, h, _ in fields if n in value and (p := _problem(value[n], h, f"{at}.{n}"))), "")


def _shape_fits(value: Any, hint: Any) -> bool:
    """Is ``value`` the right container for ``hint`` (so a problem inside it is the one worth naming)?"""
    origin = typing.get_origin(hint)
    if origin is list:
        return isinstance(value, list)
    return isinstance(value, dict) if origin is dict or dataclasses.is_dataclass(hint) else False


def _fields(cls: type) -> list[tuple[str, Any, Any]]:
    """(YAML name, type hint, default) of a parameter dataclass; default ``dataclasses.MISSING`` = required.
    A field's YAML name is its ``metadata["name"]`` when the name is a Python keyword (``except``)."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        out.append((f.metadata.get("name", f.name), hints[f.name], default))
    return out


def declared_params(spec: CheckSpec) -> list[tuple[str, str, Any]]:
    """(name, type, default) of each parameter a check declares; default ``dataclasses.MISSING`` = required."""
    return [(name, _type_name(hint), default) for name, hint, default in _fields(spec.params)]


def parse_params(spec: CheckSpec, raw: Any, where: str) -> tuple[dict[str, Any], Any]:
    """Check a rule's ``params`` against its check's declaration: (params with defaults filled in, typed
    options). ``where`` names the file and rule for the error (one line, exit 3)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: params must be a mapping {{name: value}} / params phải là ánh xạ")
    declared = _fields(spec.params)
    names = [n for n, _, _ in declared]
    known = ", ".join(names) or "none / không có"
    for name in raw:
        if name not in names:
            raise RulesError(f"{where}: unknown parameter {name!r} of check {spec.name} / tham số lạ {name!r}; "
                             f"known / hợp lệ: {known}")
    filled = dict(raw)
    for name, hint, default in declared:
        if name not in raw:
            if default is dataclasses.MISSING:
                raise RulesError(f"{where}: missing parameter {name!r} ({_type_name(hint, deep=False)}) of check "
                                 f"{spec.name} / "
                                 f"thiếu tham số {name!r}")
            if default is not None:
                filled[name] = default  # the declaration is the one source of defaults
            continue
        problem = _problem(raw[name], hint, name)
        if problem:
            raise RulesError(f"{where}: parameter {name!r} must be {_type_name(hint, deep=False)}: {problem} / "
                             f"tham số {name!r} sai kiểu")
    attrs = {f.name: filled[f.metadata.get("name", f.name)] for f in dataclasses.fields(spec.params)
             if f.metadata.get("name", f.name) in filled}
    return filled, spec.params(**attrs)


def run_checks(ctx: Context, rules: list[Rule] | None = None) -> list[Finding]:
    """Run every rule (default: the rule set's) that applies to the plan (its ``applies_to``), messages in
    the plan's level words."""
    from pipeline.analyse.plan_profile import rule_applies, wording_for
    from pipeline.rules.loader import level_wording

    findings: list[Finding] = []
    with level_wording(wording_for(ctx.seg.meta, ctx.ruleset)):
        for rule in ctx.ruleset.rules if rules is None else rules:
            if rule_applies(rule, ctx.seg.meta):
                findings.extend(CHECKS[rule.check](ctx, rule))
    return findings


from pipeline.checks import content, legal_checks, level_checks, structure, target_checks, task_checks  # noqa: E402,F401,I001
