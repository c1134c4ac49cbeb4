"""Part headings found per real report (expected parts read from the documents and MANIFEST.tsv)."""

from __future__ import annotations

import pytest
from conftest import REAL, SAMPLE, parsed

from nlp.ingest.clean import Block
from nlp.text.headings import match_heading
from nlp.text.structure import layout

ALL = {1, 2, 3, 4, 5, 6}
# The headings each document prints (read from the files); 上海 2025's part 5 heading is missing
# according to MANIFEST.tsv: the text jumps to （一）2024 年工作中存在问题的改进情况.
EXPECTED_HEADINGS = {
    "上海市人民政府办公厅-2019.html": ALL,
    "上海市人民政府办公厅-2025.md": ALL - {5},
    "临县人民政府-2023.txt": ALL,
    "沭阳县发展和改革局-2023.html": ALL,
    "淮安市人民政府-2024.pdf": ALL,
    "淮安市洪泽区人民政府-2023.pdf": ALL,
    "淮安市洪泽区人民政府-2024.pdf": ALL,
}


@pytest.mark.parametrize("name", sorted(EXPECTED_HEADINGS))
def test_headings_found_per_document(name: str) -> None:
    report = parsed(str(REAL / name))
    found = {p.part for p in report.parts if p.heading_found}
    assert found == EXPECTED_HEADINGS[name]
    missing = ALL - EXPECTED_HEADINGS[name]
    for part in missing:
        assert any(f"part {part}" in w or str(part) in w.split(":")[-1] for w in report.quality.warnings)


def test_missing_part5_heading_still_gives_part5_text() -> None:
    report = parsed(str(REAL / "上海市人民政府办公厅-2025.md"))
    part5 = report.part_text(5)
    # read from the file: the problems of 2025 follow （二）2025 年工作中存在的主要问题
    assert "2025 年工作中存在的主要问题" in part5
    assert "本年度本机关未收取" not in part5


def test_sample_parts_in_order_with_titles() -> None:
    report = parsed(str(SAMPLE))
    titles = {p.part: p.title for p in report.parts if p.heading_found}
    assert titles[5] == "存在的主要问题及改进情况"
    assert titles[4] == "政府信息公开行政复议、行政诉讼情况"
    assert [s.part for s in report.sentences] == sorted(s.part for s in report.sentences)
    # front matter: title and preamble; closing: signing office and date
    assert report.sentences[0].part == 0 and "年度报告" in report.sentences[0].text
    closing = [s.text for s in report.sentences if s.part == 7]
    assert closing == ["临县人民政府办公室", "2024 年 1 月 30 日"]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("一、 总体情况", 1),
        ("一,、总体情况", 1),
        ("一、工作基本情况", 1),
        ("一、概述", 1),
        ("二、主动公开政府信息的情况", 2),
        ("四、因政府信息公开工作被申请行政复议提起行政诉讼情况", 4),
        ("五、存在的问题及改进措施", 5),
        ("五、存在问题和改进措施", 5),
        ("五、存在的主要问题及整改措施", 5),
        ("五、政府信息公开工作存在的主要问题及改进情况", 5),
        ("六、其他需要报告的事项", 6),
        ("一、主动公开政府信息情况", 2),  # numbering shifted by one: the title decides
    ],
)
def test_heading_variants(text: str, part: int) -> None:
    h = match_heading(text)
    assert h is not None and h.part == part


@pytest.mark.parametrize(
    "text",
    ["一、本年新收政府信息公开申请数量", "三、本年度办理结果", "四、结转下年度继续办理", "五是督察考核到位",
     "（一）主动公开政府信息情况", "本报告分为总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六部分。"],
)
def test_not_headings(text: str) -> None:
    assert match_heading(text) is None


def _blocks(*paras: str) -> list[Block]:
    return [Block(text=p, kind="para", pages=((0, 1),)) for p in paras]


def test_heading_glued_to_first_sentence_and_one_line_report() -> None:
    lay = layout(_blocks("某县2023年政府信息公开工作年度报告",
                         "一、总体情况2023年，我县持续推进政务公开。二、主动公开政府信息情况本年度制发规范性文件3件。"
                         "五、存在的主要问题及改进情况存在问题：一是解读不够。六、其他需要报告的事项本年度未收费。"))
    assert set(lay.headings) == {1, 2, 5, 6}
    by_part = {}
    for p in lay.paragraphs:
        by_part.setdefault(p.heading_part, []).append(p.text)
    assert by_part[1] == ["2023年，我县持续推进政务公开。"]
    assert by_part[2] == ["本年度制发规范性文件3件。"]
    assert by_part[6] == ["本年度未收费。"]


def test_restarted_numbering_for_subtopics() -> None:
    # an agency numbering part 1's sub-topics as 一、…五、 then the template parts
    lay = layout(_blocks("一、总体情况", "一、主动公开", "全年公开信息100条。", "二、依申请公开", "受理申请5件。",
                         "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "一是培训不足。",
                         "六、其他需要报告的事项", "无。"))
    assert lay.headings == {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
                            4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况",
                            6: "其他需要报告的事项"}
    part1 = [p.text for p in lay.paragraphs if p.heading_part == 1]
    assert "受理申请5件。" in part1
