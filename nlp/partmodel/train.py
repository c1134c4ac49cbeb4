"""``xxgk train parts``: rebuild the part model from the real reports, reproducibly.

Training data are weak labels from headings (:mod:`nlp.partmodel.data`) on every report in the
corpus directory (default ``../shared/corpus/real`` beside the repository), each report taken as
it is and in the variants of :mod:`nlp.partmodel.augment` (headings dropped; tables dropped, as
text lines or flattened; one line; traditional characters; ASCII punctuation) plus seeded random
excerpts. The model is then evaluated leave-one-report-out (:mod:`nlp.partmodel.evaluate`) and
its files and ``MODEL_CARD.md`` are written to the folder given with ``--out`` (required: the
shipped model in ``nlp/data/parts`` is never overwritten by default).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .augment import original
from .data import default_corpus, load_labelled, report_files
from .fitting import fit
from .model import model_digest
from .recipe import (
    EXCERPTS,
    PARAMS,
    REARRANGED,
    SEED,
    SYNTHETIC,
    TRAIN_VARIANTS,
    WINDOWS,
    describe,
    training_sequences,
)


def train_command(out_dir: str | Path, corpus_dir: str | Path | None = None) -> int:
    """Rebuild the model into ``out_dir``; returns the exit code."""
    from .calibrate import LOW, fit_temperature
    from .card import write_card
    from .evaluate import WINDOWS_PER_REPORT, loo_evaluation, predict, report_text

    corpus = Path(corpus_dir) if corpus_dir else default_corpus()
    out = Path(out_dir)
    if not corpus.is_dir():
        print(f"xxgk train parts: corpus directory {corpus} not found", file=sys.stderr)
        return 2
    files = report_files(corpus)
    reports = [load_labelled(f) for f in files]
    print(f"training on {len(reports)} reports from {corpus}", file=sys.stderr)
    seqs = training_sequences(reports)
    model = fit([(list(s.texts), list(s.gold)) for s in seqs], **PARAMS)
    model.info = {"params": dict(PARAMS), "seed": SEED, "variants": list(TRAIN_VARIANTS), "excerpts": EXCERPTS,
                  "windows": WINDOWS, "rearranged": REARRANGED, "synthetic": SYNTHETIC,
                  "training": describe(reports, seqs)}
    print("leave-one-report-out evaluation …", file=sys.stderr)
    loo = loo_evaluation(reports, n_windows=WINDOWS_PER_REPORT)
    model.temperature = fit_temperature(list(loo["windows"].logp), model.switch)
    model.low = LOW
    agreement = {}
    for r in reports:
        seq = original(r)
        agreement[r.name] = float(np.mean(np.equal(predict(model, seq), seq.gold)))
    model.to_disk(out)
    digest = model_digest(out)
    write_card(out, model, loo, digest, agreement)
    print(report_text(loo, "leave-one-report-out"), file=sys.stderr)
    print(f"model written to {out} (sha256 {digest})")
    return 0
