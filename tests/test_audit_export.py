"""Readable page names (agency-year, collisions, hostile names) and the CSV / XLSX downloads."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from nlp.audit.export import csv_bytes, safe, xlsx_bytes
from nlp.audit.pages import assign_pages, page_name, page_stem


def test_pages_are_agency_year_and_collisions_get_a_number():
    pages = assign_pages([("b" * 64, "洪泽区人民政府", 2024), ("a" * 64, "洪泽区人民政府", 2024),
                          ("c" * 64, "洪泽区人民政府", 2023), ("d" * 64, "Shanghai Office", None)])
    # the same agency and year: in report-id order, the second gets -2
    assert pages == {"a" * 64: "洪泽区人民政府-2024.html", "b" * 64: "洪泽区人民政府-2024-2.html",
                     "c" * 64: "洪泽区人民政府-2023.html", "d" * 64: "Shanghai_Office.html"}
    # names that differ only in case would be one file on a case-insensitive disk
    both = assign_pages([("a" * 64, "ABC", 2024), ("b" * 64, "abc", 2024)])
    assert sorted(both.values()) == ["ABC-2024.html", "abc-2024-2.html"]


def test_hostile_agency_names_give_plain_file_names():
    for hostile in ("../../etc/passwd", "/abs/x", "..", "a\0b", "x/../../y", "a\\b", "<script>", " . "):
        name = assign_pages([("e" * 64, hostile, 2024)])["e" * 64]
        assert "/" not in name and "\\" not in name and "\0" not in name and "<" not in name
        assert name.count(".") == 1 and name.endswith(".html") and not name.startswith(".")
    # nothing usable left: the hashed name; an agency of 200 characters is cut
    assert assign_pages([("f" * 64, "../..", 2024)]) == {"f" * 64: page_name("f" * 64)}
    assert len(page_stem("政" * 200, 2024)) == 60 + len("-2024")


def test_csv_has_a_bom_and_formulas_are_defused():
    rows = [["=HYPERLINK(\"http://x\")", "政府信息公开", 3, None], ["-1+2", "a\x00b", 0.5, "@SUM(A1)"]]
    data = csv_bytes(["a", "b", "c", "d"], rows)
    assert data.startswith(b"\xef\xbb\xbf")
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert back == [["a", "b", "c", "d"], ["'=HYPERLINK(\"http://x\")", "政府信息公开", "3", ""],
                    ["'-1+2", "a\ufffdb", "0.5", "'@SUM(A1)"]]
    assert safe(-3) == -3  # numbers stay numbers


def test_xlsx_reads_back_and_is_the_same_bytes_each_time():
    rows = [["甲县人民政府", 2024, 0.25, "=1+1"]]
    a = xlsx_bytes(["机关", "年度", "比例", "公式"], rows, "报告列表")
    ws = load_workbook(io.BytesIO(a)).active
    assert ws.title == "报告列表"
    assert [[c.value for c in r] for r in ws.iter_rows()] == [["机关", "年度", "比例", "公式"],
                                                             ["甲县人民政府", 2024, 0.25, "'=1+1"]]
    assert xlsx_bytes(["机关", "年度", "比例", "公式"], rows, "报告列表") == a
