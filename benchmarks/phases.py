"""Per-phase wall time, CPU time and peak RSS of one process (for ``reuse_scale.py --phases``).

RSS is sampled from ``/proc/self/statm`` by a background thread (every 50 ms), so no tracemalloc
overhead; each phase records the highest RSS seen while it ran. Phases are entered with
:meth:`Phases.phase` or accumulated with :meth:`Phases.wrap` (a function timed on every call).
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * _PAGE / 2**20


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Phases:
    def __init__(self, every: float = 0.05) -> None:
        self.rows: dict[str, dict[str, float]] = {}
        self._cur: list[str] = []
        self._peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._t.start()

    def _sample(self, every: float) -> None:
        while not self._stop.wait(every):
            r = rss_mib()
            for name in list(self._cur):
                if r > self._peak.get(name, 0.0):
                    self._peak[name] = r

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        row = self.rows.setdefault(name, {"wall": 0.0, "cpu": 0.0, "peak_mib": 0.0, "calls": 0})
        self._cur.append(name)
        self._peak[name] = max(self._peak.get(name, 0.0), rss_mib())
        w, c = time.perf_counter(), cpu()
        try:
            yield
        finally:
            row["wall"] += time.perf_counter() - w
            row["cpu"] += cpu() - c
            row["calls"] += 1
            self._cur.remove(name)
            row["peak_mib"] = max(row["peak_mib"], self._peak.get(name, 0.0), rss_mib())

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            with self.phase(name):
                return fn(*a, **k)

        return timed

    def close(self) -> dict[str, dict[str, float]]:
        self._stop.set()
        self._t.join()
        return self.rows
