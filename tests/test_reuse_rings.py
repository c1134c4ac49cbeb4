"""Copy rings (issue 11): the real corpus plus name-swapped copies of 临县 2023, built here.

The copies are the 临县 report with 临县 replaced by another county's name — what a city's
counties filing one text look like. Expected values come from that construction: every copy
shares its whole narrative with 临县, so apart from template wording all of it is cross_copy;
the seven real reports of other agencies share little with each other or with 临县.
"""

from __future__ import annotations

import re

import pytest
from conftest import REAL, parsed, real_files

from nlp.audit.scores import Scores
from nlp.reuse import Side, compare, from_report, match_corpus

LIN = "临县人民政府-2023.txt"
COUNTIES = ["兴县", "岚县", "方山县", "石楼县", "交口县"] + [f"新{c}县" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰"]


def _copy(name: str, figures: bool = False) -> Side:
    d = parsed(str(REAL / LIN)).to_dict()
    sents = []
    for s in d["sentences"]:
        text = s["text"].replace("临县", name)
        if figures:  # every count with a unit changes (years stay)
            text = re.sub(r"\d+(?=\s*(?:个|次|条|件|期|人|家|项|篇))", lambda m: str(int(m.group()) * 3 + 7), text)
        sents.append({**s, "text": text})
    return Side.of(sents, agency=f"{name}人民政府", year=2023, key=name)


def _real() -> list[Side]:
    return [from_report(parsed(str(p))) for p in real_files()]


def _scores(n: int, figures: bool = False):
    sides = _real() + [_copy(c, figures) for c in COUNTIES[:n]]
    s = match_corpus(sides).report_scores()
    s["name"] = [p.name if hasattr(p, "name") else k for p, k in zip([*real_files(), *COUNTIES[:n]],
                                                                     s["key"], strict=True)]
    return s.set_index("name")


@pytest.mark.parametrize("n", [2, 3, 5, 20])
def test_name_swapped_copies_form_one_cluster(n):
    s = _scores(n)
    ring = [LIN, *COUNTIES[:n]]
    assert (s.loc[ring, "cross_copy_share"] >= 0.8).all()
    assert s.loc[ring, "copy_cluster"].nunique() == 1 and (s.loc[ring, "copy_cluster"] >= 0).all()
    assert (s.loc[ring, "copy_group_size"] == n + 1).all()
    others = s.drop(index=ring)
    assert (others["cross_copy_share"] <= 0.1).all()
    assert (others["copy_cluster"] == -1).all()
    shares = s[["template_share", "common_phrase_share", "self_copy_share", "cross_copy_share"]].sum(axis=1)
    assert (shares <= 1 + 1e-9).all()


def test_more_copies_never_look_cleaner():
    cross, suspicion = [], []
    for n in (1, 2, 3, 5, 20):
        row = _scores(n).loc[LIN]
        cross.append(row["cross_copy_share"])
        suspicion.append(Scores(self_copy_share=row["self_copy_share"], cross_copy_share=row["cross_copy_share"],
                                copy_group_size=int(row["copy_group_size"])).suspicion)
    assert cross == sorted(cross) and cross[0] >= 0.8
    assert suspicion == sorted(suspicion) and len(set(suspicion)) == len(suspicion)  # rises with the ring


def test_copies_with_changed_figures_are_still_a_ring():
    s = _scores(3, figures=True)
    ring = [LIN, *COUNTIES[:3]]
    assert _copy("兴县", figures=True).sentences != _copy("兴县").sentences  # the figures did change
    assert (s.loc[ring, "cross_copy_share"] >= 0.8).all()
    assert (s.loc[ring, "copy_group_size"] == 4).all()
    assert (s.drop(index=ring)["cross_copy_share"] <= 0.1).all()


def test_hongze_self_copy_excludes_template_wording():
    old, new = parsed(str(REAL / "淮安市洪泽区人民政府-2023.pdf")), parsed(str(REAL / "淮安市洪泽区人民政府-2024.pdf"))
    cm = match_corpus([from_report(old), from_report(new)])
    row = cm.report_scores().iloc[1]
    c = compare(old, new)
    # independent figure: the pairwise matcher's self_copy units (template wording excluded there
    # by the same baseline) over all of NEW's narrative characters
    own = sum(m.new.length for m in c.matches if m.origin == "self_copy") / c.new.characters
    assert row["self_copy_share"] == pytest.approx(own, abs=1e-3)
    assert row["template_share"] == pytest.approx(c.boilerplate_share, abs=1e-3) and row["template_share"] > 0.1
    assert row["self_copy_share"] < row["reuse_prev"] <= 1  # found in 2023, template wording included
    assert row["self_copy_share"] < c.reuse_ratio  # template wording found in 2023 is not a self copy
    primary = cm.primary()
    texts = cm.table.texts
    hit = [r for r in primary.itertuples(index=False) if texts[r.new].startswith("一是扎实推进依申请公开工作")]
    assert [(r.kind, r.origin, r.gap) for r in hit] == [("exact", "self_copy", 1)]


def test_an_all_template_report_is_flagged_empty_not_clean():
    from nlp.reuse.build_baseline import STANDARD

    name = "石楼县人民政府"
    hollow = [t.replace("某某县人民政府", name).replace("2023", "2024") for t in STANDARD]
    sides = [*_real(), Side.of(hollow, agency=name, year=2024, key="hollow")]
    s = match_corpus(sides).report_scores().set_index("key")
    row = s.loc["hollow"]
    assert row["template_share"] >= 0.9 and bool(row["empty_report"])
    assert not s.drop(index="hollow")["empty_report"].any()  # the real reports say something of their own
    sc = Scores(self_copy_share=0.0, cross_copy_share=0.0, template_share=row["template_share"], empty_report=True)
    assert "空报告" in sc.flags and sc.suspicion == 0.5
