"""PDF reader (nlp.ingest.pdf): real reports, small PDFs built here, and bad input.

Expected values for the real reports were read off the rendered pages (pypdfium2 renders), not
taken from the reader's output. The small PDFs are written by hand below (Helvetica for Latin, the
non-embedded STSong-Light / UniGB-UCS2-H CMap for Chinese, an Identity-H font without a ToUnicode
map for unmapped glyphs), so their expected content is what was drawn.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nlp.core.document import Document, Line
from nlp.core.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NoTextLayerError
from nlp.ingest import read

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real"
HUAIAN = "淮安市人民政府-2024.pdf"
HZ23 = "淮安市洪泽区人民政府-2023.pdf"
HZ24 = "淮安市洪泽区人民政府-2024.pdf"

# --------------------------------------------------------------------------- PDF builder


def make_pdf(pages: list[str], info: bytes | None = None) -> bytes:
    """A minimal PDF, one content stream per page (A4, 595 x 842 pt)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    desc = add(b"<< /Type /FontDescriptor /FontName /F /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0"
               b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    song = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe)"
               b" /Ordering (GB1) /Supplement 4 >> /DW 1000 /FontDescriptor %d 0 R >>" % desc)
    f2 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
             b" /DescendantFonts [%d 0 R] >>" % song)
    unmapped = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZ /CIDSystemInfo << /Registry (X)"
                   b" /Ordering (Y) /Supplement 0 >> /DW 1000 /FontDescriptor %d 0 R >>" % desc)
    f3 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /XYZ /Encoding /Identity-H /DescendantFonts [%d 0 R] >>"
             % unmapped)
    pages_id = len(objs) + 1 + 2 * len(pages)
    kids = []
    for content in pages:
        data = content.encode("ascii")
        stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R"
                        b" /F2 %d 0 R /F3 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, f1, f2, f3, stream)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = add(info) if info else None
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    out += b" /Info %d 0 R" % info_id if info_id else b""
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def zh(text: str, x: float, baseline: float, size: float = 16) -> str:
    """Chinese text at x, ``baseline`` measured from the top of the page."""
    return f"BT /F2 {size} Tf 1 0 0 1 {x} {842 - baseline} Tm <{text.encode('utf-16-be').hex()}> Tj ET\n"


def latin(text: str, x: float, baseline: float, size: float = 12) -> str:
    return f"BT /F1 {size} Tf 1 0 0 1 {x} {842 - baseline} Tm ({text}) Tj ET\n"


def ruling(xs: list[float], ys: list[float]) -> str:
    """Black grid lines: vertical at xs, horizontal at ys (ys measured from the top)."""
    out = "0 0 0 RG 0.8 w\n"
    for x in xs:
        out += f"{x} {842 - ys[0]} m {x} {842 - ys[-1]} l S\n"
    for y in ys:
        out += f"{xs[0]} {842 - y} m {xs[-1]} {842 - y} l S\n"
    return out


def table(xs: list[float], top: float, rows: list[list[str]], height: float = 28) -> str:
    ys = [top + i * height for i in range(len(rows) + 1)]
    out = ruling(xs, ys)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            out += zh(text, xs[c] + 4, ys[r] + 20, 12)
    return out


def body_of(doc: Document) -> list[Line]:
    return [ln for ln in doc.lines if ln.table is None]


# --------------------------------------------------------------------------- small PDFs

XS = [74.0, 254.0, 386.0, 518.0]


def test_table_and_narrative_are_separated() -> None:
    rows = [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "1", "11"], ["行政规范性文件", "8", "66"]]
    content = zh("二、主动公开政府信息情况", 106, 100) + table(XS, 120, rows) + zh("三、收到和处理政府信息公开申请情况", 106, 260)
    doc = read(make_pdf([content]), name="t.pdf")
    assert doc.format == "pdf" and doc.pages == 1
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.rows == tuple(tuple(r) for r in rows)
    assert t.pages == (1,) and t.source == "pdf"
    assert [ln.text for ln in body_of(doc)] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    row_lines = doc.lines[t.line_index:t.line_index + 3]
    assert [ln.cells for ln in row_lines] == [tuple(r) for r in rows]
    assert all(ln.table == 0 and ln.text == "\t".join(ln.cells or ()) for ln in row_lines)
    assert doc.lines[t.line_index - 1].text == "二、主动公开政府信息情况"


def test_merged_cells_expand_in_grid_and_are_empty_in_row_lines() -> None:
    ys = [120.0, 148.0, 176.0, 204.0]
    content = "0 0 0 RG 0.8 w\n"
    for y in ys:  # full-width horizontal rules
        content += f"74 {842 - y} m 518 {842 - y} l S\n"
    content += f"74 {842 - 120} m 74 {842 - 204} l S\n518 {842 - 120} m 518 {842 - 204} l S\n"
    content += f"254 {842 - 148} m 254 {842 - 204} l S\n386 {842 - 148} m 386 {842 - 204} l S\n"
    content += zh("第二十条第（一）项", 200, 140, 12)
    for r, row in enumerate([["规章", "1", "11"], ["行政规范性文件", "8", "66"]]):
        for c, text in enumerate(row):
            content += zh(text, XS[c] + 4, ys[r + 1] + 20, 12)
    doc = read(make_pdf([content]), name="m.pdf")
    (t,) = doc.tables
    assert t.rows[0] == ("第二十条第（一）项",) * 3
    assert t.rows[1] == ("规章", "1", "11")
    assert doc.lines[t.line_index].cells == ("第二十条第（一）项", "", "")


def test_boxed_prose_is_a_text_frame_not_a_table() -> None:
    # prose drawn in stroked boxes, one per line: a one-column "table" of sentences
    prose = ["本报告由淮安市洪泽区人民政府办公室根据《中华人民共和", "国政府信息公开条例》要求编制此报告。",
             "如对本报告有疑问，请与办公室联系。"]
    content = "0 0 0 RG 1 w\n" + "".join(f"70 {842 - y - 28} 450 28 re S\n" for y in (110, 138, 166))
    content += zh(prose[0], 106, 130) + zh(prose[1], 74, 158) + zh(prose[2], 74, 186)
    doc = read(make_pdf([content]), name="frame.pdf")
    assert doc.tables == ()
    assert [ln.text for ln in doc.lines] == prose
    assert all(ln.cells is None and ln.table is None for ln in doc.lines)
    assert doc.lines[0].indent == pytest.approx(2.0, abs=0.1)


def test_white_paragraph_backgrounds_do_not_make_tables() -> None:
    # WPS shades paragraphs with unstroked white rectangles, one per line, touching each other.
    content = "1 1 1 rg\n" + "".join(f"74 {842 - y - 27} 444 27 re f\n" for y in (80, 107, 134))
    content += zh("级审核、先审后发”程序，落实“三审三校”制度", 74, 100)
    content += zh("好政治关、法律关、政策关、保密关、文字关", 74, 127)
    content += zh("一律不准发布。", 74, 154)
    content += table(XS, 161, [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "0"]])
    doc = read(make_pdf([content]), name="wps.pdf")
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[1] == ("规章", "0", "0")
    assert [ln.text for ln in body_of(doc)][:3] == [
        "级审核、先审后发”程序，落实“三审三校”制度", "好政治关、法律关、政策关、保密关、文字关", "一律不准发布。"]


def test_table_continued_on_next_page_is_one_table() -> None:
    head = [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "1", "11"]]
    p1 = zh("二、主动公开政府信息情况", 106, 600) + table(XS, 700, head + [["行政规范性文件", "8", "66"]])
    p1 += latin("- 1 -", 497, 810)
    p2 = table(XS, 80, [["行政许可", "5", "7"], ["行政处罚", "2", "3"]]) + zh("三、收到和处理政府信息公开申请情况", 106, 200)
    doc = read(make_pdf([p1, p2]), name="cont.pdf")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (1, 2)
    assert [r[0] for r in t.rows] == ["信息内容", "规章", "行政规范性文件", "行政许可", "行政处罚"]
    texts = [ln.text for ln in doc.lines]
    # reading order kept: page 1 rows, the page-number line, page 2 rows
    assert texts.index("- 1 -") == t.line_index + 3
    assert [ln.page for ln in doc.lines] == sorted(ln.page for ln in doc.lines)
    assert sum(1 for ln in doc.lines if ln.table == 0) == 5


def test_heading_between_page_parts_keeps_tables_apart() -> None:
    p1 = table(XS, 700, [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "1", "11"]]) + latin("- 1 -", 497, 810)
    p2 = zh("三、收到和处理政府信息公开申请情况", 106, 70) + table(XS, 90, [["申请", "1", "2"], ["结转", "0", "0"]])
    doc = read(make_pdf([p1, p2]), name="two.pdf")
    assert [t.pages for t in doc.tables] == [(1,), (2,)]


def test_unmapped_glyphs_are_counted_and_removed() -> None:
    content = zh("政府信息公开", 74, 100) + "BT /F3 16 Tf 1 0 0 1 170 742 Tm <004100420043> Tj ET\n"
    doc = read(make_pdf([content]), name="cid.pdf")
    assert doc.cid_chars == 3
    assert [ln.text for ln in doc.lines] == ["政府信息公开"]
    assert "(cid:" not in "".join(ln.text for ln in doc.lines)
    assert any("cid" in w for w in doc.warnings)


def test_empty_page_and_page_number_lines() -> None:
    doc = read(make_pdf([zh("第一页", 74, 100) + latin("- 1 -", 497, 810), "", zh("第三页", 74, 100)]),
               name="e.pdf")
    assert doc.pages == 3
    assert doc.empty_pages == (2,)
    assert [(ln.page, ln.text) for ln in doc.lines] == [(1, "第一页"), (1, "- 1 -"), (3, "第三页")]


def test_indent_and_width_ratio() -> None:
    para = ("本报告由淮安市人民政府办公室根据中华人民共和国政府信息公开条例（国令第七一一号）规定编制。报告所列统计"
            "期限自二〇二四年一月一日至二〇二四年十二月三十一日止。如对本报告有疑问请联系。")
    # justified paragraph, 16 pt: first line indented by two characters, full lines end at x=506
    lines = [para[:25], para[25:52], para[52:79], para[79:]]
    content = zh(lines[0], 106, 100) + "".join(zh(t, 74, 128 + 28 * i) for i, t in enumerate(lines[1:]))
    content += latin("Open Government 2024", 74, 300)
    doc = read(make_pdf([content]), name="g.pdf")
    got = body_of(doc)
    assert [ln.text for ln in got] == lines + ["Open Government 2024"]
    assert got[0].indent == pytest.approx(2.0, abs=0.1)
    assert got[1].indent == pytest.approx(0.0, abs=0.1)
    assert [ln.width_ratio for ln in got[:3]] == [1.0, 1.0, 1.0]
    assert got[3].width_ratio == pytest.approx(len(lines[3]) / 27, abs=0.01)
    assert all(ln.page == 1 and not ln.hard_break for ln in got)


def test_pdf_metadata_hints() -> None:
    title = "\ufeff洪泽区人民政府2023年政府信息公开工作年度报告".encode("utf-16-le")
    info = b"<< /Title <" + title.hex().encode() + b"> /CreationDate (D:20240226144123+06'41') >>"
    doc = read(make_pdf([zh("正文", 74, 100)], info=info), name="meta.pdf")
    assert doc.meta == {"pdf_title": "洪泽区人民政府2023年政府信息公开工作年度报告", "pdf_created": "2024-02-26"}


# --------------------------------------------------------------------------- bad input


def _encrypted(user_password: str) -> bytes:
    import pypdf
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([zh("加密文件", 74, 100)]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_encrypted_pdf_raises(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted("secret"))
    with pytest.raises(EncryptedFileError) as err:
        read(path)
    assert err.value.path == str(path) and "locked.pdf" in str(err.value)
    assert err.value.exit_code == 6


def test_encrypted_pdf_with_empty_user_password_opens() -> None:
    doc = read(_encrypted(""), name="owner-only.pdf")
    assert [ln.text for ln in doc.lines] == ["加密文件"]


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    from PIL import Image as image
    path = tmp_path / "scan.pdf"
    image.new("RGB", (600, 800), "white").save(path, "PDF")
    with pytest.raises(NoTextLayerError) as err:
        read(path, ocr="never")
    assert err.value.path == str(path) and "OCR" in err.value.reason


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = make_pdf([zh("正文", 74, 100)] * 3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError) as err:
        read(path)
    assert err.value.path == str(path)


def test_random_bytes_are_corrupt(tmp_path: Path) -> None:
    noise = bytes((i * 7919 + 13) % 251 for i in range(4096))
    for name, data in (("noise.pdf", noise), ("fake-header.pdf", b"%PDF-1.7\n" + noise)):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CorruptFileError) as err:
            read(path)
        assert err.value.path == str(path) and name in str(err.value)


def test_zero_pages(tmp_path: Path) -> None:
    path = tmp_path / "nopages.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises((CorruptFileError, EmptyFileError)) as err:
        read(path)
    assert err.value.path == str(path)


def test_unexpected_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.ingest import pdf

    def boom(*_args: object) -> None:
        raise KeyError("/Resources")

    monkeypatch.setattr(pdf, "page_tables", boom)
    with pytest.raises(CorruptFileError) as err:
        read(make_pdf([zh("正文", 74, 100)]), name="odd.pdf")
    assert "Resources" in err.value.reason and "KeyError" in err.value.reason


def test_a_batch_time_limit_is_not_reported_as_a_corrupt_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # nlp.corpus.batch_run stops a slow parse by raising its own exception from a SIGALRM handler
    from nlp.ingest import pdf

    class Deadline(Exception):
        pass

    def slow(*_args: object) -> None:
        raise Deadline()

    monkeypatch.setattr(pdf, "page_tables", slow)
    with pytest.raises(Deadline):
        read(make_pdf([zh("正文", 74, 100)]), name="slow.pdf")


# --------------------------------------------------------------------------- real reports


@pytest.fixture(scope="module")
def real() -> dict[str, Document]:
    return {name: read(REAL / name) for name in (HUAIAN, HZ23, HZ24)}


def _row(t: object, label: str) -> tuple[str | None, ...]:
    rows = [r for r in t.rows if label in r]  # type: ignore[attr-defined]
    assert rows, label
    return rows[0]


def _nums(row: tuple[str | None, ...], n: int) -> list[str | None]:
    return list(row[-n:])


def test_real_page_counts_and_quality(real: dict[str, Document]) -> None:
    assert {k: d.pages for k, d in real.items()} == {HUAIAN: 6, HZ23: 5, HZ24: 5}
    for doc in real.values():
        assert doc.format == "pdf" and doc.cid_chars == 0 and doc.empty_pages == ()
        assert len(doc.sha256) == 64


def test_real_metadata(real: dict[str, Document]) -> None:
    assert real[HUAIAN].meta == {"pdf_title": "政府信息公开工作年度报告", "pdf_created": "2025-02-25"}
    assert real[HZ23].meta["pdf_title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert real[HZ23].meta["pdf_created"] == "2024-02-26"


def test_huaian_tables(real: dict[str, Document]) -> None:
    doc = real[HUAIAN]
    assert [t.pages for t in doc.tables] == [(3, 4), (4, 5), (5,)]
    t2, t3, t4 = doc.tables
    assert _row(t2, "规章")[:4] == ("规章", "1", "0", "11")
    assert _row(t2, "行政规范性文件")[:4] == ("行政规范性文件", "8", "26", "66")
    for label, value in (("行政许可", "447228"), ("行政处罚", "3985758"), ("行政强制", "88283"),
                         ("行政事业性收费", "96171.6")):
        assert _row(t2, label)[1] == value
    # T3: 3 header rows + 25 leaf rows, 3 label columns + 7 applicant columns, one table over 4-5
    assert len(t3.rows) == 28 and all(len(r) == 10 for r in t3.rows)
    assert _nums(_row(t3, "一、本年新收政府信息公开申请数量"), 7) == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _nums(_row(t3, "1.本机关不掌握相关政府信息"), 7) == ["746", "12", "0", "0", "10", "1", "769"]
    assert _nums(_row(t3, "2.没有现成信息需要另行制作"), 7) == ["11", "0", "0", "0", "0", "0", "11"]
    assert _nums(_row(t3, "（七）总计"), 7) == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert _nums(_row(t3, "四、结转下年度继续办理"), 7) == ["103", "0", "0", "0", "0", "0", "103"]
    # the group cell cut by the page break ("（四）无" / "法提供") is one cell again
    assert _row(t3, "2.没有现成信息需要另行制作")[:2] == ("三、本年度办理结果", "（四）无法提供")
    assert _row(t3, "1.信访举报投诉类申请")[1] == "（五）不予处理"
    assert t3.rows[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    assert t4.rows[-1] == ("72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20")
    assert t4.rows[0][0] == "行政复议" and t4.rows[0][5] == "行政诉讼"


def test_huaian_lines(real: dict[str, Document]) -> None:
    doc = real[HUAIAN]
    body = body_of(doc)
    texts = [ln.text for ln in body]
    assert texts[0] == "淮安市人民政府"
    first = next(ln for ln in body if ln.text.startswith("本报告由淮安市人民政府办公室"))
    assert first.indent == pytest.approx(2.0, abs=0.3) and first.width_ratio == pytest.approx(1.0, abs=0.02)
    short = next(ln for ln in body if ln.text.startswith("完成了各项任务"))
    assert short.indent == pytest.approx(0.0, abs=0.3) and short.width_ratio < 0.4
    for n in range(1, 7):  # page numbers stay (nlp.ingest.clean removes them)
        assert any(ln.text.replace(" ", "") == f"-{n}-" and ln.page == n for ln in body)
    # headings stand right before their tables; table rows carry their table index
    for t, heading in zip(doc.tables, ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                       "四、政府信息公开行政复议、行政诉讼情况"), strict=True):
        assert doc.lines[t.line_index - 1].text == heading
    assert sum(1 for ln in doc.lines if ln.table == 1) == 28
    assert texts[-2:] == ["办法》，全年收取政府信息公开信息处理费3940元。", "- 6 -"]


@pytest.mark.parametrize("name", [HUAIAN, HZ23, HZ24])
def test_narrative_lines_hold_no_table_text(real: dict[str, Document], name: str) -> None:
    body = "\n".join(ln.text for ln in body_of(real[name]))
    for cell in ("本年制发件数", "本年处理决定数量", "法人或其他组织", "1.本机关不掌握相关政府信息",
                 "勾稽关系", "结转下年度继续办理", "未经复议直接起诉", "社会公益组织"):
        assert cell not in body, cell
    assert "\t" not in body


@pytest.mark.parametrize("name", [HZ23, HZ24])
def test_hongze_text_frames_come_out_as_lines(real: dict[str, Document], name: str) -> None:
    doc = real[name]
    # pages 1 and 5 are prose only (drawn inside white paragraph frames): no tables there
    assert all(1 not in t.pages and 5 not in t.pages for t in doc.tables)
    assert [t.pages for t in doc.tables] == [(2, 3), (3, 4), (4,)]
    assert all(len(r) >= 4 for t in doc.tables for r in t.rows)
    body = body_of(doc)
    year = "2023" if name == HZ23 else "2024"
    preamble = next(ln for ln in body if ln.text.startswith("本报告由淮安市洪泽区人民政府办公室根据"))
    assert preamble.page == 1 and preamble.indent == pytest.approx(2.0, abs=0.3)
    part5 = next(ln for ln in body if ln.text.startswith(f"{year}年，") and ln.page == 4)
    assert part5.cells is None
    assert any(ln.text == "六、其他需要报告的事项" and ln.page == 5 for ln in body)
    assert any(ln.text.startswith("（二）依申请公开情况") and ln.page == 1 for ln in body)
    # page 2: the framed prose right above T2 is narrative, and T2 starts at its own first row
    opener = "（四）政府信息公开平台建设情况" if name == HZ23 else "（三）政府信息管理情况"
    assert any(ln.text.startswith(opener) and ln.page == 2 for ln in body)
    t2 = doc.tables[0]
    assert len(t2.rows) == 14 and t2.rows[0] == ("第二十条第（一）项",) * 4


def test_hongze_2023_tables(real: dict[str, Document]) -> None:
    t2, t3, t4 = real[HZ23].tables
    assert _row(t2, "行政规范性文件")[:4] == ("行政规范性文件", "0", "5", "5")
    # page 3 starts with a header row drawn without a top border
    assert t2.rows[7][0] == "第二十条第（六）项" and t2.rows[8][:2] == ("信息内容", "本年处理决定数量")
    assert [_row(t2, k)[1] for k in ("行政许可", "行政处罚", "行政强制", "行政事业性收费")] == [
        "550", "4119", "195", "7730.28"]
    assert len(t3.rows) == 26
    assert _nums(_row(t3, "一、本年新收政府信息公开申请数量"), 7) == ["21", "0", "0", "0", "0", "0", "21"]
    assert _nums(_row(t3, "2.没有现成信息需要另行制作"), 7) == ["3", "0", "0", "0", "0", "0", "3"]
    assert _row(t3, "3.补正后申请内容仍不明确")[1] == "（四）无法提供"  # first row of page 4
    assert _nums(_row(t3, "（七）总计"), 7) == ["21", "0", "0", "0", "0", "0", "21"]
    assert t4.rows[-1] == ("10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0")


def test_hongze_2024_tables(real: dict[str, Document]) -> None:
    t2, t3, t4 = real[HZ24].tables
    assert _row(t2, "行政规范性文件")[:4] == ("行政规范性文件", "3", "0", "8")
    assert [_row(t2, k)[1] for k in ("行政许可", "行政处罚", "行政强制", "行政事业性收费")] == [
        "9487", "2776", "84", "7545"]
    assert _row(t2, "第二十条第（六）项") and 2 in t2.pages and 3 in t2.pages
    assert _nums(_row(t3, "一、本年新收政府信息公开申请数量"), 7) == ["95", "0", "0", "0", "0", "0", "95"]
    assert _nums(_row(t3, "1.本机关不掌握相关政府信息"), 7) == ["31", "0", "0", "0", "0", "0", "31"]
    assert _row(t3, "2.没有现成信息需要另行制作")[1] == "（四）无法提供"
    assert t4.rows[-1] == ("1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3")


def test_real_read_is_deterministic(real: dict[str, Document]) -> None:
    assert read(REAL / HZ24) == real[HZ24]


def test_real_pdf_cut_in_half_is_corrupt(real: dict[str, Document], tmp_path: Path) -> None:
    data = (REAL / HUAIAN).read_bytes()
    path = tmp_path / HUAIAN
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError) as err:
        read(path)
    assert err.value.path == str(path) and HUAIAN in str(err.value)
