"""Helpers shared by the HTML and DOCX readers: span expansion, fragment joining, dates, table lines.

Both formats describe tables as rows of cells with spans. :func:`expand_grid` turns them into a
full rectangular grid in which a spanned cell's text is repeated in every position it covers
(``None`` where a row has no cell at all), and :func:`table_lines` turns a grid into the
``RawTable`` + one ``Line`` per row that :class:`nlp.core.document.Document` expects.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.document import Line, RawTable

MAX_SPAN = 1000
"""Largest rowspan/colspan honoured; larger values (broken or hostile markup) are clamped."""

MAX_GRID_CELLS = 200_000
"""Expanded-grid size limit: cells that would push a table past this many positions are left out."""

_WS = re.compile(r"[ \t\n\r\f\v\xa0\u2000-\u200b\u202f\u205f]+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True)
class SpanCell:
    """One source cell: its text and how many rows/columns it covers (``rowspan`` 0 = to the end)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def norm_space(text: str) -> str:
    """Collapse runs of ASCII / no-break whitespace to one space and strip (keeps U+3000 inside)."""
    return _WS.sub(" ", text).strip(" \u3000")


def join_fragments(parts: Iterable[str]) -> str:
    """Join text fragments (``<br>``-separated pieces, a cell's paragraphs) into one string.

    Chinese text wrapped inside a cell (``商业<br>企业``) is joined without a space; a space is put
    only between two ASCII letters/digits (``Word<br>Excel`` -> ``Word Excel``).
    """
    out = ""
    for part in parts:
        part = norm_space(part)
        if not part:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out


def clamp_span(value: str | int | None, default: int = 1) -> int:
    """Parse a rowspan/colspan attribute: digits only, 0 allowed (rowspan to end), clamped."""
    if value is None:
        return default
    m = re.match(r"\s*(\d+)", str(value))
    if not m:
        return default
    return min(int(m.group(1)), MAX_SPAN)


def expand_grid(rows: Sequence[Sequence[SpanCell]]) -> list[list[str | None]]:
    """Expand rows of :class:`SpanCell` into a rectangular grid (HTML table model).

    A cell covering several positions repeats its text in each; positions no cell covers are
    ``None``. Rows with no cell at all (and not covered by a rowspan) are dropped.
    """
    n_rows = len(rows)
    filled: dict[tuple[int, int], str] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in filled:
                c += 1
            rs = cell.rowspan if cell.rowspan > 0 else n_rows - r
            rs = max(1, min(rs, n_rows - r))
            cs = max(1, cell.colspan)
            if len(filled) + rs * cs > MAX_GRID_CELLS:
                break
            for dr in range(rs):
                for dc in range(cs):
                    filled.setdefault((r + dr, c + dc), cell.text)
            c += cs
            width = max(width, c)
    grid: list[list[str | None]] = []
    for r in range(n_rows):
        row = [filled.get((r, c)) for c in range(width)]
        if any(v is not None for v in row):
            grid.append(row)
    return grid


def table_lines(
    grid: Sequence[Sequence[str | None]], *, table_index: int, line_index: int, source: str, page: int = 1
) -> tuple[RawTable, list[Line]]:
    """The :class:`RawTable` for ``grid`` and one table-row :class:`Line` per grid row.

    ``doc.lines[table.line_index + i].cells`` equals row ``i`` of the table (``None`` -> ``""``).
    """
    rows = tuple(tuple(cell for cell in row) for row in grid)
    table = RawTable(rows=rows, pages=(page,), source=source, line_index=line_index)
    lines = []
    for row in rows:
        cells = tuple(cell or "" for cell in row)
        lines.append(Line(text="\t".join(cells), page=page, hard_break=True, cells=cells, table=table_index))
    return table, lines


_DATE = re.compile(r"(\d{4})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})\s*日?")


def iso_date(text: str) -> str | None:
    """First date in ``text`` (2024-01-17, 2024年1月17日, 2024/1/17, 2024.1.17) as ISO, or None."""
    for m in _DATE.finditer(text):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


# Labels of the 索引号 metadata block found on government web pages, and the meta key each feeds.
META_LABELS: dict[str, str] = {
    "索引号": "index_no",
    "发布机构": "publisher",
    "发文机关": "issuer",
    "公开日期": "published",
    "发布日期": "published",
    "名称": "name",
    "标题": "name",
    "文号": "doc_no",
    "发文字号": "doc_no",
    "分类": "category",
    "主题分类": "category",
    "成文日期": "written",
}
_META_LABEL = re.compile(r"^\s*(" + "|".join(sorted(META_LABELS, key=len, reverse=True)) + r")\s*[:：]?\s*(.*)$", re.S)
_META_KEYS = ("索引号", "发布机构", "公开日期", "发布日期", "发文机关", "文号", "发文字号", "成文日期")


def meta_label(text: str) -> tuple[str, str] | None:
    """``(key, inline_value)`` when ``text`` starts with a metadata label (``索引号：…``)."""
    m = _META_LABEL.match(text)
    if not m:
        return None
    rest = m.group(2).strip()
    if rest and not re.match(r"^\s*[:：]", text[m.end(1) :]):
        return None  # "名称很长的一句话" is not the 名称 label
    return META_LABELS[m.group(1)], rest


def is_meta_table(grid: Sequence[Sequence[str | None]]) -> bool:
    """A small table of 索引号 / 发布机构 / 公开日期 … label-value pairs (page chrome, not a report table)."""
    if not grid or len(grid) > 10:
        return False
    found = set()
    for row in grid:
        for cell in row:
            if cell:
                m = _META_LABEL.match(cell)
                if m and m.group(1) in _META_KEYS:
                    found.add(m.group(1))
    return len(found) >= 2


def set_meta(meta: dict[str, str], key: str, value: str) -> None:
    """Record one metadata value (dates as ISO; the first value seen wins)."""
    value = norm_space(value)
    if not value or key in meta:
        return
    if key in ("published", "written"):
        iso = iso_date(value)
        if iso is None:
            return
        value = iso
    meta[key] = value


def read_meta_table(grid: Sequence[Sequence[str | None]], meta: dict[str, str]) -> None:
    """Fill ``meta`` from a metadata table: a label cell followed by its value cell, or ``label：value``."""
    for row in grid:
        cells = [c or "" for c in row]
        for j, cell in enumerate(cells):
            hit = meta_label(cell)
            if hit is None:
                continue
            key, inline = hit
            if inline:
                set_meta(meta, key, inline)
                continue
            for nxt in cells[j + 1 :]:
                if nxt != cell:
                    if meta_label(nxt) is None:
                        set_meta(meta, key, nxt)
                    break
