"""Gold files (``tests/gold/<file-stem>.json``) and matching predictions against them.

A gold file lists the items typed from reading one report::

    {"file": "临县人民政府-2023.txt", "agency": "…", "year": 2023, "notes": "…",
     "items": [{"kind": "problem", "text": "…", "detail": "…", "category": "…", "part": 5,
                "alt": ["…", "…"], "optional": false, "answers": [0]}]}

``text`` is verbatim from the document. ``alt`` lists an acceptable finer split (the item may be
found as one finding or as one finding per ``alt`` part). ``optional`` items (an elaboration that
may or may not be read as an item of its own) count for precision when found but are not required
for recall. ``answers`` (commitments) lists the indexes, in ``items``, of the problems answered.

A prediction matches a gold text when the ``difflib`` ratio of their skeletons (punctuation and
spaces removed, simplified characters) is at least :data:`MATCH`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..core.report import Finding
from .text import skeleton

MATCH = 0.7
DETAIL_MATCH = 0.8
KINDS = ("problem", "commitment", "improvement")


@dataclass(frozen=True)
class GoldItem:
    kind: str
    text: str
    category: str
    part: int = 5
    detail: str = ""
    alt: tuple[str, ...] = ()
    optional: bool = False
    answers: tuple[int, ...] = ()


@dataclass(frozen=True)
class GoldFile:
    file: str
    agency: str
    year: int | None
    items: tuple[GoldItem, ...]
    path: str = ""


def load_gold(gold_dir: str | Path) -> list[GoldFile]:
    """Every ``*.json`` gold file in ``gold_dir``, sorted by name."""
    out = []
    for p in sorted(Path(gold_dir).glob("*.json")):
        raw = json.loads(p.read_text("utf-8"))
        items = tuple(
            GoldItem(kind=it["kind"], text=it["text"], category=it["category"], part=int(it.get("part", 5)),
                     detail=it.get("detail", ""), alt=tuple(it.get("alt", ())), optional=bool(it.get("optional")),
                     answers=tuple(it.get("answers", ())))
            for it in raw["items"]
        )
        out.append(GoldFile(raw["file"], raw.get("agency", ""), raw.get("year"), items, str(p)))
    return out


def similarity(a: str, b: str) -> float:
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return 0.0
    return SequenceMatcher(None, sa, sb, autojunk=False).ratio()


@dataclass
class Match:
    """The outcome of matching one report's predictions with its gold items."""

    gold_to_pred: dict[int, list[int]] = field(default_factory=dict)  # gold index → prediction indexes
    pred_ok: set[int] = field(default_factory=set)  # predictions that match some gold item

    def counts(self, gold: GoldFile, preds: list[Finding], kind: str) -> tuple[int, int, int, int]:
        """``(tp_gold, n_gold, tp_pred, n_pred)`` for one kind (required gold items only)."""
        req = [i for i, g in enumerate(gold.items) if g.kind == kind and not g.optional]
        tp_gold = sum(1 for i in req if i in self.gold_to_pred)
        mine = [j for j, p in enumerate(preds) if p.kind == kind]
        return tp_gold, len(req), sum(1 for j in mine if j in self.pred_ok), len(mine)


def match(gold: GoldFile, preds: list[Finding]) -> Match:
    """One-to-one greedy matching by similarity, then ``alt`` splits for the gold items left."""
    m = Match()
    pairs = []
    for i, g in enumerate(gold.items):
        for j, p in enumerate(preds):
            if p.kind == g.kind:
                s = similarity(g.text, p.text)
                if g.alt and max(similarity(a, p.text) for a in g.alt) > s:
                    continue  # closer to one part of the finer split: matched in the second pass
                if s >= MATCH:
                    pairs.append((-s, i, j))
    used_g: set[int] = set()
    for _, i, j in sorted(pairs):
        if i in used_g or j in m.pred_ok:
            continue
        used_g.add(i)
        m.pred_ok.add(j)
        m.gold_to_pred[i] = [j]
    for i, g in enumerate(gold.items):
        if i in used_g or not g.alt:
            continue
        chosen = []
        for part in g.alt:
            best = max(((similarity(part, p.text), j) for j, p in enumerate(preds)
                        if p.kind == g.kind and j not in m.pred_ok and j not in chosen), default=(0.0, -1))
            if best[0] < MATCH:
                break
            chosen.append(best[1])
        if len(chosen) == len(g.alt):
            m.gold_to_pred[i] = chosen
            m.pred_ok.update(chosen)
    return m
