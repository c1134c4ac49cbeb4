"""The start and the end of ``xxgk batch``: when the fork server starts, and what is left after the last file.

1. into a new store the fork server is started before the store is opened (its warm-up overlaps the
   hashing and DuckDB); into a store with reports only once work is known, and not at all for a rerun
   with nothing to do;
2. the store is the same whatever the start order: a new store (early start), a store that exists
   (late start), a fork server already running;
3. a fork server whose warm-up failed still gives the same store, and workers forked from it have
   the cyclic garbage collector on (it is off during the warm-up);
4. the last files are committed one by one, so one report at most is written after the last one
   came back; the wall-clock stages add up to the batch's time.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import shutil
import sys
from multiprocessing import forkserver
from pathlib import Path

import duckdb
import pytest

import nlp.corpus.batch as batch_module
import nlp.corpus.batch_write as batch_write
from nlp.corpus import store as store_module
from nlp.corpus.batch import batch
from nlp.corpus.batch_run import start_forkserver
from nlp.corpus.store import Store, snapshot

NAMES = ["临县人民政府-2023.txt", "沭阳县发展和改革局-2023.html", "上海市人民政府办公厅-2025.md",
         "淮安市洪泽区人民政府-2024.pdf"]


@pytest.fixture
def inputs(real_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(real_dir / name, folder / name)
    return folder


@pytest.fixture
def fresh_forkserver():
    """No fork server running before the test (so a start really starts one), none left after it."""
    forkserver._forkserver._stop()
    yield
    forkserver._forkserver._stop()


def _snap(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return snapshot(con)


def _record(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Events of the next batches: fork-server starts and store openings, in order."""
    events: list[str] = []
    real_start = batch_module.start_forkserver

    def start() -> None:
        events.append("start fork server")
        real_start()

    class RecordingStore(Store):
        def __init__(self, path) -> None:
            events.append("open store")
            super().__init__(path)

    monkeypatch.setattr(batch_module, "start_forkserver", start)
    monkeypatch.setattr(store_module, "Store", RecordingStore)
    return events


def test_the_fork_server_starts_first_into_a_new_store_and_only_for_work(inputs, tmp_path, monkeypatch):
    events = _record(monkeypatch)
    db = tmp_path / "c.duckdb"
    res = batch([inputs], db, jobs=1, progress=False)
    assert (res.parsed, res.errors) == (len(NAMES), 0)
    assert events == ["start fork server", "open store"]
    events.clear()
    res = batch([inputs], db, jobs=1, progress=False)  # everything stored: no work, no fork server
    assert (res.parsed, res.skipped) == (0, len(NAMES))
    assert events == ["open store"]
    events.clear()
    (inputs / "extra.txt").write_bytes((inputs / NAMES[0]).read_bytes() + b"\n")  # new bytes
    res = batch([inputs], db, jobs=1, progress=False)
    assert (res.parsed, res.skipped) == (1, len(NAMES))
    assert events == ["open store", "start fork server"]
    events.clear()
    res = batch([tmp_path / "missing.txt"], tmp_path / "none.duckdb", jobs=1, progress=False)
    assert (res.parsed, res.errors) == (0, 1) and events == ["open store"]  # nothing readable


def test_the_store_is_the_same_whatever_the_start_order(inputs, tmp_path, fresh_forkserver):
    early = batch([inputs], tmp_path / "early.duckdb", jobs=2, progress=False)  # new store: started first
    forkserver._forkserver._stop()
    Store(tmp_path / "late.duckdb").close()  # an existing (empty) store: started once work is known
    late = batch([inputs], tmp_path / "late.duckdb", jobs=2, progress=False)
    running = batch([inputs], tmp_path / "running.duckdb", jobs=1, progress=False)  # already running
    for res in (early, late, running):
        assert (res.parsed, res.errors, res.skipped) == (len(NAMES), 0, 0)
    snap = _snap(tmp_path / "early.duckdb")
    assert len(snap["reports"]) == len(NAMES) and len(snap["sentences"]) > 0 and len(snap["table_cells"]) > 0
    assert _snap(tmp_path / "late.duckdb") == snap
    assert _snap(tmp_path / "running.duckdb") == snap


def _collector_state(queue) -> None:
    queue.put((gc.isenabled(), gc.get_freeze_count() > 0, "spacy" in sys.modules))


def _forked_state() -> tuple[bool, bool, bool]:
    """(collector on, objects frozen, spaCy imported) in a process forked from the fork server."""
    ctx = mp.get_context("forkserver")
    queue = ctx.Queue()
    p = ctx.Process(target=_collector_state, args=(queue,))
    p.start()
    state = queue.get(timeout=120)
    p.join(timeout=60)
    return state


def test_a_failed_warm_up_still_gives_the_same_store(inputs, tmp_path, monkeypatch, fresh_forkserver):
    start_forkserver()
    assert _forked_state() == (True, True, True)  # a warm fork server: the collector is on again
    healthy = batch([inputs], tmp_path / "healthy.duckdb", jobs=2, progress=False)
    forkserver._forkserver._stop()
    monkeypatch.setenv("XXGK_MAX_CHARS", "5")  # the warm-up's own text is longer: its parse fails
    start_forkserver()
    monkeypatch.delenv("XXGK_MAX_CHARS")
    on, frozen, _ = _forked_state()
    assert on and frozen  # the failure left the collector on
    cold = batch([inputs], tmp_path / "cold.duckdb", jobs=2, progress=False)
    assert (healthy.parsed, cold.parsed, cold.errors) == (len(NAMES), len(NAMES), 0)
    assert _snap(tmp_path / "cold.duckdb") == _snap(tmp_path / "healthy.duckdb")


def test_only_the_last_file_is_written_after_it_came_back(inputs, tmp_path, monkeypatch):
    for k in range(3):  # 7 files, different bytes
        (inputs / f"copy-{k}.txt").write_bytes((inputs / NAMES[0]).read_bytes() + b"\n" * (k + 1))
    monkeypatch.setattr(batch_write, "GROUP_SECONDS", 1e6)  # no group is due by time
    commits: list[int] = []
    real_write = Store.write_reports

    def write_reports(self, reports):
        commits.append(len(reports))
        real_write(self, reports)

    monkeypatch.setattr(Store, "write_reports", write_reports)
    res = batch([inputs], tmp_path / "c.duckdb", jobs=1, progress=False)
    n = len(NAMES) + 3
    assert (res.parsed, res.errors) == (n, 0) and sum(commits) == n
    # 1 worker, 2 files in flight: once the last file is handed out, what waits is committed, and
    # each of the last two files alone
    assert commits == [n - 2, 1, 1]
    stages = res.wall_stages
    assert set(stages) == {"start", "files", "finish"} and min(stages.values()) >= 0
    assert stages["start"] > 0 and abs(sum(stages.values()) - res.seconds) < 0.05
    assert _snap(tmp_path / "c.duckdb")["reports"]  # written
