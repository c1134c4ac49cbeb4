"""Normal forms, skeletons, units and agency names used by reuse detection."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.reuse.side import Sent, Side, places, same_agency, units
from nlp.reuse.skeleton import (
    content_length,
    content_length_many,
    normal,
    normal_many,
    segments,
    skeleton,
    skeleton_many,
    skeleton_of_normal,
)


def test_normal_is_nfkc_without_spaces():
    assert normal("２０２３ 年，\n全区　受理") == "2023年,全区受理"


def test_skeleton_masks_figures_years_dates_addresses():
    a = skeleton("报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。")
    b = skeleton("报告中所列数据统计期限自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止。")
    assert a == b == "报告中所列数据统计期限自#年#月#日起至#年#月#日止"
    assert skeleton("电话：0517-87222589，电子邮箱：hzzwgk@126.com") == skeleton(
        "电话：0517-83605210，电子邮箱：hazwgkc@163.com"
    )
    assert skeleton("下载网址www.shanghai.gov.cn。") == skeleton("下载网址 https://www.gov.cn/x 。")
    assert skeleton("二〇二三年全年") == skeleton("2024年全年")


def test_skeleton_drops_leading_enumerator_only():
    assert skeleton("一是扎实推进依申请公开工作。") == skeleton("三是扎实推进依申请公开工作。")
    assert skeleton("（二）依申请公开情况。") == "依申请公开情况"
    assert skeleton("工作一是推进") == "工作一是推进"


def test_segments_cut_at_semicolon_and_enumeration_colon():
    t = "针对存在问题，下一步，将切实抓好以下工作：一是扎实推进依申请公开工作，全面梳理和优化工作流程；二是加强业务培训。"
    parts = [t[a:b] for a, b in segments(t)]
    assert parts == [
        "针对存在问题，下一步，将切实抓好以下工作：",
        "一是扎实推进依申请公开工作，全面梳理和优化工作流程；",
        "二是加强业务培训。",
    ]


def test_segments_merge_short_pieces_and_keep_plain_colons():
    t = "主要是：一是好；二是差；三是政务公开队伍建设还需进一步加强。"
    parts = [t[a:b] for a, b in segments(t)]
    assert "".join(parts) == t
    assert all(len(skeleton(p)) >= 6 for p in parts)
    plain = "地址：淮安市翔宇南道1号，邮编：223001。"
    assert [plain[a:b] for a, b in segments(plain)] == [plain]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("政府信息公开２0１a，。；：（）一是二 　\n@.%-")), max_size=30),
        max_size=8,
    )
)
def test_bulk_forms_equal_single_forms(texts):
    norms = normal_many(texts)
    assert norms == [normal(t) for t in texts]
    assert skeleton_many(norms) == [skeleton_of_normal(n) for n in norms]
    assert content_length_many(norms) == [content_length(n) for n in norms]
    for t, n in zip(texts, norms, strict=True):
        assert n == "".join(unicodedata.normalize("NFKC", t).split())


def test_units_carry_sentence_ids_and_offsets():
    side = Side.of([(5, "前言：一是第一项工作内容较长；二是第二项工作内容较长。", 5)])
    us = units(side)
    assert [u.sentence_id for u in us] == [5, 5]
    assert all(side.sentences[0].text[u.start : u.end] == u.text for u in us)
    assert Side.of(["a"]).sentences[0] == Sent(0, "a", 0)


def test_agency_names():
    assert places("淮安市洪泽区人民政府") == ["淮安市", "洪泽区"]
    assert places("沭阳县发展和改革局") == ["沭阳县"]
    assert places("临县人民政府（山西省吕梁市临县）") == ["临县"]
    assert same_agency("洪泽区人民政府", "淮安市洪泽区人民政府") is True
    assert same_agency("淮安市人民政府", "淮安市洪泽区人民政府") is False
    assert same_agency("上海市人民政府办公厅", "上海市人民政府") is False
    assert same_agency(None, "临县人民政府") is None
