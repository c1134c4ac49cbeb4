"""Exit codes (issue 12): no error class exits 0 or 1, which mean success and "a check / some files
failed". The documented exit-code tables (README.md, docs/limits.md) and the size limits are checked
against the code by tests/test_readme.py."""

from __future__ import annotations

from nlp.core.errors import EXIT_CODES


def test_no_error_class_uses_exit_1():
    assert 1 not in EXIT_CODES.values() and 0 not in EXIT_CODES.values()
