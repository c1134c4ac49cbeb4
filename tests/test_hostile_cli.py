"""The README's exit-code table matches ``nlp/errors.py`` (issue 12): every documented class with its
code, 0 and 1 with their only meanings, and nothing missing or extra."""

from __future__ import annotations

import re

from hostile_support import ROOT

from nlp.errors import EXIT_CODES
from nlp.ingest.limits import DEFAULTS


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    return text[start:text.index("\n## ", start + 3)]


def test_readme_exit_code_table_matches_the_code():
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \|", _section("Errors and exit codes"), re.M)
    table = {int(code): cls.strip() for code, cls in rows}
    assert table[0] == "–" and table[1] == "–"
    documented = {cls.strip("` ").split(" /")[0].strip("`"): code for code, cls in table.items() if code >= 2}
    assert documented == EXIT_CODES
    assert sorted(table) == list(range(0, 14))


def test_no_error_class_uses_exit_1():
    assert 1 not in EXIT_CODES.values() and 0 not in EXIT_CODES.values()


def test_readme_documents_every_limit_with_its_default():
    section = _section("Errors and exit codes")
    for name, default in DEFAULTS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{name}`"))
        shown = row.split("|")[2].strip()
        value = int(shown.replace(",", "").replace(" MiB", "")) * (1 << 20 if "MiB" in shown else 1)
        assert value == default, (name, shown)
