"""Training only: fit the TF-IDF vocabulary and the logistic regression with scikit-learn, then
keep the plain arrays (:class:`nlp.partmodel.model.PartModel`). Inference never imports this."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from .features import CharNgrams, FeatureSpec, Featurizer, SentenceRow, normalise, rows_for
from .model import PartModel


class DocumentFeatures(BaseEstimator, TransformerMixin):
    """scikit-learn face of :class:`Featurizer`: ``fit`` learns the vocabulary and idf."""

    def __init__(self, low: int = 1, high: int = 3, min_df: int = 2, max_features: int = 60000,
                 neighbour: float = 0.5, window: int = 4, wide: float = 0.4, dense: float = 1.0) -> None:
        self.low, self.high, self.min_df, self.max_features = low, high, min_df, max_features
        self.neighbour, self.window, self.wide, self.dense = neighbour, window, wide, dense

    def spec(self) -> FeatureSpec:
        return FeatureSpec(low=self.low, high=self.high, neighbour=self.neighbour, window=self.window,
                           wide=self.wide, dense=self.dense)

    def fit(self, rows: list[SentenceRow], y=None) -> DocumentFeatures:
        self.vectorizer_ = TfidfVectorizer(analyzer=CharNgrams(self.low, self.high, normalised=True),
                                           min_df=self.min_df, max_features=self.max_features,
                                           sublinear_tf=True, dtype=np.float32)
        self.vectorizer_.fit([normalise(r.text) for r in rows])
        return self

    def featurizer(self) -> Featurizer:
        v = self.vectorizer_
        return Featurizer(self.spec(), dict(v.vocabulary_), np.asarray(v.idf_))

    def transform(self, rows: list[SentenceRow]):
        return self.featurizer().transform(rows)


def fit(docs: list[tuple[list[str], list[int]]], *, C: float = 4.0, switch: float = 2.0, outside: float = 6.0,
        **feature_params) -> PartModel:
    """Train on ``(texts, parts)`` documents."""
    rows: list[SentenceRow] = []
    y: list[int] = []
    for d, (texts, parts) in enumerate(docs):
        rows.extend(rows_for(list(texts), d))
        y.extend(parts)
    features = DocumentFeatures(**feature_params).fit(rows)
    feat = features.featurizer()
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", tol=1e-5)
    with threadpool_limits(limits=1):  # deterministic and polite on a shared machine
        clf.fit(feat.transform(rows), np.asarray(y))
    return PartModel(feat, clf.coef_, clf.intercept_, clf.classes_.astype(np.int64), switch=switch, outside=outside)
