"""Traditional → simplified conversion (opt-in, ``--to-simplified``), via OpenCC's tables."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (phrases first, then characters)."""
    return _converter().convert(text) if text else text
