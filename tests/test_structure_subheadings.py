"""Sub-headings next to tables are narrative, not table leftovers; and the outline facts the layout
records for the outline checks."""

from __future__ import annotations

from functools import cache

from nlp.pipeline import parse
from nlp.text.structure import is_subheading

TEXT = """某某县人民政府2023年政府信息公开工作年度报告
一、总体情况
2023年，本县持续推进政务公开工作。
二、主动公开政府信息情况
本年度主动公开政府信息1200条。
三、收到和处理政府信息公开申请情况
本年度收到申请5件。
四、政府信息公开行政复议、行政诉讼情况
（一）行政复议情况
\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
行政复议\t0\t0\t0\t0\t0
（二）行政诉讼情况
未经复议直接起诉\t0\t0\t0\t0\t0
复议后起诉\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
存在问题：一是政策解读形式较为单一。下一步，我们将丰富解读形式。
六、其他需要报告的事项
本年度未收取信息处理费。本机关无其他需要报告的事项。
"""


@cache
def report():
    return parse(TEXT.encode(), name="sub.txt")


def test_subheadings_next_to_tables_stay_in_their_part() -> None:
    r = report()
    by_text = {s.text: s.part for s in r.sentences}
    # both sub-headings are narrative of part 4 (consecutive sub-headings make one unit) …
    hits = [(t, p) for t, p in by_text.items() if "行政复议情况" in t or "行政诉讼情况" in t]
    assert [p for _, p in hits] == [4] and "（二）行政诉讼情况" in hits[0][0], by_text
    # … and never pull the next part's first sentence across its heading
    assert [p for t, p in by_text.items() if t.startswith("存在问题")] == [5], by_text
    # part 6 keeps its own sentences
    assert [s.part for s in r.sentences if "信息处理费" in s.text or "其他需要报告" in s.text] == [6, 6]
    assert r.tables.cell("T4", "行政复议", "总计").raw == "0"


def test_table_labels_are_not_subheadings() -> None:
    assert is_subheading("（一）行政复议情况") and is_subheading("(二)存在的主要问题")
    for label in ("（一）予以公开", "（七）总计", "（三）不予公开", "（其中修订 16 件）", "（一）收到申请12件"):
        assert not is_subheading(label), label


def test_layout_records_the_outline() -> None:
    outline = report().doc._.layout.outline
    assert [(n, p, h) for n, p, _, h in outline] == [(k, k, True) for k in range(1, 7)]
