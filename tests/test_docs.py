"""Every page of the documentation runs, and the site builds strictly, offline (issue 13).

Pages: README.md, README.zh-CN.md and every docs/*.md. Conventions (see docs/install.md):

* every fence starts at column 0 and names its language: bash, python, sql, text, console or json;
* ```bash blocks run with ``bash -e`` from the repository root, ``.venv/bin`` (this interpreter's
  folder) first on PATH; ```python blocks of a page run in order in one namespace (repository root
  as the working directory), interleaved with the page's bash blocks in page order;
* ```sql blocks run against ``out/docs.duckdb``, except in docs/sql-cookbook.md, whose queries are
  run by that page's own test; ```text, ```console and ```json blocks are displays;
* ``out/docs.duckdb`` is built once for this module from the bundled sample and the 洪泽区 2023/2024
  pair (``xxgk batch`` + ``xxgk reuse``), so pages can query a small store;
* nothing a page runs writes outside ``out/``;
* ``mkdocs build --strict`` passes into a temporary folder, the built pages load nothing from the
  network, and the command-line reference holds the ``--help`` of every command.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REAL, ROOT, SAMPLE

BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```([\w.+-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
RUNS = {"bash", "python", "sql"}
SHOWS = {"text", "console", "json"}
DOCS_DB = ROOT / "out" / "docs.duckdb"
PAGES = [ROOT / "README.md", ROOT / "README.zh-CN.md", *sorted((ROOT / "docs").glob("*.md"))]
SQL_ELSEWHERE = {"sql-cookbook.md"}  # pages whose ```sql blocks another test runs


def page_id(p: Path) -> str:
    return str(p.relative_to(ROOT))


def blocks(page: Path) -> list[tuple[int, str, str]]:
    """(line, language, code) of every fenced block of ``page``, in page order."""
    text = page.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["MPLBACKEND"] = "Agg"
    return env


def _untracked_outside_out() -> set[str]:
    proc = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    paths = {line[3:].strip('"') for line in proc.stdout.splitlines() if line.startswith("??")}
    return {p for p in paths if not p.startswith("out/")}


@pytest.fixture(scope="module")
def docs_store() -> Path:
    """out/docs.duckdb: the sample and the 洪泽区 pair, batched and with corpus reuse. The batch parses in
    this process (the path a batch takes when it cannot start workers), so the pages' Python blocks
    find spaCy already loaded; the worker pool itself is tested by tests/test_batch_*.py."""
    import nlp.corpus.batch_run as batch_run
    from nlp.corpus.batch import batch
    from nlp.corpus.batch_reuse import run_reuse

    for p in DOCS_DB.parent.glob("docs.duckdb*"):  # the store, its WAL and its reuse index (a folder)
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    DOCS_DB.parent.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch_run, "main_reimportable", lambda: False)
        res = batch([str(SAMPLE), str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf")],
                    str(DOCS_DB), jobs=1, progress=False)
    assert (res.parsed, res.failed) == (3, 0)
    run_reuse(str(DOCS_DB))
    return DOCS_DB


def test_every_page_is_collected_and_has_runnable_blocks() -> None:
    assert (ROOT / "README.zh-CN.md").is_file()
    runnable = [b for p in PAGES for b in blocks(p) if b[1] in RUNS]
    assert len(runnable) >= 20
    assert any(lang == "bash" for _, lang, _ in blocks(ROOT / "README.md"))


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_fences_name_a_known_language(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for k, line in enumerate(text.splitlines(), 1):
        assert not re.match(r"^\s+```", line), f"{page_id(page)}:{k}: indented fence (the block would not run)"
    opened = len(re.findall(r"^```", text, re.M))
    assert opened == 2 * len(blocks(page)), f"{page_id(page)}: unbalanced fences"
    for line, lang, _ in blocks(page):
        assert lang in RUNS | SHOWS, f"{page_id(page)}:{line}: fence ```{lang} (use one of {sorted(RUNS | SHOWS)})"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_blocks_run(page: Path, docs_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = _untracked_outside_out()
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, lang, code in blocks(page):
        where = f"{page_id(page)}:{line}"
        if lang == "bash":
            proc = subprocess.run(["bash", "-e", "-c", code], cwd=ROOT, capture_output=True, text=True,
                                  timeout=300, env=_env())
            assert proc.returncode == 0, f"{where}: bash block exited {proc.returncode}\n{proc.stdout[-1500:]}\n{proc.stderr[-2500:]}"
            assert "Traceback" not in proc.stderr, f"{where}\n{proc.stderr[-2500:]}"
        elif lang == "python":
            exec(compile(code, where, "exec"), namespace)  # the page's own example code
        elif lang == "sql" and page.name not in SQL_ELSEWHERE:
            with duckdb.connect(str(docs_store), read_only=True) as con:
                con.execute(code).fetchall()
    assert _untracked_outside_out() <= before, f"{page_id(page)} wrote outside out/"


def test_mkdocs_builds_strictly_offline(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "docs" / "hooks"))
    try:
        import cli_reference
    finally:
        sys.path.pop(0)
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=300, env=_env())
    assert proc.returncode == 0, proc.stderr[-4000:]
    pages = list(site.rglob("*.html"))
    assert len(pages) >= len(list((ROOT / "docs").glob("*.md")))
    remote = re.compile(r"<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)=[\"']?(?:https?:)?//", re.I)
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert not remote.search(text), f"{html.relative_to(site)} loads {remote.search(text).group(0)}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    paths = list(cli_reference.commands())
    assert ("parse",) in paths and ("eval", "parts") in paths
    for path in paths:
        assert re.search(r"Usage:\s*xxgk\s+" + r"\s+".join(path), cli), f"no --help of xxgk {' '.join(path)}"


def test_make_docs_target_builds_into_out() -> None:
    proc = subprocess.run(["make", "-n", "docs"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"mkdocs build --strict", proc.stdout), proc.stdout
    assert shutil.which("mkdocs", path=str(BIN)), "mkdocs is not installed in the venv (pip install -e '.[docs]')"
