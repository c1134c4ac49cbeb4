"""``xxgk eval parts DIR``: classify reports with their headings removed and score the result.

For every report in DIR the gold parts are the weak labels its headings give (the layout's
``heading_part``). Evaluation sets:

- ``stripped`` (the primary one): the raw text written anew without the part headings, read and
  split again, every sentence classified by the model alone;
- ``ignored``: the report's own sentences with ``ignore_headings`` semantics (the layout removed
  the headings from the narrative, the model assigns every part);
- ``no_tables``, ``flat``, ``traditional``, ``ascii``: further variants of the stripped text
  (see :mod:`nlp.partmodel.augment`).

Printed: per-part precision / recall / F1 / support, macro-F1 over the parts with at least five
gold sentences, accuracy, and the confusion matrix, for the model and the keyword baseline
(:mod:`nlp.partmodel.baseline`) side by side. With ``loo=True`` each report is classified by a
model trained on the other reports of DIR (leave-one-report-out); otherwise by the shipped model.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..parts import assign_parts
from .augment import VARIANTS, LabelledSequence, make_variant, original
from .baseline import baseline_parts
from .data import LabelledReport, load_labelled, report_files
from .decode import K
from .model import PartModel

EVAL_SETS = ("stripped", "ignored", "no_tables", "flat", "traditional", "ascii")
MIN_SUPPORT = 5


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
    parts, _, _ = assign_parts(list(seq.texts), list(seq.heading_parts), set(), ignore_headings=True, model=model)
    return parts


@dataclass(frozen=True)
class Run:
    """Gold and predictions, pooled over reports, for one evaluation set."""

    gold: tuple[int, ...]
    model: tuple[int, ...]
    baseline: tuple[int, ...]
    per_report: tuple[tuple[str, float, float], ...]  # name, model accuracy, baseline accuracy


def run(reports: list[LabelledReport], models: list[PartModel], sets: tuple[str, ...] = EVAL_SETS) -> dict[str, Run]:
    """Classify every report (``models[i]`` for ``reports[i]``) in every evaluation set."""
    out: dict[str, Run] = {}
    for name in sets:
        gold: list[int] = []
        pm: list[int] = []
        pb: list[int] = []
        per: list[tuple[str, float, float]] = []
        for r, m in zip(reports, models, strict=True):
            seq = eval_sequence(r, name)
            if not seq.texts:
                continue
            a, b = predict(m, seq), baseline_parts(list(seq.texts))
            g = list(seq.gold)
            gold += g
            pm += a
            pb += b
            per.append((r.name, float(np.mean(np.equal(a, g))), float(np.mean(np.equal(b, g)))))
        out[name] = Run(tuple(gold), tuple(pm), tuple(pb), tuple(per))
    return out


def loo_models(reports: list[LabelledReport]) -> list[PartModel]:
    from .train import train_model

    return [train_model([r for j, r in enumerate(reports) if j != i]) for i in range(len(reports))]


def loo_evaluation(reports: list[LabelledReport], sets: tuple[str, ...] = EVAL_SETS) -> dict[str, Run]:
    return run(reports, loo_models(reports), sets)


def format_scores(title: str, model: Scores, base: Scores) -> str:
    lines = [title, f"{'part':>4} {'P':>6} {'R':>6} {'F1':>6} {'n':>5} | {'P':>6} {'R':>6} {'F1':>6}   (model | baseline)"]
    for p in range(K):
        if model.support[p] == 0 and sum(row[p] for row in model.confusion) == 0 and base.support[p] == 0 \
                and sum(row[p] for row in base.confusion) == 0:
            continue
        lines.append(f"{p:>4} {model.precision[p]:6.3f} {model.recall[p]:6.3f} {model.f1[p]:6.3f} "
                     f"{model.support[p]:5d} | {base.precision[p]:6.3f} {base.recall[p]:6.3f} {base.f1[p]:6.3f}")
    parts = ",".join(str(p) for p in model.macro_parts)
    lines.append(f"macro-F1 (parts {parts}): model {model.macro_f1:.4f}  baseline {base.macro_f1:.4f}")
    lines.append(f"accuracy ({model.n} sentences): model {model.accuracy:.4f}  baseline {base.accuracy:.4f}")
    lines.append("confusion (rows gold, columns predicted), model:")
    lines.append("      " + " ".join(f"{p:>4}" for p in range(K)))
    for p in range(K):
        lines.append(f"{p:>5} " + " ".join(f"{x:>4}" for x in model.confusion[p]))
    return "\n".join(lines)


def report_text(runs: dict[str, Run], header: str) -> str:
    out = [header]
    for name, r in runs.items():
        m, b = score(list(r.gold), list(r.model)), score(list(r.gold), list(r.baseline))
        if name == "stripped":
            out.append(format_scores("== headings stripped from the raw text (primary) ==", m, b))
            out.append("per report accuracy (model | baseline):")
            out += [f"  {n}: {a:.4f} | {c:.4f}" for n, a, c in r.per_report]
        else:
            out.append(f"== {name}: accuracy model {m.accuracy:.4f} baseline {b.accuracy:.4f}; macro-F1 model "
                       f"{m.macro_f1:.4f} baseline {b.macro_f1:.4f} ({m.n} sentences)")
    return "\n".join(out)


def eval_command(corpus_dir: str | Path | None = None, loo: bool = False) -> int:
    """Print the evaluation of every report in ``corpus_dir`` (default
    :func:`nlp.partmodel.data.default_corpus`); returns the exit code."""
    from .data import default_corpus
    from .model import default_model

    d = Path(corpus_dir) if corpus_dir is not None else default_corpus()
    if not d.is_dir():
        print(f"xxgk eval parts: {d} is not a directory", file=sys.stderr)
        return 2
    files = report_files(d)
    if not files:
        print(f"xxgk eval parts: no report files in {d}", file=sys.stderr)
        return 2
    reports = [load_labelled(f) for f in files]
    if loo:
        if len(reports) < 2:
            print("xxgk eval parts: --loo needs at least two reports", file=sys.stderr)
            return 2
        runs = loo_evaluation(reports)
        header = f"leave-one-report-out over {len(reports)} reports in {d}"
    else:
        model = default_model()
        runs = run(reports, [model] * len(reports))
        header = (f"shipped model on {len(reports)} reports in {d} (in-sample if the model was trained on "
                  "them; --loo for held-out figures)")
    print(report_text(runs, header))
    return 0
