"""The README's commands and code still run.

Rules:

* every command of the ```sh blocks runs from the repository root, in README order (a line ending in
  ``\\`` continues on the next one; ``#`` outside quotes starts a comment):
  - ``xxgk`` / ``.venv/bin/xxgk`` / ``python`` / ``.venv/bin/python`` / ``mkdir`` lines run as written;
  - long jobs (``python benchmarks/…``, ``python scripts/…``, ``xxgk train``, ``xxgk eval parts --loo``)
    run with ``--help`` appended: the command exists and its options parse, the job itself is not run;
  - ``make TARGET`` is dry-run (``make -n``: the target exists and its prerequisites resolve);
  - ``pytest`` / ``.venv/bin/pytest`` lines: every test file they name exists (globs expanded); the
    full suite runs those files;
  - ``scripts/*.sh`` lines are syntax-checked (``sh -n``);
  - any other line fails the test, so nothing in a ```sh block goes unchecked;
* then every ```python block is executed in a fresh interpreter from the repository root, in README
  order (a block may read what an earlier command or block wrote under ``out/``);
* every fence names its language; ```text, ```json and ```sql blocks are displays, not run;
* the files the commands write go under ``out/`` (git-ignored), never into the repository;
* every relative link or image in the README points at an existing file.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
LANGS = {"python", "sh", "text", "json", "sql"}
HELP_ONLY = (re.compile(r"^(?:\.venv/bin/)?python(?:3)? (?:benchmarks|scripts)/"), re.compile(r"\bxxgk train\b"),
             re.compile(r"\bxxgk eval parts\b.*\s--loo\b"))
RUN = re.compile(r"^(?:\.venv/bin/)?(?:xxgk|python3?)\s|^mkdir\s")
MAKE = re.compile(r"^make\s")
PYTEST = re.compile(r"^(?:\.venv/bin/)?pytest\s")
SCRIPT_SH = re.compile(r"^scripts/[\w-]+\.sh\b")
# options whose value is a file or folder the command writes
WRITES = ("--db", "--out", "-o", "--output", "--parquet")


def blocks(lang: str) -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        if m.group(1) == lang:
            out.append((text[: m.start()].count("\n") + 1, m.group(2)))
    return out


def strip_comment(line: str) -> str:
    """``line`` without a shell comment: ``#`` at a word start, outside quotes."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def commands() -> list[tuple[int, str]]:
    """(README line, command) for every command of every ```sh block, continuation lines joined."""
    out = []
    for line_no, block in blocks("sh"):
        pending, start = "", 0
        for k, line in enumerate(block.splitlines()):
            if not pending:
                start = line_no + 1 + k
            if line.endswith("\\"):
                pending += line[:-1]
                continue
            cmd = strip_comment(pending + line).strip()
            pending = ""
            if cmd:
                out.append((start, cmd))
        assert not pending, f"README line {start}: continuation at the end of a block"
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _argv(cmd: str) -> tuple[list[str], bool]:
    """The argv that checks ``cmd`` and whether it is a ``--help`` check."""
    argv = shlex.split(cmd)
    exe = argv[0].removeprefix(".venv/bin/")
    if MAKE.match(cmd):
        return ["make", "-n", *argv[1:]], False
    if SCRIPT_SH.match(cmd):
        return ["sh", "-n", argv[0]], False
    if exe in ("python", "python3"):
        argv[0] = sys.executable
    elif exe == "xxgk":
        argv[0:1] = [sys.executable, "-m", "nlp.cli"]
    help_only = any(rx.search(cmd) for rx in HELP_ONLY)
    return (argv + ["--help"], True) if help_only else (argv, False)


def test_readme_has_runnable_examples() -> None:
    assert len(blocks("python")) >= 5
    assert len([c for _, c in commands() if RUN.match(c)]) >= 10


def test_readme_fences_name_their_language() -> None:
    text = README.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        line = text[: m.start()].count("\n") + 1
        assert m.group(1) in LANGS, f"README line {line}: fence ```{m.group(1)} (use one of {sorted(LANGS)})"


def test_readme_links_exist() -> None:
    text = FENCE.sub("", README.read_text(encoding="utf-8"))
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    assert targets
    for t in targets:
        if not re.match(r"^[a-z]+:", t):
            assert (ROOT / t).exists(), f"README links to {t}, which does not exist"


def test_readme_commands_are_checked_and_write_under_out() -> None:
    for line, cmd in commands():
        assert RUN.match(cmd) or MAKE.match(cmd) or PYTEST.match(cmd) or SCRIPT_SH.match(cmd), (
            f"README line {line}: `{cmd}` in a ```sh block is neither run nor checked by this test "
            "(fence it as ```text if it is a syntax summary)")
        argv = shlex.split(cmd)
        for opt, value in zip(argv, argv[1:], strict=False):
            if opt in WRITES:
                assert value.startswith("out/"), f"README line {line}: {opt} {value} writes outside out/"
        if argv[0] == "mkdir":
            assert all(a.startswith("-") or a == "out" or a.startswith("out/") for a in argv[1:]), cmd


def test_readme_pytest_lines_name_existing_files() -> None:
    lines = [(line, cmd) for line, cmd in commands() if PYTEST.match(cmd)]
    assert lines
    for line, cmd in lines:
        args = [a for a in shlex.split(cmd)[1:] if not a.startswith("-")]
        assert args, f"README line {line}: {cmd} names no test file"
        for a in args:
            found = glob.glob(a, root_dir=ROOT)
            assert found and all((ROOT / f).is_file() for f in found), f"README line {line}: no test file {a}"


@pytest.mark.parametrize(("line", "cmd"), [c for c in commands() if not PYTEST.match(c[1])],
                         ids=lambda v: str(v)[:60])
def test_readme_command(line: int, cmd: str) -> None:
    argv, help_only = _argv(cmd)
    if help_only and argv[1].endswith(".py"):
        source = (ROOT / argv[1]).read_text(encoding="utf-8")
        assert re.search(r"\b(argparse|typer|click)\b", source), (
            f"README line {line}: {argv[1]} has no command-line parser, so `--help` would run the whole job")
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600, env=_env())
    msg = f"README line {line}: {cmd}\n{proc.stdout[-1000:]}\n{proc.stderr[-2000:]}"
    # check-style commands exit 1 when a check fails: that is output, not breakage
    assert proc.returncode in ((0,) if argv[0] in ("make", "sh") else (0, 1)), msg
    assert "Traceback" not in proc.stderr, msg
    if help_only:
        assert "usage" in proc.stdout.lower(), msg


@pytest.mark.parametrize(("line", "code"), blocks("python"), ids=lambda v: str(v)[:40])
def test_readme_python_block(line: int, code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=_env())
    assert proc.returncode == 0, f"README python block at line {line} failed:\n{proc.stderr[-3000:]}"
