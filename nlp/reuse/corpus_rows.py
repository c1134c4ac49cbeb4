"""The match rows of the corpus matcher (:mod:`nlp.reuse.corpus`), for all units or for the units
of some skeletons only.

Which rows a unit gets depends only on (see the rules in :func:`match_rows`):

* the units sharing its normal form or its skeleton (self: same agency, latest earlier year;
  cross: the earliest unit, or the earliest of a second agency);
* its skeleton's near neighbours (:func:`neighbours`: the verified pairs of its skeleton, ties
  broken by each neighbour's first unit) and the units of those neighbour skeletons.

So the rows of the units of a set ``A`` of skeletons are computed exactly from the units of ``A``
and of their neighbours alone (:func:`rows_of_skeletons`): this lets the on-disk matcher work in
chunks of skeletons (memory bounded by the chunk, not the corpus) and, when a year is added,
recompute only the skeletons a new unit or a new pair can reach (:mod:`nlp.reuse.corpus_incremental`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KIND_NAMES = np.array(["exact", "numbers_only", "near"])
MAX_NEIGHBOURS = 16  # near neighbours kept per skeleton (the most similar)
ROW_COLUMNS = ("new", "old", "relation", "kind", "similarity")


def first_units(skel: np.ndarray, n_skeletons: int) -> np.ndarray:
    """Per skeleton: the index of its first unit (0 for a skeleton without units)."""
    rank = np.full(n_skeletons, len(skel), dtype=np.int64)
    np.minimum.at(rank, skel, np.arange(len(skel), dtype=np.int64))
    rank[rank == len(skel)] = 0
    return rank


def neighbours(i: np.ndarray, j: np.ndarray, sim: np.ndarray, rank: np.ndarray) -> pd.DataFrame:
    """The most similar neighbours of each skeleton; ties go to the skeleton used first (``rank``:
    its first unit), so the choice does not depend on how skeletons are numbered."""
    skel, nb = np.concatenate([i, j]).astype(np.int64), np.concatenate([j, i]).astype(np.int64)
    sim = np.concatenate([sim, sim]).astype(np.float32)
    # by skel, then sim descending, then rank, then input order (two stable sorts; a non-negative
    # float32's bits order as the float does)
    o = np.argsort(rank[nb], kind="stable")
    key = (skel << 31) | (0x7FFFFFFF - np.abs(sim).view(np.int32).astype(np.int64))
    o = o[np.argsort(key[o], kind="stable")]
    skel, nb, sim = skel[o], nb[o], sim[o]
    first = np.flatnonzero(np.r_[True, skel[1:] != skel[:-1]]) if len(skel) else np.empty(0, dtype=np.int64)
    pos = np.arange(len(skel)) - np.repeat(first, np.diff(np.r_[first, len(skel)]))
    keep = pos < MAX_NEIGHBOURS
    return pd.DataFrame({"skel": skel[keep], "nb": nb[keep], "sim": sim[keep]})


def _first_two(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per ``key`` value: the earliest unit and the earliest unit of a second agency."""
    s = df.sort_values([key, "year", "unit"], kind="stable")
    first = s.drop_duplicates(key)[[key, "agency", "year", "unit"]]
    first.columns = [key, "ag1", "y1", "u1"]
    s = s.merge(first[[key, "ag1"]], on=key)
    second = s[s["agency"] != s["ag1"]].drop_duplicates(key)[[key, "agency", "year", "unit"]]
    second.columns = [key, "ag2", "y2", "u2"]
    return first.merge(second, on=key, how="left")


def _cross_partner(df: pd.DataFrame, ft: pd.DataFrame, key: str) -> pd.DataFrame:
    """For each row of ``df`` (unit agency year ``key``): the other-agency partner, if any."""
    m = df.merge(ft, on=key, how="inner")
    use1 = m["ag1"] != m["agency"]
    part = np.where(use1, m["u1"], m["u2"])
    py = np.where(use1, m["y1"], m["y2"])
    ok = ~pd.isna(part)
    ok &= (m["year"].to_numpy() < 0) | (py < 0) | (py <= m["year"].to_numpy())
    out = pd.DataFrame({"unit": m["unit"].to_numpy()[ok], "old": part[ok].astype(np.int64)})
    if "sim" in m:
        out["sim"] = m["sim"].to_numpy()[ok]
    return out


def _self_prev(known: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per (agency, key, year): the representative unit of the same (agency, key) in the latest
    earlier year."""
    k = known.drop_duplicates(["agency", key, "year"]).sort_values(["agency", key, "year"], kind="stable")
    g = k.groupby(["agency", key], sort=False)
    k = k.assign(prev=g["unit"].shift(1), prev_year=g["year"].shift(1))
    return k.dropna(subset=["prev"])[["agency", key, "year", "prev", "prev_year"]]


def match_rows(base: pd.DataFrame, nb: pd.DataFrame, query: np.ndarray | None = None) -> pd.DataFrame:
    """Self and cross rows of the units of ``base`` (columns unit agency year norm skel, ordered by
    unit) given the near neighbours ``nb`` of their skeletons:

    * self: the same agency's most recent earlier year with the same text (``exact``), else the
      same skeleton (``numbers_only``), else a near neighbour skeleton (``near``);
    * cross: the earliest unit of another agency, not later than the unit's year, with the same
      text, else skeleton, else a near neighbour skeleton.

    ``query``: rows only for these units of ``base`` (a bool mask; the others are context).
    Rows ordered by (new, relation)."""
    known = base[base["year"] >= 0]
    q_base = base if query is None else base[query]
    rows = []
    # self matches: exact, then numbers_only (same agency, most recent earlier year)
    ex = q_base.merge(_self_prev(known, "norm"), on=["agency", "norm", "year"], how="left")
    sk = q_base.merge(_self_prev(known, "skel"), on=["agency", "skel", "year"], how="left")
    has_sk = sk["prev"].notna().to_numpy()
    exact = has_sk & (ex["prev_year"].to_numpy() == sk["prev_year"].to_numpy())
    old = np.where(exact, ex["prev"].to_numpy(), sk["prev"].to_numpy())
    rows.append(
        _rows(q_base["unit"].to_numpy()[has_sk], old[has_sk], np.where(exact[has_sk], 0, 1), 1.0, "self")
    )
    # self near: a neighbour skeleton in the same agency's most recent earlier year
    rest = q_base[~has_sk & (q_base["year"] >= 0)]
    q = rest.merge(nb, on="skel").drop(columns=["skel", "norm"]).rename(columns={"nb": "skel"})
    k2 = known.drop_duplicates(["agency", "skel", "year"])[["agency", "skel", "year", "unit"]]
    k2.columns = ["agency", "skel", "oyear", "old"]
    q = q.merge(k2, on=["agency", "skel"])
    q = q[q["oyear"] < q["year"]].sort_values(["unit", "oyear", "sim", "old"], ascending=[True, False, False, True])
    q = q.drop_duplicates("unit")
    rows.append(_rows(q["unit"].to_numpy(), q["old"].to_numpy(), 2, q["sim"].to_numpy(), "self"))
    # cross matches: exact, numbers_only, near
    cx = _cross_partner(q_base[["unit", "agency", "year", "norm"]], _first_two(base, "norm"), "norm")
    rows.append(_rows(cx["unit"].to_numpy(), cx["old"].to_numpy(), 0, 1.0, "cross"))
    left = q_base[~q_base["unit"].isin(cx["unit"])]
    first_skel = _first_two(base, "skel")
    cs = _cross_partner(left[["unit", "agency", "year", "skel"]], first_skel, "skel")
    rows.append(_rows(cs["unit"].to_numpy(), cs["old"].to_numpy(), 1, 1.0, "cross"))
    left = left[~left["unit"].isin(cs["unit"])]
    q = (
        left[["unit", "agency", "year", "skel"]]
        .merge(nb, on="skel")
        .drop(columns="skel")
        .rename(columns={"nb": "skel"})
    )
    cn = _cross_partner(q, first_skel, "skel")
    cn = cn.sort_values(["unit", "sim", "old"], ascending=[True, False, True]).drop_duplicates("unit")
    rows.append(_rows(cn["unit"].to_numpy(), cn["old"].to_numpy(), 2, cn["sim"].to_numpy(), "cross"))
    m = pd.concat(rows, ignore_index=True)
    return m.sort_values(["new", "relation"], kind="stable").reset_index(drop=True)


def rows_of_skeletons(base: pd.DataFrame, nb: pd.DataFrame, wanted: np.ndarray,
                      query: np.ndarray | None = None) -> pd.DataFrame:
    """The rows :func:`match_rows` gives the units of the skeletons marked in ``wanted`` (a bool
    array by skeleton id; only the units marked in ``query``, a bool array by unit, when given),
    computed from the units of those skeletons and of their neighbour skeletons only. ``base``
    holds at least those units (ordered by unit); ``nb`` at least the neighbours of the wanted
    skeletons."""
    nb = nb[wanted[nb["skel"].to_numpy()]]
    need = wanted.copy()
    need[nb["nb"].to_numpy()] = True
    sub = base[need[base["skel"].to_numpy()]]
    mine = wanted[sub["skel"].to_numpy()]
    if query is not None:
        mine &= query[sub["unit"].to_numpy()]
    return match_rows(sub, nb, mine)


def _rows(
    new: np.ndarray, old: np.ndarray, kind: int | np.ndarray, sim: float | np.ndarray, relation: str
) -> pd.DataFrame:
    n = len(new)
    kinds = np.broadcast_to(np.asarray(kind), (n,))
    return pd.DataFrame(
        {
            "new": np.asarray(new, dtype=np.int64),
            "old": np.asarray(old, dtype=np.int64),
            "relation": pd.Categorical.from_codes(
                np.full(n, 0 if relation == "self" else 1, dtype=np.int8), categories=["self", "cross"]
            ),
            "kind": pd.Categorical.from_codes(kinds.astype(np.int8), categories=list(KIND_NAMES)),
            "similarity": np.broadcast_to(np.asarray(sim, dtype=np.float32), (n,)).copy(),
        }
    )
