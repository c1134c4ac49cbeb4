"""Ordered decoding (nlp.partmodel.decode): exact against brute force, monotone, intervals."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nlp.partmodel.decode import K, _transitions, decode, is_monotone


def brute_force(logp: np.ndarray, switch: float, lo=None, hi=None, outside=np.inf):
    n = logp.shape[0]
    t = _transitions(switch)
    e = logp.copy()
    if lo is not None:
        for i in range(n):
            for k in range(K):
                if k < lo[i] or k > hi[i]:
                    e[i, k] -= outside
    paths = [p for p in itertools.product(range(K), repeat=n) if is_monotone(p)]
    scores = np.array([sum(e[i, p[i]] for i in range(n)) + sum(t[p[i], p[i + 1]] for i in range(n - 1))
                       for p in paths])
    w = np.exp(scores - scores[np.isfinite(scores)].max())
    w /= w.sum()
    marg = np.zeros((n, K))
    for p, x in zip(paths, w, strict=True):
        for i in range(n):
            marg[i, p[i]] += x
    return paths[int(np.argmax(scores))], marg


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_and_marginals_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = 4
    logp = np.log(rng.dirichlet(np.ones(K) * 0.3, size=n))
    switch = float(rng.uniform(0, 2))
    best, marg = brute_force(logp, switch)
    d = decode(logp, switch=switch)
    assert tuple(int(x) for x in d.parts) == best
    np.testing.assert_allclose(d.marginals, marg, atol=1e-9)
    np.testing.assert_allclose(d.scores, marg[np.arange(n), d.parts], atol=1e-9)


def test_soft_interval_matches_brute_force():
    rng = np.random.default_rng(7)
    logp = np.log(rng.dirichlet(np.ones(K), size=4))
    lo, hi = np.array([0, 1, 1, 4]), np.array([0, 3, 3, 6])
    best, marg = brute_force(logp, 0.5, lo, hi, outside=2.0)
    d = decode(logp, lo, hi, switch=0.5, outside=2.0)
    assert tuple(int(x) for x in d.parts) == best
    np.testing.assert_allclose(d.marginals, marg, atol=1e-9)


def test_output_is_monotone_even_when_sentences_disagree():
    rng = np.random.default_rng(1)
    logp = np.log(rng.dirichlet(np.ones(K) * 0.2, size=200))  # peaked, random order of parts
    d = decode(logp, switch=0.5)
    assert is_monotone(d.parts)
    assert np.all((d.scores > 0) & (d.scores <= 1 + 1e-12))


def one_hot_logp(parts: list[int], p: float = 0.9) -> np.ndarray:
    out = np.full((len(parts), K), np.log((1 - p) / (K - 1)))
    out[np.arange(len(parts)), parts] = np.log(p)
    return out


def test_missing_parts_are_skipped():
    d = decode(one_hot_logp([0, 0, 1, 1, 1, 5, 5, 6, 7]), switch=0.5)
    assert list(d.parts) == [0, 0, 1, 1, 1, 5, 5, 6, 7]


def test_an_isolated_backward_sentence_does_not_break_the_order():
    # sentence 5 looks like part 1 inside part 5: monotone decoding keeps it in 5
    d = decode(one_hot_logp([0, 1, 1, 5, 5, 1, 5, 5, 6]), switch=0.5)
    assert list(d.parts) == [0, 1, 1, 5, 5, 5, 5, 5, 6]
    assert d.scores[5] < d.scores[6]  # less sure about the odd one


def test_hard_interval_wins_over_the_model():
    logp = one_hot_logp([1, 1, 1, 1], p=0.99)
    lo = np.array([0, 0, 2, 2])
    hi = np.array([0, 0, 2, 2])
    d = decode(logp, lo, hi, switch=0.5)
    assert list(d.parts) == [0, 0, 2, 2]
    np.testing.assert_allclose(d.scores, 1.0)


def test_soft_interval_needs_strong_evidence_to_be_overridden():
    lo = np.array([1, 1, 2, 2, 2])
    hi = np.array([1, 1, 2, 2, 2])
    weak = decode(one_hot_logp([1, 1, 1, 1, 1], p=0.6), lo, hi, switch=0.5, outside=6.0)
    assert list(weak.parts) == [1, 1, 2, 2, 2]
    strong = decode(one_hot_logp([1, 1, 1, 1, 1], p=0.99999), lo, hi, switch=0.5, outside=6.0)
    assert list(strong.parts) == [1, 1, 1, 1, 1]


def test_empty_document():
    d = decode(np.zeros((0, K)))
    assert d.parts.shape == (0,) and d.scores.shape == (0,)
