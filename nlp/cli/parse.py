"""``xxgk parse FILE``: one report into parts, sentences, tables, findings and checks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from .common import FORMAT_HELP, Format, chosen, console, handles_errors, parse_input, print_rows

OCR_HELP = "OCR of PDF pages: auto (pages without a text layer, default), always, never."
SENTENCE_COLUMNS = ("id", "part", "part_source", "part_score", "page", "start", "end", "text")


@handles_errors
def command(
    file: Path = typer.Argument(..., help="Report file: .pdf .html .docx .md .txt (- reads stdin)."),
    as_json: bool = typer.Option(False, "--json", help="Print the xxgk.report/1 JSON object."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " csv: one row per sentence."),
    ignore_headings: bool = typer.Option(False, "--ignore-headings",
                                         help="Assign every sentence's part with the model alone."),
    to_simplified: bool = typer.Option(False, "--to-simplified", help="Convert traditional to simplified."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the JSON to this file."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Size limit (default 50 MiB)."),
    ocr: str | None = typer.Option(None, "--ocr", help=OCR_HELP),
) -> None:
    """Parse one report into parts, sentences, tables, findings and checks.

    \b
    Example: xxgk parse corpus/samples/临县人民政府-2023.txt --json > out/report.json
    """
    report = parse_input(file, ignore_headings=ignore_headings, to_simplified=to_simplified,
                         max_bytes=max_bytes, ocr=ocr)
    if output is not None:
        from ..core.outfile import write_atomic

        write_atomic(output, report.to_json())  # temp file + os.replace; a symlink is refused
    fmt = chosen(fmt, as_json)
    if fmt is Format.json:
        sys.stdout.write(report.to_json() + "\n")
    elif fmt is Format.csv:
        print_rows([s.__dict__ for s in report.sentences], SENTENCE_COLUMNS, fmt)
    else:
        print_summary(report, output)


def print_summary(report: Any, output: Path | None = None) -> None:
    """Title, metadata, one row per part, finding and check counts, warnings."""
    from rich.markup import escape

    out = console()
    m = report.meta
    out.print(f"[bold]{escape(str(m.title or report.source.path))}[/bold]")
    out.print(escape(f"agency: {m.agency}  year: {m.year}  level: {m.level}  published: {m.published}  "
                     f"format: {report.source.format}  pages: {report.source.pages}"))
    rows = []
    for p in report.parts:
        sents = [s for s in report.sentences if s.part == p.part]
        rows.append({"part": p.part, "title": p.title or "", "heading": "yes" if p.heading_found else "no",
                     "sentences": len(sents), "chars": sum(len(s.text) for s in sents)})
    print_rows(rows, ("part", "title", "heading", "sentences", "chars"), Format.table)
    for name, items in (("findings", [f.kind for f in report.findings]), ("checks", [c.status for c in report.checks])):
        if items:
            out.print(f"{name}: " + ", ".join(f"{k} {items.count(k)}" for k in sorted(set(items))))
    for w in report.quality.warnings:
        out.print(f"[yellow]warning:[/yellow] {escape(w)}")
    if output is not None:
        out.print(f"JSON written to {escape(str(output))}")
