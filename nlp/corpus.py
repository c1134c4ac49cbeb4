"""``nlp.Corpus``: a batch's DuckDB store as pandas DataFrames, for notebooks.

    >>> import nlp
    >>> c = nlp.Corpus("corpus.duckdb")
    >>> c.reports(year=2024)[["file_name", "agency", "n_sentences"]]
    >>> c.sentences(agency="淮安市洪泽区人民政府", part=5)
    >>> c.checks(status="fail")
    >>> c.sql("SELECT agency, count(*) AS n FROM reports GROUP BY agency")
    >>> c.export_parquet("corpus-parquet")

Filters take one value or a list of values; ``agency`` matches ``reports.agency`` or its normalised
form ``agency_norm``. The database is opened read-only (a batch writing to it holds DuckDB's
lock: query after it finishes, or query a Parquet export).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from .store import KEYS, TABLES, connect

_REPORT_COLS = ("agency", "year", "file_name")


class Corpus:
    """Read access to a corpus database written by ``xxgk batch``."""

    def __init__(self, path: str | os.PathLike[str] = "corpus.duckdb") -> None:
        self.path = str(path)
        if not Path(self.path).exists():
            raise FileNotFoundError(f"{self.path}: no such corpus database (run `xxgk batch … --db {self.path}`)")
        self.con = connect(self.path, read_only=True)  # magic bytes checked, no extension downloads

    # --- tables -------------------------------------------------------------------------------
    def reports(self, *, agency: Any = None, year: Any = None, level: Any = None, format: Any = None,
                narrative: bool = False) -> pd.DataFrame:
        """One row per parsed report (``narrative=True`` adds the cleaned narrative text)."""
        cols = [c for c, _ in TABLES["reports"] if narrative or c != "narrative"]
        where, params = _filters({"r.year": year, "r.level": level, "r.format": format}, agency)
        return self._df(f"SELECT {', '.join('r.' + _q(c) for c in cols)} FROM reports r{where} "
                        "ORDER BY r.agency_norm, r.year, r.report_id", params)

    def sentences(self, report_id: Any = None, *, part: Any = None, agency: Any = None, year: Any = None,
                  contains: str | None = None) -> pd.DataFrame:
        """Sentences with their report's agency, year and file name; ``contains`` is a substring."""
        extra = {"t.report_id": report_id, "t.part": part, "r.year": year}
        where, params = _filters(extra, agency)
        if contains:
            where += (" AND " if where else " WHERE ") + "contains(t.text, ?)"
            params.append(contains)
        return self._joined("sentences", where, params)

    def findings(self, report_id: Any = None, *, kind: Any = None, category: Any = None, agency: Any = None,
                 year: Any = None) -> pd.DataFrame:
        """Problems, commitments and improvements found in part 5."""
        where, params = _filters({"t.report_id": report_id, "t.kind": kind, "t.category": category,
                                  "r.year": year}, agency)
        return self._joined("findings", where, params)

    def checks(self, report_id: Any = None, *, status: Any = None, check_id: Any = None, agency: Any = None,
               year: Any = None) -> pd.DataFrame:
        """Table consistency checks (``status``: pass, fail, uncertain, not_assessable)."""
        where, params = _filters({"t.report_id": report_id, "t.status": status, "t.check_id": check_id,
                                  "r.year": year}, agency)
        return self._joined("checks", where, params)

    def cells(self, report_id: Any = None, *, table: Any = None, row: Any = None, col: Any = None,
              agency: Any = None, year: Any = None) -> pd.DataFrame:
        """Table cells (T2, T3, T4), one row per cell."""
        where, params = _filters({"t.report_id": report_id, "t.table_id": table, "t.row": row, "t.col": col,
                                  "r.year": year}, agency)
        return self._joined("table_cells", where, params)

    def parts(self, report_id: Any = None, *, part: Any = None) -> pd.DataFrame:
        where, params = _filters({"t.report_id": report_id, "t.part": part}, None)
        return self._joined("parts", where, params)

    def errors(self) -> pd.DataFrame:
        """Files that could not be processed (path, sha256, stage, reason…)."""
        return self._df("SELECT * FROM errors ORDER BY path")

    def reuse_matches(self, report_id: Any = None, *, origin: Any = None, kind: Any = None) -> pd.DataFrame:
        where, params = _filters({"t.report_id": report_id, "t.origin": origin, "t.kind": kind}, None)
        return self._joined("reuse_matches", where, params)

    def reuse_scores(self) -> pd.DataFrame:
        """Per-report reuse scores written by ``xxgk reuse``, with the report's agency and file."""
        return self._joined("reuse_scores", "", [])

    # --- raw access ---------------------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables, as a DataFrame."""
        return self._df(query, params or [])

    def export_parquet(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write every table as ``DIRECTORY/<table>.parquet`` (rows in key order); returns the paths."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            target = out / f"{table}.parquet"
            order = ", ".join(_q(c) for c in KEYS[table])
            self.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{_lit(target)}' "
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


def _q(col: str) -> str:
    return f'"{col}"'


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")


def _filters(columns: dict[str, Any], agency: Any) -> tuple[str, list[Any]]:
    """A WHERE clause (with leading space) and its parameters; ``None`` filters are left out."""
    clauses, params = [], []
    for col, value in columns.items():
        if value is None:
            continue
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        clauses.append(f"{col} IN ({', '.join('?' * len(values))})")
        params += values
    if agency is not None:
        from .store_rows import normalise_agency

        names = list(agency) if isinstance(agency, list | tuple | set) else [agency]
        marks = ", ".join("?" * len(names))
        clauses.append(f"(r.agency IN ({marks}) OR r.agency_norm IN ({marks}))")
        params += names + [normalise_agency(n) for n in names]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
