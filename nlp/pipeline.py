"""``nlp.parse``: one report from a path or bytes to a :class:`nlp.report.Report`.

read → clean → layout → spaCy Doc (sentences, parts, findings) → tables → checks → Report.
"""

from __future__ import annotations

import os

from . import ingest
from .clean import clean
from .language import load
from .meta import extract_meta
from .report import PART_NAMES, Meta, Part, Quality, Report, Sentence, Source
from .structure import layout


def parse(
    source: str | os.PathLike[str] | bytes,
    *,
    ignore_headings: bool = False,
    to_simplified: bool = False,
    name: str | None = None,
    max_bytes: int | None = None,
    ocr: str | None = None,
) -> Report:
    """Parse one report (PDF, HTML, DOCX, Markdown or text) into a :class:`Report`.

    ``ignore_headings`` assigns every sentence's part with the model alone; ``to_simplified``
    converts traditional characters; ``name`` labels bytes input; ``ocr`` (auto | always | never,
    default ``XXGK_OCR`` or auto) chooses the PDF pages read by OCR. Raises
    :class:`nlp.errors.XxgkError` subclasses for unreadable input.
    """
    document = ingest.read(source, name=name, max_bytes=max_bytes, ocr=ocr)
    blocks, clean_warnings = clean(document, to_simplified=to_simplified)
    lay = layout(blocks)
    pipe = load()
    doc = pipe.make_doc(lay.narrative)
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

    tables, checks, table_warnings = _tables(document, sentences, lay)
    findings = _findings(doc, sentences)
    quality = Quality(
        cid_chars=document.cid_chars,
        empty_pages=document.empty_pages,
        ocr_pages=document.ocr_pages,
        ocr_confidence=document.ocr_confidence,
        warnings=tuple(document.warnings) + tuple(clean_warnings) + lay.warnings + tuple(meta_warnings)
        + tuple(table_warnings),
    )
    return Report(
        source=Source(path=document.path, sha256=document.sha256, format=document.format, pages=document.pages),
        meta=meta if isinstance(meta, Meta) else Meta(),
        parts=tuple(parts),
        sentences=sentences,
        narrative=lay.narrative,
        tables=tables,
        findings=tuple(findings),
        checks=tuple(checks),
        quality=quality,
        doc=doc,
    )


def _tables(document, sentences, lay):
    """Tables and checks from nlp.tables when that package is present."""
    try:
        from .tables import extract
        from .tables.checks import run_checks
    except ImportError:
        return {}, [], []
    tables = extract(document)
    narrative = [(s.id, s.text, s.part, s.page) for s in sentences]
    checks = run_checks(tables, narrative)
    warnings = list(getattr(tables, "warnings", ()))
    return tables, checks, warnings


def _findings(doc, sentences):
    try:
        from .findings import findings_from_doc
    except ImportError:
        return []
    return findings_from_doc(doc, sentences)
