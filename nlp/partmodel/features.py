"""Sentence features for the part classifier.

Inference needs numpy and scipy only: :class:`Featurizer` computes the matrix from a plain
vocabulary and idf vector (stored as arrays, :mod:`nlp.partmodel.model`); scikit-learn fits them
at training time (:mod:`nlp.partmodel.fitting`). The input rows are :class:`SentenceRow` records
in reading order, grouped by document; the neighbouring-sentence features are computed vectorised
(one TF-IDF pass, neighbours by sparse shifts). No feature depends on where the sentence stands in
the document (no relative position, no first/last sentence flags), so a page cut out of a report
looks like the report.

Text normalisation (:func:`normalise`): traditional → simplified one character at a time (the
OpenCC character table, no phrase conversion: fast and length-preserving), NFKC (full-width ASCII →
ASCII), Chinese punctuation folded onto ASCII (。→. 、→, “”→"), digit runs → ``0``, whitespace
removed. So a report in traditional characters or with ASCII punctuation looks like any other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from ..core.convert import to_simplified_chars
from ..text.meta import AGENCY_SUFFIXES, TOWNSHIP_SUFFIXES, suffix_pattern

_PUNCT = str.maketrans({"。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]",
                        "【": "[", "】": "]", "「": '"', "」": '"', "『": '"', "』": '"', "—": "-", "－": "-",
                        "–": "-", "～": "~", "·": ".", "•": "."})
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


class SentenceRow(NamedTuple):
    """One sentence in context: its text, which document it belongs to, its index and the
    document's sentence count."""

    text: str
    doc: int
    index: int
    count: int


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """One translation table: traditional → simplified, then NFKC, then the punctuation folding,
    precomputed for every character of the Basic Multilingual Plane (about 50 ms, once)."""
    table: dict[int, str] = {}
    for k in range(0x80, 0x10000):
        if 0xD800 <= k < 0xE000:
            continue
        c = chr(k)
        t = unicodedata.normalize("NFKC", to_simplified_chars(c)).translate(_PUNCT)
        if t != c:
            table[k] = t
    return table


def normalise(text: str) -> str:
    """The form every feature sees (see the module docstring)."""
    return _SPACE.sub("", _DIGITS.sub("0", text.translate(_table())))


class CharNgrams:
    """Character n-grams of the normalised sentence, padded with ``^`` and ``$`` so that
    openers (^(一), ^一是) and endings (日$) are features of their own."""

    def __init__(self, low: int = 1, high: int = 3, max_chars: int = 160, normalised: bool = False) -> None:
        self.low, self.high, self.max_chars, self.normalised = low, high, max_chars, normalised

    def __call__(self, text: str) -> list[str]:
        t = text if self.normalised else normalise(text)
        if len(t) > self.max_chars:  # long sentences: head and tail carry the cues
            half = self.max_chars // 2
            t = t[:half] + "|" + t[-half:]
        t = "^" + t + "$"
        n = len(t)
        out = list(t) if self.low == 1 else []
        for k in range(max(self.low, 2), self.high + 1):
            out += [t[i:i + k] for i in range(n - k + 1)]
        return out


def context_matrix(docs: np.ndarray, offsets: list[tuple[int, int]]) -> sp.csr_matrix:
    """Stacked averaging operators, one n×n block per ``(lo, hi)`` in ``offsets``: row i of block
    b is the mean of rows i+lo..i+hi that lie in the same document (an empty row if none)."""
    n = len(docs)
    idx = np.arange(n)
    rows_all, cols_all, vals_all = [], [], []
    for b, (lo, hi) in enumerate(offsets):
        rows_b, cols_b = [], []
        for k in range(lo, hi + 1):
            dst = idx + k
            ok = (dst >= 0) & (dst < n)
            ok[ok] = docs[idx[ok]] == docs[dst[ok]]
            rows_b.append(idx[ok])
            cols_b.append(dst[ok])
        r = np.concatenate(rows_b) if rows_b else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols_b) if cols_b else np.zeros(0, dtype=np.int64)
        counts = np.bincount(r, minlength=n)
        rows_all.append(r + b * n)
        cols_all.append(c)
        vals_all.append(1.0 / counts[r])
    r = np.concatenate(rows_all)
    order = np.argsort(r, kind="stable")
    r, c, v = r[order], np.concatenate(cols_all)[order], np.concatenate(vals_all)[order]
    indptr = np.zeros(len(offsets) * n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=len(offsets) * n), out=indptr[1:])
    return sp.csr_matrix((v, c.astype(np.int64), indptr), shape=(len(offsets) * n, n))


_DATE_LINE = re.compile(r"^0年0月(?:0日)?$")
AGENCY_END = suffix_pattern((*AGENCY_SUFFIXES, *TOWNSHIP_SUFFIXES))
"""How an agency name ends (nlp.text.meta owns the lists), as a regex alternation."""
_AGENCY_LINE = re.compile(rf"^[^,.;:!?]{{2,30}}{AGENCY_END}(?:\(盖章\))?$")
_TABLEISH = re.compile(r"^[^.!?]*$")


def shape_features(t: str) -> list[float]:
    """Signature lines (a date, an agency name alone), no sentence end, share of digits; ``t`` is
    the normalised text."""
    digits = t.count("0")
    return [float(bool(_DATE_LINE.match(t))), float(bool(_AGENCY_LINE.match(t))), float(bool(_TABLEISH.match(t))),
            min(1.0, 4.0 * digits / max(len(t), 1))]


def dense_features(rows: list[SentenceRow], norm: list[str] | None = None) -> np.ndarray:
    """What a sentence looks like, wherever it stands: a length bin and the shape features. Nothing
    here depends on the document's length or the sentence's index, so a page cut out of a report
    gets the same features as the whole report."""
    n = len(rows)
    lengths = np.fromiter((len(r.text) for r in rows), dtype=float, count=n)
    bins = np.stack([lengths < 10, (lengths >= 10) & (lengths < 25), (lengths >= 25) & (lengths < 60),
                     lengths >= 60], axis=1).astype(float)
    if norm is None:
        norm = [normalise(r.text) for r in rows]
    shapes = np.array([shape_features(t) for t in norm], dtype=float).reshape(n, 4)
    return np.hstack([bins, shapes])


@dataclass(frozen=True)
class FeatureSpec:
    """How rows become a feature matrix: n-gram range, context weights, dense block."""

    low: int = 1
    high: int = 3
    max_chars: int = 160
    neighbour: float = 0.5
    window: int = 4
    wide: float = 0.4
    dense: float = 1.0


class Featurizer:
    """TF-IDF of the sentence, of its neighbours (±1) and of a wider window (±2..±``window``, the
    mean of the sentences that exist: fewer at the edges of a page), plus the dense block, computed from a plain vocabulary and idf vector (no scikit-learn).
    Rows of one document must be contiguous and in order."""

    def __init__(self, spec: FeatureSpec, vocabulary: dict[str, int], idf: np.ndarray) -> None:
        self.spec, self.vocabulary, self.idf = spec, vocabulary, idf
        self.analyzer = CharNgrams(spec.low, spec.high, spec.max_chars, normalised=True)

    def tfidf(self, norm: list[str]) -> sp.csr_matrix:
        """Sublinear-tf TF-IDF rows, l2-normalised (what ``TfidfVectorizer.transform`` gives)."""
        get = self.vocabulary.get
        analyzer = self.analyzer
        indices: list[int] = []
        indptr = [0]
        for t in norm:
            indices += [i for i in map(get, analyzer(t)) if i is not None]
            indptr.append(len(indices))
        n, v = len(norm), len(self.vocabulary)
        x = sp.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int64),
                           np.asarray(indptr, dtype=np.int64)), shape=(n, v))
        x.sum_duplicates()
        np.log(x.data, out=x.data)
        x.data += 1.0
        x.data *= self.idf[x.indices]
        norms = np.sqrt(np.bincount(np.repeat(np.arange(n), np.diff(x.indptr)), weights=x.data ** 2, minlength=n))
        norms[norms == 0] = 1.0
        x.data /= np.repeat(norms, np.diff(x.indptr))
        return x

    def transform(self, rows: list[SentenceRow]) -> sp.csr_matrix:
        spec = self.spec
        n = len(rows)
        norm = [normalise(r.text) for r in rows]
        s = self.tfidf(norm)
        docs = np.fromiter((r.doc for r in rows), dtype=np.int64, count=n)
        offsets: list[tuple[int, int]] = []
        weights: list[float] = []
        if spec.neighbour:
            offsets += [(-1, -1), (1, 1)]
            weights += [spec.neighbour, spec.neighbour]
        if spec.wide and spec.window >= 2:
            offsets += [(-spec.window, -2), (2, spec.window)]
            weights += [spec.wide, spec.wide]
        blocks = [s]
        if offsets:
            ctx = (context_matrix(docs, offsets) @ s).tocsr()
            blocks += [w * ctx[b * n:(b + 1) * n] for b, w in enumerate(weights)]
        if spec.dense:
            blocks.append(sp.csr_matrix(spec.dense * dense_features(rows, norm)))
        return sp.hstack(blocks, format="csr")


def rows_for(texts: list[str], doc: int = 0) -> list[SentenceRow]:
    """The rows of one document."""
    n = len(texts)
    return [SentenceRow(t, doc, i, n) for i, t in enumerate(texts)]
