"""Order-independent helpers shared by the in-memory and the on-disk corpus matcher: stable string
hashes and template flags that do not depend on which skeletons are looked at together."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from .near import BRUTE_FORCE_MAX, NearConfig
from .template import Baseline


def hash64(texts: Iterable[str]) -> np.ndarray:
    """Stable 64-bit hashes (blake2b) of strings, as int64."""
    b2 = hashlib.blake2b
    return np.array([int.from_bytes(b2(t.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
                     for t in texts], dtype=np.int64)


def template_flags(template: Baseline | None, skels: list[str], config: NearConfig) -> np.ndarray:
    """Template flag of each skeleton, each compared with every baseline entry (in blocks small
    enough for all pairs), so a flag never depends on which skeletons are flagged together."""
    if template is None or not template.entries:
        return np.zeros(len(skels), dtype=bool)
    step = max(1, BRUTE_FORCE_MAX // len(template.entries))
    return np.concatenate([np.zeros(0, dtype=bool)] + [template.flags(skels[s : s + step], config)[0]
                                                        for s in range(0, len(skels), step)])
