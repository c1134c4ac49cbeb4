"""Assign every sentence its template part (0 front matter, 1–6 the parts, 7 closing).

Headings decide where they were found; the trained sentence model (:mod:`nlp.partmodel`) with
ordered decoding fills in the rest:

- every sentence gets an interval of admissible parts from the headings the layout found. After
  heading *q* and before the next found heading *r* the interval is ``q..r-1``; before the first
  heading it is ``0..first-1``; the signature block the layout recognised counts as a heading of
  part 7 (when any part heading was found; with none, the model decides everything). Where the interval is a single part the heading decides (``part_source="heading"``);
  where a heading is missing (上海 2025: no part 5 heading, so the sentences after heading 4 may be
  4 or 5) the model decides inside the interval (``"model"``). The layout's own guess for a
  missing heading (``heading_parts`` carries the previous part or its fallback) is not used.
- contradictory headings: the interval is soft. Leaving it costs ``outside`` nats per sentence,
  so the model overrides a heading only on strong evidence over a run of sentences (for example
  part 1 prose under a sub-topic the layout took for the part 2 heading); such sentences are
  ``"model"``.
- ``ignore_headings=True``: the model alone over the whole document.

``part_score`` is the posterior probability of the chosen part under the monotone decoding; a
model-decided sentence whose score is below the model's ``low`` threshold (see the model card) is
``part_source="model_low"``. The model is always needed: a missing or altered model raises
:class:`nlp.core.errors.ModelError` (exit 10), never a silent fallback to the headings.
"""

from __future__ import annotations

import numpy as np

from .decode import decode
from .model import PartModel, default_model


def heading_intervals(heading_parts: list[int], found: set[int] | frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
    """Admissible ``(lo, hi)`` per sentence given the layout's parts and the headings found."""
    bounds = sorted(p for p in found if 1 <= p <= 6)
    if bounds and 7 in heading_parts:  # the layout's signature block, trusted when it found headings
        bounds.append(7)
    lo = np.zeros(len(heading_parts), dtype=int)
    hi = np.full(len(heading_parts), 7, dtype=int)
    for i, h in enumerate(heading_parts):
        owner = max((b for b in bounds if b <= h), default=0)
        nxt = min((b for b in bounds if b > owner), default=8)
        lo[i], hi[i] = owner, nxt - 1
    return lo, hi


def assign_parts(texts: list[str], heading_parts: list[int], found: set[int], *,
                 ignore_headings: bool = False,
                 model: PartModel | None = None) -> tuple[list[int], list[str], list[float]]:
    """Return ``(parts, part_sources, part_scores)`` for the sentences ``texts`` of one report."""
    n = len(texts)
    if n == 0:
        return [], [], []
    m = model if model is not None else default_model()
    logp = m.log_proba(list(texts))
    if ignore_headings:
        d = decode(logp, switch=m.switch, temperature=m.temperature)
        return [int(p) for p in d.parts], model_sources([False] * n, d.scores, m.low), [float(s) for s in d.scores]
    lo, hi = heading_intervals(list(heading_parts), found)
    d = decode(logp, lo, hi, switch=m.switch, outside=m.outside, temperature=m.temperature)
    # decided by the headings: a single admissible part, or the last part heading's own part where
    # only the signature block (which has no heading) could follow
    fixed = (lo == hi) | ((lo == 6) & (hi == 7) & (d.parts == 6))
    heading = [bool(f and p == a) for f, p, a in zip(fixed, d.parts, lo, strict=True)]
    return [int(p) for p in d.parts], model_sources(heading, d.scores, m.low), [float(s) for s in d.scores]


def model_sources(heading: list[bool], scores: np.ndarray, low: float) -> list[str]:
    """``heading`` where the headings decided, else ``model`` or, below ``low``, ``model_low``."""
    return ["heading" if h else ("model_low" if s < low else "model") for h, s in zip(heading, scores, strict=True)]
