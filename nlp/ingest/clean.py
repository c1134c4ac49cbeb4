"""Repair what publishing broke: page numbers, running headers/footers, page clutter, hard wraps.

Input: a :class:`nlp.core.document.Document` (lines as the reader saw them). Output: a list of
:class:`Block` — paragraphs of narrative text (hard-wrapped lines joined, whitespace normalised)
and table rows — each knowing the page(s) its characters came from. Text is not converted to
simplified characters unless ``to_simplified=True``; punctuation is left as published (full-width
or ASCII), only compatibility ideographs (Kangxi radicals that PDFs emit for 一, 二 …) and odd
spaces are normalised.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from ..core.document import Document, Line

_DASHES = "-—–－_~·•\u2014\u2015\u2500"
PAGE_NUMBER = re.compile(
    rf"^\s*[{_DASHES}]*\s*(?:第\s*)?(?P<n>\d{{1,4}})\s*页?"
    r"(?:\s*[,，]?\s*共\s*\d{1,4}\s*页|\s*[/／]\s*\d{1,4})?"
    rf"\s*[{_DASHES}]*\s*$"
)
"""A line that is only a page number: ``12``, ``- 12 -``, ``—12—``, ``第 3 页``, ``第3页，共10页``,
``3 / 10``. The one page-number detector (the PDF reader and the cleaner both use it)."""
CLUTTER = re.compile(
    r"^\s*(?:字号[:：]?\s*[大中小\s]*|【?\s*[大中小]\s*】?\s*【?\s*[大中小]\s*】?\s*【?\s*[大中小]\s*】?"
    r"|(?:【?打印】?|【?关闭】?|【?收藏】?|朗读|分享到[:：]?.*|扫一扫.*|打印本页|关闭窗口|返回顶部)(?:\s*.{0,6})?"
    r"|索引号[:：].*|主题分类[:：].*|发文机关[:：].*|成文日期[:：].*|文号[:：].*"
    r"|首页\s*[>》].*|当前位置[:：].*|您当前的位置[:：].*)\s*$"
)
LIST_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、,，．.]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}\s*[、．.](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|第[一二三四五六七八九十]+[章节条部分])"
)
SENTENCE_END = "。！？!?"
CLOSERS = "”’」』）)】》"
OPEN_PUNCT = "，、,（(“‘《「『【—-～~"


@dataclass(frozen=True)
class Block:
    """A paragraph of narrative (``kind="para"``) or a table row (``kind="row"``).

    ``pages`` maps character offsets to pages: a tuple of ``(offset, page)`` pairs, sorted, the
    first at offset 0. ``cells``/``table`` are copied from the row's :class:`Line`.
    """

    text: str
    kind: str
    pages: tuple[tuple[int, int], ...]
    cells: tuple[str, ...] | None = None
    table: int | None = None

    @property
    def page(self) -> int:
        return self.pages[0][1]

    def page_at(self, offset: int) -> int:
        page = self.pages[0][1]
        for start, p in self.pages:
            if start > offset:
                break
            page = p
        return page


_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def normalise_chars(text: str) -> str:
    """Map compatibility ideographs (Kangxi radicals ⼀ → 一) and odd spaces; keep punctuation."""
    out = []
    for ch in text:
        o = ord(ch)
        if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF:
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return _SPACE_RUN.sub(" ", "".join(out))


def normalise_space(text: str) -> str:
    """Collapse whitespace runs and drop spaces between two CJK characters."""
    return _SPACE_BETWEEN_CJK.sub("", _SPACE_RUN.sub(" ", text)).strip()


def is_page_number(text: str) -> bool:
    """See :data:`PAGE_NUMBER`; a bare number has at most three digits (a lone ``2023`` is a year)."""
    m = PAGE_NUMBER.match(text)
    return bool(m) and (len(m.group("n")) <= 3 or text.strip() != m.group("n"))


def _running_lines(lines: list[Line], pages: int) -> set[str]:
    """Lines repeated at the top or bottom of most pages (running headers/footers)."""
    if pages < 3:
        return set()
    by_page: dict[int, list[str]] = {}
    for ln in lines:
        if ln.text.strip() and not ln.is_table_row:
            by_page.setdefault(ln.page, []).append(ln.text.strip())
    counts: Counter[str] = Counter()
    for texts in by_page.values():
        edge = set(texts[:2] + texts[-2:])
        counts.update(re.sub(r"\d+", "#", t) for t in edge)
    need = max(3, int(0.6 * len(by_page)))
    return {k for k, n in counts.items() if n >= need and len(k) < 60}


def _ends_paragraph(prev: str, nxt: Line, prev_line: Line, long_len: float) -> bool:
    """True when a paragraph ends between ``prev`` (accumulated text) and line ``nxt``."""
    if nxt.hard_break or LIST_START.match(nxt.text):
        return True
    last = prev.rstrip()[-1:]
    if nxt.indent is not None and nxt.indent >= 1.5:
        return True
    if last in OPEN_PUNCT:
        return False
    if prev_line.width_ratio is not None:
        return prev_line.width_ratio < 0.85 or (last in SENTENCE_END + CLOSERS and nxt.indent is not None
                                                and nxt.indent >= 1.0)
    if last in SENTENCE_END or (last in CLOSERS and prev.rstrip()[-2:-1] in SENTENCE_END):
        return True
    if re.search(r"[，。；、,;]", prev_line.text):
        return False  # a prose fragment cut by a wrap or a page break, not a title or signature
    return len(prev_line.text.strip()) < 0.7 * long_len


def clean(doc: Document, *, to_simplified: bool = False) -> tuple[list[Block], list[str]]:
    """Return the document's blocks and cleaning warnings."""
    warnings: list[str] = []
    lines = [replace(ln, text=normalise_chars(ln.text)) for ln in doc.lines]
    if to_simplified:
        from ..core.convert import to_simplified as conv

        lines = [replace(ln, text=conv(ln.text), cells=tuple(conv(c) for c in ln.cells) if ln.cells else None)
                 for ln in lines]
    running = _running_lines(lines, doc.pages)
    paged = doc.format == "pdf" or doc.pages > 1
    page_offset = 0
    kept: list[Line] = []
    for ln in lines:
        t = ln.text.strip()
        if ln.is_table_row:
            kept.append(ln)
            continue
        if not t:
            continue
        if is_page_number(t):
            if not paged:
                page_offset += 1
            continue
        if re.sub(r"\d+", "#", t) in running or CLUTTER.match(t):
            continue
        kept.append(replace(ln, page=ln.page + page_offset))
    lengths = sorted(len(ln.text.strip()) for ln in kept if not ln.is_table_row)
    long_len = statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 10 else (max(lengths, default=40))
    blocks: list[Block] = []
    buf = ""
    buf_pages: list[tuple[int, int]] = []
    prev_line: Line | None = None

    def flush() -> None:
        nonlocal buf, buf_pages
        if buf.strip():
            text, pages = _normalise_with_pages(buf, buf_pages)
            if text:
                blocks.append(Block(text=text, kind="para", pages=tuple(pages)))
        buf, buf_pages = "", []

    for ln in kept:
        if ln.is_table_row:
            flush()
            prev_line = None
            if any(c for c in (ln.cells or ())):
                blocks.append(Block(text=ln.text, kind="row", pages=((0, ln.page),), cells=ln.cells, table=ln.table))
            continue
        t = ln.text.strip()
        if buf and prev_line is not None and not _ends_paragraph(buf, ln, prev_line, long_len):
            sep = " " if re.match(r"[A-Za-z]", t) and re.search(r"[A-Za-z]$", buf) else ""
            buf_pages.append((len(buf) + len(sep), ln.page))
            buf += sep + t
        else:
            flush()
            buf, buf_pages = t, [(0, ln.page)]
        prev_line = ln
    flush()
    return blocks, warnings


def _normalise_with_pages(text: str, pages: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """normalise_space() that keeps the offset→page map valid."""
    out: list[str] = []
    mapping: list[int] = []  # new offset -> old offset
    collapsed = _SPACE_RUN.sub(" ", text)
    # recompute offsets on the collapsed string by walking both
    old_i = 0
    keep = []
    for ch in collapsed:
        while old_i < len(text) and text[old_i] != ch and text[old_i] in " \t\u00a0\u3000":
            old_i += 1
        keep.append(old_i)
        old_i += 1
    n = len(collapsed)
    for i, ch in enumerate(collapsed):
        if ch == " ":
            left = collapsed[i - 1] if i > 0 else ""
            right = collapsed[i + 1] if i + 1 < n else ""
            if not left or not right or (re.match(rf"[{_CJK}]", left) and re.match(rf"[{_CJK}]", right)):
                continue
        out.append(ch)
        mapping.append(keep[i])
    new_pages: list[tuple[int, int]] = []
    j = 0
    for new_off, old_off in enumerate(mapping):
        while j + 1 < len(pages) and pages[j + 1][0] <= old_off:
            j += 1
        if not new_pages or new_pages[-1][1] != pages[j][1]:
            new_pages.append((new_off, pages[j][1]))
    if not new_pages:
        new_pages = [(0, pages[0][1] if pages else 1)]
    return "".join(out), new_pages
