"""Glyphs to visual lines for the PDF reader (geometry only, no parsing).

pdfplumber hands over one dict per glyph (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``).
:func:`group_lines` clusters glyphs into visual lines by vertical overlap and orders each line left
to right; :func:`line_text` spells a line out. Chinese text carries no space glyphs: the gaps a
justified line spreads between characters are not words, so a space is only inserted between two
Latin/digit glyphs that stand apart, or at a column-sized gap (more than 1.5 em). Fake bold (the
same glyph printed twice, a hair apart) is printed once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Glyph = dict[str, Any]

WORD_GAP = 0.15
"""Gap (in em) between two Latin/digit glyphs that counts as a word space."""
COLUMN_GAP = 1.5
"""Gap (in em) that counts as a space whatever the script (table-like columns, signatures)."""


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK/general punctuation (“” — …): scripts that
    are written without spaces between characters."""
    o = ord(ch[0]) if ch else 0
    return o >= 0x2E80 or 0x2000 <= o <= 0x206F


@dataclass(frozen=True)
class VLine:
    """One visual line: its text and box (PDF points, ``top`` measured from the page top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _size(g: Glyph) -> float:
    s = g.get("size") or (g["bottom"] - g["top"])
    return float(s) if s and s > 0 else 10.0


def group_lines(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Cluster glyphs into lines (top to bottom), each sorted left to right.

    A glyph joins the current line when its vertical centre lies above the bottom of the line's
    first (topmost) glyph; superscripts and mixed fonts on one baseline stay together.
    """
    ordered = sorted(glyphs, key=lambda g: (g["top"], g["x0"]))
    lines: list[list[Glyph]] = []
    current: list[Glyph] = []
    band_bottom = 0.0
    for g in ordered:
        centre = (g["top"] + g["bottom"]) / 2
        if current and centre < band_bottom:
            current.append(g)
            continue
        if current:
            lines.append(current)
        current = [g]
        band_bottom = g["bottom"]
    if current:
        lines.append(current)
    for line in lines:
        line.sort(key=lambda g: g["x0"])
    return lines


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The text of one line of glyphs sorted by x (see module doc for the spacing rule)."""
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        ch = g["text"]
        if prev is not None:
            em = max(_size(prev), _size(g))
            if ch == prev["text"] and abs(g["x0"] - prev["x0"]) < 0.3 * em and abs(g["top"] - prev["top"]) < 0.3 * em:
                continue  # overprinted glyph (fake bold / shadow)
            gap = g["x0"] - prev["x1"]
            if gap > COLUMN_GAP * em or (
                gap > WORD_GAP * em and not is_wide(prev["text"][-1]) and not is_wide(ch[0])
            ):
                out.append(" ")
        out.append(ch)
        prev = g
    return "".join(out)


def to_vline(glyphs: Sequence[Glyph]) -> VLine:
    sizes = sorted(_size(g) for g in glyphs)
    return VLine(
        text=line_text(glyphs),
        x0=min(g["x0"] for g in glyphs),
        x1=max(g["x1"] for g in glyphs),
        top=min(g["top"] for g in glyphs),
        bottom=max(g["bottom"] for g in glyphs),
        size=sizes[len(sizes) // 2],
    )


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the visual lines of one table cell: wraps of CJK text join without a space, a wrap
    between two Latin/digit characters gets one."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not is_wide(out[-1]) and not is_wide(part[0]):
            out += " "
        out += part
    return out


def margins(lines: Sequence[VLine]) -> tuple[float, float] | None:
    """The body text's left and right margin: the most common line start and line end (2 pt bins;
    centred titles and short last lines do not move them). None without lines."""
    if not lines:
        return None
    lefts = Counter(round(ln.x0 / 2) for ln in lines)
    rights = Counter(round(ln.x1 / 2) for ln in lines)
    lbin = max(lefts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    rbin = max(rights.items(), key=lambda kv: (kv[1], kv[0]))[0]
    left = min(ln.x0 for ln in lines if round(ln.x0 / 2) == lbin)
    right = max(ln.x1 for ln in lines if round(ln.x1 / 2) == rbin)
    if right - left < 20:
        right = max(ln.x1 for ln in lines)
    return left, right


def geometry(line: VLine, left: float, right: float) -> tuple[float, float]:
    """(indent in characters of the line's own font size, width ratio clamped to [0, 1])."""
    indent = round((line.x0 - left) / line.size, 1)
    span = right - left
    ratio = (line.x1 - left) / span if span > 0 else 1.0
    return indent, round(min(1.0, max(0.0, ratio)), 3)
