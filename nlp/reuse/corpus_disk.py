"""Corpus matching with the index on disk: national scale, incremental years, Dask.

:func:`match_corpus_disk` gives the matches of :func:`nlp.reuse.corpus.match_corpus` while the
LSH index, the candidate pairs and the unit texts stay on disk (:mod:`nlp.reuse.lsh_store`,
:mod:`nlp.reuse.distributed`): memory holds a chunk of reports, one band or one partition of
candidates, and the integer unit columns.

With an index directory that already holds earlier reports, only the reports it does not hold
are read, only their new skeletons get signatures, and only pairs involving a new skeleton are
searched and verified; the pairs found by earlier runs are read back, never recomputed. The match
rows, origins and scores are computed over all units (a lookup per unit into per-key summaries,
:mod:`nlp.reuse.corpus_rows`), so the result equals a full recompute: in an LSH bucket larger
than ``max_bucket`` each member is linked to its next ``max_bucket - 1`` members in hash order, new
members shift those windows, and the new run records the earlier pairs a full run would no
longer draw (:func:`nlp.reuse.distributed.new_pairs`), which are then left out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .corpus import CorpusMatches, match_table
from .distributed import new_pairs
from .lsh_store import DEFAULT_MEMORY_MB, ReuseIndex
from .near import NearConfig
from .side import Side
from .template import Baseline, baseline

UNITS_PER_MB = 1000  # units whose neighbour lookups are expanded at a time, per MB of the setting


def update_index(
    sides: Iterable[Side],
    path: str | os.PathLike[str],
    *,
    config: NearConfig = NearConfig(),
    template: Baseline | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
    scheduler: str | None = None,
    full: bool = False,
) -> ReuseIndex:
    """Add the reports of ``sides`` the index at ``path`` does not hold yet and pair their new
    skeletons (``full``: start from an empty index)."""
    template = baseline() if template is None else template
    if full:
        shutil.rmtree(path, ignore_errors=True)
    index = ReuseIndex(path, config, template if template.entries else None, memory_mb)
    index.add(sides)
    if index.n_skeletons > index.meta["paired"]:
        index.save_pairs(*new_pairs(index, scheduler))
    return index


def match_index(index: ReuseIndex) -> CorpusMatches:
    """The corpus matches of every report in the index, all rows computed anew (a full matching
    costs less than working out which rows a new report can change). The neighbour lookups run
    over blocks of ``memory_mb × UNITS_PER_MB`` units."""
    i, j, sim = index.stored_pairs()
    table = index.table()
    shutil.rmtree(Path(index.path) / "matches", ignore_errors=True)  # rows kept by earlier versions
    return match_table(table, i, j, sim, index.skeleton_column("template").astype(bool),
                       block=index.memory_mb * UNITS_PER_MB)


def match_corpus_disk(
    sides: Iterable[Side],
    path: str | os.PathLike[str] | None = None,
    **kwargs: object,
) -> CorpusMatches:
    """:func:`nlp.reuse.corpus.match_corpus` with the index at ``path`` (a temporary directory when
    None); keyword arguments as :func:`update_index`."""
    if path is not None:
        return match_index(update_index(sides, path, **kwargs))  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory(prefix="xxgk-reuse-") as tmp:
        cm = match_index(update_index(sides, Path(tmp) / "index", **kwargs))  # type: ignore[arg-type]
        texts = list(cm.table.texts)
        skels = list(cm.table.skeletons)
    table = type(cm.table)(cm.table.units, texts, skels, cm.table.sides, cm.table.agencies)
    return CorpusMatches(table, cm.matches, cm.origins)
