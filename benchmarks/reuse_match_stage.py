"""The matching stage of the on-disk reuse run alone: time, CPU and peak memory, this code against
another version of it on the same index.

Builds the index of the synthetic corpus of ``benchmarks/reuse_scale.py`` once (``update_index``,
its own subprocess, not measured; ``--index`` keeps it for later runs), then runs
:func:`nlp.reuse.corpus_disk.match_index` and the report scores on it in a fresh subprocess per
run, so each peak RSS is the matching stage's own (reading the units and pairs, the match rows,
origins, copy pairs, scores). ``--before DIR`` first runs the same stage with the package ``nlp``
found in ``DIR`` (e.g. ``git archive main nlp | tar -x -C DIR``), so before/after are measured on
one index, one after the other. Kept match rows of earlier versions are deleted before each run,
so every run matches all units. ``--memory-mb`` is the index's memory setting. Run::

    .venv/bin/python benchmarks/reuse_match_stage.py --sentences 1000000 --before /tmp/main-code
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
sys.path.insert(0, os.environ.get("XXGK_BENCH_CODE", str(ROOT)))
sys.path.insert(1, str(ROOT / "benchmarks"))


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def build(n: int, path: Path) -> None:
    from reuse_scale import iter_corpus

    from nlp.reuse.corpus_disk import update_index

    update_index(iter_corpus(n), path)


def match(path: Path, memory_mb: int) -> dict[str, float | str]:
    from nlp.reuse import corpus
    from nlp.reuse.corpus_disk import match_index
    from nlp.reuse.lsh_store import ReuseIndex
    from nlp.reuse.near import NearConfig
    from nlp.reuse.template import baseline

    shutil.rmtree(path / "matches", ignore_errors=True)
    index = ReuseIndex(path, NearConfig(), baseline())
    index.memory_mb = memory_mb
    spent = {"origins": 0.0}
    real = corpus.with_origins

    def timed(*args: object) -> object:
        c = _cpu()
        out = real(*args)  # type: ignore[arg-type]
        spent["origins"] += _cpu() - c
        return out

    corpus.with_origins = timed  # type: ignore[assignment]
    w0, c0 = time.perf_counter(), _cpu()
    cm = match_index(index)
    c1 = _cpu()
    scores = cm.report_scores()
    return {"code": corpus.__file__, "units": len(cm.units), "matches": len(cm.matches),
            "reports": len(scores), "seconds": time.perf_counter() - w0, "cpu_seconds": _cpu() - c0,
            "rows_cpu": c1 - c0 - spent["origins"], "origins_cpu": spent["origins"], "scores_cpu": _cpu() - c1,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run(path: Path, memory_mb: int, code: Path | None) -> dict[str, float | str]:
    env = dict(os.environ)
    env.pop("XXGK_BENCH_CODE", None)
    if code is not None:
        env["XXGK_BENCH_CODE"] = str(code)
    out = subprocess.run([sys.executable, __file__, "--match", str(path), "--memory-mb", str(memory_mb)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--memory-mb", type=int, default=2048)
    ap.add_argument("--before", type=Path, help="directory holding the package nlp to run first")
    ap.add_argument("--index", type=Path, help="index directory (built when missing, kept)")
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--match", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build:
        build(args.sentences, args.build)
        return
    if args.match:
        print(json.dumps(match(args.match, args.memory_mb)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="reuse-stage-", dir=os.environ.get("XXGK_SCALE_TMP")))
    try:
        path = args.index or tmp / "index"
        if not path.exists():
            subprocess.run([sys.executable, __file__, "--sentences", str(args.sentences), "--build", str(path)],
                           check=True)
        lines = [f"{args.sentences:,} sentences, memory setting {args.memory_mb} MB; load average before: "
                 + " / ".join(f"{x:.2f}" for x in os.getloadavg()), "",
                 "| code | units | matches | seconds | CPU s | rows CPU s | origins CPU s | scores CPU s "
                 "| peak RSS MiB | load avg |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for label, code in ([("before", args.before)] if args.before else []) + [("this", None)]:
            r = _run(path, args.memory_mb, code)
            load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
            lines.append(f"| {label} | {r['units']:,} | {r['matches']:,} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} "
                         f"| {r['rows_cpu']:.1f} | {r['origins_cpu']:.1f} | {r['scores_cpu']:.1f} "
                         f"| {r['peak_rss_mib']:.0f} | {load} |")
            print(lines[-1], flush=True)
        print("\n".join(lines))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
