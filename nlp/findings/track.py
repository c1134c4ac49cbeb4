"""Findings of one agency across years: persistent problems, repeated and unfollowed commitments.

- **persistent**: a problem category (or key) stated in two or more consecutive report years;
- **repeated**: a commitment whose heading comes back in a later year; ``word_for_word`` when
  heading and explanation are identical once spacing and punctuation are ignored, otherwise the
  heading (or the whole item at ``difflib`` ratio >= 0.85) matches;
- **unfollowed**: a commitment that no later report mentions: no later sentence covers at least
  75 % of the character bigrams of its topic (the commitment's key without the action).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..core.report import Finding
from .build import extract
from .text import skeleton

NEAR = 0.85
MENTION = 0.75


@dataclass(frozen=True)
class YearFindings:
    year: int | None
    source: str
    findings: tuple[Finding, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Persistent:
    by: str  # "category" | "key"
    value: str
    years: tuple[int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Repeated:
    text: str
    years: tuple[int, ...]
    word_for_word: bool
    similarity: float
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Unfollowed:
    year: int
    text: str
    key: str
    category: str


@dataclass(frozen=True)
class Tracking:
    agency: str
    years: tuple[int, ...]
    categories: tuple[tuple[int, tuple[str, ...]], ...]  # problem categories per year, side by side
    persistent: tuple[Persistent, ...]
    repeated: tuple[Repeated, ...]
    unfollowed: tuple[Unfollowed, ...]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["categories"] = {str(y): list(c) for y, c in self.categories}
        return d

    def side_by_side(self) -> list[tuple[str, tuple[int, ...]]]:
        """Every problem category with its count per year (in ``years`` order)."""
        cats = sorted({c for _, cs in self.categories for c in cs})
        return [(c, tuple(cs.count(c) for _, cs in self.categories)) for c in cats]


def _year(report: Any) -> int | None:
    year = getattr(getattr(report, "meta", None), "year", None)
    if year:
        return int(year)
    path = getattr(getattr(report, "source", None), "path", None) or ""
    m = re.search(r"(?:19|20)\d\d", Path(path).name)
    return int(m.group()) if m else None


def year_findings(report: Any) -> YearFindings:
    findings = tuple(report.findings) if report.findings else tuple(extract(report))
    src = getattr(getattr(report, "source", None), "path", None) or ""
    return YearFindings(_year(report), src, findings, tuple(s.text for s in report.sentences))


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _topic(f: Finding) -> str:
    return f.key.split("·")[0]


def _runs(years_with: list[int], all_years: list[int]) -> list[tuple[int, ...]]:
    """Maximal runs (length >= 2) of consecutive calendar years that all state the item."""
    runs: list[tuple[int, ...]] = []
    cur: list[int] = []
    for y in all_years:
        if y in years_with and (not cur or y - cur[-1] <= 1):
            cur.append(y)
            continue
        if len(cur) >= 2:
            runs.append(tuple(cur))
        cur = [y] if y in years_with else []
    if len(cur) >= 2:
        runs.append(tuple(cur))
    return runs


def track(reports: list[Any], agency: str | None = None) -> Tracking:
    """Track the findings of several reports of one agency (Reports, any order)."""
    rows = sorted((year_findings(r) for r in reports), key=lambda yf: (yf.year or 0, yf.source))
    if agency is None:
        agency = next((r.meta.agency for r in reports if getattr(getattr(r, "meta", None), "agency", None)), "")
    years = [yf.year or i for i, yf in enumerate(rows)]
    cats = tuple((y, tuple(f.category for f in yf.findings if f.kind == "problem")) for y, yf in zip(years, rows, strict=True))

    persistent: list[Persistent] = []
    for cat in sorted({c for _, cs in cats for c in cs}):
        with_cat = [y for y, cs in cats if cat in cs]
        for run in _runs(with_cat, years):
            texts = tuple(f.text for y, yf in zip(years, rows, strict=True) if y in run
                          for f in yf.findings if f.kind == "problem" and f.category == cat)
            persistent.append(Persistent("category", cat, run, texts))
    for k in range(1, len(rows)):
        if years[k] - years[k - 1] > 1:
            continue
        for old in (f for f in rows[k - 1].findings if f.kind == "problem"):
            for new in (f for f in rows[k].findings if f.kind == "problem"):
                a, b = _bigrams(_topic(old)), _bigrams(_topic(new))
                if old.key == new.key or (a and b and len(a & b) / len(a | b) >= 0.5):
                    persistent.append(Persistent("key", new.key, (years[k - 1], years[k]), (old.text, new.text)))

    repeated: list[Repeated] = []
    for k in range(1, len(rows)):
        for new in (f for f in rows[k].findings if f.kind == "commitment"):
            best: tuple[float, bool, int, Finding] | None = None
            for j in range(k):
                for old in (f for f in rows[j].findings if f.kind == "commitment"):
                    wfw = skeleton(old.text + old.detail) == skeleton(new.text + new.detail)
                    same_head = skeleton(old.text) == skeleton(new.text)
                    sim = SequenceMatcher(None, skeleton(old.text + old.detail), skeleton(new.text + new.detail)).ratio()
                    if (wfw or same_head or sim >= NEAR) and (best is None or (wfw, sim) > (best[1], best[0])):
                        best = (sim, wfw, j, old)
            if best:
                repeated.append(Repeated(new.text, (years[best[2]], years[k]), best[1], round(best[0], 3),
                                         (best[3].text + best[3].detail, new.text + new.detail)))

    unfollowed: list[Unfollowed] = []
    for k in range(len(rows) - 1):
        later = [skeleton(s) for yf in rows[k + 1:] for s in yf.sentences]
        later_bigrams = [_bigrams(s) for s in later]
        for f in (f for f in rows[k].findings if f.kind == "commitment"):
            want = _bigrams(skeleton(_topic(f)))
            if not want:
                continue
            cover = max((len(want & b) / len(want) for b in later_bigrams), default=0.0)
            if cover < MENTION:
                unfollowed.append(Unfollowed(years[k], f.text, f.key, f.category))
    return Tracking(agency or "", tuple(years), cats, tuple(persistent), tuple(repeated), tuple(unfollowed))
