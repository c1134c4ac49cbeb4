"""Scans for the OCR tests: real PDFs rasterised into image-only PDFs, and the comparisons the
acceptance criteria ask for (sentence characters by edit distance, T3/T4 cells)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TURN_DEGREES = 90
SKEW_DEGREES = 2.0


def page_images(src: Path, dpi: int) -> list:
    """Every page of ``src`` rendered to a grey PIL image at ``dpi``."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(src))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def image_pdf(images: list, dpi: int) -> bytes:
    """An image-only PDF (no text layer) of ``images`` at ``dpi``."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def scanned(src: Path, dpi: int, *, turn: Iterable[int] = (), skew: Iterable[int] = ()) -> bytes:
    """``src`` as a scan: pages (1-based) in ``turn`` lie on their side (90°), those in ``skew``
    are rotated by 2° (white fill, canvas grown to keep the corners)."""
    from PIL import Image

    images = page_images(src, dpi)
    for n in turn:
        images[n - 1] = images[n - 1].rotate(TURN_DEGREES, expand=True, fillcolor=255)
    for n in skew:
        images[n - 1] = images[n - 1].rotate(SKEW_DEGREES, expand=True, fillcolor=255,
                                             resample=Image.Resampling.BICUBIC)
    return image_pdf(images, dpi)


def sentence_agreement(ref, got) -> float:
    """1 − Levenshtein distance / length over the joined sentence text of two reports."""
    from rapidfuzz.distance import Levenshtein

    a = "".join(s.text for s in ref.sentences)
    b = "".join(s.text for s in got.sentences)
    return 1 - Levenshtein.distance(a, b) / max(1, len(a))


@dataclass(frozen=True)
class CellTally:
    total: int
    equal: int
    uncertain: list[tuple[str, str, str]]
    wrong: list[tuple[str, str, str, dict, dict | None]]  # certain and not equal (or missing)


def cell_tally(ref, got, tables: tuple[str, ...] = ("T3", "T4")) -> CellTally:
    """T3/T4 cells of the OCR report against the text-layer report: equal (same state and value),
    uncertain, or wrong (any other state or value, or missing)."""
    total = equal = 0
    uncertain: list[tuple[str, str, str]] = []
    wrong: list[tuple[str, str, str, dict, dict | None]] = []
    rd, gd = ref.tables.to_dict(), got.tables.to_dict()
    for tid in tables:
        grows = (gd.get(tid) or {}).get("rows") or {}
        for row, cols in ((rd.get(tid) or {}).get("rows") or {}).items():
            for col, cell in cols.items():
                total += 1
                other = (grows.get(row) or {}).get(col)
                if other and (other["state"], other["value"]) == (cell["state"], cell["value"]):
                    equal += 1
                elif other and other["state"] == "uncertain":
                    uncertain.append((tid, row, col))
                else:
                    wrong.append((tid, row, col, cell, other))
    return CellTally(total, equal, uncertain, wrong)
