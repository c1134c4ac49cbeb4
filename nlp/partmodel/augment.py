"""Variants of a labelled report, for training and for evaluation without headings.

A variant is the report's raw text written anew from its items (:mod:`nlp.partmodel.data`):
headings dropped, tables dropped, everything flattened onto one line, converted to traditional
characters (OpenCC ``s2t``), or with ASCII punctuation instead of full-width. The variant text is
parsed again like any ``.txt`` input, and each of its sentences takes the part of the characters
it came from (:func:`align`). :func:`excerpt` cuts a contiguous run of sentences out of a
labelled sequence.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..core.convert import to_traditional
from ..text.sentences import split_text
from .data import Item, LabelledReport, read_sentences

_NUMBERING = re.compile(r"^\s*(?:第\s*)?[一二三四五六七八九十]{1,2}\s*(?:部分)?\s*[、,，．.:：]*\s*")

ASCII_PUNCT = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!",
                             "？": "?", "、": ",", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Variant:
    """Options for :func:`render`."""

    name: str
    headings: bool = False
    tables: bool = True
    flatten: bool = False
    traditional: bool = False
    ascii_punct: bool = False
    text_tables: bool = False  # table rows as space-separated lines of text, not tab rows
    fullwidth: bool = False  # digits and Latin letters as full-width characters (２０２３年)


VARIANTS = {
    "stripped": Variant("stripped"),
    "no_tables": Variant("no_tables", tables=False),
    "text_tables": Variant("text_tables", text_tables=True),
    "flat": Variant("flat", flatten=True),
    "flat_no_tables": Variant("flat_no_tables", flatten=True, tables=False),
    "traditional": Variant("traditional", traditional=True),
    "ascii": Variant("ascii", ascii_punct=True),
    "fullwidth": Variant("fullwidth", fullwidth=True, text_tables=True),
}
FULLWIDTH = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalnum()}


@dataclass(frozen=True)
class LabelledSequence:
    """Sentences with gold parts (``texts``/``gold``) and what the layout saw in the variant."""

    name: str
    texts: tuple[str, ...]
    gold: tuple[int, ...]
    heading_parts: tuple[int, ...]
    found: frozenset[int]
    unaligned: int = 0


def _convert(text: str, v: Variant) -> str:
    if v.traditional:
        text = to_traditional(text)
    if v.ascii_punct:
        text = text.translate(ASCII_PUNCT)
    if v.fullwidth:
        text = text.translate(FULLWIDTH)
    return text


def render(items: tuple[Item, ...], v: Variant) -> tuple[str, list[int]]:
    """The variant's text and the part of each of its characters."""
    chunks: list[tuple[str, int]] = []
    for it in items:
        if it.kind == "heading" and not v.headings:
            continue
        if it.kind in ("row", "residue") and not v.tables:
            continue
        if it.kind == "row":
            text = (" " if v.flatten or v.text_tables else "\t").join(c for c in it.cells if c) or it.text
        else:
            text = it.text
        chunks.append((_convert(text, v), it.part))
    sep = " " if v.flatten else "\n"
    out: list[str] = []
    labels: list[int] = []
    for k, (text, part) in enumerate(chunks):
        if k:
            out.append(sep)
            labels.append(part)
        out.append(text)
        labels.extend([part] * len(text))
    return "".join(out), labels


def align(sentences: tuple[str, ...], text: str, labels: list[int]) -> tuple[list[int], int]:
    """Gold part of every sentence: the majority part of the variant characters it came from.
    Sentences are searched in order (whitespace ignored); returns the parts and how many
    sentences could not be located (they inherit the previous part)."""
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[i] for i in keep)
    flat_labels = [labels[i] for i in keep]
    cursor = 0
    out: list[int] = []
    missed = 0
    for s in sentences:
        key = "".join(s.split())
        pos = flat.find(key, cursor) if key else -1
        span = len(key)
        if pos < 0 and len(key) > 12:
            for probe in (key[:12], key[-12:]):
                pos = flat.find(probe, cursor)
                if pos >= 0:
                    if probe is not key[:12]:
                        pos = max(cursor, pos + 12 - len(key))
                    break
        if pos < 0:
            missed += 1
            out.append(out[-1] if out else 0)
            continue
        seg = flat_labels[pos:pos + span] or [flat_labels[min(pos, len(flat_labels) - 1)]]
        out.append(max(set(seg), key=seg.count))
        cursor = pos + max(1, span)
    return out, missed


def make_variant(report: LabelledReport, v: Variant) -> LabelledSequence:
    """Render, re-read as text, split into sentences and label them."""
    text, labels = render(report.items, v)
    sents = read_sentences(text.encode("utf-8"), name=f"{report.name}.{v.name}.txt")
    gold, missed = align(sents.texts, text, labels)
    return LabelledSequence(f"{report.name}#{v.name}", sents.texts, tuple(gold), sents.heading_parts,
                            sents.found, missed)


def original(report: LabelledReport) -> LabelledSequence:
    """The report's own sentences with their heading labels."""
    s = report.sentences
    return LabelledSequence(f"{report.name}#original", s.texts, s.heading_parts, s.heading_parts, s.found)


def itemised(report: LabelledReport) -> LabelledSequence:
    """Training-only sequence: paragraphs split into sentences, and every table row, table
    fragment and part title (without its numbering) as a sentence of its own, in reading order.
    Teaches the vocabulary of the tables and titles (第二十条, 申请人, 复议 …) that a page without
    headings may leave in the narrative."""
    texts: list[str] = []
    gold: list[int] = []
    for it in report.items:
        if it.kind == "para":
            pieces = [it.text[s:e] for s, e in split_text(it.text)]
        elif it.kind == "heading":
            pieces = [_NUMBERING.sub("", it.text)]
        else:
            pieces = [" ".join(dict.fromkeys(c for c in it.cells if c)) if it.cells else it.text]
        for p in pieces:
            if p.strip():
                texts.append(p)
                gold.append(it.part)
    return LabelledSequence(f"{report.name}#itemised", tuple(texts), tuple(gold), tuple(gold), frozenset())


def excerpt(seq: LabelledSequence, rng: random.Random, min_len: int = 8) -> LabelledSequence:
    """A contiguous run of at least ``min_len`` sentences (or the whole sequence if shorter)."""
    n = len(seq.texts)
    if n <= min_len:
        return seq
    length = rng.randint(min_len, max(min_len, int(n * 0.7)))
    start = rng.randint(0, n - length)
    sl = slice(start, start + length)
    return LabelledSequence(f"{seq.name}#excerpt{start}-{start + length}", seq.texts[sl], seq.gold[sl],
                            seq.heading_parts[sl], seq.found)


def window(seq: LabelledSequence, start: int, length: int) -> LabelledSequence:
    """Sentences ``start..start+length-1`` of ``seq``."""
    sl = slice(start, start + length)
    return LabelledSequence(f"{seq.name}#w{start}+{length}", seq.texts[sl], seq.gold[sl], seq.heading_parts[sl],
                            frozenset())


def windows(seq: LabelledSequence, rng: random.Random, count: int, low: int = 3,
            high: int = 40) -> list[LabelledSequence]:
    """``count`` contiguous windows of ``low``–``high`` sentences, lengths and starts uniform (a
    sample of every such window: a page that starts and stops anywhere)."""
    n = len(seq.texts)
    if n <= low:
        return [seq]
    out = []
    for _ in range(count):
        length = rng.randint(low, min(high, n))
        out.append(window(seq, rng.randint(0, n - length), length))
    return out


def _blocks(seq: LabelledSequence) -> list[tuple[int, list[int]]]:
    out: list[tuple[int, list[int]]] = []
    for i, g in enumerate(seq.gold):
        if out and out[-1][0] == g:
            out[-1][1].append(i)
        else:
            out.append((g, [i]))
    return out


def rearranged(seq: LabelledSequence, rng: random.Random) -> LabelledSequence:
    """Parts removed (one or two of parts 1–6) or two parts swapped, as converters and agencies do."""
    blocks = _blocks(seq)
    inner = [k for k, (g, _) in enumerate(blocks) if 1 <= g <= 6]
    if len(inner) < 2:
        return seq
    if rng.random() < 0.6:
        drop = set(rng.sample(inner, min(len(inner) - 1, rng.randint(1, 2))))
        blocks = [b for k, b in enumerate(blocks) if k not in drop]
        tag = "drop"
    else:
        a, b = rng.sample(inner, 2)
        blocks[a], blocks[b] = blocks[b], blocks[a]
        tag = "swap"
    idx = [i for _, ids in blocks for i in ids]
    return LabelledSequence(f"{seq.name}#{tag}", tuple(seq.texts[i] for i in idx), tuple(seq.gold[i] for i in idx),
                            tuple(seq.heading_parts[i] for i in idx), frozenset())
