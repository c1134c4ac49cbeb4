"""Read a corpus store (the DuckDB tables of :mod:`nlp.corpus.store`) into the audit's page objects.

Only the documented columns of :data:`nlp.corpus.store.TABLES` are read. Reports are loaded in chunks,
so memory stays bounded by the chunk, not the corpus; the per-corpus state kept in memory is one
summary per report and the (year, kind, key, text) of every finding for the history columns.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

from ..corpus.batch_reuse import reuse_is_stale
from .build import report_view
from .history import agency_tracking
from .model import ClusterView, ReportSummary, ReportView
from .pages import assign_pages
from .scores import Scores
from .values import as_float, as_int


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _json(v: Any, default: Any) -> Any:
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return v


def _part5(scores: dict[str, Any], by_part: dict[int, float]) -> float | None:
    """Share of part 5 reused from the previous report (``part5.ratio``, else ``by_part[5]``)."""
    p5 = _json(scores.get("part5"), {})
    ratio = as_float(p5.get("ratio")) if isinstance(p5, dict) else None
    return ratio if ratio is not None else by_part.get(5)


class StoreReader:
    """Summaries and per-report views of one store connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()}
        self.has_reuse = self._has("reuse_scores") and bool(
            con.execute("SELECT count(*) FROM reuse_scores").fetchone()[0])
        self.stale = self._has("store_info") and reuse_is_stale(con)
        self.summaries = self._summaries()
        self.by_id = {s.id: s for s in self.summaries}
        self.missing_reuse = [s for s in self.summaries if s.scores.reuse_missing]
        self.clusters = self._clusters()
        self.history = self._history()
        self._tracking: dict[str, Any] = {}

    def _has(self, table: str) -> bool:
        return table in self.tables

    def _summaries(self) -> list[ReportSummary]:
        reports = _rows(self.con, "SELECT report_id, title, agency, agency_norm, year, concat_ws(' ', admin_level, agency_type) AS level, "
                                  "file_name, format, "
                                  "pages, n_checks, n_checks_failed FROM reports")
        scores = {r["report_id"]: r for r in (_rows(self.con, "SELECT *, (SELECT json_group_object(p.part, p.share) FROM report_part_shares p "
                                                            "WHERE p.report_id = s.report_id) AS by_part FROM reuse_scores s")
                                              if self._has("reuse_scores") else [])}
        counts: dict[str, tuple[int, int]] = {}
        if self._has("reuse_matches"):
            for rid, n, n_cross in self.con.execute(
                    "SELECT report_id, count(*), count(*) FILTER (WHERE origin = 'cross_copy') "
                    "FROM reuse_matches GROUP BY report_id").fetchall():
                counts[rid] = (int(n), int(n_cross))
        pages = assign_pages((r["report_id"], r["agency"], as_int(r["year"])) for r in reports)
        out = []
        for r in reports:
            rid = r["report_id"]
            sc = scores.get(rid, {})
            by_part = {int(k): float(v) for k, v in _json(sc.get("by_part"), {}).items() if as_float(v) is not None}
            prior = sc.get("prior_report_id")
            n, n_cross = counts.get(rid, (0, 0))
            n = as_int(sc.get("n_matches")) if sc.get("n_matches") is not None else n
            s = Scores(
                common_phrase_share=as_float(sc.get("common_phrase_share")),
                copy_group_size=as_int(sc.get("copy_group_size")) or 1,
                empty_report=bool(sc.get("empty_report")),
                reuse_missing=self.stale and not sc,
                prior_year=as_int(sc.get("prior_year")),
                prior_page=pages.get(prior),
                reuse_ratio=as_float(sc.get("reuse_ratio")),
                self_copy_share=as_float(sc.get("self_copy_share")),
                cross_copy_share=as_float(sc.get("cross_copy_share")),
                template_share=as_float(sc.get("template_share")),
                part5_ratio=_part5(sc, by_part),
                n_failed=as_int(r.get("n_checks_failed")) or 0,
                n_checks=as_int(r.get("n_checks")) or 0,
                n_matches=n,
                n_cross=n_cross,
                n_stale=len(_json(sc.get("stale_mentions"), []) or []),
                by_part=by_part,
            )
            out.append(ReportSummary(
                id=rid, page=pages[rid], title=r["title"], agency=r["agency"], agency_norm=r["agency_norm"],
                year=as_int(r["year"]), level=r["level"], file_name=r["file_name"], format=r["format"],
                pages=as_int(r["pages"]), scores=s))
        out.sort(key=lambda s: (-s.scores.suspicion, s.agency_norm or "", s.year or 0, s.id))
        return out

    def _clusters(self) -> list[ClusterView]:
        """Copy clusters, largest first (members in agency / year order)."""
        if not self._has("copy_clusters"):
            return []
        members: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.con, "SELECT * FROM copy_clusters ORDER BY cluster_id, agency_key, year, report_id"):
            members[int(r["cluster_id"])].append(r)
        out = []
        for cid, rows in members.items():
            ms = tuple((self.by_id[r["report_id"]].label, self.by_id[r["report_id"]].page, as_int(r["year"]))
                       for r in rows if r["report_id"] in self.by_id)
            out.append(ClusterView(cid, int(rows[0]["size"]), float(rows[0]["share"] or 0.0), ms))
        return sorted(out, key=lambda c: (-c.size, -c.share, c.cluster_id))

    def _history(self) -> dict[str, list[dict[str, Any]]]:
        """Every finding of every report, by normalised agency (for the history across years)."""
        if not self._has("findings"):
            return {}
        rows = _rows(self.con, "SELECT f.report_id, f.kind, f.key, f.category, f.text, r.agency_norm, r.year FROM findings f "
                               "JOIN reports r USING (report_id) ORDER BY r.year, f.report_id, f.finding_no")
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            out[r["agency_norm"] or r["report_id"]].append(r)
        return out

    def tracking(self, agency_norm: str | None) -> Any | None:
        """``nlp.findings.track`` of one agency's reports (cached; None for a single report)."""
        if not agency_norm:
            return None
        if agency_norm not in self._tracking:
            ids = [s.id for s in sorted(self.summaries, key=lambda s: (s.year or 0, s.id)) if s.agency_norm == agency_norm]
            agency = next((s.agency for s in self.summaries if s.agency_norm == agency_norm and s.agency), agency_norm)
            self._tracking[agency_norm] = agency_tracking(self.con, ids, agency)
        return self._tracking[agency_norm]

    def _chunk(self, table: str, ids: list[str], order: str, select: str = "*") -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not self._has(table):
            return out
        for r in _rows(self.con, f"SELECT {select} FROM {table} WHERE report_id IN (SELECT unnest(?::VARCHAR[])) "
                                 f"ORDER BY report_id, {order}", [ids]):
            out[r["report_id"]].append(r)
        return out

    def _matches(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not self._has("reuse_matches"):
            return out
        sql = ("SELECT m.*, o.text AS old_sentence FROM reuse_matches m LEFT JOIN sentences o "
               "ON o.report_id = m.other_report_id AND o.sentence_id = m.old_id "
               "WHERE m.report_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY m.report_id, m.new_id, m.match_no")
        for r in _rows(self.con, sql, [ids]):
            out[r["report_id"]].append(r)
        return out

    def views(self, ids: Sequence[str] | None = None, chunk: int = 100) -> Iterator[ReportView]:
        """Page objects of ``ids`` (default: every report, most suspicious first)."""
        ids = [s.id for s in self.summaries] if ids is None else list(ids)
        stale = {}
        if self._has("reuse_scores"):
            stale = {r[0]: _json(r[1], []) for r in self.con.execute(
                "SELECT report_id, stale_mentions FROM reuse_scores").fetchall()}
        labels = {s.id: (s.label, s.page, s.agency) for s in self.summaries}
        for k in range(0, len(ids), chunk):
            part = ids[k:k + chunk]
            narr = {r["report_id"]: r["narrative"] for r in _rows(
                self.con, "SELECT report_id, narrative FROM reports WHERE report_id IN (SELECT unnest(?::VARCHAR[]))",
                [part])}
            at = '*, start_char AS "start", end_char AS "end"'
            parts = self._chunk("parts", part, "part", at)
            sents = self._chunk("sentences", part, "sentence_id", at)
            finds = self._chunk("findings", part, "finding_no", at)
            checks = self._chunk("checks", part, "check_no", '*, left_value AS "left", right_value AS "right"')
            cells = self._chunk("table_cells", part, "table_id, row_no, col_no", '*, row_label AS "row", col_label AS col')
            matches = self._matches(part)
            for rid in part:
                summary = self.by_id[rid]
                yield report_view(
                    summary, narrative=narr.get(rid), parts=parts[rid], sentences=sents[rid],
                    matches=matches[rid], findings=finds[rid], checks=checks[rid], cells=cells[rid],
                    stale=stale.get(rid) or [], history=self.history.get(summary.agency_norm or rid, []),
                    labels=labels, tracking=self.tracking(summary.agency_norm),
                )

    def errors(self) -> list[dict[str, Any]]:
        if not self._has("errors"):
            return []
        return _rows(self.con, "SELECT path, stage, reason, error_type FROM errors ORDER BY path")
