"""``xxgk audit``: the auditor's static HTML site, from a corpus store or one pair of reports."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import JSON_HELP, handles_errors, parse_input, print_json


@handles_errors
def command(
    file: Path | None = typer.Argument(None, help="One report (instead of --db; - reads stdin), compared with "
                                       "--previous."),
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
    from ..audit import audit_pair, build_site

    if (db is None) == (file is None):
        print("xxgk audit: give either --db DB or FILE [--previous OLD]", file=sys.stderr)
        raise typer.Exit(2)
    if db is not None and previous is not None:
        print("xxgk audit: --previous goes with FILE, not with --db", file=sys.stderr)
        raise typer.Exit(2)
    try:
        if db is not None:
            site = build_site(str(db), str(out))
        else:
            site = audit_pair(parse_input(file), parse_input(previous) if previous else None, out)
    except FileNotFoundError as exc:
        print(f"xxgk audit: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    print(f"xxgk audit: {site.n_reports} report pages written; open {site.index.resolve()}", file=sys.stderr)
    if as_json:
        print_json({"index": str(site.index.resolve()), "reports": site.n_reports,
                    "report_pages": [str(p.resolve()) for p in site.reports],
                    "plots": [str(p.resolve()) for p in site.plots],
                    "downloads": sorted(str(p.resolve()) for p in (site.out / "downloads").glob("*"))})
    else:
        print(site.index.resolve())
