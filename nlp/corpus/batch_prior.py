"""The prior-report columns of reuse_scores (``xxgk reuse --db``), computed once per pair of reports.

Each report with a prior report (its agency's latest earlier one) is compared with it by
:func:`nlp.reuse.compare`; the figures depend only on the two reports' content (sentences, parts,
findings, agency, year, path), the baseline setting and the toolkit version. With the store's
reuse index (:func:`nlp.corpus.batch_reuse.index_path`) the figures of every pair are kept in
``prior.json`` there, keyed by a fingerprint of all of that, so a later run compares only the
pairs that are new or whose content changed (a new year: the new reports with their priors).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

CACHE = "prior.json"
COLUMNS = ("reuse_ratio", *(f"part_{p}_share" for p in range(8)), "n_matches", "match_kinds", "match_origins",
           "lazy_prices_cosine", "lazy_prices_jaccard", "boilerplate_share", "part5", "part5_ratio",
           "stale_mentions")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def pair_values(d: dict[str, Any]) -> dict[str, Any]:
    """The reuse_scores columns taken from one comparison (``Comparison.to_dict()``)."""
    sc = d.get("scores", {})
    return {
        "reuse_ratio": d["reuse_ratio"],
        **{f"part_{p}_share": d["by_part"].get(str(p)) for p in range(8)},
        "n_matches": len(d["matches"]), "match_kinds": _json(sc.get("counts")),
        "match_origins": _json(sc.get("origins")),
        "lazy_prices_cosine": (sc.get("lazy_prices") or {}).get("cosine"),
        "lazy_prices_jaccard": (sc.get("lazy_prices") or {}).get("jaccard"),
        "boilerplate_share": sc.get("boilerplate_share"), "part5": _json(sc.get("part5")),
        "part5_ratio": (sc.get("part5") or {}).get("ratio"),
        "stale_mentions": _json(d["stale_mentions"]),
    }


def fingerprint(side: Any) -> str:
    """sha256 of everything of a report that :func:`nlp.reuse.compare` reads."""
    payload = [side.agency, side.year, None if side.key is None else str(side.key),
               [[s.id, s.text, s.part] for s in side.sentences], list(side.findings)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def prior_values(sides: list[Any], prior: dict[int, int], *, use_baseline: bool,
                 cache_dir: Path | None = None, fresh: bool = False) -> dict[int, dict[str, Any]]:
    """Per report index with a prior: its reuse_scores prior columns (``sides[k]`` compared with
    ``sides[prior[k]]``), read from the cache in ``cache_dir`` when the pair is unchanged
    (``fresh``: compare every pair anew)."""
    from ..core.version import __version__
    from ..reuse import compare

    f = None if cache_dir is None else cache_dir / CACHE
    cached: dict[str, dict[str, Any]] = {}
    if f is not None and f.exists() and not fresh:
        stored = json.loads(f.read_text(encoding="utf-8"))
        if stored.get("version") == __version__ and stored.get("use_baseline") == use_baseline:
            cached = stored["pairs"]
    prints: dict[int, str] = {}

    def fp(k: int) -> str:
        if k not in prints:
            prints[k] = fingerprint(sides[k])
        return prints[k]

    out: dict[int, dict[str, Any]] = {}
    keep: dict[str, dict[str, Any]] = {}
    for k, j in sorted(prior.items()):
        key = f"{fp(k)}:{fp(j)}"
        values = cached.get(key)
        if values is None:
            values = pair_values(compare(sides[j], sides[k], use_baseline=use_baseline).to_dict())
        out[k] = keep[key] = values
    if f is not None:
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": __version__, "use_baseline": use_baseline, "pairs": keep},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, f)
    return out
