"""DOCX reader: paragraphs and tables in body order, merged cells, page breaks, damaged files, template."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from nlp.core.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from nlp.ingest import read

TEMPLATE = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "templates" / "政务公开年报模版.docx"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def to_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def texts(doc) -> list[str]:
    return [ln.text for ln in doc.lines if ln.table is None]


@pytest.fixture(scope="module")
def template():
    return read(TEMPLATE)


# ---------------------------------------------------------------------------------------------
# The official blank template
# ---------------------------------------------------------------------------------------------


def test_template_paragraphs(template):
    assert template.format == "docx" and template.pages == 1
    assert texts(template) == [
        "政府信息公开工作年度报告格式模板",
        "一、总体情况", "（文字描述）",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "（文字描述）",
        "六、其他需要报告的事项", "（文字描述，收取信息处理费情况在此处报告。）",
    ]
    assert all(ln.hard_break for ln in template.lines)


def test_template_t2(template):
    t2 = template.tables[0]
    assert t2.source == "docx" and len(t2.rows) == 14 and {len(r) for r in t2.rows} == {4}
    assert t2.rows[0] == ("第二十条第（一）项",) * 4
    assert t2.rows[1] == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert t2.rows[2] == ("规章", "", "", "")  # blank template: full-width spaces only
    assert t2.rows[3][0] == "行政规范性文件"
    assert t2.rows[5] == ("信息内容",) + ("本年处理决定数量",) * 3
    assert [r[0] for r in t2.rows[6:11]] == ["行政许可", "第二十条第（六）项", "信息内容", "行政处罚", "行政强制"]
    assert t2.rows[12] == ("信息内容",) + ("本年收费金额（单位：万元）",) * 3
    assert t2.rows[13] == ("行政事业性收费", "", "", "")


def test_template_t3_merged_cells(template):
    t3 = template.tables[1]
    assert len(t3.rows) == 28 and {len(r) for r in t3.rows} == {10}
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    # a 3x3 merged corner cell: its text in all nine positions
    assert all(row[:3] == (note,) * 3 for row in t3.rows[:3])
    assert t3.rows[0][3:] == ("申请人情况",) * 7
    assert t3.rows[1][3:] == ("自然人",) + ("法人或其他组织",) * 5 + ("总计",)
    # "商业\n企业" (two paragraphs in one cell) joins into one label
    assert t3.rows[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    assert t3.rows[3] == ("一、本年新收政府信息公开申请数量",) * 3 + ("",) * 7
    # vertical merge: 三、本年度办理结果 covers rows 5..26, （三）不予公开 rows 7..14
    assert [r[0] for r in t3.rows[5:27]] == ["三、本年度办理结果"] * 22
    assert [r[1] for r in t3.rows[7:15]] == ["（三）不予公开"] * 8
    assert t3.rows[7][2] == "1.属于国家秘密" and t3.rows[14][2] == "8.属于行政查询事项"
    assert t3.rows[23][1:3] == ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert t3.rows[26][:3] == ("三、本年度办理结果", "（七）总计", "（七）总计")
    assert t3.rows[27][:3] == ("四、结转下年度继续办理",) * 3


def test_template_t4_and_order(template):
    t4 = template.tables[2]
    assert len(t4.rows) == 4 and {len(r) for r in t4.rows} == {15}
    assert t4.rows[0] == ("行政复议",) * 5 + ("行政诉讼",) * 10
    assert t4.rows[1] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") + ("未经复议直接起诉",) * 5 + ("复议后起诉",) * 5
    assert t4.rows[2][5:] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2
    assert t4.rows[3] == ("",) * 15
    # each table stands right after its part heading, and its rows are lines
    for index, heading in enumerate(["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                     "四、政府信息公开行政复议、行政诉讼情况"]):
        table = template.tables[index]
        assert template.lines[table.line_index - 1].text == heading
        for i, row in enumerate(table.rows):
            assert template.lines[table.line_index + i].cells == row
            assert template.lines[table.line_index + i].table == index


# ---------------------------------------------------------------------------------------------
# Built documents
# ---------------------------------------------------------------------------------------------


def test_paragraphs_tables_in_body_order_with_merges():
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "第二十条第（一）项"
    for c, v in enumerate(["信息内容", "本年制发件数", "现行有效件数"]):
        t.cell(1, c).text = v
    t.cell(2, 0).merge(t.cell(3, 0)).text = "规章"
    t.cell(2, 1).text, t.cell(2, 2).text = "3", "13"
    t.cell(3, 1).text, t.cell(3, 2).text = "4", "14"
    d.add_paragraph("二、主动公开政府信息情况")
    doc = read(to_bytes(d), name="a.docx")
    assert [ln.text for ln in doc.lines] == [
        "一、总体情况", "第二十条第（一）项\t第二十条第（一）项\t第二十条第（一）项", "信息内容\t本年制发件数\t现行有效件数",
        "规章\t3\t13", "规章\t4\t14", "二、主动公开政府信息情况"]
    assert doc.tables[0].rows[3] == ("规章", "4", "14") and doc.tables[0].line_index == 1


def test_soft_breaks_page_breaks_and_whitespace():
    d = docx.Document()
    p = d.add_paragraph("　　第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_page_break()
    d.add_paragraph("第二页")
    doc = read(to_bytes(d), name="a.docx")
    assert [(ln.text, ln.page) for ln in doc.lines] == [("第一行", 1), ("第二行", 1), ("第二页", 2)]
    assert doc.pages == 2


def test_tracked_changes_and_content_controls():
    d = docx.Document()
    p = d.add_paragraph("保留")
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'))
    body = d.element.body
    sdt = parse_xml(f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    body.insert(len(body) - 1, sdt)
    doc = read(to_bytes(d), name="a.docx")
    assert texts(doc) == ["保留插入", "控件内文字"]


def test_one_column_table_is_text():
    d = docx.Document()
    t = d.add_table(rows=2, cols=1)
    t.cell(0, 0).text = "框内第一段"
    t.cell(1, 0).text = "框内第二段"
    doc = read(to_bytes(d), name="a.docx")
    assert texts(doc) == ["框内第一段", "框内第二段"] and doc.tables == ()


def test_core_properties_into_meta():
    d = docx.Document()
    d.core_properties.title = "某县2023年政府信息公开工作年度报告"
    d.add_paragraph("正文")
    doc = read(to_bytes(d), name="a.docx")
    assert doc.meta["docx_title"] == "某县2023年政府信息公开工作年度报告"


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


def test_document_without_text_is_empty():
    d = docx.Document()
    d.add_paragraph("")
    with pytest.raises(EmptyFileError):
        read(to_bytes(d), name="a.docx")


@pytest.mark.parametrize("data", [
    b"PK\x03\x04 this is not really a zip archive",
    b"just some text in a file named .docx",
])
def test_bad_zip_is_corrupt(data):
    with pytest.raises(CorruptFileError) as err:
        read(data, name="bad.docx")
    assert err.value.path == "bad.docx" and err.value.exit_code == 5


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(CorruptFileError, match="word/document.xml"):
        read(buf.getvalue(), name="a.docx")


def test_truncated_docx_is_corrupt():
    d = docx.Document()
    d.add_paragraph("正文" * 200)
    data = to_bytes(d)
    with pytest.raises(CorruptFileError):
        read(data[: len(data) // 2], name="a.docx")


def test_damaged_document_xml_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_bytes(docx.Document()))) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:document><unclosed" if info.filename == "word/document.xml" else data)
    with pytest.raises(CorruptFileError):
        read(buf.getvalue(), name="a.docx")


def test_legacy_doc_and_encrypted_docx():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(UnsupportedFormatError, match=r"\.doc") as err:
        read(ole, name="a.docx")
    assert err.value.exit_code == 3 and "LibreOffice" in err.value.reason
    with pytest.raises(EncryptedFileError):
        read(ole + "EncryptedPackage".encode("utf-16-le"), name="a.docx")
