"""Sentence features for the part classifier.

Inference needs numpy only: :meth:`Featurizer.linear` computes a linear model's scores from a plain
vocabulary and idf vector (stored as arrays, :mod:`nlp.partmodel.model`) without building the
feature matrix; :meth:`Featurizer.transform` builds that matrix (scipy, imported on use) for
training, where scikit-learn fits the model (:mod:`nlp.partmodel.fitting`). The input rows are :class:`SentenceRow` records
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
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..core.convert import to_simplified_chars
from ..text.meta import AGENCY_SUFFIXES, TOWNSHIP_SUFFIXES, suffix_pattern

if TYPE_CHECKING:
    import scipy.sparse as sp

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


class _FoldTable(dict):
    """The translation table of :func:`normalise`, filled one character at a time as text asks for
    it (``str.translate`` calls ``__missing__``): traditional → simplified, then NFKC, then the
    punctuation folding, for the characters of the Basic Multilingual Plane above ASCII; any other
    character maps to itself. Filling it for the whole plane up front took 0.1–0.15 s a process."""

    def __missing__(self, k: int) -> str:
        c = chr(k)
        t = c
        if 0x80 <= k < 0x10000 and not 0xD800 <= k < 0xE000:
            t = unicodedata.normalize("NFKC", to_simplified_chars(c)).translate(_PUNCT)
        self[k] = t
        return t


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """The one :class:`_FoldTable` of this process."""
    return _FoldTable()


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


def context_pairs(docs: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The averaging operator of one ``(lo, hi)`` window as ``(rows, cols, weights)``: row i is the
    mean of rows i+lo..i+hi that lie in the same document (no entry if none)."""
    n = len(docs)
    idx = np.arange(n)
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
    return r, c, 1.0 / counts[r]


def context_matrix(docs: np.ndarray, offsets: list[tuple[int, int]]) -> sp.csr_matrix:
    """Stacked averaging operators, one n×n block per ``(lo, hi)`` in ``offsets``: row i of block
    b is the mean of rows i+lo..i+hi that lie in the same document (an empty row if none)."""
    import scipy.sparse as sp

    n = len(docs)
    rows_all, cols_all, vals_all = [], [], []
    for b, (lo, hi) in enumerate(offsets):
        r, c, v = context_pairs(docs, lo, hi)
        rows_all.append(r + b * n)
        cols_all.append(c)
        vals_all.append(v)
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

    def tfidf_arrays(self, norm: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`tfidf` as CSR arrays ``(data, indices, indptr)``, column indices sorted in each
        row, computed with numpy alone."""
        get = self.vocabulary.get
        analyzer = self.analyzer
        found: list[int] = []
        lengths: list[int] = []
        for t in norm:
            before = len(found)
            found += [i for i in map(get, analyzer(t)) if i is not None]
            lengths.append(len(found) - before)
        n, v = len(norm), len(self.vocabulary)
        keys = np.repeat(np.arange(n, dtype=np.int64), lengths) * v + np.asarray(found, dtype=np.int64)
        keys, counts = np.unique(keys, return_counts=True)  # sorted: duplicates summed, columns in order
        rows, indices = np.divmod(keys, v)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        data = np.log(counts.astype(np.float64))
        data += 1.0
        data *= self.idf[indices]
        norms = np.sqrt(np.bincount(rows, weights=data ** 2, minlength=n))
        norms[norms == 0] = 1.0
        data /= norms[rows]
        return data, indices, indptr

    def tfidf(self, norm: list[str]) -> sp.csr_matrix:
        """Sublinear-tf TF-IDF rows, l2-normalised (what ``TfidfVectorizer.transform`` gives)."""
        import scipy.sparse as sp

        data, indices, indptr = self.tfidf_arrays(norm)
        return sp.csr_matrix((data, indices, indptr), shape=(len(norm), len(self.vocabulary)))

    def _context(self) -> tuple[list[tuple[int, int]], list[float]]:
        """The neighbour windows ``(lo, hi)`` and their weights, in column-block order."""
        spec = self.spec
        offsets: list[tuple[int, int]] = []
        weights: list[float] = []
        if spec.neighbour:
            offsets += [(-1, -1), (1, 1)]
            weights += [spec.neighbour, spec.neighbour]
        if spec.wide and spec.window >= 2:
            offsets += [(-spec.window, -2), (2, spec.window)]
            weights += [spec.wide, spec.wide]
        return offsets, weights

    def transform(self, rows: list[SentenceRow]) -> sp.csr_matrix:
        import scipy.sparse as sp

        spec = self.spec
        n = len(rows)
        norm = [normalise(r.text) for r in rows]
        s = self.tfidf(norm)
        docs = np.fromiter((r.doc for r in rows), dtype=np.int64, count=n)
        offsets, weights = self._context()
        blocks = [s]
        if offsets:
            ctx = (context_matrix(docs, offsets) @ s).tocsr()
            blocks += [w * ctx[b * n:(b + 1) * n] for b, w in enumerate(weights)]
        if spec.dense:
            blocks.append(sp.csr_matrix(spec.dense * dense_features(rows, norm)))
        return sp.hstack(blocks, format="csr")

    def linear(self, rows: list[SentenceRow], coef: np.ndarray) -> np.ndarray:
        """``transform(rows) @ coef.T`` (``coef``: classes × features) without building the
        feature matrix or importing scipy: each column block's scores are computed on the
        sentence's own TF-IDF and then averaged over the neighbours, which is the same sum."""
        n, v = len(rows), len(self.vocabulary)
        norm = [normalise(r.text) for r in rows]
        data, indices, indptr = self.tfidf_arrays(norm)
        row_of = np.repeat(np.arange(n), np.diff(indptr))

        def summed(at: np.ndarray, weights: np.ndarray, values: np.ndarray) -> np.ndarray:
            """Row ``at[j]`` of the result gets ``weights[j] * values[j]``, summed (n × classes)."""
            return np.stack([np.bincount(at, weights=weights * values[:, k], minlength=n)
                             for k in range(values.shape[1])], axis=1).reshape(n, values.shape[1])

        z = summed(row_of, data, coef[:, indices].T)
        docs = np.fromiter((r.doc for r in rows), dtype=np.int64, count=n)
        offsets, weights = self._context()
        for b, ((lo, hi), w) in enumerate(zip(offsets, weights, strict=True)):
            own = summed(row_of, data, coef[:, (b + 1) * v + indices].T)  # the block's scores, sentence alone
            r, c, m = context_pairs(docs, lo, hi)
            z += w * summed(r, m, own[c])
        if self.spec.dense:
            dense = self.spec.dense * dense_features(rows, norm)
            z += dense @ coef[:, (len(offsets) + 1) * v:].T
        return z


def rows_for(texts: list[str], doc: int = 0) -> list[SentenceRow]:
    """The rows of one document."""
    n = len(texts)
    return [SentenceRow(t, doc, i, n) for i, t in enumerate(texts)]
