"""Stale mentions: what a recycled text forgot to update.

* ``previous_year_as_current`` — an earlier year used as the report's own period: a sentence that
  opens with it (“2022年，我县…” in a 2023 report, also after a sub-heading or 一是), the statistics
  period (统计期限自2022年…) or a title (2022年政府信息公开工作年度报告).
* ``date_outside_year`` — a year before the report year inside a unit matched in the other report
  (a sentence reused from last year that still carries last year's date).
* ``other_agency_name`` — a place name of the other agency (not part of this agency's own name)
  left in a unit copied from that agency's report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .side import Side, Unit, places, same_agency

_YEAR = r"((?:19|20)\d{2})\s*年"
_LEAD = r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）][^。：:，,；;]{0,24}[。：:]?\s*|[一二三四五六七八九十]{1,3}\s*[、是]\s*)?"
_OPENING = re.compile(_LEAD + _YEAR + r"\s*度?\s*(?:[，,]|全年|(?:我|全)\s*[省市县区镇乡旗局委办厅])")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期)[^。]{0,12}?" + _YEAR)
_TITLE = re.compile(_YEAR + r"\s*度?\s*(?:政府信息公开|政务公开)[^。]{0,8}?年度报告")
_ANY_YEAR = re.compile(_YEAR)


@dataclass(frozen=True)
class StaleMention:
    sentence_id: int
    kind: str  # previous_year_as_current | date_outside_year | other_agency_name
    text: str  # the mention itself
    start: int  # offsets in the sentence text
    end: int
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {
            "sentence_id": self.sentence_id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "detail": self.detail,
        }


def previous_year_mentions(side: Side) -> list[StaleMention]:
    """Earlier years used as the current period in ``side`` (needs ``side.year``)."""
    if side.year is None:
        return []
    out: list[StaleMention] = []
    for s in side.sentences:
        for rx, what in (
            (_OPENING, "opens the sentence"),
            (_PERIOD, "statistics period"),
            (_TITLE, "report title"),
        ):
            for m in rx.finditer(s.text):
                y = int(m.group(1))
                if y < side.year:
                    a = m.start(1)
                    b = s.text.index("年", m.end(1)) + 1
                    out.append(
                        StaleMention(
                            s.id,
                            "previous_year_as_current",
                            s.text[a:b],
                            a,
                            b,
                            f"{y} used as the current period ({what}) in a {side.year} report",
                        )
                    )
    return _dedupe(out)


def reused_date_mentions(new: Side, matched: Iterable[Unit]) -> list[StaleMention]:
    """Years before ``new.year`` inside units that were matched in the other report."""
    if new.year is None:
        return []
    out = []
    for u in matched:
        for m in _ANY_YEAR.finditer(u.text):
            y = int(m.group(1))
            if y < new.year:
                a, b = u.start + m.start(1), u.start + m.end(0)
                out.append(
                    StaleMention(
                        u.sentence_id,
                        "date_outside_year",
                        m.group(0),
                        a,
                        b,
                        f"{y} in a unit reused in a {new.year} report",
                    )
                )
    return out


def other_agency_mentions(old: Side, new: Side, pairs: Iterable[tuple[Unit, Unit]]) -> list[StaleMention]:
    """Place names of the OLD agency kept in units NEW copied from it (different agencies only)."""
    if same_agency(old.agency, new.agency) is not False:
        return []
    own = "".join(places(new.agency))
    foreign = [p for p in places(old.agency) if p not in own]
    out = []
    for nu, ou in pairs:
        for p in foreign:
            if p in ou.text:
                for m in re.finditer(re.escape(p), nu.text):
                    a, b = nu.start + m.start(), nu.start + m.end()
                    out.append(
                        StaleMention(
                            nu.sentence_id,
                            "other_agency_name",
                            p,
                            a,
                            b,
                            f"{p} ({old.agency}) in a copied unit",
                        )
                    )
    return out


def _dedupe(items: list[StaleMention]) -> list[StaleMention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in sorted(items, key=lambda m: (m.sentence_id, m.start, m.kind)):
        key = (m.sentence_id, m.start, m.kind)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def stale_mentions(old: Side, new: Side, pairs: list[tuple[Unit, Unit]]) -> list[StaleMention]:
    """All stale mentions of NEW given its matched ``(new_unit, old_unit)`` pairs."""
    first = previous_year_mentions(new)
    taken = {(m.sentence_id, m.start) for m in first}
    dated = [
        m for m in reused_date_mentions(new, [p[0] for p in pairs]) if (m.sentence_id, m.start) not in taken
    ]
    return _dedupe(first + dated + other_agency_mentions(old, new, pairs))
