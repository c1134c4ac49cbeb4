"""``nlp/data/parts/MODEL_CARD.md``: what the shipped part model was trained on and how it scores."""

from __future__ import annotations

import datetime as _dt
import platform
from pathlib import Path

import numpy as np
import sklearn

from .data import CORRECTIONS
from .evaluate import Run, score
from .model import ARRAYS, META, PartModel

FEATURES = """\
- text: NFKC, traditional → simplified per character (OpenCC table), Chinese punctuation folded onto
  ASCII, digit runs → `0`, whitespace removed; character 1–3-grams padded with `^`/`$` (long sentences:
  first and last 80 characters), TF-IDF (sublinear tf, min_df 2, at most `max_features` n-grams);
- context: the TF-IDF vectors of the previous and next sentence (weight `neighbour`) and the mean of
  sentences 2..`window` before and after (weight `wide`)
  (the mean of the sentences that exist: fewer at the edges of a page);
- dense: length bins, a date line, an agency-name line (endings from `nlp.text.meta`), no sentence end, share of digits. No feature
  depends on the sentence's place in the document (no relative position, no first/last flags), so a
  page cut out of a report is classified like the report;
- classifier: multinomial LogisticRegression (`C`, class_weight balanced); probabilities floored at 1e-4
  for parts never seen;
- decoding: monotone part sequence (Viterbi), starting and ending in any part and skipping parts;
  `switch` nats per change of part, `outside` nats per sentence outside the interval the headings
  allow (heading mode only);
- `part_score`: posterior marginal of the chosen part under the tempered path distribution
  p(path)^(1/T), T (`temperature`) fitted on the leave-one-report-out windows (minimum negative
  log-likelihood of the gold parts, `nlp.partmodel.calibrate`). A model-decided sentence whose score
  is below `low` gets `part_source = "model_low"`."""


def _table(title: str, run: Run) -> list[str]:
    m, b = score(list(run.gold), list(run.model)), score(list(run.gold), list(run.baseline))
    lines = [f"#### {title}", "", f"Baseline: {run.baseline_name}.", "",
             f"accuracy **{m.accuracy:.4f}** (baseline {b.accuracy:.4f}); macro-F1 over parts "
             f"{', '.join(map(str, m.macro_parts))} (≥ 5 gold sentences) **{m.macro_f1:.4f}** "
             f"(baseline {b.macro_f1:.4f}); {m.n} sentences.", "",
             "| part | P | R | F1 | support | baseline P | baseline R | baseline F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for p in range(8):
        if m.support[p] or any(row[p] for row in m.confusion):
            lines.append(f"| {p} | {m.precision[p]:.3f} | {m.recall[p]:.3f} | {m.f1[p]:.3f} | {m.support[p]} | "
                         f"{b.precision[p]:.3f} | {b.recall[p]:.3f} | {b.f1[p]:.3f} |")
    lines += ["", "Confusion (rows gold, columns predicted), model:", "", "| gold \\ pred | "
              + " | ".join(str(p) for p in range(8)) + " |", "|---" * 9 + "|"]
    for p in range(8):
        if m.support[p]:
            lines.append(f"| {p} | " + " | ".join(str(x) for x in m.confusion[p]) + " |")
    lines += ["", "Per report accuracy (model / baseline): "
              + "; ".join(f"{n} {a:.3f} / {c:.3f}" for n, a, c in run.per_report), ""]
    return lines


def calibration_lines(run: Run, model: PartModel) -> list[str]:
    from .calibrate import scored
    from .evaluate import acceptance, calibration

    m, b = score(list(run.gold), list(run.model)), score(list(run.gold), list(run.baseline))
    lines = ["Acceptance (issue 18): " + "; ".join(acceptance(m, b)) + ".", ""]
    windows = list(run.logp)
    for title, t in (("before calibration (T = 1)", 1.0), (f"after calibration (T = {model.temperature})",
                                                           model.temperature)):
        sc, right = scored(windows, model.switch, t)
        ece, table = calibration(sc, right)
        lines += [f"`part_score` {title}: expected calibration error **{ece:.4f}**; per bin (mean score → "
                  "accuracy, sentences): " + "; ".join(f"{a:.2f} → {c:.2f} ({n})" for a, c, n in table) + "."]
        if t == model.temperature:
            s, r = np.asarray(sc), np.asarray(right)
            below = s < model.low
            lines += ["", f"Threshold `low` = {model.low}: {below.mean():.1%} of the window sentences score below it "
                      f"(accuracy {r[below].mean() if below.any() else float('nan'):.3f}) and are `model_low`; "
                      f"the rest have accuracy {r[~below].mean():.3f}."]
        lines.append("")
    return lines


def write_card(out: Path, model: PartModel, loo: dict[str, Run], digest: str,
               agreement: dict[str, float] | None = None) -> Path:
    info = model.info
    tr = info.get("training", {})
    size = sum((out / n).stat().st_size for n in (ARRAYS, META))
    lines = ["# Part classifier (nlp/data/parts)", "",
             "Assigns each sentence of a 政府信息公开工作年度报告 to its template part (0 front matter, 1–6 the six "
             "parts, 7 closing). Used by `nlp.partmodel.assign.assign_parts` where headings are missing, contradictory or "
             "ignored (`--ignore-headings`). Rebuild with `xxgk train parts --out DIR`; evaluate with "
             "`xxgk eval parts [DIR] [--loo] [--windows]`.", "",
             f"- files: `{ARRAYS}` (arrays, read with `allow_pickle=False`) and `{META}` (vocabulary, settings), "
             f"{size:,} bytes; no pickle, no scikit-learn needed to run it",
             f"- sha256 (`nlp.partmodel.model.model_digest`): `{digest}`; the shipped model's digest is pinned "
             "in `nlp/partmodel/shipped.py`, not in a file beside the model",
             f"- built: {_dt.date.today().isoformat()} with scikit-learn {sklearn.__version__}, numpy "
             f"{np.__version__}, Python {platform.python_version()}",
             f"- parameters: {info.get('params')}; seed {info.get('seed')}", "",
             "## Data", "",
             "Weak labels: every sentence gets the part of the heading above it, as the layout "
             "(`nlp.text.structure`) finds it; part 0 is the text before the first heading, part 7 the signature "
             "lines the layout recognises; 上海市人民政府办公厅-2025.md has no part 5 heading and the layout's "
             "fallback (part 5 from the sub-heading （一）…问题的改进情况) labels it. Hand corrections where the "
             "document shows the weak label wrong (`nlp.partmodel.data.CORRECTIONS`): "
             + "; ".join(f"{c.report}, the paragraph 「{c.starts}…」 → part {c.part} ({c.why})" for c in CORRECTIONS)
             + ". Reports (sentences per part):", ""]
    for name, parts in tr.get("reports", {}).items():
        lines.append(f"- {name}: " + ", ".join(f"{p}: {n}" for p, n in parts.items()))
    lines += ["", "Plus the official blank template (`templates/政务公开年报模版.docx`), itemised: its table "
              "labels and part titles.",
              "", f"Training rows: each report as parsed, its variants {info.get('variants')} (headings always "
              "dropped; the text written anew and read again, each sentence labelled by the characters it came "
              f"from), an itemised copy (every table row, fragment and part title a sentence), "
              f"{info.get('excerpts')} random excerpts and {info.get('windows')} windows of 3–40 sentences per "
              f"report (drawn from its variants), {info.get('rearranged')} copies per report with parts removed "
              f"or swapped, and {info.get('synthetic')} synthetic reports (`nlp.partmodel.synth`: the template's "
              "standard wording with agency names, years and figures varied, parts missing, the current and "
              "older templates' part titles as stray lines, some in ASCII punctuation) plus windows of half of "
              f"them: {tr.get('sequences')} sequences, {tr.get('rows')} rows; rows per part "
              f"{tr.get('rows_per_part')}.", "",
              "## Features and model", "", FEATURES, "",
              "## Metrics", "",
              "Reproduce: `xxgk eval parts --loo --windows` (about 10 minutes on one core). "
              "Leave-one-report-out over the real reports: each report classified by a model trained on the "
              "others (plus the template and the synthetic reports), model alone (no headings), against the plain "
              "baseline trained on the same folds (char 1–3-gram TF-IDF of the sentence alone + logistic "
              "regression + the same monotone decoding).", ""]
    titles = {"windows": "Windows of 3–40 sentences of the headings-stripped text (primary; `--windows`)",
              "stripped": "Whole reports, headings stripped from the raw text (`xxgk eval parts --loo`)",
              "ignored": "The report's own sentences, `ignore_headings` (headings already out of the narrative)"}
    for name in titles:
        if name in loo:
            lines += _table(titles[name], loo[name])
        if name == "windows" and name in loo:
            lines += calibration_lines(loo[name], model)
    rest = [n for n in loo if n not in titles]
    if rest:
        lines += ["#### Other variants (LOO)", "", "| variant | accuracy | macro-F1 | baseline accuracy | "
                  "baseline macro-F1 | sentences |", "|---|---|---|---|---|---|"]
        for n in rest:
            m, b = score(list(loo[n].gold), list(loo[n].model)), score(list(loo[n].gold), list(loo[n].baseline))
            lines.append(f"| {n} | {m.accuracy:.4f} | {m.macro_f1:.4f} | {b.accuracy:.4f} | {b.macro_f1:.4f} | {m.n} |")
        lines.append("")
    if agreement:
        lines += ["#### Agreement with the headings (shipped model alone, report's own sentences)", "",
                  "In-sample (the shipped model was trained on these reports); the leave-one-out figures per "
                  "report are in the `ignore_headings` table above.", "",
                  "| report | agreement |", "|---|---|"]
        lines += [f"| {n} | {a:.4f} |" for n, a in agreement.items()]
        lines.append("")
    lines += ["## Limits", "",
              "Seven real reports (five agencies; 2019–2025) is a small training set: the labels are weak (a "
              "sentence before 一、总体情况 is part 0 even when it reads like part 1; the one such paragraph in the "
              "corpus is corrected, see Data), parts 2–4 have prose only "
              "in notes and table fragments, part 6 is usually one sentence and part 7 two lines. The windows are "
              "cut from the same seven reports (leave-one-report-out), not from other agencies' pages; on "
              "unfamiliar reports expect lower figures. Check `part_score` (`model_low` below the threshold) "
              "and use the headings where the layout finds them.", ""]
    path = out / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
