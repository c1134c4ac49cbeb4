"""Sentence normal forms used for matching, and the cutting of sentences into matching units.

* :func:`normal` — NFKC, whitespace removed: two units with the same ``normal`` are an ``exact``
  match (line wrapping, full/half-width and spacing never count as a change).
* :func:`skeleton` — ``normal`` with punctuation removed, figures, years, dates, e-mail
  addresses and URLs masked (``#`` figures, ``@`` addresses), and a leading enumerator (一是, （二）, 3.) dropped: two units with
  the same skeleton but a different ``normal`` are a ``numbers_only`` match.
* :func:`segments` — a report sentence is cut into units after 。！？ (whatever the sentence
  splitter did), at ``；`` and at a ``：`` that opens an enumeration (…以下工作：一是…), so that a
  recycled item inside a rewritten sentence is still found on its own.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ..text.sentences import trim_spans

_WS = re.compile(r"\s+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# a contact e-mail field with its label counts as a figure: dropping or changing it is numbers_only
_EMAIL_FIELD = re.compile(r"[，,、;；]?(?:电子邮箱|电子信箱|电子邮件|邮箱|e-?mail)[:：]?@", re.I)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./_\-?=&%#:]+", re.IGNORECASE)
_CN_YEAR = re.compile(r"[一二三四五六七八九〇零○Ｏ]{4}(?=年)")
_NUMBER = re.compile(r"\d+(?:[.,:：\-/]\d+)*%?")
_ENUM = re.compile(
    r"^(?:[(（][^\S\n]*[一二三四五六七八九十\d]{1,3}[^\S\n]*[)）]|[一二三四五六七八九十]{1,3}[^\S\n]*是|"
    r"[一二三四五六七八九十]{1,3}[^\S\n]*、|\d{1,2}[^\S\n]*[、.．]|[①-⑳])"
)
# punctuation and symbols: every character that is not a letter, a digit, a CJK ideograph or a mask
_PUNCT = re.compile(r"[^\w\u3400-\u9fff#@]|_")
_CONTENT = re.compile(r"[^\w\u3400-\u9fff]|_")
_MASKS = "#@"

# a unit ends after a sentence terminator (with its closing quotes/brackets), after ；/; and after
# a ：/: that is followed by an enumerator
_SEG_END = re.compile(
    r"[。！？!?]+[”’」』）)】》]*|[；;]|[：:](?=\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
    r"[一二三四五六七八九十]{1,3}\s*是|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[、.．]|[①-⑳]))"
)
MIN_SEGMENT = 6  # a unit whose skeleton is shorter than this is merged into its neighbour


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normal(text: str) -> str:
    """NFKC with all whitespace removed (the key of an ``exact`` match)."""
    text = text.translate(_FULLWIDTH)  # the common case, cheaply; NFKC only if anything is left
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _WS.sub("", text)


def skeleton(text: str) -> str:
    """The masked form of a unit (the key of a ``numbers_only`` match).

    >>> skeleton("2023 年，全区受理申请 21 件（电话：0517-87222589）。")
    '#年全区受理申请#件电话#'
    """
    return skeleton_of_normal(normal(text))


def skeleton_of_normal(t: str) -> str:
    """:func:`skeleton` of a text already in :func:`normal` form."""
    t = _EMAIL_FIELD.sub("", _EMAIL.sub("@", t))
    t = _URL.sub("@", t)
    t = _CN_YEAR.sub("#", t)
    t = _NUMBER.sub("#", t)
    t = _ENUM.sub("", t, count=1)
    t = _PUNCT.sub("", t)
    return t.lower()


_ENUM_LINES = re.compile(_ENUM.pattern, re.MULTILINE)
_PUNCT_LINES = re.compile(r"[^\w\u3400-\u9fff#@\n]|_")
_CONTENT_LINES = re.compile(r"[^\w\u3400-\u9fff\n]|_")
_SPACES = np.array(
    [
        9,
        11,
        12,
        13,
        28,
        29,
        30,
        31,
        32,
        0x85,
        0xA0,
        0x1680,
        *range(0x2000, 0x200B),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
    ],
    dtype=np.uint32,
)


def normal_many(texts: list[str]) -> list[str]:
    """:func:`normal` of many texts at once (vectorised full-width mapping and space removal)."""
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    a = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
    fw = (a >= 0xFF01) & (a <= 0xFF5E)
    a[fw] -= np.uint32(0xFEE0)
    a[a == 0x3000] = 32
    a = a[~np.isin(a, _SPACES)]
    out = a.tobytes().decode("utf-32-le").split("\n")
    for k, t in enumerate(out):
        if not unicodedata.is_normalized("NFKC", t):
            out[k] = _WS.sub("", unicodedata.normalize("NFKC", t))
    return out


def skeleton_many(norms: list[str]) -> list[str]:
    """:func:`skeleton_of_normal` of many normal forms at once (one regex pass per rule)."""
    if not norms:
        return []
    t = "\n".join(norms)
    t = _EMAIL_FIELD.sub("", _EMAIL.sub("@", t))
    t = _URL.sub("@", t)
    t = _CN_YEAR.sub("#", t)
    t = _NUMBER.sub("#", t)
    t = _ENUM_LINES.sub("", t)
    t = _PUNCT_LINES.sub("", t)
    return t.lower().split("\n")


def content_length_many(norms: list[str]) -> list[int]:
    """:func:`content_length` of many normal forms at once."""
    if not norms:
        return []
    return [len(x) for x in _CONTENT_LINES.sub("", "\n".join(norms)).split("\n")]


def content_length(text: str) -> int:
    """Characters that count in reuse ratios: the unit without whitespace and punctuation."""
    return len(_CONTENT.sub("", _WS.sub("", text)))


def segments(text: str) -> list[tuple[int, int]]:
    """Cut one sentence into matching units; returns ``(start, end)`` offsets into ``text``.

    Units whose skeleton is shorter than :data:`MIN_SEGMENT` are merged with the following unit
    (the last one with the preceding unit), so a lone 一是 or a short lead-in never stands alone.
    """
    n = len(text.rstrip())
    cuts = [c for c in (m.end() for m in _SEG_END.finditer(text)) if 0 < c < n]
    if not cuts:
        s, e = 0, len(text)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return [(s, e)] if e > s else []
    bounds = [0, *cuts, len(text)]
    spans = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for s, e in spans:
        start = s if carry is None else carry
        if len(skeleton(text[start:e])) < MIN_SEGMENT:
            carry = start
            continue
        merged.append((start, e))
        carry = None
    if carry is not None:
        if merged:
            merged[-1] = (merged[-1][0], len(text))
        else:
            merged.append((carry, len(text)))
    return trim_spans(text, merged)


def is_mask(ch: str) -> bool:
    return ch in _MASKS
