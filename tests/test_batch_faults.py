"""Fault tolerance of the batch workers: a worker that dies, a parse that times out, walking inputs."""

from __future__ import annotations

import hashlib
import os

from nlp.corpus.batch import FileTask, identify, walk
from nlp.corpus.batch_run import process_file, run_pool

CRASH_MARK = "沭阳县"


def crashing_worker(task: FileTask, timeout: float | None) -> object:
    """Kills its own process on one file (as a segfault or the OOM killer would)."""
    if CRASH_MARK in task.path:
        os._exit(70)
    return process_file(task, timeout)


def _task(path) -> FileTask:
    data = path.read_bytes()
    return FileTask(str(path), hashlib.sha256(data).hexdigest(), len(data))


def test_a_dying_worker_fails_only_its_own_file(real_dir):
    names = ["临县人民政府-2023.txt", "沭阳县发展和改革局-2023.html", "上海市人民政府办公厅-2025.md",
             "上海市人民政府办公厅-2019.html"]
    tasks = [_task(real_dir / n) for n in names]
    outcomes = {os.path.basename(o.path): o for o in run_pool(tasks, 2, None, worker=crashing_worker)}
    assert set(outcomes) == set(names)
    dead = outcomes.pop("沭阳县发展和改革局-2023.html")
    assert dead.rows is None and dead.error.stage == "worker" and dead.error.retry
    for name, o in outcomes.items():
        assert o.error is None, (name, o.error)
        assert o.rows["reports"]["file_name"] == [name]


def test_timeout_and_changed_file(real_dir, tmp_path):
    task = _task(real_dir / "淮安市人民政府-2024.pdf")
    out = process_file(task, timeout=0.01)
    assert out.error.stage == "timeout" and not out.error.retry  # rerun only with --retry-timeouts
    changed = tmp_path / "a.txt"
    changed.write_text("一、总体情况\n本机关主动公开信息。\n", encoding="utf-8")
    t = _task(changed)
    changed.write_text("changed", encoding="utf-8")
    out = process_file(t)
    assert out.error.stage == "read" and out.error.reason == "file changed after it was hashed"


def test_walk_and_identify(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel, data in [("b.txt", b"x"), ("sub/a.pdf", b"%PDF"), ("sub/c.TXT", b"x"), ("notes.csv", b"1"),
                      (".hidden/d.txt", b"d"), ("~$lock.docx", b"")]:
        (tmp_path / rel).write_bytes(data)
    found = list(walk([tmp_path, tmp_path / "notes.csv", tmp_path / "missing.txt"]))
    names = [os.path.relpath(p, tmp_path) for p in found]
    assert names == ["b.txt", "sub/a.pdf", "sub/c.TXT", "notes.csv", "missing.txt"]
    tasks, seen_at, unreadable = identify(found)
    assert len(tasks) == 3  # b.txt and sub/c.TXT are the same bytes; notes.csv is named explicitly
    same = hashlib.sha256(b"x").hexdigest()
    assert [os.path.basename(p) for p, _ in seen_at[same]] == ["b.txt", "c.TXT"]
    assert [(os.path.basename(e.path), e.stage, e.reason) for e in unreadable] == [
        ("missing.txt", "read", "no such file")]
