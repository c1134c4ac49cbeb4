"""``xxgk check FILE [--previous OLD]``: the tables' checks, printed readably.

:func:`check_command` is what the typer command calls; it returns the exit code (0 when no check
fails, 1 when one does, the :mod:`nlp.errors` code when a file cannot be read).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table as RichTable

from ..errors import XxgkError, error_line
from ..report import Check, Sentence
from .checks import run_checks
from .model import Tables
from .outline import counts_for_exit

_STYLE = {"pass": "green", "fail": "bold red", "uncertain": "yellow", "not_assessable": "dim"}


def tables_and_sentences(path: str | os.PathLike[str]) -> tuple[Tables, tuple[Sentence, ...]]:
    """The tables and narrative sentences of one report (``nlp.parse``)."""
    tables, sentences, _ = _parsed(path)
    return tables, sentences


def _parsed(path: str | os.PathLike[str]) -> tuple[Tables, tuple[Sentence, ...], list[Check]]:
    """Tables, sentences and the report's outline/narrative checks."""
    from ..pipeline import parse

    report = parse(path)
    other = [c for c in report.checks if c.scope.startswith(("outline/", "narrative/"))]
    return report.tables, report.sentences, other


def check_report(path: str | os.PathLike[str], previous: str | os.PathLike[str] | None = None
                 ) -> tuple[Tables, list[Check]]:
    tables, sentences, other = _parsed(path)
    prev = tables_and_sentences(previous)[0] if previous is not None else None
    return tables, [*run_checks(tables, sentences, prev), *other]


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def print_checks(checks: Sequence[Check], console: Console, warnings: Sequence[str] = (),
                 show_all: bool = False) -> None:
    """A summary per check id, then every check that did not pass (every check with ``show_all``)."""
    statuses = ("pass", "fail", "uncertain", "not_assessable")
    summary = RichTable("check", *statuses, title="checks")
    by_id: dict[str, dict[str, int]] = {}
    for c in checks:
        by_id.setdefault(c.id, dict.fromkeys(statuses, 0))[c.status] += 1
    for cid, counts in by_id.items():
        summary.add_row(cid, *(f"[{_STYLE[k]}]{counts[k]}[/{_STYLE[k]}]" if counts[k] else "" for k in statuses))
    console.print(summary)
    shown = [c for c in checks if show_all or c.status != "pass"]
    if shown:
        t = RichTable("id", "scope", "status", "left", "right", "message", title="details")
        for c in shown:
            style = _STYLE.get(c.status, "")
            status = f"{c.status} ({c.severity})" if c.severity else c.status
            t.add_row(c.id, c.scope, f"[{style}]{status}[/{style}]", _fmt(c.left), _fmt(c.right), c.message)
        console.print(t)
    for w in warnings:
        console.print(f"[yellow]warning:[/yellow] {w}", highlight=False)


def check_command(path: str | os.PathLike[str], previous: str | os.PathLike[str] | None = None,
                  console: Console | None = None, show_all: bool = False, strict: bool = False) -> int:
    """Run every check on ``path`` (and X-1/X-2 against ``previous``); print them; return the exit code
    (0 none failed, 1 a check failed — outline/narrative checks only with ``strict`` —, the
    :mod:`nlp.errors` code when a file cannot be read)."""
    console = console or Console()
    try:
        tables, checks = check_report(path, previous)
    except XxgkError as exc:
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    console.print(f"[bold]{path}[/bold]" + (f"  (previous: {previous})" if previous else ""), highlight=False)
    print_checks(checks, console, tables.warnings, show_all)
    return 1 if any(counts_for_exit(c, strict) for c in checks) else 0
