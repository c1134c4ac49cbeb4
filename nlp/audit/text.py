"""Text helpers for the pages: highlight runs inside a sentence, character-level differences.

Both work on plain strings and return plain runs; escaping is left to the templates.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from .model import KIND_ORDER, RELATION_ORDER, DiffRun, Segment


@dataclass(frozen=True)
class Mark:
    """Something to highlight in a sentence: a reused unit (``match_no``) or a stale mention."""

    start: int
    end: int
    match_no: int | None = None
    kind: str | None = None
    relation: str | None = None
    template: bool = False
    stale: str | None = None


def locate(sentence: str, unit: str, cursor: int = 0) -> tuple[int, int]:
    """Where ``unit`` (a piece of ``sentence``) sits in it, searching from ``cursor`` first.

    Falls back to the whole sentence when the unit is not a literal substring (e.g. a store that
    kept a normalised form).
    """
    if not unit:
        return 0, len(sentence)
    at = sentence.find(unit, cursor)
    if at < 0:
        at = sentence.find(unit)
    if at < 0:
        stripped = unit.strip()
        at = sentence.find(stripped) if stripped else -1
        if at < 0:
            return 0, len(sentence)
        unit = stripped
    return at, at + len(unit)


def _rank(m: Mark) -> tuple[bool, int, int]:
    r = RELATION_ORDER.index(m.relation) if m.relation in RELATION_ORDER else len(RELATION_ORDER)
    if m.template:  # expected wording: show where the agency's own earlier text had it
        r = {"self": 0, "cross": 1}.get(m.relation or "", 2)
    k = KIND_ORDER.index(m.kind) if m.kind in KIND_ORDER else len(KIND_ORDER)
    return m.template, r, k


def segments(text: str, marks: Sequence[Mark]) -> tuple[Segment, ...]:
    """Cut ``text`` into runs; each run carries the matches covering it (primary = the most
    suspicious: not template before template; among copies another agency before the agency's own
    earlier report, among template wording the agency's own report first; then the strongest kind)
    and the stale mention it belongs to, if any."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not marks:
        return (Segment(text),) if text else ()
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [m for m in marks if m.start <= a and b <= m.end]
        reuse = sorted((m for m in cover if m.match_no is not None), key=_rank)
        stale = next((m.stale for m in cover if m.stale), None)
        top = reuse[0] if reuse else None
        seg = Segment(
            text[a:b],
            match_no=top.match_no if top else None,
            kind=top.kind if top else None,
            relation=top.relation if top else None,
            template=top.template if top else False,
            matches=tuple(m.match_no for m in reuse if m.match_no is not None),
            stale=stale,
        )
        if out and (out[-1].match_no, out[-1].matches, out[-1].stale) == (seg.match_no, seg.matches, seg.stale):
            prev = out.pop()
            seg = Segment(prev.text + seg.text, seg.match_no, seg.kind, seg.relation, seg.template, seg.matches,
                          seg.stale)
        out.append(seg)
    return tuple(out)


def _runs(pieces: list[tuple[str, bool]]) -> tuple[DiffRun, ...]:
    out: list[DiffRun] = []
    for t, changed in pieces:
        if not t:
            continue
        if out and out[-1].changed == changed:
            out[-1] = DiffRun(out[-1].text + t, changed)
        else:
            out.append(DiffRun(t, changed))
    return tuple(out)


def char_diff(old: str, new: str) -> tuple[tuple[DiffRun, ...], tuple[DiffRun, ...]]:
    """Character-level difference: ``(old runs, new runs)``, ``changed`` marks text only on one side."""
    if old == new:
        return _runs([(old, False)]), _runs([(new, False)])
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    o: list[tuple[str, bool]] = []
    n: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        same = op == "equal"
        o.append((old[i1:i2], not same))
        n.append((new[j1:j2], not same))
    return _runs(o), _runs(n)
