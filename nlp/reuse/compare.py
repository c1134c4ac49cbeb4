"""``compare(old, new)``: which parts of NEW were recycled from OLD, and how.

``old`` and ``new`` are :class:`nlp.core.report.Report` objects, their ``to_dict()`` JSON, paths
(parsed with :func:`nlp.parse`) or :class:`nlp.reuse.side.Side` objects. The result's
``to_dict()`` is the ``xxgk compare --json`` contract (schema ``xxgk.compare/1``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .match import KINDS, ORIGINS, UnitMatch, match_sides
from .near import NearConfig
from .scores import char_ratio, kind_counts, lazy_prices, narrative, part5, ratio_by_part
from .side import Side, load
from .stale import StaleMention, stale_mentions
from .template import EMPTY, Baseline, baseline

SCHEMA = "xxgk.compare/1"


@dataclass(frozen=True)
class SideInfo:
    key: str | None
    agency: str | None
    year: int | None
    sentences: int
    units: int
    characters: int


@dataclass(frozen=True)
class Comparison:
    old: SideInfo
    new: SideInfo
    reuse_ratio: float
    by_part: dict[int, float]
    matches: tuple[UnitMatch, ...]
    stale_mentions: tuple[StaleMention, ...]
    counts: dict[str, int]
    origins: dict[str, int]
    lazy_prices: dict[str, float]
    boilerplate_share: float
    part5: dict[str, Any]
    same_agency: bool | None
    thresholds: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "old": self.old.__dict__,
            "new": self.new.__dict__,
            "same_agency": self.same_agency,
            "reuse_ratio": self.reuse_ratio,
            "by_part": {str(k): v for k, v in self.by_part.items()},
            "matches": [
                {
                    "new_id": m.new.sentence_id,
                    "old_id": m.old.sentence_id,
                    "new_text": m.new.text,
                    "old_text": m.old.text,
                    "kind": m.kind,
                    "origin": m.origin,
                    "similarity": m.similarity,
                    "part": m.new.part,
                    "new_span": [m.new.start, m.new.end],
                    "old_span": [m.old.start, m.old.end],
                }
                for m in self.matches
            ],
            "stale_mentions": [s.to_dict() for s in self.stale_mentions],
            "scores": {
                "counts": self.counts,
                "origins": self.origins,
                "lazy_prices": self.lazy_prices,
                "boilerplate_share": self.boilerplate_share,
                "part5": self.part5,
            },
            "thresholds": self.thresholds,
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def compare(
    old: Any,
    new: Any,
    *,
    use_baseline: bool = True,
    template: Baseline | None = None,
    config: NearConfig = NearConfig(),
) -> Comparison:
    """Compare two reports (Report, report JSON dict, path or Side); NEW is the one scored."""
    o, n = load(old), load(new)
    base = template if template is not None else (baseline() if use_baseline else EMPTY)
    res = match_sides(o, n, base, config)
    nu = res.new_units
    matched_idx = {id(m.new): m for m in res.matches}
    matched = [id(u) in matched_idx for u in nu]
    kinds = {k: matched_idx[id(u)].kind for k, u in enumerate(nu) if matched[k]}
    warnings = []
    if res.same_agency is None:
        warnings.append("agency unknown on one side: matches not from the template are counted as self_copy")
    if o.year is not None and n.year is not None and o.year > n.year:
        warnings.append(f"OLD ({o.year}) is later than NEW ({n.year})")
    stale = stale_mentions(o, n, [(m.new, m.old) for m in res.matches])
    return Comparison(
        old=_info(o, res.old_units),
        new=_info(n, nu),
        reuse_ratio=round(char_ratio(nu, matched), 4),
        by_part=ratio_by_part(nu, matched),
        matches=res.matches,
        stale_mentions=tuple(stale),
        counts=kind_counts((m.kind for m in res.matches), KINDS),
        origins=kind_counts((m.origin for m in res.matches), ORIGINS),
        lazy_prices=lazy_prices(narrative(o), narrative(n)),
        boilerplate_share=round(char_ratio(nu, res.template), 4),
        part5=part5(nu, matched, kinds, n.findings, {s.id: s.start for s in n.sentences}),
        same_agency=res.same_agency,
        thresholds={"near_ratio": config.ratio, "min_near_chars": config.min_len},
        warnings=tuple(warnings),
    )


def _info(side: Side, units: tuple[Any, ...]) -> SideInfo:
    return SideInfo(
        side.key, side.agency, side.year, len(side.sentences), len(units), sum(u.length for u in units)
    )
