"""Table rows written as text (pipes, tabs, runs of spaces, empty cells) never become sentences:
a property test over generated tables mixed with prose, plus hand-picked rows and non-rows."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nlp
from nlp.partmodel.data import read_sentences
from nlp.text.tablerow import is_table_row

PROSE = ("本报告根据《中华人民共和国政府信息公开条例》要求编制。", "全年主动公开政府信息一千余条，及时回应社会关切。",
         "（一）主动公开方面，我们坚持以公开为常态。", "存在问题：一是业务水平有待提高；二是公开质量仍需加强。",
         "下一步，将进一步加强培训，提升工作人员能力。", "本机关全年未收取信息处理费。")
# the template's row labels, with the numbering they are printed with (none of them occurs in PROSE)
LABELS = ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "1.属于国家秘密",
          "（七）总计", "四、结转下年度继续办理", "规章", "行政规范性文件", "行政许可", "行政处罚", "行政事业性收费",
          "未经复议直接起诉", "复议后起诉", "3.补正后申请内容仍不明确", "信息内容")
SEPARATORS = ("|", " | ", "｜", "\t", " ", "  ", " \t ")

cell = st.one_of(st.just(""), st.integers(0, 99999).map(str), st.sampled_from(["-", "—", "/", "0", "12.5", "无"]))


@st.composite
def table_row(draw) -> str:
    label = draw(st.sampled_from(LABELS))
    sep = draw(st.sampled_from(SEPARATORS))
    cells = draw(st.lists(cell, min_size=1, max_size=8))
    if sep.strip() == "":  # with spaces an empty cell leaves no trace: keep at least one visible cell
        cells = [c for c in cells if c] or [draw(st.integers(0, 999).map(str))]
    row = sep.join([label, *cells])
    if sep.strip() and draw(st.booleans()):
        row = f"{sep.strip()}{row}{sep.strip()}"  # | label | 1 | 2 |
    return row


@st.composite
def page(draw) -> tuple[list[str], list[str]]:
    lines = draw(st.lists(st.one_of(st.sampled_from(PROSE).map(lambda p: ("prose", p)),
                                    table_row().map(lambda r: ("row", r))), min_size=2, max_size=14))
    return [t for k, t in lines if k == "prose"], [t for k, t in lines if k == "row"]


def squash(text: str) -> str:
    return "".join(text.split())


def check_page(prose: list[str], rows: list[str], sentences: list[str]) -> None:
    joined = [squash(s) for s in sentences]
    for row in rows:
        label = squash(row.replace("|", " ").replace("｜", " ").split()[0])
        assert not any(label in s for s in joined), (row, sentences)
    for p in prose:
        assert any(squash(p) in s for s in joined), (p, sentences)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_no_table_row_in_any_sentence(pg):
    prose, rows = pg
    lines = []
    for line in prose + rows:
        lines.append(line)
    text = "\n".join(lines)
    sents = read_sentences(text.encode("utf-8"), name="generated.txt").texts
    check_page(prose, rows, list(sents))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PROSE), table_row()), min_size=2, max_size=12))
def test_rows_interleaved_with_prose(lines):
    prose = [x for x in lines if x in PROSE]
    rows = [x for x in lines if x not in PROSE]
    sents = read_sentences("\n".join(lines).encode("utf-8"), name="generated.txt").texts
    check_page(prose, rows, list(sents))


def test_the_reported_row_through_the_whole_pipeline():
    text = ("某县人民政府2023年政府信息公开工作年度报告\n本报告根据《条例》编制。\n"
            "一、本年新收政府信息公开申请数量| |\n二、上年结转政府信息公开申请数量| |\n全年共收到申请5件。\n")
    r = nlp.parse(text.encode("utf-8"), name="x.txt", ignore_headings=True)
    texts = [s.text for s in r.sentences]
    assert texts == ["某县人民政府2023年政府信息公开工作年度报告 本报告根据《条例》编制。", "全年共收到申请5件。"] \
        or "本年新收" not in "".join(texts)
    assert not any("本年新收" in t or "上年结转" in t for t in texts)
    assert any("全年共收到申请5件" in t for t in texts)


@pytest.mark.parametrize("row", ["一、本年新收政府信息公开申请数量| |", "| 规章 | 3 | 0 | 12 |", "规章\t3\t0\t12",
                                 "行政许可 0", "自然人 3 0 1 0 0 0 4", "信息内容  本年制发件数  本年废止件数  现行有效件数",
                                 "|---|---|", "三、本年度办理结果", "（一）予以公开 2 0 0 0 0 0 2", "行政复议\t\t\t"])
def test_rows(row):
    assert is_table_row(row)


@pytest.mark.parametrize("text", ["（一）主动公开方面，全年发布信息 120 条。", "（一）\t主动公开", "2024 年 1 月 30 日",
                                  "临县人民政府办公室", "（一）主动公开", "全年共受理申请 12 件，办结 12 件。",
                                  "本年度报告中所列数据的统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止。",
                                  "第二十条第（一）项", "表二：主动公开政府信息情况", "二、主动公开政府信息情况"])
def test_not_rows(text):
    assert not is_table_row(text)
