"""``xxgk audit FILE --previous OLD --out DIR``: one pair without a database."""

from __future__ import annotations

import json
import re

from audit_support import IMG, SCRIPT, SCRIPT_SENTENCE, generated_pair, generated_site, page_of
from cli_support import xxgk
from conftest import REAL, SAMPLE, parsed
from lxml import html as lhtml

from nlp.audit.render import pct
from nlp.reuse import compare


def _doc(path):
    return lhtml.fromstring(path.read_text(encoding="utf-8"))


def test_report_text_with_markup_is_shown_as_text(tmp_path_factory):
    """Acceptance 3: <script>alert(1)</script> in a report is escaped, never markup."""
    site = generated_site(tmp_path_factory.getbasetemp() / "audit")
    page = page_of(site, "临县人民政府-2024.txt")
    raw = page.read_text(encoding="utf-8")
    assert SCRIPT not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<img" not in raw and "&lt;img src=x onerror=alert(2)&gt;" in raw
    assert re.findall(r"<script[^>]*>", raw) == ['<script src="../assets/site.js">']
    doc = _doc(page)
    assert doc.xpath("//img") == [] and len(doc.xpath("//script")) == 1
    # the DOM holds the markup as text, in the sentence where the report has it
    assert any(s.text_content() == SCRIPT_SENTENCE for s in doc.xpath('//span[@class="s"]'))
    assert any(IMG in s.text_content() for s in doc.xpath('//section[@id="part-5"]//span[@class="s"]'))
    for other in site.rglob("*.html"):
        assert SCRIPT not in other.read_text(encoding="utf-8")


def test_generated_pair_links_the_new_report_to_the_old_one(tmp_path_factory):
    site = generated_site(tmp_path_factory.getbasetemp() / "audit")
    old_page = page_of(site, "临县人民政府-2023.txt").name
    doc = _doc(page_of(site, "临县人民政府-2024.txt"))
    index = _doc(site / "index.html")
    rows = index.xpath('//table[@id="reports"]/tbody/tr')
    assert [r.xpath("td")[2].text_content() for r in rows] == ["2024", "2023"]  # the copy is more suspicious
    assert "对比 2023" in rows[0].xpath("td")[4].text_content()
    # 2024 is 2023 with the years moved on: most of the text is marked as reused from 2023, figures changed
    marks = doc.xpath('//a[contains(@class, "mk")]')
    assert len(marks) > 20
    assert all("r-self" in m.get("class") for m in marks)
    statistic = [m for m in marks if "本报告中所列数据的统计期限从 2024 年 1 月 1 日起" in m.text_content()]
    assert statistic and "k-numbers_only" in statistic[0].get("class")
    panel = doc.xpath(f'//div[@id="{statistic[0].get("href")[1:]}"]')[0]
    assert panel.xpath('.//a[@class="other"]/@href')[0].startswith(old_page + "#s-")
    assert set(panel.xpath(".//ins/text()")) == {"4"} and set(panel.xpath(".//del/text()")) == {"3"}
    # the sentence that kept last year's year as its own is a stale mention, highlighted in the text
    stale = doc.xpath('//span[@class="s"]//*[contains(@class, "stale")]')
    assert any(s.text_content().startswith("2023") for s in stale)
    listed = doc.xpath('//section[@id="stale"]//li')
    assert any("previous_year_as_current" in li.text_content() and "2023" in li.text_content() for li in listed)


def test_single_file_without_previous(tmp_path):
    _, new = generated_pair(tmp_path / "in")
    r = xxgk("audit", new, "--out", tmp_path / "out")
    assert r.returncode == 0 and r.stdout.strip() == str((tmp_path / "out" / "index.html").resolve())
    doc = _doc(tmp_path / "out" / "index.html")
    assert len(doc.xpath('//table[@id="reports"]/tbody/tr')) == 1
    page = next((tmp_path / "out" / "reports").glob("*.html"))
    assert "本报告没有句子与其他报告相同" in page.read_text(encoding="utf-8")


def test_unreadable_input_gives_the_input_error_status(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = xxgk("audit", empty, "--out", tmp_path / "out")
    assert r.returncode == 4 and "empty.txt" in r.stderr
    assert xxgk("audit", tmp_path / "missing.txt", "--out", tmp_path / "out").returncode != 0
    both = xxgk("audit", empty, "--db", tmp_path / "x.duckdb", "--out", tmp_path / "out")
    assert both.returncode == 2 and "either --db DB or FILE" in both.stderr


def test_report_from_stdin(tmp_path):
    """`-` reads the report from standard input: the page is named after the agency and year read
    from the text (the sample is 临县人民政府's 2023 report), the store row's path is <stdin>."""
    r = xxgk("audit", "-", "--out", tmp_path / "out", "--json", stdin=SAMPLE.read_bytes())
    assert r.returncode == 0
    pages = [p.rsplit("/", 1)[-1] for p in json.loads(r.stdout)["report_pages"]]
    assert pages == ["临县人民政府-2023.html"]
    assert "&lt;stdin&gt;" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_hongze_pair_without_database(tmp_path):
    """The pair site shows the same self copies as the corpus site (see test_audit_site)."""
    old, new = REAL / "淮安市洪泽区人民政府-2023.pdf", REAL / "淮安市洪泽区人民政府-2024.pdf"
    assert xxgk("audit", new, "--previous", old, "--out", tmp_path / "out").returncode == 0
    site = tmp_path / "out"
    old_page = page_of(site, old.name).name
    doc = _doc(page_of(site, new.name))
    links = {m.text_content(): doc.xpath(f'//div[@id="{m.get("href")[1:]}"]//a[@class="other"]/@href')[0]
             for m in doc.xpath('//a[contains(@class, "mk")]')}
    for w in ("本报告由淮安市洪泽区人民政府办公室根据", "一是扎实推进依申请公开工作", "全年收取政府信息公开信息处理费0元"):
        hit = [href for text, href in links.items() if w in text]
        assert hit and hit[0].startswith(old_page + "#s-"), (w, links)
    # the 2024 contact sentence: new phone number, e-mail dropped; the diff shows both
    contact = [p for p in doc.xpath('//div[contains(@class, "match")]') if "如对本报告有疑问" in p.text_content()][0]
    deleted = contact.xpath(".//div[contains(@class, 'old')]//del/text()")
    assert any("电子邮箱：hzzwgk@12" in d for d in deleted)
    assert "".join(contact.xpath(".//div[contains(@class, 'old')]/div[@class='txt']//text()")).endswith(
        "电话：0517-87222589，电子邮箱：hzzwgk@126.com）。")
    assert "".join(contact.xpath(".//div[contains(@class, 'new')]/div[@class='txt']//text()")).endswith(
        "电话：0517-87290606）。")
    # only contact figures changed (phone; the e-mail field dropped): a numbers_only copy
    assert "k-numbers_only" in contact.get("class")
    # the same figure as `xxgk compare`
    ratio = compare(parsed(str(old)), parsed(str(new))).reuse_ratio
    cards = " ".join(c.text_content() for c in doc.xpath('//div[@class="cards"]/div'))
    assert f"{pct(ratio)} 沿用上年报告（2023）" in cards
