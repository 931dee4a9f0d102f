"""argparse in the two languages of planreview's messages: Vietnamese first, then English.

:class:`BilingualParser` is the parser of every ``planreview`` command (sub-commands inherit it): its usage
errors are one line, "Lỗi: <Vietnamese> / <English>", with exit code 2 as argparse's own; its help headings
("cách dùng / usage", "tham số / positional arguments", "tùy chọn / options") and its ``-h`` help are in both
languages. argparse's English messages are matched by pattern (:data:`ERRORS`); one not listed is shown in
English after a Vietnamese lead-in, never dropped.
"""

from __future__ import annotations

import argparse
import re

USAGE = "cách dùng / usage: "
HELP = "hiện hướng dẫn này rồi thoát / show this help message and exit"
VERSION = "hiện phiên bản rồi thoát / show the version and exit"
POSITIONALS = "tham số / positional arguments"
OPTIONALS = "tùy chọn / options"
_TYPES = {"int": "số nguyên", "float": "số", "Path": "đường dẫn"}
# argparse's English usage errors (Python 3.10–3.13) → the Vietnamese of each; groups are kept as written
ERRORS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), vi) for p, vi in [
    (r"^the following arguments are required: (?P<a>.+)$", "thiếu tham số bắt buộc: {a}"),
    (r"^unrecognized arguments: (?P<a>.+)$", "tham số không nhận ra: {a}"),
    (r"^argument (?P<a>.+?): invalid (?P<t>\w+) value: (?P<v>.+)$", "tham số {a}: {v} không phải {t}"),
    (r"^argument (?P<a>.+?): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)$",
     "tham số {a}: không có lựa chọn {v} (chọn một trong: {c})"),
    (r"^argument (?P<a>.+?): expected one argument$", "tham số {a} cần một giá trị"),
    (r"^argument (?P<a>.+?): expected at least one argument$", "tham số {a} cần ít nhất một giá trị"),
    (r"^argument (?P<a>.+?): expected (?P<n>\d+) arguments?$", "tham số {a} cần {n} giá trị"),
    (r"^argument (?P<a>.+?): ignored explicit argument (?P<v>.+)$", "tham số {a} không nhận giá trị {v}"),
    (r"^argument (?P<a>.+?): not allowed with argument (?P<b>.+)$", "không dùng {a} cùng với {b}"),
    (r"^one of the arguments (?P<a>.+) is required$", "cần một trong các tham số {a}"),
    (r"^ambiguous option: (?P<a>\S+) could match (?P<b>.+)$", "tùy chọn {a} chưa rõ, có thể là {b}"),
]]


def translate(message: str) -> str:
    """The Vietnamese of one of argparse's usage errors (its English, led in, when no pattern knows it)."""
    for pattern, vi in ERRORS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "t" in parts:
                parts["t"] = _TYPES.get(parts["t"], parts["t"])
            return vi.format(**parts)
    return f"lệnh chưa đúng ({message})"


class BilingualFormatter(argparse.RawDescriptionHelpFormatter):
    """Help text as written (line breaks of descriptions and epilogs kept), the usage line in two languages."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's own signature
        super().add_usage(usage, actions, groups, prefix if prefix is not None else USAGE)


class BilingualParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", BilingualFormatter)
        if kwargs["formatter_class"] is argparse.RawDescriptionHelpFormatter:
            kwargs["formatter_class"] = BilingualFormatter
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP

    def add_argument(self, *args, **kwargs):  # noqa: ANN002, ANN003 - argparse's own signature
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", VERSION)
        return super().add_argument(*args, **kwargs)

    def error(self, message: str):  # noqa: ANN201 - never returns
        """One line, Vietnamese / English, and where to read more; exit code 2 (argparse's)."""
        self.exit(2, f"Lỗi: {translate(message)} / usage error: {message} "
                     f"(xem / see: {self.prog} --help)\n")
