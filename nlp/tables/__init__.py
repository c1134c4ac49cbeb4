"""Statistical tables T2/T3/T4 of a report: label-anchored parsing, five cell states, 勾稽 checks.

``extract(document) -> Tables`` reads the tables of a :class:`nlp.core.document.Document`;
``nlp.tables.checks.run_checks(tables, narrative_sentences, previous_tables=None)`` checks them.
"""

from __future__ import annotations

from ..core.tables import ABSENT, Cell, Table, Tables, parse_cell
from .parse import extract

__all__ = ["ABSENT", "Cell", "Table", "Tables", "extract", "parse_cell"]
