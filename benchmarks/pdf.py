"""Benchmark the PDF reader: the fast path (PDFium) against the pdfminer/pdfplumber path.

Every real PDF (../shared/corpus/real/*.pdf) is read with both engines in this process, the rounds
interleaved (pdfminer, pdfium, pdfminer, …) after a warm-up read, so that the load other processes
put on the machine falls on both alike; the best round of each engine counts. The two Documents of
every file are compared (they must be equal). Peak RSS is measured in one fresh subprocess per
engine (one warm-up read and one timed pass). Run from the repository root::

    .venv/bin/python benchmarks/pdf.py --rounds 5
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "real"
ENGINES = ("pdfminer", "pdfium")


def _files() -> list[tuple[str, bytes]]:
    files = [(p.name, p.read_bytes()) for p in sorted(REAL.glob("*.pdf"))]
    if not files:
        raise SystemExit(f"no PDFs in {REAL}")
    return files


def _read_all(files: list[tuple[str, bytes]], engine: str) -> tuple[float, list]:
    from nlp.ingest.pdf import read_pdf

    t0 = time.perf_counter()
    docs = [read_pdf(data, path=name, sha256="-", ocr="never", engine=engine) for name, data in files]
    return time.perf_counter() - t0, docs


def _child(engine: str) -> int:
    files = _files()
    _read_all(files[:1], engine)
    seconds, _ = _read_all(files, engine)
    print(f"{seconds:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per engine (best counts)")
    ap.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        return _child(a.child)
    files = _files()
    load_before = os.getloadavg()
    best = dict.fromkeys(ENGINES, float("inf"))
    docs: dict[str, list] = {}
    for engine in ENGINES:
        _read_all(files[:1], engine)  # warm-up: imports, CMaps, PDFium
    for _ in range(a.rounds):
        for engine in ENGINES:
            seconds, docs[engine] = _read_all(files, engine)
            best[engine] = min(best[engine], seconds)
    load_after = os.getloadavg()
    same = [ref == got for ref, got in zip(docs["pdfminer"], docs["pdfium"], strict=True)]
    pages = sum(d.pages for d in docs["pdfium"])
    rss = {}
    for engine in ENGINES:
        out = subprocess.run([sys.executable, __file__, "--child", engine], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout.split()
        rss[engine] = float(out[1])
    print(f"{len(files)} PDFs, {pages} pages; best of {a.rounds} interleaved rounds; "
          f"load average before {tuple(round(x, 2) for x in load_before)}, "
          f"after {tuple(round(x, 2) for x in load_after)}")
    print(f"{'engine':<10}{'seconds':>9}{'ms/page':>9}{'pages/s':>9}{'peak RSS MB':>13}")
    for engine in ENGINES:
        s = best[engine]
        print(f"{engine:<10}{s:>9.3f}{1000 * s / pages:>9.1f}{pages / s:>9.1f}{rss[engine]:>13.0f}")
    print(f"speed-up pdfium vs pdfminer: {best['pdfminer'] / best['pdfium']:.2f}x; "
          f"same Document on {sum(same)}/{len(same)} files")
    return 0 if all(same) else 1


if __name__ == "__main__":
    sys.exit(main())
