"""Table cells and the :class:`Tables` mapping handed to the pipeline.

A cell has one of six states: ``uncertain`` (an OCR reading not certain enough, no value), ``number`` (a non-zero figure), ``zero``, ``empty`` (blank, or no
cell at all: ``raw`` is then ``None``), ``na`` (``/`` ``-`` ``—`` ``无``: not applicable) and
``text`` (anything else in a number position). ``tables["T3"]`` is a pandas DataFrame of values
(rows × columns, missing where the cell holds no figure); ``tables.to_dict()`` is the
``tables`` object of the ``xxgk.report/1`` JSON.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import labels as L
from .document import UNCERTAIN_CELL as UNCERTAIN

if TYPE_CHECKING:
    import pandas as pd

TABLE_IDS = ("T2", "T3", "T4")
_NA = frozenset({"/", "-", "—", "–", "－", "——", "--", "―", "─", "无", "\\", "／", "＼", "×", "N/A", "n/a", "NA",
                 "不适用", "暂无"})
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|个|项|条|次|宗|起|%)?")


@dataclass(frozen=True)
class Cell:
    """One table cell: ``state`` (number|zero|empty|na|text), ``value`` and the printed ``raw`` text
    (``None`` when the document has no cell there at all)."""

    state: str
    value: int | float | None
    raw: str | None
    page: int | None = None

    @property
    def missing(self) -> bool:
        return self.raw is None

    @property
    def figure(self) -> bool:
        return self.state in ("number", "zero")

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "value": self.value, "raw": self.raw}


ABSENT = Cell("empty", None, None)


def parse_cell(raw: str | None, page: int | None = None) -> Cell:
    """Read one printed cell into a :class:`Cell` (never fills a blank with 0). A cell the OCR reader
    marked :data:`UNCERTAIN` has state ``uncertain``, no value, and the text read as ``raw``."""
    if raw is None:
        return Cell("empty", None, None, page)
    if raw.startswith(UNCERTAIN):
        return Cell("uncertain", None, raw[len(UNCERTAIN):], page)
    state, value = _read(raw)
    return Cell(state, value, raw, page)


@lru_cache(maxsize=65536)
def _read(raw: str) -> tuple[str, int | float | None]:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if not s:
        return "empty", None
    if s in _NA or re.fullmatch(r"[-—–/\\―─]+", s):
        return "na", None
    m = _NUMBER.fullmatch(s)
    if not m:
        return "text", None
    digits = m.group(2).replace(",", "")
    value: int | float = float(f"{digits}.{m.group(3)}") if m.group(3) else int(digits)
    if m.group(1) == "-":
        value = -value
    return ("zero" if value == 0 else "number"), value


def is_value_like(raw: str | None) -> bool:
    return raw is not None and (raw.startswith(UNCERTAIN) or _read(raw)[0] in ("number", "zero", "na"))


def is_figure(raw: str | None) -> bool:
    return raw is not None and _read(raw)[0] in ("number", "zero")


@dataclass(frozen=True)
class Table:
    """One statistical table: ``cells[(row, column)]``; cells not in the mapping are absent."""

    id: str
    cells: Mapping[tuple[str, str], Cell] = field(default_factory=dict)
    found: bool = False
    template: str | None = None
    pages: tuple[int, ...] = ()
    units: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    shapes: tuple[str, ...] = ()  # the layouts recognised (see nlp.tables.shapes.SHAPES)
    text_pages: tuple[int, ...] = ()  # pages where rows came from text lines, not a recovered grid

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), ABSENT)

    def layout(self) -> dict[str, tuple[str, ...]]:
        """Row → columns to show: the template's plus anything found."""
        if self.id == "T3":
            cols = list(L.T3_COLUMNS)
            if any(c == L.T3_SUBTOTAL for _, c in self.cells):
                cols.insert(1, L.T3_SUBTOTAL)
            rows = list(L.T3_ROWS)
            for g in L.T3_GROUP_ROWS:
                if any(r == g for r, _ in self.cells):
                    rows.insert(rows.index(L.T3_GROUPS[g][0]), g)
            return {r: tuple(cols) for r in rows}
        if self.id == "T4":
            return dict.fromkeys(L.T4_ROWS, L.T4_COLUMNS)
        base = L.T2_COLUMNS_2019 if self.template == "2019" else L.T2_COLUMNS_2021
        out: dict[str, list[str]] = {r: list(cols) for r, cols in base.items()}
        for r, c in self.cells:
            if c not in out.setdefault(r, []):
                out[r].append(c)
        return {r: tuple(cs) for r, cs in out.items()}

    def frame(self) -> pd.DataFrame:
        import pandas as pd  # imported on use: parsing a report needs no DataFrame

        layout = self.layout()
        columns: list[str] = []
        for cols in layout.values():
            columns.extend(c for c in cols if c not in columns)
        data = [[self.cell(r, c).value if self.cell(r, c).figure else None for c in columns] for r in layout]
        values = [v for row in data for v in row if v is not None]
        integral = all(float(v).is_integer() for v in values)
        frame = pd.DataFrame(data, index=pd.Index(list(layout), name="row"), columns=pd.Index(columns, name="column"))
        return frame.astype("Int64" if integral else "Float64")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": {r: {c: self.cell(r, c).to_dict() for c in cols} for r, cols in self.layout().items()},
            "found": self.found,
            "template": self.template,
            "pages": list(self.pages),
            "units": dict(self.units),
            "warnings": list(self.warnings),
            "shapes": list(self.shapes),
            "text_pages": list(self.text_pages),
        }

    def with_cell(self, row: str, column: str, raw: str | None) -> Table:
        cells = dict(self.cells)
        cells[(row, column)] = parse_cell(raw, self.cell(row, column).page)
        return replace(self, cells=cells)


class Tables(Mapping[str, "pd.DataFrame"]):
    """T2/T3/T4 of one report. ``tables["T3"]`` → DataFrame; ``tables.table("T3")`` → :class:`Table`;
    ``tables.cell("T3", row, column)`` → :class:`Cell`; ``tables.to_dict()`` → the JSON form."""

    def __init__(self, tables: Mapping[str, Table] | None = None, warnings: tuple[str, ...] = ()) -> None:
        given = dict(tables or {})
        self._tables = {t: given.get(t, Table(t)) for t in TABLE_IDS}
        self.warnings = tuple(warnings)

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self._tables[key].frame()

    def __iter__(self) -> Iterator[str]:
        return iter(TABLE_IDS)

    def __len__(self) -> int:
        return len(TABLE_IDS)

    def __repr__(self) -> str:
        found = ", ".join(t for t in TABLE_IDS if self._tables[t].found) or "none"
        return f"Tables(found: {found}; {len(self.warnings)} warnings)"

    def table(self, key: str) -> Table:
        return self._tables[key]

    def cell(self, table: str, row: str, column: str) -> Cell:
        return self._tables[table].cell(row, column)

    def shapes(self) -> dict[str, list[str]]:
        """Table → the layouts recognised for it (``quality.table_shapes`` of the report)."""
        return {t: list(self._tables[t].shapes) for t in TABLE_IDS if self._tables[t].shapes}

    @property
    def template(self) -> str | None:
        return self._tables["T2"].template

    def to_dict(self) -> dict[str, Any]:
        return {t: self._tables[t].to_dict() for t in TABLE_IDS}

    def with_cell(self, table: str, row: str, column: str, raw: str | None) -> Tables:
        """A copy with one cell replaced by ``raw`` (re-read into its state): for what-if checks."""
        tables = dict(self._tables)
        tables[table] = tables[table].with_cell(row, column, raw)
        return Tables(tables, self.warnings)

    def figures(self) -> Iterator[tuple[str, str, str, Cell]]:
        """Every cell holding a figure: (table, row, column, cell)."""
        for t in TABLE_IDS:
            for (r, c), cell in self._tables[t].cells.items():
                if cell.figure:
                    yield t, r, c, cell
