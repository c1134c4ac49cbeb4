"""Bad tables (a row missing, a column missing, text in a number cell, a table cut off, noise) give
warnings and not_assessable checks, never an exception."""

from __future__ import annotations

from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.core.document import Document, Line, RawTable
from nlp.core.report import Sentence
from nlp.ingest import read
from nlp.tables import extract
from nlp.tables.checks import run_checks
from nlp.tables.parse import extract_rows
from nlp.tables.rows import document_rows

LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
T3_FIRST = next(i for i, ln in enumerate(LINES) if ln.startswith("一、本年新收"))
T3_LAST = next(i for i, ln in enumerate(LINES) if ln.startswith("四、结转下年度"))


def tables_of(lines: list[str]):
    doc = read("\n".join(lines).encode("utf-8"), format="text", name="x.txt")
    return extract(doc)


def status(checks, check_id: str, scope: str) -> str:
    return next(c.status for c in checks if c.id == check_id and c.scope == scope)


def test_row_missing() -> None:
    lines = [ln for ln in LINES if "（一）予以公开" not in ln]
    tables = tables_of(lines)
    assert tables.cell("T3", "予以公开", "自然人").raw is None
    checks = run_checks(tables)
    assert all(status(checks, "T3-1", f"T3/column/{c}") == "not_assessable" for c in ("自然人", "其他"))
    assert status(checks, "T3-3", "T3/row/予以公开") == "not_assessable"
    assert status(checks, "T3-2", "T3/column/自然人") == "pass"  # does not use the missing row
    assert any("rows not found: 予以公开" in w for w in tables.warnings)


def test_column_missing() -> None:
    """The 总计 column dropped from the header and from every row of T3."""
    lines = list(LINES)
    for i in range(T3_FIRST - 3, T3_LAST + 1):
        cells = lines[i].split("\t")
        if i == T3_FIRST - 3:
            cells = [c if c != "总计" else "" for c in cells]
        else:
            figures = [j for j, c in enumerate(cells) if c.strip().isdigit()]
            if len(figures) == 7:
                cells[figures[-1]] = ""
        lines[i] = "\t".join(cells)
    tables = tables_of(lines)
    assert tables.cell("T3", "予以公开", "自然人").value == 2  # the other columns stay in place
    assert tables.cell("T3", "予以公开", "总计").raw is None
    checks = run_checks(tables)
    assert status(checks, "T3-3", "T3/row/予以公开") == "not_assessable"
    assert status(checks, "T3-1", "T3/column/总计") == "not_assessable"
    assert status(checks, "T3-1", "T3/column/自然人") == "pass"
    assert any("no column 总计" in w for w in tables.warnings)


def test_text_in_a_number_cell() -> None:
    lines = [ln.replace("\t11\t0\t0", "\t见附件\t0\t0", 1) if ln.startswith("一、本年新收") else ln for ln in LINES]
    tables = tables_of(lines)
    cell = tables.cell("T3", "本年新收政府信息公开申请数量", "自然人")
    assert cell.state == "text" and cell.raw == "见附件" and cell.value is None
    checks = run_checks(tables)
    assert status(checks, "T3-2", "T3/column/自然人") == "not_assessable"
    assert status(checks, "T3-3", "T3/row/本年新收政府信息公开申请数量") == "not_assessable"
    assert any("见附件" in w for w in tables.warnings)


def test_table_cut_off_by_end_of_file() -> None:
    cut = next(i for i, ln in enumerate(LINES) if "不予处理" in ln)
    tables = tables_of(LINES[:cut])
    checks = run_checks(tables)
    assert status(checks, "T3-1", "T3/column/自然人") == "not_assessable"
    assert status(checks, "T3-2", "T3/column/总计") == "not_assessable"
    assert status(checks, "T4-1", "T4") == "not_assessable"
    assert not tables.table("T4").found
    assert tables.cell("T3", "予以公开", "自然人").value == 2
    assert any("T4: table not found" in w for w in tables.warnings)


def test_no_tables_at_all() -> None:
    tables = tables_of(["一、总体情况", "本机关2023年无相关数据。"])
    checks = run_checks(tables, [Sentence(id=0, text="本机关2023年无相关数据。", part=1, page=1)])
    assert {c.status for c in checks} == {"not_assessable"}
    assert tables["T3"].isna().all().all()


def test_values_without_a_label_and_stray_numbers_are_ignored() -> None:
    lines = ["二、主动公开政府信息情况", "3\t4\t5", "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "规章\t1\t0\t2", "9\t9\t9", "页脚\t- 3 -"]
    tables = tables_of(lines)
    assert tables.cell("T2", "规章", "现行有效件数").value == 2
    assert {(r, c) for (r, c), cell in tables.table("T2").cells.items() if cell.raw is not None} == {
        ("规章", "本年制发件数"), ("规章", "本年废止件数"), ("规章", "现行有效件数")}


_TOKENS = st.sampled_from(["规章", "行政规范性文件", "本年制发件数", "自然人", "总计", "其他", "（七）总计",
                           "一、本年新收政府信息公开申请数量", "行政复议", "结果维持", "复议后起诉", "申请人情况",
                           "法人或其他组织", "第二十条第（一）项", "1", "0", "12.5", "-3", "/", "无", "", "见附件",
                           "3.其他", "（六）其他处理", "信息内容", "勾稽关系", "—"])
_ROWS = st.lists(st.lists(st.one_of(_TOKENS, st.none()), min_size=0, max_size=16), max_size=40)


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS, as_grid=st.booleans())
def test_fuzz_never_raises(rows, as_grid: bool) -> None:
    if as_grid:
        grid = tuple(tuple(r) for r in rows)
        doc = Document(None, "x", "pdf", 1, (), (RawTable(grid, (1,), "pdf", 0),))
    else:
        lines = tuple(Line("\t".join(c or "" for c in r), cells=tuple(c or "" for c in r)) for r in rows)
        doc = Document(None, "x", "text", 1, lines)
    tables = extract_rows(document_rows(doc))
    checks = run_checks(tables, [Sentence(id=0, text="受理政府信息公开申请3件，行政复议1件。", part=1, page=1)], tables)
    assert all(c.status in ("pass", "fail", "uncertain", "not_assessable") for c in checks)
    tables.to_dict()
    for t in tables:
        tables[t]
