"""Corpus-wide matching: every unit's self-copy and cross-copy counterpart, template families.

Steps (all vectorised; the only Python loops are the cutting of sentences and the rapidfuzz
verification of LSH candidates):

1. flatten the sides into units with integer ids for their normal form and skeleton;
2. near pairs among the distinct skeletons (MinHash-LSH, every candidate verified);
3. families = connected components of skeletons linked by near pairs; a skeleton is template
   wording when the baseline says so (:mod:`nlp.reuse.template`, never a head count);
4. self match of a unit: the same agency's most recent earlier year holding the same text
   (``exact``), else the same skeleton (``numbers_only``), else a verified near skeleton (``near``);
5. cross match: the earliest unit of another agency, not later than the unit's year, with the same
   text, else skeleton, else a verified near skeleton.

Every unit gets at most one self row and one cross row, so the output stays linear in the input
even for wording shared by thousands of reports. Then every unit gets one origin, and reports
their copy pairs and clusters (:mod:`nlp.reuse.origin`); :meth:`CorpusMatches.primary` is one
row per matched unit, the row that is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .corpus_scores import report_scores
from .near import NearConfig, near_pairs
from .origin import ORIGINS, Origins, classify, reason
from .side import Side
from .stable import hash64, template_flags
from .table import UnitTable, flatten
from .template import Baseline, baseline

KIND_NAMES = np.array(["exact", "numbers_only", "near"])
MAX_NEIGHBOURS = 16  # near neighbours kept per skeleton (the most similar)


@dataclass(frozen=True)
class CorpusMatches:
    table: UnitTable
    matches: pd.DataFrame  # new old relation(self|cross) kind origin similarity
    origins: Origins

    @property
    def units(self) -> pd.DataFrame:
        return self.table.units

    def matches_of(self, side: int) -> list[dict[str, object]]:
        """The matches of one side's units in the ``xxgk compare`` shape (plus relation, old key)."""
        u = self.table.units
        rows = np.flatnonzero(u["side"].to_numpy() == side)
        m = self.matches[self.matches["new"].isin(rows)]
        texts, keys = self.table.texts, self.table.sides["key"].tolist()
        out = []
        for r in m.itertuples(index=False):
            out.append(
                {
                    "new_id": int(u.at[r.new, "sentence"]),
                    "old_id": int(u.at[r.old, "sentence"]),
                    "new_text": texts[r.new],
                    "old_text": texts[r.old],
                    "kind": r.kind,
                    "origin": r.origin,
                    "similarity": round(float(r.similarity), 4),
                    "relation": r.relation,
                    "old_key": keys[int(u.at[r.old, "side"])],
                }
            )
        return out

    def primary(self) -> pd.DataFrame:
        """One row per matched unit (each match stored once): its self row when it has one, else
        its cross row, with the unit's ``origin``, the ``gap`` in years of a self row and the
        ``reason`` for the origin."""
        m = self.matches.drop_duplicates("new", keep="first").reset_index(drop=True)
        u, o = self.table.units, self.origins
        new, old = m["new"].to_numpy(), m["old"].to_numpy()
        year = u["year"].to_numpy()
        is_self = (m["relation"] == "self").to_numpy()
        gap = np.where(is_self, year[new] - year[old], -1)
        side = u["side"].to_numpy()[new]
        codes = o.code[new]
        m["gap"] = gap
        m["reason"] = [
            reason(int(c), float(fl), int(g), int(r), int(o.cluster[s]), int(o.cluster_size[s]), int(y))
            for c, fl, g, r, s, y in zip(codes, o.fam_len[new], o.fam_groups[new], o.fam_regions[new], side, gap,
                                         strict=True)
        ]
        return m

    def report_scores(self) -> pd.DataFrame:
        return report_scores(self.table, self.matches, self.origins)


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


def _neighbours(i: np.ndarray, j: np.ndarray, sim: np.ndarray, rank: np.ndarray) -> pd.DataFrame:
    """The most similar neighbours of each skeleton; ties go to the skeleton used first (``rank``:
    its first unit), so the choice does not depend on how skeletons are numbered."""
    p = pd.DataFrame(
        {"skel": np.concatenate([i, j]), "nb": np.concatenate([j, i]), "sim": np.concatenate([sim, sim])}
    )
    p["rank"] = rank[p["nb"].to_numpy()]
    p = p.sort_values(["skel", "sim", "rank"], ascending=[True, False, True], kind="stable")
    return p.groupby("skel", sort=False).head(MAX_NEIGHBOURS).drop(columns="rank")


def match_corpus(
    sides: Iterable[Side],
    *,
    config: NearConfig = NearConfig(),
    template: Baseline | None = None,
    method: str = "auto",
) -> CorpusMatches:
    """Match all units of all ``sides`` (see module docstring). ``template`` is the baseline
    (default: the shipped one; ``EMPTY`` for none); ``method`` is the near-pair candidate
    generation (:func:`nlp.reuse.near.near_pairs`: ``auto``, ``lsh`` or ``all``). The whole
    corpus is held in memory; :func:`nlp.reuse.corpus_disk.match_corpus_disk` keeps it on disk."""
    template = baseline() if template is None else template
    table = flatten(sides)
    # large LSH buckets are ordered by skeleton hash, as in the disk index: the order does not
    # depend on the order of the reports, so adding reports never reorders old members
    i, j, sim = near_pairs(table.skeletons, config, method, hash64(table.skeletons))
    flag = template_flags(template, table.skeletons, config)
    return match_table(table, i, j, sim, flag)


def match_table(table: UnitTable, i: np.ndarray, j: np.ndarray, sim: np.ndarray, flag: np.ndarray) -> CorpusMatches:
    """Self and cross matches, origins and copy pairs of the units of ``table``, given the verified
    near pairs ``(i, j, sim)`` of its skeletons and the template ``flag`` of each skeleton."""
    u = table.units
    n_sk = len(table.skeletons)
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n_sk, n_sk))
    _, family = connected_components(graph, directed=False)
    u["family"] = family[u["skel"].to_numpy()].astype(np.int32)
    u["template"] = flag[u["skel"].to_numpy()]
    rank = np.zeros(n_sk, dtype=np.int64)
    firsts = u.drop_duplicates("skel")
    rank[firsts["skel"].to_numpy()] = firsts.index.to_numpy()
    nb = _neighbours(i, j, sim, rank)
    del graph

    base = pd.DataFrame(
        {
            "unit": np.arange(len(u)),
            "agency": u["agency"],
            "year": u["year"],
            "norm": u["norm"],
            "skel": u["skel"],
        }
    )
    known = base[base["year"] >= 0]
    rows = []
    # self matches: exact, then numbers_only (same agency, most recent earlier year)
    ex = base.merge(_self_prev(known, "norm"), on=["agency", "norm", "year"], how="left")
    sk = base.merge(_self_prev(known, "skel"), on=["agency", "skel", "year"], how="left")
    has_sk = sk["prev"].notna().to_numpy()
    exact = has_sk & (ex["prev_year"].to_numpy() == sk["prev_year"].to_numpy())
    old = np.where(exact, ex["prev"].to_numpy(), sk["prev"].to_numpy())
    rows.append(
        _rows(base["unit"].to_numpy()[has_sk], old[has_sk], np.where(exact[has_sk], 0, 1), 1.0, "self")
    )
    # self near: a neighbour skeleton in the same agency's most recent earlier year
    rest = base[~has_sk & (base["year"] >= 0)]
    q = rest.merge(nb, on="skel").drop(columns=["skel", "norm"]).rename(columns={"nb": "skel"})
    k2 = known.drop_duplicates(["agency", "skel", "year"])[["agency", "skel", "year", "unit"]]
    k2.columns = ["agency", "skel", "oyear", "old"]
    q = q.merge(k2, on=["agency", "skel"])
    q = q[q["oyear"] < q["year"]].sort_values(["unit", "oyear", "sim", "old"], ascending=[True, False, False, True])
    q = q.drop_duplicates("unit")
    rows.append(_rows(q["unit"].to_numpy(), q["old"].to_numpy(), 2, q["sim"].to_numpy(), "self"))
    # cross matches: exact, numbers_only, near
    cx = _cross_partner(base[["unit", "agency", "year", "norm"]], _first_two(base, "norm"), "norm")
    rows.append(_rows(cx["unit"].to_numpy(), cx["old"].to_numpy(), 0, 1.0, "cross"))
    left = base[~base["unit"].isin(cx["unit"])]
    cs = _cross_partner(left[["unit", "agency", "year", "skel"]], _first_two(base, "skel"), "skel")
    rows.append(_rows(cs["unit"].to_numpy(), cs["old"].to_numpy(), 1, 1.0, "cross"))
    left = left[~left["unit"].isin(cs["unit"])]
    q = (
        left[["unit", "agency", "year", "skel"]]
        .merge(nb, on="skel")
        .drop(columns="skel")
        .rename(columns={"nb": "skel"})
    )
    cn = _cross_partner(q, _first_two(base, "skel"), "skel")
    cn = cn.sort_values(["unit", "sim", "old"], ascending=[True, False, True]).drop_duplicates("unit")
    rows.append(_rows(cn["unit"].to_numpy(), cn["old"].to_numpy(), 2, cn["sim"].to_numpy(), "cross"))

    m = pd.concat(rows, ignore_index=True)
    new = m["new"].to_numpy()
    has = {r: np.zeros(len(u), dtype=bool) for r in ("self", "cross")}
    for r in has:
        has[r][new[(m["relation"] == r).to_numpy()]] = True
    o = classify(u, u["template"].to_numpy(), has["self"], has["cross"], table.agencies,
                 table.sides["agency"].to_numpy())
    u["origin"] = o.code
    code = o.code[new]
    by_relation = np.where(m["relation"] == "self", 2, 3)
    m["origin"] = pd.Categorical.from_codes(np.where(code <= 1, code, by_relation), categories=list(ORIGINS))
    m = m.sort_values(["new", "relation"], kind="stable").reset_index(drop=True)
    return CorpusMatches(table, m, o)


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
