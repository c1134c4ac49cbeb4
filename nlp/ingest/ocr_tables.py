"""Ruled tables of an OCR'd page: the text-layer table machinery fed with image rulings and OCR words.

The ruling segments found in the image (:mod:`.ocr_rulings`) become pdfplumber edges; pdfplumber's
own edge merging, intersection and cell finding give the cell boxes, and
:func:`nlp.ingest.pdf_tables.page_tables`' grid building (:func:`~.pdf_tables._build`) places the
OCR words in the cells exactly as it places text-layer glyphs. Then every cell that holds a figure
read with a confidence below ``CONF_MIN``, and every cell with ink in it but no text read, is read
again alone; unless that reading is confident it is marked uncertain: its text is prefixed with
:data:`UNCERTAIN`, which the table parser turns into a cell of state ``uncertain`` (no value)
instead of a silent figure.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..core.document import UNCERTAIN_CELL as UNCERTAIN
from .pdf_lines import Glyph
from .pdf_tables import PageTable, _centre, _closures, _cluster, fill

CONF_MIN = 0.9
"""Lowest word confidence at which a figure in a table cell is taken as read."""
CONF_NEW = 0.95
"""Lowest confidence at which a cell read alone replaces a different first reading."""
_TOL = 3.0  # pt: snap and join tolerance for ruling segments

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Probe:
    """Looks at the page image inside a cell box (points): ``ink`` says whether anything is printed
    there, ``reread`` recognises the cell alone (text, confidence)."""

    ink: Callable[[BBox], bool]
    reread: Callable[[BBox], tuple[str, float]]


def edges(segments: list[tuple[str, float, float, float]], scale: float) -> list[dict[str, Any]]:
    """pdfplumber edge dicts (PDF points) for ruling segments given in pixels."""
    out = []
    for orient, pos, a, b in segments:
        p, a, b = pos * scale, a * scale, b * scale
        if orient == "h":
            out.append({"object_type": "line", "orientation": "h", "x0": a, "x1": b, "top": p, "bottom": p,
                        "width": b - a, "height": 0.0})
        else:
            out.append({"object_type": "line", "orientation": "v", "x0": p, "x1": p, "top": a, "bottom": b,
                        "width": 0.0, "height": b - a})
    return out


def _cell_boxes(found: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    vertical = [e for e in found if e["orientation"] == "v"]
    horizontal = [e for e in found if e["orientation"] == "h"] + _closures(vertical)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    merged = merge_edges(vertical + horizontal, _TOL, _TOL, _TOL, _TOL)
    cells = intersections_to_cells(edges_to_intersections(merged, _TOL, _TOL))
    return [t for t in cells_to_tables(cells) if len(t) >= 2]


def _has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _mark(table: PageTable, boxes: list[BBox], glyphs: list[Glyph], probe: Probe) -> None:
    """Settle doubtful cells by reading each alone: a figure read with confidence below CONF_MIN,
    and a cell with ink where nothing was read (the detector may have run a row of figures into
    one line). The lone reading replaces the cell's text when it is confident (CONF_MIN when it
    agrees with the first reading, CONF_NEW when it differs); otherwise the cell is UNCERTAIN."""
    rows = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    cols = table.col_bounds
    where = {}
    for i, c in enumerate(table.cells):
        for r in range(c.r0, c.r1):
            for k in range(c.c0, c.c1):
                where.setdefault((r, k), i)
    conf: dict[int, float] = {}
    for g in glyphs:
        cx, cy = _centre(g)
        r = min(max(bisect_right(rows, cy) - 1, 0), len(rows) - 2)
        k = min(max(bisect_right(cols, cx) - 1, 0), len(cols) - 2)
        i = where.get((r, k))
        if i is not None:
            conf[i] = min(conf.get(i, 1.0), float(g.get("conf", 1.0)))
    for i, c in enumerate(table.cells):
        box = (cols[c.c0], rows[c.r0], cols[c.c1], rows[c.r1])
        doubtful = _has_figure(c.text) and conf.get(i, 1.0) < CONF_MIN
        if not doubtful and (c.text or not probe.ink(box)):
            continue
        text, score = probe.reread(box)
        text = text.replace(" ", "")
        if text and score >= (CONF_MIN if text == c.text.replace(" ", "") else CONF_NEW):
            table.cells[i] = replace(c, text=text)
        else:
            table.cells[i] = replace(c, text=UNCERTAIN + c.text)


def page_tables(segments: list[tuple[str, float, float, float]], glyphs: list[Glyph], page: int,
                height: float, scale: float, probe: Probe) -> tuple[list[PageTable], list[Glyph]]:
    """The page's ruled tables (text frames excluded) and the glyphs outside them."""
    found = _cell_boxes(edges(segments, scale))
    if not found:
        return [], glyphs
    built, rest = fill(found, glyphs, page, height)
    for table, boxes, gs in built:
        _mark(table, boxes, gs, probe)
    return [t for t, _, _ in built], rest
