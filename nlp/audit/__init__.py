"""The auditor's static HTML site (in Chinese): copied text, failed table checks, problems across
years, with CSV/XLSX downloads (:mod:`nlp.audit.export`) and a print stylesheet.

* :func:`build_site` — ``xxgk audit --db corpus.duckdb --out DIR`` (from a corpus store);
* :func:`audit_pair` — ``xxgk audit FILE --previous OLD --out DIR`` (one pair, no database);
* :mod:`nlp.audit.plots` — the corpus plots, also usable from notebooks (CJK font: :mod:`nlp.view.plotting`).
"""

from __future__ import annotations

from .pair import audit_pair
from .site import Site, build_site

__all__ = ["Site", "audit_pair", "build_site"]
