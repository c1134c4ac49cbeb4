"""Shared fixtures: the real corpus beside the project, parsed once per test session."""

from __future__ import annotations

import ast
import csv
import inspect
import re
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
TEMPLATES = ROOT.parent / "shared" / "corpus" / "templates"
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """The real reports are the main test material: without them the run stops instead of skipping."""
    missing = [str(p) for p in (REAL, TEMPLATES, SAMPLE) if not p.exists()]
    if missing:
        pytest.exit("test material is missing: " + ", ".join(missing)
                    + " (clone the project beside ../shared as the README says)", returncode=4)


# Markers are given here, by what a test uses, so test files added later are marked too
# (`make test` runs everything; `make test-fast` runs `-m "not slow and not browser and not corpus"`).
_CORPUS = re.compile(r"\b(?:REAL|TEMPLATES|real_files|real_dir|manifest)\b")
_BROWSER = re.compile(r"\b(?:playwright|chromium)\b")
_SLOW = re.compile(r"\b(?:subprocess|NotebookClient|LocalCluster|run_batch|given|build_site|audit_pair|audit_command)\b")
_SLOW_FILES = {"test_notebooks.py", "test_readme.py", "test_browser.py", "test_batch_acceptance.py",
               "test_batch_faults.py", "test_ingest_property.py"}


@cache
def _definitions(module: ModuleType) -> dict[str, str]:
    """Top-level name → the source lines that define it (decorators included); helpers imported
    from other files of tests/ (conftest, audit_support) count with their own source."""
    lines = inspect.getsource(module).splitlines()
    defs: dict[str, str] = {}
    here = Path(__file__).parent
    for name, value in vars(module).items():
        fn = inspect.unwrap(value) if callable(value) else None  # @cache-wrapped helpers too
        if inspect.isfunction(fn) and fn.__module__ != module.__name__:
            f = inspect.getsourcefile(fn)
            if f is not None and Path(f).parent == here:
                defs[name] = inspect.getsource(fn)
    for node in ast.parse("\n".join(lines)).body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        seg = "\n".join(lines[first - 1:node.end_lineno])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defs[node.name] = seg
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                defs.update((n.id, seg) for n in ast.walk(t) if isinstance(n, ast.Name))
    return defs


@cache
def _users(module: ModuleType, pattern: re.Pattern[str]) -> frozenset[str]:
    """Names the module defines at top level (tests, helpers, fixtures, constants) whose definition
    uses ``pattern`` directly or through another such name."""
    defs = _definitions(module)
    names: set[str] = set()
    while True:
        known = re.compile(r"\b(?:" + "|".join(sorted(names)) + r")\b") if names else None
        grown = {n for n, src in defs.items()
                 if n not in names and (pattern.search(src) or (known is not None and known.search(src)))}
        if not grown:
            return frozenset(names)
        names |= grown


def _uses(item: pytest.Function, pattern: re.Pattern[str]) -> bool:
    names = _users(item.module, pattern)
    owner = item.cls.__name__ if item.cls is not None else item.originalname
    return owner in names or any(f in names or pattern.search(f) for f in item.fixturenames)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        name = item.path.name
        if _uses(item, _CORPUS):
            item.add_marker(pytest.mark.corpus)
        if name == "test_browser.py" or _uses(item, _BROWSER):
            item.add_marker(pytest.mark.browser)
        if name in _SLOW_FILES or _uses(item, _SLOW):
            item.add_marker(pytest.mark.slow)


@cache
def parsed(path: str, ignore_headings: bool = False):
    import nlp

    return nlp.parse(path, ignore_headings=ignore_headings)


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def real_files() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")


@pytest.fixture(scope="session")
def real_dir() -> Path:
    return REAL


def db_rows(db: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on the DuckDB store at ``db``, opened read-only and closed again."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
