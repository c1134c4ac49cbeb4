"""Large LSH buckets in an incremental run: new members shift each member's window of its next
``max_bucket - 1`` in hash order, so the earlier pairs a full run no longer draws must be dropped
and no others. Checked exactly: the pairs (and scores) of an index built in two runs are those of
an index built at once, compared by skeleton text (ids differ with the order reports are added).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from test_reuse_disk import _edit, planted

from nlp.reuse import distributed
from nlp.reuse.corpus_disk import update_index
from nlp.reuse.lsh_store import ReuseIndex
from nlp.reuse.minhash import LshParams
from nlp.reuse.near import NearConfig
from nlp.reuse.side import Sent, Side
from nlp.reuse.template import EMPTY


def _pairs(index: ReuseIndex) -> dict[frozenset[str], float]:
    i, j, sim = index.stored_pairs()
    texts = index.skeleton_texts()
    return {frozenset((texts[a], texts[b])): float(s) for a, b, s in zip(i.tolist(), j.tolist(), sim.tolist(),
                                                                          strict=True)}


def _corpus(copies: int) -> list[Side]:
    sides, _ = planted()
    rng = random.Random(copies)
    for k in range(copies):  # new agencies in 2024 whose reports are edited copies of 2023's
        copied = [_edit(x.text, rng) for s in sides if s.year == 2023 for x in s.sentences]
        sides.append(Side(tuple(Sent(n, t, 1) for n, t in enumerate(copied)), f"新设{k}区人民政府", 2024,
                          f"新设{k}区人民政府-2024"))
    return sides


@pytest.mark.parametrize("cap", [2, 3, 5])
def test_two_runs_give_the_pairs_of_one_run(tmp_path, monkeypatch, cap):
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    sides = _corpus(3)
    cfg = NearConfig(lsh=LshParams(max_bucket=cap))
    path = tmp_path / "inc"
    update_index([s for s in sides if s.year < 2024], path, config=cfg, template=EMPTY)
    inc = update_index(sides, path, config=cfg, template=EMPTY)
    full = update_index(sides, tmp_path / "full", config=cfg, template=EMPTY)
    with np.load(sorted((path / "pairs").glob("*.npz"))[-1]) as z:
        dropped = len(z["drop"])
    assert dropped > 0  # buckets grew past the cap: some earlier pairs left every window
    got, want = _pairs(inc), _pairs(full)
    assert len(want) > 0 and got.keys() == want.keys()
    assert all(abs(got[k] - want[k]) < 1e-6 for k in want)


def test_three_runs_give_the_pairs_of_one_run(tmp_path, monkeypatch):
    """Drops recorded by a second run are applied with the ids of that run (codes i×n+j with its n)."""
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    sides = _corpus(2)
    cfg = NearConfig(lsh=LshParams(max_bucket=3))
    path = tmp_path / "inc"
    for year in (2022, 2023, 2024):
        update_index([s for s in sides if s.year <= year], path, config=cfg, template=EMPTY)
    full = update_index(sides, tmp_path / "full", config=cfg, template=EMPTY)
    got, want = _pairs(ReuseIndex(path, cfg)), _pairs(full)
    assert len(want) > 0 and got.keys() == want.keys()


@pytest.mark.parametrize("cap", [2, 4, 32])
def test_new_window_pairs_are_the_bucket_pairs_with_a_new_member(cap):
    """Random buckets (sizes 2..3×cap, old and new members shuffled): the pairs generated from the
    new members are exactly those of the full bucket windowing that involve a new member."""
    from nlp.reuse.distributed import _new_window_pairs
    from nlp.reuse.minhash import _bucket_pairs

    rng = np.random.default_rng(cap)
    sizes = rng.integers(2, 3 * cap + 1, size=60)
    members = rng.permutation(int(sizes.sum())).astype(np.int64)
    paired = int(sizes.sum()) * 2 // 3  # ids from here on are new
    run_start = np.cumsum(sizes) - sizes
    ref = _bucket_pairs(np.arange(len(members)), run_start, sizes, cap)
    a, b = members[ref[:, 0]], members[ref[:, 1]]
    want = {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True) if max(x, y) >= paired}
    x, y = _new_window_pairs(members, run_start, sizes, paired, cap)
    got = [(min(p, q), max(p, q)) for p, q in zip(x.tolist(), y.tolist(), strict=True)]
    assert len(want) > 0 and len(got) == len(set(got)) and set(got) == want
