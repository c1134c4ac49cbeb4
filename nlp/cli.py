"""The ``xxgk`` command line: a thin layer over the Python API.

Exit codes: 0 success; 1 a check failed / some files failed in a batch; 2 usage or generic error;
3–13 the errors of :mod:`nlp.errors` (unsupported, empty, corrupt, encrypted, no text layer, too
large, encoding, model, store, output, config). Every error prints one line ``xxgk: FILE: reason``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .errors import XxgkError, error_line

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="xxgk-nlp: parse, check and compare 政府信息公开工作年度报告.")
out = Console()


@app.callback()
def _root() -> None:
    """xxgk-nlp: parse, check and compare 政府信息公开工作年度报告 (run `xxgk COMMAND --help`)."""


def _fail(exc: XxgkError) -> None:
    sys.stderr.write(error_line(exc) + "\n")
    raise typer.Exit(exc.exit_code)


_OCR_HELP = "OCR of PDF pages: auto (pages without a text layer, default), always, never."


@app.command()
def parse(
    file: Path = typer.Argument(..., help="Report file: .pdf .html .docx .md .txt (- reads stdin)"),
    as_json: bool = typer.Option(False, "--json", help="Print the xxgk.report/1 JSON object."),
    ignore_headings: bool = typer.Option(False, "--ignore-headings",
                                         help="Assign every sentence's part with the model alone."),
    to_simplified: bool = typer.Option(False, "--to-simplified", help="Convert traditional to simplified."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the JSON to this file."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Size limit (default 50 MiB)."),
    ocr: str | None = typer.Option(None, "--ocr", help=_OCR_HELP),
) -> None:
    """Parse one report into parts, sentences, tables, findings and checks.

    Example: xxgk parse corpus/samples/临县人民政府-2023.txt --json > out.json
    """
    from .pipeline import parse as do_parse

    try:
        report = do_parse(file, ignore_headings=ignore_headings, to_simplified=to_simplified, max_bytes=max_bytes,
                          ocr=ocr)
    except XxgkError as exc:
        _fail(exc)
    if output is not None:
        from .outfile import write_atomic

        try:
            write_atomic(output, report.to_json())  # temp file + os.replace; a symlink is refused
        except XxgkError as exc:
            _fail(exc)
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
        return
    print_summary(report, output)


@app.command()
def check(
    file: Path = typer.Argument(..., help="Report file to check."),
    previous: Path | None = typer.Option(None, "--previous", help="Last year's report (X-1, X-2 checks)."),
    show_all: bool = typer.Option(False, "--all", help="Show passing checks too."),
    strict: bool = typer.Option(False, "--strict", help="Failed outline/narrative checks exit 1 too."),
) -> None:
    """Check the statistical tables (勾稽关系, totals, text vs table); exit 1 when a check fails.

    Example: xxgk check ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf --previous ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf
    """
    from .tables.cli import check_command

    raise typer.Exit(check_command(str(file), str(previous) if previous else None, show_all=show_all,
                                   strict=strict))


@app.command()
def findings(
    files: list[Path] = typer.Argument(..., help="One or more reports (several years of one agency)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Problems, commitments and improvements; with several years, what recurs and what is repeated.

    Example: xxgk findings ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf
    """
    from .findings.cli import findings_command

    raise typer.Exit(findings_command([str(f) for f in files], as_json))


eval_app = typer.Typer(no_args_is_help=True, help="Evaluate the models and extractors against gold data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("findings")
def eval_findings(
    gold: Path = typer.Option(Path("tests/gold"), "--gold", help="Folder of gold files."),
    corpus: Path = typer.Option(Path("../shared/corpus/real"), "--corpus", help="Folder of the reports."),
) -> None:
    """Precision and recall of problems/commitments per kind, and category accuracy, against gold files.

    Example: xxgk eval findings --gold tests/gold --corpus ../shared/corpus/real
    """
    from .findings.evaluate import eval_command

    raise typer.Exit(eval_command(str(gold), str(corpus)))


@app.command()
def audit(
    file: Path | None = typer.Argument(None, help="One report (instead of --db), compared with --previous."),
    db: Path | None = typer.Option(None, "--db", help="Corpus store from xxgk batch + xxgk reuse."),
    previous: Path | None = typer.Option(None, "--previous", help="The previous report (with FILE)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the static site."),
) -> None:
    """Write the auditor's static HTML site (opens from disk, no network).

    Example: xxgk audit --db out/corpus.duckdb --out out/audit
    """
    from .audit import audit_command

    raise typer.Exit(audit_command(str(db) if db else None, str(out), str(file) if file else None,
                                   str(previous) if previous else None))


train_app = typer.Typer(no_args_is_help=True, help="Rebuild the trained models.")
app.add_typer(train_app, name="train")


@train_app.command("parts")
def train_parts(
    out: Path = typer.Option(..., "--out", help="Output folder (required; the shipped model is never overwritten)."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Reports (default ../shared/corpus/real beside "
                                       "the checkout, or $XXGK_PARTS_CORPUS)."),
) -> None:
    """Rebuild the sentence→part model reproducibly into OUT (parts.npz, parts.json, MODEL_CARD.md).

    Example: xxgk train parts --out out/parts-model
    """
    from .partmodel.train import train_command

    raise typer.Exit(train_command(out, corpus))


@eval_app.command("parts")
def eval_parts(
    corpus_dir: Path | None = typer.Argument(None, help="Folder of report files (default ../shared/corpus/real "
                                             "beside the checkout, or $XXGK_PARTS_CORPUS)."),
    loo: bool = typer.Option(False, "--loo", help="Leave-one-report-out: each report classified by a model "
                             "trained on the others."),
    windows: bool = typer.Option(False, "--windows", help="Also score windows of 3–40 sentences (pages cut "
                                 "anywhere), with the acceptance thresholds and part_score calibration."),
) -> None:
    """Strip headings, classify, print per-part P/R/F1, macro-F1, accuracy, confusion (model vs keyword baseline).

    Example: xxgk eval parts --loo --windows
    """
    from .partmodel.evaluate import eval_command

    try:
        code = eval_command(corpus_dir, loo=loo, windows=windows)
    except XxgkError as exc:
        _fail(exc)
    raise typer.Exit(code)


@app.command()
def compare(
    old: Path = typer.Argument(..., help="The earlier report (or another agency's)."),
    new: Path = typer.Argument(..., help="The report to audit."),
    as_json: bool = typer.Option(False, "--json", help="Print the comparison JSON."),
) -> None:
    """Sentences of NEW recycled from OLD: exact / numbers_only / near, template vs copy, scores.

    Example: xxgk compare ../shared/corpus/real/淮安市洪泽区人民政府-2023.pdf ../shared/corpus/real/淮安市洪泽区人民政府-2024.pdf
    """
    from .reuse.cli import compare_command

    raise typer.Exit(compare_command(str(old), str(new), as_json))


@app.command()
def batch(
    paths: list[Path] = typer.Argument(..., help="Files and folders to process."),
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store to fill (created if absent)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes."),
    dask: str | None = typer.Option(None, "--dask", help="dask.distributed scheduler address."),
    ocr: str | None = typer.Option(None, "--ocr", help=_OCR_HELP),
    timeout: float = typer.Option(600.0, "--timeout", help="Seconds allowed per file (scans take longer)."),
    retry_timeouts: bool = typer.Option(False, "--retry-timeouts",
                                        help="Parse again the files that timed out in an earlier run."),
) -> None:
    """Parse many reports into a DuckDB store; resumable; failures go to the errors table (exit 1).

    Example: xxgk batch corpus/samples ../shared/corpus/real --db out/corpus.duckdb --jobs 2
    """
    from .batch import batch_command

    if ocr is not None:
        from .ingest.ocr import ocr_mode

        try:
            os.environ["XXGK_OCR"] = ocr_mode(ocr)  # read by every worker's PDF reader
        except XxgkError as exc:
            _fail(exc)
    raise typer.Exit(batch_command([str(p) for p in paths], str(db), jobs, dask, timeout=timeout,
                                   retry_timeouts=retry_timeouts))


@app.command()
def reuse(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store filled by xxgk batch."),
    scheduler: str | None = typer.Option(None, "--scheduler",
                                         help="Dask scheduler address, or 'local' for a LocalCluster."),
    full: bool = typer.Option(False, "--full", help="Rebuild the on-disk reuse index (default: add new reports)."),
    memory_mb: int | None = typer.Option(None, "--memory-mb",
                                         help="Memory setting of the reuse index (default 2048)."),
) -> None:
    """Corpus-wide reuse: pair each agency's years, learn template wording, fill reuse tables.

    Example: xxgk reuse --db out/corpus.duckdb
    """
    from .batch import reuse_command

    raise typer.Exit(reuse_command(str(db), scheduler=scheduler, full=full, memory_limit_mb=memory_mb))


@app.command()
def export(
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store."),
    parquet: Path = typer.Option(..., "--parquet", help="Folder for one Parquet file per table."),
) -> None:
    """Export every store table to Parquet.

    Example: xxgk export --db out/corpus.duckdb --parquet out/parquet
    """
    from .corpus import export_command

    raise typer.Exit(export_command(str(db), str(parquet)))


def print_summary(report, output: Path | None = None) -> None:
    m = report.meta
    out.print(f"[bold]{m.title or report.source.path}[/bold]")
    out.print(f"agency: {m.agency}  year: {m.year}  level: {m.level}  published: {m.published}  "
              f"format: {report.source.format}  pages: {report.source.pages}")
    t = Table("part", "title", "heading", "sentences", "chars")
    for p in report.parts:
        sents = [s for s in report.sentences if s.part == p.part]
        t.add_row(str(p.part), p.title or "", "yes" if p.heading_found else "no", str(len(sents)),
                  str(sum(len(s.text) for s in sents)))
    out.print(t)
    kinds: dict[str, int] = {}
    for f in report.findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    statuses: dict[str, int] = {}
    for c in report.checks:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    if kinds:
        out.print("findings: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    if statuses:
        out.print("checks: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for w in report.quality.warnings:
        out.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    if output is not None:
        out.print(f"JSON written to {output}")


def main() -> None:
    """Console-script entry point: a documented error anywhere prints ``xxgk: FILE: reason`` and
    exits with its code (:mod:`nlp.errors`), never a traceback."""
    try:
        app()
    except BrokenPipeError:
        sys.exit(0)
    except XxgkError as exc:
        sys.stderr.write(error_line(exc) + "\n")
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()

