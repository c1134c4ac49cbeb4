"""``xxgk batch --scheduler``: :func:`nlp.corpus.batch_run.process_file` mapped over a ``dask.distributed``
cluster, the file bytes shipped with each task (workers need neither the files nor the store)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from .batch_run import FileTask, Outcome, process_file, warm_worker
from .store_schema import ErrorRow


def run_dask(tasks: Sequence[FileTask], address: str, jobs: int) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` on a ``dask.distributed`` cluster (``"local"``: a LocalCluster)."""
    if not tasks:
        return
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        client.run(warm_worker)
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        pending = deque(tasks)
        ac = as_completed()
        submitted: dict[str, FileTask] = {}

        def submit() -> None:
            t = pending.popleft()
            try:
                shipped = replace(t, data=Path(t.path).read_bytes())
            except OSError:
                shipped = t  # the worker reports the read error
            fut = client.submit(process_file, shipped, key=f"xxgk-{t.sha256}", pure=False)
            submitted[fut.key] = t
            ac.add(fut)

        while pending and len(submitted) < window:
            submit()
        for fut in ac:
            task = submitted.pop(fut.key)
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker and friends: the cluster gave up on this file
                yield Outcome(task.sha256, task.path, error=ErrorRow(
                    task.path, task.sha256, "worker", f"{type(exc).__name__}: {exc}"[:500], type(exc).__name__, 2,
                    True))
            fut.release()
            if pending:
                submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
