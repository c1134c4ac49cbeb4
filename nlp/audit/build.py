"""Assemble one report's page object from its store rows (plain dicts with the store's columns)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .history import notes
from .model import (
    STATUS_ORDER,
    CellView,
    CheckView,
    EvidenceCell,
    FindingView,
    HistoryItem,
    MatchView,
    PartView,
    ReportSummary,
    ReportView,
    SentenceView,
    StaleView,
    TableView,
)
from .text import Mark, char_diff, locate, segments
from .values import as_float, as_int

Row = Mapping[str, Any]


def _json(v: Any, default: Any) -> Any:
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return default if v is None else v


Labels = Mapping[str, tuple[str, str, str | None]]  # report_id -> (label, page, agency)


def relation(stored: str | None, origin: str, own_agency: str | None, other_agency: str | None) -> str:
    """``self`` when the other sentence is in the same agency's report, ``cross`` when in another
    agency's, ``unknown`` when a template match's agencies are not known. ``stored`` is the store's
    relation (``self`` / ``cross`` from the corpus matcher, ``prior_year`` from the comparison with
    the previous report, which decides by ``origin`` and the agency names)."""
    if stored in ("self", "cross"):
        return stored
    if origin == "self_copy":
        return "self"
    if origin == "cross_copy":
        return "cross"
    from ..reuse.side import same_agency

    same = same_agency(own_agency, other_agency)
    return "unknown" if same is None else ("self" if same else "cross")


def _span(r: Row) -> tuple[int, int] | None:
    a, b = as_int(r.get("new_start")), as_int(r.get("new_end"))
    return (a, b) if a is not None and b is not None and 0 <= a < b else None


def match_views(rows: Sequence[Row], labels: Labels, own_agency: str | None = None) -> tuple[MatchView, ...]:
    """One view per distinct match: a unit matched to the same sentence of the same report under
    several relations (prior_year and self) is shown once, under the first."""
    out = []
    seen: set[tuple[Any, ...]] = set()
    for r in rows:
        other = r.get("other_report_id")
        key = (r.get("new_id"), _span(r) or r.get("new_text"), other, r.get("old_id"))
        if key in seen:
            continue
        seen.add(key)
        label, page, agency = labels.get(
            other, (f"报告 {str(other)[:12]}（不在本网站中）" if other else "?", None, None))
        new_text, old_text = r.get("new_text") or "", r.get("old_text") or ""
        d_old, d_new = char_diff(old_text, new_text)
        out.append(MatchView(
            no=int(r["match_no"]), new_id=int(r["new_id"]), old_id=int(r["old_id"]), part=as_int(r.get("part")),
            kind=str(r.get("kind")), origin=str(r.get("origin")),
            relation=relation(r.get("relation"), str(r.get("origin")), own_agency, agency),
            source=r.get("relation"), similarity=as_float(r.get("similarity")),
            new_text=new_text, old_text=old_text, other_id=other, other_label=label, other_page=page,
            old_sentence=r.get("old_sentence"), diff_new=d_new, diff_old=d_old, new_span=_span(r)))
    return tuple(out)


def sentence_views(sentences: Sequence[Row], narrative: str | None, matches: Sequence[MatchView],
                   stale: Sequence[Mapping[str, Any]]) -> list[SentenceView]:
    by_sentence: dict[int, list[MatchView]] = defaultdict(list)
    for m in matches:
        by_sentence[m.new_id].append(m)
    stale_by: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for s in stale:
        if isinstance(s, Mapping) and as_int(s.get("sentence_id")) is not None:
            stale_by[int(s["sentence_id"])].append(s)
    out: list[SentenceView] = []
    prev_end, prev_part = None, None
    for r in sentences:
        sid, text, part = int(r["sentence_id"]), r.get("text") or "", as_int(r.get("part")) or 0
        marks: list[Mark] = []
        placed: dict[str, tuple[int, int]] = {}
        cursor = 0
        for m in by_sentence.get(sid, ()):
            if m.new_span and text[m.new_span[0]:m.new_span[1]] == m.new_text:
                a, b = m.new_span
            else:
                if m.new_text not in placed:
                    placed[m.new_text] = locate(text, m.new_text, cursor)
                    cursor = placed[m.new_text][1]
                a, b = placed[m.new_text]
            marks.append(Mark(a, b, m.no, m.kind, m.relation, m.template))
        for s in stale_by.get(sid, ()):
            a, b = as_int(s.get("start")), as_int(s.get("end"))
            mention = str(s.get("text") or "")
            if a is None or b is None or text[a:b] != mention:
                if not mention or mention not in text:
                    continue
                a, b = locate(text, mention)
            marks.append(Mark(a, b, stale=str(s.get("kind") or "stale")))
        start = as_int(r.get("start"))
        gap = narrative[prev_end:start] if narrative and prev_end is not None and start is not None else ""
        new_par = prev_part != part or "\n" in gap
        out.append(SentenceView(sid, text, part, as_int(r.get("page")), new_par, segments(text, marks), start))
        prev_end, prev_part = as_int(r.get("end")), part
    return out


def part_views(parts: Sequence[Row], sentences: list[SentenceView], by_part: Mapping[int, float]) -> tuple[PartView, ...]:
    grouped: dict[int, list[SentenceView]] = defaultdict(list)
    for s in sentences:
        grouped[s.part].append(s)
    info = {int(p["part"]): p for p in parts}
    out = []
    for p in sorted(set(info) | set(grouped)):
        row = info.get(p, {})
        out.append(PartView(p, row.get("title"), bool(row.get("heading_found")), tuple(grouped.get(p, ())),
                            by_part.get(p)))
    return tuple(out)


def check_views(rows: Sequence[Row]) -> tuple[CheckView, ...]:
    out = []
    for r in rows:
        ev = _json(r.get("evidence"), {})
        ev = ev if isinstance(ev, dict) else {"evidence": ev}
        cells = tuple(
            EvidenceCell(str(c.get("table", "")), str(c.get("row", "")), str(c.get("column", "")),
                         None if c.get("raw") is None else str(c.get("raw")), c.get("state"), as_int(c.get("page")),
                         str(c.get("report") or "current"))
            for c in ev.get("cells") or () if isinstance(c, dict))
        extra = tuple((str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True))
                      for k, v in sorted(ev.items()) if k not in ("cells", "sentence_id"))
        out.append(CheckView(
            no=int(r["check_no"]), id=str(r.get("check_id")), scope=str(r.get("scope") or ""),
            status=str(r.get("status")), message=str(r.get("message") or ""), left=as_float(r.get("left")),
            right=as_float(r.get("right")), cells=cells, sentence_id=as_int(ev.get("sentence_id")), extra=extra))
    rank = {s: k for k, s in enumerate(STATUS_ORDER)}
    return tuple(sorted(out, key=lambda c: (rank.get(c.status, len(rank)), c.no)))


def table_views(cells: Sequence[Row], checks: Sequence[CheckView]) -> tuple[TableView, ...]:
    failed: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in checks:
        if c.status == "fail":
            for e in c.cells:
                if e.report == "current" and c.id not in failed[(e.table, e.row, e.column)]:
                    failed[(e.table, e.row, e.column)].append(c.id)
    tables: dict[str, dict[str, dict[str, CellView]]] = {}
    columns: dict[str, list[str]] = defaultdict(list)
    for r in cells:
        t, row, col = str(r["table_id"]), str(r["row"]), str(r["col"])
        if col not in columns[t]:
            columns[t].append(col)
        tables.setdefault(t, {}).setdefault(row, {})[col] = CellView(
            None if r.get("raw") is None else str(r["raw"]), r.get("state"),
            as_float(r.get("value")), tuple(failed.get((t, row, col), ())))
    return tuple(
        TableView(t, tuple(columns[t]), tuple((row, tuple(cols.get(c) for c in columns[t])) for row, cols in rows.items()))
        for t, rows in sorted(tables.items()))


def _history(f: Row, year: int | None, history: Sequence[Row], labels: Labels) -> tuple[HistoryItem, ...]:
    """The agency's findings of other years with the same key (same item), then of the same kind and
    category (a related item)."""
    key, kind, cat = str(f.get("key") or ""), str(f.get("kind") or ""), f.get("category")
    same, related = [], []
    for h in history:
        y = as_int(h.get("year"))
        if y == year or h.get("kind") != kind:
            continue
        item = HistoryItem(y, labels.get(h["report_id"], ("", None, None))[1], kind, str(h.get("text") or ""),
                           bool(key) and h.get("key") == key)
        if item.same_key:
            same.append(item)
        elif cat and h.get("category") == cat:
            related.append(item)
    return tuple(same + related)


def finding_views(rows: Sequence[Row], year: int | None, history: Sequence[Row], labels: Labels,
                  matches: Sequence[MatchView], sentences: Sequence[SentenceView],
                  tracking: Any = None) -> tuple[FindingView, ...]:
    by_no = {m.no: m for m in matches}
    sents = {s.id: s for s in sentences}
    out = []
    for r in rows:
        sid = as_int(r.get("sentence_id"))
        copied: list[tuple[int, str]] = []
        s = sents.get(sid) if sid is not None else None
        if s is not None:
            fa, fb = as_int(r.get("start")), as_int(r.get("end"))
            if s.start is not None and fa is not None and fb is not None:
                fa, fb = fa - s.start, fb - s.start
            else:
                fa, fb = 0, len(s.text)
            for no, (a, b) in sorted(s.match_spans().items()):
                m = by_no.get(no)
                if m is not None and not m.template and a < fb and fa < b:
                    copied.append((no, m.other_label))
        kind, text, key, cat = (str(r.get(k) or "") for k in ("kind", "text", "key", "category"))
        out.append(FindingView(
            no=int(r["finding_no"]), kind=kind, text=text, detail=str(r.get("detail") or ""), key=key, category=cat,
            sentence_id=sid, history=_history(r, year, history, labels), copied_from=tuple(copied),
            notes=notes(kind, text, key, cat, year, tracking)))
    return tuple(out)


def report_view(summary: ReportSummary, *, narrative: str | None, parts: Sequence[Row], sentences: Sequence[Row],
                matches: Sequence[Row], findings: Sequence[Row], checks: Sequence[Row], cells: Sequence[Row],
                stale: Sequence[Any], history: Sequence[Row], labels: Labels, tracking: Any = None) -> ReportView:
    mv = match_views(matches, labels, summary.agency)
    sv = sentence_views(sentences, narrative, mv, stale)
    cv = check_views(checks)
    stale_v = tuple(StaleView(int(s["sentence_id"]), str(s.get("kind") or ""), str(s.get("text") or ""),
                              str(s.get("detail") or ""))
                    for s in stale if isinstance(s, Mapping) and as_int(s.get("sentence_id")) is not None)
    return ReportView(
        summary=summary,
        parts=part_views(parts, sv, summary.scores.by_part),
        matches=mv,
        checks=cv,
        tables=table_views(cells, cv),
        findings=finding_views(findings, summary.year, history, labels, mv, sv, tracking),
        stale=stale_v,
    )
