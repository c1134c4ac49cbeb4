"""The single-report pipeline: :func:`parse` (:mod:`nlp.pipeline.parsing`) and the spaCy components
and ``Doc._``/``Span._`` extensions (:mod:`nlp.pipeline.language`).

``parse`` is imported on first use, so importing :mod:`nlp.pipeline.language` (as spaCy's entry
points do) does not load the readers, tables and findings stages.
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse"]


def __getattr__(name: str) -> Any:
    if name == "parse":
        from .parsing import parse

        return parse
    raise AttributeError(f"module 'nlp.pipeline' has no attribute {name!r}")
