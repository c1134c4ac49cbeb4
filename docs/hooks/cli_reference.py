"""mkdocs hook: the command-line reference is generated at build time from ``xxgk … --help``.

A page containing the marker ``<!-- xxgk-help -->`` gets, in its place, one section per command
(every sub-command of every group, found by walking the typer application), each holding that
command's ``--help`` output as printed in a 100-column terminal. Nothing is written to disk and
nothing is fetched: the help comes from the installed ``nlp`` package. The hook also points the
search plugin's jieba at the toolkit's private cache folder.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator

MARKER = "<!-- xxgk-help -->"
WIDTH = 100


def _root():
    import typer
    import typer.main

    from nlp import cli

    app = getattr(cli, "app", None)
    if not isinstance(app, typer.Typer):  # a command package: the root app may live in a sub-module
        candidates = [v for v in vars(cli).values() if isinstance(v, typer.Typer)]
        for info in pkgutil.iter_modules(getattr(cli, "__path__", [])):
            module = importlib.import_module(f"{cli.__name__}.{info.name}")
            candidates += [v for v in vars(module).values() if isinstance(v, typer.Typer)]
        # the root is the application with the most commands and groups
        app = max(candidates, key=lambda t: len(t.registered_commands) + len(t.registered_groups))
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


def on_config(config):  # mkdocs hook: runs before the search plugin segments Chinese text with jieba
    """The search index is built with jieba when it is installed: give it the toolkit's private cache
    folder instead of the shared /tmp (``nlp.text.jieba_cache``)."""
    from nlp.text.jieba_cache import use_private_cache

    use_private_cache()
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:  # mkdocs hook signature
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render())
