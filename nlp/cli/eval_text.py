"""The readable reports of ``xxgk eval parts``, ``xxgk train parts`` and ``xxgk eval findings``,
formatted from the results the evaluations return (:mod:`nlp.partmodel.evaluate`,
:mod:`nlp.findings.evaluate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..findings.evaluate import Evaluation
    from ..partmodel.evaluate import Run, Scores


def format_scores(title: str, model: Scores, base: Scores, base_name: str = "baseline") -> str:
    """Per-part P/R/F1 of the model and the baseline side by side, macro-F1, accuracy, confusion."""
    from ..partmodel.decode import K

    lines = [title, f"{'part':>4} {'P':>6} {'R':>6} {'F1':>6} {'n':>5} | {'P':>6} {'R':>6} {'F1':>6}   "
             f"(model | {base_name} baseline)"]
    for p in range(K):
        if model.support[p] == 0 and sum(row[p] for row in model.confusion) == 0 and base.support[p] == 0 \
                and sum(row[p] for row in base.confusion) == 0:
            continue
        lines.append(f"{p:>4} {model.precision[p]:6.3f} {model.recall[p]:6.3f} {model.f1[p]:6.3f} "
                     f"{model.support[p]:5d} | {base.precision[p]:6.3f} {base.recall[p]:6.3f} {base.f1[p]:6.3f}")
    parts = ",".join(str(p) for p in model.macro_parts)
    lines.append(f"macro-F1 (parts {parts}): model {model.macro_f1:.4f}  baseline {base.macro_f1:.4f}")
    lines.append(f"accuracy ({model.n} sentences): model {model.accuracy:.4f}  baseline {base.accuracy:.4f}")
    lines.append("confusion (rows gold, columns predicted), model:")
    lines.append("      " + " ".join(f"{p:>4}" for p in range(K)))
    for p in range(K):
        lines.append(f"{p:>5} " + " ".join(f"{x:>4}" for x in model.confusion[p]))
    return "\n".join(lines)


def calibration_text(r: Run) -> list[str]:
    """ECE and bins of ``part_score`` on the windows (:func:`nlp.partmodel.evaluate.calibrations`)."""
    from ..partmodel.evaluate import calibrations

    return [f"part_score calibration ({label}): ECE {ece:.4f}; bins (mean score, accuracy, n): "
            + "; ".join(f"{a:.2f} {c:.2f} {n}" for a, c, n in table) for label, ece, table in calibrations(r)]


def parts_text(runs: dict[str, Run], header: str) -> str:
    """The report of ``xxgk eval parts`` (and of the leave-one-report-out run of ``xxgk train parts``)."""
    from ..partmodel.evaluate import WINDOWS_PER_REPORT, acceptance, score

    out = [header]
    for name, r in runs.items():
        m, b = score(list(r.gold), list(r.model)), score(list(r.gold), list(r.baseline))
        if name in ("stripped", "windows"):
            title = ("== headings stripped from the raw text (primary) ==" if name == "stripped" else
                     f"== windows of 3–40 sentences, headings stripped ({WINDOWS_PER_REPORT} per report) ==")
            out.append(format_scores(title, m, b, r.baseline_name))
            out.append(f"per report accuracy (model | {r.baseline_name} baseline):")
            out += [f"  {n}: {a:.4f} | {c:.4f}" for n, a, c in r.per_report]
            if name == "windows":
                out += ["acceptance (issue 18):"] + [f"  {line}" for line in acceptance(m, b)]
                out += calibration_text(r)
        else:
            out.append(f"== {name}: accuracy model {m.accuracy:.4f} baseline {b.accuracy:.4f}; macro-F1 model "
                       f"{m.macro_f1:.4f} baseline {b.macro_f1:.4f} ({m.n} sentences)")
    return "\n".join(out)


def _cell(row: tuple[int, int, int, int]) -> str:
    tg, ng, tp, npred = row
    return "-" if not ng and not npred else f"R {tg}/{ng} P {tp}/{npred}"


def _ratio(label: str, c: tuple[int, int]) -> str:
    return f"{label}: {c[0] / max(1, c[1]):.3f} ({c[0]}/{c[1]})"


def findings_text(ev: Evaluation) -> str:
    """The report of ``xxgk eval findings``: per file and per kind, category, detail, part and link
    accuracy, the transformed narratives, PASS or FAIL."""
    from ..findings.evaluate import DETAIL_MATCH, KINDS, THRESHOLD

    out = [f"findings evaluation: {len(ev.files)} gold files ({ev.gold_dir}), corpus {ev.corpus_dir}",
           f"{'file':34} " + " ".join(f"{k:18}" for k in KINDS)]
    for f in ev.files:
        out.append(f"{f.file:34} MISSING in corpus" if f.counts is None else
                   f"{f.file[:34]:34} " + " ".join(f"{_cell(c):18}" for c in f.counts))
    out.append("\nkind          precision  recall   (matched/predicted, matched/gold)")
    out += [f"{k.kind:13} {k.precision:9.3f} {k.recall:7.3f}   ({k.matched_predicted}/{k.predicted}, "
            f"{k.matched_gold}/{k.gold})" for k in ev.kinds]
    out.append(_ratio("category accuracy (extracted items)", ev.category))
    acc = ev.gold_categories
    out.append(f"category accuracy on gold texts ({int(acc['n'])} items): rules {acc['rules']:.3f} | "
               f"classifier (taxonomy examples) {acc['classifier']:.3f} | classifier, leave-one-file-out "
               f"{acc['classifier_lofo']:.3f} -> best: {ev.best_categoriser}")
    out.append(_ratio(f"detail accuracy (explanation ratio >= {DETAIL_MATCH})", ev.detail))
    out.append(_ratio("part accuracy", ev.part))
    agreed, predicted, gold = ev.links
    out.append(f"links: precision {agreed / max(1, predicted):.3f} ({agreed}/{predicted}) "
               f"recall {agreed / max(1, gold):.3f} ({agreed}/{gold})")
    if ev.variants:
        out.append("\nvariants (same sentences and parts, transformed narrative):")
        out += [f"  {name:12} " + " | ".join(f"{k} P {p:.3f} R {r:.3f}" for k, p, r in cells)
                for name, cells in ev.variants]
    out.append(f"\n{'PASS' if ev.ok else 'FAIL'}: precision and recall >= {THRESHOLD} for every kind")
    return "\n".join(out)
