"""Weakly labelled reports: every sentence gets the part its heading gives it.

:func:`load_labelled` runs the lead's read → clean → layout stages (no spaCy: the sentence
offsets come from :func:`nlp.text.sentences.sentence_offsets`, exactly as the pipeline computes them)
and keeps, besides the sentences and their labels, the report as an ordered list of
:class:`Item` (part headings, paragraphs, table rows, table fragments) so that
:mod:`nlp.partmodel.augment` can write variants of the raw text (headings dropped, flattened …)
whose characters still know their part.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..ingest import EXTENSIONS, read
from ..ingest.clean import clean
from ..text.headings import find_headings
from ..text.sentences import sentence_offsets
from ..text.structure import Layout, layout

CORPUS_ENV = "XXGK_PARTS_CORPUS"


@dataclass(frozen=True)
class Correction:
    """A weak label the document shows to be wrong: the paragraph of ``report`` that starts with
    ``starts`` (whitespace ignored), and every sentence in it, belongs to ``part``."""

    report: str
    starts: str
    part: int
    why: str


CORRECTIONS = (
    Correction("临县人民政府-2023.txt", "2023年，我县坚持以习近平新时代中国特色社会主义思想为指导", 1,
               "the year's overview (坚持以…为指导…强化《条例》落实…政务公开质效进一步提升), written above the "
               "heading 一、总体情况: the preamble before it says the report is divided into 总体情况、主动公开… "
               "六部分, and the six other reports open 一、总体情况 with the same overview; only the position of "
               "the heading made it part 0, and with headings stripped nothing in the text can tell it apart"),
)
"""Hand corrections of the weak labels, each with the reason read in the document."""


@dataclass(frozen=True)
class Item:
    kind: str  # "heading" | "para" | "row" | "residue"
    part: int
    text: str
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentences:
    """The sentences of one report as the pipeline splits them, with what the layout knows."""

    texts: tuple[str, ...]
    heading_parts: tuple[int, ...]
    found: frozenset[int]
    closing: bool  # the layout recognised a signature block (part 7)


@dataclass(frozen=True)
class LabelledReport:
    name: str
    items: tuple[Item, ...]
    sentences: Sentences

    @property
    def labels(self) -> tuple[int, ...]:
        return self.sentences.heading_parts


def sentences_of(lay: Layout) -> Sentences:
    """Sentence texts (as ``Report.sentences[i].text``) and their heading parts."""
    offs = sentence_offsets(lay.narrative, lay)
    texts = tuple(lay.narrative[s:e].replace("\n", " ") for s, e, _, _ in offs)
    parts = tuple(p for _, _, p, _ in offs)
    return Sentences(texts, parts, frozenset(lay.headings), 7 in parts)


def read_sentences(source: str | Path | bytes, *, name: str | None = None) -> Sentences:
    """read → clean → layout → sentences, without the spaCy pipeline."""
    document = read(source if isinstance(source, bytes) else str(source), name=name)
    blocks, _ = clean(document)
    return sentences_of(layout(blocks))


def load_labelled(path: str | Path) -> LabelledReport:
    """A report file as items and weakly labelled sentences."""
    document = read(str(path))
    blocks, _ = clean(document)
    lay = layout(blocks)
    index = {id(b): i for i, b in enumerate(blocks)}
    placed: list[tuple[int, int, Item]] = []
    covered: dict[int, list[tuple[int, int]]] = {}
    for p in lay.paragraphs:
        bi = index[id(p.block)]
        placed.append((bi, p.block_offset, Item("para", p.heading_part, p.text)))
        covered.setdefault(bi, []).append((p.block_offset, p.block_offset + len(p.text)))
    seen: set[int] = set()
    for bi, b in enumerate(blocks):
        if b.kind != "para":
            continue
        for h in find_headings(b.text):
            if h.part not in seen and lay.headings.get(h.part) == h.title:
                seen.add(h.part)
                placed.append((bi, h.start, Item("heading", h.part, b.text[h.start:h.end])))
                covered.setdefault(bi, []).append((h.start, h.end))
    for part, b in lay.rows:
        placed.append((index[id(b)], 0, Item("row", part, b.text, tuple(b.cells or ()))))
    for part, b in lay.residue:
        bi = index[id(b)]
        for start, text in _uncovered(b.text, covered.get(bi, [])):
            placed.append((bi, start, Item("residue", part, text)))
    placed.sort(key=lambda t: (t[0], t[1]))
    return corrected(LabelledReport(Path(path).name, tuple(it for _, _, it in placed), sentences_of(lay)))


def _bare(text: str) -> str:
    return "".join(text.split())


def corrected(report: LabelledReport, corrections: tuple[Correction, ...] = CORRECTIONS) -> LabelledReport:
    """``report`` with the :data:`CORRECTIONS` that name it applied to its paragraphs and their
    sentences."""
    items, parts = list(report.items), list(report.sentences.heading_parts)
    for c in (c for c in corrections if c.report == report.name):
        for k, it in enumerate(items):
            if it.kind != "para" or not _bare(it.text).startswith(_bare(c.starts)):
                continue
            items[k] = Item(it.kind, c.part, it.text, it.cells)
            para = _bare(it.text)
            for i, t in enumerate(report.sentences.texts):
                if parts[i] == it.part and _bare(t) and _bare(t) in para:
                    parts[i] = c.part
    s = report.sentences
    return LabelledReport(report.name, tuple(items), Sentences(s.texts, tuple(parts), s.found, s.closing))


def _uncovered(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    out, pos = [], 0
    for s, e in sorted(spans) + [(len(text), len(text))]:
        if s > pos and text[pos:s].strip():
            out.append((pos, text[pos:s].strip()))
        pos = max(pos, e)
    return out


def report_files(directory: str | Path) -> list[Path]:
    """Report files in a directory (sorted; MANIFEST and README files skipped)."""
    return sorted(p for p in Path(directory).iterdir()
                  if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith("README"))


def default_corpus() -> Path:
    """The real reports for training and evaluation: ``$XXGK_PARTS_CORPUS`` when set, else
    ``../shared/corpus/real`` beside the source checkout the package was installed from (found from
    the package's own location, so it works from any working directory)."""
    env = os.environ.get(CORPUS_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
