"""What every ``xxgk`` command shares: help flags, error lines, stdin input and row output.

Nothing heavy is imported here at module level (rich, spaCy, pandas are imported on use) so that
``xxgk --help`` stays fast.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from ..core.errors import XxgkError, error_line

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.report import Report

CONTEXT = {"help_option_names": ["-h", "--help"]}
# help and usage errors in click's plain format: typer's rich help imports rich.markdown, markdown-it
# and pygments (≈ 0.3 s before anything is printed)
TYPER: dict[str, Any] = {"context_settings": CONTEXT, "rich_markup_mode": None, "add_completion": False,
                         "pretty_exceptions_enable": False}
STDIN = "-"
F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    """How rows are printed: a readable table, CSV, or JSON."""

    table = "table"
    csv = "csv"
    json = "json"


FORMAT_HELP = "Output: table (readable), csv or json (machine-readable, nothing else on stdout)."
JSON_HELP = "Print JSON on stdout (same as --format json)."


def fail(exc: XxgkError) -> NoReturn:
    """Print ``xxgk: FILE: reason`` and exit with the error's documented code."""
    sys.stderr.write(error_line(exc) + "\n")
    raise typer.Exit(exc.exit_code)


def handles_errors(func: F) -> F:
    """Turn a documented :class:`XxgkError` raised by a command into its error line and exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except XxgkError as exc:
            fail(exc)

    return wrapper  # type: ignore[return-value]


def chosen(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def console(stderr: bool = False) -> Console:
    """A rich console; when the stream is not a terminal nothing is wrapped, cut or coloured."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(file=stream, stderr=stderr)
    return Console(file=stream, width=100_000, soft_wrap=True, color_system=None, highlight=False)


def progress_wanted(no_progress: bool = False) -> bool:
    """Progress bars redraw with ``\\r``: only on a terminal (stderr), never in logs or pipes."""
    return not no_progress and sys.stderr.isatty()


def label(path: Path | str) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


def parse_input(path: Path | str, **options: Any) -> Report:
    """``nlp.parse`` of a path, or of standard input's bytes when the path is ``-``."""
    import nlp

    if str(path) == STDIN:
        return nlp.parse(sys.stdin.buffer.read(), name="<stdin>", **options)
    return nlp.parse(path, **options)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def print_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: Format, title: str | None = None,
               styles: dict[str, Callable[[Any], str]] | None = None) -> None:
    """Rows as JSON (a list of objects), CSV (header + rows) or a rich table."""
    if fmt is Format.json:
        print_json([{c: r.get(c) for c in columns} for r in rows])
    elif fmt is Format.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows([_cell(r.get(c)) for c in columns] for r in rows)
    else:
        from rich.markup import escape
        from rich.table import Table

        t = Table(*columns, title=title)
        for r in rows:
            t.add_row(*((styles or {}).get(c, lambda v: escape(_cell(v)))(r.get(c)) for c in columns))
        console().print(t)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list | tuple):
        return ";".join(map(str, v))
    return str(v)


def strs(paths: Iterable[Path | str]) -> list[str]:
    return [str(p) for p in paths]
