"""Weak labels and their hand corrections; the agency-name cue comes from nlp.text.meta's lists; the
acceptance lines of ``xxgk eval parts --windows``."""

from __future__ import annotations

from conftest import REAL

from nlp.partmodel.baseline import keyword_part
from nlp.partmodel.data import Correction, Item, LabelledReport, Sentences, corrected, load_labelled
from nlp.partmodel.evaluate import acceptance, score
from nlp.partmodel.features import normalise, shape_features
from nlp.text.meta import AGENCY_SUFFIXES, TOWNSHIP_SUFFIXES


def _part_of(report: LabelledReport, start: str) -> int:
    return next(g for t, g in zip(report.sentences.texts, report.labels, strict=True) if t.startswith(start))


def test_linxian_overview_above_the_first_heading_is_part_1():
    # Read in the document: title, then the preamble (根据《条例》…编制。本报告分为总体情况…六部分，…统计期限…),
    # then the year's overview paragraph, then 一、总体情况.
    r = load_labelled(REAL / "临县人民政府-2023.txt")
    assert _part_of(r, "临县 2023 年政府信息公开工作") == 0
    assert _part_of(r, "根据《中华人民共和国政府信息公开条例》") == 0
    assert _part_of(r, "本报告分为总体情况") == 0
    assert _part_of(r, "2023 年，我县坚持以习近平") == 1
    assert _part_of(r, "并紧紧围绕我县县委") == 1
    assert _part_of(r, "2023年，我县持续加强政策解读") == 1
    overview = [it for it in r.items if it.kind == "para" and it.text.startswith("2023 年，我县坚持")]
    assert len(overview) == 1 and overview[0].part == 1


def test_corrected_touches_only_the_named_paragraph():
    items = (Item("para", 0, "某县 年度报告"), Item("para", 0, "本年 度，我县坚持公开。并加强平台。"),
             Item("para", 1, "全年主动公开信息。"))
    texts = ("某县 年度报告", "本年 度，我县坚持公开。", "并加强平台。", "全年主动公开信息。")
    r = LabelledReport("a.txt", items, Sentences(texts, (0, 0, 0, 1), frozenset(), False))
    fix = (Correction("a.txt", "本年度，我县坚持", 1, "planted"),)
    c = corrected(r, fix)
    assert c.labels == (0, 1, 1, 1) and [it.part for it in c.items] == [0, 1, 1]
    assert corrected(r, (Correction("b.txt", "本年度", 1, "other report"),)).labels == r.labels


def test_agency_line_uses_the_meta_suffixes():
    for suffix in (*AGENCY_SUFFIXES, *TOWNSHIP_SUFFIXES):
        name = "某某县" + suffix
        assert shape_features(normalise(name))[1] == 1.0, name
        assert keyword_part(name) == 7, name
    assert shape_features(normalise("某某县人民政府（盖章）"))[1] == 1.0
    assert shape_features(normalise("主动公开政府信息情况。"))[1] == 0.0
    assert shape_features(normalise("某某县交通大楼"))[1] == 0.0


def test_acceptance_needs_the_model_ahead_where_the_baseline_is_not_perfect():
    gold = [0] * 5 + [1] * 5 + [2] * 5
    base = score(gold, [0] * 5 + [1] * 5 + [2, 2, 2, 1, 1])
    ahead = score(gold, [0] * 5 + [1] * 5 + [2, 2, 2, 2, 1])
    tied = score(gold, [0] * 5 + [1] * 5 + [2, 2, 2, 1, 1])
    assert acceptance(ahead, base)[-1].endswith("yes (both 1.000 on parts [0])")
    assert "NO (not ahead on parts [1, 2])" in acceptance(tied, base)[-1]
