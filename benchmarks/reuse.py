"""Planted-reuse benchmark: precision and recall of nlp.reuse.match_corpus per kind of copy.

Synthetic agency-year reports are built from REAL units (the real reports in
../shared/corpus/real, parsed with nlp.parse and cut into units; near-duplicates among them are
removed so that every base unit is its own lineage). Each round builds an independent corpus:

- year 1: every agency gets ~11 base units;
- year 2: each year-1 unit is carried over as an exact copy, a numbers-only change, a copy with
  2 %, 5 % or 10 % character edits (substitutions, insertions, deletions of non-digit characters),
  or dropped; fresh base units are added; some units are copied from another agency's year-1
  report (exact or 2 % edits: cross-agency); some are *splices* (first half of a year-1 unit + the
  second half of a fresh one: a hard negative that must not be reported as near);
- template: three standard sentences of the template baseline (``STANDARD``, with the agency's
  name filled in) are put in the reports of ``--template-agencies`` agencies.

A reported match is correct when both units descend from the same base unit. Recall is counted
per planted kind (exact → kind exact, numbers-only → kind numbers_only, edits → kind near, cross
→ a cross row with origin cross_copy, template → unit flagged template). The same corpora are also
run through a baseline (exact text hashing only) for comparison. Run from the repository root::

    .venv/bin/python benchmarks/reuse.py --rounds 30 --out benchmarks/README.md
    .venv/bin/python benchmarks/reuse.py --sweep     # thresholds and shingle sizes
    .venv/bin/python benchmarks/reuse.py --national  # origin per class on a planted national corpus

``--national`` runs :mod:`benchmarks.reuse_national` instead (≥ 2,000 agencies in 31 provinces,
copy rings of 2–50, self copies, template wording and common phrases).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from nlp.reuse.build_baseline import STANDARD  # noqa: E402
from nlp.reuse.corpus import match_corpus  # noqa: E402
from nlp.reuse.minhash import LshParams  # noqa: E402
from nlp.reuse.near import MIN_NEAR, NEAR_RATIO, NearConfig, near_pairs  # noqa: E402
from nlp.reuse.side import Sent, Side, from_report, units  # noqa: E402

KINDS = ("exact", "numbers_only", "edit2", "edit5", "edit10", "cross", "template")
EXPECTED = {
    "exact": "exact",
    "numbers_only": "numbers_only",
    "edit2": "near",
    "edit5": "near",
    "edit10": "near",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def real_pool(dedupe_ratio: float = 0.6) -> list[str]:
    """Distinct real units (skeleton ≥ MIN_NEAR chars), no two with skeleton similarity ≥ dedupe_ratio."""
    import nlp

    texts: list[str] = []
    for p in sorted(REAL.iterdir()):
        if p.name == "MANIFEST.tsv":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            side = from_report(nlp.parse(p))
        texts += [u.text for u in units(side) if len(u.skel) >= MIN_NEAR and u.part not in (2, 3, 4)]
    seen: dict[str, str] = {}
    for t in texts:
        from nlp.reuse.skeleton import skeleton

        seen.setdefault(skeleton(t), t)
    skels = sorted(seen)
    i, j, _ = near_pairs(skels, NearConfig(ratio=dedupe_ratio), method="all")
    drop = set()
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        if a not in drop and b not in drop:
            drop.add(b)
    return [seen[s] for k, s in enumerate(skels) if k not in drop]


def edit(text: str, share: float, rng: random.Random, alphabet: list[str]) -> str:
    """``share`` × (CJK characters) edits, at least one; digits and punctuation are left alone."""
    chars = list(text)
    n = max(1, round(share * len(_CJK.findall(text))))
    for _ in range(n):
        pos = [k for k, c in enumerate(chars) if _CJK.match(c)]
        k = rng.choice(pos)
        op = rng.random()
        if op < 0.6:
            new = rng.choice(alphabet)
            while new == chars[k]:
                new = rng.choice(alphabet)
            chars[k] = new
        elif op < 0.8 or len(pos) < 3:
            chars.insert(k, rng.choice(alphabet))
        else:
            del chars[k]
    return "".join(chars)


def renumber(text: str, rng: random.Random) -> str:
    def sub(m: re.Match[str]) -> str:
        s = m.group()
        while True:
            t = "".join(rng.choice("0123456789") for _ in s)
            if t != s:
                return t

    return re.sub(r"\d+", sub, text)


def build_round(pool: list[str], seed: int, agencies: int, template_agencies: int):
    """Sides and, per side, the lineage and planted kind of each sentence."""
    rng = random.Random(seed)
    alphabet = sorted({c for t in pool for c in _CJK.findall(t)})
    order = pool[:]
    rng.shuffle(order)
    tmpl, rest = rng.sample(STANDARD[2:15], 3), order
    n1 = int(len(rest) * 0.6)
    orig, fresh = rest[:n1], rest[n1:]
    lineage = {t: k for k, t in enumerate(pool)}
    y1: list[list[tuple[str, int, str]]] = [[] for _ in range(agencies)]
    for k, t in enumerate(orig):
        y1[k % agencies].append((t, lineage[t], "base"))
    y2: list[list[tuple[str, int, str]]] = [[] for _ in range(agencies)]
    splice_id = 10_000
    fresh_iter = iter(fresh)
    for a in range(agencies):
        for t, lin, _ in y1[a]:
            kind = rng.choice(["exact", "numbers_only", "edit2", "edit5", "edit10", "drop", "splice"])
            if kind == "numbers_only" and not re.search(r"\d", t):
                kind = rng.choice(["exact", "edit2", "edit5", "edit10"])
            if kind == "exact":
                y2[a].append((t, lin, "exact"))
            elif kind == "numbers_only":
                y2[a].append((renumber(t, rng), lin, "numbers_only"))
            elif kind.startswith("edit"):
                y2[a].append((edit(t, int(kind[4:]) / 100, rng, alphabet), lin, kind))
            elif kind == "splice":
                other = next(fresh_iter, None)
                if other is not None:
                    y2[a].append((t[: len(t) // 2] + other[len(other) // 2 :], splice_id, "splice"))
                    splice_id += 1
        for _ in range(3):
            t = next(fresh_iter, None)
            if t is not None:
                y2[a].append((t, lineage[t], "fresh"))
    # cross-agency: agency a copies one unit of agency a+1's year-1 report
    for a in range(agencies):
        src = y1[(a + 1) % agencies]
        if src:
            t, lin, _ = rng.choice(src)
            y2[a].append((t if rng.random() < 0.5 else edit(t, 0.02, rng, alphabet), lin, "cross"))
    for k, t in enumerate(tmpl):
        for a in rng.sample(range(agencies), template_agencies):
            named = t.replace("某某县", f"第{a}县")
            y1[a].append((named, 20_000 + k, "template"))
            y2[a].append((named, 20_000 + k, "template"))
    sides, truth = [], []
    for year, reports in ((2022, y1), (2023, y2)):
        for a, items in enumerate(reports):
            rng.shuffle(items)
            sides.append(
                Side(tuple(Sent(k, t, 1) for k, (t, _, _) in enumerate(items)), f"机关{a:03d}", year)
            )
            truth.append([(lin, kind) for _, lin, kind in items])
    return sides, truth


def evaluate(cm, truth) -> tuple[Counter, Counter]:
    """(counts, tallies): per kind planted/found, per reported kind correct/total."""
    u = cm.units
    lin = np.array([truth[s][i][0] for s, i in zip(u["side"], u["sentence"], strict=True)])
    planted = [truth[s][i][1] for s, i in zip(u["side"], u["sentence"], strict=True)]
    m = cm.matches
    ok = lin[m["new"].to_numpy()] == lin[m["old"].to_numpy()]
    t = Counter()
    for kind, good in zip(m["kind"].astype(str), ok, strict=True):
        t[(kind, "total")] += 1
        t[(kind, "correct")] += int(good)
    rows = {}
    for r, good in zip(m.itertuples(index=False), ok, strict=True):
        rows.setdefault(r.new, []).append((r.relation, r.kind, r.origin, good))
    c = Counter()
    tmpl = u["template"].to_numpy()
    for k, kind in enumerate(planted):
        year2 = cm.table.sides["year"].iat[int(u["side"].iat[k])] == 2023
        if kind in EXPECTED and year2:
            c[(kind, "planted")] += 1
            c[(kind, "found")] += any(
                rel == "self" and kd == EXPECTED[kind] and g for rel, kd, _, g in rows.get(k, [])
            )
        elif kind == "cross":
            c[(kind, "planted")] += 1
            c[(kind, "found")] += any(
                rel == "cross" and o == "cross_copy" and g for rel, _, o, g in rows.get(k, [])
            )
        elif kind == "template":
            c[(kind, "planted")] += 1
            c[(kind, "found")] += bool(tmpl[k])
        elif kind in ("base", "fresh", "splice"):
            c[("non-template", "planted")] += 1
            c[("non-template", "found")] += not tmpl[k]
    return c, t


def exact_baseline(sides, truth) -> Counter:
    """Recall of plain exact-text hashing (NFKC, no spaces) on the same planted copies."""
    from nlp.reuse.skeleton import normal

    seen: dict[tuple[str, str], int] = {}  # (agency, text) -> year
    for side in sides:
        for s in side.sentences:
            seen.setdefault((side.agency, normal(s.text)), side.year)
    agencies = {side.agency for side in sides}
    c = Counter()
    for side, items in zip(sides, truth, strict=True):
        if side.year != 2023:
            continue
        for s, (_, kind) in zip(side.sentences, items, strict=True):
            t = normal(s.text)
            if kind in EXPECTED:
                c[(kind, "planted")] += 1
                c[(kind, "found")] += seen.get((side.agency, t)) == 2022
            elif kind == "cross":
                c[(kind, "planted")] += 1
                c[(kind, "found")] += any(seen.get((a, t)) == 2022 for a in agencies - {side.agency})
    return c


def run(pool, rounds, agencies, template_agencies, config, method="lsh"):
    counts, tallies, base = Counter(), Counter(), Counter()
    secs = 0.0
    for r in range(rounds):
        sides, truth = build_round(pool, 1000 + r, agencies, template_agencies)
        t0 = time.perf_counter()
        cm = match_disk(sides, config) if method == "disk" else match_corpus(sides, config=config, method=method)
        secs += time.perf_counter() - t0
        c, t = evaluate(cm, truth)
        counts.update(c)
        tallies.update(t)
        base.update(exact_baseline(sides, truth))
    return counts, tallies, secs, base


def match_disk(sides, config):
    """The out-of-core path (nlp.reuse.corpus_disk) with LSH candidates, as ``method="lsh"``."""
    import tempfile

    from nlp.reuse import distributed
    from nlp.reuse.corpus_disk import match_corpus_disk

    distributed.BRUTE_FORCE_MAX = 0
    keyed = [Side(s.sentences, s.agency, s.year, f"{k:06d}") for k, s in enumerate(sides)]
    with tempfile.TemporaryDirectory() as tmp:
        cm = match_corpus_disk(keyed, f"{tmp}/index", config=config)
        return type(cm)(type(cm.table)(cm.units, list(cm.table.texts), list(cm.table.skeletons), cm.table.sides,
                                       cm.table.agencies), cm.matches, cm.origins)


def report(counts: Counter, tallies: Counter) -> list[str]:
    lines = ["| planted kind | planted | found | recall |", "|---|---:|---:|---:|"]
    for k in (*KINDS, "non-template"):
        p, f = counts[(k, "planted")], counts[(k, "found")]
        lines.append(f"| {k} | {p} | {f} | {f / p if p else float('nan'):.4f} |")
    lines += ["", "| reported kind | matches | correct | precision |", "|---|---:|---:|---:|"]
    tot = cor = 0
    for k in ("exact", "numbers_only", "near"):
        n, c = tallies[(k, "total")], tallies[(k, "correct")]
        tot, cor = tot + n, cor + c
        lines.append(f"| {k} | {n} | {c} | {c / n if n else float('nan'):.4f} |")
    lines.append(f"| **overall** | {tot} | {cor} | {cor / tot if tot else float('nan'):.4f} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--agencies", type=int, default=12)
    ap.add_argument("--template-agencies", type=int, default=4)
    ap.add_argument(
        "--sweep", action="store_true", help="recall/precision for several thresholds and n-gram sizes"
    )
    ap.add_argument("--out", type=Path, help="append the results to this Markdown file")
    ap.add_argument("--disk", action="store_true", help="also run the out-of-core path (match_corpus_disk)")
    ap.add_argument("--national", action="store_true", help="the planted national corpus (origin per class)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the national corpus")
    args = ap.parse_args()
    if args.national:
        return national(args)
    pool = real_pool()
    print(f"pool: {len(pool)} distinct real units (pairwise skeleton similarity < 0.6)")
    out = [
        f"### Planted reuse ({time.strftime('%Y-%m-%d')})",
        "",
        "```",
        " ".join(["python", *sys.argv]),
        "```",
        "",
    ]
    out.append(f"{len(pool)} real base units, {args.rounds} rounds × {args.agencies} agencies × 2 years.")
    if args.sweep:
        out += [
            "",
            "| ngram | near ratio | exact | numbers | 2 % | 5 % | 10 % | cross | precision |",
            "|" + "---|" * 9,
        ]
        for ngram in (2, 3):
            for ratio in (0.7, 0.75, 0.8, 0.85, 0.9):
                cfg = NearConfig(ratio=ratio, lsh=LshParams(ngram=ngram))
                c, t, _, _ = run(pool, args.rounds, args.agencies, args.template_agencies, cfg)
                rec = [c[(k, "found")] / max(c[(k, "planted")], 1) for k in KINDS[:6]]
                tot = sum(t[(k, "total")] for k in ("exact", "numbers_only", "near"))
                cor = sum(t[(k, "correct")] for k in ("exact", "numbers_only", "near"))
                out.append(
                    f"| {ngram} | {ratio} | " + " | ".join(f"{x:.3f}" for x in rec) + f" | {cor / tot:.4f} |"
                )
                print(out[-1], flush=True)
    else:
        cfg = NearConfig()
        c, t, secs, base = run(pool, args.rounds, args.agencies, args.template_agencies, cfg)
        cb, tb, _, _ = run(pool, args.rounds, args.agencies, args.template_agencies, cfg, method="all")
        out += [
            "",
            f"nlp.reuse (MinHash-LSH, {cfg.lsh.ngram}-grams, {cfg.lsh.bands}×{cfg.lsh.rows}, "
            f"near ratio ≥ {NEAR_RATIO}, ≥ {MIN_NEAR} chars): {secs:.1f} s for all rounds",
            "",
        ]
        out += report(c, t)
        if args.disk:
            cd, td, dsecs, _ = run(pool, args.rounds, args.agencies, args.template_agencies, cfg, method="disk")
            out += ["", f"Same corpora, out-of-core index (match_corpus_disk, LSH), {dsecs:.1f} s — "
                    f"same counts as above: {cd == c and td == t}", ""]
            out += report(cd, td)
        out += ["", "Same corpora, every pair a candidate (no LSH) — what LSH loses:", ""]
        out += report(cb, tb)[: len(KINDS) + 3]
        out += ["", "Baseline in the same run — exact-text hashing only (NFKC, no spaces), same corpora:", ""]
        out += ["| planted kind | planted | found | recall |", "|---|---:|---:|---:|"]
        for k in KINDS[:6]:
            p, f = base[(k, "planted")], base[(k, "found")]
            out.append(f"| {k} | {p} | {f} | {f / p if p else float('nan'):.4f} |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out += ["", f"peak RSS {rss:.0f} MiB", ""]
    text = "\n".join(out)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")


def national(args: argparse.Namespace) -> None:
    import reuse_national

    reuse_national.run(args.seed, args.out, " ".join(["python", *sys.argv]))


if __name__ == "__main__":
    main()
