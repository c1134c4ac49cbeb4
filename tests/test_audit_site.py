"""``xxgk audit --db``: the site of a store (a small hand-written store, and the real corpus)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from audit_support import page_of, real_site
from cli_support import xxgk
from lxml import html as lhtml

from nlp.audit import build_site
from nlp.corpus.store import TABLES, create_schema

A23, A24, B24 = "a" * 64, "b" * 64, "c" * 64
# their pages: agency-year, from the agencies and years planted below
PAGE = {A23: "甲县人民政府-2023.html", A24: "甲县人民政府-2024.html", B24: "乙市人民政府-2024.html"}


def _insert(con: duckdb.DuckDBPyConnection, table: str, **values) -> None:
    cols = [c for c, _ in TABLES[table]]
    assert set(values) <= set(cols), set(values) - set(cols)
    con.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", [values.get(c) for c in cols])


def _report(con, rid, agency, year, sentences, failed=0, checks=0):
    narrative = "\n".join(t for _, t, _ in sentences)
    _insert(con, "reports", report_id=rid, path=f"/x/{agency}-{year}.txt", file_name=f"{agency}-{year}.txt",
            format="text", agency=agency, agency_norm=agency, year=year, admin_level="county", title=f"{agency}{year}年报告",
            n_checks=checks, n_checks_failed=failed, narrative=narrative)
    at = 0
    for sid, text, part in sentences:
        _insert(con, "sentences", report_id=rid, sentence_id=sid, text=text, part=part, part_source="heading",
                part_score=1.0, start_char=at, end_char=at + len(text), page=1)
        at += len(text) + 1
    for part in sorted({p for _, _, p in sentences}):
        _insert(con, "parts", report_id=rid, part=part, title={0: "前言", 1: "总体情况", 5: "存在的主要问题及改进情况"}[part],
                heading_found=part != 0)


@pytest.fixture
def store():
    con = duckdb.connect(":memory:")
    create_schema(con)
    old = [(0, "本报告由甲县人民政府办公室编制。", 0), (1, "2023年，我县主动公开信息100条。", 1),
           (2, "存在问题：一是政策解读形式单一。", 5)]
    new = [(0, "本报告由甲县人民政府办公室编制。", 0), (1, "2023年，我县主动公开信息120条。", 1),
           (2, "存在问题：一是政策解读形式单一。", 5), (3, "我们将扎实推进乙市特色公开工作。", 5)]
    _report(con, A23, "甲县人民政府", 2023, old)
    _report(con, A24, "甲县人民政府", 2024, new, failed=1, checks=2)
    _report(con, B24, "乙市人民政府", 2024, [(0, "我们将扎实推进乙市特色公开工作。", 5)])
    for no, (sid, oid, kind, origin, other, sim, text, old_text, part) in enumerate([
        (0, 0, "exact", "template", A23, 1.0, new[0][1], old[0][1], 0),
        (1, 1, "numbers_only", "self_copy", A23, 1.0, new[1][1], old[1][1], 1),
        (2, 2, "exact", "self_copy", A23, 1.0, "一是政策解读形式单一。", "一是政策解读形式单一。", 5),
        (3, 0, "exact", "cross_copy", B24, 1.0, new[3][1], new[3][1], 5),
    ]):
        _insert(con, "reuse_matches", report_id=A24, match_no=no, other_report_id=other, new_id=sid, old_id=oid,
                relation="prior_year" if other == A23 else "cross", part=part, kind=kind, origin=origin,
                similarity=sim, new_text=text, old_text=old_text)
    # the corpus matcher's row for the same unit and sentence as match 2 is shown once
    _insert(con, "reuse_matches", report_id=A24, match_no=4, other_report_id=A23, new_id=2, old_id=2, relation="self",
            part=5, kind="exact", origin="self_copy", similarity=1.0, new_text="一是政策解读形式单一。",
            old_text="一是政策解读形式单一。")
    stale = [{"sentence_id": 1, "kind": "previous_year_as_current", "text": "2023年", "start": 0, "end": 5,
              "detail": "2023 in a 2024 report"}]
    _insert(con, "reuse_scores", report_id=A24, agency_key="甲县人民政府", year=2024, prior_report_id=A23,
            prior_year=2023, reuse_ratio=0.8, part_0_share=1.0, part_1_share=1.0, part_5_share=0.6,
            self_copy_share=0.5, cross_copy_share=0.25, template_share=0.2, n_matches=4,
            stale_mentions=json.dumps(stale, ensure_ascii=False))
    for sents, rid in ((old, A23), (new, A24)):
        at = sum(len(t) + 1 for _, t, _ in sents[:2]) + sents[2][1].index("政策解读形式单一")
        _insert(con, "findings", report_id=rid, finding_no=0, kind="problem", text="政策解读形式单一", detail="",
                key="政策解读形式·单一", category="政策解读", part=5, sentence_id=2, start_char=at, end_char=at + 8, links=[])
    cells = {("本年新收政府信息公开申请数量", "自然人"): ("5", "number", 5.0), ("本年新收政府信息公开申请数量", "总计"): ("7", "number", 7.0),
             ("予以公开", "自然人"): ("/", "na", None)}
    for k, ((row, col), (raw, state, value)) in enumerate(cells.items()):
        _insert(con, "table_cells", report_id=A24, table_id="T3", row_label=row, col_label=col, row_no=k // 2, col_no=k % 2,
                state=state, value=value, raw=raw)
    ev = {"part": 3, "cells": [{"table": "T3", "row": "本年新收政府信息公开申请数量", "column": "总计", "raw": "7",
                                "state": "number", "page": 3}], "sentence_id": 1}
    _insert(con, "checks", report_id=A24, check_no=0, check_id="T3-1", scope="T3/column/总计", status="fail",
            message="总计 7 ≠ 5", left_value=5.0, right_value=7.0, evidence=json.dumps(ev, ensure_ascii=False))
    _insert(con, "checks", report_id=A24, check_no=1, check_id="T3-2", scope="T3/column/自然人", status="pass",
            message="ok", left_value=5.0, right_value=5.0, evidence="{}")
    _insert(con, "errors", path="/x/<bad>.pdf", stage="read", reason="encrypted <b>", error_type="encrypted")
    yield con
    con.close()


def test_index_lists_reports_most_suspicious_first(store, tmp_path):
    site = build_site(store, tmp_path / "site")
    assert site.n_reports == 3 and site.index == tmp_path / "site" / "index.html"
    doc = lhtml.fromstring(site.index.read_text(encoding="utf-8"))
    rows = doc.xpath('//table[@id="reports"]/tbody/tr')
    # A24: 0.5 + 2×0.25 + 0.6 + 0.25 + 0.25; the others tie at 0 and follow agency order (乙 < 甲 in code points)
    assert [r.get("data-report") for r in rows] == [A24, B24, A23]
    first = [c.text_content().strip() for c in rows[0].xpath("td")]
    assert first[0] == "2.10" and first[1].startswith("甲县人民政府") and first[2] == "2024"
    assert first[4] == "80% 对比 2023" and first[5] == "25% 1 处" and first[6] == "1 / 2" and first[7] == "60%"
    assert rows[0].get("data-flagged") == "1" and rows[1].get("data-flagged") == "0"
    assert "第五部分沿用" in first[8] and "与其他机关相同" in first[8]
    assert doc.xpath('//table[@class="errors"]//td/text()')[:3] == ["/x/<bad>.pdf", "read", "encrypted <b>"]
    for p in site.plots:
        assert p.read_bytes().startswith(b"<?xml") and b"<svg" in p.read_bytes()[:400]
    assert sorted(doc.xpath("//figure/img/@src")) == sorted(f"plots/{p.name}" for p in site.plots)
    assert (tmp_path / "site" / "assets" / "site.js").is_file() and (tmp_path / "site" / "plots.html").is_file()


def test_report_page_highlights_links_and_diffs(store, tmp_path):
    build_site(store, tmp_path / "site")
    page = tmp_path / "site" / "reports" / PAGE[A24]
    doc = lhtml.fromstring(page.read_text(encoding="utf-8"))
    # text coloured by part, sentences addressable
    assert doc.xpath('//section[@id="part-5"]//span[@id="s-3"]')
    marks = {m.get("href"): m for m in doc.xpath('//a[contains(@class, "mk")]')}
    assert set(marks) == {"#m-0", "#m-1", "#m-2", "#m-3"}
    assert "tpl" in marks["#m-0"].get("class") and "r-self" in marks["#m-0"].get("class")  # template, own report
    assert marks["#m-1"].get("class").split()[1:3] == ["k-numbers_only", "r-self"]
    assert marks["#m-2"].text_content() == "一是政策解读形式单一。"  # only the matched unit of sentence 2
    assert "r-cross" in marks["#m-3"].get("class")
    # each match links to the other report's sentence, with the differences marked
    m1 = doc.xpath('//div[@id="m-1"]')[0]
    assert m1.xpath('.//a[@class="other"]/@href') == [f"{PAGE[A23]}#s-1"]
    assert m1.xpath(".//ins/text()") == ["2"] and m1.xpath(".//del/text()") == ["0"]
    assert doc.xpath('//div[@id="m-3"]//a[@class="other"]/@href') == [f"{PAGE[B24]}#s-0"]
    # stale mention, table cell of the failed check, checks with evidence
    assert doc.xpath('//span[@id="s-1"]//*[contains(@class, "stale")]/text()') == ["2023年"]
    failed = doc.xpath('//table[@id="table-T3"]//td[contains(@class, "failed")]')
    assert [c.text_content() for c in failed] == ["7"] and failed[0].get("title") == "未通过：T3-1"
    row = doc.xpath('//tr[@id="c-0"]')[0]
    assert "st-fail" in row.get("class") and "本年新收政府信息公开申请数量 · 总计 = 7" in row.text_content()
    assert row.xpath('.//a/@href') == ["#s-1"]
    assert doc.xpath('//details[@class="checks-group"]//tr[@id="c-1"]')  # passed checks folded away
    # the problem's history across years
    f = doc.xpath('//li[@id="f-0"]')[0]
    assert f.xpath('.//ul[contains(@class, "history")]//a/@href') == [PAGE[A23]]
    assert "文字抄自 甲县人民政府 2023" in f.text_content()
    assert doc.xpath('//a[@id="prior-link"]/@href') == [PAGE[A23]]


def test_rebuild_replaces_old_pages_and_store_without_reuse(store, tmp_path):
    out = tmp_path / "site"
    build_site(store, out)
    (out / "reports" / "0000000000000000.html").write_text("old", encoding="utf-8")  # not the tool's: kept
    store.execute("DELETE FROM reuse_matches")
    store.execute("DELETE FROM reuse_scores")
    site = build_site(store, out)
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(
        ["0000000000000000.html", *(PAGE[r] for r in (A23, A24, B24))])
    assert (out / "reports" / "0000000000000000.html").read_text(encoding="utf-8") == "old"
    assert "库中还没有沿用评分" in site.index.read_text(encoding="utf-8")


def test_audit_command_usage_and_missing_db(tmp_path):
    assert xxgk("audit", "--out", tmp_path).returncode == 2
    assert xxgk("audit", "a.txt", "--db", "x.duckdb", "--out", tmp_path).returncode == 2
    assert xxgk("audit", "--db", "x.duckdb", "--previous", "old.txt", "--out", tmp_path).returncode == 2
    r = xxgk("audit", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "o")
    assert r.returncode == 2 and "no such corpus database" in r.stderr


def test_audit_command_on_a_store_file(store, tmp_path):
    db = tmp_path / "c.duckdb"
    store.execute(f"ATTACH '{db}' AS f")
    store.execute("COPY FROM DATABASE memory TO f")
    store.execute("DETACH f")
    r = xxgk("audit", "--db", db, "--out", tmp_path / "out")
    assert r.returncode == 0 and r.stdout.strip() == str((tmp_path / "out" / "index.html").resolve())


def test_hongze_2024_self_copies_linked_to_2023_and_table_checks(tmp_path_factory):
    """Acceptance 2. Read from the two PDFs: the 2024 preamble repeats 2023's (本报告由…编制此报告 word
    for word; 统计期限 with the years changed; the contact sentence with a new phone number and no
    e-mail); the commitments 一是扎实推进依申请公开工作… and 三是继续加强业务指导培训… come back; part 6 is
    2023's fee sentence with the year changed (全年收取…信息处理费0元)."""
    site = real_site(tmp_path_factory.getbasetemp() / "audit")
    old_page = page_of(site, "淮安市洪泽区人民政府-2023.pdf").name
    doc = lhtml.fromstring(page_of(site, "淮安市洪泽区人民政府-2024.pdf").read_text(encoding="utf-8"))
    # 洪泽区 is a district of 淮安市 (county level) and the report is its people's government's: the
    # level is shown in Chinese on the page and in the index download, never the store's English codes
    assert doc.xpath('//dt[text()="层级"]/following-sibling::dd[1]/text()') == ["县级 人民政府"]
    index_csv = (site / "downloads" / "index.csv").read_text(encoding="utf-8-sig")
    assert "县级 人民政府" in index_csv and "government" not in index_csv

    def self_marks(part: int) -> dict[str, str]:
        out = {}
        for m in doc.xpath(f'//section[@id="part-{part}"]//a[contains(@class, "mk")]'):
            if "r-self" in m.get("class").split():
                out[m.text_content()] = m.get("href")
        return out

    def other_link(href: str) -> str:
        return doc.xpath(f'//div[@id="{href[1:]}"]//a[@class="other"]/@href')[0]

    pre = self_marks(0)
    wanted = ["本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》", "报告中所列数据统计期限自2024年1月1日起",
              "如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系"]
    for w in wanted:
        hit = [h for t, h in pre.items() if w in t]
        assert hit, (w, pre)
        assert other_link(hit[0]).startswith(old_page + "#s-")
    commitments = self_marks(5)
    for w in ("一是扎实推进依申请公开工作", "三是继续加强业务指导培训"):
        hit = [h for t, h in commitments.items() if t.startswith(w)]
        assert hit, (w, commitments)
        assert other_link(hit[0]).startswith(old_page + "#s-")
    fee = [h for t, h in self_marks(6).items() if "全年收取政府信息公开信息处理费0元" in t]
    assert fee and other_link(fee[0]).startswith(old_page + "#s-")
    # the linked 2023 sentence is the one with the 2023 wording
    target = other_link(fee[0]).split("#")[1]
    old_doc = lhtml.fromstring((site / "reports" / old_page).read_text(encoding="utf-8"))
    assert "2023年，区政府严格落实" in old_doc.xpath(f'//span[@id="{target}"]')[0].text_content()
    # its table checks, with values and evidence (T3 of the 2024 report: 95 new applications)
    checks = doc.xpath('//section[@id="checks"]//tr[contains(@class, "check")]')
    assert len(checks) >= 10
    assert any(re.search(r"T3-\d", c.text_content()) and "95" in c.text_content() for c in checks)


def test_same_store_same_site(store, tmp_path):
    a = build_site(store, tmp_path / "a").out
    b = build_site(store, tmp_path / "b").out
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
