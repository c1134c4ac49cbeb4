"""The corpus store's layout, without DuckDB or Arrow: tables, keys, the row types.

Batch workers import this (through :mod:`nlp.corpus.store_rows`) to build a report's rows; only the
writing process (:mod:`nlp.corpus.store`) loads DuckDB and pyarrow. :data:`TABLES` defines every table
and column once; :mod:`nlp.corpus.store_docs` describes each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
Rows = dict[str, dict[str, list[Any]]]  # table -> column -> values


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
