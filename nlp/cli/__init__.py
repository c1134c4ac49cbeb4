"""The ``xxgk`` command line: one module per command, argument handling and printing over the
public API (:mod:`nlp`).

Exit codes: 0 success; 1 a check failed / some files failed in a batch; 2 usage or generic error;
3–13 the errors of :mod:`nlp.core.errors` (unsupported, empty, corrupt, encrypted, no text layer, too
large, encoding, model, store, output, config). Every error prints one line ``xxgk: FILE: reason``.
Importing this package loads typer only: spaCy, DuckDB, pandas and rich are imported by the command
that needs them, so ``xxgk --help`` and ``xxgk --version`` answer quickly.
"""

from __future__ import annotations

import sys

import typer

from .. import __version__
from ..core.errors import XxgkError, error_line
from . import audit, batch, check, compare, evaluate, export, findings, parse, reuse, train
from .common import CONTEXT, TYPER

__all__ = ["app", "main"]

app = typer.Typer(no_args_is_help=True, **TYPER,
                  help="xxgk-nlp: parse, check and compare 政府信息公开工作年度报告 (run `xxgk COMMAND -h`).\n\n"
                       "Example: xxgk parse corpus/samples/临县人民政府-2023.txt")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"xxgk-nlp {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print `xxgk-nlp VERSION` and exit."),
) -> None:
    """The options before any command."""


for _name, _module in (("parse", parse), ("check", check), ("findings", findings), ("compare", compare),
                       ("batch", batch), ("reuse", reuse), ("export", export), ("audit", audit)):
    app.command(_name, context_settings=CONTEXT)(_module.command)
app.add_typer(evaluate.app, name="eval")
app.add_typer(train.app, name="train")


def main() -> None:
    """Console-script entry point: a documented error anywhere prints ``xxgk: FILE: reason`` and
    exits with its code (:mod:`nlp.core.errors`), never a traceback."""
    try:
        app()
    except BrokenPipeError:
        sys.exit(0)
    except XxgkError as exc:
        sys.stderr.write(error_line(exc) + "\n")
        sys.exit(exc.exit_code)
