"""Benchmark: table extraction and checks against reading the document, in the same process.

For each real report (../shared/corpus/real, plus the bundled 临县 sample) and for a synthetic
text report with N copies of the 临县 tables (the scale case), best of ``--repeat`` runs:

- baseline: ``nlp.ingest.read(path)`` (the reader the tables start from)
- extract:  ``nlp.tables.extract(document)``
- checks:   ``nlp.tables.checks.run_checks(tables, sentences)``

It prints the times, the ratios extract/read and checks/read, and the tracemalloc peak of one
extract + checks call. Run from the repository root::

    .venv/bin/python benchmarks/tables.py --repeat 5 --out benchmarks/README.md
"""

from __future__ import annotations

import argparse
import datetime as _dt
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"
sys.path.insert(0, str(ROOT))

from nlp.ingest import read  # noqa: E402
from nlp.tables import extract  # noqa: E402
from nlp.tables.checks import run_checks  # noqa: E402
from nlp.tables.narrative import sentences_from_document  # noqa: E402


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def synthetic(copies: int) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    return ("\n".join([text] * copies)).encode("utf-8")


def measure(label: str, source: Path | bytes, repeat: int) -> dict[str, float | str]:
    def do_read():
        return read(source, format="text", name="synthetic.txt") if isinstance(source, bytes) else read(source)

    doc = do_read()
    sentences = sentences_from_document(doc)
    tables = extract(doc)
    run_checks(tables, sentences)  # warm up (label index, regexes)
    t_read = best(do_read, repeat)
    t_extract = best(lambda: extract(doc), repeat)
    t_checks = best(lambda: run_checks(tables, sentences), repeat)
    tracemalloc.start()
    run_checks(extract(doc), sentences)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"file": label, "rows": sum(1 for ln in doc.lines if ln.cells) + sum(len(t.rows) for t in doc.tables),
            "read_ms": t_read * 1e3, "extract_ms": t_extract * 1e3, "checks_ms": t_checks * 1e3,
            "extract_ratio": t_extract / t_read, "checks_ratio": t_checks / t_read, "peak_mib": peak}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=200, help="copies of the 临县 tables in the scale case")
    ap.add_argument("--out", type=Path, default=None, help="append a Markdown section to this file")
    args = ap.parse_args()
    paths = sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv") if REAL.is_dir() else [SAMPLE]
    results = [measure(p.name, p, args.repeat) for p in paths]
    results.append(measure(f"synthetic ×{args.copies}", synthetic(args.copies), max(1, args.repeat // 2)))
    head = "| file | table rows | read ms | extract ms | checks ms | extract/read | checks/read | peak MiB |"
    lines = [head, "|" + "---|" * 8]
    for r in results:
        lines.append(f"| {r['file']} | {r['rows']} | {r['read_ms']:.1f} | {r['extract_ms']:.1f} | "
                     f"{r['checks_ms']:.1f} | {r['extract_ratio']:.2f} | {r['checks_ratio']:.2f} | "
                     f"{r['peak_mib']:.1f} |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        cmd = f".venv/bin/python benchmarks/tables.py --repeat {args.repeat} --copies {args.copies}"
        with args.out.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## {_dt.date.today().isoformat()} — `{cmd}`\n\n"
                     f"Python {platform.python_version()} on {platform.machine()} (2 shared cores; best of "
                     f"{args.repeat}; baseline = `nlp.ingest.read` of the same file in the same process).\n\n"
                     f"{table}\n")


if __name__ == "__main__":
    main()
