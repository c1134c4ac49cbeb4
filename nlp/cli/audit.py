"""``xxgk audit``: the auditor's static HTML site, from a corpus store or one pair of reports."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import JSON_HELP, handles_errors, print_json


@handles_errors
def command(
    file: Path | None = typer.Argument(None, help="One report (instead of --db), compared with --previous."),
    db: Path | None = typer.Option(None, "--db", help="Corpus store from xxgk batch + xxgk reuse."),
    previous: Path | None = typer.Option(None, "--previous", help="The previous report (with FILE)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the static site."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " The index path, report pages, plots and "
                                 "downloads written."),
) -> None:
    """Write the auditor's static HTML site (opens from disk, no network); prints the index.html path.

    \b
    Example: xxgk audit --db out/corpus.duckdb --out out/audit
    """
    from ..audit import audit_command

    written: list = []
    code = audit_command(str(db) if db else None, str(out), str(file) if file else None,
                         str(previous) if previous else None, quiet=as_json, sites=written)
    if as_json and written:
        site = written[0]
        print_json({"index": str(site.index.resolve()), "reports": site.n_reports,
                    "report_pages": [str(p.resolve()) for p in site.reports],
                    "plots": [str(p.resolve()) for p in site.plots],
                    "downloads": sorted(str(p.resolve()) for p in (site.out / "downloads").glob("*"))})
    raise typer.Exit(code)
