"""Mutation test: change any single figure of T3/T4 (and of T2 where a check covers it) and at least
one check must newly fail (a check that did not fail before, or a failing one whose sums moved).

T2 has no internal identity: its figures are covered only by X-2 (规章/行政规范性文件, given last
year's report) and by narrative statements (TT); the T2 cells no check can see are listed here so the
limit is explicit, not hidden. Last year's 结转下年度 cells are guarded by X-1, a narrative 办结 N 件 by
TT; the table shapes have their own mutation test in test_tables_shapes.py.
"""

from __future__ import annotations

from functools import cache

import pytest
from conftest import REAL

from nlp.ingest import read
from nlp.tables import Tables, extract, parse_cell
from nlp.tables.checks import run_checks
from nlp.tables.narrative import sentences_from_document

DOCS = ["临县人民政府-2023.txt", "淮安市人民政府-2024.pdf", "淮安市洪泽区人民政府-2023.pdf",
        "淮安市洪泽区人民政府-2024.pdf", "上海市人民政府办公厅-2019.html", "沭阳县发展和改革局-2023.html"]


@cache
def load(name: str):
    doc = read(REAL / name)
    return extract(doc), tuple(sentences_from_document(doc))


def signature(checks) -> dict[tuple[str, str, int], tuple[str, float | None, float | None]]:
    out = {}
    seen: dict[tuple[str, str], int] = {}
    for c in checks:
        n = seen.get((c.id, c.scope), 0)
        seen[(c.id, c.scope)] = n + 1
        out[(c.id, c.scope, n)] = (c.status, c.left, c.right)
    return out


def newly_failing(before, after) -> list[tuple[str, str, int]]:
    return [k for k, (status, left, right) in after.items()
            if status == "fail" and before.get(k) != (status, left, right)]


def mutants(value: float) -> list[str]:
    v = int(value) if float(value).is_integer() else value
    return [str(v + 1), str(v + 7)] + ([str(v - 1)] if v >= 1 else [])


def detected(tables: Tables, sentences, previous: Tables | None, t: str, row: str, col: str,
             value: float, base) -> bool:
    return all(newly_failing(base, signature(run_checks(tables.with_cell(t, row, col, m), sentences, previous)))
               for m in mutants(value))


@pytest.mark.parametrize("name", DOCS)
def test_every_t3_t4_figure_is_guarded(name: str) -> None:
    tables, sentences = load(name)
    base = signature(run_checks(tables, sentences))
    figures = [(t, r, c, cell.value) for t, r, c, cell in tables.figures() if t in ("T3", "T4")]
    assert len(figures) >= 30
    missed = [(t, r, c) for t, r, c, v in figures if not detected(tables, sentences, None, t, r, c, v, base)]
    assert not missed, missed


def test_t2_figures_guarded_by_x2_and_narrative() -> None:
    new, sentences = load("淮安市洪泽区人民政府-2024.pdf")
    old, _ = load("淮安市洪泽区人民政府-2023.pdf")
    base = signature(run_checks(new, sentences, old))
    for row in ("规章", "行政规范性文件"):
        for col in ("本年制发件数", "本年废止件数", "现行有效件数"):
            v = new.cell("T2", row, col).value
            assert detected(new, sentences, old, "T2", row, col, v, base), (row, col)
    # last year's 现行有效件数 is guarded too (the same X-2 seen from the other side)
    for row in ("规章", "行政规范性文件"):
        v = old.cell("T2", row, "现行有效件数").value
        for m in mutants(v):
            after = signature(run_checks(new, sentences, old.with_cell("T2", row, "现行有效件数", m)))
            assert newly_failing(base, after), (row, m)
    # narrative statements: 淮安 "新增公开市政府规章1件", 上海 "主动公开规章13件，行政规范性文件60件"
    for name, cells in [("淮安市人民政府-2024.pdf", [("规章", "本年制发件数")]),
                        ("上海市人民政府办公厅-2019.html", [("规章", "本年新公开数量"),
                                                     ("行政规范性文件", "本年新公开数量")])]:
        tables, sents = load(name)
        base = signature(run_checks(tables, sents))
        for row, col in cells:
            assert detected(tables, sents, None, "T2", row, col, tables.cell("T2", row, col).value, base)


def test_t2_cells_no_check_can_see_are_the_unchecked_items() -> None:
    """The documented limit: 行政许可/处罚/强制 counts and fee amounts have no redundancy."""
    tables, sentences = load("淮安市人民政府-2024.pdf")
    base = signature(run_checks(tables, sentences))
    blind = sorted((r, c) for t, r, c, cell in tables.figures()
                   if t == "T2" and not detected(tables, sentences, None, t, r, c, cell.value, base))
    assert blind == sorted([("行政许可", "本年处理决定数量"), ("行政处罚", "本年处理决定数量"),
                            ("行政强制", "本年处理决定数量"), ("行政事业性收费", "本年收费金额"),
                            ("规章", "本年废止件数"), ("规章", "现行有效件数"),
                            ("行政规范性文件", "本年制发件数"), ("行政规范性文件", "本年废止件数"),
                            ("行政规范性文件", "现行有效件数")])


def test_x1_guards_last_years_carried_over_cells() -> None:
    """Last year's 结转下年度继续办理 takes part in no identity of this year's report: only X-1 sees it."""
    new, sentences = load("淮安市洪泽区人民政府-2024.pdf")
    old, _ = load("淮安市洪泽区人民政府-2023.pdf")
    base = signature(run_checks(new, sentences, old))
    cols = [c for (r, c), cell in old.table("T3").cells.items() if r == "结转下年度继续办理" and cell.figure]
    assert "总计" in cols and len(cols) >= 7
    for col in cols:
        for m in mutants(old.cell("T3", "结转下年度继续办理", col).value):
            after = signature(run_checks(new, sentences, old.with_cell("T3", "结转下年度继续办理", col, m)))
            assert [k for k in newly_failing(base, after) if k[0] == "X-1"], (col, m)


def test_narrative_done_count_guards_the_t3_total() -> None:
    """办结/答复 N 件 is checked against T3 （七）总计 (TT); a reply-type count (同意公开 N 件) is not."""
    from nlp.core.report import Sentence
    from nlp.core.tables import Table

    cells = {("总计", "总计"): parse_cell("5"), ("总计", "自然人"): parse_cell("5")}
    tables = Tables({"T3": Table("T3", cells, True)})
    said = [Sentence(id=0, text="本年度共办结政府信息公开申请5件，其中同意公开3件。", part=3)]
    base = signature(run_checks(tables, said))
    assert [v[0] for k, v in base.items() if k[0] == "TT"] == ["pass"]
    for m in mutants(5):
        after = signature(run_checks(tables.with_cell("T3", "总计", "总计", m), said))
        assert [k for k in newly_failing(base, after) if k[0] == "TT"], m
