"""The corpus store: a DuckDB file with one row set per report, written in whole-report transactions.

Every table carries ``report_id`` (the sha256 of the file's bytes). :func:`nlp.corpus.store_rows.report_rows`
turns a parsed report into columnar rows (it runs in the worker process); :class:`Store` is the single
writer (the batch's parent process) and commits a group of reports in one transaction with one bulk
insert per table, so a crash or ``kill -9`` loses at most the reports in flight or waiting for their
commit and never leaves a half-written report.

Tables and columns are defined once, in :data:`TABLES` (:mod:`nlp.corpus.store_schema`, which imports
neither DuckDB nor pyarrow, so workers do not load them); :mod:`nlp.corpus.store_docs` describes each (written
into the store as ``COMMENT ON`` and rendered in docs/store.md), :mod:`nlp.corpus.store_views` adds the views.
Columns listed in :data:`VOLATILE` (timings) differ between runs; everything else is a function of
the input bytes and the toolkit version.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from ..core.errors import StoreError
from .store_schema import (  # noqa: F401  (re-exported: the store's layout is imported from here too)
    _B,
    _D,
    _I,
    _S,
    KEYS,
    NOT_NULL,
    PART_SHARES,
    REPORT_TABLES,
    STORE_SCHEMA,
    TABLES,
    UNENFORCED_KEYS,
    VOLATILE,
    ErrorRow,
    Rows,
)

_ARROW = {_S: pa.string(), "JSON": pa.string(), _I: pa.int32(), "BIGINT": pa.int64(), _D: pa.float64(),
          _B: pa.bool_(), "TIMESTAMP": pa.timestamp("us"), "INTEGER[]": pa.list_(pa.int32()),
          "VARCHAR[]": pa.list_(pa.string())}



@cache
def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW[kind]) for name, kind in TABLES[table]])


def _table_sql(table: str) -> str:
    key = () if table in UNENFORCED_KEYS else KEYS[table]
    cols = ", ".join(f"{c} {t}{' NOT NULL' if c in NOT_NULL.get(table, ()) else ''}" for c, t in TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols}{', PRIMARY KEY (' + ', '.join(key) + ')' if key else ''})"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view (idempotent) with its ``COMMENT ON`` texts (:mod:`nlp.corpus.store_views`)."""
    from .store_views import comment_all, create_views

    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    if not {*TABLES, "store_info"} - have:
        return  # complete: reopening is cheap
    con.execute("BEGIN TRANSACTION")  # one commit for the few hundred catalog changes
    for table in TABLES:
        con.execute(_table_sql(table))
    con.execute("CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    if "store_info" not in have:
        con.execute("INSERT INTO store_info VALUES ('store_schema', ?)", [str(STORE_SCHEMA)])
    create_views(con)
    comment_all(con)
    con.execute("COMMIT")


def check_schema(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """:class:`StoreError` when the store was written with another layout (:data:`STORE_SCHEMA`)."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_info'").fetchone()[0]:
        return
    row = con.execute("SELECT value FROM store_info WHERE key = 'store_schema'").fetchone()
    found = row[0] if row else "unknown"
    if found != str(STORE_SCHEMA):
        raise StoreError(path, f"was written with store layout {found}; this version uses layout {STORE_SCHEMA} "
                         "(renamed columns, region, duplicate flag, views): rebuild it with "
                         f"`xxgk batch … --db NEW.duckdb` then `xxgk reuse --db NEW.duckdb`")


DUCKDB_MAGIC = b"DUCK"  # bytes 8-12 of every DuckDB database file
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
"""DuckDB may otherwise try to download an extension (e.g. for a SQLite file given as --db)."""


def check_store_file(path: str) -> None:
    """:class:`StoreError` unless ``path`` is absent, empty, or a DuckDB database file (its magic
    bytes are checked before DuckDB opens it)."""
    if path == ":memory:" or not os.path.lexists(path):
        return
    if not os.path.isfile(path):
        raise StoreError(path, "is not a regular file, so not a DuckDB database")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(path, f"cannot read the store: {exc.strerror or exc}") from None
    if not head:
        return
    if head.startswith(b"SQLite format 3"):
        raise StoreError(path, "is a SQLite database, not a DuckDB store (give a new file name for --db)")
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(path, "is not a DuckDB database (give a new file name for --db)")


def store_error(path: str, exc: BaseException) -> StoreError:
    """The :class:`StoreError` for a DuckDB exception raised while opening or writing ``path``."""
    text = " ".join(str(exc).split())
    if "lock" in text.lower():
        return StoreError(path, "the store is locked by another process (close the notebook or the other "
                          f"batch using it): {text[:200]}")
    if "space" in text.lower() or "disk" in text.lower():
        return StoreError(path, f"cannot write the store: no space left on the device ({text[:200]})")
    return StoreError(path, f"cannot use the store: {type(exc).__name__}: {text[:300]}")


def connect(path: str | os.PathLike[str], *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, unless ``read_only``, create, with its parent folders) a corpus database.

    Raises :class:`StoreError` (exit 11) when the file is not a DuckDB database, is locked by
    another process, or cannot be created."""
    path = str(path)
    check_store_file(path)
    try:
        if not read_only and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        con = duckdb.connect(path, read_only=read_only, config=NO_EXTENSIONS)
        try:
            check_schema(con, path)
        except StoreError:
            con.close()
            raise
        if not read_only:
            create_schema(con)
    except (duckdb.Error, OSError) as exc:
        raise store_error(path, exc) from None
    return con


class Store:
    """The single writer: one DuckDB connection, one transaction per report or group of reports."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self.con = connect(self.path)

    def done_ids(self, *, retry_stages: Sequence[str] = ()) -> set[str]:
        """report_ids that need no work: parsed, or failed for a reason a rerun would not change
        (``retry`` false), except failures at one of ``retry_stages`` (e.g. ``("timeout",)``)."""
        done = {r[0] for r in self.con.execute("SELECT report_id FROM reports").fetchall()}
        done |= {r[0] for r in self.con.execute(
            "SELECT report_id FROM errors WHERE NOT retry AND report_id IS NOT NULL "
            "AND NOT list_contains(?::VARCHAR[], stage)", [list(retry_stages)]).fetchall()}
        return done

    def error_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT report_id FROM errors WHERE report_id IS NOT NULL").fetchall()}

    def write_report(self, rows: Rows, files: Sequence[tuple[str, int]], *, had_error: bool = False) -> None:
        """Insert one report's rows (and the paths it was seen at) in one transaction."""
        self.write_reports([(rows, files, had_error)])

    def write_reports(self, reports: Sequence[tuple[Rows, Sequence[tuple[str, int]], bool]]) -> None:
        """Insert several reports, each ``(rows, paths it was seen at, had an error row)``, in one
        transaction with one bulk insert per table: a crash leaves all of them or none."""
        if reports:
            self._txn(lambda: self._insert_reports(reports))

    def _insert_reports(self, reports: Sequence[tuple[Rows, Sequence[tuple[str, int]], bool]]) -> None:
        redo = [rows["reports"]["report_id"][0] for rows, _, had_error in reports if had_error]
        if redo:
            self.con.execute("DELETE FROM errors WHERE list_contains(?::VARCHAR[], report_id)", [redo])
        for table in REPORT_TABLES:
            columns = {c: [v for rows, _, _ in reports for v in rows[table][c]] for c, _ in TABLES[table]}
            if columns["report_id"]:
                self._append(table, columns)
        self._files([(rows["reports"]["report_id"][0], path, size) for rows, files, _ in reports
                     for path, size in files])
        self._mark_duplicates(sorted({h for rows, _, _ in reports if (h := rows["reports"]["text_hash"][0])}))

    def _mark_duplicates(self, text_hashes: list[str]) -> None:
        """``duplicate_of`` of the reports with these texts: the first one by path (null for itself)."""
        if not text_hashes:
            return
        self.con.execute(
            "UPDATE reports SET duplicate_of = d.dup FROM (SELECT report_id AS rid, CASE WHEN row_number() OVER w = 1 "
            "THEN NULL ELSE first_value(report_id) OVER w END AS dup FROM reports "
            "WHERE list_contains(?::VARCHAR[], text_hash) "
            "WINDOW w AS (PARTITION BY text_hash ORDER BY path, report_id)) d "
            "WHERE reports.report_id = d.rid AND reports.duplicate_of IS DISTINCT FROM d.dup", [text_hashes])

    def write_error(self, error: ErrorRow, files: Sequence[tuple[str, int]]) -> None:
        """Record a failed file, one row per path its bytes were seen at (replacing earlier rows)."""
        def body() -> None:
            if error.sha256 is None:
                self.con.execute("DELETE FROM errors WHERE report_id IS NULL AND path = ?", [error.path])
            else:
                self.con.execute("DELETE FROM errors WHERE report_id = ?", [error.sha256])
            for path in sorted({error.path, *(p for p, _ in files)}):
                self.con.execute("INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 [error.sha256, path, error.sha256, error.stage, error.reason,
                                  error.error_type, error.exit_code, error.retry])
            self._files([(error.sha256, p, n) for p, n in files])
        self._txn(body)

    def add_files(self, rid: str, files: Sequence[tuple[str, int]]) -> None:
        """Record further paths of bytes already in the store (and of bytes that failed: in errors too)."""
        def body() -> None:
            self._files([(rid, p, n) for p, n in files])
            for path, _ in files:
                self.con.execute(
                    "INSERT INTO errors SELECT report_id, ?, sha256, stage, reason, error_type, exit_code, retry "
                    "FROM errors WHERE report_id = ? AND path <> ? "
                    "AND NOT EXISTS (SELECT 1 FROM errors WHERE report_id = ? AND path = ?) LIMIT 1",
                    [path, rid, path, rid, path])
        self._txn(body)

    def replace_tables(self, tables: dict[str, dict[str, list[Any]]]) -> None:
        """Replace the whole content of each named table, all in one transaction."""
        def body() -> None:
            for table, rows in tables.items():
                self.con.execute(f"DELETE FROM {table}")
                if rows.get("report_id"):
                    self._append(table, rows)
        self._txn(body)

    def _files(self, files: Sequence[tuple[str | None, str, int]]) -> None:
        """(report_id, path, size) rows of ``files``, replacing those rows' paths."""
        last = {path: (rid, size) for rid, path, size in files}  # a path given twice: the last row
        if last:
            self.con.execute("DELETE FROM files WHERE list_contains(?::VARCHAR[], path)", [list(last)])
            self._append("files", {"path": list(last), "report_id": [r for r, _ in last.values()],
                                   "size_bytes": [n for _, n in last.values()]})

    def _append(self, table: str, columns: dict[str, list[Any]]) -> None:
        self.con.register("_xxgk_rows", pa.table(columns, schema=arrow_schema(table)))
        try:
            names = ", ".join(f'"{c}"' for c, _ in TABLES[table])
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _xxgk_rows")
        finally:
            self.con.unregister("_xxgk_rows")

    def _txn(self, body: Any) -> None:
        try:
            self.con.execute("BEGIN TRANSACTION")
            try:
                body()
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            raise store_error(self.path, exc) from None

    def prepare_bulk(self) -> None:
        """Load what the bulk appends need (pyarrow, which imports pandas on first use, and the Arrow
        schemas) now, e.g. while the batch workers start, rather than on the first commit."""
        for table in REPORT_TABLES:
            pa.table({c: [] for c, _ in TABLES[table]}, schema=arrow_schema(table))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def snapshot(con: duckdb.DuckDBPyConnection, *, volatile: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in key order, without the :data:`VOLATILE` columns unless asked:
    two stores built from the same input compare equal."""
    out = {}
    for table, cols in TABLES.items():
        keep = [c for c, _ in cols if volatile or c not in VOLATILE.get(table, ())]
        names = ", ".join(f'"{c}"' for c in keep)
        order = ", ".join(f'"{c}"' for c in KEYS[table])
        out[table] = con.execute(f"SELECT {names} FROM {table} ORDER BY {order}").fetchall()
    return out
