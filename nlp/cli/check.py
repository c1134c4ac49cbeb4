"""``xxgk check FILE [--previous OLD]``: the tables' checks (勾稽关系, totals, text vs table, X-1/X-2)
and the outline/narrative checks; exit 1 when a check fails."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from .common import (
    FORMAT_HELP,
    JSON_HELP,
    Format,
    chosen,
    console,
    handles_errors,
    label,
    parse_input,
    print_json,
    print_rows,
)

STATUSES = ("pass", "fail", "uncertain", "not_assessable")
COLUMNS = ("id", "scope", "status", "severity", "left", "right", "message")
_STYLE = {"pass": "green", "fail": "bold red", "uncertain": "yellow", "not_assessable": "dim"}


def report_checks(report: Any, previous: Any = None) -> list[Any]:
    """Every check of ``report`` (a :class:`nlp.Report`), X-1/X-2 included when ``previous`` is given."""
    from ..tables.checks import run_checks

    other = [c for c in report.checks if c.scope.startswith(("outline/", "narrative/"))]
    prev = previous.tables if previous is not None else None
    return [*run_checks(report.tables, report.sentences, prev), *other]


@handles_errors
def command(
    file: Path = typer.Argument(..., help="Report file to check (- reads stdin)."),
    previous: Path | None = typer.Option(None, "--previous", help="Last year's report (X-1, X-2 checks)."),
    show_all: bool = typer.Option(False, "--all", help="Show (and print as rows) passing checks too."),
    strict: bool = typer.Option(False, "--strict", help="Failed outline/narrative checks exit 1 too."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """Check the statistical tables (勾稽关系, totals, text vs table); exit 1 when a check fails.

    \b
    Example: xxgk check ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf --previous ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf
    """
    from ..tables.outline import counts_for_exit

    report = parse_input(file)
    checks = report_checks(report, parse_input(previous) if previous is not None else None)
    fmt = chosen(fmt, as_json)
    if fmt is Format.json:
        print_json({"path": label(file), "previous": str(previous) if previous else None,
                    "checks": [asdict(c) for c in checks], "warnings": list(report.tables.warnings)})
    elif fmt is Format.csv:
        print_rows([asdict(c) for c in checks if show_all or c.status != "pass"], COLUMNS, fmt)
    else:
        console().print(f"[bold]{label(file)}[/bold]" + (f"  (previous: {previous})" if previous else ""))
        print_checks(checks, report.tables.warnings, show_all)
    raise typer.Exit(1 if any(counts_for_exit(c, strict) for c in checks) else 0)


def print_checks(checks: Sequence[Any], warnings: Sequence[str] = (), show_all: bool = False) -> None:
    """A summary per check id, then every check that did not pass (every check with ``show_all``)."""
    by_id: dict[str, dict[str, Any]] = {}
    for c in checks:
        by_id.setdefault(c.id, {"check": c.id, **dict.fromkeys(STATUSES, 0)})[c.status] += 1
    counts = {k: (lambda n, k=k: _paint(n, _STYLE[k]) if n else "") for k in STATUSES}
    print_rows(list(by_id.values()), ("check", *STATUSES), Format.table, title="checks", styles=counts)
    shown = [asdict(c) for c in checks if show_all or c.status != "pass"]
    for row in shown:
        row["status"] = f"{row['status']} ({row['severity']})" if row["severity"] else row["status"]
    if shown:
        print_rows(shown, ("id", "scope", "status", "left", "right", "message"), Format.table, title="details",
                   styles={"status": _paint})
    out = console()
    for w in warnings:
        out.print(f"[yellow]warning:[/yellow] {w}", highlight=False)


def _paint(value: Any, style: str | None = None) -> str:
    """``value`` in ``style`` (default: the style of the status word it starts with)."""
    from rich.markup import escape

    style = style or _STYLE.get(str(value).split(" ")[0], "")
    return f"[{style}]{escape(str(value))}[/{style}]" if style else escape(str(value))
