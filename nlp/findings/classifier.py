"""The alternative to the keyword rules: a scikit-learn text classifier for finding categories.

Character 1–3-grams (TF-IDF) and a linear SVM (``LinearSVC``), trained on the taxonomy's example phrases
and keywords. :func:`compare` measures it against the rules on gold items, also in a
leave-one-file-out setting where the gold items of the other reports are added to the training
data. The measured accuracies decide which method ``extract`` uses (see docs/findings.md, section
"Rules or classifier? (measured)").
"""

from __future__ import annotations

from collections.abc import Sequence

from .taxonomy import categories, categorise
from .text import view


def training_set() -> tuple[list[str], list[str]]:
    """Example phrases and keywords of every category (其他 has none)."""
    texts, labels = [], []
    for cat in categories():
        for ex in cat.examples:
            texts.append(ex)
            labels.append(cat.name)
        for word, _ in cat.keywords:
            texts.append(word)
            labels.append(cat.name)
    return texts, labels


def train(texts: Sequence[str], labels: Sequence[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
        LinearSVC(C=1.0, random_state=0),
    )
    model.fit([view(t) for t in texts], list(labels))
    return model


def _accuracy(pred: Sequence[str], gold: Sequence[str]) -> float:
    return sum(p == g for p, g in zip(pred, gold, strict=True)) / max(1, len(gold))


def compare(items_by_file: dict[str, list[tuple[str, str, str]]]) -> dict[str, float]:
    """Category accuracy of the rules and of the classifier on gold ``(text, detail, category)``
    items grouped by file: ``rules``, ``classifier`` (taxonomy examples only) and
    ``classifier_lofo`` (plus the other files' gold items)."""
    all_items = [it for items in items_by_file.values() for it in items]
    gold = [c for _, _, c in all_items]
    rules = [categorise(t, d) for t, d, _ in all_items]
    base_x, base_y = training_set()
    model = train(base_x, base_y)
    clf = list(model.predict([view(t + " " + d) for t, d, _ in all_items]))
    lofo: list[str] = []
    lofo_gold: list[str] = []
    for name, items in items_by_file.items():
        others = [it for other, its in items_by_file.items() if other != name for it in its]
        m = train(base_x + [t for t, _, _ in others], base_y + [c for _, _, c in others])
        lofo.extend(m.predict([view(t + " " + d) for t, d, _ in items]))
        lofo_gold.extend(c for _, _, c in items)
    return {"rules": _accuracy(rules, gold), "classifier": _accuracy(clf, gold),
            "classifier_lofo": _accuracy(lofo, lofo_gold), "n": float(len(gold))}
