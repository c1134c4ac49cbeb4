"""The README's commands and code still run.

Rules: every ```python block is executed in a fresh interpreter from the repository root; every
command line of a ```sh block that starts with ``xxgk``/``.venv/bin/xxgk``/``python``/
``.venv/bin/python`` is run from the repository root. Long jobs (``make``, benchmarks, ``xxgk train``)
are checked with ``--help`` (the command exists and its arguments parse) instead of a full run.
Blocks fenced as ```text are displays, not commands.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REAL, ROOT

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
HELP_ONLY = (re.compile(r"^(?:\.venv/bin/)?python(?:3)? benchmarks/"), re.compile(r"\bxxgk train\b"),
             re.compile(r"^(?:\.venv/bin/)?python(?:3)? scripts/"))


def blocks(lang: str) -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        if m.group(1) == lang:
            out.append((text[: m.start()].count("\n") + 1, m.group(2)))
    return out


def commands() -> list[tuple[int, str]]:
    out = []
    for line_no, block in blocks("sh"):
        for k, line in enumerate(block.splitlines()):
            cmd = line.split("  #")[0].strip()
            if re.match(r"^(?:\.venv/bin/)?(?:xxgk|python3?)\s", cmd):
                out.append((line_no + 1 + k, cmd))
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _argv(cmd: str) -> list[str]:
    argv = shlex.split(cmd)
    exe = argv[0].removeprefix(".venv/bin/")
    if exe in ("python", "python3"):
        argv[0] = sys.executable
    elif exe == "xxgk":
        argv[0:1] = [sys.executable, "-m", "nlp.cli"]
    if any(rx.search(cmd) for rx in HELP_ONLY):
        argv = [a for a in argv[:3] if not a.startswith("-")] + ["--help"]
        if "xxgk train" in cmd:
            argv = [sys.executable, "-m", "nlp.cli", "train", "parts", "--help"]
    return argv


def test_readme_has_runnable_examples() -> None:
    assert len(blocks("python")) >= 5
    assert len(commands()) >= 10


@pytest.mark.skipif(not REAL.is_dir(), reason="the README's examples read ../shared/corpus/real")
@pytest.mark.parametrize(("line", "cmd"), commands(), ids=lambda v: str(v)[:60])
def test_readme_command(line: int, cmd: str, tmp_path: Path) -> None:
    proc = subprocess.run(_argv(cmd), cwd=ROOT, capture_output=True, text=True, timeout=600, env=_env())
    # check-style commands exit 1 when a check fails: that is output, not breakage
    assert proc.returncode in (0, 1), f"README line {line}: {cmd}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr, f"README line {line}: {cmd}\n{proc.stderr[-2000:]}"


@pytest.mark.skipif(not REAL.is_dir(), reason="the README's examples read ../shared/corpus/real")
@pytest.mark.parametrize(("line", "code"), blocks("python"), ids=lambda v: str(v)[:40])
def test_readme_python_block(line: int, code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=_env())
    assert proc.returncode == 0, f"README python block at line {line} failed:\n{proc.stderr[-3000:]}"
