"""A rule's ``params`` checked against the dataclass its check declares (pipeline/rules/params.py): names,
required fields and types, nested records included; the declared defaults filled in; one-line RulesError
messages (exit 3) naming the file, the rule and the parameter."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

from pipeline.core.errors import RulesError


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


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A parameter dataclass's type hints, resolved once per process (51 rules share some 30 classes)."""
    return typing.get_type_hints(cls)


def _fields(cls: type) -> list[tuple[str, Any, Any]]:
    """(YAML name, type hint, default) of a parameter dataclass; default ``dataclasses.MISSING`` = required.
    A field's YAML name is its ``metadata["name"]`` when the name is a Python keyword (``except``)."""
    hints = _hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        out.append((f.metadata.get("name", f.name), hints[f.name], default))
    return out


def declared_params(params: type) -> list[tuple[str, str, Any]]:
    """(name, type, default) of each parameter a check declares; default ``dataclasses.MISSING`` = required."""
    return [(name, _type_name(hint), default) for name, hint, default in _fields(params)]


def parse_params(check: str, params: type, raw: Any, where: str) -> tuple[dict[str, Any], Any]:
    """Check a rule's ``params`` against its check's declaration: (params with defaults filled in, typed
    options). ``where`` names the file and rule for the error (one line, exit 3)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: params must be a mapping {{name: value}} / params phải là ánh xạ")
    declared = _fields(params)
    names = [n for n, _, _ in declared]
    known = ", ".join(names) or "none / không có"
    for name in raw:
        if name not in names:
            raise RulesError(f"{where}: unknown parameter {name!r} of check {check} / tham số lạ {name!r}; "
                             f"known / hợp lệ: {known}")
    filled = dict(raw)
    for name, hint, default in declared:
        if name not in raw:
            if default is dataclasses.MISSING:
                raise RulesError(f"{where}: missing parameter {name!r} ({_type_name(hint, deep=False)}) of check "
                                 f"{check} / "
                                 f"thiếu tham số {name!r}")
            if default is not None:
                filled[name] = default  # the declaration is the one source of defaults
            continue
        problem = _problem(raw[name], hint, name)
        if problem:
            raise RulesError(f"{where}: parameter {name!r} must be {_type_name(hint, deep=False)}: {problem} / "
                             f"tham số {name!r} sai kiểu")
    return filled, _build(params, filled)


def _typed(value: Any, hint: Any) -> Any:
    """A validated YAML value as its declared type: nested records (an expectation) become their dataclass."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return _build(hint, value)
    if origin is list and isinstance(value, list):
        return [_typed(v, args[0]) for v in value]
    if origin in (typing.Union, types.UnionType):
        record = next((a for a in args if dataclasses.is_dataclass(a)), None)
        return _typed(value, record) if record is not None and isinstance(value, dict) else value
    return value


def _build(cls: type, values: dict[str, Any]) -> Any:
    """The dataclass ``cls`` from validated YAML ``values`` (YAML names mapped to field names)."""
    hints = _hints(cls)
    attrs = {f.name: _typed(values[f.metadata.get("name", f.name)], hints[f.name]) for f in dataclasses.fields(cls)
             if f.metadata.get("name", f.name) in values}
    return cls(**attrs)
