"""Audit plots: the data they show, empty inputs, deterministic files."""

from __future__ import annotations

import re

import pandas as pd

from nlp.audit.plots import (
    categories_figure,
    empty_reason,
    reuse_across_agencies_figure,
    reuse_by_part_figure,
    reuse_by_year_figure,
    save,
)


def _texts(svg: str) -> list[str]:
    """The text items matplotlib writes next to their glyph paths."""
    return re.findall(r"<!-- (.*?) -->", svg)


def test_categories_over_time_stack_each_year(tmp_path):
    findings = pd.DataFrame({
        "year": [2023, 2023, 2024, 2024, 2024, 2024],
        "kind": ["problem", "problem", "problem", "problem", "commitment", "problem"],
        "category": ["政策解读", "平台与网站", "政策解读", "政策解读", "政策解读", None],
    })
    fig = categories_figure(findings)
    ax = fig.axes[0]
    heights = sorted((round(p.get_x() + p.get_width() / 2), p.get_height()) for p in ax.patches)
    # x 0 = 2023, 1 = 2024; one bar segment per category and year (zeros included)
    assert [h for x, h in heights if x == 0] == [0.0, 1.0, 1.0]
    assert [h for x, h in heights if x == 1] == [0.0, 1.0, 2.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["政策解读", "其他", "平台与网站"]
    svg = save(fig, tmp_path / "c.svg").read_text(encoding="utf-8")
    assert {"2023", "2024", "政策解读", "其他", "各年度问题类别"} <= set(_texts(svg))


def test_reuse_by_year_shows_every_report_and_the_median(tmp_path):
    scores = pd.DataFrame({"year": [2023, 2024, 2024, 2024], "reuse_ratio": [0.2, 0.1, 0.5, 0.9]})
    ax = reuse_by_year_figure(scores).axes[0]
    dots = list(ax.collections)
    assert sorted(len(c.get_offsets()) for c in dots) == [1, 3]
    medians = sorted(tuple(line.get_ydata()) for line in ax.lines)
    assert medians == [(0.2, 0.2), (0.5, 0.5)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024"]


def test_reuse_across_agencies_uses_the_latest_report_of_each(tmp_path):
    scores = pd.DataFrame({"agency_norm": ["甲", "甲", "乙"], "year": [2023, 2024, 2024],
                           "reuse_ratio": [0.05, 0.85, 0.45], "cross_copy_share": [0.0, 0.15, None]})
    ax = reuse_across_agencies_figure(scores).axes[0]
    reuse = [p.get_height() for p in ax.patches[:10]]
    cross = [p.get_height() for p in ax.patches[10:]]
    assert reuse == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0]  # 0.45 and 0.85, not 2023's 0.05
    assert cross == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]


def test_reuse_by_part_means():
    by_part = pd.DataFrame({"part": [0, 0, 5], "ratio": [1.0, 0.5, 0.25]})
    ax = reuse_by_part_figure(by_part).axes[0]
    assert [(t.get_text(), p.get_height()) for t, p in zip(ax.get_xticklabels(), ax.patches, strict=True)] == [
        ("0", 0.75), ("5", 0.25)]


def test_empty_inputs_still_give_a_picture(tmp_path):
    empty = pd.DataFrame(columns=["year", "reuse_ratio", "agency_norm", "cross_copy_share", "kind", "category",
                                  "part", "ratio"])
    for k, fig in enumerate((reuse_by_year_figure(empty), categories_figure(empty),
                             reuse_across_agencies_figure(empty), reuse_by_part_figure(empty))):
        svg = save(fig, tmp_path / f"{k}.svg").read_text(encoding="utf-8")
        assert any(t.startswith("无数据（no data）") for t in _texts(svg))
        assert empty_reason(fig)


def test_files_are_deterministic(tmp_path):
    scores = pd.DataFrame({"year": [2023, 2024], "reuse_ratio": [0.3, 0.6]})
    a = save(reuse_by_year_figure(scores), tmp_path / "a.svg").read_bytes()
    b = save(reuse_by_year_figure(scores), tmp_path / "b.svg").read_bytes()
    assert a == b and b"<dc:date>" not in a
    png = save(reuse_by_year_figure(scores), tmp_path / "a.png").read_bytes()
    assert png.startswith(b"\x89PNG")
