"""``batch(scheduler=...)``: the real corpus parsed on the workers of a Dask cluster (a LocalCluster
of 2 worker processes reached by its scheduler address, as a remote cluster is) writes the same
store as a local 1-job run; the driver is the only writer."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from nlp.corpus.batch import batch
from nlp.corpus.store import snapshot


def _snap(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return snapshot(con)


@pytest.fixture(scope="module")
def local_run(real_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    return db, batch([real_dir], db, jobs=1, progress=False)


def test_dask_cluster_by_address_writes_the_same_store(real_dir: Path, local_run, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    db, local = local_run
    expected = len([p for p in os.listdir(real_dir) if p.rsplit(".", 1)[-1] in ("pdf", "html", "md", "txt")])
    assert local.parsed == expected and local.errors == 0  # every real report, PDFs included
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "dask.duckdb"
        res = batch([real_dir], out, jobs=1, scheduler=cluster.scheduler_address, progress=False)
    assert (res.parsed, res.errors, res.failed) == (local.parsed, 0, 0)
    assert len(res.worker_peak_rss_mb) == 2  # both cluster workers parsed files
    assert os.getpid() not in res.worker_peak_rss_mb  # parsed on the workers, not in the driver
    snap = _snap(out)
    assert snap == _snap(db)
    assert len(snap["reports"]) == expected and snap["table_cells"]


def test_scheduler_local_and_the_deprecated_dask_keyword(real_dir: Path, local_run, tmp_path: Path) -> None:
    db, local = local_run
    pdfs = [str(p) for p in sorted(real_dir.glob("*.pdf"))]
    out = tmp_path / "local-cluster.duckdb"
    res = batch(pdfs, out, jobs=2, scheduler="local", progress=False)
    assert res.parsed == len(pdfs) == 3 and len(res.worker_peak_rss_mb) == 2
    rerun = tmp_path / "alias.duckdb"
    with pytest.warns(DeprecationWarning, match="scheduler"):
        again = batch(pdfs[:1], rerun, jobs=1, dask="local", progress=False)
    assert again.parsed == 1
    with duckdb.connect(str(out), read_only=True) as con, duckdb.connect(str(db), read_only=True) as ref:
        query = "SELECT report_id, n_sentences, n_cells FROM reports ORDER BY report_id"
        got = con.execute(query).fetchall()
        want = [r for r in ref.execute(query).fetchall() if r[0] in {g[0] for g in got}]
    assert got == want and len(got) == 3
