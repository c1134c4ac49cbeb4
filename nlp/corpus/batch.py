"""``xxgk batch``: parse many reports into one DuckDB corpus, resumably, on a process pool or Dask.

The parent walks the inputs, hashes every file (sha256 of its bytes = ``report_id``; the same bytes
at several paths are parsed once), skips what the store already holds, and hands the rest to
worker processes (:mod:`nlp.corpus.batch_run`), largest first. The workers are forked from a fork server
that loads jieba, spaCy and the models once; into a new store it is started before anything else (before
the hashing, DuckDB and the store), so that its warm-up, which every file waits for, overlaps this
process's own start. The workers return plain columnar rows. This process is the single writer: it
commits the reports in groups (every ``GROUP_SECONDS`` or ``GROUP_FILES`` reports), one transaction and
one bulk insert per table per group, and each of the last files at once (while the others are parsed,
so little is left to write after the last one). A failed file becomes a row in ``errors`` and the batch
carries on.

    xxgk batch ../shared/corpus/real --db corpus.duckdb --jobs 2
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import EXTENSIONS
from ..ingest.limits import DEFAULTS, limit
from ..ingest.source import kind_of
from .batch_dask import run_dask
from .batch_run import FileTask, run_pool, start_forkserver
from .batch_write import GROUP_SECONDS, Group, new_store, prepare_writer, progress_bar, write_progress
from .store_schema import ErrorRow

__all__ = ["BatchResult", "FileTask", "batch", "identify", "walk"]


@dataclass(frozen=True)
class BatchResult:
    """What a batch did. ``failed`` counts input files whose bytes are in ``errors`` at the end."""

    files: int
    unique: int
    skipped: int
    parsed: int
    errors: int
    failed: int
    seconds: float
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    worker_cpu_s: dict[int, float] = field(default_factory=dict)  # CPU time of each worker process
    parent_cpu_s: float = 0.0  # CPU time of this (hashing, writing) process
    # that CPU time by stage: "setup" until the first file came back, "files" until the last commit,
    # "finish" after it (cross-year checks, closing the store)
    parent_cpu_stages: dict[str, float] = field(default_factory=dict)
    # wall seconds by stage: "start" until the first file began in a worker, "files" until the last
    # file came back, "finish" after it (the last commits, cross-year checks, closing the store)
    wall_stages: dict[str, float] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)  # files in folders left out, by extension

    @property
    def files_per_second(self) -> float:
        return (self.parsed + self.errors) / self.seconds if self.seconds else 0.0


def walk(paths: Iterable[str | os.PathLike[str]], ignored: Counter[str] | None = None) -> Iterator[str]:
    """Every report file under ``paths`` (absolute, sorted within each folder, hidden files skipped).

    A path named explicitly is always yielded (even with an unknown suffix or when missing, so the
    batch records it as an error); inside folders only report suffixes count, and the files left
    out are counted by extension in ``ignored`` (``"(none)"`` for no extension).
    """
    seen: set[str] = set()
    for p in paths:
        p = os.path.abspath(p)
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if f.startswith((".", "~$")):
                        continue
                    if Path(f).suffix.lower() in EXTENSIONS:
                        found.append(os.path.join(root, f))
                    elif ignored is not None:
                        ignored[Path(f).suffix.lower() or "(none)"] += 1
            candidates = sorted(found)
        else:
            candidates = [p]
        for c in candidates:
            if c not in seen:
                seen.add(c)
                yield c


def identify(paths: Iterable[str]) -> tuple[list[FileTask], dict[str, list[tuple[str, int]]], list[ErrorRow]]:
    """Hash every file: unique tasks (first path wins), every path per sha256, unreadable files."""
    tasks: dict[str, FileTask] = {}
    seen_at: dict[str, list[tuple[str, int]]] = {}
    unreadable: list[ErrorRow] = []
    for path in paths:
        try:
            h, size = hashlib.sha256(), 0
            # non-blocking open + fstat: a FIFO or device is refused, never read (it would hang)
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as fh:
                what = kind_of(os.fstat(fh.fileno()).st_mode)
                if what is not None:
                    unreadable.append(ErrorRow(path, None, "read", f"is {what}, not a regular file",
                                               "UnsupportedFormatError", 3, retry=False))
                    continue
                os.set_blocking(fh.fileno(), True)
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
                    size += len(chunk)
        except OSError as exc:
            reason = "no such file" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
            unreadable.append(ErrorRow(path, None, "read", reason, type(exc).__name__, 2, retry=True))
            continue
        sha = h.hexdigest()
        seen_at.setdefault(sha, []).append((path, size))
        tasks.setdefault(sha, FileTask(path, sha, size))
    return list(tasks.values()), seen_at, unreadable


def batch(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    progress_file: str | os.PathLike[str] | None = None,
    timeout: float | None = 600.0,
    retry_timeouts: bool = False,
    dask: str | None = None,
) -> BatchResult:
    """Parse every report under ``paths`` into the DuckDB corpus ``db``.

    ``jobs`` worker processes on this machine, or, with ``scheduler``, the workers of a Dask
    cluster: a ``dask.distributed`` scheduler address (``tcp://host:8786``), or ``"local"`` for a
    LocalCluster of ``jobs`` single-threaded worker processes. Either way this process hashes the
    files, ships each file's bytes to a worker and writes the returned rows itself (the store gets
    the same rows as a local run). ``dask`` is the former name of ``scheduler`` (deprecated).
    Reports already in the store are skipped. ``progress_file`` is rewritten (atomically) with the counts
    ``{"total", "parsed", "errors", "skipped"}`` after every commit.
    ``timeout`` bounds one file's parse (process-pool workers only). Files that failed before are
    not parsed again (the failure is deterministic), except those that timed out when
    ``retry_timeouts`` is set, and those whose worker died or that could not be read.
    """
    if dask is not None:
        warnings.warn("batch(dask=...) is deprecated: use scheduler=...", DeprecationWarning, stacklevel=2)
        scheduler = scheduler or dask
    for name in DEFAULTS:  # a bad XXGK_* setting stops the batch before it starts (ConfigError)
        limit(name)
    t0, c0, e0 = time.perf_counter(), time.process_time(), time.time()
    ignored: Counter[str] = Counter()
    found = list(walk(paths, ignored))
    # the workers' models load (fork server) while this process hashes the files, opens the store and
    # prepares the writer: started first thing when the store is new (every readable file is work)
    started = scheduler is None and new_store(db) and any(os.path.isfile(p) for p in found)
    if started:
        start_forkserver()
    from .store import Store  # DuckDB and pyarrow: imported once the fork server started

    tasks, seen_at, unreadable = identify(found)
    n_files = sum(len(v) for v in seen_at.values()) + len(unreadable)
    with Store(db) as store:
        done = store.done_ids(retry_stages=("timeout",) if retry_timeouts else ())
        had_error = store.error_ids()
        known = {r[0] for r in store.con.execute("SELECT path FROM files").fetchall()}
        todo = sorted((t for t in tasks if t.sha256 not in done), key=lambda t: -t.size)  # largest first
        if todo and scheduler is None and not started:
            start_forkserver()  # a store with reports: known to have work only now
        for t in tasks:  # paths newly seen for bytes already stored
            new = [f for f in seen_at[t.sha256] if f[0] not in known]
            if t.sha256 in done and new:
                store.add_files(t.sha256, new)
        for e in unreadable:
            store.write_error(e, [])
        ready = prepare_writer(store) if todo else None  # while the workers start
        counts = {"total": len(todo), "parsed": 0, "errors": 0, "skipped": len(tasks) - len(todo)}
        bar = progress_bar(len(todo), progress)
        bar.set_postfix(errors=0, skipped=counts["skipped"])
        write_progress(progress_file, counts)
        rss: dict[int, float] = {}
        cpu: dict[int, float] = {}
        stages: dict[str, float] = {}
        group = Group(store, counts, progress_file, ready)
        received, tail = 0, 2 * max(1, jobs)  # the files in flight once every file is handed out
        first, last = float("inf"), e0  # when the first file began in a worker, when the last came back
        runner = (run_pool(todo, jobs, timeout, tick=GROUP_SECONDS / 2) if scheduler is None
                  else run_dask(todo, scheduler, jobs))
        store.con.execute("SET threads = 1")  # bulk appends: DuckDB's threads would only compete with the workers
        try:
            for out in runner:
                if out is None:  # no file finished for a while: commit what is waiting
                    group.flush(due_only=True)
                    continue
                stages.setdefault("setup", time.process_time() - c0)
                received += 1
                first, last = min(first, out.started or first), time.time()
                files = seen_at.get(out.sha256, [(out.path, 0)])
                if out.rows is not None:
                    group.add(out.rows, files, out.sha256 in had_error)
                    if len(todo) - received <= tail:  # the last files: commit while the others parse,
                        group.flush()  # so that little is left to write after the last one
                else:
                    group.flush()
                    group.wait_ready()
                    store.write_error(out.error, files)
                    counts["errors"] += 1
                    write_progress(progress_file, counts)
                if out.pid:
                    rss[out.pid] = max(rss.get(out.pid, 0.0), out.peak_rss_mb)
                    cpu[out.pid] = max(cpu.get(out.pid, 0.0), out.cpu_s)
                bar.update(1)
                bar.set_postfix(errors=counts["errors"], skipped=counts["skipped"])
            group.flush()
        except KeyboardInterrupt:
            group.flush()  # the reports already parsed are kept; the rest is parsed on the next run
            raise
        finally:
            bar.close()  # before any error line, so that line stands alone
            with contextlib.suppress(Exception):  # a broken connection already raised its own error
                store.con.execute("RESET threads")
        stages.setdefault("setup", time.process_time() - c0)
        stages["files"] = time.process_time() - c0 - stages["setup"]
        group.wait_ready()
        from .batch_crossyear import cross_year_checks

        cross_year_checks(store)  # against each agency's stored previous-year report
        failed_ids = store.error_ids()
    failed = sum(len(v) for sha, v in seen_at.items() if sha in failed_ids) + len(unreadable)
    first = min(first, last)
    walls = {"start": first - e0, "files": last - first, "finish": time.time() - last}
    return BatchResult(files=n_files, unique=len(tasks), skipped=counts["skipped"], parsed=counts["parsed"],
                       errors=counts["errors"] + len(unreadable), failed=failed,
                       seconds=time.perf_counter() - t0, worker_peak_rss_mb=rss, worker_cpu_s=cpu,
                       parent_cpu_s=(c1 := time.process_time()) - c0, ignored=dict(sorted(ignored.items())),
                       parent_cpu_stages={**stages, "finish": c1 - c0 - stages["setup"] - stages["files"]},
                       wall_stages=walls)
