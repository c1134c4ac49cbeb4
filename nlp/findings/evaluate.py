"""``xxgk eval findings``: precision/recall of extraction against the gold files, category accuracy.

For every gold file the report is parsed with the ``parse`` the caller hands in (the command
line: :func:`nlp.pipeline.parse`) and its findings are matched with
the gold items (see :mod:`nlp.findings.gold`). The result (:class:`Evaluation`, printed by
``xxgk eval findings``): per-file and per-kind precision and recall,
overall figures, category accuracy (of the extracted items, and of rules vs classifier on the gold
texts), explanation (detail) accuracy, part accuracy, link precision/recall, and the same
precision/recall on transformed narratives (ASCII punctuation, traditional characters, one line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.convert import to_traditional_chars
from ..core.errors import ConfigError
from ..core.report import Finding
from .build import extract
from .classifier import compare
from .gold import DETAIL_MATCH, KINDS, GoldFile, Match, load_gold, match, similarity

THRESHOLD = 0.9
_ASCII = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})


VARIANTS: dict[str, Callable[[str], str]] = {
    "ascii-punct": lambda t: t.translate(_ASCII),
    "traditional": to_traditional_chars,
    "one-line": lambda t: t.replace("\n", " "),
}


class Tally:
    """Counts per kind: tp_gold, n_gold, tp_pred, n_pred."""

    def __init__(self) -> None:
        self.c: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in KINDS}

    def add(self, gold: GoldFile, preds: list[Finding], m: Match) -> dict[str, tuple[int, int, int, int]]:
        out = {}
        for k in KINDS:
            row = m.counts(gold, preds, k)
            out[k] = row
            self.c[k] = [a + b for a, b in zip(self.c[k], row, strict=True)]
        return out

    def pr(self, kind: str | None = None) -> tuple[float, float, list[int]]:
        rows = [self.c[kind]] if kind else list(self.c.values())
        tg, ng, tp, npred = (sum(r[i] for r in rows) for i in range(4))
        return (tp / npred if npred else 1.0), (tg / ng if ng else 1.0), [tp, npred, tg, ng]


def _findings(report: Any) -> list[Finding]:
    return list(report.findings) if report.findings else extract(report)


ROW_FIELDS = ("kind", "precision", "recall", "matched_predicted", "predicted", "matched_gold", "gold", "passes")
Counts = tuple[int, int, int, int]  # matched gold, gold, matched predicted, predicted


@dataclass(frozen=True)
class KindScore:
    """Precision and recall of one kind (or ``overall``) pooled over the gold files."""

    kind: str
    precision: float
    recall: float
    matched_predicted: int
    predicted: int
    matched_gold: int
    gold: int

    @property
    def passes(self) -> bool:
        """Both at least :data:`THRESHOLD` (a kind without gold items passes)."""
        return not self.gold or (self.precision >= THRESHOLD and self.recall >= THRESHOLD)

    def row(self) -> dict[str, Any]:
        """The :data:`ROW_FIELDS` row ``xxgk eval findings --json`` prints (P and R to 4 places)."""
        return dict(zip(ROW_FIELDS, (self.kind, round(self.precision, 4), round(self.recall, 4),
                                     self.matched_predicted, self.predicted, self.matched_gold, self.gold,
                                     bool(self.passes)), strict=True))


@dataclass(frozen=True)
class FileCounts:
    """One gold file: its counts per kind (in :data:`KINDS` order), None when the corpus lacks it."""

    file: str
    counts: tuple[Counts, ...] | None


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`. Ratios are ``(right, total)``; ``links`` is ``(agreed,
    predicted, gold)``; ``gold_categories`` is :func:`nlp.findings.classifier.compare` on the gold
    texts; ``variants`` has per transformed narrative the (kind or ``overall``, precision, recall)."""

    gold_dir: str
    corpus_dir: str
    files: tuple[FileCounts, ...]
    kinds: tuple[KindScore, ...]  # every kind of KINDS, then overall
    category: tuple[int, int]
    gold_categories: dict[str, float]
    detail: tuple[int, int]
    part: tuple[int, int]
    links: tuple[int, int, int]
    variants: tuple[tuple[str, tuple[tuple[str, float, float], ...]], ...] = ()

    @property
    def ok(self) -> bool:
        """Every kind with gold items reaches :data:`THRESHOLD` in precision and recall."""
        return all(k.passes for k in self.kinds if k.kind != "overall")

    @property
    def best_categoriser(self) -> str:
        return max(("rules", "classifier", "classifier_lofo"), key=lambda k: self.gold_categories[k])

    def rows(self) -> list[dict[str, Any]]:
        """One :data:`ROW_FIELDS` row per kind and ``overall``."""
        return [k.row() for k in self.kinds]


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, parse: Callable[[str], Any],
             variants: bool = True) -> Evaluation:
    """Match the findings of every gold file's report with its gold items (``xxgk eval findings``
    prints the result). ``parse`` (the command line passes :func:`nlp.pipeline.parse`) turns a path
    into a Report. A missing gold or corpus folder raises :class:`nlp.core.errors.ConfigError`."""
    for folder in (gold_dir, corpus_dir):
        if not Path(folder).is_dir():
            raise ConfigError(str(folder), "missing folder")
    golds = load_gold(gold_dir)
    tally, var_tally = Tally(), {name: Tally() for name in VARIANTS}
    cat = [0, 0]
    det = [0, 0]
    part = [0, 0]
    links = [0, 0, 0]  # agreed, predicted, gold
    by_file: dict[str, list[tuple[str, str, str]]] = {}
    files: list[FileCounts] = []
    for gold in golds:
        path = Path(corpus_dir) / gold.file
        if not path.exists():
            files.append(FileCounts(gold.file, None))
            continue
        report = parse(str(path))
        preds = _findings(report)
        m = match(gold, preds)
        rows = tally.add(gold, preds, m)
        files.append(FileCounts(gold.file, tuple(rows[k] for k in KINDS)))
        for i, g in enumerate(gold.items):
            if g.optional:
                continue
            by_file.setdefault(gold.file, []).append((g.text, g.detail, g.category))
            if i not in m.gold_to_pred:
                continue
            p = preds[m.gold_to_pred[i][0]]
            cat[0] += p.category == g.category
            cat[1] += 1
            part[0] += all(preds[j].part == g.part for j in m.gold_to_pred[i])
            part[1] += 1
            if g.detail:
                det[0] += similarity(p.detail, g.detail) >= DETAIL_MATCH
                det[1] += 1
            if g.kind == "commitment":
                want = {j for a in g.answers if a in m.gold_to_pred for j in m.gold_to_pred[a]}
                have = set(p.links)
                links[0] += len(want & have)
                links[1] += len(have)
                links[2] += len(want)
        if variants:
            for name, fn in VARIANTS.items():
                vp = extract(report.sentences, fn(report.narrative))
                var_tally[name].add(gold, vp, match(gold, vp))
    kinds = []
    for k in (*KINDS, None):
        p, r, n = tally.pr(k)
        kinds.append(KindScore(k or "overall", p, r, *n))
    var = tuple((name, tuple((k or "overall", *t.pr(k)[:2]) for k in (*KINDS, None)))
                for name, t in var_tally.items()) if variants else ()
    return Evaluation(str(gold_dir), str(corpus_dir), tuple(files), tuple(kinds), (cat[0], cat[1]),
                      compare(by_file), (det[0], det[1]), (part[0], part[1]), (links[0], links[1], links[2]), var)
