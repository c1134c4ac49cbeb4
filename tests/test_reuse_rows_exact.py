"""The match rows computed from per-key summaries (nlp.reuse.corpus_rows.match_rows) equal the
pandas rules they replace (tests/reuse_rows_reference.py, the code of main before the rewrite) row
by row — on random corpora planted so that every rule and every tie occurs — and hand-planted
cases give the rows the rules say."""

from __future__ import annotations

import numpy as np
import pandas as pd
from reuse_rows_reference import reference_neighbours, reference_rows

from nlp.reuse.corpus_rows import first_units, match_rows, neighbours

COLUMNS = ["new", "old", "relation", "kind", "similarity"]


def _corpus(seed: int, n: int = 1500, functional: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Units over few agencies, years (some -1), texts and skeletons, so that the same agency holds
    one text several times a year, two agencies share a year, and near pairs share similarities."""
    rng = np.random.default_rng(seed)
    n_skel = 60 if functional else 250
    n_norm = 150
    skel_of_norm = rng.integers(0, n_skel, n_norm)
    norm = rng.integers(0, n_norm, n)
    skel = skel_of_norm[norm] if functional else rng.integers(0, n_skel, n)
    year = rng.choice(np.array([-1, 2019, 2020, 2021, 2022, 2023]), n, p=[0.1, 0.2, 0.2, 0.2, 0.2, 0.1])
    agency = rng.integers(0, 8, n)
    base = pd.DataFrame({"unit": np.arange(n), "agency": agency, "year": year, "norm": norm, "skel": skel})
    # pairs among skeletons, also of skeletons with no units (ids ≥ n_skel), few distinct similarities
    n_pairs = 400
    i = rng.integers(0, n_skel + 5, n_pairs)
    j = rng.integers(0, n_skel + 5, n_pairs)
    keep = i != j
    i, j = np.minimum(i, j)[keep], np.maximum(i, j)[keep]
    code = np.unique(i * 1000 + j)
    i, j = code // 1000, code % 1000
    sim = rng.choice(np.array([0.8, 0.85, 0.9], dtype=np.float32), len(i))
    rank = first_units(skel, n_skel + 5)
    return base, neighbours(i, j, sim, rank)


def _situations(base: pd.DataFrame, rows: pd.DataFrame) -> set[str]:
    """Which rules and ties the corpus exercises."""
    out = {f"{r}-{k}" for r, k in zip(rows["relation"].astype(str), rows["kind"].astype(str), strict=True)}
    if (base.groupby(["agency", "skel", "year"]).size() > 1).any():
        out.add("several units of one agency-year-skeleton")
    if (base["year"] < 0).any() and (rows["new"].isin(base.index[base["year"] < 0])).any():
        out.add("unknown year with a row")
    new_year = base["year"].to_numpy()[rows["new"].to_numpy()]
    old_year = base["year"].to_numpy()[rows["old"].to_numpy()]
    cross = (rows["relation"] == "cross").to_numpy()
    if (cross & (new_year == old_year) & (new_year >= 0)).any():
        out.add("cross partner of the same year")
    if (cross & (rows["old"] > rows["new"]).to_numpy()).any():
        out.add("cross partner later in unit order")
    return out


def test_rows_equal_the_pandas_rules() -> None:
    seen: set[str] = set()
    for seed in range(6):
        for functional in (True, False):
            base, nb = _corpus(seed, functional=functional)
            want = reference_rows(base, nb)
            pd.testing.assert_frame_equal(match_rows(base, nb)[COLUMNS], want[COLUMNS])
            # blocks of units give the same rows
            pd.testing.assert_frame_equal(match_rows(base, nb, block=97)[COLUMNS], want[COLUMNS])
            seen |= _situations(base, want)
    assert len(seen) == 10  # all six rules and the four situations of _situations occurred


def test_near_ties_are_broken_as_the_rules_say() -> None:
    # agency 0: 2020 holds skeletons 1 and 2 (units 0, 1) and skeleton 3 in 2019 (unit 2);
    # 2021's unit 3 (skeleton 0) has neighbours 1, 2 (0.9 both) and 3 (0.95).
    # self near: the latest earlier year first (2020, not 2019's more similar 3), then similarity
    # (tie), then the first unit: 0. Agency 1's unit 4 (2021, skeleton 4) has neighbours 1, 2
    # (0.9 both) and 3 (0.8): cross near is the most similar neighbour's earliest other-agency
    # unit, ties to the first unit: 0 (not 2, the earliest, of a less similar neighbour).
    base = pd.DataFrame({"unit": range(6), "agency": [0, 0, 0, 0, 1, 1], "year": [2020, 2020, 2019, 2021, 2021, -1],
                         "norm": [10, 20, 30, 40, 41, 50], "skel": [1, 2, 3, 0, 4, 6]})
    i, j = np.array([0, 0, 0, 1, 2, 3]), np.array([1, 2, 3, 4, 4, 4])
    sim = np.array([0.9, 0.9, 0.95, 0.9, 0.9, 0.8], dtype=np.float32)
    nb = neighbours(i, j, sim, first_units(base["skel"].to_numpy(), 7))
    got = match_rows(base, nb)
    rows = {(int(r.new), str(r.relation)): (int(r.old), str(r.kind), round(float(r.similarity), 2))
            for r in got.itertuples()}
    assert rows[(3, "self")] == (0, "near", 0.9)
    assert rows[(4, "cross")] == (0, "near", 0.9)
    # unit 3's neighbours hold agency 0 alone; unit 4's agency has no earlier year; units 0-2
    # have unit 4's skeleton as a neighbour, but of a later year; the unknown-year unit 5 has no
    # neighbour and no shared key: no other row
    assert set(rows) == {(3, "self"), (4, "cross")}
    pd.testing.assert_frame_equal(got[COLUMNS], reference_rows(base, nb)[COLUMNS])


def test_self_rows_take_the_first_unit_of_the_latest_earlier_year() -> None:
    # agency 0 writes text 7 twice in 2019 (units 0, 1), text 8 (same skeleton) in 2020 (unit 2)
    # and text 7 again in 2021 (unit 3): exact needs the text in the latest earlier year with the
    # skeleton (2020), which holds only text 8 → numbers_only to unit 2. Unit 2 → exact? no: 2019
    # holds the skeleton but not text 8 → numbers_only to unit 0 (the first of 2019).
    # A second agency writes text 7 in 2018 (unit 4, after the others in unit order): it is the
    # earliest holder, so agency 0's units copy it (cross exact), and its own cross partner is
    # none (the others are later).
    base = pd.DataFrame({"unit": range(5), "agency": [0, 0, 0, 0, 1], "year": [2019, 2019, 2020, 2021, 2018],
                         "norm": [7, 7, 8, 7, 7], "skel": [1, 1, 1, 1, 1]})
    nb = neighbours(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(2, np.int64))
    got = match_rows(base, nb)
    rows = {(int(r.new), str(r.relation)): (int(r.old), str(r.kind)) for r in got.itertuples()}
    assert rows == {(2, "self"): (0, "numbers_only"), (3, "self"): (2, "numbers_only"),
                    (0, "cross"): (4, "exact"), (1, "cross"): (4, "exact"), (3, "cross"): (4, "exact"),
                    (2, "cross"): (4, "numbers_only")}
    pd.testing.assert_frame_equal(got[COLUMNS], reference_rows(base, nb)[COLUMNS])


def test_neighbours_equal_the_two_sorts() -> None:
    rng = np.random.default_rng(3)
    for n_units in (40, 3000):  # ranks of skeletons without units tie (0) / every skeleton used
        skel = np.r_[rng.permutation(60), rng.integers(0, 60, n_units)][:n_units]
        rank = first_units(skel, 60)
        assert (len(np.unique(rank)) == 60) == (n_units > 60)
        i, j = rng.integers(0, 60, 900), rng.integers(0, 60, 900)
        i, j = i[i != j], j[i != j]
        sim = rng.choice(np.array([0.8, 0.85, 0.9, 1.0], dtype=np.float32), len(i))
        want = reference_neighbours(i, j, sim, rank)
        assert want.groupby("skel").size().max() == 16  # the cut at 16 neighbours applies
        pd.testing.assert_frame_equal(neighbours(i, j, sim, rank), want)
        # skeletons taken in ranges of a few pair ends (a skeleton with more ends than the chunk
        # is one range of its own): the same lists
        for chunk in (1, 7, 64):
            pd.testing.assert_frame_equal(neighbours(i, j, sim, rank, chunk=chunk), want)
