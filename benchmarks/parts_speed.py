"""Benchmark: part-model inference speed (sentences per second on one core).

Usage: .venv/bin/python benchmarks/parts_speed.py [--repeat N]

CPU time (time.process_time) of this process is measured, so other load on the machine
matters less. Reads the real reports (../shared/corpus/real), repeats their sentence lists, and times
``nlp.partmodel.assign.assign_parts`` (features + classifier + ordered decoding, ``ignore_headings=True``)
document by document, with BLAS limited to one thread. Baselines run in the same process: the
keyword baseline over the same documents, and pdfminer's ``extract_text`` on the PDFs next to the
part assignment of the same PDFs (the share of parsing time the part model takes). Prints the
figures, the ratios and the peak memory (tracemalloc); append the output to
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from threadpoolctl import threadpool_limits

from nlp.partmodel.assign import assign_parts
from nlp.partmodel.baseline import baseline_parts
from nlp.partmodel.data import read_sentences, report_files
from nlp.partmodel.model import load_shipped

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=40)
    args = ap.parse_args()
    files = report_files(CORPUS)
    docs = {f: list(read_sentences(f).texts) for f in files}
    model = load_shipped()
    with threadpool_limits(limits=1):
        assign_parts(docs[files[0]], [0] * len(docs[files[0]]), set(), ignore_headings=True, model=model)  # warm-up
        n = 0
        t0 = time.process_time()
        for _ in range(args.repeat):
            for texts in docs.values():
                assign_parts(texts, [0] * len(texts), set(), ignore_headings=True, model=model)
                n += len(texts)
        t_model = time.process_time() - t0
        t0 = time.process_time()
        for _ in range(args.repeat):
            for texts in docs.values():
                baseline_parts(texts)
        t_base = time.process_time() - t0
        big = [t for texts in docs.values() for t in texts] * 20
        t_big = float("inf")
        for _ in range(3):  # best of three
            t0 = time.process_time()
            assign_parts(big, [0] * len(big), set(), ignore_headings=True, model=model)
            t_big = min(t_big, time.process_time() - t0)
        tracemalloc.start()  # separately: tracing slows allocation-heavy code several times
        for texts in docs.values():
            assign_parts(texts, [0] * len(texts), set(), ignore_headings=True, model=model)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    from pdfminer.high_level import extract_text

    pdfs = [f for f in files if f.suffix == ".pdf"]
    t0 = time.process_time()
    for f in pdfs:
        extract_text(str(f))
    t_pdfminer = time.process_time() - t0
    t0 = time.process_time()
    with threadpool_limits(limits=1):
        for f in pdfs:
            texts = docs[f]
            assign_parts(texts, [0] * len(texts), set(), ignore_headings=True, model=model)
    t_pdf_parts = time.process_time() - t0

    print(f"documents: {len(docs)} reports × {args.repeat}; sentences classified: {n}")
    print(f"part model (features + classifier + decoding): {n / t_model:,.0f} sentences/s "
          f"({1e6 * t_model / n:.0f} µs/sentence)")
    print(f"one document of {len(big)} sentences (best of 3): {len(big) / t_big:,.0f} sentences/s")
    print(f"keyword baseline: {n / t_base:,.0f} sentences/s; model/baseline time ratio {t_model / t_base:.2f}")
    print(f"PDFs ({len(pdfs)}): pdfminer extract_text {t_pdfminer:.3f} s; part assignment {t_pdf_parts:.4f} s "
          f"= {t_pdf_parts / t_pdfminer:.3f} × pdfminer")
    print(f"peak traced memory while classifying the {len(docs)} reports once: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
