"""``xxgk audit FILE --previous OLD --out DIR``: the audit pages of one pair, without a database.

Both files are parsed into an in-memory store with the corpus schema (:mod:`nlp.corpus.store`), the reuse
tables are filled by the same code as ``xxgk reuse --db`` (:func:`nlp.corpus.batch_reuse.reuse_store`:
NEW compared with OLD, shares from :mod:`nlp.reuse.corpus_scores`), and the same site as
``xxgk audit --db`` is rendered: so both commands show the same page types and figures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..corpus.store import Store
from ..corpus.store_rows import report_rows
from .site import DEFAULT_TITLE, Site, build_site


def _add(store: Store, report: Any, path: str) -> str:
    rid = report.source.sha256
    if store.con.execute("SELECT count(*) FROM reports WHERE report_id = ?", [rid]).fetchone()[0]:
        return rid
    rows = report_rows(report, path=path, size=os.path.getsize(path), elapsed=0.0, processed_at=None,
                       version=_version())
    store.write_report(rows, [(path, os.path.getsize(path))])
    return rid


def _version() -> str:
    from ..core.version import __version__

    return __version__


def audit_pair(file: str | os.PathLike[str], previous: str | os.PathLike[str] | None,
               out: str | os.PathLike[str], *, title: str = DEFAULT_TITLE) -> Site:
    """Parse ``file`` (and ``previous``), compare them and write the audit site into ``out``."""
    from ..pipeline import parse

    new = parse(file)
    store = Store(":memory:")
    try:
        _add(store, new, str(file))
        if previous is not None:
            from ..corpus.batch_reuse import reuse_store

            _add(store, parse(previous), str(previous))
            reuse_store(store)
        return build_site(store.con, Path(out), title=title)
    finally:
        store.close()
