"""``xxgk eval findings``: precision/recall of extraction against the gold files, category accuracy.

For every gold file the report is parsed with the ``parse`` the caller hands in (the command
line: :func:`nlp.pipeline.parse`) and its findings are matched with
the gold items (see :mod:`nlp.findings.gold`). Printed: per-file and per-kind precision and recall,
overall figures, category accuracy (of the extracted items, and of rules vs classifier on the gold
texts), explanation (detail) accuracy, part accuracy, link precision/recall, and the same
precision/recall on transformed narratives (ASCII punctuation, traditional characters, one line).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.convert import to_traditional_chars
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


def _cell(row: tuple[int, int, int, int]) -> str:
    tg, ng, tp, npred = row
    return "-" if not ng and not npred else f"R {tg}/{ng} P {tp}/{npred}"


def _findings(report: Any) -> list[Finding]:
    return list(report.findings) if report.findings else extract(report)


ROW_FIELDS = ("kind", "precision", "recall", "matched_predicted", "predicted", "matched_gold", "gold", "passes")


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, parse: Callable[[str], Any], out=None,
             variants: bool = True, results: list[dict[str, Any]] | None = None) -> bool:
    """Run the evaluation, print the report to ``out``; True when every kind reaches 0.9.
    ``parse`` (the command line passes :func:`nlp.pipeline.parse`) turns a path into a Report.
    ``results``, when given, receives one dict per kind and one ``overall`` (:data:`ROW_FIELDS`)."""
    out = out or sys.stdout
    golds = load_gold(gold_dir)
    tally, var_tally = Tally(), {name: Tally() for name in VARIANTS}
    cat = [0, 0]
    det = [0, 0]
    part = [0, 0]
    links = [0, 0, 0]  # agreed, predicted, gold
    by_file: dict[str, list[tuple[str, str, str]]] = {}
    print(f"findings evaluation: {len(golds)} gold files ({gold_dir}), corpus {corpus_dir}", file=out)
    print(f"{'file':34} " + " ".join(f"{k:18}" for k in KINDS), file=out)
    for gold in golds:
        path = Path(corpus_dir) / gold.file
        if not path.exists():
            print(f"{gold.file:34} MISSING in corpus", file=out)
            continue
        report = parse(str(path))
        preds = _findings(report)
        m = match(gold, preds)
        rows = tally.add(gold, preds, m)
        print(f"{gold.file[:34]:34} " + " ".join(f"{_cell(rows[k]):18}" for k in KINDS), file=out)
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
    print("\nkind          precision  recall   (matched/predicted, matched/gold)", file=out)
    ok = True
    for k in (*KINDS, None):
        p, r, n = tally.pr(k)
        if k and n[3]:
            ok = ok and p >= THRESHOLD and r >= THRESHOLD
        print(f"{k or 'overall':13} {p:9.3f} {r:7.3f}   ({n[0]}/{n[1]}, {n[2]}/{n[3]})", file=out)
        if results is not None:
            results.append(dict(zip(ROW_FIELDS, (k or "overall", round(p, 4), round(r, 4), *n,
                                              bool(not n[3] or (p >= THRESHOLD and r >= THRESHOLD))), strict=True)))
    _ratio(out, "category accuracy (extracted items)", cat)
    acc = compare(by_file)
    best = max(("rules", "classifier", "classifier_lofo"), key=lambda k: acc[k])
    print(f"category accuracy on gold texts ({int(acc['n'])} items): rules {acc['rules']:.3f} | "
          f"classifier (taxonomy examples) {acc['classifier']:.3f} | classifier, leave-one-file-out "
          f"{acc['classifier_lofo']:.3f} -> best: {best}", file=out)
    _ratio(out, f"detail accuracy (explanation ratio >= {DETAIL_MATCH})", det)
    _ratio(out, "part accuracy", part)
    print(f"links: precision {links[0] / max(1, links[1]):.3f} ({links[0]}/{links[1]}) "
          f"recall {links[0] / max(1, links[2]):.3f} ({links[0]}/{links[2]})", file=out)
    if variants:
        print("\nvariants (same sentences and parts, transformed narrative):", file=out)
        for name, t in var_tally.items():
            cells = []
            for k in (*KINDS, None):
                p, r, _ = t.pr(k)
                cells.append(f"{k or 'overall'} P {p:.3f} R {r:.3f}")
            print(f"  {name:12} " + " | ".join(cells), file=out)
    print(f"\n{'PASS' if ok else 'FAIL'}: precision and recall >= {THRESHOLD} for every kind", file=out)
    return ok


def _ratio(out, label: str, c: list[int]) -> None:
    print(f"{label}: {c[0] / max(1, c[1]):.3f} ({c[0]}/{c[1]})", file=out)


def eval_command(gold_dir: str | Path, corpus_dir: str | Path, parse: Callable[[str], Any], out=None,
                 results: list[dict[str, Any]] | None = None) -> int:
    """CLI entry (``xxgk eval findings``): 0 when every kind reaches the threshold, 1 otherwise,
    2 when the gold or corpus folder is missing. ``out`` and ``results`` as in :func:`evaluate`."""
    if not Path(gold_dir).is_dir() or not Path(corpus_dir).is_dir():
        print(f"missing folder: {gold_dir if not Path(gold_dir).is_dir() else corpus_dir}", file=sys.stderr)
        return 2
    return 0 if evaluate(gold_dir, corpus_dir, parse, out=out, results=results) else 1
