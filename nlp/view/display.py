"""displaCy views of a report for notebooks, with Chinese text kept contiguous.

displaCy's token-based views (``style="span"``, ``"dep"``) put a space after every token, which
splits Chinese words (政府 信息 公开). These helpers use displaCy's *manual* entity mode instead:
the report's narrative text with character offsets, so the text is shown exactly as written::

    from nlp.view.display import parts_html, findings_html
    html = parts_html(report)               # every part in its own colour, labelled once
    html = findings_html(report, part=5)    # problems / commitments / improvements of part 5
    display(HTML(html))                     # in Jupyter (or jupyter=True to display directly)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.report import PART_NAMES, Report

# the same colours as the parts of the audit site (nlp/audit/static/site.css)
PART_COLORS = {0: "#8da0cb", 1: "#66c2a5", 2: "#fc8d62", 3: "#e78ac3", 4: "#a6d854", 5: "#e5c100", 6: "#c9a26b",
               7: "#b3b3b3"}
KIND_COLORS = {"problem": "#ff9da7", "commitment": "#8cd17d", "improvement": "#76b7b2"}
KIND_NAMES = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}


def part_label(part: int) -> str:
    return f"{part} {PART_NAMES.get(part, '其他')}"


def _part_runs(report: Report, parts: Iterable[int] | None) -> list[tuple[int, int, int]]:
    """(start, end, part) of each run of consecutive sentences of the same part, in the narrative."""
    keep = None if parts is None else set(parts)
    runs: list[list[int]] = []
    for s in report.sentences:
        if keep is not None and s.part not in keep:
            continue
        if runs and runs[-1][2] == s.part:
            runs[-1][1] = max(runs[-1][1], s.end)
        else:
            runs.append([s.start, s.end, s.part])
    return [(a, b, p) for a, b, p in runs]


def _render(docs: list[dict[str, Any]], colors: dict[str, str], jupyter: bool) -> str:
    from spacy import displacy

    html = displacy.render(docs, style="ent", manual=True, jupyter=jupyter, options={"colors": colors})
    return "" if html is None else html


def parts_data(report: Report, parts: Iterable[int] | None = None) -> dict[str, Any]:
    """displaCy's manual entity data: the narrative from the first to the last selected sentence,
    one entity per run of sentences of the same part, labelled ``"<n> <part name>"``."""
    runs = _part_runs(report, parts)
    if not runs:
        return {"text": "", "ents": [], "title": report.meta.agency}
    lo, hi = runs[0][0], max(b for _, b, _ in runs)
    ents = [{"start": a - lo, "end": b - lo, "label": part_label(p)} for a, b, p in runs]
    return {"text": report.narrative[lo:hi], "ents": ents, "title": report.meta.agency}


def parts_html(report: Report, parts: Iterable[int] | None = None, jupyter: bool = False) -> str:
    """HTML of the report's text (``parts``: only those parts) with a colour per part."""
    return _render([parts_data(report, parts)], {part_label(p): c for p, c in PART_COLORS.items()}, jupyter)


def findings_data(report: Report, part: int | None = 5) -> dict[str, Any]:
    """The sentences of ``part`` (None: all) with the findings as entities labelled
    ``"<kind> · <category>"`` (a finding overlapping an earlier one is left out)."""
    sents = [s for s in report.sentences if part is None or s.part == part]
    if not sents:
        return {"text": "", "ents": []}
    lo, hi = sents[0].start, max(s.end for s in sents)
    ents: list[dict[str, Any]] = []
    for f in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if lo <= f.start < f.end <= hi and (not ents or f.start - lo >= ents[-1]["end"]):
            ents.append({"start": f.start - lo, "end": f.end - lo,
                         "label": f"{KIND_NAMES.get(f.kind, f.kind)} · {f.category or '其他'}"})
    return {"text": report.narrative[lo:hi], "ents": ents}


def findings_html(report: Report, part: int | None = 5, jupyter: bool = False) -> str:
    """HTML of part ``part`` with its problems, commitments and improvements marked (a colour per kind)."""
    data = findings_data(report, part)
    colors = {e["label"]: KIND_COLORS.get(k, "#ddd") for e in data["ents"]
              for k, name in KIND_NAMES.items() if e["label"].startswith(name)}
    return _render([data], colors, jupyter)
