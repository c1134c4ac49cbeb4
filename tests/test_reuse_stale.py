"""Stale mentions: last year's year as the current period, old dates in reused text, another
agency's name left in a copied sentence."""

from __future__ import annotations

from nlp.reuse import Side, compare
from nlp.reuse.stale import previous_year_mentions


def _kinds(c):
    return [(s.kind, s.text) for s in c.stale_mentions]


def test_previous_year_as_current_period():
    side = Side.of(
        [
            "2022年，我县坚持以习近平新时代中国特色社会主义思想为指导。",
            "（一）主动公开情况。2022 年，全县主动公开政府信息100条。",
            "本报告所列数据统计期限自2022年1月1日至2022年12月31日。",
            "受理申请数量较2022年增长20%。",
            "2024年，我们将继续加强培训。",
            "2023年，全县受理申请10件。",
            "自2021年以来，我县持续推进政务公开。",
        ],
        agency="临县人民政府",
        year=2023,
    )
    found = previous_year_mentions(side)
    assert [(m.sentence_id, m.text) for m in found] == [(0, "2022年"), (1, "2022 年"), (2, "2022年")]
    s1 = side.sentences[1].text
    assert s1[found[1].start : found[1].end] == "2022 年"


def test_old_date_in_reused_unit():
    old = Side.of(["2022年3月，县政府办公室修订了《政府信息公开指南》并在网站公布。"], "临县人民政府", 2022)
    new = Side.of(["2022年3月，县政府办公室修订了《政府信息公开指南》并在网站公布。"], "临县人民政府", 2023)
    c = compare(old, new, use_baseline=False)
    assert ("date_outside_year", "2022年") in _kinds(c)


def test_other_agency_name_in_copied_unit():
    old = Side.of(
        ["沭阳县发展和改革局严格落实政府信息公开审查制度，坚持先审后发。"], "沭阳县发展和改革局", 2023
    )
    new = Side.of(
        ["沭阳县发展和改革局严格落实政府信息公开审查制度，坚持先审后发。"], "泗阳县发展和改革局", 2023
    )
    c = compare(old, new, use_baseline=False)
    assert c.matches[0].origin == "cross_copy"
    assert ("other_agency_name", "沭阳县") in _kinds(c)


def test_parent_place_is_not_foreign():
    old = Side.of(["淮安市政府网站平台主动发布各类政府信息。"], "淮安市人民政府", 2024)
    new = Side.of(["淮安市政府网站平台主动发布各类政府信息。"], "淮安市洪泽区人民政府", 2024)
    c = compare(old, new, use_baseline=False)
    assert not [s for s in c.stale_mentions if s.kind == "other_agency_name"]
