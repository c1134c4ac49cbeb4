"""Word positions for the PDF reader: two-column pages and tables without ruling lines.

:func:`text_lines` turns the glyphs outside ruled tables into visual lines, with two repairs:

- **two-column pages**: a vertical gutter in the middle of the page that no line crosses (except
  full-width lines such as a title), with running text on both sides, splits the page; each band
  between full-width lines is read left column first, then right column;
- **unruled tables**: a run of lines whose glyphs stand in separate blocks (gaps of ≥ 0.8 em), one of
  them with at least two figures, is a table: the line with the most blocks gives the columns, every
  line's blocks are put in the column they overlap (nearest centre otherwise) and the line's text
  becomes its cells joined by tabs (the reader turns them into table-row cells), so a blank cell
  keeps its column instead of shifting the figures after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .pdf_lines import Glyph, VLine, group_lines, is_wide, line_text, to_vline

SEGMENT_GAP = 0.8  # em
_FIGURE = re.compile(r"^[\d,.]+$|^[/—－-]$")


def _em(g: Glyph) -> float:
    s = g.get("size") or (g["bottom"] - g["top"])
    return float(s) if s and s > 0 else 10.0


def segments(line: Sequence[Glyph]) -> list[list[Glyph]]:
    out: list[list[Glyph]] = []
    for g in line:
        if out and g["x0"] - out[-1][-1]["x1"] < SEGMENT_GAP * max(_em(g), _em(out[-1][-1])):
            out[-1].append(g)
        else:
            out.append([g])
    return out


def _gutter(lines: list[list[Glyph]], width: float) -> tuple[float, float] | None:
    """The x-range of a column gutter, or None (see the module doc)."""
    if len(lines) < 6 or width <= 0:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    cover = [0] * (hi - lo)
    for ln in lines:
        hit = set()
        for g in ln:
            for x in range(max(lo, int(g["x0"])), min(hi, int(g["x1"]) + 1)):
                hit.add(x)
        for x in hit:
            cover[x - lo] += 1
    limit = max(1, len(lines) // 10)
    best: tuple[int, int] | None = None
    start = None
    for i, c in enumerate([*cover, limit + 1]):
        if c <= limit and start is None:
            start = i
        elif c > limit and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < 10:
        return None
    g0, g1 = lo + best[0], lo + best[1]

    def texty(side: str) -> int:
        n = 0
        for ln in lines:
            part = [g for g in ln if (g["x1"] <= g0 if side == "left" else g["x0"] >= g1)]
            n += sum(is_wide(g["text"]) for g in part) >= 8
        return n

    return (g0, g1) if texty("left") >= 3 and texty("right") >= 3 else None


def _reading_order(lines: list[list[Glyph]], width: float) -> tuple[list[list[Glyph]], bool]:
    gutter = _gutter(lines, width)
    if gutter is None:
        return lines, False
    g0, g1 = gutter
    out: list[list[Glyph]] = []
    band: list[Glyph] = []

    def flush() -> None:
        left = [g for g in band if (g["x0"] + g["x1"]) / 2 < (g0 + g1) / 2]
        right = [g for g in band if (g["x0"] + g["x1"]) / 2 >= (g0 + g1) / 2]
        out.extend(group_lines(left))
        out.extend(group_lines(right))
        band.clear()

    for ln in lines:
        if any(g["x1"] > g0 and g["x0"] < g1 for g in ln):  # a full-width line crosses the gutter
            flush()
            out.append(ln)
        else:
            band.extend(ln)
    flush()
    return out, True


def _figures(segs: list[list[Glyph]]) -> int:
    return sum(bool(_FIGURE.match("".join(g["text"] for g in s))) for s in segs)


def _table_text(block: list[list[list[Glyph]]]) -> list[str]:
    model = max(block, key=len)
    cols = [(s[0]["x0"], max(g["x1"] for g in s)) for s in model]
    out = []
    for segs in block:
        cells = [""] * len(cols)
        for s in segs:
            x0, x1 = s[0]["x0"], max(g["x1"] for g in s)
            overlap = [min(x1, c1) - max(x0, c0) for c0, c1 in cols]
            k = max(range(len(cols)), key=lambda j: overlap[j])
            if overlap[k] <= 0:
                mid = (x0 + x1) / 2
                k = min(range(len(cols)), key=lambda j: abs((cols[j][0] + cols[j][1]) / 2 - mid))
            cells[k] += line_text(s)
        out.append("\t".join(cells))
    return out


def text_lines(glyphs: list[Glyph], width: float) -> tuple[list[VLine], list[str]]:
    """Visual lines of a page's free glyphs (unruled table rows as tab-joined cells) and notes on
    what was recognised (``two-column``, ``unruled table``)."""
    lines, two_col = _reading_order(group_lines(glyphs), width)
    notes = ["two-column page"] if two_col else []
    segs = [segments(ln) for ln in lines]
    texts: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (len(segs[j]) >= 3 or (len(segs[j]) >= 2 and _figures(segs[j]) >= 1)):
            j += 1
        if j - i >= 2 and any(_figures(s) >= 2 for s in segs[i:j]):
            for k, text in enumerate(_table_text(segs[i:j])):
                texts[i + k] = text
            notes.append("unruled table")
            i = j
        else:
            i = max(j, i + 1)
    out = []
    for ln, text in zip(lines, texts, strict=True):
        v = to_vline(ln)
        out.append(v if text is None else VLine(text, v.x0, v.x1, v.top, v.bottom, v.size))
    return out, list(dict.fromkeys(notes))
