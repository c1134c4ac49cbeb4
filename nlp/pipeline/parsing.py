"""``nlp.parse``: one report from a path or bytes to a :class:`nlp.core.report.Report`.

read → clean → layout → spaCy Doc (sentences, parts, findings) → tables → checks → Report.
"""

from __future__ import annotations

import os

from .. import ingest
from ..core.document import Document
from ..core.errors import FileTooLargeError
from ..core.report import PART_NAMES, Check, Part, Quality, Report, Sentence, Source
from ..findings import findings_from_doc
from ..ingest.clean import clean
from ..ingest.limits import limit
from ..tables import Tables
from ..tables import extract as extract_tables
from ..tables.checks import run_checks
from ..tables.outline import report_checks
from ..text.meta import extract_meta
from ..text.structure import layout
from ..text.tokenize import make_doc
from .language import load


def parse(
    source: str | os.PathLike[str] | bytes,
    *,
    ignore_headings: bool = False,
    to_simplified: bool = False,
    name: str | None = None,
    max_bytes: int | None = None,
    max_chars: int | None = None,
    ocr: str | None = None,
) -> Report:
    """Parse one report (PDF, HTML, DOCX, Markdown or text) into a :class:`Report`.

    ``ignore_headings`` assigns every sentence's part with the model alone; ``to_simplified``
    converts traditional characters; ``name`` labels bytes input; ``max_bytes`` bounds the input
    (``XXGK_MAX_BYTES``) and ``max_chars`` the narrative handed to spaCy (``XXGK_MAX_CHARS``,
    checked before tokenising: :class:`nlp.core.errors.FileTooLargeError`); ``ocr`` (auto | always |
    never, default ``XXGK_OCR`` or auto) chooses the PDF pages read by OCR. Raises
    :class:`nlp.core.errors.XxgkError` subclasses for unreadable input.
    """
    char_limit = limit("XXGK_MAX_CHARS", max_chars)
    document = ingest.read(source, name=name, max_bytes=max_bytes, ocr=ocr)
    blocks, clean_warnings = clean(document, to_simplified=to_simplified)
    lay = layout(blocks)
    if len(lay.narrative) > char_limit:
        raise FileTooLargeError(document.path, f"the narrative has {len(lay.narrative)} characters, over the limit "
                                f"of {char_limit} (set XXGK_MAX_CHARS to allow more)", stage="nlp")
    pipe = load()
    pipe.max_length = max(pipe.max_length, len(lay.narrative) + 1)  # the limit above governs
    doc = make_doc(pipe, lay.narrative)
    doc._.layout = lay
    doc._.ignore_headings = ignore_headings
    for _, proc in pipe.pipeline:
        doc = proc(doc)

    sentences = tuple(
        Sentence(id=i, text=span.text.replace("\n", " "), part=int(span._.part), part_source=span._.part_source,
                 part_score=round(float(span._.part_score), 4), start=span.start_char, end=span.end_char,
                 page=int(span._.page or 1))
        for i, span in enumerate(doc.spans["sentences"])
    )
    parts = []
    for p in sorted({s.part for s in sentences} | set(lay.headings)):
        members = [s for s in sentences if s.part == p]
        later = [s.start for s in sentences if s.part > p]
        start = min((s.start for s in members), default=min(later, default=len(lay.narrative)))
        end = max((s.end for s in members), default=start)
        parts.append(Part(part=p, title=lay.headings.get(p, PART_NAMES.get(p) if p in (0, 7) else None),
                          start=start, end=end, heading_found=p in lay.headings))

    front = [p.text for p in lay.paragraphs if p.heading_part == 0]
    closing = [p.text for p in lay.paragraphs if p.heading_part == 7]
    meta, meta_warnings = extract_meta(front, closing, lay.narrative[:3000], document.meta, document.path)

    tables, checks, table_warnings = _tables(document, sentences)
    findings = findings_from_doc(doc, sentences)
    checks = [*checks, *report_checks(lay, sentences, tables, findings, meta.year)]
    quality = Quality(
        cid_chars=document.cid_chars,
        empty_pages=document.empty_pages,
        text_coverage=document.text_coverage,
        ocr_pages=document.ocr_pages,
        ocr_confidence=document.ocr_confidence,
        warnings=tuple(document.warnings) + tuple(clean_warnings) + lay.warnings + tuple(meta_warnings)
        + tuple(table_warnings),
        table_shapes=tables.shapes(),
    )
    return Report(
        source=Source(path=document.path, sha256=document.sha256, format=document.format, pages=document.pages),
        meta=meta,
        parts=tuple(parts),
        sentences=sentences,
        narrative=lay.narrative,
        tables=tables,
        findings=tuple(findings),
        checks=tuple(checks),
        quality=quality,
        doc=doc,
    )


def _tables(document: Document, sentences: tuple[Sentence, ...]) -> tuple[Tables, list[Check], list[str]]:
    """T2–T4, the consistency checks (tables against the narrative) and the tables' warnings."""
    tables = extract_tables(document)
    return tables, run_checks(tables, sentences), list(tables.warnings)
