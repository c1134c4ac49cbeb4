"""The spaCy component, the DataFrame view and ``xxgk findings`` (findings_command)."""

from __future__ import annotations

import io
import json
import sys

import spacy
from conftest import REAL, SAMPLE, parsed
from spacy.language import Language
from spacy.tokens import Span

import nlp.pipeline.language  # noqa: F401  (registers Span._.part)
from nlp.findings import to_frame

TEXT = "一、总体情况。全年公开信息100条。\n存在问题：网站栏目更新不够及时，政策解读形式单一。下一步，我局将优化网站栏目；丰富解读形式。\n无。"


@Language.component("test_findings_sentences")
def _sentences(doc):
    spans, start = [], 0
    for k, line in enumerate(doc.text.split("\n")):
        span = doc.char_span(start, start + len(line), alignment_mode="expand")
        span._.part = {0: 1, 1: 5, 2: 6}[k]
        spans.append(span)
        start += len(line) + 1
    doc.spans["sentences"] = spans
    return doc


def test_spacy_component_sets_span_groups():
    pipe = spacy.blank("zh")
    pipe.add_pipe("test_findings_sentences")
    pipe.add_pipe("xxgk_findings")
    doc = pipe(TEXT)
    assert [s.text for s in doc.spans["problems"]] == ["网站栏目更新不够及时", "政策解读形式单一"]
    assert [s.label_ for s in doc.spans["problems"]] == ["平台与网站", "政策解读"]
    assert [s.text for s in doc.spans["commitments"]] == ["优化网站栏目", "丰富解读形式"]
    assert list(doc.spans["improvements"]) == []
    assert len(doc._.findings) == 4 and isinstance(doc.spans["problems"][0], Span)


def test_report_findings_and_frame():
    report = parsed(str(SAMPLE))
    assert report.doc is not None and [s.text for s in report.doc.spans["commitments"]] == [
        "加强业务学习和培训", "推进重点领域信息公开", "创新政务公开形式"]
    df = to_frame(report)
    assert len(df) == len(report.findings) == 9
    assert list(df.columns[:3]) == ["agency", "year", "path"]
    assert set(df["kind"]) == {"problem", "commitment"}
    assert to_frame(list(report.findings)).shape == (9, 10)
    assert report.to_dict()["findings"][0]["text"] == "政府信息公开业务水平有待提高"


def findings_command(paths: list[str], as_json: bool, out: io.StringIO) -> int:
    from cli_support import xxgk

    r = xxgk("findings", *paths, *(["--json"] if as_json else []))
    out.write(r.stdout)
    sys.stderr.write(r.stderr)
    return r.returncode


def test_findings_command_text():
    out = io.StringIO()
    assert findings_command([str(SAMPLE)], as_json=False, out=out) == 0
    text = out.getvalue()
    assert "[问题] 队伍与业务能力 | 政府信息公开业务水平有待提高" in text
    assert "[承诺] 重点领域公开 | 推进重点领域信息公开" in text


def test_findings_command_json_with_tracking():
    out = io.StringIO()
    paths = [str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf")]
    assert findings_command(paths, as_json=True, out=out) == 0
    doc = json.loads(out.getvalue())
    assert doc["schema"] == "xxgk.findings/1"
    assert [r["year"] for r in doc["reports"]] == [2023, 2024]
    (t,) = doc["tracking"]
    assert any(r["text"] == "扎实推进依申请公开工作" and r["word_for_word"] for r in t["repeated"])
    assert set(t["categories"]) == {"2023", "2024"}


def test_findings_command_bad_file(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert findings_command([str(bad)], as_json=False, out=io.StringIO()) == 1
