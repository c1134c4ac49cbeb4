"""The fast PDF path (PDFium glyphs and rulings) against the pdfminer/pdfplumber reference path.

Both engines must give the same Document and the same report: sentences (text and part), table
cells and quality fields, on the real PDFs and on generated ones (ruled tables drawn with lines,
rectangles, invisible white backgrounds, curves; unmapped glyphs) and a vertical label. The real PDFs
must really be read by PDFium: no page of them falls back to pdfplumber.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_tables_shapes import _pdf

from nlp.core.errors import ConfigError
from nlp.ingest import pdfium as fast
from nlp.ingest.pdf import read_pdf
from nlp.pipeline import parse

REAL = sorted((Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real").resolve().glob("*.pdf"))


def _both(data: bytes, name: str):  # type: ignore[no-untyped-def]
    return (read_pdf(data, path=name, sha256="-", ocr="never", engine="pdfminer"),
            read_pdf(data, path=name, sha256="-", ocr="never", engine="pdfium"))


def test_there_are_real_pdfs() -> None:
    assert len(REAL) >= 3


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_pdf_same_document_and_report(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    ref, got = _both(data, path.name)
    assert got == ref  # lines (text, page, indent, width, cells), tables, warnings, coverage, …
    reports = {}
    for engine in ("pdfminer", "pdfium"):
        monkeypatch.setenv("XXGK_PDF_ENGINE", engine)
        reports[engine] = parse(data, name=path.name, ocr="never")
    a, b = reports["pdfminer"], reports["pdfium"]
    assert len(a.sentences) > 20 and a.tables.to_dict()["T3"]  # real content on both sides
    assert [(s.text, s.part, s.page) for s in b.sentences] == [(s.text, s.part, s.page) for s in a.sentences]
    assert b.parts == a.parts
    assert b.tables.to_dict() == a.tables.to_dict()
    assert b.quality == a.quality


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_page_of_the_real_pdfs_is_read_by_pdfium(path: Path) -> None:
    import pdfplumber

    data = path.read_bytes()
    doc = fast.open_document(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    pages = [fast.read_page(doc, i, w, h) for i, (w, h) in enumerate(sizes)]
    doc.close()
    assert all(p is not None for p in pages)
    glyphs = sum(len(p.glyphs) for p in pages if p is not None)
    ruled = [p for p in pages if p is not None and p.edges]
    assert glyphs > 1000 and ruled  # the text and the table rulings come from PDFium


ROWS = [("项目", "本年新增", "本年撤销"), ("规章", "3", "1"), ("规范性文件", "12", "4")]


def _ruled_page(c, *, rects: bool) -> None:  # type: ignore[no-untyped-def]
    c.setFont("STSong-Light", 12)
    c.drawString(60, 800, "二、主动公开政府信息情况")
    c.setFillColorRGB(1, 1, 1)
    c.rect(50, 600, 495, 180, stroke=0, fill=1)  # a white paragraph background: not a ruling
    c.setFillColorRGB(0, 0, 0)
    xs, ys = [60, 220, 380, 540], [760, 730, 700, 670]
    if rects:  # the grid as stroked cell rectangles
        for i in range(3):
            for j in range(3):
                c.rect(xs[j], ys[i + 1], xs[j + 1] - xs[j], ys[i] - ys[i + 1], stroke=1, fill=0)
    else:  # the grid as single lines
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            c.drawString(xs[j] + 6, ys[i] - 20, text)
    c.roundRect(60, 560, 200, 40, 8, stroke=1, fill=0)  # curves: no table
    c.drawString(70, 575, "本机关2023年主动公开政府信息。")


@pytest.mark.parametrize("rects", [False, True], ids=["lines", "rects"])
def test_generated_ruled_table_same_on_both_engines(rects: bool) -> None:
    data = _pdf(lambda c: _ruled_page(c, rects=rects))
    ref, got = _both(data, "ruled.pdf")
    assert got == ref
    assert len(got.tables) == 1 and got.tables[0].rows == tuple(tuple(r) for r in ROWS)
    doc = fast.open_document(data)
    page = fast.read_page(doc, 0, 595.0, 842.0)
    doc.close()
    assert page is not None and page.edges  # read by PDFium, not by the fallback


def test_vertical_label_read_by_pdfium() -> None:
    """洪泽区 2023 prints the row-group label 三、本年度办理结果 downwards (a vertical CID font) in
    the merged first column of its table 3: PDFium's glyphs stand in one column, top to bottom,
    and the label is one cell on both engines."""
    path = next(p for p in REAL if p.name == "淮安市洪泽区人民政府-2023.pdf")
    data = path.read_bytes()
    doc = fast.open_document(data)
    page = fast.read_page(doc, 2, 595.0, 842.0)
    doc.close()
    assert page is not None
    text = "三、本年度办理结果"
    starts = [i for i in range(len(page.glyphs)) if "".join(g["text"] for g in page.glyphs[i:i + len(text)]) == text]
    assert starts
    label = page.glyphs[starts[0]:starts[0] + len(text)]
    assert len({round(g["x0"], 1) for g in label}) == 1  # one column
    assert all(b["top"] > a["bottom"] - 0.5 for a, b in zip(label, label[1:], strict=False))  # downwards
    ref, got = _both(data, path.name)
    assert got == ref
    assert any(row[0] == "三、本年度办理结果" for t in got.tables for row in t.rows)


def test_unmapped_glyphs_fall_back_to_pdfminer_and_are_counted() -> None:
    from test_ingest_pdf import make_pdf, zh

    data = make_pdf([zh("政府信息公开", 74, 100) + "BT /F3 16 Tf 1 0 0 1 170 742 Tm <004100420043> Tj ET\n",
                     zh("第二页", 74, 100)])
    doc = fast.open_document(data)
    first, second = fast.read_page(doc, 0, 595.0, 842.0), fast.read_page(doc, 1, 595.0, 842.0)
    doc.close()
    assert first is None  # PDFium would have read "ABC": pdfminer reads this page
    assert second is not None and "".join(g["text"] for g in second.glyphs) == "第二页"
    ref, got = _both(data, "cid.pdf")
    assert got == ref and got.cid_chars == 3


def test_engine_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fast.pdf_engine(None) == "pdfium"
    monkeypatch.setenv("XXGK_PDF_ENGINE", " PDFminer ")
    assert fast.pdf_engine(None) == "pdfminer"
    assert fast.pdf_engine("pdfium") == "pdfium"  # the parameter wins over the environment
    monkeypatch.setenv("XXGK_PDF_ENGINE", "poppler")
    with pytest.raises(ConfigError):
        read_pdf(REAL[0].read_bytes(), path="x.pdf", sha256="-")


def test_reference_engine_never_touches_pdfium(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("PDFium used by the pdfminer engine")

    monkeypatch.setattr("nlp.ingest.pdf.read_page", refuse)
    doc = read_pdf(REAL[0].read_bytes(), path="x.pdf", sha256="-", ocr="never", engine="pdfminer")
    assert doc.tables and doc.lines
