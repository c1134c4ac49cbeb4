"""The finding taxonomy shipped as ``nlp/data/finding_taxonomy.json`` and the rule classifier.

Each category has weighted keywords. An item's score for a category is the sum of the weights of
its keywords found in the item's text (and key topic) × 3 plus those found only in its explanation
× 1; the best score wins, ties go to the category listed first, no keyword at all gives 其他.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text import view

OTHER = "其他"


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    keywords: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]


@lru_cache(maxsize=1)
def categories() -> tuple[Category, ...]:
    """The taxonomy's categories in priority order (其他 last)."""
    raw = json.loads((resources.files("nlp") / "data" / "finding_taxonomy.json").read_text("utf-8"))
    return tuple(
        Category(c["name"], c["description"], tuple(c.get("keywords", {}).items()), tuple(c.get("examples", ())))
        for c in raw["categories"]
    )


def names() -> list[str]:
    return [c.name for c in categories()]


def scores(text: str, detail: str = "", topic: str = "") -> dict[str, int]:
    """Rule score of every category for one item."""
    head = view(text + " " + topic)
    body = view(detail)
    out: dict[str, int] = {}
    for cat in categories():
        s = 0
        for word, weight in cat.keywords:
            if word in head:
                s += 3 * weight
            elif word in body:
                s += weight
        out[cat.name] = s
    return out


def categorise(text: str, detail: str = "", topic: str = "") -> str:
    """The category the rules give an item (``其他`` when no keyword matches)."""
    sc = scores(text, detail, topic)
    best = max(sc.values(), default=0)
    if best <= 0:
        return OTHER
    return next(name for name, s in sc.items() if s == best)
