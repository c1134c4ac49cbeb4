"""The auditor's static HTML site (in Chinese): copied text, failed table checks, problems across
years, with CSV/XLSX downloads (:mod:`nlp.audit.export`) and a print stylesheet.

* :func:`build_site` — ``xxgk audit --db corpus.duckdb --out DIR`` (from a corpus store);
* :func:`audit_pair` — ``xxgk audit FILE --previous OLD --out DIR`` (one pair, no database);
* :func:`audit_command` — the body of the ``xxgk audit`` command;
* :mod:`nlp.audit.plots` — the corpus plots, also usable from notebooks (CJK font: :mod:`nlp.view.plotting`).
"""

from __future__ import annotations

import sys

from .pair import audit_pair
from .site import Site, build_site

__all__ = ["Site", "audit_command", "audit_pair", "build_site"]


def audit_command(db: str | None, out: str, file: str | None, previous: str | None, *, quiet: bool = False,
                  sites: list | None = None) -> int:
    """Body of ``xxgk audit``: returns the exit status (0 written, 2 usage error, 3–9 unreadable input).

    Exactly one of ``db`` (a corpus store) and ``file`` (one report, optionally with ``previous``)
    must be given. Prints the path of ``index.html`` on stdout (not when ``quiet``); the site written
    is appended to ``sites`` when given.
    """
    from ..core.errors import XxgkError, error_line

    if (db is None) == (file is None):
        print("xxgk audit: give either --db DB or FILE [--previous OLD]", file=sys.stderr)
        return 2
    if db is not None and previous is not None:
        print("xxgk audit: --previous goes with FILE, not with --db", file=sys.stderr)
        return 2
    try:
        site = build_site(db, out) if db is not None else audit_pair(file, previous, out)
    except FileNotFoundError as exc:
        print(f"xxgk audit: {exc}", file=sys.stderr)
        return 2
    except XxgkError as exc:
        print(error_line(exc), file=sys.stderr)  # xxgk: FILE: reason
        return exc.exit_code
    print(f"xxgk audit: {site.n_reports} report pages written; open {site.index.resolve()}", file=sys.stderr)
    if not quiet:
        print(site.index.resolve())
    if sites is not None:
        sites.append(site)
    return 0
