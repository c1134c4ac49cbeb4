"""Findings across years for the report pages, with :func:`nlp.findings.track` when available.

:func:`agency_tracking` rebuilds, from the store, the Report-like objects ``track`` reads (year,
findings, sentence texts) for every report of one agency; :func:`notes` turns the result into the
short remarks shown next to a finding ("promised before, in 2023 — word for word", "not mentioned in
any later report", "persistent problem 2023–2024").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import duckdb


def agency_tracking(con: duckdb.DuckDBPyConnection, report_ids: Sequence[str], agency: str | None) -> Any | None:
    """``nlp.findings.track`` over the given reports of one agency (None when fewer than two)."""
    if len(report_ids) < 2:
        return None
    from ..core.report import Finding
    from ..findings import track

    ids = list(report_ids)
    meta = {r[0]: r[1:] for r in con.execute(
        "SELECT report_id, year, path FROM reports WHERE report_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
    finds: dict[str, list[Any]] = defaultdict(list)
    for r in con.execute(
            "SELECT report_id, kind, text, detail, key, category, part, sentence_id, start_char, end_char, links FROM findings "
            "WHERE report_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY report_id, finding_no", [ids]).fetchall():
        finds[r[0]].append(Finding(kind=r[1], text=r[2] or "", detail=r[3] or "", key=r[4] or "", category=r[5] or "",
                                   part=r[6] if r[6] is not None else 5, sentence_id=r[7] if r[7] is not None else -1,
                                   start=r[8] or 0, end=r[9] or 0, links=tuple(r[10] or ())))
    sents: dict[str, list[Any]] = defaultdict(list)
    for rid, text in con.execute("SELECT report_id, text FROM sentences WHERE report_id IN (SELECT unnest(?::VARCHAR[])) "
                                 "ORDER BY report_id, sentence_id", [ids]).fetchall():
        sents[rid].append(SimpleNamespace(text=text or ""))
    reports = [SimpleNamespace(meta=SimpleNamespace(year=meta[rid][0], agency=agency),
                               source=SimpleNamespace(path=meta[rid][1]), findings=tuple(finds[rid]),
                               sentences=tuple(sents[rid]))
               for rid in ids if rid in meta]
    try:
        return track(reports, agency=agency)
    except Exception:  # tracking is an annotation; a failure must not stop the site
        return None


def _years(ys: Sequence[int]) -> str:
    return f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else str(ys[0])


def notes(kind: str, text: str, key: str, category: str, year: int | None, tracking: Any | None) -> tuple[str, ...]:
    """Remarks on one finding of the report of ``year`` from the agency's tracking."""
    if tracking is None or year is None:
        return ()
    out: list[str] = []
    if kind == "commitment":
        for r in tracking.repeated:
            if r.text == text and r.years[-1] == year:
                out.append(f"{r.years[0]} 年已承诺过" + ("（一字不差）" if r.word_for_word else ""))
            elif r.years[0] == year and r.texts and r.texts[0].startswith(text):
                out.append(f"{r.years[-1]} 年再次承诺" + ("（一字不差）" if r.word_for_word else ""))
        if any(u.year == year and u.text == text for u in tracking.unfollowed):
            out.append("此后各年报告均未再提及")
    elif kind == "problem":
        for p in tracking.persistent:
            if year in p.years and ((p.by == "key" and p.value == key) or (p.by == "category" and p.value == category)):
                what = "同一问题" if p.by == "key" else f"“{p.value}”类问题"
                out.append(f"{_years(p.years)} 年均提出{what}")
    return tuple(dict.fromkeys(out))
