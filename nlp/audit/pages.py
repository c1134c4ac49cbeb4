"""File names of the audit site's report pages: ``agency-year.html``, never a path."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable


def page_name(report_id: str) -> str:
    """Fallback file name of a report's page: the first 16 hex digits of a sha256 id; any other id
    (a hostile ``../../x``) is hashed, so a name never holds a path separator or dots."""
    rid = str(report_id)
    if not re.fullmatch(r"[0-9a-f]{16,64}", rid):
        rid = "x" + hashlib.sha256(rid.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{rid[:16]}.html"


_UNSAFE = re.compile(r"[^\w-]+")  # \w: letters and digits of every script (汉字 included), underscore
MAX_STEM = 60


def page_stem(agency: str | None, year: int | None) -> str:
    """``洪泽区人民政府-2024``: the agency and year, with every character other than letters, digits,
    ``_`` and ``-`` replaced by ``_`` (so no ``/``, ``.``, NUL or space); '' when nothing is left."""
    name = _UNSAFE.sub("_", str(agency or "")).strip("_-")[:MAX_STEM]
    if not name:
        return ""
    return f"{name}-{year}" if year is not None else name


def assign_pages(reports: Iterable[tuple[str, str | None, int | None]]) -> dict[str, str]:
    """report id → page file name for ``(report_id, agency, year)`` rows: ``agency-year.html``,
    ``agency-year-2.html`` … for reports with the same agency and year (in report-id order), the hashed
    :func:`page_name` when the agency is missing."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rid, agency, year in sorted(reports, key=lambda r: (page_stem(r[1], r[2]), str(r[0]))):
        stem = page_stem(agency, year)
        if not stem:
            out[rid] = page_name(rid)
            used.add(out[rid].casefold())
            continue
        name, k = f"{stem}.html", 1
        while name.casefold() in used:
            k += 1
            name = f"{stem}-{k}.html"
        used.add(name.casefold())
        out[rid] = name
    return out
