"""The writing side of ``xxgk batch`` (:mod:`nlp.corpus.batch`): reports committed in groups, what the
writer loads while the workers start, the progress file and bar.

Nothing here changes what is stored: a group is one transaction holding whole reports, and the store
does not depend on how reports are grouped (tests/test_batch_groups.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

from .store_schema import Rows

if TYPE_CHECKING:
    from .store import Store

GROUP_FILES = 64
GROUP_SECONDS = 5.0
"""Reports are committed in groups: one transaction (one bulk insert per table) for the reports
parsed in the last ``GROUP_SECONDS`` seconds, at most ``GROUP_FILES`` of them."""


class Group:
    """Parsed reports waiting for their commit (the progress file counts committed reports).

    ``ready`` (a thread preparing the writer, :func:`prepare_writer`) is waited for before the first commit.
    """

    def __init__(self, store: Store, counts: dict[str, int], progress_file: str | os.PathLike[str] | None,
                 ready: threading.Thread | None = None) -> None:
        self.store, self.counts, self.progress_file, self.ready = store, counts, progress_file, ready
        self.items: list[tuple[Rows, list[tuple[str, int]], bool]] = []
        self.since = 0.0

    def add(self, rows: Rows, files: list[tuple[str, int]], had_error: bool) -> None:
        if not self.items:
            self.since = time.monotonic()
        self.items.append((rows, files, had_error))
        self.flush(due_only=True)

    def flush(self, *, due_only: bool = False) -> None:
        if not self.items or (due_only and len(self.items) < GROUP_FILES
                              and time.monotonic() - self.since < GROUP_SECONDS):
            return
        self.wait_ready()
        self.store.write_reports(self.items)
        self.counts["parsed"] += len(self.items)
        self.items = []
        write_progress(self.progress_file, self.counts)

    def wait_ready(self) -> None:
        if self.ready is not None:
            self.ready.join()
            self.ready = None


def prepare_writer(store: Store) -> threading.Thread:
    """Load, in a thread, what the first commit needs (pyarrow's Arrow schemas and the pandas it
    imports on first use) and the cross-year checks' modules, while this process starts the workers:
    the batch's first file waits for the workers, not for the writer. A failure here is left to the
    first commit, which meets it again and reports it."""
    def run() -> None:
        with contextlib.suppress(Exception):
            store.prepare_bulk()
            from . import batch_crossyear  # noqa: F401

    thread = threading.Thread(target=run, name="xxgk-prepare-writer", daemon=True)
    thread.start()
    return thread


def new_store(db: str | os.PathLike[str]) -> bool:
    """Whether ``db`` holds nothing yet (no file, or an empty one), so every readable input is work."""
    path = os.fspath(db)
    return path == ":memory:" or not os.path.exists(path) or (os.path.isfile(path) and os.path.getsize(path) == 0)


def progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="xxgk batch", disable=not enabled, file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)


def write_progress(path: str | os.PathLike[str] | None, counts: dict[str, int]) -> None:
    if path is None:
        return
    from ..core.outfile import write_atomic

    write_atomic(path, json.dumps(counts))  # unpredictable temp name, no symlink followed
