"""Column maps: which cell position of a data row holds which column, read from the header rows.

A header block is the run of header rows above the data. Each position's *path* is the list of
header texts above it; a spanning group label (申请人情况, 法人或其他组织, 行政复议, 行政诉讼,
未经复议直接起诉, 复议后起诉) is carried right over the blank positions it spans when the source
did not repeat it. A position's column is the deepest leaf label in its path (own text, never a
carried one); for T4 the group (row) is the deepest group label, carried or not. A position under
法人或其他组织 with no leaf below is the subtotal column 法人或其他组织小计.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import labels as L
from ..core.tables import Cell, parse_cell
from .rows import SrcRow

Key = tuple[str | None, str]  # (group, column); group is the T4 row, None elsewhere


@dataclass
class ColMap:
    table: str
    cols: dict[int, Key]
    width: int
    kind: str  # grid | tab | space
    units: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def h0(self) -> int:
        return min(self.cols) if self.cols else 0

    def keys(self) -> dict[Key, list[int]]:
        out: dict[Key, list[int]] = {}
        for i in sorted(self.cols):
            out.setdefault(self.cols[i], []).append(i)
        return out

    def complete(self) -> bool:
        leaves = set(self.cols.values())
        if self.table == "T3":
            return all((None, c) in leaves for c in L.T3_COLUMNS)
        if self.table == "T4":
            grouped = all((g, c) in leaves for g in L.T4_ROWS for c in L.T4_COLUMNS)
            return grouped or all((None, c) in leaves for c in L.T4_COLUMNS)
        return bool(leaves)


def _own_leaf(path: list[tuple[str, bool]], table: str) -> str | None:
    for text, filled in reversed(path):
        if filled:
            continue
        for e in L.entries(text, table, ("col",)):
            return e.key
    return None


def build(table: str, rows: list[SrcRow]) -> ColMap:
    width = max((len(r.cells) for r in rows), default=0)
    kind = "grid" if all(r.kind == "grid" for r in rows) else ("space" if all(r.kind == "space" for r in rows)
                                                               else "tab")
    paths: list[list[tuple[str, bool]]] = [[] for _ in range(width)]
    units: dict[str, str] = {}
    for r in rows:
        carry: str | None = None
        for j in range(width):
            text = (r.cells[j] or "").strip() if j < len(r.cells) else ""
            if text:
                paths[j].append((text, False))
                carry = text if L.strip_label(text) in L.FILL_GROUPS else None
                unit = L.unit_of(text)
                leaf = _own_leaf([(text, False)], table)
                if unit and leaf:
                    units[leaf] = unit
            elif carry is not None:
                paths[j].append((carry, True))
    cols: dict[int, Key] = {}
    for j, path in enumerate(paths):
        leaf = _own_leaf(path, table)
        if table == "T3" and leaf is None and any(L.strip_label(t) == "法人或其他组织" and not f for t, f in path):
            leaf = L.T3_SUBTOTAL
        if leaf is None:
            continue
        group = None
        if table == "T4":
            group = next((L.strip_label(t) for t, _ in reversed(path) if L.strip_label(t) in L.T4_GROUP_LABELS), None)
            if group is None:
                group = next((e.key for t, _ in reversed(path) for e in L.entries(t, "T4", ("row",))), None)
        cols[j] = (group, leaf)
    cmap = ColMap(table, cols, width, kind, units)
    if table == "T4":
        _t4_groups_by_repetition(cmap)
    return cmap


def _t4_groups_by_repetition(cmap: ColMap) -> None:
    """A T4 header that names the five results three times but no groups: the template order."""
    if any(g is not None for g, _ in cmap.cols.values()):
        for j in [j for j, (g, _) in cmap.cols.items() if g is None]:
            del cmap.cols[j]
        return
    seen: dict[str, int] = {}
    counts = [leaf for _, leaf in cmap.cols.values()]
    if max((counts.count(c) for c in set(counts)), default=0) < 2:
        return  # one group only: a row-labelled layout (行政复议 | 维持 纠正 …)
    for j in sorted(cmap.cols):
        leaf = cmap.cols[j][1]
        k = seen.get(leaf, 0)
        seen[leaf] = k + 1
        if k < len(L.T4_ROWS):
            cmap.cols[j] = (L.T4_ROWS[k], leaf)
    cmap.warnings.append("T4 header names no groups: 行政复议 / 未经复议直接起诉 / 复议后起诉 assumed in template order")


def _get(cells: tuple[str | None, ...], i: int, page: int) -> Cell:
    return parse_cell(cells[i], page) if 0 <= i < len(cells) else parse_cell(None, page)


def pick(row: SrcRow, cmap: ColMap, shift: int) -> dict[Key, Cell]:
    """The cell of every column of ``cmap`` in ``row`` (positions moved by ``shift``)."""
    out: dict[Key, Cell] = {}
    for key, idxs in cmap.keys().items():
        cand = idxs
        if len(idxs) > 1:  # a header span: skip positions that merely repeat a neighbour's span
            def repeat(i: int, key: Key = key) -> bool:
                for n in (i - 1, i + 1):
                    if n in cmap.cols and cmap.cols[n] != key and 0 <= n + shift < len(row.cells) \
                            and 0 <= i + shift < len(row.cells) and row.cells[n + shift] is not None \
                            and row.cells[n + shift] == row.cells[i + shift]:
                        return True
                return False
            cand = [i for i in idxs if not repeat(i)] or idxs
        cells = [_get(row.cells, i + shift, row.page) for i in cand]
        out[key] = next((c for c in cells if c.raw is not None and c.raw.strip()), cells[0])
    return out


def contiguous_shift(row: SrcRow, cmap: ColMap, label_end: int) -> int:
    """Values packed right after the label (no blank label cell): move them onto the header."""
    vals = [i for i in range(label_end + 1, len(row.cells)) if (row.cells[i] or "").strip()]
    if vals and len(vals) == len(cmap.keys()) and vals == list(range(vals[0], vals[0] + len(vals))) \
            and vals[0] < cmap.h0 and sorted(cmap.cols) == list(range(cmap.h0, cmap.h0 + len(vals))):
        return vals[0] - cmap.h0
    return 0


def tails(row: SrcRow, label_end: int) -> tuple[list[str | None], list[str | None]]:
    """The cells after the label without trailing blanks; and also without leading blanks (a text
    row's empty label cell)."""
    tail = list(row.cells[label_end + 1:])
    while tail and not (tail[-1] or "").strip():
        tail.pop()
    lead = 0
    while lead < len(tail) and not (tail[lead] or "").strip():
        lead += 1
    return tail, tail[lead:] if row.kind != "grid" else tail


def key_name(key: Key) -> str:
    group, col = key
    return f"{group}/{col}" if group else col
