"""Audit pages, unit level: highlight runs, character diffs, escaping, filters, suspicion."""

from __future__ import annotations

import re

from nlp.audit.model import (
    CheckView,
    DiffRun,
    EvidenceCell,
    FindingView,
    MatchView,
    PartView,
    ReportSummary,
    ReportView,
    SentenceView,
    StaleView,
)
from nlp.audit.render import num, pct, render
from nlp.audit.scores import Scores
from nlp.audit.text import Mark, char_diff, locate, segments

SCRIPT = "<script>alert(1)</script>"


def test_locate_finds_units_in_order_and_falls_back_to_the_sentence():
    s = "一是加强培训。一是加强培训。"
    assert locate(s, "一是加强培训。") == (0, 7)
    assert locate(s, "一是加强培训。", cursor=7) == (7, 14)
    assert locate(s, " 一是加强培训。 ") == (0, 7)  # stripped
    assert locate(s, "不在句中") == (0, len(s))
    assert locate(s, "") == (0, len(s))


def test_segments_pick_the_most_suspicious_match_and_keep_stale_mentions():
    text = "2023年，我区主动公开信息1136条。"
    marks = [
        Mark(0, len(text), 0, "near", "self", True),  # template wording from the agency's own report
        Mark(8, 14, 1, "exact", "cross"),  # shared with another agency
        Mark(0, 4, stale="previous_year_as_current"),
    ]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.match_no, s.stale) for s in segs] == [
        ("2023", 0, "previous_year_as_current"), ("年，我区", 0, None), ("主动公开信息", 1, None), ("1136条。", 0, None)]
    cross = segs[2]
    assert cross.relation == "cross" and not cross.template and cross.matches == (1, 0)
    assert segments("", []) == () and segments("abc", []) == (segments("abc", [])[0],)
    view = SentenceView(0, text, 1, 1, True, segs)
    assert view.match_spans() == {0: (0, len(text)), 1: (8, 14)}


def test_char_diff_marks_only_what_changed():
    old, new = char_diff("统计期限自2023年1月1日起", "统计期限自2024年1月1日起")
    assert old == (DiffRun("统计期限自202", False), DiffRun("3", True), DiffRun("年1月1日起", False))
    assert new == (DiffRun("统计期限自202", False), DiffRun("4", True), DiffRun("年1月1日起", False))
    same = char_diff("相同", "相同")
    assert same == ((DiffRun("相同", False),), (DiffRun("相同", False),))
    o, n = char_diff("", "新增")
    assert o == () and n == (DiffRun("新增", True),)


def test_filters():
    assert pct(0.4398) == "44%" and pct(None) == "—" and pct("x") == "—" and pct(0.5, 1) == "50.0%"
    assert num(95.0) == "95" and num(0.5) == "0.5" and num(None) == "—" and num("无") == "无"


def test_suspicion_formula_and_flags():
    s = Scores(self_copy_share=0.3, cross_copy_share=0.1, part5_ratio=0.6, n_failed=5, n_stale=1)
    assert s.suspicion == round(0.3 + 0.2 + 0.6 + 1.0 + 0.25, 4)
    assert s.flags == ("第五部分沿用", "与其他机关相同", "核对未通过", "过时表述")
    assert Scores(reuse_ratio=0.4).suspicion == 0.4  # no self_copy_share: the overall ratio
    assert Scores().suspicion == 0 and Scores().flags == ()


def _hostile_view() -> ReportView:
    t = f"正文{SCRIPT}结束。"
    summary = ReportSummary(id="ab" * 32, page="abab.html", title=f"标题{SCRIPT}", agency=f"机关{SCRIPT}",
                            agency_norm="机关", year=2024, level="county", file_name=f"{SCRIPT}.txt", format="text",
                            pages=1, scores=Scores(reuse_ratio=0.5, prior_year=2023, prior_page="x.html"))
    seg = segments(t, [Mark(0, len(t), 0, "near", "self")])
    match = MatchView(0, 0, 0, 1, "near", "self_copy", "self", "prior_year", 0.9, t, "正文结束。", "cd" * 32, f"机关{SCRIPT} 2023",
                      "cdcd.html", f"旧句{SCRIPT}", *reversed(char_diff("正文结束。", t)))
    check = CheckView(0, "T3-1", f"T3/{SCRIPT}", "fail", f"消息{SCRIPT}", 1, 2,
                      (EvidenceCell("T3", f"行{SCRIPT}", "总计", SCRIPT, "text", 3),), 0, (("text", SCRIPT),))
    finding = FindingView(0, "problem", f"问题{SCRIPT}", SCRIPT, f"键{SCRIPT}", SCRIPT, 0, (), ((0, SCRIPT),),
                          (SCRIPT,))
    return ReportView(summary, (PartView(1, f"总体{SCRIPT}", True, (SentenceView(0, t, 1, 1, True, seg, 0),)),),
                      (match,), (check,), (), (finding,), (StaleView(0, "k", SCRIPT, SCRIPT),))


def test_report_page_escapes_every_piece_of_report_text():
    html = render("report.html", title="xxgk audit", r=_hostile_view(), s=_hostile_view().summary, downloads=(), root="../")
    assert SCRIPT not in html and "<img" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 12
    # the only script element is the site's own file
    assert re.findall(r"<script[^>]*>", html) == ['<script src="../assets/site.js">']
    assert "Content-Security-Policy" in html


def test_index_escapes_agency_and_file_names():
    v = _hostile_view()
    html = render("index.html", title="xxgk audit", reports=[v.summary], plots=[], downloads=(), root="", years=[2024],
                  levels=["county"], note=None, errors=[{"path": SCRIPT, "stage": "read", "reason": SCRIPT}])
    assert SCRIPT not in html and html.count("&lt;script&gt;") >= 4
    assert re.findall(r"<script[^>]*>", html) == ['<script src="assets/site.js">']
