"""``to_frame``: findings as a pandas DataFrame (one row per finding)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

COLUMNS = ["kind", "text", "detail", "key", "category", "part", "sentence_id", "start", "end", "links"]


def to_frame(findings: Any):
    """A DataFrame of findings. Accepts a list of :class:`nlp.core.report.Finding`, a Report (its
    findings, with ``agency``/``year``/``path`` columns added) or a list of Reports."""
    import pandas as pd

    if hasattr(findings, "findings") and hasattr(findings, "meta"):
        findings = [findings]
    rows = []
    for item in findings:
        if hasattr(item, "findings") and hasattr(item, "meta"):
            extra = {"agency": item.meta.agency, "year": item.meta.year, "path": item.source.path}
            rows.extend({**extra, **_row(f)} for f in item.findings)
        else:
            rows.append(_row(item))
    cols = (["agency", "year", "path"] if rows and "agency" in rows[0] else []) + COLUMNS
    return pd.DataFrame(rows, columns=cols)


def _row(f: Any) -> dict[str, Any]:
    d = asdict(f)
    d["links"] = list(f.links)
    return d
