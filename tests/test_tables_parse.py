"""Label-anchored parsing on small synthetic inputs: cell states, label variants, layouts."""

from __future__ import annotations

import pytest

from nlp.core import labels as L
from nlp.core.document import Document, Line, RawTable
from nlp.ingest import read
from nlp.tables import extract, parse_cell
from nlp.tables.checks import run_checks


@pytest.mark.parametrize(("raw", "state", "value"), [
    ("12", "number", 12), ("0", "zero", 0), ("０", "zero", 0), (" 1,234 ", "number", 1234),
    ("96171.6", "number", 96171.6), ("251000元", "number", 251000), ("-3", "number", -3),
    ("", "empty", None), ("  ", "empty", None), (None, "empty", None),
    ("/", "na", None), ("—", "na", None), ("-", "na", None), ("无", "na", None), ("——", "na", None),
    ("见附件", "text", None), ("1.属于国家秘密", "text", None),
])
def test_cell_states(raw, state, value) -> None:
    cell = parse_cell(raw)
    assert (cell.state, cell.value, cell.raw) == (state, value, raw)


@pytest.mark.parametrize(("printed", "key"), [
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("（二）部分公开（区分处理的，只计这一情 形，不", "部分公开"),  # note cut by a cell break
    ("2.其他法律行政止公开", "其他法律行政法规禁止公开"),  # PDF lost two characters
    ("2. 其他法律行政法规", "其他法律行政法规禁止公开"),  # label cut by a page break
    ("1、申请人无正当理由逾期不补⏎正、行政机关不再处理其政府信⏎息公开申请".replace("⏎", "\n"),
     L.T3_GROUPS["其他处理"][0]),
    ("(六) 1. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", L.T3_GROUPS["其他处理"][1]),
    ("3.危及“三安全一稳定”", "危及“三安全一稳定”"), ("3.危及\"三安全一稳定\"", "危及“三安全一稳定”"),
    ("三、 本年 度办 理结 果", "本年度办理结果"), ("规范性文件", "行政规范性文件"), ("（七）总计", "总计"),
    ("结 果\n维持", "结果维持"), ("社会组织", "社会公益组织"), ("本年收费金额（单位：万元）", "本年收费金额"),
])
def test_label_variants(printed: str, key: str) -> None:
    assert key in {e.key for e in L.match(printed)}


@pytest.mark.parametrize("printed", ["禁止公开", "开", "（三） 不予公", "法提供", "全年受理网络问政182件", ""])
def test_fragments_match_nothing(printed: str) -> None:
    assert not [e for e in L.match(printed) if e.kind == "row"]


T3_TEXT = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t\t\t
\t\t自然人\t法人或其他组织\t\t\t\t\t\t总计
\t\t\t小计\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t
一、本年新收政府信息公开申请数量\t\t5\t3\t1\t1\t0\t1\t0\t8
二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t（一）予以公开\t5\t3\t1\t1\t0\t1\t0\t8
（七）总计\t\t5\t3\t1\t1\t0\t1\t0\t8
四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t0
"""


def test_subtotal_column_variant_in_text() -> None:
    tables = extract(read(T3_TEXT.encode(), format="text", name="t.txt"))
    assert list(tables["T3"].columns) == ["自然人", L.T3_SUBTOTAL, *L.T3_COLUMNS[1:]]
    assert tables.cell("T3", "予以公开", L.T3_SUBTOTAL).value == 3
    assert tables.cell("T3", "予以公开", "总计").value == 8
    assert tables.cell("T3", "予以公开", "法律服务机构").value == 1
    checks = run_checks(tables)
    sub = [c for c in checks if c.scope == f"T3/row/予以公开/{L.T3_SUBTOTAL}"]
    assert [c.status for c in sub] == ["pass"]


def grid_doc(*tables: tuple[tuple[str | None, ...], ...], fmt: str = "html") -> Document:
    raw = tuple(RawTable(rows=t, pages=(i + 1,), source=fmt, line_index=0) for i, t in enumerate(tables))
    return Document(None, "x", fmt, len(tables), (Line("正文"),), raw)


def test_t4_row_labelled_layout_and_order_independence() -> None:
    t4 = (("", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
          ("行政复议", "1", "0", "0", "0", "1"),
          ("复议后起诉", "0", "0", "2", "0", "2"),
          ("未经复议直接起诉", "/", "/", "/", "/", "/"))
    t3_part = (("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"),)
    doc = grid_doc(t4, t3_part)
    tables = extract(doc)
    assert tables.cell("T4", "复议后起诉", "其他结果").value == 2  # rows matched by label, not position
    assert tables.cell("T4", "未经复议直接起诉", "总计").state == "na"
    # a T3 row with no header anywhere: the template's order, with a warning
    assert tables.cell("T3", L.NEW, "总计").value == 3
    assert any("template's column order assumed" in w for w in tables.warnings)


def test_t3_continued_in_a_second_grid_without_header() -> None:
    head = (("（本列数据的勾稽关系为：…）",) * 3 + ("申请人情况",) * 7,
            ("（本列数据的勾稽关系为：…）",) * 3 + ("自然人",) + ("法人或其他组织",) * 5 + ("总计",),
            ("（本列数据的勾稽关系为：…）",) * 3 + ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
            ("三、本年度办理结果", "（一）予以公开", "（一）予以公开", "4", "1", "0", "0", "0", "0", "5"))
    cont = ((None, "（四）无", "1.本机关不掌握相关政府信息", "2", "0", "0", "0", "0", "0", "2"),
            ("", "法提供", "2.没有现成信息需要另行制作", "1", "", "", "", "", "", "1"))
    tables = extract(grid_doc(head, cont, fmt="pdf"))
    assert tables.cell("T3", "本机关不掌握相关政府信息", "总计").value == 2
    assert tables.cell("T3", "没有现成信息需要另行制作", "商业企业").raw == ""
    assert tables.table("T3").pages == (1, 2)


def test_space_separated_rows() -> None:
    text = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 1 5
行政规范性文件 3 13 4
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 11 0 0 0 0 0 11
二、上年结转政府信息公开申请数量 0 0 0 0 0 0
2023 年 1 月 1 日
"""
    tables = extract(read(text.encode(), format="text", name="s.txt"))
    assert tables.cell("T2", "规章", "现行有效件数").value == 5
    assert tables.cell("T2", "行政规范性文件", "本年废止件数").value == 13
    assert tables.cell("T3", L.NEW, "总计").value == 11
    # six values for seven columns and no tab positions: nothing is guessed
    assert all(tables.cell("T3", L.CARRIED, c).raw is None for c in L.T3_COLUMNS)
    assert any(L.CARRIED in w and "could not be placed" in w for w in tables.warnings)


def test_markdown_pipe_rows() -> None:
    md = """## 四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 2 | 0 | 0 | 3 | 0 | 0 | 0 | 1 | 1 | 4 | 0 | 0 | 0 | 4 |
"""
    tables = extract(read(md.encode(), format="markdown", name="m.md"))
    assert tables.cell("T4", "行政复议", "结果纠正").value == 2
    assert tables.cell("T4", "未经复议直接起诉", "尚未审结").value == 1
    assert tables.cell("T4", "复议后起诉", "总计").value == 4
    assert all(c.status == "pass" for c in run_checks(tables) if c.id == "T4-1")


def test_extract_never_raises_on_malformed_documents() -> None:
    doc = Document(None, "x", "pdf", 1, (Line("a", table=7),), (RawTable(rows=((None,), ()), pages=()),))
    tables = extract(doc)
    assert not tables.table("T3").found


def test_zeros_run_together_are_split_only_when_the_count_fits() -> None:
    text = """三、收到和处理政府信息公开申请情况
二、上年结转政府信息公开申请数量\t0000000
四、结转下年度继续办理\t000000
"""
    tables = extract(read(text.encode(), format="text", name="z.txt"))
    assert [tables.cell("T3", L.CARRIED, c).state for c in L.T3_COLUMNS] == ["zero"] * 7
    assert all(tables.cell("T3", L.NEXT_YEAR, c).raw is None for c in L.T3_COLUMNS)  # six zeros: not placed
