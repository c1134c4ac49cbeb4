"""HTML reader: encodings, page chrome, block lines, span-expanded tables, metadata; two real pages."""

from __future__ import annotations

import codecs

import pytest

from nlp.core.errors import CorruptFileError, EmptyFileError, EncodingError, XxgkError
from nlp.ingest import read
from nlp.ingest.html import declared_charset

FILLER = "本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。" * 8


def texts(doc) -> list[str]:
    return [ln.text for ln in doc.lines if ln.table is None]


def page(body: str, head: str = '<meta charset="utf-8"><title>T</title>') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


# ---------------------------------------------------------------------------------------------
# Real pages
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shuyang(real_dir):
    return read(real_dir / "沭阳县发展和改革局-2023.html")


@pytest.fixture(scope="module")
def shanghai(real_dir):
    return read(real_dir / "上海市人民政府办公厅-2019.html")


def test_shuyang_meta_table_goes_to_meta_not_lines(shuyang):
    assert shuyang.format == "html" and shuyang.pages == 1
    assert shuyang.meta["index_no"] == "014314799/2024-00002"
    assert shuyang.meta["publisher"] == "沭阳县发展和改革局"
    assert shuyang.meta["published"] == "2024-01-17"
    assert shuyang.meta["name"] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert shuyang.meta["html_title"] == "沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局"
    assert shuyang.meta["encoding"] == "utf-8"
    joined = "\n".join(ln.text for ln in shuyang.lines)
    assert "索引号" not in joined and "014314799" not in joined and "发布机构" not in joined
    assert len(shuyang.tables) == 3  # T2, T3, T4; the metadata table is not one


def test_shuyang_lines_in_reading_order(shuyang):
    lines = texts(shuyang)
    # The <h1> title stands outside the #zoomcon article container and is kept as the first line.
    assert lines[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert lines[1].startswith("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求")
    heads = ["一、总体情况", "（一）主动公开政府信息情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及整改措施", "六、其他需要报告的事项"]
    positions = [lines.index(h) for h in heads]
    assert positions == sorted(positions)
    assert lines[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    assert all(ln.hard_break and ln.page == 1 for ln in shuyang.lines)


def test_shuyang_t2_colspan(shuyang):
    t2 = shuyang.tables[0]
    assert t2.source == "html" and len(t2.rows) == 14 and {len(r) for r in t2.rows} == {4}
    assert t2.rows[0] == ("第二十条第（一）项",) * 4
    assert t2.rows[1] == ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    assert t2.rows[3] == ("规范性文件", "8", "0", "18")
    assert t2.rows[5] == ("信息内容",) + ("本年处理决定数量",) * 3
    assert t2.rows[12] == ("信息内容",) + ("本年收费金额（单位：万元）",) * 3
    assert t2.rows[13] == ("行政事业性收费", "0", "0", "0")


def test_shuyang_t3_rowspan_and_colspan(shuyang):
    t3 = shuyang.tables[1]
    assert len(t3.rows) == 28 and {len(r) for r in t3.rows} == {10}
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert t3.rows[0] == (note,) * 3 + ("申请人情况",) * 7
    assert t3.rows[1] == (note,) * 3 + ("自然人",) + ("法人或其他组织",) * 5 + ("总计",)
    assert t3.rows[2] == (note,) * 3 + ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    assert t3.rows[3] == ("一、本年新收政府信息公开申请数量",) * 3 + ("26", "", "", "", "", "", "26")
    assert t3.rows[7] == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", "", "0")
    # rowspan=22 covers rows 5..26; rowspan=3 for （六）其他处理
    assert [r[0] for r in t3.rows[5:27]] == ["三、本年度办理结果"] * 22
    assert [r[1] for r in t3.rows[23:26]] == ["（六）其他处理"] * 3
    assert t3.rows[26] == ("三、本年度办理结果", "（七）总计", "（七）总计", "26", "", "", "", "", "", "26")
    assert t3.rows[27][:4] == ("四、结转下年度继续办理",) * 3 + ("0",)


def test_shuyang_t4_and_table_lines(shuyang):
    t4 = shuyang.tables[2]
    assert len(t4.rows) == 4 and {len(r) for r in t4.rows} == {15}
    assert t4.rows[0] == ("行政复议",) * 5 + ("行政诉讼",) * 10
    assert t4.rows[1][5:] == ("未经复议直接起诉",) * 5 + ("复议后起诉",) * 5
    assert t4.rows[3] == ("0", "0", "0", "1", "1") + ("0",) * 10
    for index, table in enumerate(shuyang.tables):
        for i, row in enumerate(table.rows):
            line = shuyang.lines[table.line_index + i]
            assert line.table == index and line.cells == row and line.text == "\t".join(row)
    assert shuyang.lines[shuyang.tables[2].line_index - 1].text == "四、政府信息公开行政复议、行政诉讼情况"


def test_shanghai_long_p_runs_and_publication_date(shanghai):
    lines = texts(shanghai)
    assert lines[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert shanghai.meta["published"] == "2020-01-31"
    assert shanghai.meta["html_title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert not any("发布日期" in t for t in lines)
    assert lines[1].startswith("本年度报告根据《中华人民共和国政府信息公开条例》")
    assert lines[1].endswith("本年度报告电子版可从“中国上海”门户网站（www.shanghai.gov.cn）下载。")
    i = lines.index("一、总体情况")
    assert lines[i + 2] == "（一）主动公开方面"
    # &lt; &gt; entities decoded inside the text
    assert any("《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in t for t in lines)
    # "<p><br />四、…" gives the heading alone, without an empty line before it
    assert "四、政府信息公开行政复议、行政诉讼情况" in lines
    assert "" not in lines
    assert lines[-4:] == ["（二）改进措施", lines[-3], "六、其他需要报告的事项", "无。"]
    assert lines[-3].startswith("一是深入做好《条例》的贯彻落实。")


def test_shanghai_t2_br_in_cells_and_item_nine(shanghai):
    t2 = shanghai.tables[0]
    assert len(t2.rows) == 18 and {len(r) for r in t2.rows} == {5}
    assert t2.rows[1] == ("信息内容", "本年新制作数量", "本年新公开数量", "本年新公开数量", "对外公开总数量")
    assert t2.rows[2] == ("规章", "13", "13", "13", "524")
    assert t2.rows[6] == ("行政许可", "0", "0", "0", "0")
    assert t2.rows[13] == ("信息内容", "上一年项目数量", "上一年项目数量", "本年增/减", "本年增/减")
    assert t2.rows[15] == ("第二十条第（九）项",) * 5
    assert t2.rows[17] == ("政府集中采购", "6", "6", "251000元", "251000元")


def test_shanghai_t3_rowspan_20_and_nbsp_cells(shanghai):
    t3 = shanghai.tables[1]
    assert len(t3.rows) == 26 and {len(r) for r in t3.rows} == {10}
    assert t3.rows[3] == ("一、本年新收政府信息公开申请数量",) * 3 + ("821", "35", "", "", "2", "1", "859")
    assert [r[0] for r in t3.rows[5:25]] == ["三、本年度办理结果"] * 20
    assert t3.rows[5] == ("三、本年度办理结果", "（一）予以公开", "（一）予以公开", "258", "12", "", "", "1", "1", "")
    assert t3.rows[15] == ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息",
                           "252", "12", "", "", "1", "", "")
    assert t3.rows[23] == ("三、本年度办理结果", "（六）其他处理", "（六）其他处理") + ("",) * 7
    assert t3.rows[24] == ("三、本年度办理结果", "（七）总计", "（七）总计", "767", "35", "", "", "2", "1", "805")
    assert t3.rows[25] == ("四、结转下年度继续办理",) * 3 + ("72", "", "", "", "", "", "72")
    t4 = shanghai.tables[2]
    assert t4.rows[3] == ("5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "")


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------

GBK_TEXT = "沭阳县发展和改革局：朱镕基同志题词，依申请公开政府信息情况。"  # 镕 is GBK, not GB2312


@pytest.mark.parametrize("head", [
    '<meta charset="gbk">',
    '<meta charset=GB2312>',
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    "<meta http-equiv='content-type' content='text/html;charset=GBK'>",
])
def test_declared_gbk(head):
    data = f"<html><head>{head}</head><body><p>{GBK_TEXT}</p></body></html>".encode("gbk")
    doc = read(data, name="a.html")
    assert texts(doc) == [GBK_TEXT]
    assert doc.meta["encoding"] == "gb18030"


def test_declared_charset_sniffing():
    assert declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />') == "gbk"
    assert declared_charset(b'<?xml version="1.0" encoding="GBK"?><html>') == "gbk"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


def test_gbk_without_declaration_is_detected():
    doc = read(f"<html><body><p>{GBK_TEXT}</p></body></html>".encode("gbk"), name="a.html")
    assert texts(doc) == [GBK_TEXT]


def test_utf8_page_declaring_gb2312_is_read_as_utf8():
    data = f'<html><head><meta charset="gb2312"></head><body><p>{GBK_TEXT}</p></body></html>'.encode()
    doc = read(data, name="a.html")
    assert texts(doc) == [GBK_TEXT] and doc.meta["encoding"] == "utf-8"


def test_utf8_bom_and_utf16_bom():
    html = f"<html><body><p>{GBK_TEXT}</p></body></html>"
    assert texts(read(codecs.BOM_UTF8 + html.encode(), name="a.html")) == [GBK_TEXT]
    assert texts(read(codecs.BOM_UTF16_LE + html.encode("utf-16-le"), name="a.html")) == [GBK_TEXT]


def test_a_few_damaged_bytes_are_replaced_with_a_warning():
    good = ("<html><body><p>" + FILLER * 4 + "</p><p>" + GBK_TEXT + "</p></body></html>").encode()
    damaged = good[:40] + b"\xff" + good[40:]
    doc = read(damaged, name="a.html")
    assert doc.meta["encoding"] == "utf-8" and "U+FFFD" in doc.warnings[0]
    assert texts(doc)[1] == GBK_TEXT and texts(doc)[0].startswith("本机关坚持以公开") and "\ufffd" in texts(doc)[0]
    with pytest.raises(EncodingError):  # mostly damaged: refused
        read(b"<p>" + b"\xff\xfe\x80" * 50 + b"</p>", name="a.html")


def test_xml_declaration_is_accepted():
    data = f'<?xml version="1.0" encoding="utf-8"?><html><body><p>{GBK_TEXT}</p></body></html>'.encode()
    assert texts(read(data, name="a.xhtml")) == [GBK_TEXT]


# ---------------------------------------------------------------------------------------------
# Blocks, chrome, metadata
# ---------------------------------------------------------------------------------------------


def test_blocks_br_lists_and_inline_markup():
    body = """<p>　　第一段，<b>加粗</b>与<a href="#">链接</a>。</p><p>甲<br>乙<br/>丙
丁</p><div><span>二、</span><strong>主动公开</strong>政府信息情况</div>
<div>外层文字<div>内层段落</div>尾随文字</div><ul><li>条目一</li><li>条目二</li></ul>
<h2>小标题</h2><pre>第一行\n第二行</pre>"""
    doc = read(page(body), name="a.html")
    assert texts(doc) == ["第一段，加粗与链接。", "甲", "乙", "丙丁", "二、主动公开政府信息情况",
                          "外层文字", "内层段落", "尾随文字", "条目一", "条目二", "小标题", "第一行", "第二行"]
    assert all(ln.hard_break for ln in doc.lines)


def test_scripts_styles_head_and_comments_are_ignored():
    head = "<title>页面标题</title><style>p {color: red}</style><script>var a = '脚本文字';</script>"
    body = "<script>document.write('脚本');</script><noscript>请启用脚本</noscript><!-- 注释 --><p>正文</p>"
    doc = read(page(body, head), name="a.html")
    assert texts(doc) == ["正文"]
    assert doc.meta["html_title"] == "页面标题"


def test_site_chrome_and_widgets_are_dropped():
    body = f"""
<div class="header"><a>首页</a><a>政务公开</a></div>
<nav><ul><li>首页</li><li>信息公开</li></ul></nav>
<div class="crumb">首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="wrap">
  <h1>某县2023年政府信息公开工作年度报告</h1>
  <div class="meta-line">发布时间：2024-01-20 来源：县政府办</div>
  <div id="zoom">
    <p>当前位置：首页 > 政务公开 > 政府信息公开年报</p>
    <p>【字号：大 中 小】 朗读 【打印】【关闭】</p>
    <p>一、总体情况</p><p>{FILLER}</p><p>字号 大 中 小</p><p>打印本页 关闭窗口</p>
    <p>分享到：</p><p>扫一扫在手机打开当前页</p><p>浏览次数：128</p>
    <p>二、主动公开政府信息情况</p>
  </div>
  <div class="bdshare">分享到：微信 微博 QQ空间</div>
</div>
<div class="footer">主办：某县人民政府办公室 网站标识码：1234</div>"""
    doc = read(page(body), name="a.html")
    assert texts(doc) == ["某县2023年政府信息公开工作年度报告", "一、总体情况", FILLER, "二、主动公开政府信息情况"]


def test_site_header_with_logo_heading_is_dropped_but_report_title_kept():
    body = f"""<div class="header"><h1>某县人民政府门户网站</h1></div>
<div class="header"><h1>某县2023年政府信息公开工作年度报告</h1></div><p>{FILLER}</p>"""
    assert texts(read(page(body), name="a.html")) == ["某县2023年政府信息公开工作年度报告", FILLER]


def test_publication_date_line_goes_to_meta():
    doc = read(page(f"<p>某报告</p><p>发布日期：2020-01-31</p><p>{FILLER}</p>"), name="a.html")
    assert doc.meta["published"] == "2020-01-31"
    assert texts(doc) == ["某报告", FILLER]
    doc = read(page("<p>发布时间：2024年1月7日</p><p>正文</p>"), name="a.html")
    assert doc.meta["published"] == "2024-01-07"


def test_narrative_mentioning_widgets_is_kept():
    keep = ["全年门户网站总访问量3851452次。", "2024年1月17日", "推广“扫一扫”办事功能，方便群众在手机上查询政策文件和办事指南等信息。",
            "二是严格执行打印、复印和关闭端口等保密管理制度。"]
    doc = read(page("".join(f"<p>{t}</p>" for t in keep)), name="a.html")
    assert texts(doc) == keep


def test_article_container_preferred_over_page():
    body = f"""<div id="main"><div class="left"><p>左侧栏目一</p><p>左侧栏目二</p></div>
<div class="TRS_Editor"><p>一、总体情况</p><p>{FILLER}</p></div>
<div class="right"><p>相关链接</p></div></div>"""
    doc = read(page(body), name="a.html")
    assert texts(doc) == ["一、总体情况", FILLER]


def test_metadata_table_with_inline_labels():
    body = f"""<table><tr><td>索引号：11320000/2024-001</td><td>主题分类：政务公开</td></tr>
<tr><td>发布机构：某市人民政府办公室</td><td>公开日期：2024年1月31日</td></tr></table><p>{FILLER}</p>"""
    doc = read(page(body), name="a.html")
    assert doc.meta["index_no"] == "11320000/2024-001"
    assert doc.meta["publisher"] == "某市人民政府办公室"
    assert doc.meta["published"] == "2024-01-31"
    assert doc.tables == () and texts(doc) == [FILLER]


def test_metadata_lines_outside_tables():
    body = f"<ul><li>索引号：000014349/2024-00012</li><li>发布机构：某局</li></ul><p>{FILLER}</p>"
    doc = read(page(body), name="a.html")
    assert doc.meta["index_no"] == "000014349/2024-00012" and doc.meta["publisher"] == "某局"
    assert texts(doc) == [FILLER]


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def test_rowspan_colspan_grid_and_ragged_rows():
    body = """<p>表前</p><table>
<tr><th rowspan="2">A</th><th colspan="2">B</th></tr>
<tr><td>c</td><td>商业<br>企业</td></tr>
<tr><td>f</td></tr>
<tr><td colspan="abc">g</td><td rowspan="0">h</td><td>i</td></tr>
</table><p>表后</p>"""
    doc = read(page(body), name="a.html")
    (table,) = doc.tables
    assert table.rows == (("A", "B", "B"), ("A", "c", "商业企业"), ("f", None, None), ("g", "h", "i"))
    assert [ln.text for ln in doc.lines] == ["表前", "A\tB\tB", "A\tc\t商业企业", "f\t\t", "g\th\ti", "表后"]
    assert doc.lines[3].cells == ("f", "", "")
    assert table.line_index == 1 and table.source == "html"


def test_caption_is_a_line_before_the_table():
    body = "<table><caption>表二：主动公开政府信息情况</caption><tr><td>规章</td><td>3</td></tr></table>"
    doc = read(page(body), name="a.html")
    assert [ln.text for ln in doc.lines] == ["表二：主动公开政府信息情况", "规章\t3"]
    assert doc.tables[0].line_index == 1


def test_thead_tbody_tfoot_rows_in_order():
    body = """<table><thead><tr><th>项目</th><th>数量</th></tr></thead>
<tbody><tr><td>规章</td><td>3</td></tr></tbody><tfoot><tr><td>合计</td><td>3</td></tr></tfoot></table>"""
    assert read(page(body), name="a.html").tables[0].rows == (("项目", "数量"), ("规章", "3"), ("合计", "3"))


def test_huge_spans_are_clamped():
    body = '<table><tr><td colspan="99999999">x</td><td rowspan="99999999">y</td></tr><tr><td>z</td></tr></table>'
    (table,) = read(page(body), name="a.html").tables
    assert len(table.rows) == 2 and len(table.rows[0]) == 1001


def test_layout_tables_are_read_as_text():
    body = f"""<table><tr><td><p>一、总体情况</p><p>{FILLER}</p>
<table><tr><td>规章</td><td>3</td></tr></table></td></tr></table>
<table><tr><td>单列一</td></tr><tr><td>单列二</td></tr></table>"""
    doc = read(page(body), name="a.html")
    assert texts(doc) == ["一、总体情况", FILLER, "单列一", "单列二"]
    assert [t.rows for t in doc.tables] == [(("规章", "3"),)]


def test_multiple_tables_indexed():
    body = "<table><tr><td>a</td><td>1</td></tr></table><p>中间</p><table><tr><td>b</td><td>2</td></tr></table>"
    doc = read(page(body), name="a.html")
    assert [(ln.text, ln.table) for ln in doc.lines] == [("a\t1", 0), ("中间", None), ("b\t2", 1)]
    assert [t.line_index for t in doc.tables] == [0, 2]


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"<html><body>   </body></html>",
    b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>",
    b"<!-- only a comment -->",
])
def test_pages_without_text_raise_empty(data):
    with pytest.raises(EmptyFileError):
        read(data, name="a.html")


def test_absurdly_deep_nesting_is_corrupt_not_silently_truncated():
    with pytest.raises(CorruptFileError, match="nested"):
        read(page("<p>前</p>" + "<div>" * 300 + "深层" + "</div>" * 300 + "<p>后</p>"), name="a.html")
    assert texts(read(page("<div>" * 200 + "深层" + "</div>" * 200), name="a.html")) == ["深层"]


def test_binary_named_html_raises_encoding_error():
    with pytest.raises(EncodingError) as err:
        read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), name="a.html")
    assert err.value.path == "a.html" and isinstance(err.value, XxgkError)
