"""The README and the reference pages of the documentation agree with the code (issue 13).

The blocks of every page are run by tests/test_docs.py; this file checks what the pages *state*:
the README's size and sections, its links, the exit-code tables against ``nlp/core/errors.py``, the size
limits against ``nlp/ingest/limits.py``, the ``make`` targets it names, the citation's version, and
the field tables of docs/json.md and docs/python-api.md against the objects the code produces.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

import nlp
from nlp.core.errors import EXIT_CODES
from nlp.ingest.limits import DEFAULTS

README = ROOT / "README.md"
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _section(path: Path, title: str) -> str:
    text = _text(path)
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 3)
    return text[start:] if end < 0 else text[start:end]


def _table_rows(section: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("| ") and not line.startswith("|---")]


def test_readme_is_short_and_has_its_sections() -> None:
    text = _text(README)
    assert len(text.splitlines()) <= 250
    for title in ("Install", "Two commands", "A five-minute tour", "The corpus workflow in four lines",
                  "Formats", "Exit codes", "Accuracy and limits", "How it works", "Licence", "Citation"):
        assert f"\n## {title}\n" in text, title
    assert "Python 3.11" in text and "make demo" in text and "make test" in text
    assert "../shared/DESIGN.md" not in text and "DESIGN.md" not in text  # not part of the project


@pytest.mark.parametrize("page", [README, ROOT / "README.zh-CN.md"], ids=lambda p: p.name)
def test_readme_links_exist(page: Path) -> None:
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", FENCE.sub("", _text(page)))
    assert targets
    for t in targets:
        if not re.match(r"^[a-z]+:", t):
            assert (ROOT / t).exists(), f"{page.name} links to {t}, which does not exist"


def test_readme_make_targets_exist() -> None:
    targets = set(re.findall(r"\bmake ([a-z][\w-]*)", _text(README)))
    assert {"demo", "test", "docs"} <= targets
    for t in sorted(targets):
        proc = subprocess.run(["make", "-n", t], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"make {t}: {proc.stderr}"


@pytest.mark.parametrize(("page", "title"), [(README, "Exit codes"), (DOCS / "limits.md", "Errors and exit codes")],
                         ids=["README", "limits.md"])
def test_exit_code_table_matches_the_code(page: Path, title: str) -> None:
    rows = [r for r in _table_rows(_section(page, title)) if r[0].isdigit()]
    table = {int(r[0]): r[1] for r in rows}
    assert sorted(table) == list(range(14)) and len(rows) == 14
    assert table[0] == "–" and table[1] == "–"
    documented = {cls.split(" /")[0].strip("` "): code for code, cls in table.items() if code >= 2}
    assert documented == EXIT_CODES


def test_limits_page_documents_every_limit_with_its_default() -> None:
    section = _section(DOCS / "limits.md", "Size limits")
    for name, default in DEFAULTS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| `{name}`"))
        shown = row.split("|")[2].strip()
        value = int(shown.replace(",", "").replace(" MiB", "")) * (1 << 20 if "MiB" in shown else 1)
        assert value == default, (name, shown)


def test_citation_names_the_package_version() -> None:
    cff = _text(ROOT / "CITATION.cff")
    assert re.search(rf'^version: "{re.escape(nlp.__version__)}"$', cff, re.M)
    assert f"Version {nlp.__version__}" in _section(README, "Citation")
    assert "MIT" in cff and _text(ROOT / "LICENSE").startswith("MIT License")


@pytest.fixture(scope="module")
def sample_report():
    return nlp.parse(SAMPLE)


def _json_fields() -> dict[str, str]:
    """docs/json.md report table: field name (``[]`` dropped) → the row's description."""
    rows = _table_rows(_section(DOCS / "json.md", "Report (`xxgk.report/1`)"))
    return {r[0].strip("`").removesuffix("[]"): r[1] for r in rows[1:]}


def test_json_page_lists_every_report_field(sample_report) -> None:
    d = sample_report.to_dict()
    fields = _json_fields()
    assert set(fields) == set(d)
    for name in ("source", "meta", "quality"):
        for key in d[name]:
            assert f"`{key}`" in fields[name], f"json.md: {name}.{key} is not documented"
    for name in ("parts", "sentences", "findings", "checks"):
        assert d[name], name
        for key in d[name][0]:
            assert f"`{key}`" in fields[name], f"json.md: {name}[].{key} is not documented"
    for key in d["tables"]["T3"]:
        assert f"`{key}`" in fields["tables"], f"json.md: tables.T3.{key} is not documented"


def test_json_page_lists_every_finding_field() -> None:
    from nlp.core.report import Finding

    rows = _table_rows(_section(DOCS / "json.md", "Findings"))
    documented = {n.strip("` ") for r in rows[1:] for n in r[0].split(",")}
    assert documented == {f.name for f in dataclasses.fields(Finding)}


def test_json_page_lists_every_compare_field() -> None:
    from nlp.reuse import Side, compare

    old = Side.of(["本机关严格按照条例要求公开政府信息。", "全年共受理申请12件。"], agency="甲县人民政府", year=2022)
    new = Side.of(["本机关严格按照条例要求公开政府信息。", "全年共受理申请15件。"], agency="甲县人民政府", year=2023)
    d = compare(old, new).to_dict()
    rows = _table_rows(_section(DOCS / "json.md", "Compare"))
    documented = {n.strip("` ").split(".")[0].removesuffix("[]") for r in rows[1:] for n in r[0].split(",")}
    assert set(d) - {"schema"} <= documented, set(d) - documented
    scores = {r[0].strip("`").split(".", 1)[1] for r in rows[1:] if r[0].startswith("`scores.")}
    assert scores == set(d["scores"])


def test_python_api_page_documents_the_exports_and_their_signatures() -> None:
    text = _text(DOCS / "python-api.md")
    for name in nlp.__all__:
        assert f"nlp.{name}" in text, f"python-api.md does not document nlp.{name}"
    for fn in (nlp.parse, nlp.read):
        params = [p for p in inspect.signature(fn).parameters if p != "source"]
        row = next(line for line in text.splitlines() if line.startswith(f"| `nlp.{fn.__name__}(source, *,"))
        shown = re.findall(r"(\w+)=", row.split("`")[1])
        assert shown == params, (fn.__name__, shown, params)


def test_python_api_page_lists_every_spacy_extension(sample_report) -> None:
    from spacy.tokens import Doc, Span
    from spacy.tokens.underscore import Underscore

    rows = _table_rows(_section(DOCS / "python-api.md", "spaCy extensions"))
    documented = {r[0].strip("`") for r in rows[1:]}
    ours = {f"Doc._.{n}" for n in Underscore.doc_extensions} | {f"Span._.{n}" for n in Underscore.span_extensions}
    assert documented <= ours, documented - ours
    doc = sample_report.doc
    span = doc.spans["sentences"][0]
    for attr in documented:
        owner, name = attr.split("._.")
        assert {"Doc": Doc, "Span": Span}[owner].has_extension(name), attr
    # every extension set on a parsed report's sentences and Doc is documented
    set_span = {f"Span._.{n}" for n in Underscore.span_extensions if getattr(span._, n) is not None}
    assert set_span <= documented, set_span - documented
    assert {"Doc._.layout", "Doc._.findings", "Doc._.ignore_headings"} <= documented


def test_cli_page_lists_every_command() -> None:
    import sys

    sys.path.insert(0, str(DOCS / "hooks"))
    try:
        import cli_reference
    finally:
        sys.path.pop(0)
    table = _text(DOCS / "cli.md").split("\n## ")[0]
    paths = list(cli_reference.commands())
    leaves = [p for p in paths if p and not any(len(q) > len(p) and q[:len(p)] == p for q in paths)]
    assert ("parse",) in leaves and ("eval", "findings") in leaves
    for path in leaves:
        assert f"`xxgk {' '.join(path)}" in table, f"cli.md: no row for xxgk {' '.join(path)}"
