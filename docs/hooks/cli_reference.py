"""mkdocs hook: the command-line reference is generated at build time from ``xxgk … --help``.

A page containing the marker ``<!-- xxgk-help -->`` gets, in its place, one section per command
(every sub-command of every group, found by walking the typer application), each holding that
command's ``--help`` output as printed in a 100-column terminal. Nothing is written to disk and
nothing is fetched: the help comes from the installed ``nlp`` package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

MARKER = "<!-- xxgk-help -->"
WIDTH = 100


def _root():
    import typer
    import typer.main

    from nlp import cli

    app = getattr(cli, "app", None)
    if not isinstance(app, typer.Typer):
        app = next(v for v in vars(cli).values() if isinstance(v, typer.Typer))
    return app, typer.main.get_command(app)


def commands() -> Iterator[tuple[str, ...]]:
    """Every command path, depth first in name order: (), ("audit",), ("eval",), ("eval", "findings"), …"""
    _, group = _root()

    def walk(cmd, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path  # a click command (typer vendors click, so it is duck-typed here)
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                yield from walk(sub, (*path, name))

    yield from walk(group, ())


def help_text(path: tuple[str, ...]) -> str:
    """``xxgk PATH --help`` as plain text (no colour, fixed width)."""
    from typer.testing import CliRunner

    app, _ = _root()
    env = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        result = CliRunner().invoke(app, [*path, "--help"], prog_name="xxgk", env=env)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if result.exit_code != 0:
        raise RuntimeError(f"xxgk {' '.join(path)} --help exited {result.exit_code}: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def render() -> str:
    parts = []
    for path in commands():
        title = " ".join(("xxgk", *path))
        parts.append(f"### `{title}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(parts)


def on_page_markdown(markdown: str, page, config, files) -> str:  # mkdocs hook signature
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render())
