"""Ordered decoding: the whole document at once, parts in template order.

The part sequence over the sentences must be monotone non-decreasing (0 front matter, 1–6 the
parts, 7 closing); parts may be missing (a jump from 1 to 5 is allowed), and the sequence may
start and end in any part (no start or end prior: a page cut out of a report decodes as well). Given per-sentence log
probabilities ``logp`` (n × K) the best monotone path is found by dynamic programming (Viterbi)
and every sentence's score is its posterior marginal under the same monotone model
(forward–backward), so ``score`` is a probability.

Headings enter as per-sentence intervals ``lo..hi`` of admissible parts: a part outside the
interval costs ``outside`` nats (``inf`` makes the interval hard), so the model can only override
a heading on strong, sustained evidence. Each change of part costs ``switch`` nats, which keeps a
single odd sentence from opening a part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

K = 8


@dataclass(frozen=True)
class Decoded:
    parts: np.ndarray  # (n,) int
    scores: np.ndarray  # (n,) posterior probability of the chosen part
    marginals: np.ndarray  # (n, K)


def _transitions(switch: float) -> np.ndarray:
    j = np.arange(K)[:, None]
    k = np.arange(K)[None, :]
    t = np.where(j == k, 0.0, np.where(j < k, -switch, -np.inf))
    return t


def emissions(logp: np.ndarray, lo: np.ndarray | None = None, hi: np.ndarray | None = None,
              outside: float = np.inf) -> np.ndarray:
    """``logp`` with the interval penalty applied."""
    e = np.array(logp, dtype=float, copy=True)
    if lo is not None and hi is not None:
        k = np.arange(e.shape[1])[None, :]
        out = (k < np.asarray(lo)[:, None]) | (k > np.asarray(hi)[:, None])
        e[out] -= outside
    return e


def viterbi(e: np.ndarray, switch: float) -> np.ndarray:
    """Best monotone path for emissions ``e`` (n × K)."""
    n = e.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int)
    t = _transitions(switch)
    back = np.zeros((n, K), dtype=np.int64)
    v = e[0].copy()
    for i in range(1, n):
        m = v[:, None] + t  # from j to k
        back[i] = np.argmax(m, axis=0)
        v = m[back[i], np.arange(K)] + e[i]
    path = np.zeros(n, dtype=np.int64)
    path[-1] = int(np.argmax(v))
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def marginals(e: np.ndarray, switch: float) -> np.ndarray:
    """Posterior P(part of sentence i = k) over all monotone paths (forward–backward, scaled, in
    probability space: one 8×8 product per sentence)."""
    n = e.shape[0]
    if n == 0:
        return np.zeros((0, K))
    t = np.exp(_transitions(switch))  # upper triangular
    top = np.max(e, axis=1, keepdims=True)
    top[~np.isfinite(top)] = 0.0
    em = np.exp(e - top)
    alpha = np.empty((n, K))
    beta = np.empty((n, K))
    a = em[0]
    alpha[0] = a / max(a.sum(), 1e-300)
    for i in range(1, n):
        a = (alpha[i - 1] @ t) * em[i]
        alpha[i] = a / max(a.sum(), 1e-300)
    beta[-1] = 1.0
    for i in range(n - 2, -1, -1):
        b = t @ (em[i + 1] * beta[i + 1])
        beta[i] = b / max(b.sum(), 1e-300)
    p = alpha * beta
    return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-300)


def decode(logp: np.ndarray, lo: np.ndarray | None = None, hi: np.ndarray | None = None, *,
           switch: float = 2.0, outside: float = np.inf, temperature: float = 1.0) -> Decoded:
    """Monotone path and posterior scores for one document. ``temperature`` calibrates the scores:
    the marginals are those of the tempered path distribution p(path)^(1/T) (the best path, and so
    the parts, do not change)."""
    e = emissions(logp, lo, hi, outside)
    path = viterbi(e, switch)
    marg = marginals(e / temperature, switch / temperature)
    scores = marg[np.arange(len(path)), path] if len(path) else np.zeros(0)
    return Decoded(path, scores, marg)


def is_monotone(parts) -> bool:
    return all(a <= b for a, b in zip(parts, list(parts)[1:], strict=False))
