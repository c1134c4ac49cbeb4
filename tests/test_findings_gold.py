"""The gold files (tests/gold) and the extraction scored against them (acceptance 2 and 4).

The gold items were typed from reading each document. These tests check that every typed text is
verbatim in the document (read here with pdfplumber / BeautifulSoup / plain text, independently
of the pipeline), that the gold files are well formed, and that ``xxgk eval findings`` reaches
precision and recall >= 0.9 per kind and prints category accuracy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REAL, parsed, real_files

from nlp.cli.eval_text import findings_text
from nlp.core.errors import ConfigError
from nlp.findings import categories
from nlp.findings.evaluate import THRESHOLD, evaluate
from nlp.findings.gold import load_gold

GOLD = Path(__file__).parent / "gold"


def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    elif path.suffix == ".html":
        from bs4 import BeautifulSoup

        text = BeautifulSoup(path.read_text("utf-8"), "lxml").get_text("\n")
    else:
        text = path.read_text("utf-8")
    text = re.sub(r"^\s*[-—]\s*\d+\s*[-—]\s*$", "", text, flags=re.M)  # page footers
    return re.sub(r"\s+", "", text)


def test_gold_files_well_formed():
    names = {c.name for c in categories()}
    golds = load_gold(GOLD)
    assert len(golds) == 7
    for g in golds:
        raw = json.loads(Path(g.path).read_text("utf-8"))
        assert raw["notes"]
        for i, it in enumerate(g.items):
            assert it.kind in ("problem", "commitment", "improvement")
            assert it.category in names, (g.file, it.text)
            for a in it.answers:
                assert g.items[a].kind == "problem" and a != i
            if it.kind != "problem":
                assert it.detail, (g.file, it.text)


def test_every_real_report_has_a_gold_file():
    assert {g.file for g in load_gold(GOLD)} == {p.name for p in real_files()}


@pytest.mark.parametrize("gold", load_gold(GOLD), ids=lambda g: g.file)
def test_gold_texts_are_verbatim_in_the_document(gold):
    text = document_text(REAL / gold.file)
    for it in gold.items:
        for s in (it.text, it.detail, *it.alt):
            assert re.sub(r"\s+", "", s) in text, s


def test_eval_precision_recall_and_category_accuracy():
    result = evaluate(GOLD, REAL, parse=lambda p: parsed(p))
    assert result.ok
    assert [k.kind for k in result.kinds] == ["problem", "commitment", "improvement", "overall"]
    assert all(k.precision >= THRESHOLD and k.recall >= THRESHOLD and k.passes for k in result.kinds)
    overall = result.kinds[-1]
    assert overall.gold == sum(k.gold for k in result.kinds[:-1]) > 0
    assert [r["kind"] for r in result.rows()] == ["problem", "commitment", "improvement", "overall"]
    assert {f.file for f in result.files} == {g.file for g in load_gold(GOLD)}
    assert all(f.counts is not None for f in result.files)
    report = findings_text(result)
    rows = dict(re.findall(r"^(problem|commitment|improvement|overall)\s+([\d.]+\s+[\d.]+)", report, re.M))
    assert set(rows) == {"problem", "commitment", "improvement", "overall"}
    for kind, pr in rows.items():
        p, r = map(float, pr.split())
        assert p >= 0.9 and r >= 0.9, (kind, p, r)
    acc = float(re.search(r"category accuracy \(extracted items\): ([\d.]+)", report).group(1))
    assert acc >= 0.8
    assert "rules" in report and "leave-one-file-out" in report
    for name in ("ascii-punct", "traditional", "one-line"):
        assert re.search(rf"{name} .*overall P (0\.9\d\d|1\.000) R (0\.9\d\d|1\.000)", report), name


def test_eval_missing_folder(tmp_path):
    with pytest.raises(ConfigError) as exc:
        evaluate(tmp_path / "nope", tmp_path, parsed)
    assert exc.value.path == str(tmp_path / "nope")
    with pytest.raises(ConfigError):
        evaluate(GOLD, tmp_path / "nope", parsed)
