"""The jinja2 environments of the memo templates (bundled in templates/, or a council's own folder first)
and the formatting filters they share."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.numbers import format_vnd
from pipeline.core.safe_cells import markdown_text
from pipeline.core.user_cache import cache_root

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def markdown_cell(value: object) -> str:
    """A value inside a Markdown table cell: no pipe ends the cell, no line break ends the row."""
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def bytecode_cache(kind: str):
    """Compiled templates kept in the user's cache (compiling the memo's templates took ≈ 0.6 s of every run);
    one folder per environment kind (the Markdown one compiles its escaping in), checked against each
    template's source by jinja2. A cache that cannot be written is skipped, never an error."""
    import jinja2
    from jinja2 import FileSystemBytecodeCache


    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            with contextlib.suppress(OSError, EOFError, ValueError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    folder = cache_root() / f"jinja-{kind}-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder))


def template_environment(template_dir: Path | None = None, kind: str = "html") -> Environment:
    """Templates from ``template_dir`` (a council's own) first, then the bundled ones; HTML autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    dirs = [str(template_dir)] if template_dir else []
    env = Environment(loader=FileSystemLoader(dirs + [str(TEMPLATE_DIR)]),
                      autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, bytecode_cache=bytecode_cache(kind))
    env.filters["md_cell"] = markdown_cell
    env.filters["vnd"] = format_vnd
    return env


def markdown_environment(template_dir: Path | None = None) -> Environment:
    """The Markdown memo's environment: every value is escaped (no raw HTML, links or images from the draft)."""

    env = template_environment(template_dir, kind="markdown")
    env.finalize = markdown_text
    return env
