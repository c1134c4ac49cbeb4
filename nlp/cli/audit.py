"""``xxgk audit``: the auditor's static HTML site, from a corpus store or one pair of reports."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import handles_errors


@handles_errors
def command(
    file: Path | None = typer.Argument(None, help="One report (instead of --db), compared with --previous."),
    db: Path | None = typer.Option(None, "--db", help="Corpus store from xxgk batch + xxgk reuse."),
    previous: Path | None = typer.Option(None, "--previous", help="The previous report (with FILE)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the static site."),
) -> None:
    """Write the auditor's static HTML site (opens from disk, no network); prints the index.html path.

    \b
    Example: xxgk audit --db out/corpus.duckdb --out out/audit
    """
    from ..audit import audit_command

    raise typer.Exit(audit_command(str(db) if db else None, str(out), str(file) if file else None,
                                   str(previous) if previous else None))
