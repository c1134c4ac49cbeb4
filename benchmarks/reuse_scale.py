"""Scale benchmark: nlp.reuse.match_corpus on 1 million (and 2 million) sentences.

A synthetic corpus of agency-year reports (~100 sentences each, 4 years per agency) shaped like a
real one: ~20 % template wording (real preamble/boilerplate units with the agency's place name
and figures filled in, so every agency's variant is a different near-duplicate), ~50 % carried
over from the agency's previous year (exact, new figures, or 2–10 % character edits) and the rest
fresh text drawn from a character-bigram model of the real reports. Each size runs in its own
subprocess; the script prints the wall time of ``match_corpus`` (data generation excluded), the
peak RSS of that process (data included), the time ratio of the doubled input, and a baseline in
the same process: datasketch ``MinHash`` signatures on a sample versus ours. Run::

    .venv/bin/python benchmarks/reuse_scale.py --sizes 1000000 2000000 --out benchmarks/README.md
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SENTS_PER_REPORT = 100
YEARS = (2021, 2022, 2023, 2024)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def bigram_sampler(texts: list[str], seed: int):
    """Vectorised order-1 character model: ``sample(n, lengths) -> list[str]``."""
    chars = sorted({c for t in texts for c in t if _CJK.match(c) or c in "，、"})
    idx = {c: k for k, c in enumerate(chars)}
    m = np.ones((len(chars), len(chars)), dtype=np.float64) * 1e-3
    for t in texts:
        seq = [idx[c] for c in t if c in idx]
        for a, b in zip(seq, seq[1:], strict=False):
            m[a, b] += 1
    cdf = np.cumsum(m / m.sum(axis=1, keepdims=True), axis=1)
    cdf[:, -1] = 1.0
    v = len(chars)
    flat = (cdf + np.arange(v)[:, None]).ravel()  # row r's CDF shifted into [r, r + 1]
    codes = np.array([ord(c) for c in chars], dtype=np.uint32)
    rng = np.random.default_rng(seed)

    def sample(n: int, lengths: np.ndarray) -> list[str]:
        width = int(lengths.max())
        out = np.empty((n, width), dtype=np.int64)
        out[:, 0] = rng.integers(0, len(chars), n)
        for k in range(1, width):
            prev = out[:, k - 1]
            pos = np.searchsorted(flat, prev + rng.random(n) * 0.999999, side="right")
            out[:, k] = np.minimum(pos - prev * v, v - 1)
        block = codes[out].tobytes().decode("utf-32-le")
        return [block[r * width : r * width + ln] + "。" for r, ln in enumerate(lengths.tolist())]

    return sample


PLANT = ("fresh", "template", "exact", "renumbered", "edited")
"""Planted origin of each sentence, kept in its id: ``Sent.id = 10 × position + code``."""


def make_corpus(n_sentences: int, seed: int = 7) -> list:
    return list(iter_corpus(n_sentences, seed))


def iter_corpus(n_sentences: int, seed: int = 7, years: tuple[int, ...] = YEARS):
    """The synthetic reports one at a time (agency by agency), so any size streams."""
    from reuse import edit, real_pool, renumber

    from nlp.reuse.side import Sent, Side

    rng = random.Random(seed)
    pool = real_pool()
    alphabet = sorted({c for t in pool for c in _CJK.findall(t)})
    sample = bigram_sampler(pool, seed)
    templates = [t for t in pool if re.search(r"\d", t)][:40] + pool[:20]
    n_agencies = max(1, n_sentences // (SENTS_PER_REPORT * len(years)))
    fresh: list[str] = []

    def fresh_text() -> str:
        nonlocal fresh
        if not fresh:
            lens = np.random.default_rng(rng.randrange(2**32)).integers(15, 80, 50_000)
            fresh = sample(50_000, lens)
        return fresh.pop()

    for a in range(n_agencies):
        place = "".join(rng.choice(alphabet) for _ in range(2)) + rng.choice("县区市")
        agency = f"{place}人民政府"
        prev: list[str] = []
        for y in years:
            items: list[tuple[str, int]] = []
            for t in rng.sample(templates, 20):
                items.append((renumber(place + t if rng.random() < 0.5 else t, rng), 1))
            for t in prev:
                if len(items) >= SENTS_PER_REPORT * 0.7:
                    break
                r = rng.random()
                if r < 0.5:
                    items.append((t, 2))
                elif r < 0.7:
                    items.append((renumber(t, rng), 3))
                elif r < 0.9:
                    items.append((edit(t, rng.choice((0.02, 0.05, 0.1)), rng, alphabet), 4))
            while len(items) < SENTS_PER_REPORT:
                items.append((fresh_text(), 0))
            prev = [t for t, _ in items[20:]]
            yield Side(tuple(Sent(10 * k + c, t, 1 + k % 6) for k, (t, c) in enumerate(items)), agency, y,
                       f"{a:07d}-{y}")


def planted(cm) -> dict[str, float]:
    """Self-copy recall over the planted carried-over sentences (exact, renumbered, edited) and
    precision of the self matches (their sentence was planted as carried over), by unit."""
    u, m = cm.units, cm.matches
    code = u["sentence"].to_numpy() % 10
    carried = code >= 2
    self_new = m.loc[(m["relation"] == "self").to_numpy(), "new"].to_numpy()
    hit = np.zeros(len(u), dtype=bool)
    hit[self_new] = True
    out = {"recall": float(hit[carried].mean()), "precision": float(carried[self_new].mean())}
    for c in (2, 3, 4):
        out[f"recall_{PLANT[c]}"] = float(hit[code == c].mean())
    return out


class _Timed:
    """An iterator that counts the seconds spent producing its items (data generation)."""

    def __init__(self, it) -> None:
        self.it, self.seconds, self.cpu, self.sentences = it, 0.0, 0.0, 0

    def __iter__(self):
        from phases import cpu

        while True:
            t0, c0 = time.perf_counter(), cpu()
            try:
                x = next(self.it)
            except StopIteration:
                return
            self.seconds += time.perf_counter() - t0
            self.cpu += cpu() - c0
            self.sentences += len(x.sentences)
            yield x


def _instrument():
    """Time the phases of the out-of-core path (wrapping its functions; the code path is unchanged)."""
    from phases import Phases

    from nlp.reuse import corpus_disk, distributed, lsh_store

    ph = Phases()
    cls = lsh_store.ReuseIndex
    cls.add = ph.wrap("index add (incl. generation)", cls.add)
    cls.stored_pairs = ph.wrap("stored_pairs()", cls.stored_pairs)
    cls.table = ph.wrap("table()", cls.table)
    distributed.band_pass = ph.wrap("band pass", distributed.band_pass)
    distributed.verify_part = ph.wrap("verify pass", distributed.verify_part)
    distributed._in_windows = ph.wrap("drop check", distributed._in_windows)
    corpus_disk.new_pairs = ph.wrap("pair search (band+verify)", corpus_disk.new_pairs)
    corpus_disk.match_table = ph.wrap("match_table (matching)", corpus_disk.match_table)
    if hasattr(distributed, "_read_codes"):  # count the distinct candidate pairs verified
        read = distributed._read_codes

        def counted(*a, **k):
            codes = read(*a, **k)
            row = ph.rows.setdefault("candidates", {"wall": 0.0, "cpu": 0.0, "peak_mib": 0.0, "calls": 0})
            row["calls"] += len(codes)
            return codes

        distributed._read_codes = counted
    return ph


def one(n: int, mode: str, memory_mb: int, phases: bool = False) -> dict[str, float]:
    import shutil
    import tempfile

    ph = _instrument() if phases and mode == "disk" else None
    from nlp.reuse.corpus import match_corpus
    from nlp.reuse.corpus_disk import match_index, update_index

    t0 = time.perf_counter()
    if mode == "memory":
        sides = make_corpus(n)
        gen = time.perf_counter() - t0
        sentences = sum(len(s.sentences) for s in sides)
        t0 = time.perf_counter()
        cm = match_corpus(sides, method="lsh")
        secs = time.perf_counter() - t0
    else:
        tmp = tempfile.mkdtemp(prefix="reuse-scale-", dir=os.environ.get("XXGK_SCALE_TMP"))
        stream = _Timed(iter_corpus(n))
        index = update_index(stream, Path(tmp) / "index", memory_mb=memory_mb)
        cm = match_index(index)
        gen, sentences = stream.seconds, stream.sentences
        secs = time.perf_counter() - t0 - gen
        shutil.rmtree(tmp, ignore_errors=True)
    m = cm.matches
    extra: dict = {}
    if ph is not None:
        rows = ph.close()
        add = rows.get("index add (incl. generation)")
        if add:
            rows["generation"] = {"wall": gen, "cpu": stream.cpu, "peak_mib": 0.0, "calls": 1}
            rows["index add (excl. generation)"] = {"wall": add["wall"] - gen, "cpu": add["cpu"] - stream.cpu,
                                                   "peak_mib": add["peak_mib"], "calls": add["calls"]}
        extra["phases"] = rows
    return {
        "mode": mode,
        "sentences": sentences,
        "units": len(cm.units),
        "skeletons": len(cm.table.skeletons),
        "seconds": secs,
        "generation_seconds": gen,
        "matches": len(m),
        "near": int((m["kind"] == "near").sum()),
        "template_units": int(cm.units["template"].sum()),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **planted(cm),
        "load": os.getloadavg(),
        **extra,
    }


def datasketch_baseline(k: int = 20_000) -> tuple[float, float]:
    """Seconds for MinHash signatures of ``k`` skeletons: datasketch (LeanMinHash) vs ours."""
    from datasketch import LeanMinHash, MinHash

    from nlp.reuse.minhash import LshParams, signatures
    from nlp.reuse.skeleton import skeleton

    sides = make_corpus(k)
    skels = list({skeleton(s.text) for side in sides for s in side.sentences})[:k]
    p = LshParams()
    t0 = time.perf_counter()
    for s in skels:
        mh = MinHash(num_perm=p.num_perm, seed=1)
        mh.update_batch([s[i : i + p.ngram].encode("utf-8") for i in range(max(len(s) - p.ngram + 1, 1))])
        LeanMinHash(mh)
    ds = time.perf_counter() - t0
    t0 = time.perf_counter()
    signatures(skels, p)
    return ds, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--mode", choices=("disk", "memory"), default="disk",
                    help="disk: the out-of-core index (match_corpus_disk); memory: match_corpus")
    ap.add_argument("--memory-mb", type=int, default=2048)
    ap.add_argument("--one", type=int, help="run one size in this process and print its JSON")
    ap.add_argument("--phases", action="store_true",
                    help="with --one --mode disk: wall, CPU and peak RSS of each phase")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.one:
        r = one(args.one, args.mode, args.memory_mb, args.phases)
        for name, row in r.get("phases", {}).items():
            print(f"{name:32s} wall {row['wall']:8.1f} s  cpu {row['cpu']:8.1f} s  peak {row['peak_mib']:7.0f} MiB"
                  f"  calls {row['calls']}", file=sys.stderr)
        print(json.dumps(r))
        return
    results = []
    for n in args.sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--mode", args.mode, "--memory-mb", str(args.memory_mb)],
            capture_output=True, text=True, check=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        r["load"] = os.getloadavg()
        results.append(r)
        print(r, flush=True)
    ds, ours = datasketch_baseline()
    lines = [
        f"### Scale ({time.strftime('%Y-%m-%d')})",
        "",
        "```",
        " ".join(["python", *sys.argv]),
        "```",
        "",
    ]
    lines += [
        "| mode | sentences | units | distinct skeletons | matches | near | template units | seconds "
        "| generation s | peak RSS MiB | self recall | self precision | load avg (1/5/15 min) |"
    ]
    lines += ["|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(
            f"| {r['mode']} | {r['sentences']:,} | {r['units']:,} | {r['skeletons']:,} | {r['matches']:,} "
            f"| {r['near']:,} | {r['template_units']:,} | {r['seconds']:.1f} | {r['generation_seconds']:.1f} "
            f"| {r['peak_rss_mib']:.0f} | {r['recall']:.4f} | {r['precision']:.4f} "
            f"| {' / '.join(f'{x:.2f}' for x in r['load'])} |"
        )
    if len(results) >= 2:
        a, b = results[0], results[1]
        lines += [
            "",
            f"time ratio {b['sentences'] / a['sentences']:.2f}× input → {b['seconds'] / a['seconds']:.2f}× time",
        ]
    lines += [
        "",
        f"MinHash signatures of 20,000 skeletons: datasketch MinHash+LeanMinHash {ds:.2f} s, "
        f"nlp.reuse.minhash {ours:.2f} s (ratio {ds / ours:.1f}×)",
        "",
    ]
    emit("\n".join(lines), args.out)


def emit(text: str, out: Path | None) -> None:
    """Print a result section and append it to ``out`` (benchmarks/README.md) when given."""
    print(text)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
