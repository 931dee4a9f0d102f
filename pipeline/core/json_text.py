"""JSON text of the outputs (findings.json, the round snapshot), written by orjson.

orjson writes the same text as ``json.dumps(value, ensure_ascii=False, indent=2)`` but for rare floats (0.00001
where the standard library writes 1e-05, null for NaN where it writes invalid JSON), 12× faster: the findings
of a 20,000-task draft in 0.05 s instead of 0.63 s, where the standard library's indenting encoder is pure
Python. A value orjson refuses (a key that is not a string, an integer over 64 bits) goes through the
standard library."""

from __future__ import annotations

import json

import orjson


def indented_json(value: object) -> bytes:
    """UTF-8 JSON indented by two spaces (what a person opens: findings.json)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def compact_json(value: object) -> bytes:
    """UTF-8 JSON without white space (what only the program reads back: the round snapshot)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
