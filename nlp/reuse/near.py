"""Near-duplicate pairs among skeletons: candidates (MinHash-LSH or all pairs), then verification.

Every candidate pair is verified with rapidfuzz's normalised Indel similarity (``fuzz.ratio``/100)
of the two skeletons; a pair is ``near`` when the similarity is at least :data:`NEAR_RATIO` and
both skeletons have at least :data:`MIN_NEAR` characters. The thresholds are justified by the
planted-reuse benchmark (``benchmarks/reuse.py``, results in ``benchmarks/README.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .charbound import char_hist, may_reach
from .minhash import LshParams, band_keys, candidate_pairs, signatures

NEAR_RATIO = 0.8
"""Minimum normalised Indel similarity of two skeletons for a ``near`` match."""
MIN_NEAR = 10
"""Skeletons shorter than this (characters) only take part in exact and numbers-only matching."""
BRUTE_FORCE_MAX = 4_000_000
"""Below this many candidate pairs, :func:`near_pairs_between` compares every pair."""


@dataclass(frozen=True)
class NearConfig:
    ratio: float = NEAR_RATIO
    min_len: int = MIN_NEAR
    lsh: LshParams = LshParams()


def verify(
    skels: list[str], i: np.ndarray, j: np.ndarray, ratio: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the pairs whose skeleton similarity reaches ``ratio``; returns ``(i, j, similarity)``."""
    if len(i) == 0:
        return i, j, np.empty(0, dtype=np.float32)
    # drop hopeless pairs without scoring: the Indel similarity can never exceed 2·min/(la+lb),
    # nor the bound of the character histograms (nlp.reuse.charbound), both exact
    ids = np.unique(np.concatenate([i, j]))
    used = [skels[k] for k in ids.tolist()]
    lens = np.fromiter((len(s) for s in used), dtype=np.int64, count=len(used))
    ok = may_reach(char_hist(used), lens, np.searchsorted(ids, i), np.searchsorted(ids, j), ratio)
    i, j = i[ok], j[ok]
    sim = np.empty(len(i), dtype=np.float32)
    fn = Indel.normalized_similarity
    step = 500_000  # Python ints for a slice at a time, not for all pairs
    for s in range(0, len(i), step):
        block = [
            fn(skels[a], skels[b], score_cutoff=ratio)
            for a, b in zip(i[s : s + step].tolist(), j[s : s + step].tolist(), strict=True)
        ]
        sim[s : s + len(block)] = block
    keep = sim >= ratio
    return i[keep], j[keep], sim[keep]


def near_pairs(
    skels: list[str], config: NearConfig = NearConfig(), method: str = "lsh", group: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verified near pairs ``(i, j, similarity)``, ``i < j``, among distinct skeletons.

    ``method``: ``"lsh"`` (MinHash-LSH candidates), ``"all"`` (every pair is a candidate) or
    ``"auto"`` (all pairs when there are at most :data:`BRUTE_FORCE_MAX` of them). ``group`` (one
    integer per skeleton, e.g. the agency where it first occurs) orders oversized LSH buckets.
    """
    eligible = np.flatnonzero(
        np.fromiter((len(s) >= config.min_len for s in skels), dtype=bool, count=len(skels))
    )
    if len(eligible) < 2:
        e = np.empty(0, dtype=np.int64)
        return e, e, np.empty(0, dtype=np.float32)
    sub = [skels[k] for k in eligible.tolist()]
    n = len(sub)
    if method == "all" or (method == "auto" and n * (n - 1) // 2 <= BRUTE_FORCE_MAX):
        scores = process.cdist(
            sub, sub, scorer=Indel.normalized_similarity, score_cutoff=config.ratio, dtype=np.float32
        )
        vi, vj = np.nonzero(np.triu(scores >= config.ratio, k=1))
        return eligible[vi], eligible[vj], scores[vi, vj]
    keys = band_keys(signatures(sub, config.lsh), config.lsh)
    ci, cj = candidate_pairs(keys, config.lsh, None if group is None else group[eligible])
    del keys
    vi, vj, sim = verify(sub, ci, cj, config.ratio)
    return eligible[vi], eligible[vj], sim


def near_pairs_between(
    left: list[str], right: list[str], config: NearConfig = NearConfig()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verified near pairs ``(i in left, j in right, similarity)``.

    Small inputs (a two-report comparison) compare every pair, so nothing depends on LSH luck;
    large inputs go through :func:`near_pairs` on the union.
    """
    li = [k for k, s in enumerate(left) if len(s) >= config.min_len]
    rj = [k for k, s in enumerate(right) if len(s) >= config.min_len]
    if not li or not rj:
        e = np.empty(0, dtype=np.int64)
        return e, e, np.empty(0, dtype=np.float32)
    if len(li) * len(rj) <= BRUTE_FORCE_MAX:
        scores = process.cdist(
            [left[k] for k in li],
            [right[k] for k in rj],
            scorer=Indel.normalized_similarity,
            score_cutoff=config.ratio,
            dtype=np.float32,
        )
        a, b = np.nonzero(scores >= config.ratio)
        return np.asarray(li)[a], np.asarray(rj)[b], scores[a, b]
    union = left + right
    i, j, sim = near_pairs(union, config)
    n = len(left)
    cross = (i < n) & (j >= n)
    return i[cross], j[cross] - n, sim[cross]
