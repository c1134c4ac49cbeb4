"""Ruled tables for the PDF reader: find them on a page, fill their grid, join page continuations.

Only *visible* rulings make tables: a rectangle filled white without a stroke is a paragraph
background (WPS shades narrative text this way, which pdfplumber would otherwise read as
one-column tables), so it is dropped. Rulings that stop in mid-air (a table cut by a page break,
a header row without a top border) are closed by a synthetic line joining the ends of vertical
rulings that stop at the same height. A found table whose every row has at most one non-empty
cell is a text frame, not a table: the caller reads its text as lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from pdfplumber.table import TableFinder

from .pdf_lines import Glyph, group_lines, join_wrapped, line_text

_TOL = 2.0  # pt: boundaries closer than this are one grid line
_MERGE_TOL = 6.0  # pt: outer edges of two table parts that may be one table
_LABEL_START = re.compile(r"^\s*([(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")


@dataclass(frozen=True)
class Cell:
    """A grid cell: text and the grid rows [r0, r1) and columns [c0, c1) it covers."""

    text: str
    r0: int
    r1: int
    c0: int
    c1: int


@dataclass
class PageTable:
    """A table being assembled (one page part, or several after merging continuations)."""

    cells: list[Cell]
    nrows: int
    col_bounds: list[float]
    row_pages: list[int]
    top: float  # of the first part
    bottom: float  # of the last part
    page_height: float  # of the last part's page
    parts: list[tuple[int, int, int, float]] = field(default_factory=list)  # page, row0, row1, top

    @property
    def ncols(self) -> int:
        return len(self.col_bounds) - 1

    def is_text_frame(self) -> bool:
        per_row = [0] * self.nrows
        for c in self.cells:
            if c.text:
                for r in range(c.r0, c.r1):
                    per_row[r] += 1
        return max(per_row, default=0) <= 1


def _white(color: Any) -> bool:
    if color is None or isinstance(color, str):
        return False
    comps = (color,) if isinstance(color, int | float) else tuple(color)
    if not comps or not all(isinstance(v, int | float) for v in comps):
        return False
    if len(comps) == 4:  # CMYK
        return max(comps) <= 0.02
    return min(comps) >= 0.98


def _visible(edge: dict[str, Any]) -> bool:
    if edge.get("stroke") and not _white(edge.get("stroking_color")):
        return True
    if edge.get("object_type") in ("line", "line_edge") and not edge.get("stroke") and not edge.get("fill"):
        return True  # bare line object: painted in the default (black) colour
    return bool(edge.get("fill")) and not _white(edge.get("non_stroking_color"))


def _cluster(values: list[float], tol: float = _TOL) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _closures(vertical: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal lines joining vertical rulings that end at the same height (≥ 2 of them)."""
    out = []
    for key in ("top", "bottom"):
        groups: dict[float, list[dict[str, Any]]] = {}
        for y in _cluster([e[key] for e in vertical]):
            groups[y] = [e for e in vertical if abs(e[key] - y) <= _TOL]
        for y, es in groups.items():
            if len(es) >= 2:
                x0, x1 = min(e["x0"] for e in es), max(e["x0"] for e in es)
                out.append({"object_type": "synthetic_edge", "orientation": "h", "x0": x0, "x1": x1,
                            "top": y, "bottom": y, "width": x1 - x0, "height": 0})
    return out


def _find(page: Any, edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    edges = [e for e in edges if _visible(e)]
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"] + _closures(vertical)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return [t.cells for t in TableFinder(page, settings).tables]


def _centre(g: Glyph) -> tuple[float, float]:
    return (g["x0"] + g["x1"]) / 2, (g["top"] + g["bottom"]) / 2


def _build(boxes: list[tuple[float, float, float, float]], glyphs: list[Glyph], page: int,
           page_height: float) -> PageTable:
    """Grid of one page part: boundaries from the cell boxes, glyphs placed by their centre."""
    cols = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    rows = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])

    def idx(bounds: list[float], v: float) -> int:
        return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))

    spans: list[list[int]] = []
    owner: dict[tuple[int, int], int] = {}
    for x0, top, x1, bottom in boxes:
        c0, c1, r0, r1 = idx(cols, x0), idx(cols, x1), idx(rows, top), idx(rows, bottom)
        if c1 <= c0 or r1 <= r0 or (r0, c0) in owner:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), len(spans))
        spans.append([r0, r1, c0, c1])
    content: list[list[Glyph]] = [[] for _ in spans]
    for g in glyphs:
        cx, cy = _centre(g)
        r = min(max(bisect_right(rows, cy) - 1, 0), len(rows) - 2)
        c = min(max(bisect_right(cols, cx) - 1, 0), len(cols) - 2)
        k = owner.get((r, c))
        if k is None:  # inside the table's box but in no closed cell: give it its own cell
            k = owner[(r, c)] = len(spans)
            spans.append([r, r + 1, c, c + 1])
            content.append([])
        content[k].append(g)
    cells = [Cell(join_wrapped([line_text(ln) for ln in group_lines(gs)]), *s)
             for s, gs in zip(spans, content, strict=True)]
    nrows = len(rows) - 1
    return PageTable(cells=cells, nrows=nrows, col_bounds=cols, row_pages=[page] * nrows, top=rows[0],
                     bottom=rows[-1], page_height=page_height, parts=[(page, 0, nrows, rows[0])])


def page_tables(page: Any, glyphs: list[Glyph], edges: list[dict[str, Any]] | None = None
                ) -> tuple[list[PageTable], list[Glyph]]:
    """The page's tables (text frames excluded) and the glyphs that lie outside them. ``edges``:
    the page's path edges when already read (by PDFium), else pdfplumber's ``page.edges``."""
    found = _find(page, page.edges if edges is None else edges)
    if not found:
        return [], glyphs
    built, rest = fill(found, glyphs, page.page_number, float(page.height))
    return [t for t, _, _ in built], rest


Boxes = list[tuple[float, float, float, float]]


def fill(found: list[Boxes], glyphs: list[Glyph], page: int, page_height: float
         ) -> tuple[list[tuple[PageTable, Boxes, list[Glyph]]], list[Glyph]]:
    """Tables built from found cell boxes (top to bottom, text frames excluded), each with its
    boxes and glyphs, and the glyphs outside every table."""
    bboxes = [(min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))
              for bs in found]
    inside: list[list[Glyph]] = [[] for _ in found]
    rest: list[Glyph] = []
    for g in glyphs:
        cx, cy = _centre(g)
        for i, (x0, top, x1, bottom) in enumerate(bboxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                inside[i].append(g)
                break
        else:
            rest.append(g)
    tables = []
    for boxes, gs in zip(found, inside, strict=True):
        table = _build(boxes, gs, page, page_height)
        if table.is_text_frame():
            rest.extend(gs)
        else:
            tables.append((table, boxes, gs))
    tables.sort(key=lambda t: t[0].top)
    return tables, rest


def _column_map(a: list[float], b: list[float]) -> tuple[list[float], list[int], list[int]] | None:
    """Union column boundaries of two parts and each part's index map into it, or None when the
    parts do not fit together (outer edges apart, or inner rulings of neither part a subset)."""
    if abs(a[0] - b[0]) > _MERGE_TOL or abs(a[-1] - b[-1]) > _MERGE_TOL:
        return None
    if len(a) == len(b):
        same = list(range(len(a)))
        return a, same, same
    small, large = (a, b) if len(a) < len(b) else (b, a)
    if any(min(abs(x - y) for y in large) > _MERGE_TOL for x in small[1:-1]):
        return None

    def to_large(bounds: list[float]) -> list[int]:
        return [min(range(len(large)), key=lambda i: abs(large[i] - x)) for x in bounds]

    return large, to_large(a), to_large(b)


def try_merge(prev: PageTable, nxt: PageTable, next_page_height: float) -> bool:
    """Append ``nxt`` (top of the next page) to ``prev`` (bottom of its page) when it continues it.

    A cell cut by the page break (a row-group label such as （四）无 / 法提供) is joined back into
    one cell when one of its halves spans several rows and the lower half does not start a new
    label. Returns True when merged (``prev`` is updated in place).
    """
    if prev.bottom < 0.7 * prev.page_height or nxt.top > 0.3 * next_page_height:
        return False
    mapping = _column_map(prev.col_bounds, nxt.col_bounds)
    if mapping is None:
        return False
    bounds, map_prev, map_next = mapping
    base = prev.nrows
    cells = [replace(c, c0=map_prev[c.c0], c1=map_prev[c.c1]) for c in prev.cells]
    last_row = {(c.c0, c.c1): i for i, c in enumerate(cells) if c.r1 == base}
    for c in nxt.cells:
        c = replace(c, r0=c.r0 + base, r1=c.r1 + base, c0=map_next[c.c0], c1=map_next[c.c1])
        i = last_row.get((c.c0, c.c1)) if c.r0 == base else None
        if i is not None:
            up = cells[i]
            if (up.r1 - up.r0 > 1 or c.r1 - c.r0 > 1) and not _LABEL_START.match(c.text):
                cells[i] = replace(up, r1=c.r1, text=join_wrapped([up.text, c.text]))
                continue
        cells.append(c)
    prev.cells = cells
    prev.col_bounds = bounds
    prev.parts.extend((p, r0 + base, r1 + base, top) for p, r0, r1, top in nxt.parts)
    prev.row_pages.extend(nxt.row_pages)
    prev.nrows += nxt.nrows
    prev.bottom = nxt.bottom
    prev.page_height = next_page_height
    return True


def grid(table: PageTable) -> tuple[tuple[str | None, ...], ...]:
    """Rows of cell strings with spans expanded (a merged cell's text in every position it
    covers); None where no cell is."""
    out: list[list[str | None]] = [[None] * table.ncols for _ in range(table.nrows)]
    for c in table.cells:
        for r in range(c.r0, c.r1):
            for k in range(c.c0, c.c1):
                out[r][k] = c.text
    return tuple(tuple(row) for row in out)


def row_cells(table: PageTable) -> list[tuple[str, ...]]:
    """Per row, the cells as a table-row Line shows them: text at a cell's top-left position,
    "" in the positions a merged cell covers and where no cell is."""
    out = [[""] * table.ncols for _ in range(table.nrows)]
    for c in table.cells:
        out[c.r0][c.c0] = c.text
    return [tuple(row) for row in out]
