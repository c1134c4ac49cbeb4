"""Run the ``xxgk`` command line in this process (typer's CliRunner), for any test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def xxgk(*args: object, stdin: bytes | str | None = None) -> Result:
    """``xxgk ARGS`` in this process; an exception the CLI did not turn into an exit code is raised."""
    from typer.testing import CliRunner

    from nlp.cli import app

    r = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Result(r.exit_code, r.stdout, r.stderr)
