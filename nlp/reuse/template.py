"""Template wording: the shipped baseline built from the national template, never from a head count.

*Baseline* (``nlp/data/template_baseline.json``, built by ``python -m nlp.reuse.build_baseline``):
skeletons of the official template's paragraphs and table labels, the 条例 citation and the standard
preamble / statistics-period / contact / fee sentences (written once in the builder). Agency and
place names are slots: :func:`slot` replaces them by ``@`` on both sides before matching, as the
skeleton already does for figures, years and dates. A unit is template wording when its slotted
skeleton is an entry's or a verified near match of one (:data:`nlp.reuse.near.NEAR_RATIO`).

How many agencies use a passage never makes it template: see :mod:`nlp.reuse.origin` for the
``common_phrase`` rule (short stock phrasing spread across many regions).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .near import NearConfig, near_pairs_between

BASELINE_FILE = "template_baseline.json"
# an agency or place name in a skeleton (no punctuation left): up to 8 name characters before a
# place suffix, optionally followed by the government / its office. Name characters are
# ideographs (and masked figures) except the function words that precede a name in the standard
# sentences (由…, 联系…, 地址…, 可在…), so the slot starts where the name does.
_CH = r"[^\W\d_a-z系由与址在对的为是年于告问请报]"
_SUFFIXES = ("自治区", "自治州", "特别行政区", "省", "市", "州", "盟", "县", "区", "旗")
_NAME = re.compile(
    rf"(?:(?:(?:{_CH}|#){{0,8}}?(?:{'|'.join(_SUFFIXES)}))+"
    r"(?:人民政府|政府)?|本机关|本单位|本部门)(?:办公室|办公厅)?"
)


# every match of _NAME holds a suffix's last character or 本: a skeleton without any is unchanged
_NAME_CHARS = re.compile(f"[{''.join(sorted({x[-1] for x in _SUFFIXES}))}本]")


def slot(skel: str) -> str:
    """A skeleton with agency and place names replaced by ``@`` (the baseline's name slots)."""
    return _NAME.sub("@", skel) if _NAME_CHARS.search(skel) else skel


@dataclass(frozen=True)
class Baseline:
    """Template skeletons with one example text each (``entries``: skeleton → info dict)."""

    entries: dict[str, dict[str, Any]]
    meta: dict[str, Any]
    _slotted: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def skeletons(self) -> list[str]:
        return list(self.entries)

    def flags(self, skels: list[str], config: NearConfig = NearConfig()) -> tuple[np.ndarray, np.ndarray]:
        """For each skeleton: is it template wording, and its similarity to the closest entry."""
        flag = np.zeros(len(skels), dtype=bool)
        sim = np.zeros(len(skels), dtype=np.float32)
        if not self._slotted:
            self._slotted.update({slot(e): e for e in self.entries})
        slotted = [slot(s) for s in skels]
        for k, s in enumerate(slotted):
            if s in self._slotted:
                flag[k], sim[k] = True, 1.0
        todo = [k for k in range(len(skels)) if not flag[k]]
        if todo and self.entries:
            i, j, v = near_pairs_between([slotted[k] for k in todo], list(self._slotted), config)
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
