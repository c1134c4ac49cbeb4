"""Where each value of a data row goes: the cells of one row placed in the columns of its table.

The parser (:mod:`nlp.tables.parse`) decides which table and row a source row belongs to; these
functions place its values, by the header's column map (:mod:`nlp.tables.columns`) when it has a
usable one, else by the template's column order when the count of values fits exactly. Every
doubt is appended to the table's ``warnings`` list handed in; nothing here keeps state.
"""

from __future__ import annotations

import re

from ..core import labels as L
from ..core.tables import Cell, is_figure, parse_cell
from .columns import ColMap, Key, contiguous_shift, key_name, pick, tails
from .rows import SrcRow


def default_columns(table: str, key: str | None) -> list[Key]:
    """The template's columns of a row (of every T4 group when ``key`` is None)."""
    if table == "T3":
        return [(None, c) for c in L.T3_COLUMNS]
    if table == "T4":
        rows = [key] if key else list(L.T4_ROWS)
        return [(g, c) for g in rows for c in L.T4_COLUMNS]
    return [(None, c) for c in L.T2_COLUMNS_2021.get(key or "", ())]


def split_zeros(table: str, key: str | None, row: SrcRow, cmap: ColMap | None, label_end: int,
                warnings: list[str]) -> SrcRow:
    """Zeros run together in flattened text (``0000000``): one 0 per column when the count fits."""
    tail = tails(row, label_end)[1]
    if row.kind == "grid" or len(tail) != 1 or not re.fullmatch(r"0{2,}", (tail[0] or "").strip()):
        return row
    n = len(cmap.keys()) if cmap is not None and cmap.cols else len(default_columns(table, key))
    if len((tail[0] or "").strip()) != n:
        return row
    warnings.append(f"{table} row {key or '(no label)'} (page {row.page}): {n} zeros run "
                    f"together, read as one per column")
    return SrcRow((*row.cells[:label_end + 1], *("0" * n)), row.page, "space", row.block, row.line)


def place_values(table: str, key: str | None, row: SrcRow, cmap: ColMap | None, label_end: int,
                 warnings: list[str]) -> dict[Key, Cell] | None:
    """The row's cells by (group, column); None when they cannot be placed."""
    both = tails(row, label_end)
    usable = cmap is not None and bool(cmap.cols) and (cmap.complete() or any(len(t) == len(cmap.keys())
                                                                              for t in both))
    if not usable:
        return _by_template(table, key, row, label_end, cmap, warnings)
    assert cmap is not None
    if not cmap.complete():
        missing = _missing_columns(table, key, cmap)
        warnings.append(f"{table}: the header has no column {', '.join(missing)}; "
                        f"those cells are left empty")
    if row.kind == "space":
        keys = list(cmap.keys())
        tail = both[0]
        if len(tail) != len(keys):
            return None
        return _fit(table, key, {k: parse_cell(v, row.page) for k, v in zip(keys, tail, strict=True)})
    if row.kind == "grid":
        shift = 0 if cmap.kind != "grid" or len(row.cells) == cmap.width else len(row.cells) - cmap.width
    else:
        shift = max(0, label_end + 1 - cmap.h0)
        if label_end + 1 < cmap.h0:
            shift = contiguous_shift(row, cmap, label_end)
    got = pick(row, cmap, shift)
    mapped = {i + shift for idxs in cmap.keys().values() for i in idxs}
    extra = [c for i, c in enumerate(row.cells) if i > label_end and i not in mapped and is_figure(c)]
    if extra:
        warnings.append(f"{table} row {key or '(no label)'} (page {row.page}): values outside "
                        f"the header's columns ignored: {', '.join(str(c) for c in extra)}")
    short = [k for k, c in got.items() if c.raw is None]
    if short:
        warnings.append(f"{table} row {key or '(no label)'} (page {row.page}): no cell for "
                        + ", ".join(key_name(k) for k in short))
    return _fit(table, key, got)


def _missing_columns(table: str, key: str | None, cmap: ColMap) -> list[str]:
    have = {col for _, col in cmap.cols.values()}
    return [key_name(k) for k in default_columns(table, key) if k[1] not in have]


def _fit(table: str, key: str | None, got: dict[Key, Cell]) -> dict[Key, Cell]:
    if table == "T4" and key is not None:  # row-labelled layout: 行政复议 | 维持 纠正 …
        out: dict[Key, Cell] = {}
        for (g, col), cell in got.items():
            if g in (None, key):
                out[(key, col)] = cell
        return out
    if table == "T4":
        return {k: c for k, c in got.items() if k[0] is not None}
    return got


def _by_template(table: str, key: str | None, row: SrcRow, label_end: int, cmap: ColMap | None,
                 warnings: list[str]) -> dict[Key, Cell] | None:
    """No usable header: only a row with exactly the template's number of values is placed."""
    cols = default_columns(table, key)
    if not cols:
        return None
    tail = next((t for t in tails(row, label_end) if len(t) == len(cols)), None)
    if tail is None:
        return None
    why = "no header above it" if cmap is None else "its header is incomplete"
    warnings.append(f"{table} row {key or '(no label)'} (page {row.page}): {why}; "
                    f"the template's column order assumed")
    got = {k: parse_cell(v, row.page) for k, v in zip(cols, tail, strict=True)}
    return _fit(table, key, got)
