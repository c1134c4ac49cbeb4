"""The per-file function of ``xxgk batch`` and the two ways of mapping it: a process pool or Dask.

:func:`process_file` reads one file, checks its sha256, parses it and returns an :class:`Outcome`
holding either the report's rows (:func:`nlp.corpus.store_rows.report_rows`) or an :class:`ErrorRow`. It
never raises for a bad input. :func:`run_pool` maps it over a ``ProcessPoolExecutor``
(``forkserver`` context, models loaded once per worker by the initializer, a bounded number of files
in flight); a worker that dies is replaced and the files it had in flight are retried one at a time,
so only the file that kills a worker is recorded as failed. :func:`nlp.corpus.batch_dask.run_dask` maps
the same function over a ``dask.distributed`` cluster.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import re
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime

from .store_rows import report_rows
from .store_schema import ErrorRow, Rows


@dataclass(frozen=True)
class FileTask:
    """One unique input: its first path, identity and size (``data`` is set when bytes are shipped)."""

    path: str
    sha256: str
    size: int
    data: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    """A worker's answer for one file: ``rows`` or ``error``, plus the worker's pid and peak RSS."""

    sha256: str
    path: str
    rows: Rows | None = None
    error: ErrorRow | None = None
    pid: int = 0
    peak_rss_mb: float = 0.0
    cpu_s: float = 0.0  # the worker process's CPU time so far (user + system)
    started: float = 0.0  # when the worker began this file (time.time())


class _Timeout(BaseException):
    """Raised by the SIGALRM handler; a BaseException so no reader's error handling swallows it."""


def _usage() -> dict[str, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"pid": os.getpid(), "peak_rss_mb": ru.ru_maxrss / 1024.0, "cpu_s": ru.ru_utime + ru.ru_stime}


def process_file(task: FileTask, timeout: float | None = None) -> Outcome:
    """Parse one file into rows; every failure becomes an ``ErrorRow`` (never raises)."""
    from ..core.errors import XxgkError
    from ..core.version import __version__
    from ..ingest.limits import limit
    from ..ingest.source import read_file
    from ..pipeline.parsing import parse

    def fail(stage: str, reason: str, etype: str, code: int = 2, retry: bool = True) -> Outcome:
        err = ErrorRow(task.path, task.sha256, stage, reason, etype, code, retry)
        return Outcome(task.sha256, task.path, error=err, started=started, **_usage())

    t0, started = time.perf_counter(), time.time()
    try:
        data = task.data if task.data is not None else read_file(task.path, limit("XXGK_MAX_BYTES"))
    except XxgkError as exc:
        return fail("read", exc.reason, type(exc).__name__, exc.exit_code, retry=False)
    if hashlib.sha256(data).hexdigest() != task.sha256:
        return fail("read", "file changed after it was hashed", "ChangedFile")
    try:
        with _deadline(timeout):
            report = parse(data, name=task.path)
            now = datetime.now(UTC).replace(tzinfo=None)
            rows = report_rows(report, path=task.path, size=len(data), elapsed=time.perf_counter() - t0,
                               processed_at=now, version=__version__)
    except XxgkError as exc:
        return fail(exc.stage, exc.reason, type(exc).__name__, exc.exit_code, retry=False)
    except _Timeout:  # rerun only when asked (xxgk batch --retry-timeouts)
        return fail("timeout", f"parsing took longer than {timeout:g} s", "Timeout", retry=False)
    except Exception as exc:  # a bug in a stage: deterministic, so not rerun on resume
        return fail("internal", f"{type(exc).__name__}: {exc}"[:500], type(exc).__name__, retry=False)
    return Outcome(task.sha256, task.path, rows=rows, started=started, **_usage())


class _deadline:
    """SIGALRM-based time limit; a no-op outside the main thread (Dask runs tasks in threads)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.active = bool(seconds) and threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.active:
            def on_alarm(signum, frame):
                raise _Timeout()
            self.previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def warm_worker() -> int:
    """Load jieba, the spaCy pipeline and the models once in this process; returns the pid."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from ..pipeline.parsing import parse

    parse("一、总体情况\n本机关2023年主动公开政府信息10条。\n".encode(), name="warm.txt")
    return os.getpid()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def _init_pool_worker(parent: int, env: dict[str, str]) -> None:
    """Pool initializer: take the batch's ``XXGK_*`` settings, load the models (a no-op in a worker
    forked from the preloaded fork server), then exit as soon as the batch process is gone.

    Under ``forkserver`` a worker's parent is the fork server, which outlives a killed batch (every
    worker keeps it alive), so the batch's own pid is watched. The fork server may have been started
    earlier with other settings, so the batch's are applied here.
    """
    for name in [k for k in os.environ if k.startswith("XXGK_") and k not in env]:
        del os.environ[name]
    os.environ.update(env)
    warm_worker()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="xxgk-parent-watch").start()


WARM_MODULE = "nlp.corpus.batch_warm"
"""Imported by the fork server before it forks any worker: loads jieba, spaCy and the models once."""


def _method() -> str:
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def start_forkserver() -> None:
    """Start the fork server now, preloading the models, so that it warms up while the batch prepares
    its writer, and every worker forked from it starts warm (the start-up is
    paid once, not once per worker).

    No-op without ``forkserver`` or when the fork server already runs (its workers then load the
    models themselves, in the pool initializer). The fork server holds only imported modules and
    the loaded models (no DuckDB connection, no thread), so forking from it is safe.
    """
    if _method() != "forkserver" or not main_reimportable():
        return
    from multiprocessing import forkserver

    mp.set_forkserver_preload(["__main__", WARM_MODULE])  # "__main__" is the default preload
    forkserver.ensure_running()


def _pool(jobs: int) -> ProcessPoolExecutor:
    env = {k: v for k, v in os.environ.items() if k.startswith("XXGK_")}
    return ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context(_method()),
                               initializer=_init_pool_worker, initargs=(os.getpid(), env))


_GUARD = re.compile(r"""__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__""")


def main_reimportable() -> bool:
    """Whether worker processes can safely re-import the main module (``forkserver``/``spawn`` do).

    Not when the main program came from stdin or a string (no file to import), nor when it is a
    script without an ``if __name__ == "__main__":`` guard (importing it would start the batch again
    in every worker). :func:`run_pool` then parses in this process instead of recording every file
    as a dead worker."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True  # python -m pkg.mod: imported by name, guarded by the module itself
    path = getattr(main, "__file__", None)
    if path is None:
        return True  # python -c / interactive: multiprocessing imports nothing
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read(1 << 20)
    except OSError:
        return False  # "<stdin>" or a file that is gone
    return bool(_GUARD.search(source))


def run_pool(tasks: Sequence[FileTask], jobs: int, timeout: float | None = None, *,
             worker: Callable[[FileTask, float | None], Outcome] = process_file,
             tick: float | None = None) -> Iterator[Outcome | None]:
    """Outcomes of ``tasks`` on ``jobs`` worker processes, in completion order (``worker`` is the
    per-file function, a module-level function so that it pickles). With ``tick``, ``None`` is
    yielded whenever no file finished for ``tick`` seconds (the caller may commit meanwhile)."""
    if not tasks:
        return
    if not main_reimportable():
        yield from (worker(t, timeout) for t in tasks)
        return
    jobs = max(1, min(jobs, len(tasks)))
    pending: deque[FileTask] = deque(tasks)
    suspects: deque[FileTask] = deque()  # in flight when a worker died: rerun one at a time
    inflight: dict[Future, tuple[FileTask, bool]] = {}
    pool = _pool(jobs)
    try:
        while pending or suspects or inflight:
            if suspects:
                if not inflight:
                    t = suspects.popleft()
                    inflight[pool.submit(worker, t, timeout)] = (t, True)
            else:
                while pending and len(inflight) < 2 * jobs:
                    t = pending.popleft()
                    inflight[pool.submit(worker, t, timeout)] = (t, False)
            done, _ = wait(list(inflight), timeout=tick, return_when=FIRST_COMPLETED)
            if not done:
                yield None
                continue
            broken = False
            outcomes = []
            for fut in done:
                task, alone = inflight.pop(fut)
                try:
                    outcomes.append(fut.result())
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        outcomes.append(Outcome(task.sha256, task.path, error=ErrorRow(
                            task.path, task.sha256, "worker", "the worker process died while parsing this file "
                            "(killed, out of memory or crashed)", "WorkerDied", 2, True)))
                    else:
                        suspects.append(task)
            if broken:
                suspects.extend(t for t, _ in inflight.values())
                inflight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs)
            if not (pending or suspects or inflight):
                pool.shutdown(wait=False)  # the workers exit while the caller writes the last outcomes
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
