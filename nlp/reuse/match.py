"""Matching the units of a NEW report against an OLD one.

For every unit of NEW the best counterpart in OLD is kept, in this order of preference:
``exact`` (same NFKC text without whitespace), ``numbers_only`` (same skeleton: only figures,
years, dates, addresses or the enumerator changed), ``near`` (verified skeleton similarity ≥
:data:`nlp.reuse.near.NEAR_RATIO`, the most similar one). The origin of a match is ``template`` when
the NEW unit is template wording (baseline), else ``self_copy`` when both reports belong to one
agency, else ``cross_copy``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .near import NearConfig, near_pairs_between
from .side import Side, Unit, same_agency, units
from .template import EMPTY, Baseline

KINDS = ("exact", "numbers_only", "near")
ORIGINS = ("template", "self_copy", "cross_copy")


@dataclass(frozen=True)
class UnitMatch:
    new: Unit
    old: Unit
    kind: str  # exact | numbers_only | near
    origin: str  # template | self_copy | cross_copy
    similarity: float


@dataclass(frozen=True)
class PairResult:
    new_units: tuple[Unit, ...]
    old_units: tuple[Unit, ...]
    matches: tuple[UnitMatch, ...]
    template: tuple[bool, ...]  # per NEW unit: template wording
    same_agency: bool | None


def match_sides(
    old: Side,
    new: Side,
    baseline: Baseline = EMPTY,
    config: NearConfig = NearConfig(),
) -> PairResult:
    """Match every unit of ``new`` against ``old`` (see module docstring)."""
    old_u, new_u = units(old), units(new)
    by_norm: dict[str, int] = {}
    by_skel: dict[str, int] = {}
    for k, u in enumerate(old_u):
        by_norm.setdefault(u.norm, k)
        by_skel.setdefault(u.skel, k)
    best: dict[int, tuple[int, str, float]] = {}
    for k, u in enumerate(new_u):
        if u.norm in by_norm:
            best[k] = (by_norm[u.norm], "exact", 1.0)
        elif u.skel in by_skel:
            best[k] = (by_skel[u.skel], "numbers_only", 1.0)
    todo = [k for k in range(len(new_u)) if k not in best]
    old_sk = sorted({u.skel for u in old_u})
    first_of = {s: by_skel[s] for s in old_sk}
    if todo and old_sk:
        i, j, sim = near_pairs_between([new_u[k].skel for k in todo], old_sk, config)
        for a, b, v in zip(i.tolist(), j.tolist(), sim.tolist(), strict=True):
            k = todo[a]
            if k not in best or v > best[k][2]:
                best[k] = (first_of[old_sk[b]], "near", float(v))
    template, _ = baseline.flags([u.skel for u in new_u], config)
    same = same_agency(old.agency, new.agency)
    own = "cross_copy" if same is False else "self_copy"
    matches = tuple(
        UnitMatch(
            new_u[k],
            old_u[o],
            kind,
            "template" if template[k] else own,
            round(sim, 4),
        )
        for k, (o, kind, sim) in sorted(best.items())
    )
    return PairResult(tuple(new_u), tuple(old_u), matches, tuple(bool(t) for t in template), same)
