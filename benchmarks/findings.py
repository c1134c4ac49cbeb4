"""Benchmark: findings extraction vs a naive cue-word scan, on the real reports.

Both run in this process over the same parsed reports. Baseline 1 marks every part-5 sentence that
contains a cue word (what a keyword grep would give); baseline 2 is ``nlp.parse`` of the same file
(timed once, warm). ``extract`` does the full job (sections, clauses, lists, keys, categories,
links). Prints per-report times, the ratios and the peak memory of one extraction pass
(tracemalloc).

    .venv/bin/python benchmarks/findings.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def naive(report) -> list[str]:
    from nlp.findings.text import CUE

    return [s.text for s in report.sentences if s.part == 5 and CUE.search(s.text)]


def main() -> None:
    import nlp
    from nlp.findings import extract

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    paths = [p for p in sorted(REAL.iterdir()) if p.name != "MANIFEST.tsv"]
    nlp.parse(str(paths[0]))  # warm the pipeline
    reports, parse_ms = [], []
    for p in paths:
        t0 = time.perf_counter()
        reports.append(nlp.parse(str(p)))
        parse_ms.append((time.perf_counter() - t0) * 1000)
    extract(reports[0])  # warm caches (taxonomy, character conversion)
    rows, tot_x, tot_b = [], 0.0, 0.0
    for r in reports:
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            naive(r)
        tb = (time.perf_counter() - t0) / args.repeat
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            n = len(extract(r))
        tx = (time.perf_counter() - t0) / args.repeat
        tot_x, tot_b = tot_x + tx, tot_b + tb
        rows.append((Path(r.source.path).name, len(r.narrative), n, tx * 1000, tb * 1000))
    tracemalloc.start()
    for r in reports:
        extract(r)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{'report':34} {'chars':>6} {'items':>5} {'extract ms':>10} {'grep ms':>8} {'x grep':>7} "
          f"{'parse ms':>9} {'% parse':>8}")
    for (name, chars, n, tx, tb), pm in zip(rows, parse_ms, strict=True):
        print(f"{name[:34]:34} {chars:6d} {n:5d} {tx:10.2f} {tb:8.3f} {tx / tb:7.1f} {pm:9.1f} {100 * tx / pm:7.1f}%")
    print(f"total: extract {tot_x * 1000:.1f} ms, grep baseline {tot_b * 1000:.2f} ms ({tot_x / tot_b:.1f}x), "
          f"parse {sum(parse_ms):.0f} ms (extract = {100 * tot_x * 1000 / sum(parse_ms):.1f}% of it); "
          f"peak memory of one extraction pass {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
