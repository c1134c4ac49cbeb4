"""``xxgk train parts --out DIR``: rebuild the sentence→part model into a new folder."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import TYPER, handles_errors

app = typer.Typer(no_args_is_help=True, **TYPER, help="Rebuild the trained models.")


@app.command("parts")
@handles_errors
def parts(
    out: Path = typer.Option(..., "--out", help="Output folder (required; the shipped model is never overwritten)."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Reports (default ../shared/corpus/real beside "
                                       "the checkout, or $XXGK_PARTS_CORPUS)."),
) -> None:
    """Rebuild the sentence→part model reproducibly into OUT (parts.npz, parts.json, MODEL_CARD.md).

    To ship the new model, copy the three files over nlp/data/parts in a checkout and rebuild.

    \b
    Example: xxgk train parts --out out/parts-model
    """
    from ..partmodel.data import default_corpus
    from ..partmodel.model import shipped_dir
    from ..partmodel.train import train_command
    from .eval_text import parts_text

    if out.resolve() == Path(shipped_dir()).resolve():
        print(f"xxgk train parts: {out} is the shipped model's folder; give another --out", file=sys.stderr)
        raise typer.Exit(2)
    folder = corpus or default_corpus()
    if not folder.is_dir():
        print(f"xxgk train parts: corpus directory {folder} not found", file=sys.stderr)
        raise typer.Exit(2)
    trained = train_command(out, folder, progress=lambda line: print(line, file=sys.stderr))
    print(parts_text(trained.loo, "leave-one-report-out"), file=sys.stderr)
    print(f"model written to {trained.out} (sha256 {trained.digest})")
