"""xxgk-nlp: structured, checkable data from 政府信息公开工作年度报告.

Public API: :func:`parse`, :func:`load`, :func:`read`, :func:`compare` and :class:`Corpus` (when
the corresponding modules are installed), and the result types in :mod:`nlp.report`.
"""

from __future__ import annotations

from .errors import XxgkError
from .ingest import read
from .language import load
from .pipeline import parse
from .report import Report

__all__ = ["Report", "XxgkError", "load", "parse", "read"]
__version__ = "0.1.0"
