"""The corpus matcher: self / cross / template across many agency-year sides."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import REAL, parsed

from nlp.reuse import Side, compare, match_corpus
from nlp.reuse.side import from_report

# one distinct sentence per agency and year (no two share a skeleton or come near each other)
FILLER = [
    "持续优化网站栏目设置并更新办事指南。",
    "围绕重点领域开展专项检查并完成整改。",
    "组织业务培训覆盖全体工作人员。",
    "新建乡镇便民服务站点十二处。",
    "开展农村集体资产清查核实登记。",
    "推动河道保洁长效机制落地见效。",
    "上线掌上办事小程序方便群众查询。",
    "举办企业座谈会听取营商环境意见。",
    "规范公共资源交易项目信息发布流程。",
    "完成老旧小区改造居民意见征集。",
    "建立重大项目审批进度周报制度。",
    "加快推进中小学校舍安全排查。",
    "聘请法律顾问参与规范性文件审核。",
    "开通医保政策咨询热线专席。",
    "推广电子证照在政务服务中的应用。",
    "公开城乡低保资金发放明细。",
    "组织防汛应急演练并公布避险点位。",
    "上线涉企政策精准推送功能。",
    "发布就业见习岗位信息与申报指引。",
    "清理过期失效的政策文件目录。",
]
TEMPLATE = "本报告由本机关办公室根据《中华人民共和国政府信息公开条例》要求编制。"
PAIR = "我们创新推出政策解读短视频栏目，累计播放量显著提升。"


def _sides() -> list[Side]:
    sides = []
    for a in range(10):
        for year in (2022, 2023):
            sents = [FILLER[2 * a + (year - 2022)]]
            if a < 4:
                sents.append(TEMPLATE)
            if a in (5, 6) and (a == 5 or year == 2023):
                sents.append(PAIR)
            if a == 7:
                sents.append(
                    "2022年，全县受理政府信息公开申请12件，均在法定期限内答复。"
                    if year == 2022
                    else "2023年，全县受理政府信息公开申请31件，均在法定期限内答复。"
                )
            if a == 8:
                sents.append(
                    "依申请公开工作规范有序，答复质量稳步提高，群众满意度持续提升。"
                    if year == 2022
                    else "依申请公开工作规范有序，答复质量稳步提高，群众满意程度持续提升。"
                )
            sides.append(Side.of(sents, agency=f"第{a}县人民政府", year=year, key=f"{a}-{year}"))
    return sides


@pytest.fixture(scope="module")
def cm():
    return match_corpus(_sides())


def _rows(cm, text_start: str, side_key: str):
    t = cm.table
    keys = t.sides["key"].tolist()
    out = []
    for r in cm.matches.itertuples(index=False):
        if t.texts[r.new].startswith(text_start) and keys[int(cm.units.at[r.new, "side"])] == side_key:
            out.append(r)
    return out


SHARED = "我们创新建立政务公开观察员制度，邀请群众代表全程参与评议。"


def test_template_by_baseline_not_by_head_count(cm):
    u, t = cm.units, cm.table
    flags = {t.texts[k]: bool(u.at[k, "template"]) for k in range(len(u))}
    assert flags[TEMPLATE] is True  # the preamble of the template's practice, names as slots
    assert flags[PAIR] is False
    rows = _rows(cm, TEMPLATE, "2-2023")
    assert {(r.relation, r.origin) for r in rows} == {("self", "template"), ("cross", "template")}
    # a specific sentence shared by all ten agencies is no template, and (one region each, but
    # long and specific) no common phrase either: it is a cross-agency copy
    sides = [Side.of([FILLER[2 * a], SHARED], agency=f"第{a}县人民政府", year=2023, key=str(a)) for a in range(10)]
    many = match_corpus(sides)
    got = {r.origin for r in many.matches.itertuples(index=False) if many.table.texts[r.new] == SHARED}
    assert got == {"cross_copy"}


def test_self_copy_kinds(cm):
    (num,) = [r for r in _rows(cm, "2023年，全县受理", "7-2023") if r.relation == "self"]
    assert num.kind == "numbers_only" and num.origin == "self_copy"
    (near,) = [r for r in _rows(cm, "依申请公开工作规范有序", "8-2023") if r.relation == "self"]
    assert near.kind == "near" and 0.8 <= near.similarity < 1
    (ex,) = [r for r in _rows(cm, PAIR, "5-2023") if r.relation == "self"]
    assert ex.kind == "exact"


def test_cross_copy_points_to_the_earlier_agency(cm):
    rows = [r for r in _rows(cm, PAIR, "6-2023") if r.relation == "cross"]
    assert len(rows) == 1 and rows[0].origin == "cross_copy" and rows[0].kind == "exact"
    keys = cm.table.sides["key"].tolist()
    assert keys[int(cm.units.at[rows[0].old, "side"])] == "5-2022"
    assert not _rows(cm, PAIR, "5-2022")  # the source itself has nothing earlier to copy


def test_fillers_are_not_matched_across_agencies(cm):
    m = cm.matches
    assert not ((m["relation"] == "cross") & (m["origin"] == "cross_copy") & (m["kind"] == "near")).any()


def test_report_scores(cm):
    s = cm.report_scores().set_index("key")
    assert np.isnan(s.at["0-2022", "reuse_prev"])
    assert s.at["0-2023", "prev_year"] == 2022
    assert s.at["6-2023", "cross_copy_share"] > 0
    assert s.at["0-2023", "boilerplate_share"] > 0 and s.at["9-2023", "boilerplate_share"] == 0
    assert (s["reuse_prev"].dropna() <= 1).all()


def test_lsh_and_all_pairs_agree_here():
    a = match_corpus(_sides(), method="lsh").matches
    b = match_corpus(_sides(), method="all").matches
    assert a[["new", "old", "kind"]].equals(b[["new", "old", "kind"]])


def test_corpus_agrees_with_compare_on_hongze():
    old = parsed(str(REAL / "淮安市洪泽区人民政府-2023.pdf"))
    new = parsed(str(REAL / "淮安市洪泽区人民政府-2024.pdf"))
    cm = match_corpus([from_report(old), from_report(new)])
    rows = cm.matches[(cm.matches["relation"] == "self")]
    got = {(cm.table.texts[r.new], r.kind) for r in rows.itertuples(index=False)}
    want = {(m.new.text, m.kind) for m in compare(old, new, use_baseline=False).matches}
    assert got == want
