"""``xxgk eval parts DIR``: classify reports with their headings removed and score the result.

For every report in DIR the gold parts are the weak labels its headings give (the layout's
``heading_part``). Evaluation sets:

- ``stripped`` (the primary one): the raw text written anew without the part headings, read and
  split again, every sentence classified by the model alone;
- ``ignored``: the report's own sentences with ``ignore_headings`` semantics (the layout removed
  the headings from the narrative, the model assigns every part);
- ``no_tables``, ``flat``, ``traditional``, ``ascii``: further variants of the stripped text
  (see :mod:`nlp.partmodel.augment`).

Scored (:func:`score`, printed by ``xxgk eval parts``): per-part
precision / recall / F1 / support, macro-F1 over the parts with at least five gold sentences,
accuracy, and the confusion matrix, for the model and the keyword baseline
(:mod:`nlp.partmodel.baseline`) side by side. With ``loo=True`` each report is classified by a
model trained on the other reports of DIR (leave-one-report-out); otherwise by the shipped model.
Under ``loo`` the baseline is the plain one trained on the same folds: char TF-IDF of the sentence
alone + logistic regression + the same monotone decoding (:func:`nlp.partmodel.recipe.train_pair`).

``windows=True`` adds the ``windows`` set: :data:`WINDOWS_PER_REPORT` seeded windows of 3–40
sentences of every report's headings-stripped text (a page that starts and stops anywhere), each
classified on its own by the model that did not see the report; with the reliability of
``part_score`` (:func:`calibration`, :func:`calibrations`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .assign import assign_parts
from .augment import VARIANTS, LabelledSequence, make_variant, original, windows
from .baseline import baseline_parts
from .data import LabelledReport, load_labelled, report_files
from .decode import K
from .model import PartModel

EVAL_SETS = ("stripped", "ignored", "no_tables", "flat", "traditional", "ascii")
MIN_SUPPORT = 5
WINDOWS_PER_REPORT = 60
WINDOW_SEED = 18


@dataclass(frozen=True)
class Scores:
    accuracy: float
    macro_f1: float
    macro_parts: tuple[int, ...]
    precision: tuple[float, ...]
    recall: tuple[float, ...]
    f1: tuple[float, ...]
    support: tuple[int, ...]
    confusion: tuple[tuple[int, ...], ...]  # [gold][predicted]
    n: int

    def as_dict(self) -> dict:
        return {"accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4), "n": self.n,
                "macro_parts": list(self.macro_parts),
                "per_part": {p: {"precision": round(self.precision[p], 4), "recall": round(self.recall[p], 4),
                                 "f1": round(self.f1[p], 4), "support": self.support[p]} for p in range(K)}}


def score(gold: list[int], pred: list[int], min_support: int = MIN_SUPPORT) -> Scores:
    cm = np.zeros((K, K), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        cm[g, p] += 1
    tp = np.diag(cm).astype(float)
    support = cm.sum(axis=1)
    predicted = cm.sum(axis=0)
    prec = np.divide(tp, predicted, out=np.zeros(K), where=predicted > 0)
    rec = np.divide(tp, support, out=np.zeros(K), where=support > 0)
    f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(K), where=(prec + rec) > 0)
    parts = tuple(int(p) for p in range(K) if support[p] >= min_support)
    n = int(cm.sum())
    return Scores(float(tp.sum() / n) if n else 0.0, float(np.mean([f1[p] for p in parts])) if parts else 0.0,
                  parts, tuple(prec), tuple(rec), tuple(f1), tuple(int(s) for s in support),
                  tuple(tuple(int(x) for x in row) for row in cm), n)


@lru_cache(maxsize=256)
def eval_sequence(report: LabelledReport, name: str) -> LabelledSequence:
    return original(report) if name == "ignored" else make_variant(report, VARIANTS[name])


def predict(model: PartModel, seq: LabelledSequence) -> list[int]:
    return predict_scored(model, seq)[0]


def predict_scored(model: PartModel, seq: LabelledSequence) -> tuple[list[int], list[float]]:
    parts, _, scores = assign_parts(list(seq.texts), list(seq.heading_parts), set(), ignore_headings=True,
                                    model=model)
    return parts, scores


@dataclass(frozen=True)
class Run:
    """Gold and predictions, pooled over reports, for one evaluation set."""

    gold: tuple[int, ...]
    model: tuple[int, ...]
    baseline: tuple[int, ...]
    per_report: tuple[tuple[str, float, float], ...]  # name, model accuracy, baseline accuracy
    baseline_name: str = "keyword"
    scores: tuple[float, ...] = ()  # the model's part_score per sentence
    logp: tuple = ()  # per sequence: (log probabilities, gold) for calibration


def _classify(seqs: list[tuple[str, LabelledSequence]], models: list[PartModel],
              baselines: list[PartModel] | None) -> Run:
    gold: list[int] = []
    pm: list[int] = []
    pb: list[int] = []
    sc: list[float] = []
    logp: list = []
    per: dict[str, list[list[int]]] = {}
    for (name, seq), m, bm in zip(seqs, models, baselines or [None] * len(seqs), strict=True):
        if not seq.texts:
            continue
        a, scores = predict_scored(m, seq)
        b = predict(bm, seq) if bm is not None else baseline_parts(list(seq.texts))
        g = list(seq.gold)
        gold += g
        pm += a
        pb += b
        sc += scores
        logp.append((m.log_proba(list(seq.texts)), tuple(seq.gold)))
        acc = per.setdefault(name, [[], [], []])
        acc[0] += g
        acc[1] += a
        acc[2] += b
    rows = tuple((n, float(np.mean(np.equal(a, g))), float(np.mean(np.equal(b, g)))) for n, (g, a, b) in per.items())
    return Run(tuple(gold), tuple(pm), tuple(pb), rows, "tfidf+lr" if baselines else "keyword", tuple(sc),
               tuple(logp))


def run(reports: list[LabelledReport], models: list[PartModel], sets: tuple[str, ...] = EVAL_SETS,
        baselines: list[PartModel] | None = None, n_windows: int = 0) -> dict[str, Run]:
    """Classify every report (``models[i]`` for ``reports[i]``) in every evaluation set; the
    baseline is ``baselines[i]`` when given, else the keyword baseline. ``n_windows`` > 0 adds the
    ``windows`` set."""
    out = {name: _classify([(r.name, eval_sequence(r, name)) for r in reports], models, baselines) for name in sets}
    if n_windows:
        rng = np.random.default_rng(WINDOW_SEED)
        seqs, ms, bs = [], [], []
        for i, r in enumerate(reports):
            for w in windows(eval_sequence(r, "stripped"), random.Random(int(rng.integers(1 << 30))), n_windows):
                seqs.append((r.name, w))
                ms.append(models[i])
                bs.append(baselines[i] if baselines else None)
        out["windows"] = _classify(seqs, ms, bs if baselines else None)
    return out


def loo_models(reports: list[LabelledReport]) -> tuple[list[PartModel], list[PartModel]]:
    """For every report, the model and the plain baseline trained on the other reports."""
    from .recipe import train_pair

    pairs = [train_pair([r for j, r in enumerate(reports) if j != i]) for i in range(len(reports))]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def loo_evaluation(reports: list[LabelledReport], sets: tuple[str, ...] = EVAL_SETS,
                   n_windows: int = 0) -> dict[str, Run]:
    models, baselines = loo_models(reports)
    return run(reports, models, sets, baselines, n_windows)


def calibration(scores: list[float], correct: list[bool], bins: int = 10) -> tuple[float, list[tuple[float, float, int]]]:
    """Expected calibration error and ``(mean score, accuracy, count)`` per score bin."""
    s = np.asarray(scores, dtype=float)
    c = np.asarray(correct, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(s, edges[1:-1]), 0, bins - 1)
    table = [(float(s[idx == b].mean()), float(c[idx == b].mean()), int((idx == b).sum()))
             for b in range(bins) if (idx == b).any()]
    ece = sum(n * abs(m - a) for m, a, n in table) / max(len(s), 1)
    return float(ece), table


ACCEPT = {"accuracy": 0.95, "macro_f1": 0.92, "part_f1": 0.85, "parts": tuple(range(7))}


def acceptance(m: Scores, b: Scores) -> list[str]:
    """Issue 18's thresholds on the windows: accuracy, macro-F1, every part's F1, ahead of the baseline
    on every part where the baseline is below 1 (a part both score perfectly leaves nothing to gain)."""
    low = [p for p in ACCEPT["parts"] if m.f1[p] < ACCEPT["part_f1"]]
    scored = [p for p in ACCEPT["parts"] if m.support[p]]
    perfect = [p for p in scored if b.f1[p] == 1.0 and m.f1[p] == 1.0]
    not_ahead = [p for p in scored if m.f1[p] <= b.f1[p] and p not in perfect]
    return [f"accuracy {m.accuracy:.4f} ≥ {ACCEPT['accuracy']}: {'yes' if m.accuracy >= ACCEPT['accuracy'] else 'NO'}",
            f"macro-F1 {m.macro_f1:.4f} ≥ {ACCEPT['macro_f1']}: {'yes' if m.macro_f1 >= ACCEPT['macro_f1'] else 'NO'}",
            f"every part 0–6 F1 ≥ {ACCEPT['part_f1']}: " + ("yes" if not low else f"NO (parts {low})"),
            "ahead of the baseline on every part the baseline does not score 1.000: "
            + (f"NO (not ahead on parts {not_ahead})" if not_ahead else "yes")
            + (f" (both 1.000 on parts {perfect})" if perfect else "")]


def calibrations(r: Run) -> tuple[tuple[str, float, list[tuple[float, float, int]]], ...]:
    """``(label, ECE, bins)`` of ``part_score`` on the windows as the fold models give it (``T = 1``),
    and after fitting the temperature on these windows (:mod:`nlp.partmodel.calibrate`, one
    parameter); the bins as :func:`calibration` gives them."""
    from .calibrate import fit_temperature, scored
    from .recipe import PARAMS

    right = [g == p for g, p in zip(r.gold, r.model, strict=True)]
    windows = list(r.logp)
    t = fit_temperature(windows, PARAMS["switch"])
    out = []
    for label, sc in (("T = 1", list(r.scores)), (f"T = {t}", scored(windows, PARAMS["switch"], t)[0])):
        ece, table = calibration(sc, right)
        out.append((label, ece, table))
    return tuple(out)


def evaluation(corpus_dir: str | Path | None = None, loo: bool = False,
               windows: bool = False) -> tuple[dict[str, Run], str]:
    """The runs of every evaluation set over the reports in ``corpus_dir`` (default
    :func:`nlp.partmodel.data.default_corpus`) and a one-line description; a missing folder, no
    report, or ``loo`` with fewer than two reports raises :class:`nlp.core.errors.ConfigError`."""
    from ..core.errors import ConfigError
    from .data import default_corpus
    from .model import default_model

    d = Path(corpus_dir) if corpus_dir is not None else default_corpus()
    files = report_files(d) if d.is_dir() else []
    if not files or (loo and len(files) < 2):
        why = "is not a directory" if not d.is_dir() else ("has no report files" if not files else
                                                            "has fewer than the two reports --loo needs")
        raise ConfigError(str(d), why)
    reports = [load_labelled(f) for f in files]
    n_windows = WINDOWS_PER_REPORT if windows else 0
    if loo:
        return loo_evaluation(reports, n_windows=n_windows), f"leave-one-report-out over {len(reports)} reports in {d}"
    model = default_model()
    return run(reports, [model] * len(reports), n_windows=n_windows), (
        f"shipped model on {len(reports)} reports in {d} (in-sample if the model was trained on them; --loo for "
        "held-out figures)")


def summary_rows(runs: dict[str, Run]) -> list[dict]:
    """One row per evaluation set: accuracy and macro-F1 of the model and of the baseline."""
    rows = []
    for name, r in runs.items():
        m, b = score(list(r.gold), list(r.model)), score(list(r.gold), list(r.baseline))
        rows.append({"set": name, "sentences": m.n, "model_accuracy": round(m.accuracy, 4),
                     "model_macro_f1": round(m.macro_f1, 4), "baseline": r.baseline_name,
                     "baseline_accuracy": round(b.accuracy, 4), "baseline_macro_f1": round(b.macro_f1, 4)})
    return rows
