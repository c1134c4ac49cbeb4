"""``xxgk audit --db corpus.duckdb --out DIR``: the static audit site of a corpus store.

Layout of ``DIR``: ``index.html`` (reports, most suspicious first, sortable and filterable),
``reports/<agency>-<year>.html`` (one page per report), ``plots.html`` and ``plots/*.svg``,
``downloads/`` (CSV and XLSX of the index and of each report's findings and checks), ``assets/``
(CSS and JS). Everything is local: the site opens from disk with no network. Files are written
atomically and only inside ``DIR`` (:mod:`nlp.core.outfile`); ``DIR/.xxgk-manifest.json`` lists what the
build wrote, and a rebuild deletes only files of that list it did not write again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..core.outfile import ensure_dir, recording, replace_manifest
from ..corpus.store import connect
from .load import StoreReader
from .plots import write_plots
from .render import copy_assets, write_index, write_plots_page, write_reports

DEFAULT_TITLE = "政府信息公开年报审核"


@dataclass(frozen=True)
class Site:
    """What :func:`build_site` wrote."""

    out: Path
    index: Path
    reports: tuple[Path, ...]
    plots: tuple[Path, ...]

    @property
    def n_reports(self) -> int:
        return len(self.reports)


def build_site(db: str | os.PathLike[str] | duckdb.DuckDBPyConnection, out: str | os.PathLike[str], *,
               title: str = DEFAULT_TITLE) -> Site:
    """Write the audit site of the store ``db`` (a path, opened read-only, or an open connection)."""
    own = not isinstance(db, duckdb.DuckDBPyConnection)
    if own and not Path(db).exists():
        raise FileNotFoundError(f"{db}: no such corpus database (run `xxgk batch … --db {db}`)")
    con = connect(str(db), read_only=True) if own else db
    try:
        return _build(con, Path(out), title)
    finally:
        if own:
            con.close()


def _build(con: duckdb.DuckDBPyConnection, out: Path, title: str) -> Site:
    reader = StoreReader(con)
    ensure_dir(out)
    with recording(out) as written:  # every write stays inside ``out`` and is recorded
        site = _write_site(con, reader, out, title)
        replace_manifest(out, written)  # pages of an earlier build that no longer exist; nothing else
    return site


def _write_site(con: duckdb.DuckDBPyConnection, reader: StoreReader, out: Path, title: str) -> Site:
    copy_assets(out)
    plots = write_plots(con, out / "plots")
    note = None
    if reader.summaries and not reader.has_reuse:
        note = "库中还没有沿用评分：请运行 `xxgk reuse --db …` 后重新生成网站，才能看到抄用情况。"
    elif reader.stale:
        note = (f"沿用评分已过时：上次 `xxgk reuse` 之后新增了 {len(reader.missing_reuse)} 份报告（标记为“未计算沿用”），"
                "其他报告的抄用评分也可能随之变化。请运行 `xxgk reuse --db …` 后重新生成网站。")
    elif reader.summaries and not any(s.scores.prior_year for s in reader.summaries):
        note = "库中没有哪份报告有同一机关的往年报告：无法逐年对比。"
    index = write_index(out, reader.summaries, plots, title=title, errors=reader.errors(), note=note,
                        clusters=reader.clusters)
    write_plots_page(out, plots, title=title)
    pages = write_reports(out, reader.views(), title=title)
    return Site(out, index, tuple(pages), tuple(out / "plots" / p.name for p in plots if p.empty is None))
