"""Traditional ↔ simplified Chinese, via OpenCC's tables: the one place the toolkit converts.

- :func:`to_simplified`: phrases first, then characters (OpenCC ``t2s``); used by
  ``--to-simplified``, label matching (:mod:`nlp.core.labels`) and agency keys. Text without a
  traditional character is returned as is (OpenCC is slow).
- :func:`to_simplified_chars` / :func:`char_table`: one character at a time, length-preserving
  (offsets stay valid): the part model's features and the findings' matching view.
- :func:`to_traditional` / :func:`to_traditional_chars`: the other way (OpenCC ``s2t``), for the
  traditional-character variants that training augmentation and the evaluations build.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=1)
def char_table() -> dict[int, str]:
    """OpenCC's character table (``TSCharacters.txt``) as a ``str.translate`` table: each
    traditional character → its first simplified reading, one-to-one mappings only."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            simp = parts[1].split(" ")[0]
            if len(simp) == 1 and simp != parts[0]:
                table[ord(parts[0])] = simp
    return table


def has_traditional(text: str) -> bool:
    """Whether ``text`` has a character OpenCC's table maps to another (simplified) one."""
    table = char_table()
    return any(ord(ch) in table for ch in text)


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (phrases first, then characters)."""
    return _opencc("t2s").convert(text) if text and has_traditional(text) else text


def to_simplified_chars(text: str) -> str:
    """Traditional → simplified one character at a time: same length, same offsets."""
    return text.translate(char_table())


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC ``s2t``, phrases first)."""
    return _opencc("s2t").convert(text) if text else text


@lru_cache(maxsize=8192)
def _traditional_char(ch: str) -> str:
    out = _opencc("s2t").convert(ch)
    return out if len(out) == 1 else ch


def to_traditional_chars(text: str) -> str:
    """Simplified → traditional one character at a time: same length, same offsets."""
    return "".join(_traditional_char(ch) for ch in text)
