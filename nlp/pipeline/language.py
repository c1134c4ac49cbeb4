"""The spaCy side: ``nlp.load()`` and the components that put the report into a ``Doc``.

``load()`` returns ``spacy.blank("zh")`` with the jieba segmenter, the shipped domain user
dictionary (so 政务公开, 依申请公开, 政策解读, 行政规范性文件 stay whole) and the components:

- ``xxgk_sentences``: sentence boundaries from :mod:`nlp.text.sentences` (or from the layout the
  pipeline attached as ``doc._.layout``), stored as ``doc.spans["sentences"]`` and token
  ``is_sent_start``;
- ``xxgk_parts``: each sentence's part (heading first, the trained model where headings are
  missing or ignored), ``doc.spans["parts"]`` with the part number as label;
- ``xxgk_findings`` (:mod:`nlp.findings`): problems, commitments and improvements as
  ``doc.spans["problems" | "commitments" | "improvements"]`` and ``doc._.findings``.

Extensions registered on import, all serialisable so ``doc.to_bytes()`` and ``DocBin`` round-trip
a parsed report: ``Doc._.layout`` (a getter/setter over ``doc.user_data["xxgk_layout"]``, which
holds :meth:`nlp.text.structure.Layout.to_data`), ``Doc._.ignore_headings``, ``Span._.sent_id``,
``Span._.part``, ``Span._.part_source``, ``Span._.part_score``, ``Span._.page``.

The factories are registered through the ``spacy_factories`` entry points in ``pyproject.toml``,
so ``spacy.load(DIR)`` of a pipeline saved with ``nlp.load().to_disk(DIR)`` works in a process
that never imported ``nlp``; the parts component saves its model inside ``DIR/xxgk_parts``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from importlib import import_module, resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..text.sentences import sentence_offsets
from ..text.structure import Layout

if TYPE_CHECKING:
    from ..partmodel.model import PartModel

LAYOUT_KEY = "xxgk_layout"
MODEL_DIR = "model"


def _get_layout(doc: Doc) -> Layout | None:
    data = doc.user_data.get(LAYOUT_KEY)
    return None if data is None else Layout.from_data(data)


def _set_layout(doc: Doc, value: Layout | None) -> None:
    if value is None:
        doc.user_data.pop(LAYOUT_KEY, None)
    else:
        doc.user_data[LAYOUT_KEY] = value.to_data()


if not Doc.has_extension("layout"):
    Doc.set_extension("layout", getter=_get_layout, setter=_set_layout)
if not Doc.has_extension("ignore_headings"):
    Doc.set_extension("ignore_headings", default=False)
for _name in ("sent_id", "part", "part_source", "part_score", "page"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


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
    """Sentence spans (``doc.spans["sentences"]``) and token sentence starts."""
    setup_jieba()  # spacy.load(DIR) builds the tokenizer without nlp.load(): add the user dictionary

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


class PartsComponent:
    """``xxgk_parts``: each sentence's part (heading first, the part model where headings are
    missing or ignored). The component carries its :class:`~nlp.partmodel.model.PartModel`:
    ``to_disk``/``from_disk`` save and load it under ``DIR/xxgk_parts/model``, so a saved pipeline
    decides parts with the model it was saved with."""

    def __init__(self, name: str, ignore_headings: bool = False) -> None:
        self.name = name
        self.ignore_headings = ignore_headings
        self._model: PartModel | None = None

    @property
    def model(self) -> PartModel:
        """The part model: the one loaded ``from_disk``, else the shipped one (``default_model()``,
        cached there; :class:`nlp.core.errors.ModelError` when it is missing or altered)."""
        if self._model is not None:
            return self._model
        from ..partmodel.model import default_model

        return default_model()

    def __call__(self, doc: Doc) -> Doc:
        from ..partmodel.assign import assign_parts

        sents = list(doc.spans.get("sentences", []))
        layout = doc._.layout
        heading_parts = [s._.part or 0 for s in sents]
        found = set(layout.headings) if layout is not None else set()
        ignore = self.ignore_headings or doc._.ignore_headings or layout is None
        parts, sources, scores = assign_parts([s.text for s in sents], heading_parts, found,
                                              ignore_headings=ignore, model=self.model)
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

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.model.to_disk(Path(path) / MODEL_DIR)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PartsComponent:
        from ..partmodel.model import PartModel

        self._model = PartModel.from_disk(Path(path) / MODEL_DIR)  # ModelError when missing or corrupt
        return self


@Language.factory("xxgk_parts", default_config={"ignore_headings": False})
def make_parts(nlp: Language, name: str, ignore_headings: bool) -> PartsComponent:
    """Parts; ``ignore_headings=True`` lets the model alone decide (as ``doc._.ignore_headings``)."""
    return PartsComponent(name, ignore_headings)


def _userdict_path() -> str:
    return str(resources.files("nlp") / "data" / "userdict.txt")


@lru_cache(maxsize=1)
def setup_jieba() -> None:
    """Quiet jieba with the shipped domain user dictionary (jieba's global state; once a process)."""
    from ..text.jieba_cache import import_jieba, use_private_cache

    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)

    use_private_cache()  # never the shared /tmp/jieba.cache another user could plant
    jieba.load_userdict(_userdict_path())


@lru_cache(maxsize=1)
def load() -> Language:
    """The spaCy pipeline (cached): blank Chinese with jieba, user dictionary, xxgk components."""
    setup_jieba()
    pipe = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    pipe.add_pipe("xxgk_sentences")
    pipe.add_pipe("xxgk_parts")
    import_module("nlp.findings.component")  # registers xxgk_findings (also an entry point)
    pipe.add_pipe("xxgk_findings", after="xxgk_parts")
    return pipe
