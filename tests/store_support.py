"""A corpus store built from real reports, for the store and cookbook tests."""

from __future__ import annotations

from pathlib import Path


def build_store(paths: list[Path], db: Path, *, reuse: bool = True) -> Path:
    """``xxgk batch PATHS --db DB`` (then ``xxgk reuse --db DB``) through the Python API."""
    from nlp.corpus.batch import batch
    from nlp.corpus.batch_reuse import run_reuse

    result = batch([str(p) for p in paths], db, jobs=1, progress=False)
    assert result.failed == 0, result
    if reuse:
        run_reuse(db)
    return db
