"""``xxgk compare OLD NEW``: sentences of NEW recycled from OLD, with the reuse scores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from .common import FORMAT_HELP, JSON_HELP, Format, chosen, console, handles_errors, parse_input, print_rows

KIND_STYLE = {"exact": "bold red", "numbers_only": "yellow", "near": "magenta"}
ORIGIN_STYLE = {"template": "dim", "self_copy": "cyan", "cross_copy": "bold red"}
COLUMNS = ("new_id", "new_text", "old_id", "old_text", "kind", "origin", "similarity")


@handles_errors
def command(
    old: Path = typer.Argument(..., help="The earlier report (or another agency's); - reads stdin."),
    new: Path = typer.Argument(..., help="The report to audit; - reads stdin."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " Schema xxgk.compare/1."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " csv: one row per matched unit."),
) -> None:
    """Sentences of NEW recycled from OLD: exact / numbers_only / near, template vs copy, scores.

    \b
    Example: xxgk compare ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf
    """
    import nlp

    if str(old) == str(new) == "-":
        raise typer.BadParameter("only one of OLD and NEW can be - (stdin)")
    result = nlp.compare(*(parse_input(p) if str(p) == "-" else str(p) for p in (old, new)))
    fmt = chosen(fmt, as_json)
    if fmt is Format.json:
        sys.stdout.write(result.to_json() + "\n")
    elif fmt is Format.csv:
        print_rows([{"new_id": m.new.sentence_id, "new_text": m.new.text, "old_id": m.old.sentence_id,
                     "old_text": m.old.text, "kind": m.kind, "origin": m.origin, "similarity": m.similarity}
                    for m in result.matches], COLUMNS, fmt)
    else:
        render(result)


def render(c: Any, con: Any = None) -> None:
    """Rich terminal view: scores, matched units side by side, stale mentions."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from ..core.report import PART_NAMES

    con = con or console()
    for tag, side in (("OLD", c.old), ("NEW", c.new)):
        con.print(f"[bold]{tag}[/] " + escape(f"{side.agency or '?'} {side.year or '?'}  ({side.key})"))
    scores = Table(title="scores", show_header=False, box=None)
    scores.add_row("reuse ratio (NEW characters in matched units)", f"{c.reuse_ratio:.1%}")
    for part, r in c.by_part.items():
        scores.add_row(f"  part {part} {PART_NAMES.get(part, '')}", f"{r:.1%}")
    scores.add_row("matches by kind", ", ".join(f"{k} {v}" for k, v in c.counts.items()))
    scores.add_row("matches by origin", ", ".join(f"{k} {v}" for k, v in c.origins.items()))
    scores.add_row("Lazy Prices cosine / Jaccard", f"{c.lazy_prices['cosine']:.3f} / {c.lazy_prices['jaccard']:.3f}")
    scores.add_row("boilerplate share (template wording)", f"{c.boilerplate_share:.1%}")
    scores.add_row("part 5 reuse", f"{c.part5['ratio']:.1%} ({c.part5['matched_units']}/{c.part5['units']} units)")
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
        table.add_row(str(m.new.sentence_id), Text(m.new.text), str(m.old.sentence_id), Text(m.old.text), tag)
    con.print(table)
    if c.stale_mentions:
        con.print("[bold]stale mentions[/]")
        for s in c.stale_mentions:
            con.print(f"  sentence {s.sentence_id}: [red]{escape(s.text)}[/] — {escape(s.detail)}")
    for w in c.warnings:
        con.print(f"[yellow]warning:[/] {escape(w)}")
