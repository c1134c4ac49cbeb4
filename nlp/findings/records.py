"""Record types shared by the extraction modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.report import Sentence as Sent  # the one sentence record (findings use id, start, end, part)

PROBLEM, COMMITMENT, IMPROVEMENT = "problem", "commitment", "improvement"


@dataclass
class RawItem:
    kind: str
    start: int
    end: int
    dstart: int = 0
    dend: int = 0
    unit: int = -1
    part: int | None = None


def sentence_records(sentences: Any) -> list[Sent]:
    """Sentence-like objects or dicts (id, start, end, part) as :class:`Sent`."""
    out = []
    for i, s in enumerate(sentences):
        get = s.get if isinstance(s, dict) else lambda k, d=None, s=s: getattr(s, k, d)
        out.append(Sent(id=int(get("id", i)), text=str(get("text", "") or ""), part=int(get("part", 0) or 0),
                        start=int(get("start")), end=int(get("end"))))
    return out
