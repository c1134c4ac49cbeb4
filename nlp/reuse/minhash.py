"""MinHash signatures and banded LSH on character n-grams, vectorised with numpy.

datasketch's ``MinHash`` hashes one string at a time in Python (≈100 µs per sentence with 128
permutations); at a million sentences that alone would take minutes. This module computes the
same kind of signature for many strings at once: every character n-gram of every string becomes
one 64-bit key (code points packed, then mixed with splitmix64), each of ``num_perm`` hash
functions is a random linear permutation ``(a·x + b) mod 2**32`` (odd ``a``) of the keys' high 32 bits, and the per-string minimum
is taken with ``np.minimum.reduceat``. Bands of ``rows`` consecutive minima are folded into one
64-bit bucket key; two strings are candidates when they share a bucket key in any band.

The probability that a pair with Jaccard similarity ``J`` becomes a candidate is
``1 - (1 - J**rows) ** bands`` (see :func:`candidate_probability`). Candidates are only
candidates: :mod:`nlp.reuse.match` verifies every one of them with rapidfuzz.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class LshParams:
    """Shingle size, bands × rows (= permutations), bucket cap and seed."""

    ngram: int = 2
    bands: int = 32
    rows: int = 4
    max_bucket: int = 32  # larger buckets only link each member to its next (max_bucket-1) members
    seed: int = 1

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows


def candidate_probability(jaccard: float, params: LshParams = LshParams()) -> float:
    """Probability that a pair with this Jaccard similarity shares at least one band."""
    return 1.0 - (1.0 - jaccard**params.rows) ** params.bands


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def shingle_keys(strings: list[str], ngram: int) -> tuple[np.ndarray, np.ndarray]:
    """All character n-gram keys of ``strings`` as one array, and each string's start offset.

    A string shorter than ``ngram`` contributes one key (itself, zero-padded). Empty strings must
    not be passed.
    """
    lens = np.fromiter((len(s) for s in strings), dtype=np.int64, count=len(strings))
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.zeros(len(strings), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    n_keys = np.maximum(lens - ngram + 1, 1)
    key_starts = np.zeros(len(strings), dtype=np.int64)
    np.cumsum(n_keys[:-1], out=key_starts[1:])
    total = int(n_keys.sum())
    # position in ``codes`` of each key's first character
    owner = np.repeat(np.arange(len(strings)), n_keys)
    pos = np.arange(total, dtype=np.int64) - key_starts[owner] + starts[owner]
    end = starts[owner] + lens[owner]
    key = np.zeros(total, dtype=np.uint64)
    for k in range(ngram):
        idx = pos + k
        ok = idx < end
        part = np.where(ok, codes[np.minimum(idx, len(codes) - 1)], np.uint64(0))
        key = key | (part << np.uint64(21 * (ngram - 1 - k)))
    return _mix(key ^ np.uint64(ngram)), key_starts


def _perm_params(params: LshParams) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(params.seed)
    a = rng.integers(0, 2**32, size=params.num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=params.num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


def signatures(strings: list[str], params: LshParams = LshParams(), chunk_keys: int = 60_000) -> np.ndarray:
    """MinHash signatures, shape ``(len(strings), num_perm)``, dtype uint32."""
    a, b = _perm_params(params)
    out = np.empty((len(strings), params.num_perm), dtype=np.uint32)
    i = 0
    n = len(strings)
    while i < n:
        # grow the chunk until it holds about ``chunk_keys`` shingles
        j, acc = i, 0
        while j < n and (acc < chunk_keys or j == i):
            acc += max(len(strings[j]) - params.ngram + 1, 1)
            j += 1
        keys, starts = shingle_keys(strings[i:j], params.ngram)
        x = (keys >> np.uint64(32)).astype(np.uint32)
        h = a[:, None] * x[None, :]  # (num_perm, keys): reduceat along the contiguous axis
        h += b[:, None]
        out[i:j] = np.minimum.reduceat(h, starts, axis=1).T
        i = j
    return out


def band_keys(sig: np.ndarray, params: LshParams = LshParams()) -> np.ndarray:
    """Fold each band of ``rows`` signature values into one uint64 key: shape ``(n, bands)``."""
    rng = np.random.default_rng(params.seed + 7919)
    mult = rng.integers(1, 2**63, size=params.rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    salt = rng.integers(0, 2**63, size=params.bands, dtype=np.uint64)
    s = sig.astype(np.uint64).reshape(len(sig), params.bands, params.rows)
    key = (s * mult[None, None, :]).sum(axis=2, dtype=np.uint64) + salt[None, :]
    return _mix(key)


def _bucket_pairs(order: np.ndarray, run_start: np.ndarray, run_len: np.ndarray, cap: int) -> np.ndarray:
    """Pairs (as int64 rows of (i, j)) linking members of each bucket.

    A bucket of up to ``cap`` members yields all its pairs; a larger bucket links each member to
    its next ``cap - 1`` members in bucket order, which keeps the work linear in the bucket size.
    """
    p, q = _bucket_positions(run_start, run_len, cap)
    return np.stack([order[p], order[q]], axis=1)


def _bucket_positions(run_start: np.ndarray, run_len: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of :func:`_bucket_pairs` as positions ``(p, q)`` in the sorted order (runs of
    ``run_len`` members from ``run_start``), bucket by bucket for buckets up to ``cap`` members."""
    ps, qs = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    small = run_len <= cap
    for size in np.unique(run_len[small]):
        starts = run_start[run_len == size].astype(np.int64)
        iu, ju = np.triu_indices(int(size), k=1)
        ps.append((starts[:, None] + iu[None, :]).ravel())
        qs.append((starts[:, None] + ju[None, :]).ravel())
    if (~small).any():
        starts, lens = run_start[~small], run_len[~small]
        pos = np.repeat(starts, lens) + (np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens))
        end = np.repeat(starts + lens, lens)
        for d in range(1, cap):
            ok = pos + d < end
            ps.append(pos[ok])
            qs.append(pos[ok] + d)
    return np.concatenate(ps), np.concatenate(qs)


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy's hash-based ``unique`` is slow on int64 codes)."""
    a = np.sort(a, kind="stable")
    if len(a) == 0:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def candidate_pairs(
    keys: np.ndarray, params: LshParams = LshParams(), group: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs ``(i, j)`` with ``i < j`` sharing a bucket in at least one band.

    ``group`` (optional, one integer per string) orders the members of each bucket, so that in a
    bucket larger than ``max_bucket`` the members of one group (e.g. one agency) are neighbours.
    """
    n = keys.shape[0]
    acc = np.empty(0, dtype=np.int64)
    pending: list[np.ndarray] = []
    pending_len = 0
    for band in range(keys.shape[1]):
        col = keys[:, band]
        order = np.argsort(col, kind="stable") if group is None else np.lexsort((group, col))
        sorted_keys = col[order]
        boundary = np.flatnonzero(np.diff(sorted_keys)) + 1
        run_start = np.concatenate([[0], boundary])
        run_len = np.diff(np.concatenate([run_start, [n]]))
        multi = run_len > 1
        if not multi.any():
            continue
        pairs = _bucket_pairs(order, run_start[multi], run_len[multi], params.max_bucket)
        lo = np.minimum(pairs[:, 0], pairs[:, 1])
        hi = np.maximum(pairs[:, 0], pairs[:, 1])
        del pairs
        pending.append(_unique(lo * n + hi))
        pending_len += len(pending[-1])
        if pending_len > 2 * len(acc) + 1_000_000:  # compact: bands repeat most pairs
            acc = _unique(np.concatenate([acc, *pending]))
            pending, pending_len = [], 0
    codes = _unique(np.concatenate([acc, *pending]))
    return codes // n, codes % n
