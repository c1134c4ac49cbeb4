"""``xxgk batch`` of the 洪泽 pair stores X-1/X-2 of 2024 against the stored 2023 report, and the 2024
audit page shows them in their own section."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

from audit_support import page_of
from conftest import REAL, db_rows

NAMES = ("淮安市洪泽区人民政府-2023.pdf", "淮安市洪泽区人民政府-2024.pdf")


@cache
def store(base: Path) -> Path:
    from nlp.corpus.batch import batch

    folder = base / "pair"
    folder.mkdir(parents=True, exist_ok=True)
    for n in NAMES:
        shutil.copy(REAL / n, folder / n)
    db = base / "pair.duckdb"
    assert batch([str(folder)], db, jobs=1, progress=False).failed == 0
    return db


def test_batch_stores_x1_x2_against_the_previous_year(tmp_path_factory) -> None:
    db = store(tmp_path_factory.getbasetemp() / "crossyear")
    years = dict(db_rows(db, "SELECT year, report_id FROM reports"))
    assert sorted(years) == [2023, 2024]
    rows = db_rows(db, "SELECT report_id, check_id, scope, status, left_value, right_value, evidence FROM checks "
                     "WHERE check_id IN ('X-1', 'X-2') ORDER BY check_no")
    assert {r[0] for r in rows} == {years[2024]}  # 2023 has no stored 2022 report
    by = {(r[1], r[2]): r for r in rows}
    # 2024 T3 上年结转 (0 in every column) = 2023 T3 结转下年度继续办理 (0); T2 行政规范性文件:
    # 2023 现行有效 + 2024 本年制发 − 2024 本年废止 = 2024 现行有效 = 8
    assert by[("X-1", "T3/column/总计")][3:6] == ("pass", 0, 0)
    assert by[("X-2", "T2/row/行政规范性文件")][3:6] == ("pass", 8, 8)
    ev = json.loads(by[("X-2", "T2/row/行政规范性文件")][6])
    assert ev["previous_report_id"] == years[2023] and ev["previous_year"] == 2023
    assert any(c.get("report") == "previous" for c in ev["cells"])
    n, failed = db_rows(db, "SELECT n_checks, n_checks_failed FROM reports WHERE year = 2024")[0]
    assert n == db_rows(db, f"SELECT count(*) FROM checks WHERE report_id = '{years[2024]}'")[0][0]


def test_rerun_replaces_the_cross_yeardb_rows(tmp_path_factory) -> None:
    from nlp.corpus.batch_crossyear import cross_year_checks
    from nlp.corpus.store import Store

    db = store(tmp_path_factory.getbasetemp() / "crossyear")
    before = db_rows(db, "SELECT count(*) FROM checks")[0][0]
    with Store(db) as s:
        assert cross_year_checks(s) == 1
    assert db_rows(db, "SELECT count(*) FROM checks")[0][0] == before


def test_hongze_2024_audit_page_shows_the_cross_year_checks(tmp_path_factory) -> None:
    from nlp.audit import build_site

    base = tmp_path_factory.getbasetemp() / "crossyear"
    site = build_site(store(base), base / "site").out
    page = page_of(site, NAMES[1]).read_text(encoding="utf-8")
    section = page[page.index('<section id="cross-year">'):]
    section = section[:section.index("</section>")]
    assert "跨年度核对（9）" in section and "对照本机关 2023 年度" in section
    assert "X-1" in section and "X-2" in section and "T2/row/行政规范性文件" in section
    old = page_of(site, NAMES[0]).read_text(encoding="utf-8")
    assert "跨年度核对（0）" in old
    assert '<section id="outline">' in page and "O-1" in page
