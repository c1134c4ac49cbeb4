"""Outline and narrative checks on the real reports: every check that fires is listed here with the
reason it is right, read from the document itself (a new firing, or one that stops, fails the test)."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import REAL

from nlp.pipeline import parse

# (check id, scope) → why it is right, from the document
FIRED: dict[str, dict[tuple[str, str], str]] = {
    "上海市人民政府办公厅-2019.html": {
        ("O-6", "outline/T3"): "the 2019-era T3 prints &nbsp; in most cells: 本年新收 row has 科研机构 and "
                               "社会公益组织 blank, 上年结转 only 自然人 18 and 总计 18",
        ("O-6", "outline/T4"): "T4 figures row: 5 _ _ 2 7 | 8 _ _ 1 9 | _ _ _ _ _ — nine &nbsp; cells",
    },
    "上海市人民政府办公厅-2025.md": {
        ("O-2", "outline/part5"): "the heading 五、…存在的主要问题及改进情况 is missing: the text jumps to "
                                  "（一）2024 年工作中存在问题的改进情况 (MANIFEST)",
        ("O-5", "outline/T2"): "the converter printed '| 规章 | 22 | 235 |' and '| 行政规范性文件 | 34 | 189 |': "
                               "two figures under three columns, 现行有效件数 lost",
    },
    "沭阳县发展和改革局-2023.html": {
        ("O-6", "outline/T3"): "the legal-person columns (商业企业 … 其他) are blank in the original: 25 rows × 5",
    },
    "临县人民政府-2023.txt": {},
    "淮安市人民政府-2024.pdf": {},
    "淮安市洪泽区人民政府-2023.pdf": {},
    "淮安市洪泽区人民政府-2024.pdf": {},
}


@cache
def outline_checks(name: str):
    r = parse(REAL / name)
    return [c for c in r.checks if c.scope.startswith(("outline/", "narrative/"))]


@pytest.mark.parametrize("name", sorted(FIRED))
def test_fired_checks_are_the_listed_ones(name: str) -> None:
    got = outline_checks(name)
    assert {c.id for c in got} >= {"O-1", "O-2", "O-3", "O-4", "N-1", "N-2", "N-3", "N-4"}
    fired = {(c.id, c.scope) for c in got if c.status == "fail"}
    assert fired == set(FIRED[name])
    assert all(c.severity in ("warning", "fail") for c in got if c.status == "fail")


def test_evidence_of_the_real_firings() -> None:
    by = {(c.id, c.scope): c for c in outline_checks("沭阳县发展和改革局-2023.html")}
    assert by[("O-6", "outline/T3")].left == 125
    by = {(c.id, c.scope): c for c in outline_checks("上海市人民政府办公厅-2019.html")}
    t4 = by[("O-6", "outline/T4")]
    assert t4.left == 9 and {f"复议后起诉/{c}" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")} \
        <= set(t4.evidence["blank"])
    by = {(c.id, c.scope): c for c in outline_checks("上海市人民政府办公厅-2025.md")}
    assert {(x["row"], x["column"]) for x in by[("O-5", "outline/T2")].evidence["cells"]} == {
        ("规章", "现行有效件数"), ("行政规范性文件", "现行有效件数")}


def test_postponed_requests_are_not_an_on_time_contradiction() -> None:
    """淮安 2024: '答复3050件（…另有103件顺延到下年度答复），均在法定期限内予以答复' while T3 carries 103:
    the sentence states the carried ones itself, so N-1 does not fire."""
    by = {(c.id, c.scope): c for c in outline_checks("淮安市人民政府-2024.pdf")}
    assert by[("N-1", "narrative/on-time")].status == "not_assessable"
    assert by[("O-1", "outline/numbering")].status == "pass"
