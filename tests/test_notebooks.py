"""Every notebook runs top to bottom (nbclient, a kernel on this interpreter) and is committed
without outputs."""

from __future__ import annotations

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_one_report.ipynb", "02_corpus.ipynb", "03_copy_paste_audit.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (path.name, cell.source[:60])


def _text(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                out.extend(str(v) for k, v in o.data.items() if k in ("text/plain", "text/html", "image/svg+xml"))
            elif o.output_type == "error":
                out.append("\n".join(o.traceback))
    return "\n".join(out)


EXPECT = {
    # displaCy views from nlp.view.display: the parts in colour, then the findings of part 5
    "01_one_report": ('class="entities"', "5 存在的主要问题及改进情况", "问题 · ", "承诺 · ", "总计"),
    "02_corpus": ("parsed, 0 failed", "<svg", "reuse_ratio"),
    "03_copy_paste_audit": ("reuse ratio", "<del>", "<ins>", "report pages;"),
}


def _run(path) -> str:
    nb = nbformat.read(path, as_version=4)
    # the kernel runs on this interpreter (the project's .venv): jupyter_client replaces the kernelspec's
    # "python" with sys.executable
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    text = _text(nb)
    assert "Traceback" not in text
    assert "missing from font" not in text  # Chinese plot labels drawn with the CJK font (nlp.view.plotting)
    assert "CJK font for plots: CJKFont(" in text
    return text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path):
    text = _run(path)
    for want in EXPECT[path.stem]:
        assert want in text, (path.name, want)


def test_corpus_folder_is_configurable(monkeypatch, tmp_path):
    """``XXGK_CORPUS`` replaces ../shared/corpus/real: a folder that does not exist means the sample."""
    missing = tmp_path / "no-corpus-here"
    monkeypatch.setenv("XXGK_CORPUS", str(missing))
    text = _run(ROOT / "notebooks" / "01_one_report.ipynb")
    assert f"real corpus: {missing} False" in text and "临县人民政府" in text
