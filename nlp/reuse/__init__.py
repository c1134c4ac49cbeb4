"""Boilerplate and copy-paste detection across years and agencies.

* :func:`compare` — two reports (NEW against OLD): matches by unit, reuse ratios, scores, stale
  mentions (``xxgk compare``).
* :func:`match_corpus` — many agency-year reports at once: every unit's self-copy (same agency,
  earlier year) and cross-copy matches, one origin per unit (template from the shipped baseline,
  common_phrase, self_copy, cross_copy; :mod:`nlp.reuse.origin`), copy pairs and clusters, and the
  report scores (:mod:`nlp.reuse.corpus_scores`).
* :func:`skeleton`, :func:`segments` — the normal forms used for matching.
"""

from __future__ import annotations

from .compare import Comparison, compare
from .corpus import CorpusMatches, match_corpus
from .near import NearConfig
from .side import Sent, Side, from_report
from .skeleton import normal, segments, skeleton
from .template import Baseline, baseline

__all__ = [
    "Baseline",
    "Comparison",
    "CorpusMatches",
    "NearConfig",
    "Sent",
    "Side",
    "baseline",
    "compare",
    "from_report",
    "match_corpus",
    "normal",
    "segments",
    "skeleton",
]
