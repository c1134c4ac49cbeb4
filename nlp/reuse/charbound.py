"""An exact, cheap upper bound of the Indel similarity of two skeletons: character histograms.

The longest common subsequence of ``a`` and ``b`` uses each character at most as often as the
rarer side has it: ``LCS(a, b) ≤ Σ_c min(count_a(c), count_b(c))``. Merging characters into
:data:`BINS` bins (code point mod ``BINS``) can only raise that sum, so with ``Ha``/``Hb`` the binned
counts, ``2·Σ_k min(Ha[k], Hb[k]) / (len a + len b)`` is never below the normalised Indel
similarity ``2·LCS / (len a + len b)`` that :func:`nlp.reuse.near.verify` scores. A pair whose bound
is below the cutoff can never verify, so it is dropped before anything else is done with it.

Counts are stored as ``uint8``: a skeleton of at most :data:`MAX_LEN` characters has every count
exact. A count of a longer one may be clipped, but ``min(clip(x), y) = min(x, y)`` when the other
skeleton has at most 255 characters (all its counts are at most 255), so only pairs of two long
skeletons (whose clipped counts could *lower* the bound) skip the histogram test and take the
(exact) length test alone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BINS = 32
"""Histogram bins per skeleton (a multiple of 8: the bound sums 8 bins per 64-bit word)."""
MAX_LEN = 255
"""Longest skeleton whose histogram is trusted (every count fits a byte)."""
_MARGIN = 1e-6  # rapidfuzz compares doubles: reject only bounds clearly below the cutoff
_ONES = np.uint64(0x0101010101010101)


def hist_file(path: Path) -> Path:
    return path / f"skel_hist{BINS}.bin"


def char_hist(texts: list[str]) -> np.ndarray:
    """Binned character counts ``(len(texts), BINS)`` as uint8 (clipped at 255)."""
    out = np.zeros((len(texts), BINS), dtype=np.uint8)
    step = 100_000
    for s in range(0, len(texts), step):
        part = texts[s : s + step]
        lens = np.fromiter((len(x) for x in part), dtype=np.int64, count=len(part))
        codes = np.frombuffer("".join(part).encode("utf-32-le"), dtype=np.uint32)
        owner = np.repeat(np.arange(len(part), dtype=np.int64), lens)
        counts = np.bincount(owner * BINS + codes % BINS, minlength=len(part) * BINS)
        out[s : s + len(part)] = np.minimum(counts, 255).reshape(len(part), BINS)
    return out


def fill_hist(path: Path, texts_of, n: int) -> None:
    """Make the index's histogram column hold ``n`` rows: an index built before the column
    existed (or a shorter column) gets the missing rows computed from its skeleton texts
    (``texts_of(ids) -> list[str]``)."""
    f = hist_file(path)
    have = f.stat().st_size // BINS if f.exists() else 0
    if have > n:
        with open(f, "r+b") as fh:
            fh.truncate(n * BINS)
    step = 200_000
    with open(f, "ab") as fh:
        for s in range(have, n, step):
            fh.write(char_hist(texts_of(np.arange(s, min(n, s + step)))).tobytes())


def read_hist(path: Path, n: int) -> np.ndarray:
    """The histogram column, ``(n, BINS)`` uint8, mapped read-only (not read into memory)."""
    if n == 0:
        return np.zeros((0, BINS), dtype=np.uint8)
    mm = np.memmap(hist_file(path), dtype=np.uint8, mode="r", shape=(n, BINS))
    return np.asarray(mm)  # a plain array over the map: numpy's fast gathers, not memmap's


def _common(words: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``Σ_k min`` of the two rows' bins per pair, 8 bins per 64-bit word (``words``: the
    histograms viewed as uint64); exact when that sum is at most 255 (byte lanes, no carries)."""
    a = np.take(words, p, axis=0).view(np.uint8)
    b = np.take(words, q, axis=0).view(np.uint8)
    np.minimum(a, b, out=a)
    m = a.view(np.uint64)
    w = m[:, 0].copy()
    for k in range(1, m.shape[1]):
        w += m[:, k]
    return ((w * _ONES) >> np.uint64(56)).astype(np.int64)


def common_bound(hist: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``Σ_k min(hist[p, k], hist[q, k])`` per pair: at least the LCS of the two skeletons when one
    of them has at most :data:`MAX_LEN` characters (else meaningless)."""
    words = np.ascontiguousarray(hist).view(np.uint64)
    return np.concatenate([np.empty(0, np.int64), *(_common(words, p[s : s + _STEP], q[s : s + _STEP])
                                                     for s in range(0, len(p), _STEP))])


def may_reach(hist: np.ndarray, lens: np.ndarray, p: np.ndarray, q: np.ndarray, ratio: float) -> np.ndarray:
    """False for the pairs ``(p, q)`` (rows of ``hist``/``lens``: histograms, as uint8 or viewed as
    uint64, and lengths in characters) whose Indel similarity is certainly below ``ratio`` (by the bound or the lengths).
    Computed a cache-sized block of pairs at a time."""
    words = np.ascontiguousarray(hist).view(np.uint64)
    lens = lens.astype(np.int64)
    out = np.empty(len(p), dtype=bool)
    for s in range(0, len(p), _STEP):
        pb, qb = p[s : s + _STEP], q[s : s + _STEP]
        la, lb = lens[pb], lens[qb]
        total = la + lb
        short = np.minimum(la, lb)
        ok = 2 * short >= ratio * total  # the length test of near.verify, exact
        ok &= (short > MAX_LEN) | (2 * _common(words, pb, qb) >= (ratio - _MARGIN) * total)
        out[s : s + len(pb)] = ok
    return out


_STEP = 1 << 15
