"""Today's pandas match rules (nlp.reuse.corpus_rows before the key-summary rewrite), kept verbatim
as the reference the numpy implementation is compared with (tests/test_reuse_rows_exact.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.reuse.corpus_rows import KIND_NAMES, MAX_NEIGHBOURS


def reference_neighbours(i: np.ndarray, j: np.ndarray, sim: np.ndarray, rank: np.ndarray) -> pd.DataFrame:
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


def reference_rows(base: pd.DataFrame, nb: pd.DataFrame, query: np.ndarray | None = None) -> pd.DataFrame:
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
