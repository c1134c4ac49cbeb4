"""``xxgk reuse --db DB``: corpus-wide reuse into the store's reuse tables."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import typer

from .common import FORMAT_HELP, JSON_HELP, Format, chosen, handles_errors, print_rows


@handles_errors
def command(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store filled by xxgk batch."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on Dask: a dask.distributed scheduler "
                                         "address, or 'local' for a LocalCluster."),
    full: bool = typer.Option(False, "--full", help="Rebuild the on-disk reuse index (default: add new reports)."),
    memory_mb: int | None = typer.Option(None, "--memory-mb",
                                         help="Memory setting of the reuse index in MB (default 2048)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " The reuse summary."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " The reuse summary (one row)."),
) -> None:
    """Corpus-wide reuse: pair each agency's years, learn template wording, fill reuse tables.

    Exit 2 when the store does not exist.

    \b
    Example: xxgk reuse --db out/corpus.duckdb
    """
    from ..corpus.batch_reuse import run_reuse

    if not db.exists():
        print(f"xxgk: {db}: no such corpus database (run `xxgk batch … --db {db}` first)", file=sys.stderr)
        raise typer.Exit(2)
    result = run_reuse(db, scheduler=scheduler, full=full, memory_limit_mb=memory_mb)
    print(result.describe(), file=sys.stderr)
    fmt = chosen(fmt, as_json)
    if fmt is not Format.table:
        row = asdict(result)
        print_rows([row], list(row), fmt)
