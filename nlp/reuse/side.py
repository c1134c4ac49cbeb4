"""What reuse detection works on: a *side* (one agency-year report's narrative sentences).

A :class:`Side` is plain data, so comparisons run on parsed reports (:func:`from_report`) and on
synthetic sentences alike. :func:`units` cuts every sentence into matching units
(:func:`nlp.reuse.skeleton.segments`). :func:`same_agency` decides whether two agency names are
one agency (洪泽区人民政府 = 淮安市洪泽区人民政府).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.report import Sentence as Sent  # the one sentence record; ``start`` places findings in units
from ..text.meta import AGENCY_SUFFIXES, suffix_pattern
from .skeleton import content_length, normal, segments, skeleton


@dataclass(frozen=True)
class Side:
    """One report as reuse detection sees it. ``key`` names it in outputs (path, sha256, …)."""

    sentences: tuple[Sent, ...]
    agency: str | None = None
    year: int | None = None
    key: str | None = None
    findings: tuple[Any, ...] = ()

    @staticmethod
    def of(
        sentences: Iterable[Sent | tuple[int, str, int] | Mapping[str, Any] | str],
        agency: str | None = None,
        year: int | None = None,
        key: str | None = None,
    ) -> Side:
        """Build a side from Sent objects, ``(id, text, part)`` tuples, dicts or bare strings."""
        out: list[Sent] = []
        for k, s in enumerate(sentences):
            if isinstance(s, Sent):
                out.append(s)
            elif isinstance(s, str):
                out.append(Sent(k, s, 0))
            elif isinstance(s, Mapping):
                out.append(
                    Sent(
                        int(s.get("id", k)),
                        str(s["text"]),
                        int(s.get("part", 0) or 0),
                        start=int(s.get("start", 0) or 0),
                    )
                )
            else:
                out.append(Sent(int(s[0]), str(s[1]), int(s[2])))
        return Side(tuple(out), agency, year, key)


@dataclass(frozen=True)
class Unit:
    """A matching unit: part of sentence ``sentence_id`` from ``start`` to ``end``."""

    sentence_id: int
    part: int
    start: int
    end: int
    text: str
    norm: str
    skel: str
    length: int  # content characters (no whitespace, no punctuation)


def units(side: Side) -> list[Unit]:
    """Every sentence of ``side`` cut into units (a sentence with no content yields none)."""
    out: list[Unit] = []
    for s in side.sentences:
        for a, b in segments(s.text):
            t = s.text[a:b]
            n = content_length(t)
            if n:
                out.append(Unit(s.id, s.part, a, b, t, normal(t), skeleton(t), n))
    return out


def from_report(report: Any) -> Side:
    """A side from an :class:`nlp.core.report.Report` (or its ``to_dict()`` JSON)."""
    if isinstance(report, Mapping):
        meta = report.get("meta", {})
        sents = report.get("sentences", [])
        src = (report.get("source") or {}).get("path")
        return Side(
            tuple(
                Sent(int(s["id"]), s["text"], int(s.get("part", 0)), start=int(s.get("start", 0))) for s in sents
            ),
            meta.get("agency"),
            meta.get("year"),
            src,
            tuple(report.get("findings", ())),
        )
    sents = tuple(report.sentences)
    key = report.source.path if getattr(report, "source", None) else None
    return Side(sents, report.meta.agency, report.meta.year, key, tuple(getattr(report, "findings", ())))


def load(x: Any) -> Side:
    """A :class:`Side` from a Side, a Report (or its JSON dict) or a path (parsed with ``nlp.parse``)."""
    if isinstance(x, Side):
        return x
    if isinstance(x, str | os.PathLike):
        from ..pipeline.parsing import parse  # imported lazily (heavy)

        return from_report(parse(x))
    return from_report(x)


_PAREN = re.compile(r"[（(][^）)]*[）)]")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|区|旗)")
_INSTITUTION = re.compile(suffix_pattern((*AGENCY_SUFFIXES, "政府")))


def clean_agency(name: str | None) -> str:
    return _PAREN.sub("", normal(name or ""))


def places(name: str | None) -> list[str]:
    """Place names in an agency name, broadest first: 淮安市洪泽区人民政府 → [淮安市, 洪泽区]."""
    n = clean_agency(name)
    m = _INSTITUTION.search(n)
    head = n[: m.start()] if m else n
    out: list[str] = []
    pos = 0
    while pos < len(head):
        mm = _PLACE.match(head, pos)
        if not mm:
            break
        out.append(mm.group())
        pos = mm.end()
    return out


def same_agency(a: str | None, b: str | None) -> bool | None:
    """True when both names denote one agency; None when either is unknown.

    Names are compared without bracketed notes; one may carry extra leading place names
    (洪泽区人民政府 vs 淮安市洪泽区人民政府).
    """
    x, y = clean_agency(a), clean_agency(b)
    if not x or not y:
        return None
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if not long_.endswith(short):
        return False
    prefix = long_[: len(long_) - len(short)]
    return bool(re.fullmatch(rf"(?:{_PLACE.pattern})+", prefix)) and bool(places(short))


def sides_of(items: Sequence[Any]) -> list[Side]:
    return [load(x) for x in items]
