"""Evaluation machinery: metrics by hand, the keyword baseline, variants and alignment,
the evaluation and its printed report on real reports."""

from __future__ import annotations

import pytest
from conftest import REAL

from nlp.cli.eval_text import parts_text
from nlp.core.errors import ConfigError
from nlp.partmodel.augment import VARIANTS, Variant, align, excerpt, itemised, make_variant, render
from nlp.partmodel.baseline import baseline_parts, keyword_part
from nlp.partmodel.data import Item, load_labelled
from nlp.partmodel.evaluate import EVAL_SETS, evaluation, score


def test_score_by_hand():
    gold = [0] * 5 + [1] * 6 + [5] * 2
    pred = [0, 0, 0, 0, 1] + [1, 1, 1, 1, 1, 5] + [5, 5]
    s = score(gold, pred)
    assert s.n == 13 and s.accuracy == pytest.approx(11 / 13)
    assert s.precision[0] == 1.0 and s.recall[0] == pytest.approx(0.8)
    assert s.precision[1] == pytest.approx(5 / 6) and s.recall[1] == pytest.approx(5 / 6)
    assert s.precision[5] == pytest.approx(2 / 3) and s.recall[5] == 1.0
    # macro-F1 only over parts with >= 5 gold sentences: 0 and 1, not 5
    assert s.macro_parts == (0, 1)
    assert s.macro_f1 == pytest.approx((2 * 0.8 / 1.8 + 5 / 6) / 2)
    assert s.confusion[0][1] == 1 and s.confusion[1][5] == 1


def test_keyword_baseline():
    assert keyword_part("本年度报告中所列数据统计期限为2025年1月1日至12月31日。") == 0
    assert keyword_part("存在问题：一是业务水平有待提高。") == 5
    assert keyword_part("本机关2023年度未收取政府信息公开处理费。") == 6
    assert keyword_part("2024年1月30日") == 7
    assert keyword_part("总之。") is None
    assert baseline_parts(["根据《条例》编制本报告。", "总之。", "存在问题：有待提高。", "总之。"]) == [0, 0, 5, 5]


def test_render_and_align():
    items = (Item("para", 0, "某县2023年政府信息公开工作年度报告"), Item("heading", 1, "一、总体情况"),
             Item("para", 1, "全年主动公开信息100条。加强平台建设。"), Item("row", 2, "规章\t0", ("规章", "0")),
             Item("heading", 5, "五、存在的主要问题及改进情况"), Item("para", 5, "存在问题：有待提高。"))
    text, labels = render(items, VARIANTS["stripped"])
    assert "总体情况" not in text and "规章\t0" in text and len(labels) == len(text)
    flat, _ = render(items, VARIANTS["flat_no_tables"])
    assert "\n" not in flat and "规章" not in flat
    trad, _ = render(items, Variant("t", traditional=True, ascii_punct=True))
    assert "報告" in trad and "。" not in trad and "存在問題:" in trad
    gold, missed = align(("某县2023年政府信息公开工作年度报告", "全年主动公开信息 100 条。", "加强平台建设。", "存在问题：有待提高。"),
                         text, labels)
    assert gold == [0, 1, 1, 5] and missed == 0


def test_variants_of_a_real_report_keep_their_labels():
    r = load_labelled(REAL / "沭阳县发展和改革局-2023.html")
    assert [it.part for it in r.items if it.kind == "heading"] == [1, 2, 3, 4, 5, 6]
    seq = make_variant(r, VARIANTS["stripped"])
    assert not seq.found and seq.unaligned == 0
    squash = [t.replace(" ", "") for t in seq.texts]  # the re-read text may join a sub-heading without its space
    assert squash == [t.replace(" ", "") for t in r.sentences.texts] and seq.gold == r.labels
    trad = make_variant(r, VARIANTS["traditional"])
    assert trad.gold == r.labels and "發展" in "".join(trad.texts)
    items = itemised(r)
    assert any(t.startswith("行政许可") and g == 2 for t, g in zip(items.texts, items.gold, strict=True))
    import random

    ex = excerpt(seq, random.Random(1))
    assert 8 <= len(ex.texts) < len(seq.texts)


def test_evaluation_and_its_report(tmp_path):
    names = ("沭阳县发展和改革局-2023.html", "临县人民政府-2023.txt")
    for name in names:
        (tmp_path / name).symlink_to(REAL / name)
    (tmp_path / "MANIFEST.tsv").write_text("file\n")
    runs, header = evaluation(tmp_path)
    assert tuple(runs) == EVAL_SETS and "2 reports" in header
    assert {n for n, _, _ in runs["stripped"].per_report} == set(names)
    out = parts_text(runs, header)
    assert "headings stripped from the raw text" in out
    assert "macro-F1" in out and "accuracy (" in out and "confusion" in out
    assert "baseline" in out and "traditional" in out


def test_evaluation_bad_input(tmp_path):
    with pytest.raises(ConfigError, match="is not a directory"):
        evaluation(tmp_path / "missing")
    with pytest.raises(ConfigError, match="has no report files"):
        evaluation(tmp_path)
