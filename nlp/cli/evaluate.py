"""``xxgk eval findings`` and ``xxgk eval parts``: the extractors and models against gold data.

The defaults are found from the package's own location (the source checkout it was installed from),
so they work from any working directory; pass the folders explicitly for an installed wheel.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from .common import FORMAT_HELP, JSON_HELP, TYPER, Format, chosen, handles_errors, print_rows

app = typer.Typer(no_args_is_help=True, **TYPER,
                  help="Evaluate the models and extractors against gold data.")
GOLD_ENV = "XXGK_FINDINGS_GOLD"


def checkout() -> Path:
    """The source checkout the package lives in (``nlp/..``)."""
    import nlp

    return Path(nlp.__file__).resolve().parents[1]


def default_gold() -> Path:
    """``$XXGK_FINDINGS_GOLD``, else the checkout's ``tests/gold``."""
    return Path(os.environ.get(GOLD_ENV) or checkout() / "tests" / "gold")


@app.command("findings")
@handles_errors
def findings(
    gold: Path | None = typer.Option(None, "--gold", help=f"Folder of gold files (default: the checkout's "
                                     f"tests/gold, or ${GOLD_ENV})."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Folder of the reports (default "
                                       "../shared/corpus/real beside the checkout, or $XXGK_PARTS_CORPUS)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " One row per kind and overall."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " One row per kind and overall."),
) -> None:
    """Precision and recall of problems/commitments per kind, and category accuracy, against gold files.

    Exit 0 when every kind reaches the threshold, 1 when one does not, 2 when a folder is missing.
    With --json/--format csv the rows go to stdout and the full text report to stderr.

    \b
    Example: xxgk eval findings --gold tests/gold --corpus ../shared/corpus/real --json
    """
    from ..findings.evaluate import ROW_FIELDS, evaluate
    from ..partmodel.data import default_corpus
    from ..pipeline.parsing import parse
    from .eval_text import findings_text

    fmt = chosen(fmt, as_json)
    folders = (str(gold or default_gold()), str(corpus or default_corpus()))
    missing = next((d for d in folders if not Path(d).is_dir()), None)
    if missing is not None:
        print(f"missing folder: {missing}", file=sys.stderr)
        raise typer.Exit(2)
    result = evaluate(*folders, parse)
    print(findings_text(result), file=sys.stdout if fmt is Format.table else sys.stderr)
    if fmt is not Format.table:
        print_rows(result.rows(), ROW_FIELDS, fmt)
    raise typer.Exit(0 if result.ok else 1)


@app.command("parts")
@handles_errors
def parts(
    corpus_dir: Path | None = typer.Argument(None, help="Folder of report files (default ../shared/corpus/real "
                                             "beside the checkout, or $XXGK_PARTS_CORPUS)."),
    loo: bool = typer.Option(False, "--loo", help="Leave-one-report-out: each report classified by a model "
                             "trained on the others."),
    windows: bool = typer.Option(False, "--windows", help="Also score windows of 3–40 sentences (pages cut "
                                 "anywhere), with the acceptance thresholds and part_score calibration."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP + " One object per evaluation set."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP + " json/csv: one row per "
                               "evaluation set (accuracy and macro-F1 of the model and the baseline)."),
) -> None:
    """Strip headings, classify, print per-part P/R/F1, macro-F1, accuracy, confusion (model vs keyword baseline).

    \b
    Example: xxgk eval parts --loo --windows
    """
    from ..core.errors import ConfigError
    from ..partmodel.evaluate import evaluation, summary_rows
    from .eval_text import parts_text

    fmt = chosen(fmt, as_json)
    try:
        runs, header = evaluation(corpus_dir, loo, windows)
    except ConfigError as exc:
        print(f"xxgk eval parts: {exc.path} {exc.reason}", file=sys.stderr)
        raise typer.Exit(2) from None
    if fmt is Format.table:
        print(parts_text(runs, header))
        return
    rows = summary_rows(runs)
    print_rows(rows, list(rows[0]), fmt)
