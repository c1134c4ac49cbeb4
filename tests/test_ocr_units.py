"""OCR pieces: uncertain table cells, modes and errors, mixed PDFs, no network, batch marking.

Small inputs only: one real page (or its top third) rasterised here, so each test OCRs at most a
page or two.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import REAL, ROOT, SAMPLE
from ocr_support import image_pdf, page_images

from nlp.core.document import UNCERTAIN_CELL
from nlp.core.errors import ConfigError, EmptyFileError, NoTextLayerError
from nlp.core.tables import parse_cell
from nlp.ingest import read
from nlp.ingest.ocr_tables import Probe, page_tables

HZ24 = REAL / "淮安市洪泽区人民政府-2024.pdf"


def _grid_segments(xs: list[float], ys: list[float]) -> list[tuple[str, float, float, float]]:
    return [("h", y, xs[0], xs[-1]) for y in ys] + [("v", x, ys[0], ys[-1]) for x in xs]


def _glyph(text: str, x0: float, top: float, conf: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 8 * len(text), "top": top, "bottom": top + 12, "size": 12.0,
            "conf": conf}


def test_low_confidence_figures_and_unread_ink_are_read_again_or_uncertain() -> None:
    """A 4×3 ruled grid (planted): a label column and figures read with known confidences, and
    what reading each doubtful cell alone gives."""
    xs, ys = [0.0, 100.0, 150.0, 200.0], [0.0, 20.0, 40.0, 60.0, 80.0]
    glyphs = [_glyph("收到", 10, 4, 0.99), _glyph("12", 110, 4, 0.99), _glyph("7", 160, 4, 0.55),
              _glyph("公开", 10, 24, 0.99), _glyph("3", 110, 24, 0.70), _glyph("0", 160, 24, 0.80),
              _glyph("其他", 10, 44, 0.99), _glyph("5", 110, 44, 0.99),
              _glyph("总计", 10, 64, 0.99), _glyph("8", 110, 64, 0.60)]
    rereads = {(150.0, 0.0): ("1", 0.93), (100.0, 20.0): ("3", 0.91), (150.0, 20.0): ("0", 0.6),
               (150.0, 40.0): ("", 0.0), (150.0, 60.0): ("4", 0.99), (100.0, 60.0): ("6", 0.97)}
    inked = {(150.0, 40.0), (150.0, 60.0)}  # something is printed there but nothing was read
    probe = Probe(ink=lambda box: box[:2] in inked, reread=lambda box: rereads[box[:2]])
    tables, rest = page_tables(_grid_segments(xs, ys), glyphs, 1, 800.0, 1.0, probe)
    assert len(tables) == 1 and rest == []
    cells = {(c.r0, c.c0): c.text for c in tables[0].cells}
    assert cells[(0, 1)] == "12"  # confident: kept
    assert cells[(0, 2)] == UNCERTAIN_CELL + "7"  # alone it reads 1, not confidently enough to replace 7
    assert cells[(1, 1)] == "3"  # low confidence, but read alone it agrees with confidence
    assert cells[(1, 2)] == UNCERTAIN_CELL + "0"  # agrees alone but is not confident
    assert cells[(2, 2)] == UNCERTAIN_CELL  # ink that cannot be read
    assert cells[(3, 2)] == "4"  # ink the line reading missed, read confidently alone
    assert cells[(3, 1)] == "6"  # a doubtful 8 that reads as 6 with high confidence alone
    assert [parse_cell(cells[k]).state for k in ((0, 1), (0, 2), (2, 2))] == ["number", "uncertain", "uncertain"]
    assert parse_cell(cells[(0, 2)]).value is None and parse_cell(cells[(0, 2)]).raw == "7"


@pytest.fixture(scope="module")
def hz24_pages() -> list:
    return page_images(HZ24, 150)


def test_mixed_pdf_reads_text_pages_from_the_text_layer_and_the_scan_by_ocr(tmp_path: Path, hz24_pages) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(HZ24).pages[:2]:
        writer.add_page(page)
    for page in PdfReader(__import__("io").BytesIO(image_pdf([hz24_pages[4]], 150))).pages:
        writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    text = read(HZ24, ocr="never")
    doc = read(mixed, ocr="auto")
    assert doc.ocr_pages == (3,) and 0.9 < doc.ocr_confidence <= 1
    for page in (1, 2):  # text-layer pages: exactly the text reader's lines, no confidence
        assert [ln.text for ln in doc.lines if ln.page == page] == [ln.text for ln in text.lines if ln.page == page]
        assert all(ln.confidence is None for ln in doc.lines if ln.page == page)
    scan = [ln for ln in doc.lines if ln.page == 3]
    want = "".join(ln.text for ln in text.lines if ln.page == 5).replace(" ", "")
    got = "".join(ln.text for ln in scan).replace(" ", "")
    from rapidfuzz.distance import Levenshtein

    assert Levenshtein.normalized_similarity(want, got) >= 0.97
    assert scan and all(0 < ln.confidence <= 1 for ln in scan)
    never = read(mixed, ocr="never")
    assert never.ocr_pages == () and 3 in never.empty_pages


def test_modes(tmp_path: Path, hz24_pages) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf([hz24_pages[0].crop((0, 0, hz24_pages[0].width, 300))], 150))
    with pytest.raises(NoTextLayerError):
        read(scan, ocr="never")
    with pytest.raises(ConfigError):
        read(scan, ocr="sometimes")
    blank = tmp_path / "blank.pdf"
    from PIL import Image

    Image.new("L", (600, 800), 255).save(blank, "PDF", resolution=150)
    with pytest.raises(EmptyFileError) as err:  # OCR ran and found nothing: not "OCR needed"
        read(blank, ocr="auto")
    assert "OCR found no text" in err.value.reason
    proc = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", "--ocr", "never", str(scan)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 7, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", "--ocr", "bogus", str(scan)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 13 and "OCR mode" in proc.stderr


_OFFLINE = """
import socket, sys
def refuse(*a, **k):
    raise OSError("network disabled for this process")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
try:
    socket.create_connection(("127.0.0.1", 9))
except OSError as exc:
    assert "network disabled" in str(exc)
else:
    raise SystemExit("guard inactive")
from nlp.ingest import read
doc = read(sys.argv[1], ocr="always")
print("\\n".join(ln.text for ln in doc.lines))
print("OCR_PAGES", doc.ocr_pages)
"""


def test_ocr_runs_without_network(tmp_path: Path, hz24_pages) -> None:
    """A fresh process whose sockets refuse to connect reads a scan (models ship in the wheel)."""
    top = hz24_pages[0].crop((0, 0, hz24_pages[0].width, 320))
    scan = tmp_path / "top.pdf"
    scan.write_bytes(image_pdf([top], 150))
    script = tmp_path / "offline.py"
    script.write_text(textwrap.dedent(_OFFLINE), encoding="utf-8")
    cmd = [sys.executable, str(script), str(scan)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "淮安市洪泽区人民政府" in proc.stdout and "2024年政府信息公开工作年度报告" in proc.stdout
    assert "OCR_PAGES (1,)" in proc.stdout


def test_batch_marks_ocr_reports(tmp_path: Path, hz24_pages) -> None:
    from nlp.corpus.batch import batch

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(image_pdf(hz24_pages[:1], 150))
    (corpus / "text.txt").write_bytes(SAMPLE.read_bytes())
    db = tmp_path / "c.duckdb"
    result = batch([corpus], db, jobs=1, progress=False, timeout=900)
    assert result.parsed == 2 and result.failed == 0
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT file_name, ocr_pages FROM reports").fetchall())
    conf = dict(con.execute("SELECT file_name, ocr_confidence FROM reports").fetchall())
    assert rows == {"scan.pdf": [1], "text.txt": []}
    assert conf["text.txt"] is None and 0.9 < conf["scan.pdf"] <= 1
