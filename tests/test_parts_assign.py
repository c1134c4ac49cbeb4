"""Part assignment on the real reports: headings decide, the model fills gaps and contradictions,
``ignore_headings`` uses the model alone. Expected parts come from reading the documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL, parsed

import nlp
from nlp.partmodel.assign import heading_intervals
from nlp.partmodel.data import load_labelled
from nlp.partmodel.decode import is_monotone


def find(report, start: str):
    hits = [s for s in report.sentences if s.text.replace(" ", "").startswith(start.replace(" ", ""))]
    assert hits, f"no sentence starts with {start!r}"
    return hits[0]


def test_shanghai_2025_part5_without_heading_comes_from_the_model():
    r = parsed(str(REAL / "上海市人民政府办公厅-2025.md"))
    first = find(r, "（一）2024 年工作中存在问题的改进情况")
    last = find(r, "（二）2025 年工作中存在的主要问题")
    fee = find(r, "2025 年度本机关未收取信息公开处理费")
    part5 = [s for s in r.sentences if first.id <= s.id <= last.id]
    assert len(part5) >= 8
    assert all(s.part == 5 and s.part_source == "model" for s in part5)
    assert all(s.part_score > 0.5 for s in part5)
    # the note under table T4 stays in part 4 (its heading is there), the fee sentence in part 6
    note = find(r, "注：行政复议、行政诉讼数量含上年度结转数量")
    assert note.part == 4
    assert fee.part == 6 and fee.part_source == "heading"
    # parts 1 (heading 一、总体情况 present) are the heading's
    assert find(r, "（三）政府信息管理方面").part_source == "heading"
    assert is_monotone([s.part for s in r.sentences])


def test_complete_headings_decide_every_sentence():
    r = parsed(str(REAL / "临县人民政府-2023.txt"))
    assert {s.part_source for s in r.sentences} == {"heading"}
    assert find(r, "临县 2023 年政府信息公开工作").part == 0
    assert find(r, "（一）主动公开方面").part == 1
    assert find(r, "存在问题：一是政府信息公开业务水平有待提高").part == 5
    assert find(r, "下一步我们将认真做好以下几方面工作").part == 5
    assert find(r, "本机关 2023 年度未收取政府信息公开处理费").part == 6
    assert find(r, "临县人民政府办公室").part == 7
    assert find(r, "2024 年 1 月 30 日").part == 7


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.iterdir() if p.name != "MANIFEST.tsv"))
def test_model_alone_agrees_with_headings(name):
    with_headings = parsed(str(REAL / name))
    alone = parsed(str(REAL / name), ignore_headings=True)
    assert [s.text for s in alone.sentences] == [s.text for s in with_headings.sentences]
    assert {s.part_source for s in alone.sentences} <= {"model", "model_low"}
    parts = [s.part for s in alone.sentences]
    assert is_monotone(parts)
    labels = load_labelled(REAL / name).labels  # the layout's heading parts
    agree = sum(a == b for a, b in zip(parts, labels, strict=True)) / len(labels)
    assert agree >= 0.95, f"{name}: {agree:.3f}"


def strip_headings(text: str) -> str:
    import re

    return "\n".join(line for line in text.splitlines()
                     if not re.match(r"^\s*[一二三四五六]、(总体情况|主动公开政府信息情况|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)", line))


def test_report_without_headings_in_traditional_characters():
    from nlp.core.convert import to_traditional

    raw = (REAL / "临县人民政府-2023.txt").read_text(encoding="utf-8")
    stripped = strip_headings(raw)
    assert "一、总体情况" not in stripped and "五、存在的主要问题" not in stripped
    r = nlp.parse(to_traditional(stripped).encode("utf-8"), name="臨縣.txt")
    assert not r.doc._.layout.headings
    assert find(r, "臨縣 2023 年政府信息公開工作").part == 0
    assert find(r, "（一）主動公開方面").part == 1
    assert find(r, "存在問題：一是").part == 5
    assert find(r, "本機關 2023 年度未收取政府信息公開處理費").part == 6
    assert find(r, "2024 年 1 月 30 日").part == 7
    assert {s.part_source for s in r.sentences} <= {"model", "model_low"}


def test_contradictory_heading_is_overridden():
    # a sub-topic numbered like a part heading: the layout takes 一、主动公开政府信息情况 for part 2,
    # so part 1 prose would land in part 2; the model puts it back into part 1
    raw = (REAL / "临县人民政府-2023.txt").read_text(encoding="utf-8")
    changed = raw.replace("（一）主动公开方面。", "一、主动公开政府信息情况\n", 1)
    r = nlp.parse(changed.encode("utf-8"), name="x.txt")
    assert r.doc._.layout.headings[2] == "主动公开政府信息情况"
    s = find(r, "三是进一步做好临县人民政府公报工作")
    assert s.part == 1 and s.part_source == "model"
    assert find(r, "（五）监督保障").part == 1
    assert find(r, "存在问题：一是").part == 5 and find(r, "存在问题：一是").part_source == "heading"


def test_heading_intervals():
    # 上海 2025 shape: headings 1-4 and 6 found, layout's fallback part 5, no signature block
    lo, hi = heading_intervals([0, 1, 1, 4, 5, 5, 6], {1, 2, 3, 4, 6})
    assert list(zip(lo, hi, strict=True)) == [(0, 0), (1, 1), (1, 1), (4, 5), (4, 5), (4, 5), (6, 7)]
    lo, hi = heading_intervals([0, 1, 5, 6, 7], {1, 2, 3, 4, 5, 6})
    assert list(zip(lo, hi, strict=True)) == [(0, 0), (1, 1), (5, 5), (6, 6), (7, 7)]
    lo, hi = heading_intervals([0, 0, 3], {3})
    assert list(zip(lo, hi, strict=True)) == [(0, 2), (0, 2), (3, 7)]
    lo, hi = heading_intervals([0, 0, 7], set())  # no heading: the signature block is the model's too
    assert list(zip(lo, hi, strict=True)) == [(0, 7), (0, 7), (0, 7)]


def test_sample_in_repo_parses_the_same(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "corpus" / "samples" / "临县人民政府-2023.txt"
    if sample.exists():
        a = parsed(str(sample))
        assert [s.part for s in a.sentences] == [s.part for s in parsed(str(REAL / "临县人民政府-2023.txt")).sentences]
