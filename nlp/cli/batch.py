"""``xxgk batch PATHS``: many reports into a DuckDB store, resumably, on a process pool or Dask."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from .common import FORMAT_HELP, JSON_HELP, Format, chosen, handles_errors, print_rows, progress_wanted, strs
from .parse import OCR_HELP

SUMMARY = ("files", "unique", "skipped", "parsed", "errors", "failed", "seconds", "files_per_second",
           "parent_cpu_s")


@handles_errors
def command(
    paths: list[Path] = typer.Argument(..., help="Files and folders to process."),
    db: Path = typer.Option(Path("corpus.duckdb"), "--db", help="DuckDB store to fill (created if absent)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (Dask: LocalCluster workers)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Run on Dask: a dask.distributed scheduler "
                                         "address, or 'local' for a LocalCluster of --jobs workers."),
    dask: str | None = typer.Option(None, "--dask", hidden=True, help="Old name of --scheduler."),
    ocr: str | None = typer.Option(None, "--ocr", help=OCR_HELP),
    timeout: float = typer.Option(600.0, "--timeout", help="Seconds allowed per file (scans take longer)."),
    retry_timeouts: bool = typer.Option(False, "--retry-timeouts",
                                        help="Parse again the files that timed out in an earlier run."),
    progress_file: Path | None = typer.Option(None, "--progress-file", help="JSON file rewritten after every "
                                              "report with the counts {total, parsed, errors, skipped}."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar (there is none when stderr "
                                     "is not a terminal)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " The batch summary."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " The batch summary (one row)."),
) -> None:
    """Parse many reports into a DuckDB store; resumable; failures go to the errors table (exit 1).

    \b
    Example: xxgk batch corpus/samples --db out/corpus.duckdb --jobs 2
    """
    from ..corpus.batch import batch

    if ocr is not None:
        from ..ingest.ocr import ocr_mode

        os.environ["XXGK_OCR"] = ocr_mode(ocr)  # read by every worker's PDF reader
    result = batch(strs(paths), db, jobs=jobs, progress=progress_wanted(no_progress), progress_file=progress_file,
                   timeout=timeout, retry_timeouts=retry_timeouts, scheduler=scheduler or dask)
    if result.ignored:
        print("skipped (not a report format): " + ", ".join(f"{n} {ext}" for ext, n in result.ignored.items())
              + "; convert .doc/.wps/.xls/.ofd files with LibreOffice, run OCR on images", file=sys.stderr)
    print(f"{result.files} files ({result.unique} unique): {result.parsed} parsed, {result.skipped} already "
          f"in the store, {result.errors} errors this run; {result.failed} input files failed "
          f"(see the errors table) [{result.seconds:.1f} s]", file=sys.stderr)
    fmt = chosen(fmt, as_json)
    if fmt is not Format.table:
        print_rows([summary(result)], SUMMARY, fmt)
    raise typer.Exit(1 if result.failed else 0)


def summary(result: Any) -> dict[str, Any]:
    row = {k: getattr(result, k) for k in SUMMARY}
    return {**row, "seconds": round(row["seconds"], 3), "files_per_second": round(row["files_per_second"], 3),
            "parent_cpu_s": round(row["parent_cpu_s"], 3)}
