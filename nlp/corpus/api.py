"""``nlp.Corpus``: a batch's DuckDB store as pandas DataFrames, for notebooks.

    >>> import nlp
    >>> c = nlp.Corpus("corpus.duckdb")
    >>> c.reports(year=2024)[["file_name", "agency", "n_sentences"]]
    >>> c.sentences(agency="淮安市洪泽区人民政府", part=5)
    >>> c.checks(status="fail")
    >>> c.reports(agency="洪泽区人民政府", province="江苏省")      # the printed name, a region
    >>> c.sql("SELECT agency, count(*) AS n FROM reports GROUP BY agency")
    >>> c.export_parquet("corpus-parquet")

Filters take one value or a list of values; ``agency`` matches the agency as printed in the outputs,
its normalised form, and a name that leaves out leading place names (``洪泽区人民政府`` finds
``淮安市洪泽区人民政府``); ``agency_like`` is a substring (or a SQL LIKE pattern with ``%``). The database is opened read-only (a batch writing to it holds DuckDB's
lock: query after it finishes, or query a Parquet export).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from .store import KEYS, TABLES, connect
from .store_views import VIEWS

_REPORT_COLS = ("agency", "year", "file_name")
PARQUET_VIEWS: dict[str, tuple[str, ...]] = {
    "report_summary": tuple(VIEWS["report_summary"][2]), "report_part_shares": ("report_id", "part", "share"),
}
VIEW_KEYS = {"report_summary": ("report_id",), "report_part_shares": ("report_id", "part")}
"""Views exported next to the tables (their columns, and the columns ordering their rows)."""


class Corpus:
    """Read access to a corpus database written by ``xxgk batch``."""

    def __init__(self, path: str | os.PathLike[str] = "corpus.duckdb") -> None:
        self.path = str(path)
        if not Path(self.path).exists():
            raise FileNotFoundError(f"{self.path}: no such corpus database (run `xxgk batch … --db {self.path}`)")
        self.con = connect(self.path, read_only=True)  # magic bytes checked, no extension downloads

    # --- tables -------------------------------------------------------------------------------
    def reports(self, *, agency: Any = None, year: Any = None, admin_level: Any = None, agency_type: Any = None,
                province: Any = None, city: Any = None, county: Any = None, format: Any = None,
                agency_like: str | None = None, narrative: bool = False) -> pd.DataFrame:
        """One row per parsed report (``narrative=True`` adds the cleaned narrative text)."""
        cols = [c for c, _ in TABLES["reports"] if narrative or c != "narrative"]
        where, params = self._filters({"r.year": year, "r.admin_level": admin_level, "r.agency_type": agency_type,
                                       "r.province": province, "r.city": city, "r.county": county,
                                       "r.format": format}, agency, agency_like)
        return self._df(f"SELECT {', '.join('r.' + _q(c) for c in cols)} FROM reports r{where} "
                        "ORDER BY r.agency_norm, r.year, r.report_id", params)

    def sentences(self, report_id: Any = None, *, part: Any = None, agency: Any = None, year: Any = None,
                  contains: str | None = None) -> pd.DataFrame:
        """Sentences with their report's agency, year and file name; ``contains`` is a substring."""
        extra = {"t.report_id": report_id, "t.part": part, "r.year": year}
        where, params = self._filters(extra, agency)
        if contains:
            where += (" AND " if where else " WHERE ") + "contains(t.text, ?)"
            params.append(contains)
        return self._joined("sentences", where, params)

    def findings(self, report_id: Any = None, *, kind: Any = None, category: Any = None, agency: Any = None,
                 year: Any = None) -> pd.DataFrame:
        """Problems, commitments and improvements found in part 5."""
        where, params = self._filters({"t.report_id": report_id, "t.kind": kind, "t.category": category,
                                  "r.year": year}, agency)
        return self._joined("findings", where, params)

    def checks(self, report_id: Any = None, *, status: Any = None, check_id: Any = None, agency: Any = None,
               year: Any = None) -> pd.DataFrame:
        """Table consistency checks (``status``: pass, fail, uncertain, not_assessable)."""
        where, params = self._filters({"t.report_id": report_id, "t.status": status, "t.check_id": check_id,
                                  "r.year": year}, agency)
        return self._joined("checks", where, params)

    def cells(self, report_id: Any = None, *, table: Any = None, row: Any = None, col: Any = None,
              agency: Any = None, year: Any = None) -> pd.DataFrame:
        """Table cells (T2, T3, T4), one row per cell (``row`` / ``col``: template labels)."""
        where, params = self._filters({"t.report_id": report_id, "t.table_id": table, "t.row_label": row, "t.col_label": col,
                                  "r.year": year}, agency)
        return self._joined("table_cells", where, params)

    def parts(self, report_id: Any = None, *, part: Any = None) -> pd.DataFrame:
        where, params = self._filters({"t.report_id": report_id, "t.part": part}, None)
        return self._joined("parts", where, params)

    def errors(self) -> pd.DataFrame:
        """Files that could not be processed (path, sha256, stage, reason…)."""
        return self._df("SELECT * FROM errors ORDER BY path")

    def reuse_matches(self, report_id: Any = None, *, origin: Any = None, kind: Any = None) -> pd.DataFrame:
        where, params = self._filters({"t.report_id": report_id, "t.origin": origin, "t.kind": kind}, None)
        return self._joined("reuse_matches", where, params)

    def reuse_scores(self) -> pd.DataFrame:
        """Per-report reuse scores written by ``xxgk reuse``, with the report's agency and file."""
        return self._joined("reuse_scores", "", [])

    # --- raw access ---------------------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables, as a DataFrame."""
        return self._df(query, params or [])

    def export_parquet(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write every table, and the views :data:`PARQUET_VIEWS`, as ``DIRECTORY/<name>.parquet`` (rows in
        key order); returns the paths. Columns keep their SQL types (JSON detail columns as strings)."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in (*TABLES, *PARQUET_VIEWS):
            target = out / f"{name}.parquet"
            cols = TABLES.get(name) or [(c, "") for c in PARQUET_VIEWS[name]]
            select = ", ".join(f"{c}::VARCHAR AS {c}" if t == "JSON" else c for c, t in cols)
            order = ", ".join(KEYS.get(name) or VIEW_KEYS[name])
            self.con.execute(f"COPY (SELECT {select} FROM {name} ORDER BY {order}) TO '{_lit(target)}' "
                             "(FORMAT parquet)")
            written.append(target)
        return written

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        n = self.con.execute("SELECT count(*) FROM reports").fetchone()[0]
        return f"Corpus({self.path!r}, reports={n})"

    def _joined(self, table: str, where: str, params: list[Any]) -> pd.DataFrame:
        order = ", ".join("t." + _q(c) for c in KEYS[table])
        own = {c for c, _ in TABLES[table]}
        head = ", ".join(f"r.{c}" for c in _REPORT_COLS if c not in own)
        return self._df(f"SELECT t.*, {head} FROM {table} t LEFT JOIN reports r USING (report_id){where} "
                        f"ORDER BY {order}", params)

    def _df(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(query, params or []).df()

    def agencies(self, name: Any) -> list[str]:
        """The stored agency names (``reports.agency``) that ``name`` (one or a list) denotes: equal as
        printed, equal once normalised, or equal up to leading place names."""
        from ..reuse.side import same_agency
        from .store_rows import normalise_agency

        names = list(name) if isinstance(name, list | tuple | set) else [name]
        stored = [r[0] for r in self.con.execute(
            "SELECT DISTINCT agency FROM reports WHERE agency IS NOT NULL ORDER BY 1").fetchall()]
        norms = {normalise_agency(n) for n in names}
        return [a for a in stored if a in names or normalise_agency(a) in norms
                or any(same_agency(a, n) for n in names)]

    def _filters(self, columns: dict[str, Any], agency: Any = None,
                 agency_like: str | None = None) -> tuple[str, list[Any]]:
        """A WHERE clause (with leading space) and its parameters; ``None`` filters are left out."""
        if agency is not None:
            columns = {**columns, "r.agency": self.agencies(agency) or [None]}
        clauses, params = [], []
        for col, value in columns.items():
            if value is None:
                continue
            values = list(value) if isinstance(value, list | tuple | set) else [value]
            clauses.append(f"{col} IN ({', '.join('?' * len(values))})")
            params += values
        if agency_like is not None:
            pattern = agency_like if "%" in agency_like or "_" in agency_like else f"%{agency_like}%"
            clauses.append("(r.agency LIKE ? OR r.agency_norm LIKE ?)")
            params += [pattern, pattern]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _q(col: str) -> str:
    return f'"{col}"'


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
