"""Match rows of an on-disk reuse index, computed in chunks of skeletons and kept for the next run.

The rows of a unit depend only on the units of its skeleton and of its skeleton's near neighbours
(:mod:`nlp.reuse.corpus_rows`). So :func:`index_rows`

* computes the rows in chunks of skeletons (about ``memory_mb × UNITS_PER_MB`` units a chunk, with
  the units of their neighbours), so the pandas work of one chunk, not of the corpus, is in memory;
* keeps the rows in ``<index>/matches/rows.npz`` by *stored unit number* (the order units were
  added to the index, which adding reports never changes), with the number of units and the
  verified pairs they were computed from;
* on the next run matches again only the units whose rows can change, reading the others back
  (:func:`_plan`): every new unit, and every unit of a skeleton

  - where a new unit became the earliest holder, or the earliest of a second agency, of the
    skeleton or of one of its normal forms (the cross partner of every unit there can change);
  - where a new unit is earlier than an old unit of the same agency (a year filled in late: the
    self partner of the later units can change);
  - whose kept near neighbours differ now from before (a pair added or dropped, or a new first
    unit of a neighbour breaking ties differently), or that keeps a skeleton with a new unit among them when, for that
    neighbour, the earliest holders changed or the new unit is earlier than a unit of the same
    agency in this skeleton.

  Any other unit has the same groups, the same neighbours and the same earlier years, hence the
  same row (its unit numbers only renumbered into the new table order). The units matched again
  are matched with all units of their skeletons and neighbour skeletons as context.

The result equals a full recompute row by row (tests/test_reuse_incremental_rows.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus_rows import KIND_NAMES, _first_two, first_units, neighbours, rows_of_skeletons
from .lsh_store import ReuseIndex
from .table import UnitTable

UNITS_PER_MB = 1000  # units matched per MB of the memory setting, per chunk of skeletons
STATE = "matches"
VERSION = 2


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
          j: np.ndarray, sim: np.ndarray) -> None:
    d = path / STATE
    d.mkdir(exist_ok=True)
    tmp = d / "rows.tmp.npz"
    np.savez(tmp, version=VERSION, n_units=len(stored), n_skeletons=n_skeletons, i=i, j=j, sim=sim,
             new=stored[rows["new"].to_numpy()], old=stored[rows["old"].to_numpy()],
             relation=rows["relation"].cat.codes.to_numpy(), kind=rows["kind"].cat.codes.to_numpy(),
             similarity=rows["similarity"].to_numpy())
    os.replace(tmp, d / "rows.npz")


def _missing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Values of ``a`` not in ``b`` (both sorted)."""
    pos = np.minimum(np.searchsorted(b, a), max(len(b) - 1, 0))
    return a[b[pos] != a] if len(b) else a


def _earliest_changed(sub: pd.DataFrame, old: np.ndarray, key: str) -> np.ndarray:
    """Skeletons of the ``key`` groups of ``sub`` (units of some skeletons) whose earliest unit or
    earliest unit of a second agency (:func:`nlp.reuse.corpus_rows._first_two`) is not what it was
    among the ``old`` units alone; groups without old units are new, not changed."""
    now = _first_two(sub, key)[[key, "u1", "u2"]]
    then = _first_two(sub[old], key)[[key, "u1", "u2"]]
    m = now.merge(then, on=key, suffixes=("", "_then"))
    differ = (m["u1"] != m["u1_then"]) | (m["u2"].fillna(-1) != m["u2_then"].fillna(-1))
    keys = m.loc[differ.to_numpy(), key].to_numpy()
    return np.unique(sub.loc[sub[key].isin(keys), "skel"].to_numpy())


def _plan(state: dict[str, np.ndarray], base: pd.DataFrame, old_unit: np.ndarray, i: np.ndarray,
          j: np.ndarray, sim: np.ndarray, n_skeletons: int) -> tuple[np.ndarray, np.ndarray]:
    """What to match again since ``state`` (see the module docstring): the skeletons whose units
    are all matched again, and by unit (``base`` order) the units matched again (those units and
    every new unit)."""
    skel = base["skel"].to_numpy()
    fresh = np.zeros(n_skeletons, dtype=bool)
    fresh[skel[~old_unit]] = True
    now = np.sort(i * n_skeletons + j)
    before = np.sort(state["i"] * n_skeletons + state["j"])
    moved = np.concatenate([_missing(now, before), _missing(before, now)])
    own = np.zeros(n_skeletons, dtype=bool)
    paired = np.zeros(n_skeletons, dtype=bool)  # pairs added or dropped: checked with the lists below
    paired[moved // n_skeletons] = paired[moved % n_skeletons] = True
    # a new unit that becomes the earliest (or second agency's earliest) holder of a text/skeleton
    in_fresh = fresh[skel]
    sub, sub_old = base[in_fresh], old_unit[in_fresh]
    earliest = np.zeros(n_skeletons, dtype=bool)
    earliest[_earliest_changed(sub, sub_old, "skel")] = True
    own |= earliest
    own[_earliest_changed(sub, sub_old, "norm")] = True
    # a new unit earlier than an old unit of the same agency and skeleton (a year filled in late)
    dated = sub[sub["year"].to_numpy() >= 0]
    dated_old = sub_old[sub["year"].to_numpy() >= 0]
    new_year = dated[~dated_old].groupby(["agency", "skel"], as_index=False)["year"].min()
    old_year = dated[dated_old].groupby(["agency", "skel"], as_index=False)["year"].max()
    late = new_year.merge(old_year, on=["agency", "skel"], suffixes=("", "_old"))
    own[late.loc[(late["year_old"] > late["year"]).to_numpy(), "skel"].to_numpy()] = True
    # a skeleton that keeps a fresh one among its neighbours (now or then) changes when that one's
    # earliest units, first unit (ties) or same-agency earlier years changed for it
    then_rank = first_units(np.where(old_unit, skel, n_skeletons), n_skeletons + 1)[:n_skeletons]
    now_rank = first_units(skel, n_skeletons)
    near = paired.copy()
    near[i[fresh[j]]] = near[j[fresh[i]]] = True
    near &= ~own
    if near.any():
        lists = []
        for pi, pj, ps, rank in ((i, j, sim, now_rank), (state["i"], state["j"], state["sim"], then_rank)):
            sel = near[pi] | near[pj]
            x = neighbours(pi[sel], pj[sel], ps[sel], rank)
            lists.append(x[near[x["skel"].to_numpy()]])
        # the kept neighbours differ (a pair added or dropped, ties broken by a new first unit)
        codes = [np.sort(x["skel"].to_numpy() * n_skeletons + x["nb"].to_numpy()) for x in lists]
        differ = np.concatenate([_missing(codes[0], codes[1]), _missing(codes[1], codes[0])])
        own[differ // n_skeletons] = True
        kept = pd.concat(lists)
        kept = kept[fresh[kept["nb"].to_numpy()]]
        own[kept["skel"].to_numpy()[earliest[kept["nb"].to_numpy()]]] = True
        pairs = kept[["skel", "nb"]].drop_duplicates().rename(columns={"skel": "r", "nb": "skel"})
        cand = base[near[skel] & old_unit & (base["year"].to_numpy() >= 0)]
        r_year = cand.groupby(["agency", "skel"], as_index=False)["year"].max().rename(
            columns={"skel": "r", "year": "year_old"})
        e = pairs.merge(new_year, on="skel").merge(r_year, on=["r", "agency"])
        own[e.loc[(e["year_old"] > e["year"]).to_numpy(), "r"].to_numpy()] = True
    return own, own[skel] | ~old_unit


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
    base = pd.DataFrame({"unit": np.arange(len(u)), "agency": u["agency"].to_numpy(),
                         "year": u["year"].to_numpy(), "norm": u["norm"].to_numpy(), "skel": skel})
    kept = _rows(*(np.empty(0, dtype=t) for t in (np.int64, np.int64, np.int8, np.int8, np.float32)))
    if state is None:
        wanted, query = np.ones(n_sk, dtype=bool), None
    else:
        old_unit = stored < int(state["n_units"])
        wanted, query = _plan(state, base, old_unit, i, j, sim, n_sk)
        new = row_of[state["new"]]
        keep = ~query[new]
        kept = _rows(new[keep], row_of[state["old"][keep]], state["relation"][keep], state["kind"][keep],
                     state["similarity"][keep])
        wanted = wanted.copy()
        wanted[skel[query]] = True  # the skeletons of the units matched again: they give the context
    rank = first_units(skel, n_sk)
    per_chunk = (memory_mb or index.memory_mb) * UNITS_PER_MB
    parts = [kept]
    for mask in _chunks(wanted, np.bincount(skel, minlength=n_sk), per_chunk):
        near = mask[i] | mask[j]
        parts.append(rows_of_skeletons(base, neighbours(i[near], j[near], sim[near], rank), mask, query))
    rows = pd.concat(parts, ignore_index=True).sort_values(["new", "relation"], kind="stable")
    rows = rows.reset_index(drop=True)
    _save(index.path, rows, stored, n_sk, i, j, sim)
    return rows
