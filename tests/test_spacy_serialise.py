"""spaCy-native: a parsed report's Doc serialises (to_bytes, DocBin), a saved pipeline loads with
``spacy.load`` in a process that never imported ``nlp``, ``import nlp.core.errors`` does not load spaCy,
and a broken ``nlp.tables`` import is an error, not a report without tables."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib import import_module
from pathlib import Path

import pytest
import spacy
from conftest import REAL, parsed
from spacy.tokens import Doc, DocBin

import nlp
from nlp.core.errors import ModelError
from nlp.partmodel.model import model_digest
from nlp.partmodel.shipped import SHA256
from nlp.tables import Tables

REPORT = REAL / "淮安市洪泽区人民政府-2024.pdf"


def _sentences(doc: Doc) -> list[tuple[int, int, int, str, float, int]]:
    return [(s.start_char, s.end_char, s._.part, s._.part_source, s._.part_score, s._.page)
            for s in doc.spans["sentences"]]


def test_docbin_round_trip_of_a_real_report() -> None:
    report = parsed(str(REPORT))
    doc = report.doc
    assert len(report.sentences) > 20 and report.findings  # the test means something
    docs = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    back = next(DocBin().from_bytes(docs).get_docs(nlp.load().vocab))
    assert back.text == doc.text == report.narrative
    assert _sentences(back) == _sentences(doc)
    # what the Report was built from survives: sentence parts, part spans, layout, findings
    assert [(s.start, s.end, s.part, s.page) for s in report.sentences] == [
        (s.start_char, s.end_char, s._.part, s._.page) for s in back.spans["sentences"]]
    assert [(g.label_, g.start_char, g.end_char) for g in back.spans["parts"]] == [
        (g.label_, g.start_char, g.end_char) for g in doc.spans["parts"]]
    assert back._.layout == doc._.layout
    assert back._.layout.headings[2] == "主动公开政府信息情况"  # as 洪泽区 2024 prints it (二、…)
    assert back._.findings == tuple(report.findings)
    assert [s.text for s in back.spans["problems"]] == [s.text for s in doc.spans["problems"]]


def test_doc_to_bytes_round_trip() -> None:
    doc = parsed(str(REPORT)).doc
    back = Doc(nlp.load().vocab).from_bytes(doc.to_bytes())
    assert _sentences(back) == _sentences(doc)
    assert back._.layout.narrative == doc.text


FRESH = textwrap.dedent("""
    import json, sys
    import spacy
    assert "nlp" not in sys.modules, "the test must not import nlp before spacy.load"
    pipe = spacy.load(sys.argv[1])
    doc = pipe(open(sys.argv[2], encoding="utf-8").read())
    print(json.dumps({"pipe": pipe.pipe_names,
                      "parts": [[s.start_char, s.end_char, s._.part] for s in doc.spans["sentences"]]}))
""")


def test_saved_pipeline_loads_in_a_fresh_process(tmp_path: Path) -> None:
    text = parsed(str(REPORT)).narrative
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    pipe = nlp.load()
    pipe.to_disk(tmp_path / "pipe")
    # the model travels with the pipeline: the shipped model's files, digest as pinned in the package
    assert model_digest(tmp_path / "pipe" / "xxgk_parts" / "model") == SHA256
    here = pipe(text)  # no layout: the model decides every part
    want = [[s.start_char, s.end_char, s._.part] for s in here.spans["sentences"]]
    assert len({p for *_, p in want}) >= 3  # several parts, so equality says something
    proc = subprocess.run([sys.executable, "-c", FRESH, str(tmp_path / "pipe"), str(tmp_path / "text.txt")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["pipe"] == ["xxgk_sentences", "xxgk_parts", "xxgk_findings"]
    assert got["parts"] == want


def test_saved_pipeline_without_its_model_is_an_error(tmp_path: Path) -> None:
    nlp.load().to_disk(tmp_path / "pipe")
    (tmp_path / "pipe" / "xxgk_parts" / "model" / "parts.npz").unlink()
    with pytest.raises(ModelError, match="part model unreadable"):
        spacy.load(tmp_path / "pipe")


def test_parts_config_ignore_headings() -> None:
    report = parsed(str(REPORT))
    pipe = nlp.load()
    cfg = pipe.config["components"]["xxgk_parts"]
    assert cfg == {"factory": "xxgk_parts", "ignore_headings": False}
    model_only = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    model_only.add_pipe("xxgk_sentences")
    model_only.add_pipe("xxgk_parts", config={"ignore_headings": True})
    doc = model_only.make_doc(report.narrative)
    doc._.layout = report.doc._.layout
    for _, proc in model_only.pipeline:
        doc = proc(doc)
    assert {s._.part_source for s in doc.spans["sentences"]} == {"model"}
    assert "heading" in {s.part_source for s in report.sentences}


def test_import_errors_does_not_load_spacy() -> None:
    code = "import sys, nlp.core.errors; print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'pandas')))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_broken_tables_import_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nlp.tables", None)  # `import nlp.tables` now raises ImportError
    monkeypatch.delitem(sys.modules, "nlp.pipeline.parsing", raising=False)
    monkeypatch.delitem(vars(nlp), "parse", raising=False)
    with pytest.raises(ImportError, match="nlp.tables"):
        import_module("nlp.pipeline.parsing")
    with pytest.raises(ImportError, match="nlp.tables"):
        nlp.parse(str(REPORT))


def test_report_tables_is_typed() -> None:
    report = parsed(str(REPORT))
    assert isinstance(report.tables, Tables)
    assert report.tables.table("T3").found
    assert set(report.to_dict()["tables"]) == {"T2", "T3", "T4"}
