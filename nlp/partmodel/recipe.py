"""The training recipe of the part model: the sequences a model is fitted on (each report as it
is, its variants, excerpts, windows, rearranged copies, the itemised template and synthetic
reports) and the fitted model with its plain baseline. Used by the ``xxgk train parts`` command
(:mod:`nlp.partmodel.train`) and by the leave-one-report-out evaluation
(:mod:`nlp.partmodel.evaluate`).
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache
from pathlib import Path

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
from .data import LabelledReport, default_corpus, load_labelled
from .fitting import fit
from .model import PartModel

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
