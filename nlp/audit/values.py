"""Store values (DuckDB rows: numbers, None, NaN, strings) as Python numbers for the page objects."""

from __future__ import annotations

from typing import Any


def as_float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN → None


def as_int(v: Any) -> int | None:
    f = as_float(v)
    return None if f is None else int(f)
