"""``xxgk train parts``: rebuild the part model from the real reports, reproducibly.

Training data are weak labels from headings (:mod:`nlp.partmodel.data`) on every report in the
corpus directory (default ``../shared/corpus/real`` beside the repository), each report taken as
it is and in the variants of :mod:`nlp.partmodel.augment` (headings dropped; tables dropped, as
text lines or flattened; one line; traditional characters; ASCII punctuation) plus seeded random
excerpts. The model is then evaluated leave-one-report-out (:mod:`nlp.partmodel.evaluate`) and
its files and ``MODEL_CARD.md`` are written to the folder given with ``--out`` (required: the
shipped model in ``nlp/data/parts`` is never overwritten by default). :func:`train_command` returns
what it wrote (:class:`Trained`); the command line prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..core.errors import ConfigError
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

if TYPE_CHECKING:
    from .evaluate import Run


@dataclass(frozen=True)
class Trained:
    """What :func:`train_command` wrote: the folder, its digest, and the leave-one-report-out runs."""

    out: Path
    corpus: Path
    n_reports: int
    digest: str  # sha256 of the model files (:func:`nlp.partmodel.model.model_digest`)
    loo: dict[str, Run]  # the leave-one-report-out evaluation the model card reports


def train_command(out_dir: str | Path, corpus_dir: str | Path | None = None,
                  progress: Callable[[str], None] | None = None) -> Trained:
    """Rebuild the model into ``out_dir``. ``progress``, when given, is called with a line before each
    long stage (loading and fitting, the leave-one-report-out evaluation). A missing corpus folder
    raises :class:`nlp.core.errors.ConfigError` (its ``path`` is the folder)."""
    from .calibrate import LOW, fit_temperature
    from .card import write_card
    from .evaluate import WINDOWS_PER_REPORT, loo_evaluation, predict

    note = progress or (lambda _: None)
    corpus = Path(corpus_dir) if corpus_dir else default_corpus()
    out = Path(out_dir)
    if not corpus.is_dir():
        raise ConfigError(str(corpus), "not found")
    files = report_files(corpus)
    reports = [load_labelled(f) for f in files]
    note(f"training on {len(reports)} reports from {corpus}")
    seqs = training_sequences(reports)
    model = fit([(list(s.texts), list(s.gold)) for s in seqs], **PARAMS)
    model.info = {"params": dict(PARAMS), "seed": SEED, "variants": list(TRAIN_VARIANTS), "excerpts": EXCERPTS,
                  "windows": WINDOWS, "rearranged": REARRANGED, "synthetic": SYNTHETIC,
                  "training": describe(reports, seqs)}
    note("leave-one-report-out evaluation …")
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
    return Trained(out, corpus, len(reports), digest, loo)
