"""The numpy MinHash / LSH and the near-pair verification."""

from __future__ import annotations

import random

import numpy as np

from nlp.reuse.minhash import LshParams, band_keys, candidate_pairs, candidate_probability, signatures
from nlp.reuse.near import NearConfig, near_pairs, near_pairs_between, verify

CHARS = "政府信息公开工作年度报告主动依申请平台建设监督保障存在问题改进情况其他事项规范制度流程答复"


def _random_texts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(CHARS) for _ in range(rng.randint(20, 60))) for _ in range(n)]


def _jaccard(a: str, b: str, n: int) -> float:
    x = {a[i : i + n] for i in range(len(a) - n + 1)}
    y = {b[i : i + n] for i in range(len(b) - n + 1)}
    return len(x & y) / len(x | y)


def test_signature_estimates_jaccard():
    texts = _random_texts(60)
    p = LshParams()
    sig = signatures(texts, p)
    assert sig.shape == (60, p.num_perm) and sig.dtype == np.uint32
    err = [
        (sig[i] == sig[j]).mean() - _jaccard(texts[i], texts[j], p.ngram) for i in range(60) for j in range(i)
    ]
    assert abs(float(np.mean(err))) < 0.01
    assert float(np.max(np.abs(err))) < 0.2


def test_signatures_do_not_depend_on_chunking_or_neighbours():
    texts = _random_texts(50)
    a = signatures(texts, chunk_keys=100)
    b = signatures(texts, chunk_keys=10_000)
    assert (a == b).all()
    assert (signatures(texts[10:20]) == a[10:20]).all()
    assert (signatures(["短"]) == signatures(["短"])).all()


def test_lsh_finds_near_copies_and_not_strangers():
    texts = _random_texts(300)
    rng = random.Random(9)
    copies = []
    for t in texts[:100]:
        c = list(t)
        k = rng.randrange(len(c))
        c[k] = "字" if c[k] != "字" else "文"
        copies.append("".join(c))
    allt = texts + copies
    p = LshParams()
    i, j = candidate_pairs(band_keys(signatures(allt, p), p), p)
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    assert sum((k, 300 + k) in found for k in range(100)) >= 99
    assert candidate_probability(0.7) > 0.999 and candidate_probability(0.1) < 0.01


def test_oversized_buckets_stay_linear():
    texts = ["完全相同的一句话用于测试桶的上限"] * 500
    p = LshParams(max_bucket=8)
    i, j = candidate_pairs(band_keys(signatures(texts, p), p), p)
    assert len(i) == sum(500 - d for d in range(1, 8))
    assert (i < j).all()


def test_verification_threshold_and_methods_agree():
    texts = _random_texts(120)
    texts += [t[:-2] + "改动" for t in texts[:40]]
    cfg = NearConfig()
    a = near_pairs(texts, cfg, method="lsh")
    b = near_pairs(texts, cfg, method="all")
    assert set(zip(a[0].tolist(), a[1].tolist(), strict=True)) == set(
        zip(b[0].tolist(), b[1].tolist(), strict=True)
    )
    assert (b[2] >= cfg.ratio).all()
    i, j, s = verify(texts, np.array([0, 0]), np.array([120, 1]), cfg.ratio)
    assert i.tolist() == [0] and j.tolist() == [120] and s[0] >= cfg.ratio
    li, rj, _ = near_pairs_between(texts[:40], texts[120:], cfg)
    assert sorted(zip(li.tolist(), rj.tolist(), strict=True)) == [(k, k) for k in range(40)]


def test_short_skeletons_never_near():
    i, _, _ = near_pairs(["政府信息公开制度", "政府信息公开指南"], NearConfig(), method="all")
    assert len(i) == 0
