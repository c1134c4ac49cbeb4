"""Body of ``xxgk compare OLD NEW [--json]`` (the lead's typer app calls :func:`compare_command`)."""

from __future__ import annotations

import sys
from typing import Any

from ..errors import XxgkError, error_line
from ..report import PART_NAMES
from .compare import Comparison, compare

KIND_STYLE = {"exact": "bold red", "numbers_only": "yellow", "near": "magenta"}
ORIGIN_STYLE = {"template": "dim", "self_copy": "cyan", "cross_copy": "bold red"}


def compare_command(old: str, new: str, as_json: bool = False) -> int:
    """Compare two report files; print JSON or a readable view; return the exit code.

    0 on success; a parse failure prints ``xxgk: FILE: reason`` on stderr and returns the
    error's documented exit code (see :mod:`nlp.errors`).
    """
    try:
        result = compare(old, new)
    except XxgkError as exc:
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
        return 0
    render(result)
    return 0


def render(c: Comparison, console: Any = None) -> None:
    """Rich terminal view: scores, matched units side by side, stale mentions."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console()
    con.print(
        f"[bold]OLD[/] {c.old.agency or '?'} {c.old.year or '?'}  ({c.old.key})\n"
        f"[bold]NEW[/] {c.new.agency or '?'} {c.new.year or '?'}  ({c.new.key})"
    )
    scores = Table(title="scores", show_header=False, box=None)
    scores.add_row("reuse ratio (NEW characters in matched units)", f"{c.reuse_ratio:.1%}")
    for part, r in c.by_part.items():
        scores.add_row(f"  part {part} {PART_NAMES.get(part, '')}", f"{r:.1%}")
    scores.add_row("matches by kind", ", ".join(f"{k} {v}" for k, v in c.counts.items()))
    scores.add_row("matches by origin", ", ".join(f"{k} {v}" for k, v in c.origins.items()))
    scores.add_row(
        "Lazy Prices cosine / Jaccard", f"{c.lazy_prices['cosine']:.3f} / {c.lazy_prices['jaccard']:.3f}"
    )
    scores.add_row("boilerplate share (template wording)", f"{c.boilerplate_share:.1%}")
    scores.add_row(
        "part 5 reuse", f"{c.part5['ratio']:.1%} ({c.part5['matched_units']}/{c.part5['units']} units)"
    )
    con.print(scores)
    table = Table(title="matched units (NEW ← OLD)", show_lines=True)
    table.add_column("new", justify="right")
    table.add_column("NEW text", ratio=1, overflow="fold")
    table.add_column("old", justify="right")
    table.add_column("OLD text", ratio=1, overflow="fold")
    table.add_column("kind / origin")
    for m in c.matches:
        tag = Text(m.kind, style=KIND_STYLE[m.kind])
        tag.append(f"\n{m.origin}", style=ORIGIN_STYLE[m.origin])
        if m.kind == "near":
            tag.append(f"\n{m.similarity:.2f}")
        table.add_row(str(m.new.sentence_id), m.new.text, str(m.old.sentence_id), m.old.text, tag)
    con.print(table)
    if c.stale_mentions:
        con.print("[bold]stale mentions[/]")
        for s in c.stale_mentions:
            con.print(f"  sentence {s.sentence_id}: [red]{s.text}[/] — {s.detail}")
    for w in c.warnings:
        con.print(f"[yellow]warning:[/] {w}")
