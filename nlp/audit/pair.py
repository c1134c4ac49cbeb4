"""``xxgk audit FILE --previous OLD --out DIR``: the audit pages of one pair, without a database.

Both files are parsed, NEW is compared with OLD (:func:`nlp.reuse.compare`), and the results are
written to an in-memory store with the corpus schema (:mod:`nlp.store`), from which the same site
as ``xxgk audit --db`` is rendered: so both commands show the same page types.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..store import TABLES, Store, arrow_schema
from ..store_rows import normalise_agency, report_rows
from .site import DEFAULT_TITLE, Site, build_site


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _columns(table: str, records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Records as the store's columns (in :data:`nlp.store.TABLES` order; absent values None)."""
    return {c: [r.get(c) for r in records] for c, _ in TABLES[table]}


def comparison_rows(comparison: Any, new_id: str, old_id: str, new_agency: str | None = None) -> dict[str, dict[str, list[Any]]]:
    """``reuse_matches`` and ``reuse_scores`` rows of one :class:`nlp.reuse.Comparison` of NEW
    (``new_id``) against OLD (``old_id``), shaped as ``xxgk reuse`` writes the comparison of a report
    with its previous one (relation ``prior_year``). The copy shares are computed from this pair:
    characters of NEW's units matched with each origin over all of NEW's unit characters."""
    d = comparison.to_dict()
    matches = []
    for k, m in enumerate(d["matches"]):
        (ns, ne), (os_, oe) = m.get("new_span") or (None, None), m.get("old_span") or (None, None)
        matches.append({"report_id": new_id, "match_no": k, "other_report_id": old_id, "relation": "prior_year",
                        "new_id": m["new_id"], "old_id": m["old_id"], "part": m.get("part"), "new_start": ns,
                        "new_end": ne, "old_start": os_, "old_end": oe, "kind": m["kind"], "origin": m["origin"],
                        "similarity": round(float(m["similarity"]), 4), "new_text": m["new_text"],
                        "old_text": m["old_text"]})
    total = comparison.new.characters or 0
    chars = {"self_copy": 0, "cross_copy": 0, "template": 0}
    for m in comparison.matches:
        chars[m.origin] = chars.get(m.origin, 0) + m.new.length
    share = {o: round(v / total, 4) if total else 0.0 for o, v in chars.items()}
    sc = d.get("scores", {})
    scores = {"report_id": new_id, "agency_key": normalise_agency(new_agency or comparison.new.agency),
              "year": comparison.new.year, "prior_report_id": old_id, "prior_year": comparison.old.year,
              "reuse_ratio": d["reuse_ratio"], "by_part": _json(d["by_part"]), "n_matches": len(d["matches"]),
              "match_kinds": _json(sc.get("counts")), "match_origins": _json(sc.get("origins")),
              "lazy_prices": _json(sc.get("lazy_prices")), "boilerplate_share": sc.get("boilerplate_share"),
              "part5": _json(sc.get("part5")), "stale_mentions": _json(d["stale_mentions"]),
              "self_copy_share": share["self_copy"], "cross_copy_share": share["cross_copy"],
              "template_share": share["template"]}
    return {"reuse_matches": _columns("reuse_matches", matches), "reuse_scores": _columns("reuse_scores", [scores])}


def _append(con: Any, table: str, columns: dict[str, list[Any]]) -> None:
    """Insert columnar rows (the store's columns) into ``table``."""
    import pyarrow as pa

    con.register("_audit_rows", pa.table(columns, schema=arrow_schema(table)))
    try:
        names = ", ".join(f'"{c}"' for c, _ in TABLES[table])
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _audit_rows")
    finally:
        con.unregister("_audit_rows")


def _add(store: Store, report: Any, path: str) -> str:
    rid = report.source.sha256
    if store.con.execute("SELECT count(*) FROM reports WHERE report_id = ?", [rid]).fetchone()[0]:
        return rid
    rows = report_rows(report, path=path, size=os.path.getsize(path), elapsed=0.0, processed_at=None,
                       version=_version())
    store.write_report(rows, [(path, os.path.getsize(path))])
    return rid


def _version() -> str:
    from .. import __version__

    return __version__


def audit_pair(file: str | os.PathLike[str], previous: str | os.PathLike[str] | None,
               out: str | os.PathLike[str], *, title: str = DEFAULT_TITLE) -> Site:
    """Parse ``file`` (and ``previous``), compare them and write the audit site into ``out``."""
    from ..pipeline import parse

    new = parse(file)
    store = Store(":memory:")
    try:
        new_id = _add(store, new, str(file))
        if previous is not None:
            old = parse(previous)
            old_id = _add(store, old, str(previous))
            from ..reuse import compare

            rows = comparison_rows(compare(old, new), new_id, old_id, new.meta.agency)
            for table, cols in rows.items():
                _append(store.con, table, cols)
        return build_site(store.con, Path(out), title=title)
    finally:
        store.close()
