"""Amounts as the memo, the task table and the checks write them: one formatter for money."""

from __future__ import annotations


def format_vnd(value: float | None) -> str:
    """1.5e9 → '1.500 triệu đồng'."""
    if value is None:
        return ""
    millions = value / 1e6
    text = f"{millions:,.0f}" if millions >= 1 else f"{millions:,.3f}"
    return text.replace(",", ".") + " triệu đồng"
