"""Size limits of the readers and the pipeline, and how they are configured.

Every limit has a default, an environment variable and (where the API takes one) a keyword
argument. A variable that is set but is not a positive whole number is a :class:`ConfigError`
(exit 13), never silently ignored.

| variable | default | what it bounds |
|---|---|---|
| ``XXGK_MAX_BYTES`` | 50 MiB | bytes read from one input file or from stdin |
| ``XXGK_MAX_CHARS`` | 2,000,000 | characters of narrative handed to spaCy |
| ``XXGK_MAX_UNCOMPRESSED`` | 256 MiB | bytes inflated from one DOCX package (counted while inflating) |
| ``XXGK_MAX_RATIO`` | 100 | inflated bytes per byte of the DOCX file (beyond the first 8 MiB) |
| ``XXGK_MAX_NODES`` | 2,000,000 | XML/HTML elements of one document |
"""

from __future__ import annotations

import os

from ..core.errors import ConfigError

DEFAULTS: dict[str, int] = {
    "XXGK_MAX_BYTES": 50 * 1024 * 1024,
    "XXGK_MAX_CHARS": 2_000_000,
    "XXGK_MAX_UNCOMPRESSED": 256 * 1024 * 1024,
    "XXGK_MAX_RATIO": 100,
    "XXGK_MAX_NODES": 2_000_000,
}
RATIO_FLOOR = 8 * 1024 * 1024
"""Inflating up to this many bytes is always allowed whatever the ratio (small, highly repetitive XML)."""


def limit(name: str, override: int | None = None) -> int:
    """The limit ``name`` (one of :data:`DEFAULTS`): ``override`` if given, else the environment
    variable, else the default. Raises :class:`ConfigError` for a value that is not a positive integer."""
    if override is not None:
        if isinstance(override, bool) or not isinstance(override, int) or override <= 0:
            raise ConfigError(name, f"the limit must be a positive whole number, not {override!r}")
        return override
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return DEFAULTS[name]
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ConfigError(name, f"{name}={raw!r} is not a whole number of "
                          f"{'bytes' if 'BYTES' in name or 'UNCOMPRESSED' in name else 'units'}") from None
    if value <= 0:
        raise ConfigError(name, f"{name}={raw!r} must be positive")
    return value
