"""The parser's handlers for table shapes beyond labelled rows (see :mod:`nlp.tables.shapes`):
an unlabelled row of 15 T4 figures (``bare-15``, ``broken-header``), transposed tables, and the PDF
reader's word-position layouts (``unruled-pdf``, ``two-column``)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..core.tables import TABLE_IDS, Tables, parse_cell
from .rows import SrcRow
from .shapes import SHAPES, bare_15, t4_sequence, transposed_column

_READER_NOTE = re.compile(r"^pdf: (unruled table|two-column page) on page (\d+)")


def reader_shapes(tables: Tables, warnings: tuple[str, ...]) -> Tables:
    """Add the PDF reader's word-position layouts to the tables read from text rows on those pages."""
    noted: dict[int, set[str]] = {}
    for w in warnings:
        m = _READER_NOTE.match(w)
        if m:
            noted.setdefault(int(m.group(2)), set()).add("unruled-pdf" if m.group(1) == "unruled table" else "two-column")
    out = {}
    for t in TABLE_IDS:
        table = tables.table(t)
        found = {s for p in table.text_pages for s in noted.get(p, ())}
        out[t] = replace(table, shapes=tuple(s for s in SHAPES if s in found or s in table.shapes))
    return Tables(out, tables.warnings)



class ShapeRows:
    """Mixed into the parser (``nlp.tables.parse._Parser``), whose state and ``_put``/``_stored`` these
    methods use."""

    current: str | None
    prev: str
    headers: dict[str, Any]
    buffer: list[SrcRow]
    transposed: tuple[str, dict[int, str], str] | None
    shapes: dict[str, set[str]]
    warnings: dict[str, list[str]]

    def _fifteen(self, row: SrcRow, texts: list[str]) -> bool:
        """An unlabelled row of 15 figures: T4 under a five-column header or a broken T4 header."""
        values = [t for t in texts if t.strip()]
        cmap = self.headers.get("T4")
        keys, shape = None, ""
        if self.current == "T4" and self.prev == "header" and cmap is not None and cmap.complete() \
                and all(g is None for g, _ in cmap.cols.values()):
            keys, shape = bare_15(values), "bare-15"
        if keys is None and len(values) == 15:
            keys, shape = t4_sequence([r.cells for r in self.buffer]), "broken-header"
        if keys is None:
            return False
        self.warnings["T4"].append(f"T4 (page {row.page}): one row of 15 figures read as 3 × 5 in the template's "
                                   f"order ({shape})")
        for (g, c), v in zip(keys, values, strict=True):
            self._put("T4", g, c, parse_cell(v, row.page))
        self.shapes["T4"].add(shape)
        self._stored("T4", row)
        return True

    def _transposed(self, row: SrcRow, texts: list[str]) -> bool:
        """A data row of a transposed table: its label is a column, the header's cells are rows."""
        assert self.transposed is not None
        table, rows_at, kind = self.transposed
        li = next((i for i, t in enumerate(texts) if t.strip()), None)
        col = transposed_column(texts[li], table) if li is not None else None
        if col is None or li is None:
            return False
        after = texts[li + 1:]
        filled = [t for t in after if t.strip()]
        if kind != "space" and row.kind != "space" and len(texts) == max(rows_at) + 1:
            placed = {r: texts[i] for i, r in rows_at.items()}
        elif len(filled) == len(rows_at):
            placed = dict(zip([rows_at[i] for i in sorted(rows_at)], filled, strict=True))
        else:
            return False
        for r, v in placed.items():
            self._put(table, r, col, parse_cell(v, row.page))
        self.shapes[table].add("transposed")
        self._stored(table, row)
        self.prev = "transposed"
        return True

