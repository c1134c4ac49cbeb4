"""The store's views (the common questions) and its ``COMMENT ON`` statements.

Every view column is described here; :func:`comment_all` writes these texts and those of
:data:`nlp.corpus.store_docs.TABLE_DOCS` into the store (:mod:`nlp.corpus.store_reference` renders them for docs/store.md).
"""

from __future__ import annotations

from typing import Any

from .store_docs import TABLE_DOCS

_T = TABLE_DOCS
_R, _S = _T["reports"][1], _T["reuse_scores"][1]
_SUMMARY_REPORT = ("report_id", "file_name", "format", "agency", "agency_norm", "year", "province", "city",
                   "county", "admin_level", "agency_type", "pages", "n_sentences", "n_findings", "n_checks",
                   "n_checks_failed", "narrative_chars", "duplicate_of")
_SUMMARY_SCORES = ("agency_key", "prior_report_id", "prior_year", "prior_gap", "reuse_ratio", "self_copy_share",
                   "cross_copy_share", "template_share", "common_phrase_share", "boilerplate_share",
                   "lazy_prices_cosine", "lazy_prices_jaccard", "part5_ratio",
                   *(f"part_{p}_share" for p in range(8)), "copy_cluster", "copy_group_size")

VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "report_summary": (
        "One row per report with its region and key reuse scores as columns (null before `xxgk reuse`).",
        f"SELECT {', '.join('r.' + c for c in _SUMMARY_REPORT)}, {', '.join('s.' + c for c in _SUMMARY_SCORES)} "
        "FROM reports r LEFT JOIN reuse_scores s USING (report_id)",
        {**{c: _R[c] for c in _SUMMARY_REPORT}, **{c: _S[c] for c in _SUMMARY_SCORES}},
    ),
    "report_part_shares": (
        "Share of each part reused from the prior report, one row per report and part (long form of "
        "reuse_scores.part_N_share).",
        " UNION ALL ".join(f"SELECT report_id, {p} AS part, part_{p}_share AS share FROM reuse_scores "
                           f"WHERE part_{p}_share IS NOT NULL" for p in range(8)),
        {"report_id": _R["report_id"], "part": _T["parts"][1]["part"],
         "share": "share (0–1) of the part reused from the prior report"},
    ),
    "reuse_pairs": (
        "Each report with the prior report of its agency it was compared with (one row per pair).",
        "SELECT s.report_id, r.agency, s.agency_key, s.year, r.file_name, s.prior_report_id, s.prior_year, "
        "p.file_name AS prior_file_name, s.prior_gap, s.reuse_ratio, s.part5_ratio, s.self_copy_share, "
        "s.lazy_prices_cosine, s.n_matches FROM reuse_scores s JOIN reports r USING (report_id) "
        "JOIN reports p ON p.report_id = s.prior_report_id",
        {"report_id": "the newer report", "agency": _R["agency"], "agency_key": _S["agency_key"],
         "year": "year of the newer report", "file_name": "file name of the newer report",
         "prior_report_id": _S["prior_report_id"], "prior_year": _S["prior_year"],
         "prior_file_name": "file name of the prior report", "prior_gap": _S["prior_gap"],
         "reuse_ratio": _S["reuse_ratio"], "part5_ratio": _S["part5_ratio"],
         "self_copy_share": _S["self_copy_share"], "lazy_prices_cosine": _S["lazy_prices_cosine"],
         "n_matches": _S["n_matches"]},
    ),
    "copy_pair_reports": (
        "copy_pairs with the agency, year and file of both reports.",
        "SELECT c.report_id, a.agency, a.year, a.file_name, c.other_report_id, b.agency AS other_agency, "
        "b.year AS other_year, b.file_name AS other_file_name, c.share, c.cluster_id FROM copy_pairs c "
        "JOIN reports a ON a.report_id = c.report_id JOIN reports b ON b.report_id = c.other_report_id",
        {"report_id": "one report", "agency": "its agency", "year": "its year", "file_name": "its file name",
         "other_report_id": "the other report", "other_agency": "the other report's agency",
         "other_year": "the other report's year", "other_file_name": "the other report's file name",
         "share": _T["copy_pairs"][1]["share"], "cluster_id": _T["copy_pairs"][1]["cluster_id"]},
    ),
    "findings_by_category_year": (
        "Number of findings per year, kind and category.",
        "SELECT r.year, f.kind, f.category, count(*) AS n_findings, count(DISTINCT f.report_id) AS n_reports "
        "FROM findings f JOIN reports r USING (report_id) GROUP BY r.year, f.kind, f.category",
        {"year": _R["year"], "kind": _T["findings"][1]["kind"], "category": _T["findings"][1]["category"],
         "n_findings": "findings of this year, kind and category",
         "n_reports": "reports with at least one such finding"},
    ),
    "failed_checks": (
        "Checks that failed, with the report's agency, year and file.",
        "SELECT c.report_id, r.agency, r.year, r.file_name, c.check_no, c.check_id, c.scope, c.message, "
        "c.left_value, c.right_value, c.left_value - c.right_value AS difference "
        "FROM checks c JOIN reports r USING (report_id) WHERE c.status = 'fail'",
        {"report_id": _R["report_id"], "agency": _R["agency"], "year": _R["year"], "file_name": _R["file_name"],
         **{c: _T["checks"][1][c] for c in ("check_no", "check_id", "scope", "message", "left_value",
                                             "right_value")},
         "difference": "left_value − right_value"},
    ),
    "duplicate_reports": (
        "Reports whose text is already in the store under another file (same text_hash).",
        "SELECT d.report_id, d.file_name, d.format, d.duplicate_of, o.file_name AS original_file_name, "
        "o.format AS original_format FROM reports d JOIN reports o ON o.report_id = d.duplicate_of",
        {"report_id": "the later copy", "file_name": "its file name", "format": "its format",
         "duplicate_of": _R["duplicate_of"], "original_file_name": "file name of the first copy",
         "original_format": "format of the first copy"},
    ),
}


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_views(con: Any) -> None:
    for name, (_, sql, _) in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")


def comment_all(con: Any) -> None:
    """``COMMENT ON`` every table, view and column described here."""
    for kind, docs in (("TABLE", {t: (d, c) for t, (d, c) in TABLE_DOCS.items()}),
                       ("VIEW", {v: (d, c) for v, (d, _, c) in VIEWS.items()})):
        for name, (doc, cols) in docs.items():
            con.execute(f"COMMENT ON {kind} {name} IS {_lit(doc)}")
            for col, text in cols.items():
                con.execute(f"COMMENT ON COLUMN {name}.{col} IS {_lit(text)}")
