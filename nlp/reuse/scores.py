"""Report-level reuse scores.

* reuse ratio — share of NEW's narrative characters (no whitespace, no punctuation) that lie in
  matched units, overall and per part;
* Lazy Prices (Cohen, Malloy & Nguyen) — cosine similarity of jieba term-frequency vectors and
  Jaccard similarity of the term sets of the two narratives (figures dropped);
* boilerplate share (Lang & Stice-Lawrence) — share of NEW's narrative characters in template units;
* part 5 — the reuse ratio of part 5 (problems and commitments) and the findings it recycles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .side import Side, Unit

_TERM = re.compile(r"[\u3400-\u9fffA-Za-z]")


def char_ratio(units: Sequence[Unit], matched: Sequence[bool]) -> float:
    total = sum(u.length for u in units)
    if total == 0:
        return 0.0
    return sum(u.length for u, m in zip(units, matched, strict=True) if m) / total


def ratio_by_part(units: Sequence[Unit], matched: Sequence[bool]) -> dict[int, float]:
    parts = sorted({u.part for u in units})
    out = {}
    for p in parts:
        idx = [k for k, u in enumerate(units) if u.part == p]
        out[p] = round(char_ratio([units[k] for k in idx], [matched[k] for k in idx]), 4)
    return out


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba with the toolkit's domain dictionary loaded (the same segmentation as ``nlp.load()``,
    so the scores do not depend on what else the process has loaded)."""
    import jieba

    from ..pipeline.language import load

    load()
    return jieba


def terms(text: str) -> Counter[str]:
    """jieba terms of a text, lower-cased, keeping only tokens with a letter or an ideograph."""
    return Counter(t.lower() for t in _jieba().lcut(text) if _TERM.search(t))


def lazy_prices(old_text: str, new_text: str) -> dict[str, float]:
    """Cosine (term frequencies) and Jaccard (term sets) similarity of two narratives."""
    a, b = terms(old_text), terms(new_text)
    if not a or not b:
        return {"cosine": 0.0, "jaccard": 0.0}
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    cos = dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))
    jac = len(a.keys() & b.keys()) / len(a.keys() | b.keys())
    return {"cosine": round(cos, 4), "jaccard": round(jac, 4)}


def narrative(side: Side) -> str:
    return "\n".join(s.text for s in side.sentences)


def kind_counts(kinds: Iterable[str], names: Sequence[str]) -> dict[str, int]:
    c = Counter(kinds)
    return {k: c.get(k, 0) for k in names}


def part5(
    units: Sequence[Unit],
    matched: Sequence[bool],
    kinds: dict[int, str],
    findings: Sequence[Any],
    offsets: dict[int, int] | None = None,
) -> dict[str, Any]:
    """Reuse in part 5 and the problem / commitment findings that lie in a reused unit.

    ``offsets`` maps sentence id → the sentence's start in the narrative, to place a finding
    (narrative offsets) in its unit; without it a finding counts as reused when any unit of its
    sentence is.
    """
    idx = [k for k, u in enumerate(units) if u.part == 5]
    sub = [units[k] for k in idx]
    m = [matched[k] for k in idx]
    by_sentence: dict[int, list[int]] = {}
    for k, u in enumerate(units):
        by_sentence.setdefault(u.sentence_id, []).append(k)
    copied = []
    for f in findings:
        get = f.get if isinstance(f, dict) else lambda name, f=f: getattr(f, name, None)
        sid = get("sentence_id")
        hits = [k for k in by_sentence.get(sid, []) if matched[k]]
        if offsets is not None and sid in offsets and get("start") is not None:
            pos = int(get("start")) - offsets[sid]
            hits = [k for k in hits if units[k].start <= pos < units[k].end]
        if hits:
            copied.append(
                {"kind": get("kind"), "text": get("text"), "sentence_id": sid, "match": kinds[hits[0]]}
            )
    return {
        "ratio": round(char_ratio(sub, m), 4),
        "units": len(sub),
        "matched_units": sum(m),
        "copied_findings": copied,
    }
