"""Table layouts beyond one header above labelled rows, recognised by labels and the template's
fixed column order (never by position alone).

- ``three-tables``: T4 as three small tables, each under its own caption (行政复议 / 行政诉讼（未经复议
  直接起诉）/ 行政诉讼（复议后起诉）) with the five result columns and one unlabelled figures row;
- ``bare-15``: one unlabelled row of 15 figures under the five result columns (3 × 5, groups in the
  template's order 行政复议, 未经复议直接起诉, 复议后起诉);
- ``broken-header``: a T4 header split across lines by a converter (labels cut mid-word, or each
  cell on two lines) with the 15 figures on one row below; the labels are read from the joined
  fragments and must name the five columns in the template's order;
- ``one-cell-per-line``: every cell on its own line (a label, then its figures);
- ``transposed``: row labels across the header, column labels down the side;
- ``split-pages``: a table continued on the next page (header repeated or not);
- ``unruled-pdf`` / ``two-column``: reported by the PDF reader (word positions, see
  :mod:`nlp.ingest.pdf_tables`).
"""

from __future__ import annotations

import re
from itertools import zip_longest

from ..core import labels as L
from ..core.tables import is_figure, is_value_like

SHAPES = ("grid", "rows", "three-tables", "bare-15", "broken-header", "one-cell-per-line", "transposed",
          "split-pages", "unruled-pdf", "two-column")
Cells = tuple[str | None, ...]

_T4_TOKENS = [("group", "未经复议直接起诉", "未经复议直接起诉"), ("group", "直接起诉", "未经复议直接起诉"),
              ("group", "复议后起诉", "复议后起诉"), ("group", "行政复议", "行政复议"),
              ("col", "结果维持", "结果维持"), ("col", "结果纠正", "结果纠正"), ("col", "其他结果", "其他结果"),
              ("col", "尚未审结", "尚未审结"), ("col", "未审结", "尚未审结"), ("col", "总计", "总计"),
              ("col", "合计", "总计"), ("col", "维持", "结果维持"), ("col", "纠正", "结果纠正")]
_T4_SCAN = re.compile("|".join(re.escape(t) for _, t, _ in _T4_TOKENS))
_T4_KEY = {t: (kind, key) for kind, t, key in _T4_TOKENS}


def caption(text: str) -> str | None:
    """The T4 group a short caption line names: ``行政诉讼（未经复议直接起诉）`` → 未经复议直接起诉."""
    s = L.normalize(text)
    if not s or len(s) > 24 or re.search(r"[。；;，,\d]", re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）、.]", "", s)):
        return None
    body = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十\d]{1,2}\)|\d[、.])", "", s)
    body = re.sub(r"(?:情况|案件|数量|统计|表)+$", "", body)
    named = [key for key, pats in (("未经复议直接起诉", ("未经复议直接起诉", "直接起诉")), ("复议后起诉", ("复议后起诉",)),
                                   ("行政复议", ("行政复议",))) if any(p in body for p in pats)]
    if len(named) != 1 or len(body) > len(named[0]) + 8:
        return None
    return named[0]


def _single(text: str | None) -> str | None:
    t = (text or "").strip()
    return t if t and len(t.split()) == 1 else None


def one_cell_rows(tokens: list[str]) -> list[tuple[str, ...]] | None:
    """A run of one-cell lines → table rows: consecutive column labels make a header row, a label
    followed by figures makes a data row. None when the run is not a table (no figures, no labels)."""
    if sum(is_figure(t) for t in tokens) < 3 or not any(L.entries(t) for t in tokens):
        return None
    rows: list[tuple[str, ...]] = []
    header: list[str] = []
    current: list[str] = []
    for k, t in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        if is_value_like(t) and current:
            current.append(t)
            continue
        if len(current) == 1:
            header.extend(current)  # a group label above column labels: part of the header
        elif current:
            rows.append(tuple(current))
        current = []
        col = L.entries(t, kinds=("col", "colgroup"))
        if col and (not L.entries(t, kinds=("row",)) or (header and not is_value_like(nxt))):
            header.append(t)
            continue
        if header:
            rows.append(tuple(header))
            header = []
        if L.entries(t, kinds=("row", "group")):
            current = [t]
    if current:
        rows.append(tuple(current))
    if header:
        rows.append(tuple(header))
    return rows or None


def single_token(cells: Cells | None, text: str) -> str | None:
    if cells is not None:
        filled = [c for c in cells if c and c.strip()]
        return _single(filled[0]) if len(filled) == 1 else None
    return _single(text)


def t4_sequence(rows: list[Cells]) -> list[tuple[str, str]] | None:
    """The 15 (group, column) keys a broken T4 header names, in order; None unless its labels are
    the template's five columns (three times, or once for all three groups) in the template order."""
    joined = []
    lists = [[(c or "").strip() for c in r] for r in rows]
    lists = [x for x in lists if any(x)]
    wide = [x for x in lists if sum(map(bool, x)) >= 3]
    if len(wide) >= 2 and max(map(len, wide)) - min(map(len, wide)) <= 3:
        joined.append("".join("".join(col) for col in zip_longest(*wide, fillvalue="")))
    joined.append("".join("".join(x) for x in lists))
    for text in joined:
        keys = _scan(L.normalize(text))
        if keys is not None:
            return keys
    return None


def _scan(text: str) -> list[tuple[str, str]] | None:
    found = [_T4_KEY[m.group(0)] for m in _T4_SCAN.finditer(text)]
    cols = [k for kind, k in found if kind == "col"]
    groups = list(dict.fromkeys(k for kind, k in found if kind == "group"))
    if groups and groups != list(L.T4_ROWS)[:len(groups)] and groups != list(L.T4_ROWS):
        return None
    if cols == list(L.T4_COLUMNS) * 3 or cols == list(L.T4_COLUMNS):
        return [(g, c) for g in L.T4_ROWS for c in L.T4_COLUMNS]
    return None


def bare_15(values: list[str | None]) -> list[tuple[str, str]] | None:
    """15 values under a five-column T4 header: 3 × 5 in the template order."""
    filled = [v for v in values if v is not None and v.strip()]
    if len(filled) != 15 or not all(is_value_like(v) for v in filled):
        return None
    return [(g, c) for g in L.T4_ROWS for c in L.T4_COLUMNS]


def transposed_header(cells: Cells) -> tuple[str, dict[int, str]] | None:
    """A header naming a table's *rows* across (T4: ≥ 2 groups; T3: ≥ 4 row labels) and no column:
    (table, position → row key)."""
    pos: dict[str, dict[int, str]] = {"T3": {}, "T4": {}}
    for i, c in enumerate(cells):
        if not c or is_value_like(c):
            continue
        if L.entries(c, kinds=("col",)) and not L.entries(c, kinds=("row",)):
            return None
        for e in L.entries(c, kinds=("row",)):
            if e.table in pos and e.key not in pos[e.table].values():
                pos[e.table][i] = e.key
    if len(pos["T4"]) >= 2:
        return "T4", pos["T4"]
    if len(pos["T3"]) >= 4:
        return "T3", pos["T3"]
    return None


def transposed_column(text: str | None, table: str) -> str | None:
    hits = [e.key for e in L.entries(text, table, ("col",))]
    return hits[0] if hits else None
