"""The match rows of the corpus matcher (:mod:`nlp.reuse.corpus`), computed from per-key summaries.

The rules (:func:`match_rows`) read, for a unit, only

* per normal form and per skeleton: its earliest unit (by year, then unit; an unknown year, -1,
  sorts first) and the earliest unit of a second agency;
* per (agency, key, year): the representative unit (the first) — a unit's self partner is the
  representative of the same (agency, key) in the latest earlier year;
* its skeleton's near neighbours (:func:`neighbours`: the verified pairs of its skeleton, ties
  broken by each neighbour's first unit, at most :data:`MAX_NEIGHBOURS`).

So they are built once over all units with sorts (:class:`_Summary`: O(#units) integer arrays)
and every row is a lookup: an array index for the earliest holders, a ``searchsorted`` into the
sorted (agency, key, year) codes for the self partners, also for the ≤ 16 neighbour skeletons of a
unit. No unit is read twice however many skeletons share a neighbour; the neighbour lookups run
over blocks of ``block`` units, so their memory is bounded by the block.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KIND_NAMES = np.array(["exact", "numbers_only", "near"])
MAX_NEIGHBOURS = 16  # near neighbours kept per skeleton (the most similar)
ROW_COLUMNS = ("new", "old", "relation", "kind", "similarity")
BLOCK = 1 << 20  # units whose neighbour lookups are expanded at a time
NEIGHBOUR_CHUNK = 1 << 23  # pair ends sorted at a time by :func:`neighbours`


def first_units(skel: np.ndarray, n_skeletons: int) -> np.ndarray:
    """Per skeleton: the index of its first unit (0 for a skeleton without units)."""
    uniq, first = np.unique(skel, return_index=True)
    rank = np.zeros(n_skeletons, dtype=np.int64)
    rank[uniq] = first
    return rank


def neighbours(i: np.ndarray, j: np.ndarray, sim: np.ndarray, rank: np.ndarray,
               chunk: int = NEIGHBOUR_CHUNK) -> pd.DataFrame:
    """The most similar neighbours of each skeleton; ties go to the skeleton used first (``rank``:
    its first unit), so the choice does not depend on how skeletons are numbered. Skeletons are
    taken in ranges of about ``chunk`` pair ends, so the sort's memory is bounded by the chunk."""
    i, j, sim = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64), np.asarray(sim, dtype=np.float32)
    packed = _Packed.of(i, j, sim, rank)
    if packed is None:
        skel, nb = np.concatenate([i, j]), np.concatenate([j, i])
        sim = np.concatenate([sim, sim])
        # by skel, then sim descending, then rank, then input order (two stable sorts; a
        # non-negative float32's bits order as the float does)
        o = np.argsort(rank[nb], kind="stable")
        key = (skel << 31) | (0x7FFFFFFF - np.abs(sim).view(np.int32).astype(np.int64))
        o = o[np.argsort(key[o], kind="stable")]
        return _top(skel[o], nb[o], sim[o])
    ends = np.cumsum(np.bincount(i, minlength=len(rank)) + np.bincount(j, minlength=len(rank)))
    cuts = np.unique(np.r_[0, np.searchsorted(ends, np.arange(chunk, int(ends[-1]), chunk), "right"), len(rank)])
    parts = [_top(*packed.sorted(i, j, sim, a, b)) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    return pd.concat(parts, ignore_index=True) if parts else _top(i[:0], j[:0], sim[:0])


def _top(skel: np.ndarray, nb: np.ndarray, sim: np.ndarray) -> pd.DataFrame:
    """The first :data:`MAX_NEIGHBOURS` rows of each run of equal ``skel`` (sorted)."""
    first = np.flatnonzero(np.r_[True, skel[1:] != skel[:-1]]) if len(skel) else np.empty(0, dtype=np.int64)
    pos = np.arange(len(skel)) - np.repeat(first, np.diff(np.r_[first, len(skel)]))
    keep = pos < MAX_NEIGHBOURS
    return pd.DataFrame({"skel": skel[keep], "nb": nb[keep], "sim": sim[keep]})


class _Packed:
    """Both directions of the pairs ordered by skel, sim descending, rank of nb: one value sort of a
    key packing the three (skel, the dense rank of sim, the skeleton's place by ``rank``), decoded
    after. :meth:`of` is None when it does not apply: ranks tie (rows tying on the key are then not
    the same pair), a negative similarity, or more than 63 bits."""

    def __init__(self, order: np.ndarray, place: np.ndarray, values: np.ndarray, pb: int, sb: int) -> None:
        self.order, self.place, self.values, self.pb, self.sb = order, place, values, pb, sb

    @classmethod
    def of(cls, i: np.ndarray, j: np.ndarray, sim: np.ndarray, rank: np.ndarray) -> _Packed | None:
        if not len(i) or sim.min() < 0:
            return None
        order = np.argsort(rank, kind="stable")
        if (rank[order][1:] == rank[order][:-1]).any():
            return None
        place = np.empty(len(rank), dtype=np.int64)
        place[order] = np.arange(len(rank))
        values = np.unique(sim)
        pb, sb = _width(len(rank) - 1), _width(len(values) - 1)
        if _width(max(int(i.max()), int(j.max()))) + sb + pb > 63:
            return None
        return cls(order, place, values, pb, sb)

    def sorted(self, i: np.ndarray, j: np.ndarray, sim: np.ndarray, a: int, b: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(skel, nb, sim) of the pair ends whose skel is in ``[a, b)``, in order."""
        pb, sb, keys = self.pb, self.sb, []
        for x, y in ((i, j), (j, i)):
            sel = np.flatnonzero((x >= a) & (x < b))
            desc = len(self.values) - 1 - np.searchsorted(self.values, sim[sel]).astype(np.int64)
            keys.append((x[sel] << (sb + pb)) | (desc << pb) | self.place[y[sel]])
        key = np.concatenate(keys)
        del keys
        key.sort()
        return (key >> (sb + pb), self.order[key & ((1 << pb) - 1)],
                self.values[len(self.values) - 1 - ((key >> pb) & ((1 << sb) - 1))])


def _width(x: int) -> int:
    return max(int(x), 1).bit_length()


class _Summary:
    """The per-key summaries of all units (positions 0..n-1, in unit order)."""

    def __init__(self, agency: np.ndarray, year: np.ndarray, norm: np.ndarray, skel: np.ndarray,
                 n_skeletons: int) -> None:
        self.agency, self.year = agency.astype(np.int64), year.astype(np.int64)
        dated = self.year >= 0
        y0 = int(self.year[dated].min()) if dated.any() else 0
        self.yr = np.where(dated, self.year - y0 + 1, 0)  # orders as year does, -1 → 0
        self.yb = _width(self.yr.max() if len(self.yr) else 0)
        n_norms = int(norm.max()) + 1 if len(norm) else 0
        self.first = {k: self._first_two(v, n) for k, v, n in (("norm", norm, n_norms), ("skel", skel, n_skeletons))}
        self.kb = _width(max(n_norms, n_skeletons))
        if _width(int(self.agency.max()) if len(agency) else 0) + self.kb + self.yb > 62:
            raise ValueError("too many agencies × keys × years for 63-bit codes")
        self.prev = {"norm": self._years(norm, dated), "skel": self._years(skel, dated)}

    def _first_two(self, key: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
        """Per key: the earliest unit by (year, unit), and the earliest of another agency (-1: none)."""
        o = np.argsort((key.astype(np.int64) << self.yb) | self.yr, kind="stable")
        k = key[o]
        start = np.r_[True, k[1:] != k[:-1]] if len(k) else np.zeros(0, dtype=bool)
        group = np.cumsum(start) - 1
        u1 = np.full(n_keys, -1, dtype=np.int64)
        u1[k[start]] = o[start]
        other = np.flatnonzero(self.agency[o] != self.agency[o[start]][group])
        g = group[other]
        firsts = other[np.r_[True, g[1:] != g[:-1]]] if len(g) else other
        u2 = np.full(n_keys, -1, dtype=np.int64)
        u2[k[firsts]] = o[firsts]
        return u1, u2

    def code(self, agency: np.ndarray, key: np.ndarray, yr: np.ndarray) -> np.ndarray:
        return (agency << (self.kb + self.yb)) | (key.astype(np.int64) << self.yb) | yr

    def _years(self, key: np.ndarray, dated: np.ndarray) -> tuple[np.ndarray, ...]:
        """Sorted distinct (agency, key, year) codes of the dated units and their first unit; and
        per unit, its own (agency, key)'s latest earlier year: found, representative, year code."""
        units = np.flatnonzero(dated)
        code = self.code(self.agency[units], key[units], self.yr[units])
        o = np.argsort(code, kind="stable")
        code = code[o]
        start = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, dtype=bool)
        codes, rep = code[start], units[o[start]]
        # the distinct code before a unit's own is its latest earlier year when of the same prefix
        d = np.cumsum(start) - 1
        before = np.maximum(d - 1, 0)
        has = (d > 0) & ((codes[before] >> self.yb) == (code >> self.yb)) if len(code) else d > 0
        found = np.zeros(len(dated), dtype=bool)
        found[units[o]] = has
        prev = np.zeros(len(dated), dtype=np.int64)
        prev[units[o]] = rep[before] if len(rep) else before
        prev_yr = np.zeros(len(dated), dtype=np.int64)
        prev_yr[units[o]] = codes[before] & ((1 << self.yb) - 1) if len(codes) else before
        return codes, rep, found, prev, prev_yr

    def earlier(self, which: str, agency: np.ndarray, key: np.ndarray, yr: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each (agency, key, year): found, the representative unit of the same (agency, key)
        in the latest earlier year, and that year's code."""
        codes, rep = self.prev[which][:2]
        want = self.code(agency, key, yr)
        at = np.searchsorted(codes, want, side="left") - 1
        safe = np.maximum(at, 0)
        found = (at >= 0) & ((codes[safe] >> self.yb) == (want >> self.yb)) if len(codes) else at >= 0
        return found, rep[safe] if len(rep) else at, codes[safe] & ((1 << self.yb) - 1) if len(codes) else at

    def own_earlier(self, which: str, units: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`earlier` for ``units`` and their own agency, key and year."""
        found, prev, prev_yr = self.prev[which][2:]
        return found[units], prev[units], prev_yr[units]

    def cross(self, which: str, units: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For ``units`` and a key value each: found, the earliest unit of another agency holding
        the key, not later than the unit (either year unknown counts as not later)."""
        u1, u2 = self.first[which]
        a = u1[key]
        part = np.where((a >= 0) & (self.agency[a] != self.agency[units]), a, u2[key])
        safe = np.maximum(part, 0)
        py, year = self.year[safe], self.year[units]
        return (part >= 0) & ((year < 0) | (py < 0) | (py <= year)), part


def _expand(skel: np.ndarray, nb: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For units of skeletons ``skel``: (position in ``skel``, neighbour skeleton, similarity), one
    per kept neighbour."""
    s = nb["skel"].to_numpy()
    lo, hi = np.searchsorted(s, skel, "left"), np.searchsorted(s, skel, "right")
    count = hi - lo
    pos = np.repeat(np.arange(len(skel)), count)
    at = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(len(pos))
    return pos, nb["nb"].to_numpy()[at], nb["sim"].to_numpy()[at].astype(np.float32)


def _best(pos: np.ndarray, old: np.ndarray, *desc: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per run of equal ``pos`` (sorted): the row with the largest ``desc`` values in order, then the
    smallest ``old``; returns its pos, old and ``desc`` values."""
    if not len(pos):
        return pos, old, *desc
    start = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]])
    group = np.repeat(np.arange(len(start)), np.diff(np.r_[start, len(pos)]))
    keep = np.ones(len(pos), dtype=bool)
    best = []
    for d in desc:
        top = np.maximum.reduceat(np.where(keep, d, d.min() - 1), start)
        keep &= d == top[group]
        best.append(top)
    return pos[start], np.minimum.reduceat(np.where(keep, old, old.max() + 1), start), *best


def _block_rows(s: _Summary, units: np.ndarray, norm: np.ndarray, skel: np.ndarray, nb: pd.DataFrame
                ) -> tuple[np.ndarray, ...]:
    """(new, old, relation, kind, similarity) of ``units`` (unordered)."""
    yr = s.yr[units]
    parts = []
    # self: same agency, latest earlier year, same text, else skeleton, else a neighbour skeleton
    sk_ok, sk_old, sk_yr = s.own_earlier("skel", units)
    ex_ok, ex_old, ex_yr = s.own_earlier("norm", units)
    exact = sk_ok & ex_ok & (ex_yr == sk_yr)
    parts.append((units[sk_ok], np.where(exact, ex_old, sk_old)[sk_ok], 0, np.where(exact, 0, 1)[sk_ok], 1.0))
    rest = units[~sk_ok & (yr > 0)]
    pos, n, sim = _expand(skel[rest], nb)
    ok, old, oyr = s.earlier("skel", s.agency[rest][pos], n, s.yr[rest][pos])
    at, old, _, sim_ = _best(pos[ok], old[ok], oyr[ok], sim[ok])
    parts.append((rest[at], old, 0, 2, sim_))
    # cross: earliest other agency, not later, same text, else skeleton, else a neighbour skeleton
    left = units
    for kind, which, key in ((0, "norm", norm), (1, "skel", skel)):
        ok, part = s.cross(which, left, key[left])
        parts.append((left[ok], part[ok], 1, kind, 1.0))
        left = left[~ok]
    pos, n, sim = _expand(skel[left], nb)
    ok, part = s.cross("skel", left[pos], n)
    at, part, sim_ = _best(pos[ok], part[ok], sim[ok])
    parts.append((left[at], part, 1, 2, sim_))
    return tuple(np.concatenate([np.broadcast_to(np.asarray(p[c]), len(p[0])) for p in parts])
                 for c in range(5))


def match_rows(base: pd.DataFrame, nb: pd.DataFrame, *, n_skeletons: int | None = None,
               block: int = BLOCK) -> pd.DataFrame:
    """Self and cross rows of the units of ``base`` (columns unit agency year norm skel, ordered by
    unit) given the near neighbours ``nb`` of their skeletons (:func:`neighbours`):

    * self: the same agency's most recent earlier year with the same text (``exact``), else the
      same skeleton (``numbers_only``), else a near neighbour skeleton (``near``: the latest such
      year, then the most similar neighbour, then the first unit);
    * cross: the earliest unit of another agency, not later than the unit's year, with the same
      text, else skeleton, else a near neighbour skeleton (the most similar, then the first unit).

    Rows ordered by (new, relation)."""
    skel = base["skel"].to_numpy().astype(np.int64)
    norm = base["norm"].to_numpy().astype(np.int64)
    top = max(int(skel.max()) + 1 if len(skel) else 0, int(nb["nb"].max()) + 1 if len(nb) else 0)
    s = _Summary(base["agency"].to_numpy(), base["year"].to_numpy(), norm, skel, max(n_skeletons or 0, top))
    got = [_block_rows(s, np.arange(a, min(a + block, len(base))), norm, skel, nb)
           for a in range(0, len(base), max(block, 1))]
    new, old, rel, kind, sim = (np.concatenate([g[c] for g in got]) if got else np.zeros(0) for c in range(5))
    o = np.argsort(new * 2 + rel, kind="stable")
    unit = base["unit"].to_numpy().astype(np.int64)
    return _rows(unit[new[o].astype(np.int64)], unit[old[o].astype(np.int64)], rel[o], kind[o], sim[o])


def _rows(new: np.ndarray, old: np.ndarray, relation: np.ndarray, kind: np.ndarray,
          sim: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "new": new.astype(np.int64), "old": old.astype(np.int64),
        "relation": pd.Categorical.from_codes(relation.astype(np.int8), categories=["self", "cross"]),
        "kind": pd.Categorical.from_codes(kind.astype(np.int8), categories=list(KIND_NAMES)),
        "similarity": sim.astype(np.float32)})
