"""The corpus store: a DuckDB file with one row set per report, written one transaction per report.

Every table carries ``report_id`` (the sha256 of the file's bytes). :func:`nlp.corpus.store_rows.report_rows`
turns a parsed report into columnar rows (it runs in the worker process); :class:`Store` is the single
writer (the batch's parent process) and commits each report's rows in one transaction, so a crash
or ``kill -9`` loses at most the reports in flight and never leaves a half-written report.

Tables and columns are defined once, in :data:`TABLES`; :mod:`nlp.corpus.store_docs` describes each (written
into the store as ``COMMENT ON`` and rendered in docs/store.md), :mod:`nlp.corpus.store_views` adds the views.
Columns listed in :data:`VOLATILE` (timings) differ between runs; everything else is a function of
the input bytes and the toolkit version.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ..core.errors import StoreError

STORE_SCHEMA = 2
"""Version of the store's layout; a store written with another version must be rebuilt."""
VOLATILE: dict[str, tuple[str, ...]] = {"reports": ("processed_at", "elapsed_s")}

_S, _I, _D, _B = "VARCHAR", "INTEGER", "DOUBLE", "BOOLEAN"
PART_SHARES = tuple(f"part_{p}_share" for p in range(8))
"""reuse_scores columns: share of each part (0–7) reused from the prior report."""
# table -> ((column, DuckDB type), ...); the first columns are the table's natural key. Every
# table and column is described in nlp.corpus.store_docs (COMMENT ON …, docs/store.md).
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "reports": (
        ("report_id", _S), ("path", _S), ("file_name", _S), ("format", _S), ("size_bytes", "BIGINT"),
        ("pages", _I), ("title", _S), ("agency", _S), ("agency_norm", _S), ("year", _I), ("province", _S),
        ("city", _S), ("county", _S), ("admin_level", _S), ("agency_type", _S),
        ("published", _S), ("n_parts", _I), ("n_sentences", _I), ("n_findings", _I), ("n_cells", _I),
        ("n_checks", _I), ("n_checks_failed", _I), ("narrative_chars", _I), ("cid_chars", _I),
        ("empty_pages", "INTEGER[]"), ("warnings", "VARCHAR[]"), ("tables_meta", "JSON"),
        ("narrative", _S), ("text_hash", _S), ("duplicate_of", _S), ("schema", _S), ("toolkit_version", _S),
        ("processed_at", "TIMESTAMP"), ("elapsed_s", _D), ("ocr_pages", "INTEGER[]"), ("ocr_confidence", _D),
    ),
    "files": (("path", _S), ("report_id", _S), ("size_bytes", "BIGINT")),
    "parts": (
        ("report_id", _S), ("part", _I), ("title", _S), ("start_char", _I), ("end_char", _I),
        ("heading_found", _B), ("n_sentences", _I),
    ),
    "sentences": (
        ("report_id", _S), ("sentence_id", _I), ("text", _S), ("part", _I), ("part_source", _S),
        ("part_score", _D), ("start_char", _I), ("end_char", _I), ("page", _I),
    ),
    "findings": (
        ("report_id", _S), ("finding_no", _I), ("kind", _S), ("text", _S), ("detail", _S), ("key", _S),
        ("category", _S), ("part", _I), ("sentence_id", _I), ("start_char", _I), ("end_char", _I),
        ("links", "INTEGER[]"),
    ),
    "table_cells": (
        ("report_id", _S), ("table_id", _S), ("row_label", _S), ("col_label", _S), ("row_no", _I),
        ("col_no", _I), ("state", _S), ("value", _D), ("value_text", _S), ("raw", _S),
    ),
    "checks": (
        ("report_id", _S), ("check_no", _I), ("check_id", _S), ("scope", _S), ("status", _S),
        ("message", _S), ("left_value", _D), ("right_value", _D), ("evidence", "JSON"),
    ),
    "errors": (
        ("report_id", _S), ("path", _S), ("sha256", _S), ("stage", _S), ("reason", _S),
        ("error_type", _S), ("exit_code", _I), ("retry", _B),
    ),
    "reuse_matches": (
        ("report_id", _S), ("match_no", _I), ("other_report_id", _S), ("relation", _S), ("new_id", _I),
        ("old_id", _I), ("part", _I), ("new_start", _I), ("new_end", _I), ("old_start", _I), ("old_end", _I),
        ("kind", _S), ("origin", _S), ("similarity", _D), ("new_text", _S), ("old_text", _S),
        ("year_gap", _I), ("reason", _S),
    ),
    "reuse_scores": (
        ("report_id", _S), ("agency_key", _S), ("year", _I), ("prior_report_id", _S), ("prior_year", _I),
        ("reuse_ratio", _D), *((c, _D) for c in PART_SHARES), ("n_matches", _I), ("match_kinds", "JSON"),
        ("match_origins", "JSON"), ("lazy_prices_cosine", _D), ("lazy_prices_jaccard", _D),
        ("boilerplate_share", _D), ("part5_ratio", _D), ("part5", "JSON"),
        ("stale_mentions", "JSON"), ("corpus_reuse_prev", _D), ("self_copy_share", _D), ("cross_copy_share", _D),
        ("template_share", _D), ("common_phrase_share", _D), ("prior_gap", _I), ("empty_report", _B),
        ("copy_cluster", _I), ("copy_group_size", _I),
    ),
    # report-level near-duplicates (nlp.reuse.origin): one row per pair, report_id < other_report_id
    "copy_pairs": (
        ("report_id", _S), ("other_report_id", _S), ("share", _D), ("shared_chars", _I), ("chars", _I),
        ("other_shared_chars", _I), ("other_chars", _I), ("cluster_id", _I),
    ),
    # connected components of copy pairs: one row per member report
    "copy_clusters": (
        ("report_id", _S), ("cluster_id", _I), ("size", _I), ("agency_key", _S), ("year", _I), ("share", _D),
    ),
}
KEYS: dict[str, tuple[str, ...]] = {
    "reports": ("report_id",), "files": ("path",), "parts": ("report_id", "part"),
    "sentences": ("report_id", "sentence_id"), "findings": ("report_id", "finding_no"),
    "table_cells": ("report_id", "table_id", "row_no", "col_no"), "checks": ("report_id", "check_no"),
    "errors": ("report_id", "path"), "reuse_matches": ("report_id", "match_no"), "reuse_scores": ("report_id",),
    "copy_pairs": ("report_id", "other_report_id"), "copy_clusters": ("report_id",),
}
UNENFORCED_KEYS = ("errors",)
"""Tables whose key is not a PRIMARY KEY: a file that failed before it was read has no report_id."""
NOT_NULL: dict[str, tuple[str, ...]] = {"errors": ("path", "stage"), "files": ("path",)}
"""Further NOT NULL columns (every key column of a PRIMARY KEY is NOT NULL too)."""
REPORT_TABLES = ("reports", "parts", "sentences", "findings", "table_cells", "checks")
_ARROW = {_S: pa.string(), "JSON": pa.string(), _I: pa.int32(), "BIGINT": pa.int64(), _D: pa.float64(),
          _B: pa.bool_(), "TIMESTAMP": pa.timestamp("us"), "INTEGER[]": pa.list_(pa.int32()),
          "VARCHAR[]": pa.list_(pa.string())}

Rows = dict[str, dict[str, list[Any]]]  # table -> column -> values


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


@dataclass(frozen=True)
class ErrorRow:
    """One file that failed: ``retry`` is True only for failures that may not recur (a dead worker, a
    file that could not be opened); a rerun tries those files again. Deterministic failures
    (documented errors, internal errors, timeouts) are not rerun; timeouts only with
    ``batch(retry_timeouts=True)`` / ``xxgk batch --retry-timeouts``."""

    path: str
    sha256: str | None
    stage: str
    reason: str
    error_type: str
    exit_code: int
    retry: bool = False


class Store:
    """The single writer: one DuckDB connection, one transaction per report."""

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
        rid = rows["reports"]["report_id"][0]
        self._txn(lambda: self._insert_report(rid, rows, files, had_error))

    def _insert_report(self, rid: str, rows: Rows, files: Sequence[tuple[str, int]], had_error: bool) -> None:
        if had_error:
            self.con.execute("DELETE FROM errors WHERE report_id = ?", [rid])
        for table in REPORT_TABLES:
            if rows[table]["report_id"]:
                self._append(table, rows[table])
        self._files(rid, files)
        self._mark_duplicates(rows["reports"]["text_hash"][0])

    def _mark_duplicates(self, text_hash: str | None) -> None:
        """``duplicate_of`` of the reports with this text: the first one by path (null for itself)."""
        if text_hash is None:
            return
        first = self.con.execute("SELECT report_id FROM reports WHERE text_hash = ? ORDER BY path, report_id "
                                 "LIMIT 1", [text_hash]).fetchone()[0]
        self.con.execute("UPDATE reports SET duplicate_of = CASE WHEN report_id = ? THEN NULL ELSE ? END "
                         "WHERE text_hash = ? AND duplicate_of IS DISTINCT FROM "
                         "(CASE WHEN report_id = ? THEN NULL ELSE ? END)", [first, first, text_hash, first, first])

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
            self._files(error.sha256, files)
        self._txn(body)

    def add_files(self, rid: str, files: Sequence[tuple[str, int]]) -> None:
        """Record further paths of bytes already in the store (and of bytes that failed: in errors too)."""
        def body() -> None:
            self._files(rid, files)
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

    def _files(self, rid: str | None, files: Sequence[tuple[str, int]]) -> None:
        for path, size in files:
            self.con.execute("DELETE FROM files WHERE path = ?", [path])
            self.con.execute("INSERT INTO files VALUES (?, ?, ?)", [path, rid, size])

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
