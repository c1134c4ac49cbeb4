"""The spaCy side: the ``xxgk_findings`` component and :func:`findings_from_doc`.

``nlp.add_pipe("xxgk_findings", after="xxgk_parts")`` (after ``import nlp.findings``) runs
:func:`nlp.findings.extract` on the Doc's sentences (``doc.spans["sentences"]`` with
``span._.part``, as set by ``xxgk_parts``) and sets ``doc.spans["problems"]``,
``doc.spans["commitments"]`` and ``doc.spans["improvements"]`` (span label = category) and
``doc._.findings`` (the :class:`nlp.core.report.Finding` tuple, offsets into ``doc.text``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..core.report import Finding, finding_dict, finding_from_dict
from .build import extract
from .extract import Sent

FINDINGS_KEY = "xxgk_findings"


def _get_findings(doc: Doc) -> tuple[Finding, ...] | None:
    data = doc.user_data.get(FINDINGS_KEY)
    return None if data is None else tuple(finding_from_dict(d) for d in data)


def _set_findings(doc: Doc, value: Any) -> None:
    if value is None:
        doc.user_data.pop(FINDINGS_KEY, None)
    else:  # plain dicts in doc.user_data, so doc.to_bytes() and DocBin carry them
        doc.user_data[FINDINGS_KEY] = [finding_dict(f) for f in value]


if not Doc.has_extension("findings"):
    Doc.set_extension("findings", getter=_get_findings, setter=_set_findings)

SPAN_KEYS = {"problem": "problems", "commitment": "commitments", "improvement": "improvements"}


def _doc_sentences(doc: Doc) -> list[Sent]:
    spans = list(doc.spans["sentences"]) if "sentences" in doc.spans else list(doc.sents)
    out = []
    for i, sp in enumerate(spans):
        part = sp._.part if Span.has_extension("part") else None
        out.append(Sent(id=i, text=sp.text, part=int(part or 0), start=sp.start_char, end=sp.end_char))
    return out


def set_spans(doc: Doc, findings: list[Finding]) -> Doc:
    """Store findings on the Doc: ``doc._.findings`` and one span group per kind."""
    doc._.findings = tuple(findings)
    for kind, key in SPAN_KEYS.items():
        spans = []
        for f in findings:
            if f.kind != kind:
                continue
            span = doc.char_span(f.start, f.end, label=f.category, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[key] = spans
    return doc


@Language.factory("xxgk_findings")
def make_findings(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        return set_spans(doc, extract(_doc_sentences(doc), doc.text))

    return component


def findings_from_doc(doc: Doc | None, sentences: Any) -> list[Finding]:
    """The findings ``xxgk_findings`` stored on ``doc``, else extracted from ``sentences`` (the
    Report's, offsets into ``doc.text``); the span groups are set on ``doc`` either way."""
    if doc is not None and doc._.findings is not None:
        return list(doc._.findings)
    if doc is None:
        raise ValueError("findings_from_doc needs the Doc whose text the sentences index")
    findings = extract(sentences, doc.text)
    set_spans(doc, findings)
    return findings
