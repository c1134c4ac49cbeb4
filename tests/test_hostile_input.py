"""Hostile and oversized input (issue 12): linear time, bounded memory, regular files only.

One test (or a few) per row of the issue's table; every input is generated here and every run is
bounded by a timeout (subprocesses) so a regression fails instead of hanging.
"""

from __future__ import annotations

import io
import os
import threading
import zipfile

import pytest
import spacy.util
from hostile_support import REAL, SAMPLE, docx_bomb, text_of_size, xxgk

from nlp import parse
from nlp.core.errors import EXIT_CODES, FileTooLargeError, UnsupportedFormatError, error_line
from nlp.ingest import read
from nlp.pipeline.language import _set_sent_starts, load
from nlp.text.tokenize import make_doc, words_and_spaces

ZH = SAMPLE.read_text(encoding="utf-8")


def _error_line(proc, path_part: str) -> str:
    """The one ``xxgk: FILE: reason`` line a failing command prints, checked for no traceback."""
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("xxgk: ") and path_part in lines[0], proc.stderr
    return lines[0]


# -- row: a text of ~350 KB took 24 s (sentence starts set token by token: quadratic) ----------

def test_tokens_and_sentence_starts_match_spacy_on_real_text():
    pipe = load()
    for f in sorted(REAL.glob("*.md")) + [SAMPLE]:
        text = parse(f).narrative
        ref = pipe.make_doc(text)
        doc = make_doc(pipe, text)
        assert [(t.text, t.whitespace_) for t in doc] == [(t.text, t.whitespace_) for t in ref]
        words = [t.text for t in ref]
        assert words_and_spaces(words, text) == spacy.util.get_words_and_spaces(words, text)
        starts = sorted({0, 5, 17, len(doc) - 1})
        _set_sent_starts(doc, starts)
        assert [s.start for s in doc.sents] == starts
        assert [t.i for t in doc if t.is_sent_start] == starts


def test_400_kb_text_parses_within_a_bound(tmp_path):
    data = text_of_size(ZH, 400_000)
    copies = data.count("二、主动公开政府信息情况".encode())
    f = tmp_path / "big.txt"
    f.write_bytes(data)
    proc = xxgk("parse", str(f), "--json", timeout=240)  # took > 120 s before the fix
    assert proc.returncode == 0, proc.stderr
    import json

    report = json.loads(proc.stdout)
    one = parse(SAMPLE)
    assert copies >= 5
    # each copy of the sample contributes its sentences (the last copy may be cut short)
    assert len(report["sentences"]) >= (copies - 1) * len(one.sentences)


# -- row: a narrative over 1,000,000 characters: spaCy's max_length traceback -----------------

def test_narrative_limit_is_checked_before_spacy(tmp_path):
    with pytest.raises(FileTooLargeError) as err:
        parse(SAMPLE, max_chars=1000)
    assert err.value.exit_code == 8 and "XXGK_MAX_CHARS" in err.value.reason
    f = tmp_path / "long.txt"
    f.write_bytes(text_of_size(ZH, 60_000))
    proc = xxgk("parse", str(f), env={"XXGK_MAX_CHARS": "5000"}, timeout=120)
    assert proc.returncode == EXIT_CODES["FileTooLargeError"]
    assert "over the limit of 5000" in _error_line(proc, str(f))


def test_narrative_beyond_spacy_default_max_length_is_allowed_when_configured():
    pipe = load()
    text = "政府信息公开。" * (pipe.max_length // 7 + 10)
    assert len(text) > 1_000_000
    assert len(make_doc(pipe, text)) > 0  # no E088: the configured limit governs, not spaCy's


# -- row: a DOCX whose document.xml inflates to hundreds of MB; a lying zip header ---------------

@pytest.mark.parametrize("lie", [False, True])
def test_docx_bomb_is_refused_quickly(tmp_path, lie):
    bomb = docx_bomb(tmp_path / "bomb.docx", 120 << 20, lie=lie)
    assert bomb.stat().st_size < 2 << 20  # 120 MB of XML in well under 2 MB
    proc = xxgk("parse", str(bomb), timeout=120)
    expected = {EXIT_CODES["FileTooLargeError"], EXIT_CODES["CorruptFileError"]} if lie else {8}
    assert proc.returncode in expected, proc.stderr
    _error_line(proc, str(bomb))


def test_docx_bomb_ratio_limit_counts_inflated_bytes(tmp_path):
    bomb = docx_bomb(tmp_path / "bomb.docx", 30 << 20)
    with pytest.raises(FileTooLargeError, match="inflates to more than"):
        read(bomb)
    os.environ["XXGK_MAX_RATIO"] = "1000"
    try:  # with a permissive ratio the node budget still stops it
        os.environ["XXGK_MAX_NODES"] = "100000"
        with pytest.raises(FileTooLargeError, match="XML elements"):
            read(bomb)
    finally:
        del os.environ["XXGK_MAX_RATIO"], os.environ["XXGK_MAX_NODES"]


def test_docx_entities_are_not_expanded():
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              '<w:p><w:r><w:t>一、总体情况&c;&x;</w:t></w:r></w:p><w:p><w:r><w:t>本机关主动公开信息。</w:t></w:r></w:p>'
              '</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", laughs)
    doc = read(buf.getvalue(), name="laughs.docx")
    text = "\n".join(ln.text for ln in doc.lines)
    assert "哈哈哈" not in text and "root:" not in text and "本机关主动公开信息。" in text


def test_html_node_budget(tmp_path):
    page = ("<html><body>" + "<p>政府信息公开。</p>" * 3000 + "</body></html>").encode()
    with pytest.raises(FileTooLargeError, match="HTML elements"):
        os.environ["XXGK_MAX_NODES"] = "1000"
        try:
            read(page, name="many.html")
        finally:
            del os.environ["XXGK_MAX_NODES"]
    assert len(read(page, name="many.html").lines) == 3000


# -- row: /dev/zero, a FIFO, a stdin pipe ----------------------------------------------------

def test_devices_fifos_and_directories_are_refused(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    for path, what in ((fifo, "FIFO"), ("/dev/zero", "character device"), (tmp_path, "directory")):
        proc = xxgk("parse", str(path), timeout=60)
        assert proc.returncode == EXIT_CODES["UnsupportedFormatError"], proc.stderr
        assert what in _error_line(proc, str(path))
    with pytest.raises(UnsupportedFormatError, match="FIFO"):
        read(fifo)


def test_fifo_with_a_writer_is_still_not_read(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: open(fifo, "wb").write(b"x" * 10), daemon=True)  # noqa: SIM115
    writer.start()
    with pytest.raises(UnsupportedFormatError, match="FIFO"):
        read(fifo)
    open(fifo, "rb").close()  # release the writer thread


def test_stdin_reads_under_the_same_limit():
    data = SAMPLE.read_bytes()
    ok = xxgk("parse", "-", "--json", stdin=data, timeout=120)
    assert ok.returncode == 0, ok.stderr
    import json

    assert len(json.loads(ok.stdout)["sentences"]) == len(parse(SAMPLE).sentences)
    big = xxgk("parse", "-", stdin=data, env={"XXGK_MAX_BYTES": str(len(data) - 1)}, timeout=60)
    assert big.returncode == EXIT_CODES["FileTooLargeError"]
    assert f"over the limit of {len(data) - 1} bytes" in _error_line(big, "<stdin>")


# -- row: /tmp/jieba.cache planted by another user --------------------------------------------

def test_planted_jieba_cache_in_tmp_is_not_used(tmp_path):
    import marshal

    planted = tmp_path / "tmp"
    planted.mkdir()
    (planted / "jieba.cache").write_bytes(marshal.dumps(("not a dict", 0)))
    for name in os.listdir(planted):
        os.chmod(planted / name, 0o666)
    cache_home = tmp_path / "cache"
    proc = xxgk("parse", str(SAMPLE), "--json", timeout=180,
                env={"TMPDIR": str(planted), "XDG_CACHE_HOME": str(cache_home)})
    assert proc.returncode == 0, proc.stderr
    private = cache_home / "xxgk-nlp" / "jieba"
    assert private.is_dir() and (private.stat().st_mode & 0o077) == 0
    assert (private / "jieba.cache").is_file()  # jieba wrote its cache in the private folder


# -- row: unsupported formats get exit 3 with what to do ---------------------------------------

@pytest.mark.parametrize(("name", "data", "advice"), [
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "LibreOffice"),
    ("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "LibreOffice"),
    ("a.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "spreadsheet"),
    ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "spreadsheet"),
    ("a.rtf", b"{\\rtf1\\ansi \\u25919?\\u24220? text}", "LibreOffice"),
    ("a.ofd", b"PK\x03\x04", "OFD"),
    ("a.zip", b"PK\x03\x04", "unpack"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "OCR"),
    ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "OCR"),
])
def test_unsupported_formats_exit_3_with_advice(tmp_path, name, data, advice):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(UnsupportedFormatError) as err:
        read(f)
    assert err.value.exit_code == 3 and advice in error_line(err.value) and str(f) in error_line(err.value)


def test_unsupported_format_on_the_command_line(tmp_path):
    f = tmp_path / "report.wps"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    proc = xxgk("parse", str(f), timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert "soffice --headless --convert-to docx" in _error_line(proc, str(f))


def _zip(names: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, body in names.items():
            zf.writestr(n, body)
    return buf.getvalue()


@pytest.mark.parametrize(("package", "advice"), [
    ({"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<Types/>"}, "Excel"),
    ({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<d/>"}, "OFD"),
])
def test_misnamed_packages_are_recognised_by_content(package, advice):
    data = _zip(package)
    for name in ("report.docx", None):
        with pytest.raises(UnsupportedFormatError, match=advice):
            read(data, name=name, format="docx" if name is None else None)
    with pytest.raises(UnsupportedFormatError, match="LibreOffice"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # no name: sniffed


# -- row: fuzzed PDFs that exit 0 had lost text, sometimes a page, with no warning --------------

def _pdf_with_damaged_page(damage: bytes) -> bytes:
    from test_ingest_pdf import make_pdf, zh

    page = zh("一、总体情况", 72, 100) + zh("本机关全年主动公开政府信息一千二百条。", 72, 140)
    pdf = make_pdf([page, page, page])
    box = b"/MediaBox [0 0 595 842]"
    i = pdf.rfind(box, 0, pdf.rfind(box))  # the second page's
    return pdf[:i] + damage + pdf[i + len(box):]


@pytest.mark.parametrize("damage", [b"/MediaBox [0 0 595]", b"/MediaBox [0 0 595 842] /Rotate /x"])
def test_a_damaged_pdf_page_is_a_warning_naming_it(damage):
    doc = read(_pdf_with_damaged_page(damage), name="damaged.pdf")
    assert [w for w in doc.warnings if w.startswith("page 2 could not be read")]
    assert sorted({ln.page for ln in doc.lines}) == [1, 3] and doc.empty_pages == (2,)
    assert sum(ln.text == "本机关全年主动公开政府信息一千二百条。" for ln in doc.lines) == 2


def test_a_damaged_page_tree_keeps_the_pages_before_it():
    doc = read(_pdf_with_damaged_page(b"/MediaBox [0 0 /x 842]"), name="damaged.pdf")
    assert any(w.startswith("page 2 could not be read") for w in doc.warnings)
    assert {ln.page for ln in doc.lines} == {1}


def test_text_coverage_of_real_pdfs_and_the_warning_threshold():
    from nlp.ingest.pdf import MIN_PAGE_COVERAGE, _coverage_warnings

    for f in sorted(REAL.glob("*.pdf"))[:1]:
        report = parse(f)
        assert report.quality.text_coverage is not None and report.quality.text_coverage >= MIN_PAGE_COVERAGE
        assert not [w for w in report.quality.warnings if "characters of its text layer" in w]
    warned = _coverage_warnings({1: (1000, 1000), 2: (1000, 850), 3: (0, 0), 4: (200, 180)})
    assert warned == ["page 2: only 850 of the 1000 characters of its text layer were kept (85%)"]
