"""The spaCy pipeline: jieba with the domain dictionary, components, Doc/Span extensions."""

from __future__ import annotations

from conftest import SAMPLE, parsed

import nlp


def test_extensions_registered_on_import() -> None:
    """``import nlp`` stays light (lazy); importing the spaCy side registers every extension."""
    import subprocess
    import sys

    code = ("import nlp, sys; assert 'spacy' not in sys.modules; import nlp.pipeline.language; "
            "from spacy.tokens import Doc, Span; "
            "assert all(Doc.has_extension(n) for n in ('layout', 'ignore_headings')); "
            "assert all(Span.has_extension(n) for n in ('sent_id', 'part', 'part_source', 'part_score', 'page'))")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_user_dictionary_keeps_domain_terms_whole() -> None:
    pipe = nlp.load()
    assert pipe.lang == "zh"
    doc = pipe.make_doc("加强政策解读，推进依申请公开和政务新媒体建设，清理行政规范性文件。")
    words = [t.text for t in doc]
    for term in ("政策解读", "依申请公开", "政务新媒体", "行政规范性文件"):
        assert term in words


def test_components_on_plain_text() -> None:
    pipe = nlp.load()
    assert {"xxgk_sentences", "xxgk_parts"} <= set(pipe.pipe_names)
    doc = pipe("一是加强培训；二是完善制度。下一步，我们将继续推进。")
    sents = list(doc.spans["sentences"])
    assert [s.text for s in sents] == ["一是加强培训；二是完善制度。", "下一步，我们将继续推进。"]
    assert [s.text for s in doc.sents] == [s.text for s in sents]
    assert [s._.sent_id for s in sents] == [0, 1]


def test_report_doc_spans_match_sentences() -> None:
    report = parsed(str(SAMPLE))
    doc = report.doc
    spans = list(doc.spans["sentences"])
    assert len(spans) == len(report.sentences)
    for span, s in zip(spans, report.sentences, strict=True):
        assert span.start_char == s.start and span.end_char == s.end and span._.part == s.part
    parts = {int(sp.label_) for sp in doc.spans["parts"]}
    assert parts == {s.part for s in report.sentences}
