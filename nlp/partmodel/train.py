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

import random
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from .augment import (
    VARIANTS,
    LabelledSequence,
    excerpt,
    itemised,
    make_variant,
    original,
    rearranged,
    windows,
)
from .data import LabelledReport, default_corpus, load_labelled, report_files
from .fitting import fit
from .model import PartModel, model_digest

SEED = 20240601
EXCERPTS = 3
WINDOWS = 24  # windows of 3–40 sentences per report, drawn from its variants
REARRANGED = 2  # copies per report with parts removed or swapped
SYNTHETIC = 40  # synthetic reports from the template's wording (nlp.partmodel.synth)
TRAIN_VARIANTS = ("stripped", "no_tables", "text_tables", "flat", "flat_no_tables", "traditional", "ascii",
                  "fullwidth")
PARAMS: dict = {"C": 4.0, "switch": 0.5, "outside": 6.0, "max_features": 20000}
BASELINE_PARAMS: dict = {"C": 4.0, "switch": 0.5, "max_features": 20000, "neighbour": 0.0, "wide": 0.0, "dense": 0.0}


def default_templates() -> list[Path]:
    d = default_corpus().parent / "templates"
    return sorted(d.glob("*.docx")) if d.is_dir() else []


@lru_cache(maxsize=4)
def template_sequences(paths: tuple[Path, ...]) -> tuple[LabelledSequence, ...]:
    """The official blank template(s), itemised: the full label set of tables T2–T4, the part
    titles and the template's notes (收取信息处理费情况在此处报告)."""
    return tuple(itemised(load_labelled(p)) for p in paths)


def training_sequences(reports: list[LabelledReport], seed: int = SEED,
                       variants: tuple[str, ...] = TRAIN_VARIANTS, excerpts: int = EXCERPTS,
                       templates: tuple[Path, ...] | None = None, windows_per_report: int = WINDOWS,
                       rearrange: int = REARRANGED, synthetic: int = SYNTHETIC) -> list[LabelledSequence]:
    """Original sentences, variants, excerpts, windows and rearranged copies of every report, the
    itemised template and synthetic reports (deterministic for a seed)."""
    from .synth import synthetic_reports

    rng = random.Random(seed)
    out: list[LabelledSequence] = list(template_sequences(tuple(default_templates() if templates is None
                                                                else templates)))
    for r in reports:
        seqs = [original(r)] + [cached_variant(r, v) for v in variants]
        out.extend(seqs)
        out.append(itemised(r))
        for _ in range(excerpts):
            out.append(excerpt(seqs[rng.randrange(len(seqs))], rng))
        for _ in range(rearrange):
            out.append(rearranged(seqs[rng.randrange(len(seqs))], rng))
        for _ in range(windows_per_report):
            out.extend(windows(seqs[rng.randrange(len(seqs))], rng, 1))
    fake = synthetic_reports(synthetic, seed)
    out.extend(fake)
    for s in fake[:synthetic // 2]:
        out.extend(windows(s, rng, 1))
    return [s for s in out if s.texts]


@lru_cache(maxsize=512)
def cached_variant(report: LabelledReport, name: str) -> LabelledSequence:
    return make_variant(report, VARIANTS[name])


def train_model(reports: list[LabelledReport], params: dict | None = None, **kw) -> PartModel:
    p = dict(PARAMS, **(params or {}))
    seqs = training_sequences(reports, **kw)
    return fit([(list(s.texts), list(s.gold)) for s in seqs], **p)


def train_pair(reports: list[LabelledReport]) -> tuple[PartModel, PartModel]:
    """The model and the plain baseline (char TF-IDF + logistic regression + monotone decoding,
    :data:`BASELINE_PARAMS`) trained on the same sequences."""
    docs = [(list(s.texts), list(s.gold)) for s in training_sequences(reports)]
    return fit(docs, **PARAMS), fit(docs, **BASELINE_PARAMS)


def describe(reports: list[LabelledReport], seqs: list[LabelledSequence]) -> dict:
    """Training-set summary for the model card."""
    per_report = {r.name: dict(sorted(Counter(r.labels).items())) for r in reports}
    total = Counter(g for s in seqs for g in s.gold)
    return {"reports": per_report, "sequences": len(seqs), "rows": sum(len(s.texts) for s in seqs),
            "rows_per_part": dict(sorted(total.items()))}


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
