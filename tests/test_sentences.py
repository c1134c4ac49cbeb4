"""Sentences cover the narrative exactly, with offsets and pages; splitter rules."""

from __future__ import annotations

import re

import pytest
from conftest import REAL, SAMPLE, parsed, real_files

from nlp.text.sentences import split_paragraphs, split_text

PAGE_NO = re.compile(r"(?:^|\s)[-—–]\s*\d{1,3}\s*[-—–](?:\s|$)|第\s*\d+\s*页")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _check_cover(report) -> None:
    joined = "".join(s.text for s in report.sentences)
    assert _squash(joined) == _squash(report.narrative)
    assert [s.id for s in report.sentences] == list(range(len(report.sentences)))
    for s in report.sentences:
        assert _squash(report.narrative[s.start:s.end]) == _squash(s.text)
        assert not PAGE_NO.search(s.text), s.text
        assert s.page >= 1


def test_sample_sentences_cover_narrative() -> None:
    _check_cover(parsed(str(SAMPLE)))


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_real_sentences_cover_narrative_and_skip_table_rows(path) -> None:
    report = parsed(str(path))
    _check_cover(report)
    # table rows are never sentences: T3's row labels followed by figures do not occur in the narrative
    for s in report.sentences:
        assert not re.search(r"(?:本年新收政府信息公开申请数量|上年结转政府信息公开申请数量)\s*\d", s.text), s.text
        assert not re.search(r"结果\s*维持\s*结果\s*纠正", s.text), s.text


def test_sample_page_split_sentence_rejoined() -> None:
    report = parsed(str(SAMPLE))
    hits = [s for s in report.sentences if "进一步做好临县人民政府公报工作" in _squash(s.text)]
    assert len(hits) == 1
    # 一是…；二是… stays one sentence (read from part 5 of the sample)
    problems = [s for s in report.sentences if s.text.startswith("存在问题：一是")]
    assert len(problems) == 1
    assert "二是重点领域信息公开" in problems[0].text and "三是政策解读方式单一" in problems[0].text
    assert problems[0].part == 5


def test_sample_sentence_figures_and_parts() -> None:
    report = parsed(str(SAMPLE))
    texts = {s.text: s for s in report.sentences}
    s = texts["2023年共受理依申请公开11件，全部按时办结，未收取任何与政府信息公开有关费用。"]
    assert s.part == 1 and s.part_source == "heading"
    assert texts["本机关 2023 年度未收取政府信息公开处理费。"].part == 6


def test_pdf_pages_of_sentences() -> None:
    report = parsed(str(REAL / "淮安市洪泽区人民政府-2024.pdf"))
    # page 1 of the PDF ends inside part 1 (（二）依申请公开情况 …予以答复。), page 2 starts with （三）
    s = next(s for s in report.sentences if "区政府办代表区政府受理政府" in _squash(s.text))
    assert s.page == 1
    s = next(s for s in report.sentences if _squash(s.text).startswith("（三）政府信息管理情况"))
    assert s.page == 2


def test_splitter_rules() -> None:
    t = "他说：“好。”然后（见附件。）结束！一是加强；二是推进。最后"
    assert [t[a:b] for a, b in split_text(t)] == ["他说：“好。”", "然后（见附件。）结束！", "一是加强；二是推进。", "最后"]


def test_subheading_stays_in_the_sentence_it_begins() -> None:
    paras = ["（一）主动公开方面", "全年公开规章22件。另有文件34件。"]
    offs = [(0, paras[0]), (len(paras[0]) + 1, paras[1])]
    text = "\n".join(paras)
    spans = split_paragraphs(offs)
    assert [text[a:b] for a, b in spans] == ["（一）主动公开方面\n全年公开规章22件。", "另有文件34件。"]


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    t = "按照“公开为常态原则办理。" + "继续推进工作。" * 30
    assert len(split_text(t)) > 20
