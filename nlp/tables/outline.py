"""Outline checks: the report's shape against the national template (scope ``outline/…``).

Each check is a :class:`nlp.core.report.Check` with a ``severity`` (``fail``: the report lacks something
the template requires; ``warning``: a defect an auditor would mark but the content is there). A
check that fires has status ``fail``; one that looked and found nothing wrong has ``pass``. They
never change ``xxgk check``'s exit code unless ``--strict``.

- O-1 numbering: part headings printed with another number than their part (二–六 printed as 一–五),
  or top-level numbering restarted (sub-topics of 总体情况 numbered 一、二、… then 一、 again);
- O-2 a part missing (no heading, no content) or empty (heading only: no text, no table);
- O-3 part 5 empty, “无”, or under 10 characters;
- O-4 part 5 lists problems but no measures, or measures but no problems;
- O-5 T2 cells blank, “/” or text where the template expects a figure;
- O-6 blank cells per table: cells printed empty (a cell the document does not have at all is not
  counted); fires when a found table has any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..core import labels as L
from ..core.report import Check, Sentence
from ..core.tables import Tables

OutlineEntry = tuple[int, int, str, bool]  # printed number, part, title, is a part heading
_NUMERALS = "一二三四五六七八九十"
_PART5_MIN = 10


def _check(cid: str, what: str, fired: bool, severity: str, message: str, evidence: dict[str, Any],
           left: float | None = None) -> Check:
    ev = {**evidence, "severity": severity if fired else None}
    return Check(cid, f"outline/{what}", "fail" if fired else "pass", message, left=left, evidence=ev,
                 severity=severity if fired else None)


def _cn(n: int) -> str:
    return _NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


def _is_table_label(title: str) -> bool:
    return bool(L.entries(title, "T3", ("row", "group"))) or bool(re.search(r"\d", title))


def numbering(outline: Sequence[OutlineEntry]) -> Check:
    entries = [e for e in outline if e[3] or (e[1] not in (2, 3, 4) and not _is_table_label(e[2]))]
    wrong = [e for e in entries if e[3] and e[0] != e[1]]
    restarts = [(a, b) for a, b in zip(entries, entries[1:], strict=False) if b[0] <= a[0]]
    ev = {"outline": [{"number": _cn(n), "part": p, "title": t, "part_heading": h} for n, p, t, h in entries]}
    problems = [f"part {p} heading numbered {_cn(n)}、 ({t})" for n, p, t, _ in wrong]
    problems += [f"numbering restarts at {_cn(b[0])}、{b[2]} after {_cn(a[0])}、{a[2]}" for a, b in restarts]
    if not entries:
        return Check("O-1", "outline/numbering", "not_assessable", "no numbered part headings found",
                     evidence=ev)
    msg = "; ".join(problems) if problems else "part headings numbered 一 to 六 in order"
    return _check("O-1", "numbering", bool(problems), "warning", msg, ev)


def parts_present(headings: dict[int, str], sentences: Sequence[Sentence], tables: Tables | None) -> list[Check]:
    out = []
    for part in range(1, 7):
        n = sum(1 for s in sentences if s.part == part)
        table = {2: "T2", 3: "T3", 4: "T4"}.get(part)
        has_table = bool(table and tables is not None and tables.table(table).found)
        ev = {"part": part, "heading": headings.get(part), "sentences": n, "table_found": has_table}
        if part not in headings and not n and not has_table:
            out.append(_check("O-2", f"part{part}", True, "fail", f"part {part} missing: no heading, no content", ev))
        elif part in headings and not n and not has_table:
            out.append(_check("O-2", f"part{part}", True, "fail",
                              f"part {part} empty: heading '{headings[part]}' with no text and no table", ev))
        elif part not in headings:
            out.append(_check("O-2", f"part{part}", True, "warning",
                              f"part {part} has no heading (its content was found without one)", ev))
        else:
            out.append(_check("O-2", f"part{part}", False, "fail", f"part {part} present", ev))
    return out


def part5_content(headings: dict[int, str], sentences: Sequence[Sentence]) -> Check:
    text = "".join(s.text for s in sentences if s.part == 5)
    core = re.sub(r"[\s。，,；;：:、（）()一二三四五六七八九十\d.]", "", text)
    ev = {"part": 5, "heading": headings.get(5), "text": text[:120], "characters": len(core),
          "sentences": [s.id for s in sentences if s.part == 5]}
    if not text.strip():
        return _check("O-3", "part5", True, "fail", "part 5 (problems and improvements) is empty", ev, left=0)
    if core in ("无", "暂无", "没有") or len(core) < _PART5_MIN:
        return _check("O-3", "part5", True, "fail", f"part 5 says almost nothing: '{text.strip()[:40]}'", ev,
                      left=len(core))
    return _check("O-3", "part5", False, "fail", f"part 5 has {len(core)} characters", ev, left=len(core))


def problems_and_measures(findings: Sequence[Any], sentences: Sequence[Sentence]) -> Check:
    """Findings are :class:`nlp.core.report.Finding` (kind problem | commitment | improvement)."""
    in5 = [f for f in findings if getattr(f, "part", None) == 5]
    problems = [f for f in in5 if f.kind == "problem"]
    measures = [f for f in in5 if f.kind in ("commitment", "improvement")]
    ev = {"part": 5, "problems": [f.text for f in problems][:10], "measures": [f.text for f in measures][:10]}
    if not any(s.part == 5 for s in sentences):
        return Check("O-4", "outline/part5/balance", "not_assessable", "part 5 has no text", evidence=ev)
    if problems and not measures:
        return _check("O-4", "part5/balance", True, "warning",
                      f"part 5 lists {len(problems)} problem(s) but no improvement measures", ev, left=len(problems))
    if measures and not problems:
        return _check("O-4", "part5/balance", True, "warning",
                      f"part 5 lists {len(measures)} measure(s) but names no problem", ev, left=0)
    if not problems:
        return _check("O-4", "part5/balance", True, "warning", "part 5 names neither problems nor measures", ev,
                      left=0)
    return _check("O-4", "part5/balance", False, "warning",
                  f"part 5: {len(problems)} problem(s), {len(measures)} measure(s)", ev, left=len(problems))


def t2_cells(tables: Tables) -> Check:
    t2 = tables.table("T2")
    if not t2.found:
        return Check("O-5", "outline/T2", "not_assessable", "T2 not found", evidence={"part": 2})
    template = L.T2_COLUMNS_2019 if t2.template == "2019" else L.T2_COLUMNS_2021
    bad = [{"table": "T2", "row": r, "column": c, "raw": t2.cell(r, c).raw, "state": t2.cell(r, c).state}
           for r, cols in template.items() for c in cols if not t2.cell(r, c).figure]
    msg = (f"T2: {len(bad)} cell(s) without a figure: "
           + ", ".join(f"{b['row']}/{b['column']}={b['raw'] if b['raw'] is not None else '(none)'}" for b in bad)
           if bad else "T2: every cell holds a figure")
    return _check("O-5", "T2", bool(bad), "warning", msg, {"part": 2, "cells": bad}, left=len(bad))


def blank_cells(tables: Tables) -> list[Check]:
    out = []
    for t in ("T2", "T3", "T4"):
        table = tables.table(t)
        if not table.found:
            continue
        present = [(r, c) for r, cols in table.layout().items() for c in cols if table.cell(r, c).raw is not None]
        blank = [(r, c) for r, c in present if table.cell(r, c).state == "empty"]
        ev = {"part": L.PART_OF_TABLE[t], "table": t, "printed_cells": len(present),
              "blank": [f"{r}/{c}" for r, c in blank][:40]}
        out.append(_check("O-6", t, bool(blank), "warning", f"{t}: {len(blank)} of {len(present)} printed cells blank",
                          ev, left=len(blank)))
    return out


def outline_checks(outline: Sequence[OutlineEntry], headings: dict[int, str], sentences: Sequence[Sentence],
                   tables: Tables | None, findings: Sequence[Any] = ()) -> list[Check]:
    out = [numbering(outline), *parts_present(headings, sentences, tables), part5_content(headings, sentences),
           problems_and_measures(findings, sentences)]
    if tables is not None:
        out += [t2_cells(tables), *blank_cells(tables)]
    return out


def report_checks(layout: Any, sentences: Sequence[Sentence], tables: Tables | None, findings: Sequence[Any] = (),
                  year: int | None = None) -> list[Check]:
    """Every outline and narrative check of one parsed report (``layout``: :class:`nlp.text.structure.Layout`)."""
    from .prose import narrative_checks

    outline = getattr(layout, "outline", ())
    headings = dict(getattr(layout, "headings", {}))
    return [*outline_checks(outline, headings, sentences, tables, findings),
            *narrative_checks(sentences, tables, year)]


def counts_for_exit(check: Check, strict: bool) -> bool:
    """Whether a failed check makes ``xxgk check`` exit 1: outline/narrative ones only with ``--strict``."""
    return check.status == "fail" and (strict or not check.scope.startswith(("outline/", "narrative/")))
