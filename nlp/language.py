"""The spaCy side: ``nlp.load()`` and the components that put the report into a ``Doc``.

``load()`` returns ``spacy.blank("zh")`` with the jieba segmenter, the shipped domain user
dictionary (so 政务公开, 依申请公开, 政策解读, 行政规范性文件 stay whole) and the components:

- ``xxgk_sentences``: sentence boundaries from :mod:`nlp.sentences` (or from the layout the
  pipeline attached as ``doc._.layout``), stored as ``doc.spans["sentences"]`` and token
  ``is_sent_start``;
- ``xxgk_parts``: each sentence's part (heading first, the trained model where headings are
  missing or ignored), ``doc.spans["parts"]`` with the part number as label;
- ``xxgk_findings`` (:mod:`nlp.findings`): problems, commitments and improvements as
  ``doc.spans["problems" | "commitments" | "improvements"]`` and ``doc._.findings``.

Extensions registered on import: ``Doc._.layout``, ``Doc._.ignore_headings``,
``Span._.sent_id``, ``Span._.part``, ``Span._.part_source``, ``Span._.part_score``,
``Span._.page``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .sentences import split_paragraphs

for _name, _default in (("layout", None), ("ignore_headings", False)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
for _name, _default in (("sent_id", None), ("part", None), ("part_source", None), ("part_score", None),
                        ("page", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


def sentence_offsets(text: str, layout=None) -> list[tuple[int, int, int, int]]:
    """``(start, end, heading_part, page)`` for every sentence of ``text``."""
    if layout is None:
        paras, off = [], 0
        for chunk in text.split("\n"):
            paras.append((off, chunk))
            off += len(chunk) + 1
        return [(s, e, 0, 1) for s, e in split_paragraphs(paras)]
    spans = split_paragraphs([(p.offset, p.text) for p in layout.paragraphs])
    out = []
    k = 0
    paras = layout.paragraphs
    for s, e in spans:
        while k + 1 < len(paras) and paras[k + 1].offset <= s:
            k += 1
        out.append((s, e, paras[k].heading_part, paras[k].page_at(s)))
    return out


def _set_sent_starts(doc: Doc, starts: list[int]) -> None:
    """Set every token's ``is_sent_start`` in one pass (setting it token by token rescans the Doc
    on each assignment: quadratic in the input size)."""
    if not len(doc):
        return
    flags = numpy.full(len(doc), -1, dtype="int64")
    flags[0] = 1
    if starts:
        flags[numpy.asarray(starts, dtype="int64")] = 1
    doc.from_array([SENT_START], flags.astype("uint64"))


@Language.factory("xxgk_sentences")
def make_sentences(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        spans = []
        for i, (s, e, part, page) in enumerate(sentence_offsets(doc.text, doc._.layout)):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            span._.sent_id = i
            span._.page = page
            span._.part = part
            spans.append(span)
        _set_sent_starts(doc, [span.start for span in spans])
        doc.spans["sentences"] = spans
        return doc

    return component


@Language.factory("xxgk_parts")
def make_parts(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        from .parts import assign_parts

        sents = list(doc.spans.get("sentences", []))
        layout = doc._.layout
        heading_parts = [s._.part or 0 for s in sents]
        found = set(layout.headings) if layout is not None else set()
        parts, sources, scores = assign_parts([s.text for s in sents], heading_parts, found,
                                              ignore_headings=doc._.ignore_headings or layout is None)
        groups: list[Span] = []
        for span, p, src, sc in zip(sents, parts, sources, scores, strict=True):
            span._.part, span._.part_source, span._.part_score = p, src, sc
            if groups and int(groups[-1].label_) == p:
                groups[-1] = Span(doc, groups[-1].start, span.end, label=str(p))
            else:
                groups.append(Span(doc, span.start, span.end, label=str(p)))
        doc.spans["sentences"] = sents
        doc.spans["parts"] = groups
        return doc

    return component


def _userdict_path() -> str:
    return str(resources.files("nlp") / "data" / "userdict.txt")


@lru_cache(maxsize=1)
def load() -> Language:
    """The spaCy pipeline (cached): blank Chinese with jieba, user dictionary, xxgk components."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    from .jieba_cache import use_private_cache

    use_private_cache()  # never the shared /tmp/jieba.cache another user could plant
    pipe = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba.load_userdict(_userdict_path())
    pipe.add_pipe("xxgk_sentences")
    pipe.add_pipe("xxgk_parts")
    from . import findings  # noqa: F401  (registers the xxgk_findings factory)

    pipe.add_pipe("xxgk_findings", after="xxgk_parts")
    return pipe
