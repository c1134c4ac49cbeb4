"""Incremental years: adding one new year of reports to an on-disk reuse index vs a full recompute.

The synthetic corpus of ``benchmarks/reuse_scale.py`` with years 2021–2025; the earlier years are
the stored corpus and the 2025 reports of the first agencies (10 % as many reports as stored)
are the new year. In one process, on the same reports:

* full — a new index over all reports, then the matches (:func:`nlp.reuse.corpus_disk.update_index`
  with ``full=True`` + :func:`match_index`);
* incremental — the index of the stored years already on disk and matched, as the previous run
  left it (built first, not timed), then ``update_index`` with all reports (only the new ones are
  read and paired) + ``match_index`` (every match row recomputed from per-key summaries; a
  full matching costs less than working out which rows the new reports change).

The matches are compared (rows in one run but not the other), as tests/test_reuse_disk.py does.
Data generation is not timed. Run::

    .venv/bin/python benchmarks/reuse_incremental.py --sentences 500000 --out benchmarks/README.md
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    from reuse_scale import emit, iter_corpus

    from nlp.reuse.corpus_disk import match_index, update_index

    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=500_000, help="sentences of the stored years")
    ap.add_argument("--new-share", type=float, default=0.10, help="new reports / stored reports")
    ap.add_argument("--memory-mb", type=int, default=2048)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    sides = list(iter_corpus(args.sentences * 5 // 4, years=(2021, 2022, 2023, 2024, 2025)))
    old = [s for s in sides if s.year < 2025]
    n_new = round(len(old) * args.new_share)
    new = [s for s in sides if s.year == 2025][:n_new]
    everything = old + new
    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    with tempfile.TemporaryDirectory(prefix="reuse-inc-") as tmp:
        t0, c0 = time.perf_counter(), cpu()
        index = update_index(everything, Path(tmp) / "full", memory_mb=args.memory_mb, full=True)
        c_full_pairs = cpu() - c0
        full = match_index(index)
        t_full, c_full = time.perf_counter() - t0, cpu() - c0
        match_index(update_index(old, Path(tmp) / "inc", memory_mb=args.memory_mb))
        t0, c0 = time.perf_counter(), cpu()
        index = update_index(everything, Path(tmp) / "inc", memory_mb=args.memory_mb)
        t_pairs, c_pairs = time.perf_counter() - t0, cpu() - c0
        inc = match_index(index)
        t_inc, c_inc = time.perf_counter() - t0, cpu() - c0
    cols = ["new", "old", "relation", "kind", "origin"]
    same = full.matches[cols].equals(inc.matches[cols])
    a, b = (set(map(tuple, m[cols].astype(str).to_numpy().tolist())) for m in (full.matches, inc.matches))
    differ = len(a ^ b)
    sentences = sum(len(s.sentences) for s in everything)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    text = "\n".join([
        f"### Incremental year ({time.strftime('%Y-%m-%d')})", "", "```", " ".join(["python", *sys.argv]), "```", "",
        f"{len(old):,} stored reports + {len(new):,} new (2025) = {sentences:,} sentences; "
        f"{len(full.matches):,} matches, incremental equal to full: {same} ({differ:,} rows in one but "
        "not the other)", "",
        "| run | seconds | CPU seconds |", "|---|---:|---:|",
        f"| full recompute (index + matches) | {t_full:.1f} | {c_full:.1f} (matches {c_full - c_full_pairs:.1f}) |",
        f"| incremental: read and pair the new reports | {t_pairs:.1f} | {c_pairs:.1f} |",
        f"| incremental: + matches (all rows recomputed) | {t_inc:.1f} | {c_inc:.1f} "
        f"(matches {c_inc - c_pairs:.1f}) |", "",
        f"incremental / full = {t_inc / t_full:.3f} (CPU {c_inc / c_full:.3f}); peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; load average {load}", "",
    ])
    emit(text, args.out)


if __name__ == "__main__":
    main()
