"""What the readers hand to the rest of the pipeline: a :class:`Document`.

A reader turns bytes into a sequence of :class:`Line` objects in reading order (each with its page
and, for table rows, its cells) plus the ruled tables it recovered as :class:`RawTable` grids.
``nlp.ingest.clean`` then repairs publishing damage and ``nlp.text.structure`` finds the parts. Readers never
join hard-wrapped lines or drop page numbers themselves; they only report what is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UNCERTAIN_CELL = "\u2047"
"""Prefix a reader puts before a table cell's text when it could not read it with confidence (OCR);
the table parser gives such a cell the state ``uncertain`` and no value."""


@dataclass(frozen=True)
class Line:
    """One visual line (PDF, wrapped text) or one paragraph (HTML ``<p>``, DOCX paragraph).

    ``hard_break`` is True when the format says for certain that a paragraph starts here (HTML
    block element, DOCX paragraph, a Markdown blank line is *not* certain). ``indent`` and
    ``width_ratio`` come from PDF geometry (``None`` elsewhere): the indentation in characters and
    how far the line reaches towards the right margin (1.0 = full width). ``cells`` is set when the
    line is a table row (tab-, pipe- or grid-separated); its ``text`` is then the cells joined by a
    tab. ``table`` is the index into ``Document.tables`` when the row belongs to a recovered grid.
    """

    text: str
    page: int = 1
    hard_break: bool = False
    indent: float | None = None
    width_ratio: float | None = None
    cells: tuple[str, ...] | None = None
    table: int | None = None
    confidence: float | None = None  # OCR'd lines: mean recognition confidence of their words

    @property
    def is_table_row(self) -> bool:
        return self.cells is not None


@dataclass(frozen=True)
class RawTable:
    """A table grid as found in the source: rows of cell strings (``None`` = no cell / merged).

    Spans are expanded: a cell with rowspan/colspan repeats its text in every grid position it
    covers, so that a row's label can be read from any of its cells. ``pages`` lists every page the
    table touches (a table continued onto the next page is one RawTable). ``line_index`` is the
    index in ``Document.lines`` before which the table stands in reading order.
    """

    rows: tuple[tuple[str | None, ...], ...]
    pages: tuple[int, ...] = (1,)
    source: str = "text"  # "pdf" | "html" | "docx" | "text" | "markdown"
    line_index: int = 0

    @property
    def page(self) -> int:
        return self.pages[0] if self.pages else 1


@dataclass(frozen=True)
class Document:
    """A read report before cleaning. ``meta`` holds hints a reader saw (HTML ``<title>``, a
    索引号 block's 发布机构 / 公开日期, PDF metadata); ``nlp.text.meta`` decides what to believe."""

    path: str | None
    sha256: str
    format: str  # "pdf" | "html" | "docx" | "markdown" | "text"
    pages: int
    lines: tuple[Line, ...]
    tables: tuple[RawTable, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    cid_chars: int = 0
    empty_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    text_coverage: float | None = None  # PDF: characters kept / characters of the text layer
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (scans)
    ocr_confidence: float | None = None  # mean recognition confidence over their characters
