"""The data model at the bottom of every layer: documents, reports, tables, errors, version.

Imports nothing else from ``nlp``; ``import nlp.core.errors`` loads neither spaCy nor pandas."""
