"""Table shapes seen in real reports outside the development set, written as synthetic fixtures in
those shapes: every cell is typed from the fixture text, T4-1 passes, ``shapes`` names the layout,
and +1 on any T4 figure makes a check fail (the figures are guarded, not merely read)."""

from __future__ import annotations

import io

import pytest

from nlp.core import labels as L
from nlp.ingest import read
from nlp.tables import Tables, extract
from nlp.tables.checks import run_checks

H4 = "四、政府信息公开行政复议、行政诉讼情况\n"
P5 = "五、存在的主要问题及改进情况\n存在问题：一是公开不够及时。下一步：加强培训。\n"
COLS = "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
# the T4 figures every fixture prints (row → the five columns, as typed in the fixture text)
T4 = {"行政复议": ("1", "0", "0", "1", "2"), "未经复议直接起诉": ("2", "1", "0", "0", "3"),
      "复议后起诉": ("0", "0", "1", "0", "1")}
FLAT = " ".join(v for g in L.T4_ROWS for v in T4[g])  # the 15 figures on one line


def tab(values: tuple[str, ...]) -> str:
    return "\t".join(values)


SHAPES: dict[str, tuple[str, str]] = {
    "three-tables": ("three-tables", H4 + f"行政复议\n{COLS}\n{tab(T4['行政复议'])}\n"
                     f"行政诉讼（未经复议直接起诉）\n{COLS}\n{tab(T4['未经复议直接起诉'])}\n"
                     f"行政诉讼（复议后起诉）\n{COLS}\n{tab(T4['复议后起诉'])}\n" + P5),
    "bare-15": ("bare-15", H4 + COLS + "\n" + FLAT.replace(" ", "\t") + "\n" + P5),
    # the converter cut labels mid-word and wrapped the header over three lines
    "broken-header-wrapped": ("broken-header", H4 + "行政复议 结果维持 结果纠正 其他结果 尚\n未审结 总计 未经复议直接起诉 "
                              "结果维持 结果纠正 其他\n结果 尚未审结 总计 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计\n"
                              + FLAT + "\n" + P5),
    # every header cell on two lines (结果 / 维持), the cells kept in place by tabs
    "broken-header-cells": ("broken-header", H4 + "行政复议\t\t\t\t\t行政诉讼\n"
                            + "\t".join(["结果", "结果", "其他", "尚未", "总计"] * 3) + "\n"
                            + "\t".join(["维持", "纠正", "结果", "审结", ""] * 3) + "\n" + FLAT + "\n" + P5),
    "one-cell-per-line": ("one-cell-per-line", H4 + "\n".join(
        ["行政复议", *COLS.split("\t")] + [x for g in L.T4_ROWS for x in (g, *T4[g])]) + "\n" + P5),
    "markdown-one-cell": ("one-cell-per-line", H4 + "\n".join(
        f"| {x} |" for x in [*COLS.split("\t")] + [x for g in L.T4_ROWS for x in (g, *T4[g])]) + "\n" + P5),
    "transposed": ("transposed", H4 + "项目\t行政复议\t未经复议直接起诉\t复议后起诉\n" + "\n".join(
        f"{c}\t" + "\t".join(T4[g][k] for g in L.T4_ROWS) for k, c in enumerate(L.T4_COLUMNS)) + "\n" + P5),
    "transposed-space": ("transposed", H4 + "行政复议 未经复议直接起诉 复议后起诉\n" + "\n".join(
        f"{c} " + " ".join(T4[g][k] for g in L.T4_ROWS) for k, c in enumerate(L.T4_COLUMNS)) + "\n" + P5),
}


def t4_of(tables: Tables) -> dict[str, tuple[str | None, ...]]:
    return {g: tuple(tables.cell("T4", g, c).raw for c in L.T4_COLUMNS) for g in L.T4_ROWS}


def assert_guarded(tables: Tables) -> None:
    for g in L.T4_ROWS:
        for c in L.T4_COLUMNS:
            cell = tables.cell("T4", g, c)
            mutated = tables.with_cell("T4", g, c, str(int(cell.value or 0) + 1))
            assert any(ch.status == "fail" and ch.id == "T4-1" for ch in run_checks(mutated)), (g, c)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_t4_shape(name: str) -> None:
    shape, text = SHAPES[name]
    tables = extract(read(text.encode(), name=f"{name}.md"))
    assert t4_of(tables) == T4
    assert shape in tables.table("T4").shapes
    t4 = [c for c in run_checks(tables) if c.id == "T4-1"]
    assert [c.status for c in t4] == ["pass"] * 3
    assert_guarded(tables)


def test_bare_row_needs_column_labels() -> None:
    """15 figures under the part heading but under no column labels: never placed by position alone."""
    text = H4 + FLAT + "\n" + P5
    assert not extract(read(text.encode(), name="x.md")).table("T4").found


def test_broken_header_in_the_wrong_order_is_not_read_as_one() -> None:
    text = H4 + "结果纠正 结果维持 其他结果 尚\n未审结 总计\n" + FLAT + "\n" + P5
    assert "broken-header" not in extract(read(text.encode(), name="x.md")).table("T4").shapes


# ---------------------------------------------------------------- T3 across pages
T3_VALUES = {L.NEW: [2, 1, 0, 0, 0, 0], L.CARRIED: [1, 0, 0, 0, 0, 0], "予以公开": [1, 1, 0, 0, 0, 0],
             "本机关不掌握相关政府信息": [1, 0, 0, 0, 0, 0], L.TOTAL_ROW: [2, 1, 0, 0, 0, 0],
             L.NEXT_YEAR: [1, 0, 0, 0, 0, 0]}
T3_HEADER = "\t" + "\t".join(L.T3_COLUMNS)
PRINTED = {"其他处理/其他": "3.其他", L.TOTAL_ROW: "（七）总计"}


def t3_text(repeat_header: bool) -> str:
    lines = ["三、收到和处理政府信息公开申请情况", T3_HEADER]
    for k, row in enumerate(L.T3_ROWS):
        if k == 12:
            lines.append("\f" + (T3_HEADER if repeat_header else "").rstrip("\t"))
        v = T3_VALUES.get(row, [0] * 6)
        lines.append("\t".join([PRINTED.get(row, row), *map(str, v), str(sum(v))]))
    return "\n".join(lines) + "\n" + H4 + "行政复议\t" + tab(T4["行政复议"]) + "\n" + P5


@pytest.mark.parametrize("repeat_header", [True, False])
def test_t3_split_across_pages(repeat_header: bool) -> None:
    tables = extract(read(t3_text(repeat_header).encode(), name="t3.txt"))
    t3 = tables.table("T3")
    assert t3.pages == (1, 2) and "split-pages" in t3.shapes
    for row in L.T3_ROWS:
        v = T3_VALUES.get(row, [0] * 6)
        assert [tables.cell("T3", row, c).value for c in L.T3_COLUMNS] == [*v, sum(v)], row
    checks = [c for c in run_checks(tables) if c.id.startswith("T3")]
    assert checks and all(c.status == "pass" for c in checks)


# ---------------------------------------------------------------- PDFs built with word positions
def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    draw(c)
    c.save()
    return buf.getvalue()


UNRULED = {"行政复议": ("1", "0", "", "1", "2"), "未经复议直接起诉": ("2", "1", "0", "0", "3"),
           "复议后起诉": ("0", "0", "1", "0", "1")}  # a blank cell: its column kept by position


def _t4_words(c, x0: float, y: float, step: float, size: float) -> None:  # type: ignore[no-untyped-def]
    c.setFont("STSong-Light", size)
    for j, col in enumerate(L.T4_COLUMNS):
        c.drawString(x0 + 80 + j * step, y, col)
    for i, g in enumerate(L.T4_ROWS):
        c.drawString(x0, y - 18 * (i + 1), g)
        for j, v in enumerate(UNRULED[g]):
            c.drawString(x0 + 90 + j * step, y - 18 * (i + 1), v)


def test_unruled_pdf_table_from_word_positions() -> None:
    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFont("STSong-Light", 12)
        c.drawString(50, 800, "四、政府信息公开行政复议、行政诉讼情况")
        _t4_words(c, 50, 770, 60, 10)
        c.setFont("STSong-Light", 12)
        c.drawString(50, 680, "五、存在的主要问题及改进情况")

    doc = read(_pdf(draw), name="unruled.pdf")
    assert any("unruled table" in w for w in doc.warnings)
    tables = extract(doc)
    assert {g: tuple(tables.cell("T4", g, c).raw or "" for c in L.T4_COLUMNS) for g in L.T4_ROWS} == UNRULED
    assert tables.cell("T4", "行政复议", "其他结果").state == "empty"
    assert "unruled-pdf" in tables.table("T4").shapes
    assert [c.status for c in run_checks(tables) if c.id == "T4-1"] == ["pass"] * 3
    assert_guarded(tables)


def test_two_column_pdf_page() -> None:
    left = ["一、总体情况", "本机关认真贯彻落实条例要求，", "持续推进政务公开工作，", "不断提升公开质量和实效。",
            "四、政府信息公开行政复议、行政诉讼情况"]
    right = ["五、存在的主要问题及改进情况", "存在问题：一是公开内容不够全面，", "二是解读形式较为单一。",
             "下一步：加强培训，丰富解读形式。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setFont("STSong-Light", 16)
        c.drawString(120, 810, "某某区人民政府2023年政府信息公开工作年度报告")
        c.setFont("STSong-Light", 10)
        for k, t in enumerate(left):
            c.drawString(40, 770 - 16 * k, t)
        _t4_words(c, 40, 680, 36, 7)
        c.setFont("STSong-Light", 10)
        for k, t in enumerate(right):
            c.drawString(330, 770 - 16 * k, t)

    doc = read(_pdf(draw), name="two-column.pdf")
    assert any("two-column page" in w for w in doc.warnings)
    texts = [ln.text for ln in doc.lines]
    for t in left[:4] + right:  # every line of both columns intact, the left column first
        assert t in texts
    assert texts.index(left[0]) < texts.index(right[0])
    tables = extract(doc)
    assert {g: tuple(tables.cell("T4", g, c).raw or "" for c in L.T4_COLUMNS) for g in L.T4_ROWS} == UNRULED
    assert {"two-column", "unruled-pdf"} <= set(tables.table("T4").shapes)
    assert_guarded(tables)


def test_t3_transposed() -> None:
    """T3 printed with the applicants down the side and the rows across the header."""
    rows = [L.NEW, L.CARRIED, "予以公开", "本机关不掌握相关政府信息", L.TOTAL_ROW, L.NEXT_YEAR]
    lines = ["三、收到和处理政府信息公开申请情况", "申请人\t" + "\t".join(rows)]
    for k, col in enumerate(L.T3_COLUMNS):
        values = [T3_VALUES[r][k] if k < 6 else sum(T3_VALUES[r]) for r in rows]
        lines.append(col + "\t" + "\t".join(map(str, values)))
    tables = extract(read(("\n".join(lines) + "\n" + P5).encode(), name="t3t.txt"))
    assert "transposed" in tables.table("T3").shapes
    for r in rows:
        assert [tables.cell("T3", r, c).value for c in L.T3_COLUMNS] == [*T3_VALUES[r], sum(T3_VALUES[r])], r
    t32 = [c for c in run_checks(tables) if c.id == "T3-2"]
    assert t32 and all(c.status == "pass" for c in t32)


def test_quality_names_the_shape() -> None:
    from nlp.pipeline import parse

    r = parse(SHAPES["three-tables"][1].encode(), name="three.md")
    assert "three-tables" in r.quality.table_shapes["T4"]
    d = r.to_dict()
    assert "three-tables" in d["quality"]["table_shapes"]["T4"] and "three-tables" in d["tables"]["T4"]["shapes"]
