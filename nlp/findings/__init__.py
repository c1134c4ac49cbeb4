"""Problems, commitments and improvements of a report: extraction, keys, categories, tracking.

- :func:`extract` — findings of one report (a Report, or its sentences + narrative);
- :func:`track` — several reports of one agency across years (:class:`Tracking`);
- :func:`to_frame` — findings as a pandas DataFrame;
- :func:`categorise` / :func:`categories` — the taxonomy (``nlp/data/finding_taxonomy.json``);
- :func:`findings_from_doc` and the spaCy factory ``xxgk_findings`` (registered on import).
"""

from __future__ import annotations

from .build import extract
from .component import findings_from_doc
from .frame import to_frame
from .normalise import commitment_key, problem_key
from .taxonomy import categories, categorise
from .track import Tracking, track

__all__ = ["Tracking", "categories", "categorise", "commitment_key", "extract", "findings_from_doc",
           "problem_key", "to_frame", "track"]
