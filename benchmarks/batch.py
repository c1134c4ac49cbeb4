"""Benchmark ``xxgk batch``: throughput with 1 and 2 workers, peak memory per worker, store size.

The real PDFs (../shared/corpus/real/*.pdf) are repeated to ``--files`` inputs; every copy has a
line appended after ``%%EOF`` so its sha256 differs (each copy is parsed) while it reads the same.
Each configuration runs in a fresh Python process (as ``xxgk batch`` does: the preloaded fork server
of a batch lives as long as its process, so a second run in the same process would start warm) and
writes a fresh DuckDB store. The baseline is the 1-worker run; the other runs print their speed-up
against it. CPU is reported per part of the process tree: the workers (per file), the writing
process (per file), and the start-up (the fork server that loads the models once).

    .venv/bin/python benchmarks/batch.py --files 300
    .venv/bin/python benchmarks/batch.py --files 60 --dask     # also a 2-worker LocalCluster
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "real"


def make_inputs(target: Path, n: int) -> list[Path]:
    pdfs = sorted(REAL.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {REAL}")
    out = []
    for k in range(n):
        src = pdfs[k % len(pdfs)]
        dst = target / f"{src.stem}-{k:04d}.pdf"
        dst.write_bytes(src.read_bytes() + f"\n%copy {k}\n".encode())
        out.append(dst)
    return out


def run(label: str, inputs: Path, work: Path, jobs: int, scheduler: str | None = None) -> dict[str, Any]:
    """One configuration in a fresh Python process (``--one``); its measurements."""
    cmd = [sys.executable, __file__, "--one", label, "--jobs", str(jobs), "--inputs", str(inputs),
           "--work", str(work)] + (["--scheduler", scheduler] if scheduler else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    r = json.loads(out.strip().splitlines()[-1])
    r["db"] = Path(r["db"])
    return r


def run_one(label: str, inputs: Path, work: Path, jobs: int, scheduler: str | None) -> dict[str, Any]:
    import psutil

    from nlp.corpus.batch import batch

    db = work / f"{label}.duckdb"
    load_before = os.getloadavg()[0]
    me = psutil.Process()
    before = time.time() - me.create_time(), time.process_time()  # this process's start and imports
    t0 = time.perf_counter()
    res = batch([inputs], db, jobs=jobs, scheduler=scheduler, progress=False)
    seconds = time.perf_counter() - t0
    assert res.errors == 0, f"{res.errors} files failed"
    size = db.stat().st_size + (db.with_suffix(".duckdb.wal").stat().st_size
                                if db.with_suffix(".duckdb.wal").exists() else 0)
    rss = res.worker_peak_rss_mb
    walls = getattr(res, "wall_stages", {})  # (not measured by older versions of the batch)
    worker_cpu = sum(res.worker_cpu_s.values())
    # the fork server (a child of this process, alive until it exits): its own CPU is the start-up
    startup = sum(sum(p.cpu_times()[:2]) for p in psutil.Process().children()
                  if "forkserver" in " ".join(p.cmdline())) if scheduler is None else 0.0
    return {"label": label, "jobs": jobs, "files": res.parsed, "seconds": seconds,
            "files_per_s": res.parsed / seconds, "workers": len(rss),
            "worker_cpu_per_file": worker_cpu / max(1, res.parsed),
            "parent_cpu_per_file": res.parent_cpu_s / max(1, res.parsed), "startup_cpu": startup,
            "parent_setup_cpu": res.parent_cpu_stages.get("setup", 0.0),
            "parent_files_cpu_per_file": res.parent_cpu_stages.get("files", 0.0) / max(1, res.parsed),
            "parent_finish_cpu": res.parent_cpu_stages.get("finish", 0.0),
            "cores_used": (worker_cpu + res.parent_cpu_s + startup) / seconds,
            "worker_peak_mb": max(rss.values()) if rss else 0.0,
            "store_kb_per_report": size / 1024 / max(1, res.parsed),
            "wall_start": walls.get("start", 0.0), "wall_files": walls.get("files", 0.0),
            "wall_finish": walls.get("finish", 0.0), "before_wall": before[0], "before_cpu": before[1],
            "load_before": load_before, "load_after": os.getloadavg()[0], "db": str(db)}


def _expected(one: dict[str, Any], two: dict[str, Any]) -> float:
    """Wall time on 2 idle cores predicted from CPU time: the fork server's start-up, while the
    writing process prepares (whichever is longer), then the files (with 1 worker the writer runs on
    the other core; 2 workers and the writer share the 2 cores), then the writer's finish."""
    def wall(r: dict[str, Any]) -> float:
        files = r["files"] * r["worker_cpu_per_file"]
        parent = r["files"] * r["parent_files_cpu_per_file"]
        return (max(r["startup_cpu"], r["parent_setup_cpu"]) + max(files / r["jobs"], (files + parent) / 2)
                + r["parent_finish_cpu"])
    return wall(one) / wall(two)


def same_store(a: Path, b: Path) -> bool:
    """Whether two stores hold the same rows (``nlp.corpus.store.snapshot``, volatile columns left out)."""
    import duckdb

    from nlp.corpus.store import snapshot

    with duckdb.connect(str(a), read_only=True) as ca, duckdb.connect(str(b), read_only=True) as cb:
        return snapshot(ca) == snapshot(cb)


def one_round(inputs: Path, work: Path, dask: bool) -> float:
    """1 worker, 2 workers (and a 2-worker LocalCluster), each in a fresh process; the 2-worker speed-up."""
    work.mkdir()
    rows = [run("jobs1", inputs, work, 1), run("jobs2", inputs, work, 2)]
    if dask:
        rows.append(run("dask2", inputs, work, 2, "local"))
        print(f"dask LocalCluster store equal to the 1-worker store: {same_store(rows[0]['db'], rows[2]['db'])}")
    base = rows[0]["files_per_s"]
    print(f"{'run':<7}{'files':>6}{'seconds':>9}{'files/s':>9}{'speed-up':>9}{'cores got':>10}"
          f"{'worker CPU s/file':>18}{'parent CPU ms/file':>19}{'start-up CPU s':>15}{'worker peak MB':>15}"
          f"{'store KB/report':>16}{'load before/after':>19}")
    for r in rows:
        print(f"{r['label']:<7}{r['files']:>6}{r['seconds']:>9.1f}{r['files_per_s']:>9.2f}"
              f"{r['files_per_s'] / base:>8.2f}x{r['cores_used']:>10.2f}{r['worker_cpu_per_file']:>18.3f}"
              f"{1000 * r['parent_cpu_per_file']:>19.1f}{r['startup_cpu']:>15.2f}{r['worker_peak_mb']:>15.0f}"
              f"{r['store_kb_per_report']:>16.1f}{r['load_before']:>10.1f}/{r['load_after']:<8.1f}")
    one, two = rows[0], rows[1]
    for r in rows:
        print(f"{r['label']}: writing process CPU {r['parent_setup_cpu']:.2f} s before the first file, "
              f"{1000 * r['parent_files_cpu_per_file']:.1f} ms per file, {r['parent_finish_cpu']:.2f} s after "
              f"the last commit; wall {r['wall_start']:.2f} s until the first file began in a worker, "
              f"{r['wall_files']:.2f} s of files, {r['wall_finish']:.2f} s after the last came back "
              f"(before batch(): {r['before_wall']:.2f} s since the process started, "
              f"{r['before_cpu']:.2f} s CPU)")
    print(f"expected speed-up on {two['jobs']} idle cores from the CPU figures: {_expected(one, two):.2f}x "
          f"(start-up {two['startup_cpu']:.2f} s, worker {two['worker_cpu_per_file']:.3f} s/file, writer "
          f"{1000 * two['parent_files_cpu_per_file']:.1f} ms/file); measured speed-up per core obtained: "
          f"{(two['files_per_s'] / base) / (two['cores_used'] / one['cores_used']):.2f}")
    print(f"1 worker: {one['seconds'] / one['files']:.3f} s per file (wall)", flush=True)
    return two["files_per_s"] / base


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300, help="number of PDF inputs (copies of the real PDFs)")
    ap.add_argument("--dask", action="store_true", help="also run a 2-worker dask LocalCluster")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of the configurations (same inputs)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.inputs, a.work, a.jobs, a.scheduler)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="xxgk-bench-batch-"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        make_inputs(inputs, a.files)
        print(f"{a.files} PDF inputs; {os.cpu_count()} CPUs; load average {os.getloadavg()}", flush=True)
        ratios = []
        for k in range(a.repeat):
            ratios.append(one_round(inputs, work / f"round{k}", a.dask))
        if a.repeat > 1:
            print("speed-ups of 2 workers over 1 (wall, per round): " + ", ".join(f"{x:.2f}x" for x in ratios)
                  + f"; median {sorted(ratios)[len(ratios) // 2]:.2f}x")
    finally:
        if a.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
