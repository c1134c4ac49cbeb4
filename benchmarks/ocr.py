"""Benchmark: OCR of scanned pages (seconds per page on one core, peak RSS).

A real PDF of ../shared/corpus/real is rasterised into an image-only PDF (``--dpi``, default 150),
then in one fresh process with ``XXGK_OCR_THREADS=1`` (ONNX Runtime on one thread; the process is
also pinned to one CPU where ``os.sched_setaffinity`` exists):

- baseline: ``nlp.ingest.read(text_pdf)``: the text-layer reader on the original PDF
- ocr:      ``nlp.ingest.read(scan, ocr="auto")``: every page rendered and OCR'd

Both are warmed up once (model load, imports); best of ``--repeat``. Peak RSS is the process's
maximum resident set after the runs. Run from the repository root::

    .venv/bin/python benchmarks/ocr.py --file 淮安市洪泽区人民政府-2024.pdf --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def measure(text_pdf: str, scan_pdf: str, repeat: int) -> dict[str, float]:
    """Run inside the pinned child process."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from nlp.ingest import read

    doc = read(scan_pdf, ocr="auto")  # warm-up: model load, imports
    read(text_pdf, ocr="never")
    base = _best(lambda: read(text_pdf, ocr="never"), repeat)
    ocr = _best(lambda: read(scan_pdf, ocr="auto"), repeat)
    pages = len(doc.ocr_pages)
    return {"pages": pages, "baseline_s": base, "ocr_s": ocr, "ocr_s_per_page": ocr / pages,
            "ratio": ocr / base, "confidence": doc.ocr_confidence or 0.0,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default="淮安市洪泽区人民政府-2024.pdf")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.child[0], a.child[1], a.repeat)))
        return
    from ocr_support import scanned

    src = REAL / a.file
    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(tmp) / "scan.pdf"
        scan.write_bytes(scanned(src, a.dpi))
        env = dict(os.environ, XXGK_OCR_THREADS="1")
        out = subprocess.run([sys.executable, __file__, "--repeat", str(a.repeat), "--child", str(src), str(scan)],
                             env=env, capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{a.file} at {a.dpi} dpi, {r['pages']} pages, one core (best of {a.repeat}):")
    print(f"  text-layer read  {r['baseline_s']:8.2f} s")
    print(f"  OCR read         {r['ocr_s']:8.2f} s   {r['ocr_s_per_page']:.2f} s/page   "
          f"{r['ratio']:.0f}× the text-layer read   mean confidence {r['confidence']:.4f}")
    print(f"  peak RSS         {r['peak_rss_mb']:8.0f} MB")


if __name__ == "__main__":
    main()
