"""Cross-year checks in ``xxgk batch``: X-1/X-2 of every stored report against the stored report of
the same agency for the year before.

After a batch has written its reports, :func:`cross_year_checks` pairs each report with the report
of the same normalised agency (``reports.agency_norm``) whose ``year`` is one less, rebuilds both
reports' tables from ``table_cells`` (states, values and printed text as stored) and runs
:func:`nlp.tables.checks.x_checks`. The results replace the report's earlier X-1/X-2 rows in
``checks`` (numbered after its own checks; the evidence names the previous report by
``previous_report_id`` and ``previous_year``), and ``reports.n_checks`` / ``n_checks_failed`` are
recounted. Rerunning is idempotent; a report whose previous year arrives in a later batch gets its
X-1/X-2 then. A report stored twice (``reports.duplicate_of`` set on the copy) is checked once, as
its kept copy; a copy has no X-1/X-2 rows of its own.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.tables import TABLE_IDS, Cell, Table, Tables
from ..tables.checks import x_checks
from .store import TABLES, Store

CROSS_YEAR_IDS = ("X-1", "X-2")


def stored_tables(store: Store, report_id: str) -> Tables:
    """A report's T2/T3/T4 as stored in ``table_cells`` (and ``reports.tables_meta``)."""
    return stored_tables_of(store, [report_id])[report_id]


def stored_tables_of(store: Store, report_ids: list[str]) -> dict[str, Tables]:
    """:func:`stored_tables` of several reports, read with one query per table."""
    metas = {rid: json.loads(m) if m else {} for rid, m in store.con.execute(
        "SELECT report_id, tables_meta FROM reports WHERE list_contains(?::VARCHAR[], report_id)",
        [report_ids]).fetchall()}
    cells: dict[str, dict[str, dict[tuple[str, str], Cell]]] = {r: {t: {} for t in TABLE_IDS} for r in report_ids}
    for rid, tid, row, col, state, value, raw in store.con.execute(
            "SELECT report_id, table_id, row_label, col_label, state, value, raw FROM table_cells "
            "WHERE list_contains(?::VARCHAR[], report_id) ORDER BY report_id, row_no, col_no",
            [report_ids]).fetchall():
        if tid in cells[rid]:
            v = int(value) if value is not None and float(value).is_integer() else value
            cells[rid][tid][(row, col)] = Cell(state or "empty", v, raw)
    out = {}
    for rid in report_ids:
        meta: dict[str, Any] = metas.get(rid, {})
        out[rid] = Tables({t: Table(t, cells[rid][t], bool((meta.get(t) or {}).get("found")),
                                    (meta.get(t) or {}).get("template")) for t in TABLE_IDS})
    return out


def previous_year_pairs(store: Store) -> list[tuple[str, str, int]]:
    """(report_id, previous report_id, previous year) for every report whose agency has one. A
    report stored twice counts once: copies marked ``duplicate_of`` another report are left out on
    both sides, so only the kept copy (the one ``duplicate_of`` points to) is paired."""
    rows = store.con.execute("SELECT report_id, agency_norm, year FROM reports WHERE agency_norm IS NOT NULL "
                             "AND year IS NOT NULL AND duplicate_of IS NULL ORDER BY report_id").fetchall()
    by_key: dict[tuple[str, int], str] = {}
    for rid, agency, year in rows:
        by_key.setdefault((agency, year), rid)
    return [(rid, by_key[(agency, year - 1)], year - 1) for rid, agency, year in rows if (agency, year - 1) in by_key]


def cross_year_checks(store: Store) -> int:
    """Store X-1/X-2 for every report with a previous-year report; returns the number of pairs."""
    pairs = previous_year_pairs(store)
    copies = [r for (r,) in store.con.execute(  # left from before the report became a copy
        "SELECT DISTINCT c.report_id FROM checks c JOIN reports r ON r.report_id = c.report_id "
        "WHERE r.duplicate_of IS NOT NULL AND c.check_id IN ('X-1', 'X-2')").fetchall()]
    if not pairs and not copies:
        return 0
    rows: dict[str, list[Any]] = {c: [] for c, _ in TABLES["checks"]}
    ids = sorted({rid for rid, _, _ in pairs})
    starts = dict(store.con.execute(
        "SELECT report_id, coalesce(max(check_no) + 1, 0) FROM checks WHERE list_contains(?::VARCHAR[], report_id) "
        "AND check_id NOT IN ('X-1', 'X-2') GROUP BY report_id", [ids]).fetchall())
    tables = stored_tables_of(store, sorted({*ids, *(prev for _, prev, _ in pairs)}))
    for rid, prev, prev_year in pairs:
        start = starts.get(rid, 0)
        for k, c in enumerate(x_checks(tables[rid], tables[prev])):
            evidence = {**c.evidence, "previous_report_id": prev, "previous_year": prev_year}
            values = (rid, start + k, c.id, c.scope, c.status, c.message, c.left, c.right,
                      json.dumps(evidence, ensure_ascii=False, sort_keys=True, default=str))
            for (col, _), v in zip(TABLES["checks"], values, strict=True):
                rows[col].append(v)

    def body() -> None:
        touched = sorted(set(ids) | set(copies))
        marks = ", ".join("?" for _ in touched)
        store.con.execute(f"DELETE FROM checks WHERE check_id IN ('X-1', 'X-2') AND report_id IN ({marks})", touched)
        store._append("checks", rows)
        store.con.execute(
            f"UPDATE reports SET n_checks = (SELECT count(*) FROM checks c WHERE c.report_id = reports.report_id), "
            f"n_checks_failed = (SELECT count(*) FROM checks c WHERE c.report_id = reports.report_id "
            f"AND c.status = 'fail') WHERE report_id IN ({marks})", touched)

    store._txn(body)
    return len(pairs)
