"""Honest packaging: a licence, one version, declared what is imported (and nothing else), no
import guarded against the project's own package, no `noqa` for a rule that is not enabled, no
sudo, and the test markers the conftest gives."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, _users

import nlp

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def _dist(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imports(folder: Path) -> dict[str, set[str]]:
    """Top-level third-party module → files of ``folder`` that import it."""
    out: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for n in names:
                top = n.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("nlp", "conftest", "audit_support"):
                    out.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return out


@cache
def _packages() -> dict[str, list[str]]:
    return md.packages_distributions()


def _distributions(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in _packages().get(module, [])}


CORE = {_dist(r) for r in PROJECT["dependencies"]}
EXTRAS = {name: {_dist(r) for r in reqs} for name, reqs in PROJECT["optional-dependencies"].items()}


def test_mit_licence_and_one_version() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert PROJECT["license"] == {"text": "MIT"}
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "nlp.__version__"}
    assert md.version("xxgk-nlp") == nlp.__version__


def test_every_import_of_the_package_is_a_declared_dependency() -> None:
    declared = CORE.union(*EXTRAS.values())
    for module, files in _imports(ROOT / "nlp").items():
        assert _distributions(module) & declared, (module, sorted(files))


def test_every_core_dependency_is_imported_by_the_package() -> None:
    imported = set().union(*(_distributions(m) for m in _imports(ROOT / "nlp")))
    assert CORE - imported == set()


def test_every_extra_is_imported_somewhere() -> None:
    used = {}
    for folder in ("nlp", "tests", "benchmarks", "scripts"):
        for module in _imports(ROOT / folder):
            for d in _distributions(module):
                used.setdefault(d, set()).add(folder)
    tools = {"pytest", "ruff", "ipykernel", "wheel", "setuptools", "import-linter", "mkdocs-material"}
    # programs, kernels, build backends, the docs theme: never imported
    for name, dists in EXTRAS.items():
        for d in dists - tools - {"xxgk-nlp"}:
            assert d in used, (name, d)
    assert "datasketch" not in CORE and used["datasketch"] == {"benchmarks"}
    assert "beautifulsoup4" in EXTRAS["test"] and "beautifulsoup4" not in CORE
    assert "threadpoolctl" in EXTRAS["train"] and "scikit-learn" in EXTRAS["train"]
    assert {"dask", "audit", "docs", "test", "train"} <= set(EXTRAS)


def test_no_import_guard_against_the_own_package() -> None:
    for path in (ROOT / "nlp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            if not catches & {"ImportError", "ModuleNotFoundError"}:
                continue
            own = [n for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                   if isinstance(n, ast.ImportFrom) and (n.level > 0 or (n.module or "").startswith("nlp"))]
            assert not own, f"{path.relative_to(ROOT)}:{node.lineno} guards an import of nlp"


def test_noqa_names_only_enabled_rules() -> None:
    enabled = PYPROJECT["tool"]["ruff"]["lint"]["select"]
    for folder in ("nlp", "tests", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for code in re.findall(r"#\s*noqa:\s*([A-Z]+\d+)", line):
                    assert any(code.startswith(p) and code[len(p):].isdigit() for p in enabled), \
                        f"{path.relative_to(ROOT)}:{i} noqa {code}"


def test_no_sudo_and_a_fast_target() -> None:
    for path in [ROOT / "Makefile", *(ROOT / "scripts").glob("*.sh"), ROOT / ".ci" / "run"]:
        assert not re.search(r"\bsudo\b", path.read_text(encoding="utf-8")), path
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r'^test-fast:.*\n\t.*pytest .*-m "not slow and not browser and not corpus"', make, re.M)
    assert "pip install -q -e '.[test]'" in make


def test_markers_are_registered() -> None:
    names = {m.split(":")[0] for m in PYPROJECT["tool"]["pytest"]["ini_options"]["markers"]}
    assert names == {"slow", "browser", "corpus"}


def test_conftest_marks_by_what_a_test_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mod_for_markers.py").write_text(
        "from pathlib import Path\n"
        "REAL = Path('.')\n"
        "DOC = REAL / 'x.pdf'\n"
        "def helper():\n    return DOC.read_bytes()\n"
        "def test_uses_corpus_through_a_helper():\n    helper()\n"
        "def test_plain():\n    assert 1\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("mod_for_markers")
    names = _users(module, re.compile(r"\bREAL\b"))
    assert {"DOC", "helper", "test_uses_corpus_through_a_helper"} <= names
    assert "test_plain" not in names
