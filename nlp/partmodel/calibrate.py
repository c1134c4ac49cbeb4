"""Calibration of ``part_score`` and the ``model_low`` threshold.

``part_score`` is the posterior marginal of the chosen part under monotone decoding. Held-out
windows (leave-one-report-out, :func:`nlp.partmodel.evaluate.run` with ``n_windows``) give, for
every sentence, the model's log probabilities and the gold part. :func:`fit_temperature` picks the
temperature ``T`` (from :data:`GRID`) that minimises the negative log-likelihood of the gold parts
under the tempered marginals (p(path)^(1/T), see :func:`nlp.partmodel.decode.decode`); the chosen
parts do not change, only their scores. After calibration a score is read as the probability
that the part is right, and a model-decided sentence scoring below :data:`LOW` is reported as
``part_source="model_low"``.
"""

from __future__ import annotations

import numpy as np

from .decode import marginals, viterbi

GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
LOW = 0.6

Window = tuple[np.ndarray, tuple[int, ...]]  # log probabilities (n × 8), gold parts


def nll(windows: list[Window], switch: float, temperature: float) -> float:
    total, n = 0.0, 0
    for logp, gold in windows:
        m = marginals(logp / temperature, switch / temperature)
        total -= float(np.log(np.maximum(m[np.arange(len(gold)), list(gold)], 1e-12)).sum())
        n += len(gold)
    return total / max(n, 1)


def fit_temperature(windows: list[Window], switch: float) -> float:
    return min(GRID, key=lambda t: nll(windows, switch, t))


def scored(windows: list[Window], switch: float, temperature: float) -> tuple[list[float], list[bool]]:
    """Score of the decoded part and whether it is right, for every sentence of the windows."""
    scores: list[float] = []
    right: list[bool] = []
    for logp, gold in windows:
        path = viterbi(logp, switch)
        m = marginals(logp / temperature, switch / temperature)
        scores += m[np.arange(len(path)), path].tolist()
        right += [int(p) == g for p, g in zip(path, gold, strict=True)]
    return scores, right
