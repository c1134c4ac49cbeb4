"""The table rows of a :class:`~nlp.core.document.Document`, in reading order.

Three shapes reach the parser: ``grid`` rows of a recovered RawTable (PDF/HTML/DOCX; columns are
positions, spans repeated, ``None`` = no cell), ``tab`` rows (tab-separated text lines and Markdown
pipe rows; cell positions are meaningful but may drift by a label cell) and ``space`` rows (a plain
line ``label v1 v2 …`` or a header of column labels split on whitespace; only the count of values
is known, so they are assigned only when it equals the number of columns).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..core import labels as L
from ..core.document import Document
from ..core.tables import is_figure, is_value_like
from .shapes import caption, one_cell_rows, single_token

ONE_CELL = -2  # SrcRow.block of rows rebuilt from one-cell-per-line text
_FRAGMENT = re.compile(r"[\u4e00-\u9fff（）()、 ]{2,80}")


@dataclass(frozen=True)
class SrcRow:
    cells: tuple[str | None, ...]
    page: int
    kind: str  # grid | tab | space | caption (a T4 group's own heading) | frag (short label text)
    block: int  # grid: index in Document.tables; text: -1
    line: int  # index of the Line it came from (or the table's line_index)


def document_rows(doc: Document) -> list[SrcRow]:
    """Every candidate table row: grids where they stand, cell lines and space-separated rows."""
    referenced: dict[int, list[int]] = defaultdict(list)
    for ln in doc.lines:
        if ln.table is not None and 0 <= ln.table < len(doc.tables):
            referenced[ln.table].append(ln.page)
    unreferenced: dict[int, list[int]] = defaultdict(list)
    for ti, t in enumerate(doc.tables):
        if ti not in referenced:
            unreferenced[min(max(t.line_index, 0), len(doc.lines))].append(ti)
    out: list[SrcRow] = []
    emitted: set[int] = set()

    def emit_grid(ti: int, at: int) -> None:
        emitted.add(ti)
        t = doc.tables[ti]
        pages = referenced.get(ti, [])
        for r, cells in enumerate(t.rows):
            page = pages[r] if len(pages) == len(t.rows) else t.page
            out.append(SrcRow(tuple(cells), page, "grid", ti, at))

    run: list[tuple[int, str, int]] = []  # one-cell lines: (line index, token, page)

    def flush() -> None:
        rows = one_cell_rows([t for _, t, _ in run]) if len(run) >= 4 else None
        if rows is not None:
            for cells in rows:
                out.append(SrcRow(cells, run[0][2], "space", ONE_CELL, run[0][0]))
        else:
            for i, _, _ in run:
                emit_line(i)
        run.clear()

    def emit_line(i: int) -> None:
        ln = doc.lines[i]
        if ln.cells is not None:
            if any(c and c.strip() for c in ln.cells):
                out.append(SrcRow(tuple(ln.cells), ln.page, "tab", -1, i))
            return
        row = space_row(ln.text)
        if row is not None:
            out.append(SrcRow(row, ln.page, "space", -1, i))
        elif caption(ln.text):
            out.append(SrcRow((ln.text.strip(),), ln.page, "caption", -1, i))
        elif _FRAGMENT.fullmatch(ln.text.strip()):
            out.append(SrcRow(tuple(ln.text.split()), ln.page, "frag", -1, i))

    for i, ln in enumerate(doc.lines):
        for ti in unreferenced.pop(i, []):
            flush()
            emit_grid(ti, i)
        if ln.table is not None and 0 <= ln.table < len(doc.tables):
            flush()
            if ln.table not in emitted:
                emit_grid(ln.table, i)
            continue
        token = single_token(ln.cells, ln.text)
        if token is not None and (is_value_like(token) or L.entries(token)):
            run.append((i, token, ln.page))
            continue
        flush()
        emit_line(i)
    flush()
    for at in sorted(unreferenced):
        for ti in unreferenced[at]:
            emit_grid(ti, at)
    return out


_LEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d))")


def space_row(text: str) -> tuple[str, ...] | None:
    """``规章 0 0 0`` → ("规章", "0", "0", "0"); a header of column labels → its labels; else None."""
    tokens = text.split()
    if len(tokens) < 2 or len(text) > 300:
        return None
    first_value = next((i for i, t in enumerate(tokens) if is_value_like(t) and not _LEADING_NUMBER.match(t)), None)
    if first_value is None:
        if all(L.entries(t, kinds=("col", "colgroup")) or L.entries(t, "T4", ("row",)) for t in tokens):
            return tuple(tokens)
        return None
    values = tokens[first_value:]
    if not all(is_value_like(v) for v in values) or not any(is_figure(v) for v in values):
        return None
    if first_value == 0:
        return tuple(values) if sum(is_figure(v) for v in values) >= 3 else None
    label = "".join(tokens[:first_value])
    if not L.entries(label, kinds=("row", "col")):
        return None
    return (label, *values)
