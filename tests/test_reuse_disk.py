"""The on-disk reuse index: same matches as the in-memory matcher, incremental years, Dask.

The corpus is planted by the test from real sentences (临县 2023, 上海市 2019 and 2025, 沭阳县 2023): eight agencies
with reports 2019–2024; each year carries over the agency's previous report (exact, figures
changed, or a few characters edited), copies two sentences from another agency and adds fresh
real sentences. What is planted is known, so the matches are checked against it as well as
compared between the two paths.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest
from conftest import REAL

from nlp.reuse import distributed
from nlp.reuse.corpus import match_corpus
from nlp.reuse.corpus_disk import match_corpus_disk, match_index, update_index
from nlp.reuse.minhash import LshParams
from nlp.reuse.near import NearConfig
from nlp.reuse.side import Sent, Side
from nlp.reuse.template import EMPTY

AGENCIES = ("临河县人民政府", "安平县人民政府", "清源区人民政府", "永和县人民政府",
            "太和区人民政府", "新丰县人民政府", "长乐县人民政府", "文成县人民政府")
YEARS = range(2019, 2025)


def _real_sentences() -> list[str]:
    text = "".join((REAL / f).read_text(encoding="utf-8") for f in (
        "临县人民政府-2023.txt", "上海市人民政府办公厅-2025.md", "上海市人民政府办公厅-2019.html",
        "沭阳县发展和改革局-2023.html"))
    text = re.sub(r"<[^>]*>", "\n", text)
    seen: dict[str, None] = {}
    for s in re.split(r"(?<=[。；！？])|\n", text):
        s = re.sub(r"[\s#|*>-]+", "", s)
        if 18 <= len(s) <= 120 and len(re.findall(r"[\u4e00-\u9fff]", s)) >= 15:
            seen.setdefault(s)
    return list(seen)


def _edit(t: str, rng: random.Random) -> str:
    k = rng.choice([m.start() for m in re.finditer(r"[\u4e00-\u9fff]", t)][2:])
    return t[:k] + "拟" + t[k + 1 :]


def _renumber(t: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), t)


def planted() -> tuple[list[Side], dict[tuple[str, int], str]]:
    """Sides (key = agency-year) and the planted kind of each (key, sentence id)."""
    rng = random.Random(15)
    pool = _real_sentences()
    rng.shuffle(pool)
    fresh = iter(pool)
    sides, truth = [], {}
    prev: dict[str, list[str]] = {}
    for y in YEARS:
        for a, agency in enumerate(AGENCIES):
            items: list[tuple[str, str]] = []
            for t in prev.get(agency, []):
                r = rng.random()
                kind = "exact" if r < 0.5 else "renumbered" if r < 0.75 else "edited"
                items.append(({"exact": t, "renumbered": _renumber(t, rng), "edited": _edit(t, rng)}[kind], kind))
            if y > YEARS[0]:
                other = prev[AGENCIES[(a + 1) % len(AGENCIES)]]
                items += [(t, "cross") for t in other[-2:]]
            items += [(next(fresh), "fresh") for _ in range(3)]
            prev[agency] = [t for t, _ in items][-6:]
            key = f"{agency}-{y}"
            sides.append(Side(tuple(Sent(k, t, 1) for k, (t, _) in enumerate(items)), agency, y, key))
            truth.update({(key, k): kind for k, (_, kind) in enumerate(items)})
    return sorted(sides, key=lambda s: s.key or ""), truth


def rows(cm) -> set[tuple]:
    """Matches by content: (new report, sentence, start, old report, sentence, relation, kind, …)."""
    u, keys = cm.units, cm.table.sides["key"].tolist()
    side, sent, start = u["side"].to_numpy(), u["sentence"].to_numpy(), u["start"].to_numpy()
    return {(keys[side[r.new]], int(sent[r.new]), int(start[r.new]), keys[side[r.old]], int(sent[r.old]),
             r.relation, r.kind, r.origin, round(float(r.similarity), 4))
            for r in cm.matches.itertuples(index=False)}


@pytest.fixture(scope="module")
def corpus():
    return planted()


@pytest.mark.parametrize("lsh", [False, True], ids=["all-pairs", "lsh"])
def test_disk_index_gives_the_in_memory_matches(corpus, tmp_path, monkeypatch, lsh):
    sides, truth = corpus
    if lsh:  # LSH candidates even for this small corpus, on both paths
        monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    mem = match_corpus(sides, template=EMPTY, method="lsh" if lsh else "auto")
    disk = match_corpus_disk(sides, tmp_path / "index", template=EMPTY, memory_mb=64)
    assert rows(disk) == rows(mem)
    got = {(k, s, rel, kind) for k, s, _, _, _, rel, kind, _, _ in rows(disk)}
    # every planted carry-over is found as a self copy of the kind planted
    want = {"exact": "exact", "renumbered": "numbers_only", "edited": "near"}
    carried = [(k, v) for k, v in truth.items() if v in want]
    assert len(carried) > 100
    for k, v in carried:
        # a sentence without figures is carried over exactly when "renumbered"
        assert (*k, "self", want[v]) in got or (v == "renumbered" and (*k, "self", "exact") in got), k
    # each planted cross copy is matched as one
    assert all((*k, "cross", "exact") in got for k, v in truth.items() if v == "cross")


def test_small_memory_setting_splits_the_reports_into_chunks(corpus, tmp_path):
    sides, _ = corpus
    index = update_index(sides, tmp_path / "index", template=EMPTY, memory_mb=64)
    # 64 MB → chunks of 16,000 sentences: the planted corpus fits in one
    assert len(list((tmp_path / "index" / "units").glob("*.npz"))) == 1
    index.memory_mb = 0  # hand-set below the floor: one chunk per report
    more = [Side(s.sentences, s.agency, s.year, s.key + "-copy") for s in sides[:3]]
    assert index.add(more) == 3 and index.add(more) == 0
    assert len(list((tmp_path / "index" / "units").glob("*.npz"))) == 1 + 3


@pytest.mark.parametrize("cap", [32, 2], ids=["default-buckets", "buckets-over-cap"])
def test_adding_a_year_equals_a_full_recompute_and_keeps_old_pairs(corpus, tmp_path, monkeypatch, cap):
    """With a bucket cap of 2, buckets grow past it when 2024 arrives: the pairs a full run no
    longer draws there are dropped by the new run's file (old files stay as they were)."""
    sides, _ = corpus
    rng = random.Random(cap)
    # two new agencies in 2024 whose reports are edited copies of every 2023 report: their
    # skeletons join the buckets of the copied ones and sort among the old members
    for name in ("新设区人民政府", "后设县人民政府"):
        copied = [_edit(x.text, rng) for s in sides if s.year == 2023 for x in s.sentences]
        sides = [*sides, Side(tuple(Sent(k, t, 1) for k, t in enumerate(copied)), name, 2024, f"{name}-2024")]
    sides = sorted(sides, key=lambda s: s.key or "")
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    cfg = NearConfig(lsh=LshParams(max_bucket=cap))
    old = [s for s in sides if s.year < 2024]
    path = tmp_path / "index"
    n_old = update_index(old, path, config=cfg, template=EMPTY).n_skeletons
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (path / "pairs").glob("*.npz")}
    units_before = {p.name: p.read_bytes() for p in (path / "units").glob("*.npz")}
    assert len(before) == 1
    inc = update_index(sides, path, config=cfg, template=EMPTY)  # all reports given: only 2024 is new
    assert len(inc.sides) == len(sides)
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (path / "pairs").glob("*.npz")}
    assert len(after) == 2 and all(after[k] == v for k, v in before.items())
    assert all((path / "units" / k).read_bytes() == v for k, v in units_before.items())
    new_file = next(k for k in after if k not in before)
    with np.load(path / "pairs" / new_file) as z:  # every new pair involves a 2024 skeleton
        assert len(z["i"]) > 0 and (np.maximum(z["i"], z["j"]) >= n_old).all()
        assert (len(z["drop"]) > 0) == (cap == 2)
    assert inc.n_skeletons > n_old
    full = match_corpus_disk(sides, tmp_path / "full", config=cfg, template=EMPTY)
    assert rows(match_index(inc)) == rows(full)
    assert rows(full) == rows(match_corpus(sides, config=cfg, template=EMPTY, method="lsh"))
    assert any(k.endswith("-2024") for k, *_ in rows(full))


def test_dask_local_cluster_equals_the_local_run(corpus, tmp_path, monkeypatch):
    sides, _ = corpus
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    local = match_corpus_disk(sides, tmp_path / "local", template=EMPTY)
    dask = match_corpus_disk(sides, tmp_path / "dask", template=EMPTY, scheduler="local")
    assert len(local.matches) > 0 and rows(dask) == rows(local)


def test_index_table_is_the_flattened_corpus_in_key_order_whatever_the_chunks(corpus, tmp_path):
    """Reports added shuffled, one chunk each, give the table of the sorted reports flattened in
    memory: same units in the same order, same texts and skeletons, same normal-form classes."""
    from nlp.reuse.lsh_store import ReuseIndex
    from nlp.reuse.table import flatten

    sides, _ = corpus
    shuffled = list(sides)
    random.Random(3).shuffle(shuffled)
    index = ReuseIndex(tmp_path / "index", memory_mb=64)
    index.memory_mb = 0  # below the floor: one chunk per report
    assert index.add(shuffled[:20]) == 20 and index.add(shuffled) == len(sides) - 20
    assert len(list((tmp_path / "index" / "units").glob("*.npz"))) == len(sides)
    got, want = index.table(), flatten(sides)
    assert got.sides["key"].tolist() == [s.key for s in sides]
    for c in ("side", "sentence", "part", "start", "end", "length", "agency", "year"):
        assert got.units[c].tolist() == want.units[c].tolist(), c
    assert list(got.texts) == list(want.texts)
    ids = np.array([*range(len(want.texts))][::-1] + [0, 0, 7])  # reversed, repeated
    assert got.texts.many(ids) == [want.texts[k] for k in ids.tolist()]
    assert [got.skeletons[k] for k in got.units["skel"]] == [want.skeletons[k] for k in want.units["skel"]]
    assert (pd.factorize(got.units["norm"])[0] == pd.factorize(want.units["norm"])[0]).all()


def test_verify_pass_in_small_slices_gives_the_same_pairs(corpus, tmp_path, monkeypatch):
    """A verify task whose budget is far below its partition (several passes over first-skeleton
    ranges, texts read batch by batch) finds exactly the pairs of one task holding everything, and
    those include the planted edited carry-overs."""
    from nlp.reuse.skeleton import skeleton

    sides, truth = corpus
    monkeypatch.setattr(distributed, "BRUTE_FORCE_MAX", 0)
    index = update_index(sides, tmp_path / "index", template=EMPTY, memory_mb=64)
    ctx = distributed._ctx(index)
    ctx["paired"] = 0
    bands = index.config.lsh.bands
    work = tmp_path / "work"
    work.mkdir()
    for b in range(bands):
        distributed.band_pass(ctx, b, 2, str(work))
    big = {**ctx, "parts": 2, "codes": 10**9, "batch": 10**9, "strings": 10**9}
    small = {**ctx, "parts": 2, "codes": 50, "batch": 7, "strings": 5}
    for part in (0, 1):
        want = distributed.verify_part(big, part, bands, str(work))
        got = distributed.verify_part(small, part, bands, str(work))
        assert len(want[0]) > 0
        for w, g in zip(want, got, strict=True):
            assert np.array_equal(w, g)
    i, j, _ = index.stored_pairs()
    skels = index.skeleton_texts()
    found = {frozenset((skels[a], skels[b])) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    text = {(s.key, x.id): x.text for s in sides for x in s.sentences}
    edited = [k for k, v in truth.items() if v == "edited"]
    assert len(edited) > 20
    # each edited sentence's skeleton is paired with some other skeleton (its previous year's)
    paired = {s for p in found for s in p}
    assert sum(skeleton(text[k]) in paired for k in edited) >= 0.9 * len(edited)
