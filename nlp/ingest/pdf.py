"""PDF reader: one parse per page gives the lines outside ruled tables and the tables.

Each page's glyphs and path edges come from PDFium (:mod:`.pdfium`, the default engine) or, for the
pages PDFium cannot describe as pdfminer does and with ``engine="pdfminer"``, from pdfplumber; both
give the same glyph and edge dicts, so the same Document.
For each page the glyphs are read once (``laparams=None``: no pdfminer layout analysis), the
visible rulings give the ruled tables (:mod:`.pdf_tables`), glyphs inside a table fill its cells and
the others are grouped into visual lines (:mod:`.pdf_lines`). Lines and table rows are emitted in
reading order (top to bottom per page). A table continued at the top of the next page is one
:class:`RawTable`. Unmapped glyphs (pdfminer's ``(cid:NN)``) are counted and dropped. Page numbers
and hard wraps are left for ``nlp.ingest.clean``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ..core.document import Document, Line, RawTable
from ..core.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NoTextLayerError, XxgkError
from .clean import is_page_number
from .pdf_lines import VLine, geometry, margins
from .pdf_meta import pdf_meta
from .pdf_tables import PageTable, grid, page_tables, row_cells, try_merge
from .pdf_unruled import text_lines
from .pdfium import FastPage, close_document, open_document, pdf_engine, read_page


@dataclass
class _Page:
    """What one page yielded: its visual lines and tables (a table continued from the previous
    page is the same object as that page's last table)."""

    number: int
    height: float
    lines: list[VLine]
    tables: list[PageTable]
    notes: tuple[str, ...] = ()  # layouts recognised from word positions (nlp.ingest.pdf_unruled)


def _read_page(page: Any, fast: FastPage | None = None) -> tuple[_Page, int, int, int]:
    """Parse one page: (_Page, unmapped glyph count, characters in its text layer, characters kept).
    ``fast``: the page's glyphs and edges read by PDFium, else pdfplumber reads them."""
    glyphs = []
    cid = 0
    for g in page.chars if fast is None else fast.glyphs:
        text = g["text"]
        if text.startswith("(cid:"):
            cid += 1
        elif text.strip():
            glyphs.append(g)
    tables, rest = page_tables(page, glyphs, None if fast is None else fast.edges)
    lines, notes = text_lines(rest, float(page.width))
    layer = sum(_visible_chars(g["text"]) for g in glyphs)
    kept = sum(_visible_chars(ln.text) for ln in lines) + sum(_visible_chars(c.text) for t in tables for c in t.cells)
    return _Page(page.page_number, float(page.height), lines, tables, tuple(notes)), cid, layer, min(kept, layer)


def _visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _coverage_warnings(coverage: dict[int, tuple[int, int]]) -> list[str]:
    """A warning for every page that kept less than :data:`MIN_PAGE_COVERAGE` of its text layer."""
    out = []
    for number, (layer, kept) in sorted(coverage.items()):
        if layer and kept < MIN_PAGE_COVERAGE * layer:
            out.append(f"page {number}: only {kept} of the {layer} characters of its text layer were kept "
                       f"({kept / layer:.0%})")
    return out


MIN_PAGE_COVERAGE = 0.9
"""A page that keeps less than this share of its text layer's characters gets a warning."""


def _only_page_numbers(lines: list[VLine]) -> bool:
    return all(is_page_number(ln.text) for ln in lines)


def _merge_continuations(pages: list[_Page]) -> None:
    """Join a table that ends a page with the table that starts the next one (see try_merge)."""
    for prev_page, page in zip(pages, pages[1:], strict=False):
        if not prev_page.tables or not page.tables:
            continue
        last, first = prev_page.tables[-1], page.tables[0]
        if not _only_page_numbers([ln for ln in prev_page.lines if ln.top > last.bottom - 1]):
            continue
        if not _only_page_numbers([ln for ln in page.lines if ln.bottom < first.top + 1]):
            continue
        if try_merge(last, first, page.height):
            page.tables.pop(0)
            page.tables.insert(0, last)  # same object: its rows on this page are emitted here


def _assemble(pages: list[_Page]) -> tuple[list[Line], list[RawTable]]:
    all_lines = [ln for p in pages for ln in p.lines]
    doc_margins = margins(all_lines)
    lines: list[Line] = []
    tables: list[RawTable] = []
    order: list[PageTable] = []
    index: dict[int, int] = {}  # id(PageTable) -> table index
    starts: dict[int, int] = {}  # id(PageTable) -> index of its first row line
    for p in pages:
        page_margins = margins(p.lines) if len(p.lines) >= 5 else None
        left, right = page_margins or doc_margins or (0.0, 1.0)
        items: list[tuple[float, int, Any]] = [(ln.top, 0, ln) for ln in p.lines]
        for t in p.tables:
            items.extend((top, 1, (t, r0, r1)) for page, r0, r1, top in t.parts if page == p.number)
        items.sort(key=lambda it: (it[0], it[1]))
        for _, kind, item in items:
            if kind == 0:
                indent, ratio = geometry(item, left, right)
                cells = tuple(item.text.split("\t")) if "\t" in item.text else None
                lines.append(Line(text=item.text, page=p.number, indent=indent, width_ratio=ratio, cells=cells))
                continue
            t, r0, r1 = item
            key = id(t)
            if key not in index:
                index[key] = len(order)
                starts[key] = len(lines)
                order.append(t)
            cells = row_cells(t)
            for r in range(r0, r1):
                lines.append(Line(text="\t".join(cells[r]), page=t.row_pages[r], cells=cells[r],
                                  table=index[key]))
    for t in order:
        tables.append(RawTable(rows=grid(t), pages=tuple(sorted(set(t.row_pages))), source="pdf",
                               line_index=starts[id(t)]))
    return lines, tables


def _parse(data: bytes, path: str | None, sha256: str, ocr: str = "never", engine: str = "pdfium") -> Document:
    fast_doc = open_document(data) if engine == "pdfium" else None
    try:
        return _parse_pages(data, path, sha256, ocr, fast_doc)
    finally:
        if fast_doc is not None:
            close_document(fast_doc)


def _parse_pages(data: bytes, path: str | None, sha256: str, ocr: str, fast_doc: Any) -> Document:
    import pdfplumber

    from .ocr_page import OcrReader, wanted

    pages: list[_Page] = []
    cid = 0
    coverage: dict[int, tuple[int, int]] = {}
    warnings: list[str] = []
    scans = OcrReader(data)
    # Not used as a context manager: PDF.close() re-creates every page through pdf.pages, which
    # fails for the whole file on one damaged page; the pages read are closed one by one below.
    pdf = pdfplumber.open(io.BytesIO(data))
    meta = pdf_meta(pdf.doc.info)
    for number, page, failure in _iter_pages(pdf):
        try:
            if failure is not None:
                raise failure
            fast = read_page(fast_doc, number - 1, float(page.width), float(page.height)) if fast_doc is not None else None
            parsed, page_cid, layer, kept = _read_page(page, fast)
        except _parse_errors() as exc:  # one damaged page: the others are still read
            warnings.append(f"page {number} could not be read ({type(exc).__name__}: {exc}); its text is missing")
            parsed, page_cid, layer, kept = _Page(number, 842.0, [], []), 0, 0, 0
        if page is not None and wanted(ocr, page, sum(len(ln.text) for ln in parsed.lines) + len(parsed.tables)):
            got, page_cid = scans.read(number - 1, page), 0
            parsed = _Page(got.number, got.height, got.lines, got.tables)
        pages.append(parsed)
        cid += page_cid
        coverage[number] = (layer, kept)
        if page is not None:
            page.close()
    scans.close()
    if not pages:
        raise CorruptFileError(path, "PDF has no pages")
    empty = tuple(p.number for p in pages if not p.lines and not p.tables)
    if len(empty) == len(pages) and scans.pages:
        raise EmptyFileError(path, f"OCR found no text on any of its {len(pages)} pages")
    if len(empty) == len(pages) and warnings and not cid:
        raise CorruptFileError(path, "no page could be read: " + "; ".join(warnings[:3]))
    if len(empty) == len(pages):
        what = f"only unmapped glyphs ({cid} '(cid:NN)')" if cid else "no text layer"
        raise NoTextLayerError(path, f"{what} on any of its {len(pages)} pages (scanned images?); OCR is needed")
    _merge_continuations(pages)
    lines, tables = _assemble(pages)
    warnings += [f"pdf: {note} on page {p.number} (read from word positions)" for p in pages for note in p.notes]
    warnings += _coverage_warnings(coverage)
    layer_total = sum(layer for layer, _ in coverage.values())
    text_coverage = round(sum(kept for _, kept in coverage.values()) / layer_total, 4) if layer_total else None
    lines = scans.annotate(lines) if scans.pages else lines
    if cid:
        warnings.append(f"{cid} unmapped glyphs (cid:NN) removed from the text")
    if b"%%EOF" not in data[-2048:]:
        warnings.append("no %%EOF marker at the end of the file: it may be truncated")
    return Document(path=path, sha256=sha256, format="pdf", pages=len(pages), lines=tuple(lines),
                    tables=tuple(tables), meta=meta, cid_chars=cid, empty_pages=empty,
                    warnings=tuple(warnings), text_coverage=text_coverage, ocr_pages=scans.numbers,
                    ocr_confidence=scans.mean_confidence)


def _iter_pages(pdf: Any) -> Any:
    """``(number, page, None)`` for each page, or ``(number, None, exception)`` for a page whose
    object is damaged (pdfplumber's ``pdf.pages`` would fail for the whole file). A broken page
    tree ends the iteration after the pages read so far (the first page's failure propagates)."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    pages = PDFPage.create_pages(pdf.doc)
    number = 0
    while True:
        try:
            raw = next(pages)
        except StopIteration:
            return
        except _parse_errors() as exc:
            if not number:
                raise
            yield number + 1, None, exc
            return
        number += 1
        try:
            page = Page(pdf, raw, page_number=number, initial_doctop=doctop)
            doctop += float(page.height)
        except _parse_errors() as exc:
            yield number, None, exc
            continue
        yield number, page, None


def _is_encryption_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError

    if isinstance(exc, PDFEncryptionError):
        return True
    text = f"{type(exc).__name__} {exc}".lower()
    return "password" in text or "encrypt" in text


def _parse_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean "this file cannot be parsed": pdfminer's and pdfplumber's own, and
    the built-in ones a damaged file makes them raise. A foreign exception that is not about the
    file (a batch runner's time-limit exception raised from a signal handler, KeyboardInterrupt)
    passes through untouched."""
    import struct
    import zlib

    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    return (PSException, PdfminerException, MalformedPDFException, ValueError, LookupError, TypeError,
            AttributeError, AssertionError, ArithmeticError, RuntimeError, EOFError, OSError, NameError,
            MemoryError, struct.error, zlib.error)


def read_pdf(data: bytes, *, path: str | None, sha256: str, ocr: str | None = None,
             engine: str | None = None) -> Document:
    """Read a PDF's text layer and ruled tables into a :class:`Document`.

    ``ocr`` (``auto`` | ``always`` | ``never``; default ``XXGK_OCR`` or ``auto``) chooses which pages
    are read by OCR instead (:mod:`.ocr_page`): ``auto`` reads scanned pages without a text layer.
    ``engine`` (``pdfium`` | ``pdfminer``; default ``XXGK_PDF_ENGINE`` or ``pdfium``) reads the
    pages' glyphs and rulings with PDFium (:mod:`.pdfium`; pages it cannot describe fall back to
    pdfplumber) or every page with pdfplumber; both give the same Document.

    Raises :class:`EncryptedFileError` (password needed), :class:`CorruptFileError` (not a PDF,
    truncated, damaged, no pages: every error pdfminer/pdfplumber raise, with the original type and
    message) or :class:`NoTextLayerError` (image-only: OCR is needed).
    """
    if b"%PDF" not in data[:1024]:
        raise CorruptFileError(path, "not a PDF: no %PDF header")
    from .ocr import ocr_mode

    mode, engine = ocr_mode(ocr), pdf_engine(engine)
    try:
        return _parse(data, path, sha256, mode, engine)
    except (XxgkError, TimeoutError):
        raise
    except _parse_errors() as exc:
        inner: BaseException = exc
        while inner.args and isinstance(inner.args[0], BaseException):
            inner = inner.args[0]  # pdfplumber wraps pdfminer's error in PdfminerException
        detail = str(inner) or type(inner).__name__
        if _is_encryption_error(inner):
            raise EncryptedFileError(path, f"PDF is encrypted and needs a password ({detail})") from exc
        raise CorruptFileError(path, f"cannot parse PDF ({type(inner).__name__}: {detail})") from exc
