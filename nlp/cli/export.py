"""``xxgk export --db DB --parquet DIR``: every store table to Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import JSON_HELP, handles_errors, print_json


@handles_errors
def command(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store."),
    parquet: Path = typer.Option(..., "--parquet", help="Folder for one Parquet file per table."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " The list of files written."),
) -> None:
    """Export every store table to Parquet (one file path printed per table; exit 2 when DB is missing).

    \b
    Example: xxgk export --db out/corpus.duckdb --parquet out/parquet
    """
    import nlp

    try:
        with nlp.Corpus(db) as corpus:
            paths = corpus.export_parquet(parquet)
    except FileNotFoundError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        print_json([str(p) for p in paths])
    else:
        for p in paths:
            print(p)
