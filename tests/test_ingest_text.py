"""Plain-text and Markdown reader: encodings, errors, tab and pipe rows; the 临县 and 上海 2025 files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from nlp.core.errors import EmptyFileError, EncodingError, FileTooLargeError
from nlp.ingest import read

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"
ZH = "沭阳县发展和改革局：朱镕基同志题词，依申请公开政府信息情况。\n二、主动公开政府信息情况\n"



# ---------------------------------------------------------------------------------------------
# Encodings and errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "encoding"), [
    (ZH.encode("gbk"), "gb18030"),
    (ZH.encode("gb18030"), "gb18030"),
    (ZH.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), "utf-16"),
])
def test_encodings_decode_to_the_same_characters(data, encoding):
    doc = read(data, name="a.txt")
    assert [ln.text for ln in doc.lines] == ["沭阳县发展和改革局：朱镕基同志题词，依申请公开政府信息情况。", "二、主动公开政府信息情况", ""]
    assert doc.meta["encoding"] == encoding
    assert doc.format == "text" and doc.lines[0].text[0] != "\ufeff"


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + bytes(range(1, 256)),
    bytes(range(1, 32)) * 40,  # control characters, no NUL
])
def test_binary_named_txt_is_encoding_error(data):
    with pytest.raises(EncodingError) as err:
        read(data, name="binary.txt")
    assert err.value.exit_code == 9 and err.value.path == "binary.txt"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\u3000\u3000\n".encode(), codecs.BOM_UTF8 + b"  \n",
                                  codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_and_whitespace_only(data):
    with pytest.raises(EmptyFileError) as err:
        read(data, name="empty.txt")
    assert err.value.exit_code == 4


def test_markdown_with_only_rules_is_empty():
    with pytest.raises(EmptyFileError):
        read(b"|---|---|\n\n---\n", name="a.md")


def test_size_limit(tmp_path):
    with pytest.raises(FileTooLargeError):
        read(ZH.encode() * 10, name="a.txt", max_bytes=100)
    f = tmp_path / "big.txt"
    f.write_bytes(ZH.encode() * 10)
    with pytest.raises(FileTooLargeError) as err:
        read(f, max_bytes=100)
    assert err.value.exit_code == 8 and err.value.path == str(f)
    assert read(f, max_bytes=10_000).lines[0].text.startswith("沭阳县")


# ---------------------------------------------------------------------------------------------
# Lines, pages, table rows
# ---------------------------------------------------------------------------------------------


def test_lines_stay_as_they_are_and_form_feeds_start_pages():
    doc = read("第一页第一行\n  缩进行\r\n第一页末行\f第二页首行\n\f\f第四页\n".encode(), name="a.txt")
    assert [(ln.text, ln.page) for ln in doc.lines] == [
        ("第一页第一行", 1), ("  缩进行", 1), ("第一页末行", 1), ("第二页首行", 2), ("第四页", 4), ("", 4)]
    assert doc.pages == 4
    assert not any(ln.hard_break for ln in doc.lines)


def test_tab_rows_become_cells():
    data = "第二十条第（八）项\t\n信息内容\t本年收费金额（单位：万元）\n\t\t自然人\t法人\n\t正文缩进\n".encode()
    doc = read(data, name="a.txt")
    assert [ln.cells for ln in doc.lines[:3]] == [
        ("第二十条第（八）项", ""), ("信息内容", "本年收费金额（单位：万元）"), ("", "", "自然人", "法人")]
    assert doc.lines[1].text == "信息内容\t本年收费金额（单位：万元）"
    # a tab only before the text is indentation, not a table row
    assert doc.lines[3].cells is None and doc.lines[3].text == "\t正文缩进"


def test_markdown_pipe_rows_separators_headings():
    md = """## 表二：主动公开政府信息情况
| 信息内容 | 本年制发件数 |
|---|:---:|
规章 | 3 | 13
| 规章 | 22 | 235 |
| 1.属于国家秘密 | 4 |  |
**（一）主要问题**
---
不是|表格
"""
    doc = read(md.encode(), name="a.md")
    assert doc.format == "markdown"
    got = [(ln.text, ln.cells) for ln in doc.lines]
    assert got == [
        ("表二：主动公开政府信息情况", None),
        ("信息内容\t本年制发件数", ("信息内容", "本年制发件数")),
        ("规章\t3\t13", ("规章", "3", "13")),
        ("规章\t22\t235", ("规章", "22", "235")),
        ("1.属于国家秘密\t4\t", ("1.属于国家秘密", "4", "")),
        ("（一）主要问题", None),
        ("不是|表格", None),
        ("", None),
    ]


def test_text_mode_keeps_rules_and_hashes():
    doc = read("# 不是标题\n|---|---|\n".encode(), name="a.txt")
    assert doc.lines[0].text == "# 不是标题" and doc.lines[0].cells is None
    assert doc.lines[1].cells == ("---", "---")


# ---------------------------------------------------------------------------------------------
# Real files
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def linxian():
    return read(SAMPLE)


def test_linxian_narrative(linxian):
    texts = [ln.text for ln in linxian.lines if ln.text]
    assert texts[0] == "临县 2023 年政府信息公开工作 年度报告"
    assert texts[-2:] == ["临县人民政府办公室", "2024 年 1 月 30 日"]
    # the sentence split by the page break stays split: the reader does not join lines
    i = next(k for k, t in enumerate(texts) if t.endswith("三是进一步做好"))
    assert texts[i + 1].startswith("临县人民政府公报工作。")
    assert linxian.format == "text" and linxian.pages == 1 and linxian.meta["encoding"] == "utf-8"


def test_linxian_tab_flattened_tables(linxian):
    rows = [ln.cells for ln in linxian.lines if ln.cells is not None]
    assert ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数") in rows
    assert ("行政规范性文件", "3", "13", "4") in rows
    assert ("行政许可", "11141", "", "") in rows
    assert ("行政事业性收费", "12557") in rows
    assert ("一、本年新收政府信息公开申请数量", "", "11", "0", "0", "0", "0", "0", "11", "") in rows
    # the T3 row that lost its total cell: label, sub-label, 8 and five zeros only
    assert ("", "(四) 无法提供", "1. 本机关不掌握相关政府信息", "8", "0", "0", "0", "0", "0") in rows
    assert ("", "(七) 总计", "11", "0", "0", "0", "0", "0", "11") in rows
    assert ("0",) * 15 in rows
    assert all(ln.table is None for ln in linxian.lines)  # text has no recovered grids


def test_shanghai_2025_markdown(real_dir):
    doc = read(real_dir / "上海市人民政府办公厅-2025.md")
    assert doc.format == "markdown"
    texts = [ln.text for ln in doc.lines]
    assert texts[:3] == ["正文", "2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"]
    assert "— 1 —" in texts  # page footers stay; nlp.ingest.clean removes them
    assert "表二：主动公开政府信息情况" in texts and not any(t.startswith("##") for t in texts)
    assert not any(set(t) <= set("|-\t ") and t for t in texts)  # separator rows dropped
    rows = [ln.cells for ln in doc.lines if ln.cells is not None]
    assert ("规章", "22", "235") in rows
    assert ("一、本年新收政府信息公开申请数量", "1259", "36", "0", "0", "0", "0", "1295") in rows
    assert ("1.属于国家秘密", "4", "0", "0", "0", "0", "0", "4", "") in rows
    assert ("（七）总计", "1139", "48", "0", "0", "4", "0", "1191") in rows
    assert ("40", "0", "10", "5", "55", "2", "0", "4", "6", "12", "6", "0", "9", "7", "22") in rows
    # the part-five heading is missing in this file; the reader does not invent one
    assert "（一）2024 年工作中存在问题的改进情况" in texts
    assert not any(t.startswith("五、") for t in texts)


def test_a_few_damaged_bytes_are_replaced_with_a_warning() -> None:
    # encoding damage as seen in mirrors: one broken byte in an otherwise valid UTF-8 report
    good = SAMPLE.read_bytes()
    damaged = good[:300] + b"\xff" + good[300:]
    doc = read(damaged, name="damaged.txt")
    text = "\n".join(ln.text for ln in doc.lines)
    assert "\ufffd" in text and "进一步做好" in text
    assert any("U+FFFD" in w for w in doc.warnings)
    # mostly damage is not text: still refused
    with pytest.raises(EncodingError):
        read(b"\xff\xfe\xfd" * 200 + "政府".encode(), name="junk.txt")
