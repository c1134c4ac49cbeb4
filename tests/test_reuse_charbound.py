"""The character-histogram bound (nlp.reuse.charbound) and its use before LSH candidates are written.

The bound must never be below the true Indel similarity (else a pair that verifies would be lost):
checked against rapidfuzz on random strings, on strings whose characters collide in the bins, on
repeated characters and on skeletons longer than a byte can count. The out-of-core pair search
must give exactly the same verified pairs with the bound as without it.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter

import numpy as np
import pytest
from rapidfuzz.distance import Indel
from test_reuse_disk import _real_sentences

from nlp.reuse import distributed, near
from nlp.reuse.charbound import BINS, MAX_LEN, char_hist, common_bound, hist_file, may_reach
from nlp.reuse.lsh_store import ReuseIndex
from nlp.reuse.side import Sent, Side
from nlp.reuse.skeleton import skeleton

# characters that fall into the same bin (code point mod BINS), CJK and Latin
COLLIDE = [chr(0x4E00 + BINS * k) for k in range(4)] + [chr(0x41 + BINS * k) for k in range(2)]


def _lcs(a: str, b: str) -> int:
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def _random_pairs(rng: random.Random) -> list[tuple[str, str]]:
    alphabets = [COLLIDE, COLLIDE + ["政", "府", "信", "息"], ["a", "b"], [chr(0x4E00 + k) for k in range(300)]]
    out = []
    for _ in range(600):
        alpha = rng.choice(alphabets)
        a = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 300)))
        if rng.random() < 0.5:  # a near copy: a few characters replaced, inserted or dropped
            b = list(a)
            for _ in range(rng.randint(0, 6)):
                k = rng.randint(0, len(b))
                op = rng.choice("rid")
                if op == "r" and k < len(b):
                    b[k] = rng.choice(alpha)
                elif op == "i":
                    b.insert(k, rng.choice(alpha))
                elif k < len(b):
                    del b[k]
            b = "".join(b)
        else:
            b = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 300)))
        out.append((a, b))
    # adversarial: one character repeated past a byte's count, anagrams, collisions only
    out += [("a" * 600, "a" * 590), ("a" * 300, "a" * 250), ("a" * 256, "a" * 256), ("a" * 255, "a" * 300),
            ("政府信息公开" * 50, "开公息信府政" * 50), (COLLIDE[0] * 20, COLLIDE[1] * 20),
            ("".join(COLLIDE) * 10, "".join(reversed(COLLIDE)) * 10), ("", "a"), ("", "")]
    return out


def test_the_bound_is_never_below_the_true_similarity():
    pairs = _random_pairs(random.Random(3))
    texts = [t for ab in pairs for t in ab]
    hist = char_hist(texts)
    p, q = np.arange(0, len(texts), 2), np.arange(1, len(texts), 2)
    common = common_bound(hist, p, q)
    lens = np.array([len(t) for t in texts])
    for k, (a, b) in enumerate(pairs):
        binned = Counter(ord(c) % BINS for c in a) & Counter(ord(c) % BINS for c in b)
        if min(len(a), len(b)) <= MAX_LEN:  # then exact: the binned multiset intersection
            assert common[k] == sum(binned.values()), (a, b)
            assert common[k] >= _lcs(a, b)
    for ratio in (0.5, 0.8, 0.95):
        ok = may_reach(hist, lens, p, q, ratio)
        for k, (a, b) in enumerate(pairs):
            if not ok[k]:
                assert Indel.normalized_similarity(a, b, score_cutoff=ratio) == 0, (a, b, ratio)
    # the cases where clipped counts would have rejected a verifying pair are kept
    at = {ab: k for k, ab in enumerate(pairs)}
    ok = may_reach(hist, lens, p, q, 0.8)
    assert ok[at[("a" * 600, "a" * 590)]] and ok[at[("a" * 300, "a" * 250)]]
    # and the bound does reject: two unrelated sentences (few characters in common bins)
    far = char_hist(["政府信息公开工作年度报告", "我们今天去公园看花吧好吗"])
    assert not may_reach(far, np.array([12, 12]), np.array([0]), np.array([1]), 0.8)[0]


def _sides() -> list[Side]:
    """Reports of real sentences, plus near copies of long (> 255 characters) and Latin sentences."""
    rng = random.Random(5)
    pool = _real_sentences()
    rng.shuffle(pool)
    words = ["report", "request", "answered", "within", "working", "days", "public", "information",
             "office", "annual", "the", "of"]
    long_base = ["，".join(re.sub(r"[。！？；;：:]", "", s) for s in pool[k : k + 14]) for k in range(0, 140, 14)]
    assert all(len(skeleton(t)) > MAX_LEN for t in long_base)
    sides = []
    for r in range(24):
        sents = pool[r * 12 : r * 12 + 12] + [pool[(r * 12 + 40) % len(pool)]]
        latin = "the " + " ".join(rng.choice(words) for _ in range(12)) + "."
        base = long_base[r % len(long_base)]
        k = rng.randrange(20, len(base) - 20)
        sents += [latin, latin.replace("the", "a", 1), base[:k] + "拟" + base[k + 1 :]]
        sides.append(Side(tuple(Sent(k, t, 1) for k, t in enumerate(sents)), "某县人民政府", 2000 + r, f"r{r:03d}"))
    return sides


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "index"
    index = ReuseIndex(path, memory_mb=64)
    index.add(_sides())
    return path


def _run(src, dst, monkeypatch, bound: bool) -> tuple[tuple[np.ndarray, ...], int]:
    shutil.copytree(src, dst)
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)  # the LSH path on this small corpus
    if not bound:
        monkeypatch.setattr(distributed, "may_reach", lambda hist, lens, p, q, ratio: np.ones(len(p), dtype=bool))
    seen = [0]
    read = distributed._read_codes

    def counted(*a, **k):
        codes = read(*a, **k)
        seen[0] += len(codes)
        return codes

    monkeypatch.setattr(distributed, "_read_codes", counted)
    i, j, sim, _ = distributed.new_pairs(ReuseIndex(dst, memory_mb=64))
    monkeypatch.undo()
    o = np.lexsort((j, i))
    return (i[o], j[o], sim[o]), seen[0]


def test_the_bound_drops_candidates_but_no_verified_pair(built, tmp_path, monkeypatch):
    (i, j, sim), with_bound = _run(built, tmp_path / "a", monkeypatch, bound=True)
    (i0, j0, sim0), without = _run(built, tmp_path / "b", monkeypatch, bound=False)
    assert np.array_equal(i, i0) and np.array_equal(j, j0) and np.array_equal(sim, sim0)
    assert with_bound < without  # candidates that could never verify were not written
    texts = ReuseIndex(built).skeleton_texts()
    found = {(texts[a], texts[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    found |= {(b, a) for a, b in found}
    # the planted near copies: one character edited in a long sentence, one word in a Latin one
    for s in _sides()[:10]:
        latin, latin2, long = (skeleton(x.text) for x in s.sentences[-3:])
        assert (latin, latin2) in found
        assert len(long) > MAX_LEN and any(a == long and len(b) > MAX_LEN for a, b in found)


def test_an_index_built_before_the_histograms_gets_them(built, tmp_path, monkeypatch):
    want, _ = _run(built, tmp_path / "a", monkeypatch, bound=True)
    old = tmp_path / "old"
    shutil.copytree(built, old)
    hist_file(old).unlink()
    got, _ = _run(old, tmp_path / "b", monkeypatch, bound=True)
    assert all(np.array_equal(x, y) for x, y in zip(got, want, strict=True))
    # adding reports to such an index fills the missing rows first, then appends the new ones
    index = ReuseIndex(old, memory_mb=64)
    index.add([Side((Sent(0, "新增加的一句话用来检验直方图的列是否对齐。", 1),), "某县人民政府", 2030, "z")])
    texts = list(index.skeleton_texts())
    assert np.array_equal(np.fromfile(hist_file(old), np.uint8).reshape(-1, BINS), char_hist(texts))


def test_the_in_memory_lsh_path_gives_the_same_pairs(monkeypatch):
    skels = sorted({skeleton(s.text) for side in _sides() for s in side.sentences})
    rejected = [0]
    real = near.may_reach

    def counted(*a):
        ok = real(*a)
        rejected[0] += int((~ok).sum())
        return ok

    monkeypatch.setattr(near, "may_reach", counted)
    got = near.near_pairs(skels, method="lsh")
    monkeypatch.setattr(near, "may_reach", lambda hist, lens, p, q, ratio: np.ones(len(p), dtype=bool))
    want = near.near_pairs(skels, method="lsh")
    assert rejected[0] > 0
    assert len(want[0]) > 20 and all(np.array_equal(x, y) for x, y in zip(got, want, strict=True))
