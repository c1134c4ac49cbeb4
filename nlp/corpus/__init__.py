"""The corpus layer: the DuckDB store (:mod:`nlp.corpus.store`), ``xxgk batch``
(:mod:`nlp.corpus.batch`), corpus-wide reuse (:mod:`nlp.corpus.batch_reuse`) and the notebook API
:class:`Corpus` (:mod:`nlp.corpus.api`).

``Corpus`` is imported on first use, so a batch worker importing the store does not load pandas.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PARQUET_VIEWS", "Corpus"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'nlp.corpus' has no attribute {name!r}")
