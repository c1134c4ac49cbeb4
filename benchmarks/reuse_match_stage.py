"""The matching stage of the on-disk reuse run alone: time and peak memory by memory setting.

Builds the index of the synthetic corpus of ``benchmarks/reuse_scale.py`` once (``update_index``,
its own subprocess, not measured), then runs :func:`nlp.reuse.corpus_disk.match_index` on it in a
fresh subprocess per setting, so each peak RSS is the matching stage's own (reading the units and
pairs, the match rows, origins, copy pairs). ``--memory-mb`` values set the chunk of skeletons
matched at a time (:data:`nlp.reuse.corpus_incremental.UNITS_PER_MB` units per MB); ``0`` is one
chunk for the whole corpus (the matcher before chunking). The kept rows are deleted before each
run, so every run matches all units. Run::

    .venv/bin/python benchmarks/reuse_match_stage.py --sentences 1000000 --memory-mb 0 256 2048
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def build(n: int, path: Path) -> None:
    from reuse_scale import iter_corpus

    from nlp.reuse.corpus_disk import update_index

    update_index(iter_corpus(n), path)


def match(path: Path, memory_mb: int) -> dict[str, float]:
    from nlp.reuse import corpus_incremental
    from nlp.reuse.corpus_disk import match_index
    from nlp.reuse.lsh_store import ReuseIndex
    from nlp.reuse.near import NearConfig
    from nlp.reuse.template import baseline

    shutil.rmtree(path / corpus_incremental.STATE, ignore_errors=True)
    index = ReuseIndex(path, NearConfig(), baseline())
    if memory_mb == 0:
        corpus_incremental.UNITS_PER_MB = 1 << 40  # one chunk
    else:
        index.memory_mb = memory_mb
    w0, c0 = time.perf_counter(), _cpu()
    cm = match_index(index)
    return {"memory_mb": memory_mb, "units": len(cm.units), "matches": len(cm.matches),
            "seconds": time.perf_counter() - w0, "cpu_seconds": _cpu() - c0,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--memory-mb", type=int, nargs="+", default=[0, 256, 2048])
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--match", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build:
        build(args.sentences, args.build)
        return
    if args.match:
        print(json.dumps(match(args.match, args.memory_mb[0])))
        return
    tmp = Path(tempfile.mkdtemp(prefix="reuse-stage-", dir=os.environ.get("XXGK_SCALE_TMP")))
    try:
        path = tmp / "index"
        subprocess.run([sys.executable, __file__, "--sentences", str(args.sentences), "--build", str(path)],
                       check=True)
        lines = [f"{args.sentences:,} sentences; load average before: "
                 + " / ".join(f"{x:.2f}" for x in os.getloadavg()), "",
                 "| memory_mb | units | matches | seconds | CPU s | peak RSS MiB | load avg |", "|---|---:|---:|---:|---:|---:|---|"]
        for mb in args.memory_mb:
            out = subprocess.run([sys.executable, __file__, "--match", str(path), "--memory-mb", str(mb)],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
            lines.append(f"| {mb or 'one chunk'} | {r['units']:,} | {r['matches']:,} | {r['seconds']:.1f} "
                         f"| {r['cpu_seconds']:.1f} | {r['peak_rss_mib']:.0f} | {load} |")
            print(lines[-1], flush=True)
        print("\n".join(lines))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
