"""Metadata per real file matches MANIFEST.tsv; level and date rules."""

from __future__ import annotations

import pytest
from conftest import REAL, SAMPLE, manifest, parsed, real_files

from nlp.text.meta import level_of


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_agency_and_year_match_manifest(path) -> None:
    row = manifest()[path.name]
    report = parsed(str(path))
    expected_agency = row["agency"].split("（")[0]
    assert report.meta.agency == expected_agency
    assert report.meta.year == int(row["year"])
    assert report.source.format == {"txt": "text", "md": "markdown"}.get(row["format"], row["format"])


def test_sample_meta() -> None:
    m = parsed(str(SAMPLE)).meta
    assert (m.agency, m.year, m.level) == ("临县人民政府", 2023, "county")
    # the signing date printed at the end of the report: 2024 年 1 月 30 日
    assert m.published == "2024-01-30"
    assert m.title == "临县2023年政府信息公开工作年度报告"


def test_published_from_html_metadata() -> None:
    assert parsed(str(REAL / "沭阳县发展和改革局-2023.html")).meta.published == "2024-01-17"
    assert parsed(str(REAL / "上海市人民政府办公厅-2019.html")).meta.published == "2020-01-31"


def test_year_is_report_year_not_publication_year() -> None:
    m = parsed(str(REAL / "上海市人民政府办公厅-2019.html")).meta
    assert m.year == 2019 and m.published.startswith("2020")


@pytest.mark.parametrize(
    ("agency", "level"),
    [("淮安市洪泽区人民政府", "district"), ("淮安市人民政府", "city"), ("临县人民政府", "county"),
     ("江苏省人民政府", "province"), ("上海市人民政府", "province"), ("沭阳县发展和改革局", "department"),
     ("某县某镇人民政府", "township"), (None, None)],
)
def test_levels(agency, level) -> None:
    assert level_of(agency) == level


def test_unknown_metadata_stays_null() -> None:
    import nlp

    r = nlp.parse("这是一段没有标题的文字。没有年份，也没有机关。".encode(), name="unnamed.txt")
    assert r.meta.agency is None and r.meta.year is None and r.meta.published is None
