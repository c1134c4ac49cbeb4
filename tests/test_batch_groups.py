"""The batch writer commits reports in groups; the store does not depend on grouping or worker count.

1. one grouped transaction writes exactly the rows of one transaction per report, duplicates included;
2. a group that fails part-way leaves none of its reports;
3. ``xxgk batch`` with 1 and 2 workers writes the same store;
4. the batch's ``XXGK_*`` settings reach workers forked from a fork server started before they were set;
5. ``run_pool(tick=...)`` hands control back while no file finishes.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import duckdb
import pytest

from nlp.corpus.batch import FileTask, batch
from nlp.corpus.batch_run import process_file, run_pool, start_forkserver
from nlp.corpus.store import TABLES, VOLATILE, Store, snapshot

NAMES = ["临县人民政府-2023.txt", "沭阳县发展和改革局-2023.html", "上海市人民政府办公厅-2025.md"]


def _task(path: Path) -> FileTask:
    data = path.read_bytes()
    return FileTask(str(path), hashlib.sha256(data).hexdigest(), len(data))


@pytest.fixture(scope="module")
def parsed(real_dir):
    """Rows of three real reports plus a copy of the first one under another id and an earlier path
    (same text, so the copy is the first of the two by path and the original is its duplicate)."""
    rows = [process_file(_task(real_dir / n)).rows for n in NAMES]
    copy = {t: {c: list(v) for c, v in cols.items()} for t, cols in rows[0].items()}
    for cols in copy.values():
        cols["report_id"] = ["0" * 64] * len(cols["report_id"])
    copy["reports"]["path"] = ["/a/first-by-path.txt"]
    return [(r, [(r["reports"]["path"][0], 1)], False) for r in rows] + [(copy, [("/a/first-by-path.txt", 1)], False)]


def _snap(store: Store) -> dict:
    return snapshot(store.con)


def test_a_grouped_commit_writes_the_rows_of_one_commit_per_report(parsed, tmp_path):
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "grouped.duckdb") as grouped:
        for rows, files, had_error in parsed:
            one.write_report(rows, files, had_error=had_error)
        grouped.write_reports(parsed[:2])
        grouped.write_reports(parsed[2:])
        assert _snap(one) == _snap(grouped)
        dup = dict(grouped.con.execute("SELECT report_id, duplicate_of FROM reports").fetchall())
    original = parsed[0][0]["reports"]["report_id"][0]
    assert dup[original] == "0" * 64 and dup["0" * 64] is None  # "/a/…" sorts before the real path
    assert sum(v is not None for v in dup.values()) == 1
    n = sum(len(r["sentences"]["report_id"]) for r, _, _ in parsed)
    with duckdb.connect(str(tmp_path / "grouped.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] == n
        assert con.execute("SELECT count(*) FROM files").fetchone()[0] == len(parsed)


def test_a_group_that_fails_leaves_none_of_its_reports(parsed, tmp_path, monkeypatch):
    real_append = Store._append

    def failing_append(self, table, columns):
        if table == "checks":  # after reports, parts, sentences, findings and table_cells
            raise RuntimeError("disk full")
        real_append(self, table, columns)

    with Store(tmp_path / "c.duckdb") as store:
        store.write_reports(parsed[:1])
        before = _snap(store)
        monkeypatch.setattr(Store, "_append", failing_append)
        with pytest.raises(RuntimeError):
            store.write_reports(parsed[1:])
        assert _snap(store) == before
        monkeypatch.setattr(Store, "_append", real_append)
        store.write_reports(parsed[1:])
        assert store.con.execute("SELECT count(*) FROM reports").fetchone()[0] == len(parsed)


def test_one_and_two_workers_write_the_same_store(real_dir, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in sorted(real_dir.iterdir()):
        if f.suffix in (".txt", ".html", ".md") or f.name == "淮安市洪泽区人民政府-2024.pdf":
            for k in range(2):  # different bytes, same text: duplicates across groups and workers
                (inputs / f"{f.stem}-{k}{f.suffix}").write_bytes(f.read_bytes() + b"\n" * k)
    n = len(list(inputs.iterdir()))
    one = batch([inputs], tmp_path / "one.duckdb", jobs=1, progress=False)
    two = batch([inputs], tmp_path / "two.duckdb", jobs=2, progress=False)
    assert (one.parsed, one.errors, two.parsed, two.errors) == (n, 0, n, 0)
    assert len(two.worker_cpu_s) == 2
    snaps = []
    for name in ("one", "two"):
        with duckdb.connect(str(tmp_path / f"{name}.duckdb"), read_only=True) as con:
            snaps.append(snapshot(con))
    assert snaps[0] == snaps[1]
    assert len(snaps[0]["reports"]) == n and len(snaps[0]["files"]) == n
    kept = [c for c, _ in TABLES["reports"] if c not in VOLATILE["reports"]]  # the snapshot's columns
    duplicates = [r for r in snaps[0]["reports"] if r[kept.index("duplicate_of")] is not None]
    assert len(duplicates) == n // 2  # each "-1" copy points at its "-0" original


def test_settings_reach_workers_of_an_earlier_fork_server(real_dir, tmp_path, monkeypatch):
    start_forkserver()  # running from now on, with the environment it had before the setting below
    monkeypatch.setenv("XXGK_MAX_CHARS", "50")
    res = batch([real_dir / NAMES[0]], tmp_path / "small.duckdb", jobs=1, progress=False)
    assert (res.parsed, res.errors) == (0, 1)
    with duckdb.connect(str(tmp_path / "small.duckdb"), read_only=True) as con:
        assert con.execute("SELECT error_type FROM errors").fetchall() == [("FileTooLargeError",)]
    monkeypatch.delenv("XXGK_MAX_CHARS")
    res = batch([real_dir / NAMES[0]], tmp_path / "default.duckdb", jobs=1, progress=False)
    assert (res.parsed, res.errors) == (1, 0)


def slow_worker(task: FileTask, timeout: float | None) -> object:
    time.sleep(1.5)
    return process_file(task, timeout)


def test_run_pool_ticks_while_no_file_finishes(real_dir):
    got = list(run_pool([_task(real_dir / NAMES[0])], 1, None, worker=slow_worker, tick=0.2))
    outcomes = [o for o in got if o is not None]
    assert len(outcomes) == 1 and outcomes[0].rows is not None
    assert got[-1] is outcomes[0] and got.count(None) >= 3  # 1.5 s of waiting, a tick every 0.2 s
    assert os.path.basename(outcomes[0].path) == NAMES[0]
