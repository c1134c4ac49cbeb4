"""The PDF reader's OCR hook: which pages to OCR, and one OCR'd page as lines and tables.

``auto`` OCRs a page whose text layer gives fewer than ``MIN_GLYPHS`` characters while it shows an
image (a scan); ``always`` OCRs every page; ``never`` none. An OCR'd page yields the same visual
lines (:class:`~.pdf_lines.VLine`) and tables (:class:`~.pdf_tables.PageTable`) as a text page,
in PDF points of the straightened page, so the rest of the PDF reader runs unchanged. Each line's
confidence is the mean of its words' confidences.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..core.document import Line
from . import ocr, ocr_tables
from .ocr_rulings import DARK
from .pdf_lines import VLine, group_lines, to_vline

MIN_GLYPHS = 20
DPI_RANGE = (150.0, 300.0)
DEFAULT_DPI = 200.0


def wanted(mode: str, page: Any, glyph_count: int) -> bool:
    if mode == "always":
        return True
    return mode == "auto" and glyph_count < MIN_GLYPHS and bool(page.images)


def scan_dpi(page: Any) -> float:
    """The resolution of the page's largest image, clamped to DPI_RANGE (DEFAULT_DPI without one)."""
    best, area = DEFAULT_DPI, 0.0
    for im in page.images:
        w_pt = float(im["x1"]) - float(im["x0"])
        src = im.get("srcsize") or (0, 0)
        if w_pt > 0 and src[0] and w_pt * float(im["bottom"] - im["top"]) > area:
            area = w_pt * float(im["bottom"] - im["top"])
            best = float(src[0]) / (w_pt / 72.0)
    return min(max(best, DPI_RANGE[0]), DPI_RANGE[1])


@dataclass(frozen=True)
class OcrPage:
    number: int
    height: float
    lines: list[VLine]
    tables: list[Any]
    confidence: dict[str, float]  # line text -> mean word confidence
    chars: int
    conf_sum: float  # sum over characters of their word confidence


@dataclass
class OcrReader:
    """OCR for the pages of one PDF (the pypdfium2 document is opened on first use)."""

    data: bytes
    pages: list[OcrPage] = field(default_factory=list)
    _pdf: Any = None

    def read(self, index: int, page: Any) -> OcrPage:
        if self._pdf is None:
            import pypdfium2

            self._pdf = pypdfium2.PdfDocument(io.BytesIO(self.data))
        dpi = scan_dpi(page) if page.images else DEFAULT_DPI
        bitmap = self._pdf[index].render(scale=dpi / 72.0, grayscale=True)
        image = np.asarray(bitmap.to_numpy())
        if image.ndim == 3:
            image = image[..., 0]
        result = read_image(np.ascontiguousarray(image), dpi, page.page_number)
        self.pages.append(result)
        return result

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(p.number for p in self.pages)

    @property
    def mean_confidence(self) -> float | None:
        chars = sum(p.chars for p in self.pages)
        return round(sum(p.conf_sum for p in self.pages) / chars, 4) if chars else None

    def annotate(self, lines: list[Line]) -> list[Line]:
        """Lines of OCR'd pages with their confidence set."""
        by_page = {p.number: p.confidence for p in self.pages}
        out = []
        for ln in lines:
            conf = by_page.get(ln.page, {}).get(ln.text)
            out.append(replace(ln, confidence=conf) if conf is not None else ln)
        return out


def read_image(image: np.ndarray, dpi: float, number: int) -> OcrPage:
    """OCR one grey page image (``dpi`` pixels per inch) into an :class:`OcrPage`."""
    page = ocr.scan(image, dpi)
    scale = 72.0 / dpi
    glyphs = ocr.glyphs(page, scale)
    probe = page_probe(page, dpi)
    tables, rest = ocr_tables.page_tables(list(page.rulings), glyphs, number, page.height * scale, scale,
                                          probe)
    lines, conf = [], {}
    for group in group_lines(rest):
        vl = to_vline(group)
        lines.append(vl)
        conf[vl.text] = round(sum(g["conf"] for g in group) / len(group), 4)
    chars = sum(len(g["text"]) for g in glyphs)
    conf_sum = sum(g["conf"] * len(g["text"]) for g in glyphs)
    return OcrPage(number, page.height * scale, lines, tables, conf, chars, conf_sum)


def page_probe(page: ocr.Scan, dpi: float) -> ocr_tables.Probe:
    """Ink test and single-cell recognition on the straightened, ruling-free page image."""
    px = dpi / 72.0

    def interior(box: tuple[float, float, float, float]) -> np.ndarray:
        x0, top, x1, bottom = (int(v * px) for v in box)
        pad = max(3, int(0.08 * (bottom - top)))
        return page.clean[top + pad:bottom - pad, x0 + pad:x1 - pad]

    def inked(box: tuple[float, float, float, float]) -> bool:
        cell = interior(box)
        return cell.size > 0 and int((cell < DARK).sum()) >= max(12, int(px * px * 2))

    def reread(box: tuple[float, float, float, float]) -> tuple[str, float]:
        cell = interior(box)
        return ocr.recognise(cell) if cell.size else ("", 0.0)

    return ocr_tables.Probe(inked, reread)
