"""Parts on partial pages: features that do not depend on the whole document, windows and
rearranged copies, synthetic reports, calibration of part_score and the model_low threshold."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from conftest import REAL

from nlp.partmodel import model as pm
from nlp.partmodel.assign import assign_parts, model_sources
from nlp.partmodel.augment import VARIANTS, make_variant, rearranged, window, windows
from nlp.partmodel.calibrate import fit_temperature, scored
from nlp.partmodel.data import load_labelled
from nlp.partmodel.decode import K, decode, is_monotone
from nlp.partmodel.evaluate import calibration
from nlp.partmodel.features import rows_for
from nlp.partmodel.synth import synthetic_reports


@pytest.fixture(scope="module")
def stripped():
    return make_variant(load_labelled(REAL / "临县人民政府-2023.txt"), VARIANTS["stripped"])


def test_a_sentence_has_the_same_features_in_a_window_as_in_the_report(stripped):
    feat = pm.load_shipped().featurizer
    texts = list(stripped.texts)
    whole = feat.transform(rows_for(texts)).toarray()
    radius = feat.spec.window
    start, length = 10, 20
    part = feat.transform(rows_for(texts[start:start + length])).toarray()
    inner = range(radius, length - radius)  # context entirely inside the window
    np.testing.assert_allclose(part[list(inner)], whole[[start + i for i in inner]], atol=1e-12)


def test_windows_are_contiguous_and_sized(stripped):
    ws = windows(stripped, random.Random(3), 50)
    assert len(ws) == 50
    n = len(stripped.texts)
    for w in ws:
        assert 3 <= len(w.texts) <= 40
        k = stripped.texts.index(w.texts[0])
        assert stripped.texts[k:k + len(w.texts)] == w.texts and stripped.gold[k:k + len(w.texts)] == w.gold
    assert window(stripped, n - 3, 3).texts == stripped.texts[-3:]


def test_rearranged_copies_drop_or_swap_whole_parts(stripped):
    rng = random.Random(5)
    seen = set()
    for _ in range(20):
        r = rearranged(stripped, rng)
        seen.add(r.name.rsplit("#", 1)[1])
        assert not Counter(zip(r.texts, r.gold, strict=True)) - Counter(zip(stripped.texts, stripped.gold, strict=True))
        # every part stays one contiguous block
        blocks = [g for k, g in enumerate(r.gold) if k == 0 or r.gold[k - 1] != g]
        assert len(blocks) == len(set(blocks))
        if r.name.endswith("#drop"):
            assert set(r.gold) < set(stripped.gold)
        else:
            assert not is_monotone(r.gold)
    assert seen == {"drop", "swap"}


def test_synthetic_reports_vary_and_are_labelled_in_order():
    a = synthetic_reports(30, seed=1)
    assert [s.texts for s in a] == [s.texts for s in synthetic_reports(30, seed=1)]
    assert len({s.texts[0] for s in a}) > 10  # agencies and years vary
    for s in a:
        assert is_monotone(s.gold) and s.gold[0] == 0 and len(s.texts) == len(s.gold)
        assert not any("{" in t for t in s.texts)
    assert {g for s in a for g in s.gold} == set(range(8))
    from nlp.partmodel.synth import OLD_TITLES

    stray = [(t, g) for s in a for t, g in zip(s.texts, s.gold, strict=True)
             if any(t.endswith(title) for title in OLD_TITLES.get(g, ())) and t[1] in "、,"]
    assert len(stray) >= 3  # part titles of the current and older templates as stray lines, in their part


def test_decoding_may_start_and_end_in_any_part():
    # a page from the middle of part 3 to part 5: no pull towards part 0 at the start or 7 at the end
    logp = np.log(np.full((4, K), 0.02))
    for i, p in enumerate([3, 3, 5, 5]):
        logp[i, p] = np.log(0.86)
    assert list(decode(logp, switch=0.5).parts) == [3, 3, 5, 5]


def test_temperature_fixes_overconfident_scores():
    rng = np.random.default_rng(0)
    seqs = []
    for _ in range(60):  # the model says 0.99 for part 1, but gold is part 1 only 70 % of the time
        gold = tuple(int(x) for x in np.where(rng.random(6) < 0.7, 1, 5))
        logp = np.log(np.full((6, K), 0.01 / 7))
        logp[:, 1] = np.log(0.99)
        seqs.append((logp, gold))
    t = fit_temperature(seqs, switch=8.0)
    assert t > 1.5
    before, right = scored(seqs, 8.0, 1.0)
    after, _ = scored(seqs, 8.0, t)
    assert calibration(after, right)[0] < calibration(before, right)[0]
    d1 = decode(seqs[0][0], switch=8.0)
    d2 = decode(seqs[0][0], switch=8.0, temperature=t)
    assert list(d1.parts) == list(d2.parts) and d2.scores.mean() < d1.scores.mean()


def test_model_low_below_the_threshold():
    assert model_sources([True, False, False], np.array([0.1, 0.59, 0.61]), 0.6) == ["heading", "model_low", "model"]
    m = pm.load_shipped()
    assert 0.3 <= m.low <= 0.9 and m.temperature > 0
    # two sentences that could be anything: the model is not sure of them
    parts, sources, scores = assign_parts(["好。", "好。"], [0, 0], set(), ignore_headings=True)
    assert all((src == "model_low") == (sc < m.low) for src, sc in zip(sources, scores, strict=True))


def test_a_page_cut_from_the_middle_keeps_its_parts(stripped):
    # from four sentences before part 5 (part 2 table captions in the stripped text) to the end
    first5 = stripped.gold.index(5)
    w = window(stripped, first5 - 4, len(stripped.texts) - first5 + 4)
    parts, _, _ = assign_parts(list(w.texts), [0] * len(w.texts), set(), ignore_headings=True)
    agree = np.mean(np.equal(parts, w.gold))
    assert w.gold[0] not in (0, 1) and set(w.gold) >= {5, 6, 7}  # a page that starts after part 1
    assert agree >= 0.9 and parts[0] == w.gold[0] and parts[-1] == 7


def test_plain_baseline_sees_the_sentence_alone():
    from nlp.partmodel.fitting import fit
    from nlp.partmodel.recipe import BASELINE_PARAMS, PARAMS

    docs = [(list(s.texts), list(s.gold)) for s in synthetic_reports(12, seed=4)]
    base = fit(docs, **dict(BASELINE_PARAMS, max_features=3000))
    assert base.coef.shape[1] == len(base.featurizer.vocabulary)  # TF-IDF columns only
    texts = list(docs[0][0])
    alone = np.vstack([base.log_proba([t]) for t in texts])
    np.testing.assert_allclose(base.log_proba(texts), alone, atol=1e-12)
    model = fit(docs, **dict(PARAMS, max_features=3000))
    assert model.coef.shape[1] > 5 * len(model.featurizer.vocabulary)  # sentence, 4 context blocks, dense
