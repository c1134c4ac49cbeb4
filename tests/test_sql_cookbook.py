"""Every ```sql block of docs/sql-cookbook.md runs against a store built from the real reports; the
answers known from the documents (MANIFEST.tsv, the reports' own figures) are checked."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT, manifest, real_files
from store_support import build_store

from nlp.corpus import Corpus

COOKBOOK = ROOT / "docs" / "sql-cookbook.md"
BLOCKS = re.findall(r"```sql\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), re.S)
TITLES = [b.splitlines()[0].removeprefix("--").strip() for b in BLOCKS]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    db = build_store(real_files(), tmp_path_factory.mktemp("cookbook") / "real.duckdb")
    with Corpus(db) as c:
        yield c


UNBRACKETED = {"沭阳县发展和改革局": "江苏省", "上海市人民政府办公厅": "上海市"}
"""Provinces MANIFEST.tsv does not bracket: 沭阳县 is a county of 宿迁市, 江苏省; 上海 is a 直辖市."""


def _province(agency_in_manifest: str) -> str:
    """The province MANIFEST.tsv gives in brackets (临县人民政府（山西省吕梁市临县）), else :data:`UNBRACKETED`."""
    m = re.search(r"（(.+?(?:省|自治区))", agency_in_manifest)
    return m.group(1) if m else UNBRACKETED[agency_in_manifest]


def _expected() -> dict[str, object]:
    rows = list(manifest().values())
    per_province = Counter((_province(r["agency"]), int(r["year"])) for r in rows)
    years = [int(r["year"]) for r in rows]
    return {
        "corpus size": [(len(rows), min(years), max(years))],
        "reports per province and year": sorted((p, y, n) for (p, y), n in per_province.items()),
        "duplicate texts": [],  # the seven real files hold seven different reports
        "failed files": [],
    }


def test_cookbook_has_a_dozen_titled_queries():
    assert len(BLOCKS) >= 12
    assert all(b.startswith("-- ") for b in BLOCKS)
    assert len(set(TITLES)) == len(TITLES)


@pytest.mark.parametrize("title", TITLES)
def test_cookbook_query_runs(corpus, title):
    df = corpus.sql(BLOCKS[TITLES.index(title)])
    assert len(df.columns) >= 1
    known = _expected()
    if title == "corpus size":
        assert [tuple(df.iloc[0][["reports", "first_year", "last_year"]])] == known[title]
    elif title in known:
        assert [tuple(r) for r in df.itertuples(index=False)] == known[title]
    elif title == "previous report of each agency":
        hongze = df[df["agency"] == "淮安市洪泽区人民政府"]
        assert hongze[["year", "prior_year", "prior_gap"]].values.tolist() == [[2024, 2023, 1]]
    elif title == "self-copy vs previous year":
        assert (df["prior_year"] == df["year"] - 1).all()
        assert ["淮安市洪泽区人民政府", 2024, 2023] in df[["agency", "year", "prior_year"]].values.tolist()
    elif title == "failed sums":
        # README / MANIFEST: the T4 of 洪泽区 2023 does not add up
        assert ("淮安市洪泽区人民政府", 2023, "T4-1") in {tuple(r) for r in df[["agency", "year", "check_id"]].values}
        assert ((df["left_value"] - df["right_value"]) == df["difference"]).all()
    elif title == "new applications per report":
        got = {(a, y): v for a, y, v in df.values.tolist()}
        assert got[("临县人民政府", 2023)] == 11  # T3 row 一、本年新收… total column: 11
        assert got[("上海市人民政府办公厅", 2025)] == 1295  # 市政府共受理政府信息公开申请 1295 件
    elif title == "reports per level and agency type":
        got = {(a, t): n for a, t, n in df.values.tolist()}
        assert got[("province", "general_office")] == 2  # 上海市人民政府办公厅 2019 and 2025
        assert got[("county", "department")] == 1  # 沭阳县发展和改革局
        assert sum(got.values()) == len(manifest())
    elif title == "findings by category and year":
        assert set(df["year"]) <= {int(r["year"]) for r in manifest().values()}
        assert set(df["kind"]) <= {"problem", "commitment", "improvement"}
