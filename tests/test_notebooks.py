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
    "01_one_report": ('class="spans"', "problem · ", "commitment · ", "总计"),
    "02_corpus": ("parsed, 0 failed", "<svg", "reuse_ratio"),
    "03_copy_paste_audit": ("reuse ratio", "<del>", "<ins>", "report pages;"),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path):
    nb = nbformat.read(path, as_version=4)
    # the kernel runs on this interpreter (the project's .venv): jupyter_client replaces the kernelspec's
    # "python" with sys.executable
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    text = _text(nb)
    assert "Traceback" not in text
    for want in EXPECT[path.stem]:
        assert want in text, (path.name, want)
