"""xxgk-nlp: structured, checkable data from 政府信息公开工作年度报告.

Public API (functions imported on first use): :func:`parse`, :func:`read`, :func:`load`,
:func:`compare`, :class:`Corpus`, :class:`Report`, :class:`XxgkError`. Importing ``nlp`` loads nothing else: spaCy and the readers are
imported by the functions that need them, so ``import nlp.core.errors`` stays cheap. The spaCy
``Doc._``/``Span._`` extensions are registered by :mod:`nlp.pipeline.language` (imported by ``parse`` and
``load``, and by ``spacy.load`` through the ``spacy_factories`` entry points).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# the one version source is nlp/core/version.py (pyproject.toml reads nlp.__version__: dynamic = ["version"])
from .core.version import __version__ as __version__

_EXPORTS = {
    "parse": ("nlp.pipeline.parsing", "parse"),
    "read": ("nlp.ingest", "read"),
    "load": ("nlp.pipeline.language", "load"),
    "compare": ("nlp.reuse", "compare"),
    "Corpus": ("nlp.corpus.api", "Corpus"),
    "Report": ("nlp.core.report", "Report"),
    "XxgkError": ("nlp.core.errors", "XxgkError"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        value = getattr(import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
