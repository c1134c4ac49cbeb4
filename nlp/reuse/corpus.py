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

from .corpus_rows import BLOCK, KIND_NAMES, MAX_NEIGHBOURS, first_units, match_rows, neighbours
from .corpus_scores import report_scores
from .near import NearConfig, near_pairs
from .origin import ORIGINS, Origins, classify, reason
from .side import Side
from .stable import hash64, template_flags
from .table import UnitTable, flatten
from .template import Baseline, baseline

__all__ = ["KIND_NAMES", "MAX_NEIGHBOURS", "CorpusMatches", "match_corpus", "match_table", "with_origins"]


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


def match_table(table: UnitTable, i: np.ndarray, j: np.ndarray, sim: np.ndarray, flag: np.ndarray,
                block: int = BLOCK) -> CorpusMatches:
    """Self and cross matches, origins and copy pairs of the units of ``table``, given the verified
    near pairs ``(i, j, sim)`` of its skeletons and the template ``flag`` of each skeleton.
    ``block``: units whose near-neighbour lookups are expanded at a time
    (:func:`nlp.reuse.corpus_rows.match_rows`)."""
    u = table.units
    n_sk = len(table.skeletons)
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n_sk, n_sk))
    _, family = connected_components(graph, directed=False)
    u["family"] = family[u["skel"].to_numpy()].astype(np.int32)
    u["template"] = flag[u["skel"].to_numpy()]
    nb = neighbours(i, j, sim, first_units(u["skel"].to_numpy(), n_sk))
    return with_origins(table, match_rows(_base(u), nb, n_skeletons=n_sk, block=block))


def _base(u: pd.DataFrame) -> pd.DataFrame:
    """The columns the match rules read, one row per unit."""
    return pd.DataFrame({"unit": np.arange(len(u)), "agency": u["agency"], "year": u["year"],
                         "norm": u["norm"], "skel": u["skel"]})


def with_origins(table: UnitTable, rows: pd.DataFrame) -> CorpusMatches:
    """The origins of the units of ``table`` (its ``family`` and ``template`` columns set) given
    their match rows (:func:`nlp.reuse.corpus_rows.match_rows`), and the rows with their origin."""
    u = table.units
    m = rows.copy()
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
