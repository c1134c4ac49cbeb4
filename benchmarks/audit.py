"""Benchmark ``xxgk audit --db``: site build time per report as the corpus grows, and peak memory.

The real corpus and the bundled sample are batched and reused into a store once; the store is then
replicated ``k`` times (new report ids, agency names suffixed with the copy number, every table's
rows copied, reuse links rewired to the copy), so each size has the same kind of reports. For each
size the script times (a) reading the page objects only (:class:`nlp.audit.load.StoreReader` views,
the baseline) and (b) the whole site build, and prints ms per report and the ratios: build vs
reading, and per-report build time at each size vs the smallest (flat = linear scaling).

    .venv/bin/python benchmarks/audit.py --copies 1 10 40
    .venv/bin/python benchmarks/audit.py --db corpus.duckdb --copies 1 5    # an existing store
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "real"

ID_COLS = {"report_id", "other_report_id", "prior_report_id", "sha256", "duplicate_of"}
PATH_COLS = {"path"}  # files.path is a primary key: each copy gets its own


def base_store(target: Path) -> Path:
    from nlp.corpus.batch import batch
    from nlp.corpus.batch_reuse import run_reuse

    db = target / "base.duckdb"
    batch([str(REAL), str(ROOT / "corpus" / "samples")], db, jobs=2, progress=False)
    run_reuse(db)
    return db


def replicate(src: Path, dst: Path, copies: int) -> int:
    """Write ``dst``: ``copies`` copies of every report of ``src``; returns the number of reports."""
    from nlp.corpus.store import TABLES, create_schema

    con = duckdb.connect(str(dst))
    create_schema(con)
    con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
    for table, cols in TABLES.items():
        for k in range(copies):
            exprs = []
            for c, _ in cols:
                if c in ID_COLS:
                    exprs.append(f'CASE WHEN "{c}" IS NULL THEN NULL ELSE sha256("{c}" || \'{k}\') END')
                elif c in PATH_COLS and k:
                    exprs.append(f"{c} || '#{k}'")
                elif c in ("agency", "agency_norm", "agency_key") and k:
                    exprs.append(f'"{c}" || \'{k}\'')
                else:
                    exprs.append(f'"{c}"')
            con.execute(f"INSERT INTO {table} SELECT {', '.join(exprs)} FROM src.{table}")
    n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    con.close()
    return n


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing store (default: batch the real corpus)")
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    a = ap.parse_args()
    from nlp.audit import build_site
    from nlp.audit.load import StoreReader

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        src = Path(a.db) if a.db else base_store(t)
        build_site(src, t / "warm")  # imports, template compilation, font cache
        first = None
        print(f"{'reports':>8} {'read ms/rep':>12} {'build ms/rep':>13} {'build/read':>11} {'vs smallest':>12} "
              f"{'pages MB':>9} {'peak RSS MB':>12}")
        for k in a.copies:
            db = t / f"x{k}.duckdb"
            n = replicate(src, db, k)
            con = duckdb.connect(str(db), read_only=True)
            t0 = time.perf_counter()
            reader = StoreReader(con)
            for _ in reader.views():
                pass
            read = time.perf_counter() - t0
            con.close()
            t0 = time.perf_counter()
            site = build_site(db, t / f"site{k}")
            build = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in site.out.rglob("*") if p.is_file()) / 1e6
            per = build / n
            first = first or per
            print(f"{n:>8} {1000 * read / n:>12.1f} {1000 * per:>13.1f} {build / read:>11.2f} {per / first:>12.2f} "
                  f"{size:>9.1f} {peak_mb():>12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
