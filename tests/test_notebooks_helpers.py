"""The public helpers the notebooks use: ``Report.*_frame()``, :mod:`nlp.view.display` (displaCy with
Chinese text kept contiguous, a colour per part) and :mod:`nlp.view.plotting` (the CJK font)."""

from __future__ import annotations

import warnings
from functools import cache

import pytest
from conftest import SAMPLE
from lxml import html as lhtml

import nlp
from nlp.view import plotting
from nlp.view.display import PART_COLORS, findings_html, parts_data, parts_html

# a part-1 sentence of the sample, as the document prints it
SENTENCE = "全年门户网站独立用户访问总数651534个，总访问量3851452次。"


@cache
def _report():
    return nlp.parse(SAMPLE)


def test_sentences_frame_has_every_sentence_with_its_part_name():
    r = _report()
    f = r.sentences_frame()
    assert len(f) == len(r.sentences) and list(f["id"]) == [s.id for s in r.sentences]
    row = f[f["text"].str.contains(SENTENCE, regex=False)].iloc[0]
    assert row["part"] == 1 and row["part_name"] == "总体情况"
    assert r.narrative[int(row["start"]):int(row["end"])] == row["text"]


def test_findings_and_tables_frames_match_the_report():
    r = _report()
    f = r.findings_frame()
    assert len(f) == len(r.findings) >= 3
    assert set(f["kind"]) <= {"problem", "commitment", "improvement"} and "problem" in set(f["kind"])
    assert all(r.narrative[a:b] == t for a, b, t in zip(f["start"], f["end"], f["text"], strict=True))
    t = r.tables_frame()
    assert len(t) == sum(len(r.tables.table(k).cells) for k in r.tables)
    assert set(t["table"]) == set(r.tables) and set(t["state"]) <= {"number", "zero", "empty", "na", "text"}
    for row in t.sample(20, random_state=1).itertuples():
        cell = r.tables.cell(row.table, row.row, row.column)
        assert (cell.raw, cell.state) == (row.raw, row.state)


def test_parts_html_keeps_chinese_text_contiguous_with_a_colour_per_part():
    r = _report()
    html = parts_html(r)
    assert SENTENCE in html  # no space between tokens
    marks = lhtml.fromstring(f"<div>{html}</div>").xpath("//mark")
    parts_shown = sorted({s.part for s in r.sentences})
    assert len(marks) >= len(parts_shown)
    styles = " ".join(m.get("style") for m in marks)
    for p in parts_shown:
        assert f"background: {PART_COLORS[p]}" in styles
    part1 = next(m for m in marks if SENTENCE in m.text_content())
    assert PART_COLORS[1] in part1.get("style") and "1 总体情况" in part1.text_content()
    only5 = parts_data(r, [5])
    assert {e["label"] for e in only5["ents"]} == {"5 存在的主要问题及改进情况"} and SENTENCE not in only5["text"]


def test_findings_html_marks_each_finding_of_part_5():
    r = _report()
    html = findings_html(r, part=5)
    marks = lhtml.fromstring(f"<div>{html}</div>").xpath("//mark")
    inside = [f for f in r.findings if f.part == 5]
    assert inside and all(f.text in html for f in inside)  # contiguous, no spaces added
    # one mark per finding (none of the sample's overlap), its text then its kind · category label
    assert len(marks) == len(inside)
    for m, f in zip(marks, sorted(inside, key=lambda f: f.start), strict=True):
        label = {"problem": "问题", "commitment": "承诺", "improvement": "改进"}[f.kind] + f" · {f.category or '其他'}"
        assert m.text_content().split() == [f.text, *label.split()]


def test_the_cjk_font_is_found_and_used_by_a_users_plot(tmp_path):
    font = plotting.cjk_font(required=True)
    assert font is not None and font.path.is_file()
    from matplotlib.figure import Figure

    with plotting.cjk_style():
        assert plotting.font_file_for() == font.path
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = Figure()
            ax = fig.add_subplot()
            ax.bar(["问题", "承诺"], [3, 2], label="政府信息公开")
            ax.legend()
            fig.savefig(tmp_path / "p.png")
    assert not [str(c.message) for c in caught if "missing from font" in str(c.message)]


def test_without_a_cjk_font_none_is_found_and_required_raises(monkeypatch):
    from matplotlib import font_manager

    monkeypatch.delenv(plotting.FONT_ENV, raising=False)
    monkeypatch.setattr(plotting, "KNOWN_FILES", ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    plotting.find_cjk_font.cache_clear()
    try:
        assert plotting.cjk_font() is None  # DejaVu Sans has no 国
        with pytest.raises(plotting.MissingCJKFont, match="install-fonts.sh"):
            plotting.cjk_font(required=True)
        assert plotting.cjk_rc()["font.sans-serif"] == ["DejaVu Sans"]
    finally:
        plotting.find_cjk_font.cache_clear()
