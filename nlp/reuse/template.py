"""Template wording: the shipped baseline and the document-frequency rule for a corpus.

*Baseline* (``nlp/data/template_baseline.json``, built by ``python -m nlp.reuse.build_baseline``):
skeletons of the official template's paragraphs and of units found in the real reports of at least
two different agencies (exactly, or as a verified near match). A unit is template wording when its
skeleton is in the baseline or is a verified near match of a baseline entry.

*Corpus* (Lang & Stice-Lawrence style): a family of units (one skeleton plus its verified near
matches) is template when it occurs in the reports of at least :func:`template_threshold` distinct
agencies: ``ceil(share × agencies)``, but never fewer than ``floor`` and — the upper cap — never
more than ``cap`` agencies, so that in a corpus of thousands of agencies wording used by dozens of
them is template, not copying.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .near import NearConfig, near_pairs_between

BASELINE_FILE = "template_baseline.json"
TEMPLATE_SHARE = 0.10
TEMPLATE_FLOOR = 3
TEMPLATE_CAP = 20


def template_threshold(
    n_agencies: int, share: float = TEMPLATE_SHARE, floor: int = TEMPLATE_FLOOR, cap: int = TEMPLATE_CAP
) -> int:
    """Number of distinct agencies from which on a skeleton family counts as template."""
    return max(floor, min(cap, math.ceil(share * n_agencies)))


@dataclass(frozen=True)
class Baseline:
    """Template skeletons with one example text each (``entries``: skeleton → info dict)."""

    entries: dict[str, dict[str, Any]]
    meta: dict[str, Any]

    @property
    def skeletons(self) -> list[str]:
        return list(self.entries)

    def flags(self, skels: list[str], config: NearConfig = NearConfig()) -> tuple[np.ndarray, np.ndarray]:
        """For each skeleton: is it template wording, and its similarity to the closest entry."""
        flag = np.zeros(len(skels), dtype=bool)
        sim = np.zeros(len(skels), dtype=np.float32)
        for k, s in enumerate(skels):
            if s in self.entries:
                flag[k], sim[k] = True, 1.0
        todo = [k for k in range(len(skels)) if not flag[k]]
        if todo and self.entries:
            i, j, v = near_pairs_between([skels[k] for k in todo], self.skeletons, config)
            for a, score in zip(i.tolist(), v.tolist(), strict=True):
                k = todo[a]
                flag[k] = True
                sim[k] = max(sim[k], score)
        return flag, sim

    def to_json(self) -> str:
        rows = [{"skeleton": k, **v} for k, v in sorted(self.entries.items())]
        return json.dumps({"meta": self.meta, "entries": rows}, ensure_ascii=False, indent=1) + "\n"

    @staticmethod
    def from_json(text: str) -> Baseline:
        data = json.loads(text)
        entries = {r["skeleton"]: {k: v for k, v in r.items() if k != "skeleton"} for r in data["entries"]}
        return Baseline(entries, data.get("meta", {}))


EMPTY = Baseline({}, {})


@lru_cache(maxsize=1)
def baseline() -> Baseline:
    """The shipped baseline (empty if the data file is missing)."""
    try:
        text = resources.files("nlp").joinpath("data", BASELINE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return EMPTY
    return Baseline.from_json(text)
