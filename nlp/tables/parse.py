"""Read T2/T3/T4 out of a Document by their labels.

Rows arrive in reading order (:mod:`nlp.tables.rows`). Each is a *header* row (column labels, no
figures), a *section* row (第二十条第（五）项), a *data* row (a recognised row label, or figures
right under a header) or something else (narrative in a text frame, a label fragment cut by a page
break), which is skipped. The table a row belongs to is decided by its labels, not its position; the
column of each value by the header above it (:mod:`nlp.tables.columns`). Values are never taken in
the order they appear: a row with fewer cells than columns leaves the missing cells empty
(``raw=None``) and says so in a warning (the placing of a row's values: :mod:`nlp.tables.place`).
"""

from __future__ import annotations

from ..core import labels as L
from ..core.document import Document
from ..core.tables import TABLE_IDS, Cell, Table, Tables, is_figure, is_value_like, parse_cell
from .columns import ColMap, build
from .parse_shapes import ShapeRows, reader_shapes
from .place import default_columns, place_values, split_zeros
from .rows import ONE_CELL, SrcRow, document_rows
from .shapes import SHAPES, caption, transposed_header


def extract(document: Document) -> Tables:
    """T2/T3/T4 of one report (never raises: a failure becomes an empty result with a warning)."""
    try:
        tables = extract_rows(document_rows(document))
        return reader_shapes(tables, document.warnings) if document.format == "pdf" else tables
    except Exception as exc:  # the contract: bad tables give warnings, not exceptions
        return Tables(warnings=(f"tables: parsing failed ({type(exc).__name__}: {exc})",))


def extract_rows(rows: list[SrcRow]) -> Tables:
    p = _Parser()
    for row in rows:
        p.feed(row)
    return p.result()


class _Parser(ShapeRows):
    def __init__(self) -> None:
        self.cells: dict[str, dict[tuple[str, str], Cell]] = {t: {} for t in TABLE_IDS}
        self.pages: dict[str, set[int]] = {t: set() for t in TABLE_IDS}
        self.warnings: dict[str, list[str]] = {t: [] for t in TABLE_IDS}
        self.units: dict[str, dict[str, str]] = {t: {} for t in TABLE_IDS}
        self.headers: dict[str, ColMap] = {}
        self.block: list[SrcRow] = []
        self.current: str | None = None
        self.prev = "other"
        self.t3_group: str | None = None
        self.caption: str | None = None  # the T4 group named by the caption above a small table
        self.buffer: list[SrcRow] = []  # rows without figures since the last stored row
        self.transposed: tuple[str, dict[int, str], str] | None = None  # table, position → row, kind
        self.shapes: dict[str, set[str]] = {t: set() for t in TABLE_IDS}
        self.text_pages: dict[str, set[int]] = {t: set() for t in TABLE_IDS}  # pages of tab/space rows

    # ------------------------------------------------------------------ classification
    def feed(self, row: SrcRow) -> None:
        texts = [c if c is not None else "" for c in row.cells]
        figures = [i for i, c in enumerate(texts) if is_figure(c)]
        if row.kind in ("caption", "frag"):
            if row.kind == "caption":
                self.caption, self.buffer = caption(texts[0]), []
            else:
                self.buffer = [*self.buffer[-5:], row]
            return
        if not figures:
            self.buffer = [*self.buffer[-5:], row]
            th = transposed_header(row.cells)
            self.transposed = (*th, row.kind) if th else None
            if th and th[0] == "T3":
                self.current, self.prev = "T3", "header"
                return
        header_hits = [L.entries(c, kinds=("col", "colgroup", "label")) for c in texts]
        row_hits = [L.entries(c, kinds=("row", "group")) for c in texts]
        note = any(L.is_t3_note(c) for c in texts if c)
        if not figures and (note or self._looks_like_header(header_hits, row_hits)):
            self._header(row, header_hits, note)
            return
        if not figures and any(L.section_item(c) for c in texts if c):
            self.current, self.prev, self.block = "T2", "section", []
            return
        self._data(row, texts, figures, row_hits)

    @staticmethod
    def _looks_like_header(header_hits: list[tuple[L.Entry, ...]], row_hits: list[tuple[L.Entry, ...]]) -> bool:
        """A column label that is not also a row label (总计 and 其他 are both), or two T4 groups."""
        if any(h and not r for h, r in zip(header_hits, row_hits, strict=True)):
            return True
        groups = {e.key for hits in row_hits for e in hits if e.table == "T4"}
        return len(groups) >= 2

    def _header(self, row: SrcRow, header_hits: list[tuple[L.Entry, ...]], note: bool) -> None:
        if self.prev != "header":
            self.block = []
        self.block.append(row)
        votes = dict.fromkeys(TABLE_IDS, 0)
        for r in self.block:
            for c in r.cells:
                for e in L.entries(c):
                    if e.kind in ("col", "colgroup", "label") or (e.table == "T4" and e.kind == "row"):
                        votes[e.table] += 1
                if c and L.is_t3_note(c):
                    votes["T3"] += 3
        best = max(votes.values())
        if best == 0:
            return
        winners = [t for t in TABLE_IDS if votes[t] == best]
        table = self.current if self.current in winners else winners[-1]
        self.headers[table] = build(table, self.block)
        self.current, self.prev = table, "header"
        self.pages[table].add(row.page)

    # ------------------------------------------------------------------ data rows
    def _data(self, row: SrcRow, texts: list[str], figures: list[int], row_hits: list[tuple[L.Entry, ...]]) -> None:
        if self.transposed is not None and self._transposed(row, texts):
            return
        leaves = [(i, e) for i, hits in enumerate(row_hits) for e in hits if e.kind == "row"]
        groups = [(i, e) for i, hits in enumerate(row_hits) for e in hits if e.kind == "group"]
        for _, e in groups:
            if e.table == "T3" and e.key in L.T3_GROUPS:
                self.t3_group = e.key
        tables = {e.table for _, e in leaves}
        if self.current in tables:
            table = self.current
        elif tables:
            table = max(leaves, key=lambda x: x[0])[1].table
        elif groups and any(e.key in L.T3_GROUP_ROWS for _, e in groups) and self.current == "T3":
            table = "T3"  # a group's own row: （六）其他处理 in the 2019 layout
        else:
            if figures and self._fifteen(row, texts):
                return
            has_values = figures or any(parse_cell(c).state == "na" for c in texts)
            blank_t4 = self.current == "T4" and self.prev == "header" and any(c is not None for c in row.cells)
            if self.prev in ("header", "labelless") and self.current and (has_values or blank_t4):
                self._labelless(row)
            elif figures:
                self.prev = "other"
            return
        label_idx = [i for i, hits in enumerate(row_hits) if hits]
        key = self._row_key(table, leaves, groups)
        if key is None:
            return
        self.current, self.prev = table, "data"
        self._store_row(table, key, row, max(label_idx))

    def _row_key(self, table: str, leaves: list[tuple[int, L.Entry]], groups: list[tuple[int, L.Entry]]) -> str | None:
        mine = [(i, e) for i, e in leaves if e.table == table]
        if not mine:
            g = [e.key for _, e in groups if e.table == "T3" and e.key in L.T3_GROUP_ROWS]
            return g[-1] if table == "T3" and g else None
        key = max(mine, key=lambda x: x[0])[1].key
        if table == "T3" and key in L.GROUP_OF:
            self.t3_group = L.GROUP_OF[key]
        return key

    def _labelless(self, row: SrcRow) -> None:
        table = self.current
        assert table is not None
        self.prev = "labelless"
        cmap = self.headers.get(table)
        if table == "T4" and self.caption and cmap is not None and all(g is None for g, _ in cmap.cols.values()):
            self.shapes["T4"].add("three-tables")
            self._store_row(table, self.caption, row, -1)
            return
        self._store_row(table, None, row, -1)

    def _stored(self, table: str, row: SrcRow) -> None:
        self.current, self.prev = table, "data"
        self.pages[table].add(row.page)
        if row.kind != "grid":
            self.text_pages[table].add(row.page)
        if not any(is_value_like(c) for c in row.cells):
            return
        self.buffer = []
        self.shapes[table].add("grid" if row.kind == "grid" else "one-cell-per-line" if row.block == ONE_CELL
                               else "rows")

    def _store_row(self, table: str, key: str | None, row: SrcRow, label_end: int) -> None:
        cmap = self.headers.get(table)
        label = key or "(no label)"
        row = split_zeros(table, key, row, cmap, label_end, self.warnings[table])
        values = place_values(table, key, row, cmap, label_end, self.warnings[table])
        if values is None:
            self.warnings[table].append(f"{table} row {label} (page {row.page}): values could not be placed "
                                        f"in columns; cells left empty")
            values = {}
            for col in default_columns(table, key):
                values[col] = parse_cell(None, row.page)
        for (group, col), cell in values.items():
            r = group if table == "T4" and group else key
            if r is None:
                continue
            self._put(table, r, col, cell)
        prev = self.prev
        self._stored(table, row)
        self.prev = prev

    def _put(self, table: str, row: str, col: str, cell: Cell) -> None:
        cells = self.cells[table]
        old = cells.get((row, col))
        if cell.state == "text":
            self.warnings[table].append(f"{table} {row}/{col}: text {cell.raw!r} in a number cell")
        if old is None or old.raw is None or (not old.raw.strip() and cell.raw and cell.raw.strip()):
            cells[(row, col)] = cell
        elif cell.raw and cell.raw.strip() and cell.raw.strip() != old.raw.strip():
            self.warnings[table].append(f"{table} {row}/{col}: second value {cell.raw!r} ignored "
                                        f"(kept {old.raw!r})")

    # ------------------------------------------------------------------ result
    def result(self) -> Tables:
        tables: dict[str, Table] = {}
        all_warnings: list[str] = []
        t2_cols = {c for _, c in self.cells["T2"]}
        template = None
        if self.cells["T2"]:
            template = "2019" if t2_cols & L.COLUMNS_2019_ONLY else "2021"
        for t in TABLE_IDS:
            found = any(c.raw is not None for c in self.cells[t].values())
            warnings = list(self.warnings[t])
            if found:
                warnings.extend(self._missing_rows(t, template))
            else:
                warnings.append(f"{t}: table not found")
            for cmap in {id(c): c for c in self.headers.values() if c.table == t}.values():
                warnings.extend(cmap.warnings)
                self.units[t].update(cmap.units)
            warnings = list(dict.fromkeys(warnings))
            all_warnings.extend(warnings)
            pages = tuple(sorted(self.pages[t])) if found else ()
            shapes = self.shapes[t] | ({"split-pages"} if len(pages) > 1 else set())
            tables[t] = Table(t, dict(self.cells[t]), found, template, pages, dict(self.units[t]), tuple(warnings),
                              tuple(s for s in SHAPES if s in shapes) if found else (),
                              tuple(sorted(self.text_pages[t])) if found else ())
        return Tables(tables, tuple(all_warnings))

    def _missing_rows(self, t: str, template: str | None) -> list[str]:
        rows_found = {r for (r, _), c in self.cells[t].items() if c.raw is not None}
        if t == "T3":
            expected = [r for r in L.T3_ROWS if L.GROUP_OF.get(r) not in rows_found]
        elif t == "T4":
            expected = list(L.T4_ROWS)
        else:
            expected = list(L.T2_ROWS_2019 if template == "2019" else L.T2_ROWS_2021)
        missing = [r for r in expected if r not in rows_found]
        return [f"{t}: rows not found: {', '.join(missing)}"] if missing else []
