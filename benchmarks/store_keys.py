"""Cost of the store's primary keys: write N reports (the real corpus's rows under new report_ids)
into a store with the declared keys and into one with the same tables without keys, same process.

    .venv/bin/python benchmarks/store_keys.py --reports 300 --rounds 2
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"


def real_rows() -> list[dict]:
    import nlp
    from nlp.corpus.store_rows import report_rows

    out = []
    for p in sorted(REAL.iterdir()):
        if p.name != "MANIFEST.tsv":
            out.append(report_rows(nlp.parse(p), path=str(p), size=p.stat().st_size, elapsed=0.0,
                                   processed_at=None, version="bench"))
    return out


def write(db: Path, rows: list[dict], n: int, keys: bool) -> float:
    from nlp.corpus import store

    saved = dict(store.KEYS)
    if not keys:
        store.UNENFORCED_KEYS = tuple(store.TABLES)
    try:
        start = time.perf_counter()
        with store.Store(db) as s:
            for k in range(n):
                base = rows[k % len(rows)]
                rid = f"{k:064d}"
                r = {t: {c: ([rid] * len(v) if c == "report_id" else list(v)) for c, v in cols.items()}
                     for t, cols in base.items()}
                r["reports"]["text_hash"] = [rid]
                s.write_report(r, [(f"/bench/{k}", 1)])
        return time.perf_counter() - start
    finally:
        store.UNENFORCED_KEYS = ("errors",)
        store.KEYS.update(saved)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    rows = real_rows()
    times: dict[bool, list[float]] = {False: [], True: []}
    sizes: dict[bool, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(args.rounds):  # interleaved, best of each: other processes share the cores
            for keys in (rnd % 2 == 0, rnd % 2 == 1):
                db = Path(tmp) / f"{keys}-{rnd}.duckdb"
                times[keys].append(write(db, rows, args.reports, keys=keys))
                sizes[keys] = db.stat().st_size / 2**20
    without, with_keys = min(times[False]), min(times[True])
    print(f"{args.reports} reports, best of {args.rounds}: without keys {without:.2f} s, with keys "
          f"{with_keys:.2f} s, ratio {with_keys / without:.2f}; file {sizes[False]:.1f} MB vs "
          f"{sizes[True]:.1f} MB; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
