"""Match rows of an on-disk reuse index, computed in chunks of skeletons and kept for the next run.

The rows of a unit depend only on the units of its skeleton and of its skeleton's near neighbours
(:mod:`nlp.reuse.corpus_rows`). So :func:`index_rows`

* computes the rows in chunks of skeletons (about ``memory_mb × UNITS_PER_MB`` units a chunk, with
  the units of their neighbours), so the pandas work of one chunk, not of the corpus, is in memory;
* keeps the rows in ``<index>/matches/rows.npz`` by *stored unit number* (the order units were
  added to the index, which adding reports never changes), with the number of units and the
  verified pairs they were computed from;
* on the next run recomputes only the skeletons whose rows can change and reads the others back:

  - a skeleton with a new unit (its exact / numbers_only groups, earliest units and each
    agency's latest year can change, and its first unit, which breaks neighbour ties);
  - a skeleton with a pair added or dropped since (its neighbour list changes);
  - a skeleton that keeps a skeleton with a new unit among its near neighbours, now or before
    (its near partner can now be that new unit).

  Any other skeleton has the same units, the same neighbours with the same units, hence the same
  rows (their unit numbers are only renumbered into the new table order).

The result equals a full recompute row by row (tests/test_reuse_incremental_rows.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus_rows import KIND_NAMES, first_units, neighbours, rows_of_skeletons
from .lsh_store import ReuseIndex
from .table import UnitTable

UNITS_PER_MB = 1000  # units matched per MB of the memory setting, per chunk of skeletons
STATE = "matches"
VERSION = 1


def stored_numbers(index: ReuseIndex, table: UnitTable) -> np.ndarray:
    """Per row of ``index.table()``: the unit's stored number. The index appends the units of a
    report together, in order, and the table orders reports by key keeping that order within a
    report, so a report's units are one run in both orders."""
    u = table.units
    pos = {k: n for n, (k, _, _) in enumerate(index.sides)}
    stored_side = np.array([pos[k] for k in table.sides["key"].tolist()], dtype=np.int64)
    side = u["side"].to_numpy()
    count = np.bincount(side, minlength=len(stored_side))
    by_stored = np.zeros(len(stored_side), dtype=np.int64)
    by_stored[stored_side] = count
    start_stored = np.cumsum(by_stored) - by_stored
    start_table = np.cumsum(count) - count
    return start_stored[stored_side[side]] + np.arange(len(u)) - start_table[side]


def _canonical(i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)


def _load(path: Path, n_units: int, n_skeletons: int) -> dict[str, np.ndarray] | None:
    f = path / STATE / "rows.npz"
    if not f.exists():
        return None
    with np.load(f) as z:
        state = {k: z[k] for k in z.files}
    ok = int(state["version"]) == VERSION and int(state["n_units"]) <= n_units
    return state if ok and int(state["n_skeletons"]) <= n_skeletons else None


def _save(path: Path, rows: pd.DataFrame, stored: np.ndarray, n_skeletons: int, i: np.ndarray,
          j: np.ndarray) -> None:
    d = path / STATE
    d.mkdir(exist_ok=True)
    tmp = d / "rows.tmp.npz"
    np.savez(tmp, version=VERSION, n_units=len(stored), n_skeletons=n_skeletons, i=i, j=j,
             new=stored[rows["new"].to_numpy()], old=stored[rows["old"].to_numpy()],
             relation=rows["relation"].cat.codes.to_numpy(), kind=rows["kind"].cat.codes.to_numpy(),
             similarity=rows["similarity"].to_numpy())
    os.replace(tmp, d / "rows.npz")


def _missing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Values of ``a`` not in ``b`` (both sorted)."""
    pos = np.minimum(np.searchsorted(b, a), max(len(b) - 1, 0))
    return a[b[pos] != a] if len(b) else a


def _holds(nb: pd.DataFrame, fresh: np.ndarray) -> np.ndarray:
    """Skeletons whose neighbour list ``nb`` holds a ``fresh`` skeleton."""
    return np.unique(nb["skel"].to_numpy()[fresh[nb["nb"].to_numpy()]])


def _to_changed(state: dict[str, np.ndarray], skel: np.ndarray, old_unit: np.ndarray, i: np.ndarray,
                j: np.ndarray, sim: np.ndarray, n_skeletons: int) -> np.ndarray:
    """The skeletons whose rows can change since ``state`` (see the module docstring); ``skel``
    and ``old_unit`` by table row (``old_unit``: the unit was in the index then)."""
    fresh = np.zeros(n_skeletons, dtype=bool)
    fresh[skel[~old_unit]] = True
    now = np.sort(i * n_skeletons + j)
    before = np.sort(state["i"] * n_skeletons + state["j"])
    moved = np.concatenate([_missing(now, before), _missing(before, now)])
    changed = fresh.copy()
    changed[moved // n_skeletons] = True
    changed[moved % n_skeletons] = True
    # a skeleton with the same pairs changes when a fresh skeleton is among its kept neighbours,
    # with the first units of now or of then (the rank that breaks ties)
    near = np.zeros(n_skeletons, dtype=bool)
    near[i[fresh[j]]] = near[j[fresh[i]]] = True
    near &= ~changed
    if near.any():
        sel = near[i] | near[j]
        pi, pj, ps = i[sel], j[sel], sim[sel]
        then = first_units(np.where(old_unit, skel, n_skeletons), n_skeletons + 1)[:n_skeletons]
        for rank in (first_units(skel, n_skeletons), then):
            nb = neighbours(pi, pj, ps, rank)
            hit = _holds(nb[near[nb["skel"].to_numpy()]], fresh)
            changed[hit] = True
    return changed


def _chunks(wanted: np.ndarray, units_per_skel: np.ndarray, per_chunk: int) -> list[np.ndarray]:
    """``wanted`` skeletons split into masks of about ``per_chunk`` units each."""
    ids = np.flatnonzero(wanted)
    if not len(ids):
        return []
    cut = np.cumsum(units_per_skel[ids]) // max(1, per_chunk)
    out = []
    for c in np.unique(cut):
        m = np.zeros(len(wanted), dtype=bool)
        m[ids[cut == c]] = True
        out.append(m)
    return out


def _rows(new: np.ndarray, old: np.ndarray, relation: np.ndarray, kind: np.ndarray,
          sim: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "new": new.astype(np.int64), "old": old.astype(np.int64),
        "relation": pd.Categorical.from_codes(relation.astype(np.int8), categories=["self", "cross"]),
        "kind": pd.Categorical.from_codes(kind.astype(np.int8), categories=list(KIND_NAMES)),
        "similarity": sim.astype(np.float32)})


def index_rows(index: ReuseIndex, table: UnitTable, i: np.ndarray, j: np.ndarray, sim: np.ndarray,
               memory_mb: int | None = None) -> pd.DataFrame:
    """The match rows of ``table`` (= ``index.table()``) with the index's pairs ``(i, j, sim)``,
    rows of unchanged skeletons read back from the previous run; the new rows are kept for the
    next run."""
    u = table.units
    n_sk = len(table.skeletons)
    i, j = _canonical(i, j)
    stored = stored_numbers(index, table)
    row_of = np.empty(len(stored), dtype=np.int64)
    row_of[stored] = np.arange(len(stored))
    skel = u["skel"].to_numpy()
    state = _load(index.path, len(u), n_sk)
    kept = _rows(*(np.empty(0, dtype=t) for t in (np.int64, np.int64, np.int8, np.int8, np.float32)))
    if state is None:
        wanted = np.ones(n_sk, dtype=bool)
    else:
        wanted = _to_changed(state, skel, stored < int(state["n_units"]), i, j, sim, n_sk)
        new = row_of[state["new"]]
        keep = ~wanted[skel[new]]
        kept = _rows(new[keep], row_of[state["old"][keep]], state["relation"][keep], state["kind"][keep],
                     state["similarity"][keep])
    base = pd.DataFrame({"unit": np.arange(len(u)), "agency": u["agency"].to_numpy(),
                         "year": u["year"].to_numpy(), "norm": u["norm"].to_numpy(), "skel": skel})
    rank = first_units(skel, n_sk)
    per_chunk = (memory_mb or index.memory_mb) * UNITS_PER_MB
    parts = [kept]
    for mask in _chunks(wanted, np.bincount(skel, minlength=n_sk), per_chunk):
        near = mask[i] | mask[j]
        parts.append(rows_of_skeletons(base, neighbours(i[near], j[near], sim[near], rank), mask))
    rows = pd.concat(parts, ignore_index=True).sort_values(["new", "relation"], kind="stable")
    rows = rows.reset_index(drop=True)
    _save(index.path, rows, stored, n_sk, i, j)
    return rows
