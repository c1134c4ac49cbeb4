"""A Chinese sentence splitter that returns character offsets.

Sentences end at 。！？ (ASCII ! ? when not followed by a letter or digit; ASCII . after a CJK
character and not followed by a letter or digit) outside quotes and
brackets, with trailing closing quotes/brackets kept, and at paragraph ends. Semicolons do not end
a sentence, so 一是…；二是… stays whole. A short sub-heading paragraph without final punctuation
(（一）主动公开方面) is not a sentence of its own: it stays in the sentence it begins.
:func:`sentence_offsets` gives the sentences of a narrative (or of its layout) without table rows,
exactly as the pipeline and the part-model training cut them.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

from .tablerow import is_table_row, row_prefix

if TYPE_CHECKING:
    from .structure import Layout

TERMINATORS = "。！？!?"
OPENERS = {"“": "”", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】", "‘": "’"}
CLOSERS = set(OPENERS.values())
MAX_NESTED = 300  # an unbalanced quote stops protecting after this many characters
LOOKAHEAD = 80  # a terminator inside quotes ends the sentence if the closer is not this near
SUBHEADING = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、是]|\d{1,2}\s*[、．.])"
)


def split_text(text: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentences; returns ``(start, end)`` offsets covering every
    non-space character (leading/trailing whitespace of a sentence excluded)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    stack: list[tuple[str, int]] = []
    i = 0
    while i < n:
        ch = text[i]
        if stack and i - stack[-1][1] > MAX_NESTED:
            stack.clear()
        if ch in OPENERS and ch != "‘":
            stack.append((OPENERS[ch], i))
        elif stack and ch == stack[-1][0]:
            stack.pop()
            if not stack and ch in "”’」』" and i > 0 and text[i - 1] in TERMINATORS:
                spans.append((start, i + 1))  # “……。” closes the sentence with its quote
                start = i + 1
        elif ch in CLOSERS and stack:
            # mismatched closer: unwind to its opener if present
            while stack and stack[-1][0] != ch:
                stack.pop()
            if stack:
                stack.pop()
        elif ch in TERMINATORS and stack and stack[-1][0] not in text[i:i + LOOKAHEAD]:
            stack.clear()  # the quote or bracket is never closed nearby: a lost closer
            continue
        elif not stack and (ch in TERMINATORS or (ch == "." and _ascii_full_stop(text, i))):
            if ch in "!?" and i + 1 < n and text[i + 1].isascii() and text[i + 1].isalnum():
                i += 1
                continue
            j = i + 1
            while j < n and (text[j] in TERMINATORS or text[j] in "”’」』）)】》"):
                j += 1
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    return trim_spans(text, spans)


def trim_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` without their leading and trailing whitespace; spans left empty are dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _ascii_full_stop(text: str, i: int) -> bool:
    """An ASCII '.' used as 。 (reports converted to ASCII punctuation): after a CJK character or a
    closing bracket, and not followed by a letter or digit (1.5, www.gov.cn, 1. stay whole)."""
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return bool(prev) and ("\u4e00" <= prev <= "\u9fff" or prev in "）)”’》%") and not (nxt.isascii() and nxt.isalnum())


def is_subheading(text: str) -> bool:
    """A short numbered paragraph with no final punctuation: （一）主动公开方面."""
    t = text.strip()
    return bool(SUBHEADING.match(t)) and len(t) <= 40 and t[-1:] not in "。！？!?；;：:，,"


def split_paragraphs(paragraphs: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Sentences over several paragraphs given as ``(offset, text)``; a sub-heading paragraph is
    merged into the first sentence of the paragraph after it."""
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for k, (off, text) in enumerate(paragraphs):
        spans = [(off + s, off + e) for s, e in split_text(text)]
        if not spans:
            continue
        if pending is not None:
            spans[0] = (pending, spans[0][1])
            pending = None
        nxt_exists = k + 1 < len(paragraphs)
        if len(spans) == 1 and is_subheading(text) and nxt_exists:
            pending = spans[0][0]
            continue
        out.extend(spans)
    if pending is not None:
        last_end = paragraphs[-1][0] + len(paragraphs[-1][1].rstrip())
        out.append((pending, last_end))
    return out


def sentence_offsets(text: str, layout: Layout | None = None) -> list[tuple[int, int, int, int]]:
    """``(start, end, heading_part, page)`` for every sentence of ``text``; table rows written as
    text (:func:`nlp.text.tablerow.is_table_row`) are not sentences."""
    if layout is None:
        paras, off = [], 0
        for chunk in text.split("\n"):
            if not is_table_row(chunk):
                paras.append((off, chunk))
            off += len(chunk) + 1
        return [(s, e, 0, 1) for s, e in _without_rows(text, split_paragraphs(paras))]
    spans = []  # per part: a sub-heading never joins a sentence across a part heading
    for _, group in groupby(layout.paragraphs, key=lambda p: p.heading_part):
        spans += split_paragraphs([(p.offset, p.text) for p in group if not is_table_row(p.text)])
    out = []
    k = 0
    paras = layout.paragraphs
    for s, e in _without_rows(text, spans):
        while k + 1 < len(paras) and paras[k + 1].offset <= s:
            k += 1
        out.append((s, e, paras[k].heading_part, paras[k].page_at(s)))
    return out


def _without_rows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop sentences that are table rows; cut a row glued in front of a sentence."""
    out = []
    for s, e in spans:
        if is_table_row(text[s:e]):
            continue
        cut = row_prefix(text[s:e])
        if cut:
            s += cut + len(text[s + cut:e]) - len(text[s + cut:e].lstrip())
        out.append((s, e))
    return out
