"""T2/T3/T4 of the real reports, cell by cell, against values typed from the documents.

Sources of the expected values: the PDF pages rendered as images (淮安市 2024 pp. 3–5, 洪泽区 2023
pp. 2–4, 洪泽区 2024 pp. 2–4), the <table> markup of the two HTML files, and the 临县 text file.
Notation: ``_`` a blank cell, ``∅`` no cell at all (the 临县 row that lost its total).
T3 columns are in the template's order: 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计.
"""

from __future__ import annotations

from functools import cache

import pytest
from conftest import REAL, SAMPLE

from nlp.core import labels as L
from nlp.ingest import read
from nlp.tables import extract

T3_KEYS = {
    "新收": L.NEW, "结转": L.CARRIED, "予以公开": "予以公开", "部分公开": "部分公开", "国家秘密": "属于国家秘密",
    "法规禁止": "其他法律行政法规禁止公开", "三安全": "危及“三安全一稳定”", "第三方": "保护第三方合法权益",
    "内部事务": "属于三类内部事务信息", "过程性": "属于四类过程性信息", "执法案卷": "属于行政执法案卷",
    "查询事项": "属于行政查询事项", "不掌握": "本机关不掌握相关政府信息", "另行制作": "没有现成信息需要另行制作",
    "补正": "补正后申请内容仍不明确", "信访": "信访举报投诉类申请", "重复": "重复申请", "出版物": "要求提供公开出版物",
    "反复": "无正当理由大量反复申请", "确认": "要求行政机关确认或重新出具已获取信息",
    "逾期不补正": L.T3_GROUPS["其他处理"][0], "未缴费": L.T3_GROUPS["其他处理"][1], "其他": "其他处理/其他",
    "其他处理": "其他处理", "总计": L.TOTAL_ROW, "结转下年": L.NEXT_YEAR,
}


def t3(text: str) -> dict[str, list[str]]:
    out = {}
    for line in text.strip().splitlines():
        name, *vals = line.split()
        assert len(vals) == 7, line
        out[T3_KEYS[name]] = vals
    return out


def t4(text: str) -> dict[str, list[str]]:
    vals = text.split()
    return {g: vals[5 * i:5 * i + 5] for i, g in enumerate(L.T4_ROWS)}


EXPECTED = {
    "淮安市人民政府-2024.pdf": {
        "T2": {("规章", "本年制发件数"): "1", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "11",
               ("行政规范性文件", "本年制发件数"): "8", ("行政规范性文件", "本年废止件数"): "26",
               ("行政规范性文件", "现行有效件数"): "66", ("行政许可", "本年处理决定数量"): "447228",
               ("行政处罚", "本年处理决定数量"): "3985758", ("行政强制", "本年处理决定数量"): "88283",
               ("行政事业性收费", "本年收费金额"): "96171.6"},
        "T3": t3("""
            新收 3001 53 0 0 61 4 3119
            结转 34 0 0 0 0 0 34
            予以公开 1288 21 0 0 50 3 1362
            部分公开 447 7 0 0 0 0 454
            国家秘密 2 0 0 0 0 0 2
            法规禁止 30 1 0 0 0 0 31
            三安全 5 0 0 0 0 0 5
            第三方 6 0 0 0 0 0 6
            内部事务 7 1 0 0 0 0 8
            过程性 12 0 0 0 0 0 12
            执法案卷 9 0 0 0 0 0 9
            查询事项 105 0 0 0 0 0 105
            不掌握 746 12 0 0 10 1 769
            另行制作 11 0 0 0 0 0 11
            补正 1 0 0 0 0 0 1
            信访 56 6 0 0 0 0 62
            重复 25 0 0 0 0 0 25
            出版物 0 0 0 0 0 0 0
            反复 0 0 0 0 0 0 0
            确认 1 0 0 0 0 0 1
            逾期不补正 67 3 0 0 1 0 71
            未缴费 6 0 0 0 0 0 6
            其他 108 2 0 0 0 0 110
            总计 2932 53 0 0 61 4 3050
            结转下年 103 0 0 0 0 0 103"""),
        "T4": t4("72 64 178 37 351  13 4 8 1 26  12 1 1 6 20"),
    },
    "淮安市洪泽区人民政府-2023.pdf": {
        "T2": {("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0",
               ("行政规范性文件", "本年制发件数"): "0", ("行政规范性文件", "本年废止件数"): "5",
               ("行政规范性文件", "现行有效件数"): "5", ("行政许可", "本年处理决定数量"): "550",
               ("行政处罚", "本年处理决定数量"): "4119", ("行政强制", "本年处理决定数量"): "195",
               ("行政事业性收费", "本年收费金额"): "7730.28"},
        "T3": t3("""
            新收 21 0 0 0 0 0 21
            结转 0 0 0 0 0 0 0
            予以公开 0 0 0 0 0 0 0
            部分公开 4 0 0 0 0 0 4
            国家秘密 1 0 0 0 0 0 1
            法规禁止 0 0 0 0 0 0 0
            三安全 0 0 0 0 0 0 0
            第三方 0 0 0 0 0 0 0
            内部事务 0 0 0 0 0 0 0
            过程性 1 0 0 0 0 0 1
            执法案卷 1 0 0 0 0 0 1
            查询事项 0 0 0 0 0 0 0
            不掌握 10 0 0 0 0 0 10
            另行制作 3 0 0 0 0 0 3
            补正 0 0 0 0 0 0 0
            信访 1 0 0 0 0 0 1
            重复 0 0 0 0 0 0 0
            出版物 0 0 0 0 0 0 0
            反复 0 0 0 0 0 0 0
            确认 0 0 0 0 0 0 0
            其他处理 0 0 0 0 0 0 0
            逾期不补正 ∅ ∅ ∅ ∅ ∅ ∅ ∅
            未缴费 ∅ ∅ ∅ ∅ ∅ ∅ ∅
            其他 ∅ ∅ ∅ ∅ ∅ ∅ ∅
            总计 21 0 0 0 0 0 21
            结转下年 0 0 0 0 0 0 0"""),
        # the report's own T4 does not add up: 行政复议 10 1 0 0 总计 0, 复议后起诉 5 0 0 0 总计 0
        "T4": t4("10 1 0 0 0  0 0 0 0 0  5 0 0 0 0"),
    },
    "淮安市洪泽区人民政府-2024.pdf": {
        "T2": {("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0",
               ("行政规范性文件", "本年制发件数"): "3", ("行政规范性文件", "本年废止件数"): "0",
               ("行政规范性文件", "现行有效件数"): "8", ("行政许可", "本年处理决定数量"): "9487",
               ("行政处罚", "本年处理决定数量"): "2776", ("行政强制", "本年处理决定数量"): "84",
               ("行政事业性收费", "本年收费金额"): "7545"},
        "T3": t3("""
            新收 95 0 0 0 0 0 95
            结转 0 0 0 0 0 0 0
            予以公开 50 0 0 0 0 0 50
            部分公开 9 0 0 0 0 0 9
            国家秘密 0 0 0 0 0 0 0
            法规禁止 0 0 0 0 0 0 0
            三安全 1 0 0 0 0 0 1
            第三方 0 0 0 0 0 0 0
            内部事务 0 0 0 0 0 0 0
            过程性 1 0 0 0 0 0 1
            执法案卷 1 0 0 0 0 0 1
            查询事项 0 0 0 0 0 0 0
            不掌握 31 0 0 0 0 0 31
            另行制作 1 0 0 0 0 0 1
            补正 0 0 0 0 0 0 0
            信访 1 0 0 0 0 0 1
            重复 0 0 0 0 0 0 0
            出版物 0 0 0 0 0 0 0
            反复 0 0 0 0 0 0 0
            确认 0 0 0 0 0 0 0
            其他处理 0 0 0 0 0 0 0
            总计 95 0 0 0 0 0 95
            结转下年 0 0 0 0 0 0 0"""),
        "T4": t4("1 1 0 0 2  1 0 0 0 1  2 0 1 0 3"),
    },
    "上海市人民政府办公厅-2019.html": {
        # the 2019 template: 第二十条 items (一)(五)(六)(八)(九) with their own columns
        "T2": {("规章", "本年新制作数量"): "13", ("规章", "本年新公开数量"): "13", ("规章", "对外公开总数量"): "524",
               ("行政规范性文件", "本年新制作数量"): "60", ("行政规范性文件", "本年新公开数量"): "60",
               ("行政规范性文件", "对外公开总数量"): "368",
               **{(r, c): "0" for r in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制")
                  for c in ("上一年项目数量", "本年增/减", "本年处理决定数量")},
               ("行政事业性收费", "上一年项目数量"): "0", ("行政事业性收费", "本年增/减"): "0",
               ("政府集中采购", "采购项目数量"): "6", ("政府集中采购", "采购总金额"): "251000元"},
        "T3": t3("""
            新收 821 35 _ _ 2 1 859
            结转 18 _ _ _ _ _ 18
            予以公开 258 12 _ _ 1 1 _
            部分公开 3 _ _ _ _ _ _
            国家秘密 14 _ _ _ _ _ _
            法规禁止 _ _ _ _ _ _ _
            三安全 _ _ _ _ _ _ _
            第三方 _ _ _ _ _ _ _
            内部事务 5 _ _ _ _ _ _
            过程性 3 1 _ _ _ _ _
            执法案卷 _ _ _ _ _ _ _
            查询事项 10 2 _ _ _ _ _
            不掌握 252 12 _ _ 1 _ _
            另行制作 44 3 _ _ _ _ _
            补正 25 _ _ _ _ _ _
            信访 148 1 _ _ _ _ _
            重复 5 4 _ _ _ _ _
            出版物 _ _ _ _ _ _ _
            反复 _ _ _ _ _ _ _
            确认 _ _ _ _ _ _ _
            其他处理 _ _ _ _ _ _ _
            总计 767 35 _ _ 2 1 805
            结转下年 72 _ _ _ _ _ 72"""),
        "T4": t4("5 _ _ 2 7  8 _ _ 1 9  _ _ _ _ _"),
    },
    "沭阳县发展和改革局-2023.html": {
        "T2": {("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0",
               ("行政规范性文件", "本年制发件数"): "8", ("行政规范性文件", "本年废止件数"): "0",
               ("行政规范性文件", "现行有效件数"): "18", ("行政许可", "本年处理决定数量"): "0",
               ("行政处罚", "本年处理决定数量"): "0", ("行政强制", "本年处理决定数量"): "0",
               ("行政事业性收费", "本年收费金额"): "0"},
        # legal-person columns are blank in the original
        "T3": {**{k: ["0", "_", "_", "_", "_", "_", "0"] for k in L.T3_ROWS},
               L.NEW: ["26", "_", "_", "_", "_", "_", "26"], "予以公开": ["26", "_", "_", "_", "_", "_", "26"],
               L.TOTAL_ROW: ["26", "_", "_", "_", "_", "_", "26"]},
        "T4": t4("0 0 0 1 1  0 0 0 0 0  0 0 0 0 0"),
    },
    "临县人民政府-2023.txt": {
        "T2": {("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0",
               ("行政规范性文件", "本年制发件数"): "3", ("行政规范性文件", "本年废止件数"): "13",
               ("行政规范性文件", "现行有效件数"): "4", ("行政许可", "本年处理决定数量"): "11141",
               ("行政处罚", "本年处理决定数量"): "520", ("行政强制", "本年处理决定数量"): "34",
               ("行政事业性收费", "本年收费金额"): "12557"},
        # every row 0 except these; 本机关不掌握相关政府信息 has six values and no total cell
        "T3": {**{k: ["0"] * 7 for k in L.T3_ROWS},
               L.NEW: ["11", "0", "0", "0", "0", "0", "11"], "予以公开": ["2", "0", "0", "0", "0", "0", "2"],
               "部分公开": ["1", "0", "0", "0", "0", "0", "1"],
               "本机关不掌握相关政府信息": ["8", "0", "0", "0", "0", "0", "∅"],
               L.TOTAL_ROW: ["11", "0", "0", "0", "0", "0", "11"]},
        "T4": t4(" ".join(["0"] * 15)),
    },
}


@cache
def tables_of(name: str):
    path = REAL / name
    return extract(read(path))


def _assert_cell(cell, expected: str, where: str) -> None:
    if expected == "∅":
        assert cell.raw is None and cell.state == "empty", f"{where}: expected no cell, got {cell}"
    elif expected == "_":
        assert cell.raw is not None and not cell.raw.strip() and cell.state == "empty", f"{where}: {cell}"
    else:
        assert cell.raw is not None and cell.raw.strip() == expected, f"{where}: expected {expected}, got {cell}"
        number = float(expected.rstrip("元"))
        assert cell.value == pytest.approx(number), where
        assert cell.state == ("zero" if number == 0 else "number"), where


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_cell_equals_the_document(name: str) -> None:
    tables = tables_of(name)
    exp = EXPECTED[name]
    for (row, col), raw in exp["T2"].items():
        _assert_cell(tables.cell("T2", row, col), raw, f"T2 {row}/{col}")
    t2_figures = {(r, c) for (r, c), cell in tables.table("T2").cells.items() if cell.raw is not None}
    assert t2_figures == set(exp["T2"]), "T2 has cells the document does not"
    assert set(exp["T3"]) <= set(tables["T3"].index)
    for row, vals in exp["T3"].items():
        for col, raw in zip(L.T3_COLUMNS, vals, strict=True):
            _assert_cell(tables.cell("T3", row, col), raw, f"T3 {row}/{col}")
    for row, vals in exp["T4"].items():
        for col, raw in zip(L.T4_COLUMNS, vals, strict=True):
            _assert_cell(tables.cell("T4", row, col), raw, f"T4 {row}/{col}")


def test_dataframe_and_json_forms() -> None:
    tables = tables_of("淮安市人民政府-2024.pdf")
    df = tables["T3"]
    assert df.loc["总计", "总计"] == 3050 and df.loc["本年新收政府信息公开申请数量", "法律服务机构"] == 61
    assert list(df.columns) == list(L.T3_COLUMNS) and len(df) == 25
    js = tables.to_dict()
    assert set(js) == {"T2", "T3", "T4"}
    assert js["T4"]["rows"]["行政复议"]["其他结果"] == {"state": "number", "value": 178, "raw": "178"}
    assert js["T2"]["rows"]["行政事业性收费"]["本年收费金额"]["value"] == pytest.approx(96171.6)
    assert js["T2"]["units"] == {"本年收费金额": "万元"}
    assert js["T3"]["pages"] == [4, 5]  # T3 continues from page 4 to page 5


def test_shanghai_2019_is_the_older_template() -> None:
    tables = tables_of("上海市人民政府办公厅-2019.html")
    assert tables.template == "2019"
    assert tables.cell("T2", "政府集中采购", "采购总金额").value == 251000
    assert "其他处理" in tables["T3"].index  # （六）其他处理 is one row in this layout


def test_linxian_sample_total_cell_stays_empty() -> None:
    tables = extract(read(SAMPLE))
    cell = tables.cell("T3", "本机关不掌握相关政府信息", "总计")
    assert cell.raw is None and cell.value is None and cell.state == "empty"
    assert tables.cell("T3", "本机关不掌握相关政府信息", "自然人").value == 8
    assert tables.cell("T3", "本机关不掌握相关政府信息", "其他").state == "zero"
    assert any("本机关不掌握相关政府信息" in w and "总计" in w for w in tables.warnings)


def _variant(convert) -> None:
    from nlp.tables.checks import run_checks
    from nlp.tables.narrative import sentences_from_document

    plain = read(SAMPLE)
    doc = read(convert(SAMPLE.read_text(encoding="utf-8")).encode("utf-8"), format="text", name="v.txt")
    a, b = extract(plain), extract(doc)
    # not empty on either side: 临县 2023 has all three tables, 8 不掌握 requests from 自然人 in T3
    assert all(a.table(t).found and b.table(t).found for t in ("T2", "T3", "T4"))
    assert a.cell("T3", "本机关不掌握相关政府信息", "自然人").value == 8
    assert b.cell("T3", "本机关不掌握相关政府信息", "自然人").value == 8
    for t in ("T2", "T3", "T4"):
        for r, cols in a.table(t).layout().items():
            for c in cols:
                x, y = a.cell(t, r, c), b.cell(t, r, c)
                assert (x.state, x.value, x.raw is None) == (y.state, y.value, y.raw is None), (t, r, c)
    sa = {(c.id, c.scope, c.status) for c in run_checks(a, sentences_from_document(plain))}
    sb = {(c.id, c.scope, c.status) for c in run_checks(b, sentences_from_document(doc))}
    assert sa == sb
    assert any(status in ("pass", "fail") for _, _, status in sb)  # checks ran on figures, not nothing


def test_traditional_characters_give_the_same_tables_and_checks() -> None:
    from nlp.core.convert import to_traditional

    assert to_traditional("政府信息公开") != "政府信息公开"  # the variant really differs
    _variant(to_traditional)


def test_ascii_punctuation_gives_the_same_tables_and_checks() -> None:
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "、": ",", "；": ";", "“": '"', "”": '"'})
    _variant(lambda s: s.translate(table))


def test_blank_official_template_has_blank_cells_and_nothing_to_check() -> None:
    from conftest import TEMPLATES

    from nlp.tables.checks import run_checks

    path = TEMPLATES / "政务公开年报模版.docx"
    tables = extract(read(path))
    assert all(tables.table(t).found for t in ("T2", "T3", "T4")) and not tables.warnings
    assert all(cell.state == "empty" and cell.raw == "" for t in ("T3", "T4")
               for cell in tables.table(t).cells.values())
    assert len(tables.table("T3").cells) == 25 * 7 and len(tables.table("T4").cells) == 15
    assert {c.status for c in run_checks(tables)} == {"not_assessable"}
