"""``xxgk audit FILE --previous OLD --out DIR``: the audit pages of one pair, without a database.

Both reports (parsed by the caller) go into an in-memory store with the corpus schema (:mod:`nlp.corpus.store`), the reuse
tables are filled by the same code as ``xxgk reuse --db`` (:func:`nlp.corpus.batch_reuse.reuse_store`:
NEW compared with OLD, shares from :mod:`nlp.reuse.corpus_scores`), and the same site as
``xxgk audit --db`` is rendered: so both commands show the same page types and figures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.report import Report
from ..corpus.store import Store
from ..corpus.store_rows import report_rows
from .site import DEFAULT_TITLE, Site, build_site


def _add(store: Store, report: Any) -> str:
    rid = report.source.sha256
    if store.con.execute("SELECT count(*) FROM reports WHERE report_id = ?", [rid]).fetchone()[0]:
        return rid
    path = report.source.path or "<stdin>"
    size = os.path.getsize(path) if os.path.isfile(path) else None
    rows = report_rows(report, path=path, size=size, elapsed=0.0, processed_at=None, version=_version())
    store.write_report(rows, [(path, size)])
    return rid


def _version() -> str:
    from ..core.version import __version__

    return __version__


def audit_pair(new: Report, previous: Report | None, out: str | os.PathLike[str], *,
               title: str = DEFAULT_TITLE) -> Site:
    """Compare the report ``new`` with ``previous`` (both from :func:`nlp.parse`) and write the audit
    site of the pair into ``out``."""
    store = Store(":memory:")
    try:
        _add(store, new)
        if previous is not None:
            from ..corpus.batch_reuse import reuse_store

            _add(store, previous)
            reuse_store(store)
        return build_site(store.con, Path(out), title=title)
    finally:
        store.close()
