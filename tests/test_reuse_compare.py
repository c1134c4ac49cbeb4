"""Acceptance of ``nlp.reuse.compare`` on the real reports (expected values read from the PDFs).

洪泽区 2023 → 2024 (same agency): the preamble's first sentence is word for word the same; the
statistics period changed only its years; the contact sentence changed the phone number and
dropped the e-mail address (so it is a near match, not numbers-only); the part 6 fee sentence
changed only its year; the first commitment (一是扎实推进依申请公开工作…专业化水平。) is
unchanged inside a rewritten sentence; the opening sentence of part 1 was rewritten.
"""

from __future__ import annotations

import json

import pytest
from conftest import REAL, parsed

from nlp.reuse import Side, compare


def _real(name: str) -> str:
    return str(REAL / name)


@pytest.fixture(scope="module")
def hz():
    old = parsed(_real("淮安市洪泽区人民政府-2023.pdf"))
    new = parsed(_real("淮安市洪泽区人民政府-2024.pdf"))
    return old, new, compare(old, new)


def _match(c, start: str):
    found = [m for m in c.matches if m.new.text.startswith(start)]
    assert found, f"no match for NEW unit starting {start!r}"
    return found[0]


def test_hongze_preamble(hz):
    _, _, c = hz
    assert _match(c, "本报告由淮安市洪泽区人民政府办公室根据").kind == "exact"
    period = _match(c, "报告中所列数据统计期限自2024年1月1日")
    assert period.kind == "numbers_only"
    assert "2023年1月1日" in period.old.text
    # read from the PDFs: the phone changed (87222589 → 87290606) and the e-mail field was dropped;
    # contact figures count as figures, so the sentence is numbers_only
    contact = _match(c, "如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系")
    assert contact.kind == "numbers_only"
    assert "hzzwgk@126.com" in contact.old.text and "@" not in contact.new.text
    assert "0517-87222589" in contact.old.text and "0517-87290606" in contact.new.text


def test_hongze_part6_and_commitment(hz):
    _, _, c = hz
    fee = _match(c, "2024年，区政府严格落实《政府信息公开信息处理费管理办法》")
    assert fee.kind == "numbers_only" and fee.new.part == 6
    assert fee.old.text.startswith("2023年，区政府严格落实")
    first = _match(c, "一是扎实推进依申请公开工作，全面梳理和优化工作流程")
    assert first.kind == "exact" and first.origin == "self_copy" and first.new.part == 5
    assert first.new.text.endswith("专业化水平。") and first.old.text == first.new.text


def test_hongze_rewritten_sentences_not_matched(hz):
    _, new, c = hz
    matched = {m.new.sentence_id for m in c.matches}
    opening = next(s for s in new.sentences if s.text.startswith("2024年，淮安市洪泽区人民政府坚持以习近平"))
    assert opening.id not in matched
    request = next(s for s in new.sentences if s.text.startswith("根据《条例》和上级部门关于依申请办理"))
    assert request.id not in matched


def test_hongze_ratios_and_scores(hz):
    _, _, c = hz
    d = c.to_dict()
    assert d["same_agency"] is True
    assert 0 < d["reuse_ratio"] < 1
    assert set(d["by_part"]) >= {"0", "1", "5", "6"}
    assert d["by_part"]["6"] == 1.0
    assert 0 < d["by_part"]["1"] < 0.6 and 0 < d["by_part"]["5"] < 1
    assert d["scores"]["counts"]["exact"] >= 2 and d["scores"]["counts"]["numbers_only"] >= 2
    assert d["scores"]["origins"]["cross_copy"] == 0
    lp = d["scores"]["lazy_prices"]
    assert 0.5 < lp["cosine"] < 1 and 0 < lp["jaccard"] < lp["cosine"]
    assert 0 < d["scores"]["boilerplate_share"] < d["reuse_ratio"]
    assert d["scores"]["part5"]["ratio"] == d["by_part"]["5"]
    copied = d["scores"]["part5"]["copied_findings"]
    assert any("扎实推进依申请公开工作" in f["text"] and f["match"] == "exact" for f in copied)
    assert not any("加强对典型案例的研究" in f["text"] for f in copied)  # a new commitment in 2024
    assert not [s for s in d["stale_mentions"] if s["kind"] == "previous_year_as_current"]
    for m in d["matches"]:
        assert set(m) >= {"new_id", "old_id", "new_text", "old_text", "kind", "origin", "similarity"}
    json.dumps(d, ensure_ascii=False)


def test_city_vs_district_has_no_self_copy():
    city, district = parsed(_real("淮安市人民政府-2024.pdf")), parsed(_real("淮安市洪泽区人民政府-2024.pdf"))
    c = compare(city, district)
    assert c.same_agency is False
    assert c.matches
    assert {m.origin for m in c.matches} <= {"template", "cross_copy"}
    sub = [m for m in c.matches if m.new.text == "（一）主动公开情况。"]
    assert sub and sub[0].kind == "exact"
    # the shipped baseline was learned from these very reports: without it, the shared wording
    # is cross_copy, still never self_copy
    bare = compare(city, district, use_baseline=False)
    assert {m.origin for m in bare.matches} == {"cross_copy"}
    fee = [m for m in bare.matches if m.new.part == 6]
    assert fee and fee[0].kind == "near" and "市政府" in fee[0].old.text and "区政府" in fee[0].new.text


def test_self_comparison_is_total():
    r = parsed(_real("淮安市洪泽区人民政府-2024.pdf"))
    c = compare(r, r)
    assert c.reuse_ratio == 1.0
    assert all(v == 1.0 for v in c.by_part.values())
    assert {m.kind for m in c.matches} == {"exact"}
    assert c.lazy_prices == {"cosine": 1.0, "jaccard": 1.0}


def test_unrelated_text_is_about_zero(tmp_path):
    p = tmp_path / "菜谱.txt"
    p.write_text(
        "西红柿炒鸡蛋是一道家常菜。先把鸡蛋打散，加少许盐搅匀。锅中倒油烧热后倒入蛋液，炒至凝固盛出。"
        "西红柿切块下锅翻炒出汁，再放入炒好的鸡蛋，加糖调味即可出锅。\n",
        encoding="utf-8",
    )
    c = compare(_real("淮安市洪泽区人民政府-2024.pdf"), str(p))
    assert c.reuse_ratio <= 0.02
    assert c.matches == ()


def test_works_on_plain_sides_and_warns_on_unknown_agency():
    old = Side.of(["2022年，我县受理政府信息公开申请12件，均按期答复。", "全年未收取任何费用。"], year=2022)
    new = Side.of(
        ["2023年，我县受理政府信息公开申请30件，均按期答复。", "今年新建了政务公开专区。"], year=2023
    )
    c = compare(old, new, use_baseline=False)
    assert [m.kind for m in c.matches] == ["numbers_only"]
    assert c.matches[0].origin == "self_copy"
    assert c.warnings
    assert 0 < c.reuse_ratio < 1
