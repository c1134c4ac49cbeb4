"""Is a line of narrative text a table row? Table rows are never sentences.

The layout (:mod:`nlp.text.structure`) takes most table rows out of the narrative, but rows written as
text slip through: ``一、本年新收政府信息公开申请数量| |``, ``规章\t3\t0\t12``, ``行政许可 0``,
``信息内容  本年制发件数  本年废止件数``. :func:`is_table_row` recognises them; the sentence splitter
(:func:`nlp.text.sentences.sentence_offsets`) drops such lines before cutting sentences, and such
sentences after.

A row is (cells that end like a sentence make it prose):

- cells separated by ``|`` / ``｜`` or tabs: three or more cells (empty ones count), or two cells of
  which one is empty or a figure (so a sub-heading ``（一）\\t主动公开`` is not a row), unless a cell
  is a long sentence ending in 。！？;
- cells separated by runs of two or more spaces: three or more short cells, no sentence end;
- space-separated figures after a label: two or more figures (``自然人 3 0 1``);
- a template table label (:func:`table_labels`) followed only by figures, even glued to it by the
  cleaner (``行政许可 0``, ``本年新收政府信息公开申请数量无``), or alone with its numbering
  (``一、本年新收政府信息公开申请数量``: a row whose cells are all empty).
"""

from __future__ import annotations

import re
from functools import lru_cache

_BAR = re.compile(r"[|｜\t]")
_WIDE = re.compile(r"[ \u3000\xa0]{2,}")
_FIGURE = re.compile(r"^(?:[+-]?\d+(?:[.,]\d+)*%?(?:万元|元|件|个|项|条|次)?|[/\\／＼×—–－-]{1,2}|无|N/?A)$")
_RULE = re.compile(r"^:?-{2,}:?$")  # Markdown |---|
_END = "。！？!?；;"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GLUED = re.compile(r"(?:[+-]?\d+(?:[.,]\d+)*%?|[/\\／＼×—–－-]|无|N/?A)+")
_NOTE = re.compile(r"\([^()]*\)")
_INNER_NUMBER = re.compile(r"(?:[一二三四五六七八九十]{1,2}[、.,]|\([一二三四五六七八九十\d]{1,2}\)|\d{1,2}[.、](?!\d))+")


@lru_cache(maxsize=1)
def table_labels() -> frozenset[str]:
    """The template's row and column labels of T2–T4 (normalised, without numbering)."""
    from ..core import labels as L

    keys = {*L.T2_ROWS_2021, *L.T2_ROWS_2019, *L.T3_ROWS, *L.T3_GROUPS, *L.T3_COLUMNS, *L.T4_ROWS,
            *L.T4_COLUMNS, "本年度办理结果", "申请人情况", "法人或其他组织", "信息内容", "行政诉讼"}
    for cols in (*L.T2_COLUMNS_2021.values(), *L.T2_COLUMNS_2019.values()):
        keys.update(cols)
    return frozenset(L.normalize(k) for k in keys)


def _label_and_figures(text: str) -> bool:
    """One or more template labels, each followed only by figures (the cleaner may glue them,
    ``数量无``, and join row lines, ``数量 0规章 0``); or a numbered template label alone (a row whose
    cells are all empty)."""
    from ..core.labels import normalize

    s = _NOTE.sub("", normalize(text))
    labels = sorted(table_labels(), key=len, reverse=True)
    pos, numbered, figures = 0, False, False
    while pos < len(s):
        m = _INNER_NUMBER.match(s, pos)
        if m:
            numbered, pos = True, m.end()
        label = next((lab for lab in labels if s.startswith(lab, pos)), None)
        if label is None:
            return False
        pos += len(label)
        m = _GLUED.match(s, pos)
        if m:
            figures, pos = True, m.end()
    return bool(s) and (figures or numbered)


def _sentence_like(cell: str) -> bool:
    return len(cell) >= 6 and cell[-1] in _END


def row_prefix(text: str) -> int:
    """Length of a table row glued in front of prose in one sentence (the cleaner joined a row
    line and the next line: ``一、本年新收…数量|本报告根据…编制。``), or 0."""
    cuts = [k for k in range(1, len(text)) if _CJK.match(text[k]) and (text[k - 1] in "|｜\t 　0123456789-—/无")]
    for k in reversed(cuts):
        rest = text[k:].strip()
        if rest and rest[-1] in _END and is_table_row(text[:k]) and not is_table_row(rest):
            return k
    return 0


def is_table_row(text: str) -> bool:
    """True when ``text`` (one line or one sentence) is a table row, not prose."""
    t = text.strip(" \u3000\xa0\r\n")
    if not t.strip():
        return False
    if _BAR.search(t):
        cells = [c.strip() for c in _BAR.split(t)]
        filled = [c for c in cells if c and not _RULE.match(c)]
        if any(_sentence_like(c) for c in filled):
            return False
        if len(cells) >= 3 or not filled:
            return True
        return len(filled) < len(cells) or any(_FIGURE.match(c) or is_table_row(c) for c in filled)
    t = t.strip()
    if t[-1] in _END:
        return False
    wide = [c for c in _WIDE.split(t) if c]
    if len(wide) >= 3 and all(len(c) <= 24 for c in wide):
        return True
    tokens = t.split()
    k = 0
    while k < len(tokens) and _FIGURE.match(tokens[-1 - k]):
        k += 1
    label = "".join(tokens[:len(tokens) - k])
    if k >= 2 and _CJK.search(label) and not label.endswith(("年", "月", "日", "第")):
        return True
    return len(t) <= 80 and _label_and_figures(t)
