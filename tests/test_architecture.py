"""The package's layout is its architecture (docs/architecture.md).

- the layer order (``[tool.importlinter]`` in pyproject.toml, checked with import-linter): a
  module imports only from the layers below its own, ``nlp.cli`` (the command line) is on top;
- no module below the command line imports the package root ``nlp`` (the public face) or the
  command line itself;
- no import cycle between modules (every import counts, also those inside functions);
- README's "How it works" tree names exactly the package folders under ``nlp/``.

Each rule is also run on a copy of the package with a planted violation, which it must report.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = "nlp"
COMMANDS = "nlp.cli"


# ---------------------------------------------------------------- the module graph, from the AST


def modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is a package ``__init__``) for every ``.py`` under ``root/nlp``."""
    out = {}
    for p in sorted((root / PKG).rglob("*.py")):
        parts = list(p.relative_to(root).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts.pop()
        out[".".join(parts)] = (p, is_pkg)
    return out


def imports(root: Path) -> dict[str, set[str]]:
    """Module -> the ``nlp`` modules it imports (``from x import name`` counts as importing the
    submodule ``x.name`` when there is one, else ``x``); ``nlp`` stands for the root itself."""
    mods = modules(root)
    graph: dict[str, set[str]] = {}
    for name, (path, is_pkg) in mods.items():
        package = name if is_pkg else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                for a in node.names:
                    deps.add(f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base)
        graph[name] = {d for d in deps if d.split(".")[0] == PKG and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def in_commands(module: str) -> bool:
    return module == COMMANDS or module.startswith(COMMANDS + ".")


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports of the root ``nlp`` or of the command line from below: only the command line may use
    the public API of the root (``nlp.parse``), and nothing but itself imports the command line."""
    bad = []
    for mod, deps in sorted(graph.items()):
        if mod == PKG or in_commands(mod):
            continue
        for d in sorted(deps):
            if d == PKG:
                bad.append(f"{mod} imports the package root {PKG}")
            elif in_commands(d):
                bad.append(f"{mod} imports the command line {d}")
    return bad


# ---------------------------------------------------------------- import-linter over a tree


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with ``root/pyproject.toml``, ``nlp`` imported from ``root``."""
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(exe), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def planted_copy(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the package and pyproject.toml with ``files`` added (path -> source)."""
    dst = tmp_path / "tree"
    shutil.copytree(ROOT / PKG, dst / PKG, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", dst / "pyproject.toml")
    for rel, source in files.items():
        (dst / rel).write_text(source, encoding="utf-8")
    return dst


def test_layer_contract_holds() -> None:
    proc = lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize(("path", "source", "message"), [
    ("nlp/core/planted.py", "from nlp.corpus import store\n", "nlp.core is not allowed to import nlp.corpus"),
    ("nlp/findings/planted.py", "def f():\n    from nlp.tables import checks\n",
     "nlp.findings is not allowed to import nlp.tables"),  # siblings of one layer
    ("nlp/pipeline/planted.py", "import nlp.cli\n", "nlp.pipeline is not allowed to import nlp.cli"),
])
def test_layer_contract_fails_on_a_planted_violation(tmp_path: Path, path: str, source: str, message: str) -> None:
    proc = lint_imports(planted_copy(tmp_path, {path: source}))
    assert proc.returncode == 1
    assert message in proc.stdout
    assert f"{module_name(path)} ->" in proc.stdout


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def planted_only(tmp_path: Path, files: dict[str, str], check) -> list:
    """What ``check`` (a function of the import graph) reports on the planted copy and not on the tree."""
    graph = imports(planted_copy(tmp_path, files))
    graph["nlp.cli.planted"] = {PKG, COMMANDS}  # the command line itself may use the root's public API
    before = check(imports(ROOT))
    return sorted(x for x in check(graph) if x not in before)


def test_nothing_imports_the_root_or_the_command_line() -> None:
    assert upward_imports(imports(ROOT)) == []


def test_root_and_command_imports_are_found_when_planted(tmp_path: Path) -> None:
    assert planted_only(tmp_path, {
        "nlp/text/planted_root.py": "def f():\n    import nlp\n    return nlp.parse\n",
        "nlp/ingest/planted_rel.py": "from .. import parse\n",
        "nlp/corpus/planted_cli.py": "from ..cli import main\n",
    }, upward_imports) == ["nlp.corpus.planted_cli imports the command line nlp.cli",
                           "nlp.ingest.planted_rel imports the package root nlp",
                           "nlp.text.planted_root imports the package root nlp"]


def test_no_import_cycles() -> None:
    assert cycles(imports(ROOT)) == []


def test_a_planted_cycle_is_found(tmp_path: Path) -> None:
    assert planted_only(tmp_path, {
        "nlp/text/planted_a.py": "from . import planted_b\n",
        "nlp/text/planted_b.py": "def f():\n    from .planted_c import g\n",
        "nlp/text/planted_c.py": "from nlp.text.planted_a import planted_b as g\n",
    }, cycles) == [["nlp.text.planted_a", "nlp.text.planted_b", "nlp.text.planted_c"]]


def test_the_cycle_finder_on_a_small_graph() -> None:
    g = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    assert cycles(g) == [["a", "b", "c"], ["d", "e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# ---------------------------------------------------------------- README's tree names the folders


def how_it_works(text: str) -> str:
    """README's ``## How it works`` section (up to the next ``## `` heading)."""
    m = re.search(r"^## How it works[ \t]*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert m, "README.md has no '## How it works' section"
    return m.group(1)


def named_folders(section: str) -> set[str]:
    """Folders of ``nlp/`` the section names: the entries ``name/`` of the ```text tree that starts
    with ``nlp/``, and every ``nlp/name/`` path elsewhere in the section."""
    trees = [b for b in re.findall(r"^```text\n(.*?)^```", section, flags=re.M | re.S) if b.startswith(f"{PKG}/")]
    assert trees, "the 'How it works' section has no ```text tree starting with nlp/"
    names = set(re.findall(r"^[ \t│├└─]+([a-z_]+)/(?=\s)", trees[0], flags=re.M))
    return names | set(re.findall(rf"(?<![\w/]){PKG}/([a-z_]+)/", section))


def package_folders(root: Path) -> set[str]:
    """The folders under ``nlp/``: the packages and the package data."""
    return {p.name for p in (root / PKG).iterdir()
            if p.is_dir() and ((p / "__init__.py").exists() or p.name == "data")}


def test_readme_tree_names_every_package_folder() -> None:
    named = named_folders(how_it_works((ROOT / "README.md").read_text(encoding="utf-8")))
    assert named == package_folders(ROOT)


def test_readme_tree_check_sees_a_missing_and_a_stale_folder() -> None:
    readme = ("# x\n\n## How it works\n\n```text\nnlp/         face\n  core/      the model\n"
              "  gone/      stale\n  cli.py     commands\n```\n\nflow: nlp/ingest/ then nlp/ingest/pdf.py\n\n"
              "```text\npath/bytes ─ingest─▶ x/\n```\n\n## Next\n\nnlp/later/\n")
    named = named_folders(how_it_works(readme))
    assert named == {"core", "gone", "ingest"}
    assert "gone" not in package_folders(ROOT)
    assert package_folders(ROOT) - named  # folders the planted tree does not name
    with pytest.raises(AssertionError, match="How it works"):
        how_it_works("# x\n\n## Install\n")
