"""Acceptance 2 of issue 13: the Chinese site that ``make demo`` builds (``scripts/demo.sh``, run
here the same way into a temporary folder), opened in headless Chromium: ≥ 5 reports, the CSV and
XLSX downloads read back, the CJK font present and used by the plots and the pages, and a print
view without navigation or download links."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import REAL, ROOT
from test_browser import _page, _shot, browser  # noqa: F401  (browser is a fixture)

from nlp.view.plotting import find_cjk_font, font_file_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    """(site folder, what the demo printed)."""
    out = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "OUT": str(out), "BIN": str(Path(sys.executable).parent), "XXGK_CORPUS": str(REAL)}
    proc = subprocess.run(["sh", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out / "audit", proc.stdout


def _n_real_reports() -> int:
    return sum(1 for p in REAL.iterdir() if p.name != "MANIFEST.tsv")


def test_demo_site_lists_the_real_reports_in_chinese(browser, demo):  # noqa: F811
    site, printed = demo
    assert f"open {site.resolve() / 'index.html'}" in printed and "downloads (CSV/XLSX)" in printed
    page, w = _page(browser)
    page.goto((site / "index.html").as_uri())
    rows = page.locator("#reports tbody tr")
    assert rows.count() == _n_real_reports() >= 5
    heads = page.locator("#reports thead th").all_inner_texts()
    assert heads[:3] == ["可疑度", "机关", "年度"]
    assert page.inner_text("#shown") == f"显示 {rows.count()} / {rows.count()} 份报告"
    # readable page names: agency-year
    hrefs = rows.locator("td:nth-child(2) a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert "reports/淮安市洪泽区人民政府-2024.html" in hrefs and "reports/临县人民政府-2023.html" in hrefs
    # every plot shows data: four loaded images, no "no data" message
    assert page.locator(".plot-empty").count() == 0
    widths = page.eval_on_selector_all("figure.plot img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert len(widths) == 4 and all(x and x > 100 for x in widths)
    _shot(page, "demo-index.png")
    assert w.clean(), w


def _download(page, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    d = info.value
    path = folder / d.suggested_filename
    d.save_as(str(path))
    return path


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_downloads_of_the_index_and_of_a_report(browser, demo, tmp_path):  # noqa: F811
    site, _ = demo
    page, w = _page(browser)  # Playwright pages accept downloads by default
    page.goto((site / "index.html").as_uri())
    agencies = page.locator("#reports tbody td:nth-child(2) a").all_inner_texts()
    rows = _csv(_download(page, ".downloads a.dl-csv", tmp_path))
    assert rows[0][:3] == ["可疑度", "机关", "年度"]
    assert [r[1] for r in rows[1:]] == agencies  # same reports, same order as the page
    sheet = _xlsx(_download(page, ".downloads a.dl-xlsx", tmp_path))
    assert [str(c) for c in sheet[0]] == rows[0]
    assert [r[1] for r in sheet[1:]] == agencies
    # one report: its findings and its checks, as many rows as the page lists
    page.goto((site / "reports" / "淮安市洪泽区人民政府-2024.html").as_uri())
    n_findings = page.locator("li.finding").count()
    n_checks = page.locator("tr.check").count()
    assert n_findings >= 1 and n_checks >= 10
    links = page.locator(".downloads .dl")
    assert links.count() == 2
    finds = _csv(_download(page, ".downloads .dl:nth-child(1) a.dl-csv", tmp_path))
    checks_x = _xlsx(_download(page, ".downloads .dl:nth-child(2) a.dl-xlsx", tmp_path))
    assert len(finds) - 1 == n_findings and len(checks_x) - 1 == n_checks
    texts = page.locator("li.finding .ftext").all_inner_texts()
    assert sorted(r[3] for r in finds[1:]) == sorted(texts)
    statuses = {str(r[3]) for r in checks_x[1:]}
    assert statuses <= {"未通过", "存疑", "无法判断", "通过"} and "通过" in statuses
    # a download ends the request as a page load (net::ERR_ABORTED): those four, and nothing else
    assert len(w.failed) == 4 and all("/downloads/" in f and "ERR_ABORTED" in f for f in w.failed), w.failed
    w.failed.clear()
    assert w.clean(), w


def test_the_cjk_font_is_present_and_used(browser, demo):  # noqa: F811
    site, _ = demo
    font = find_cjk_font()
    assert font is not None, "no CJK font: scripts/install-fonts.sh should have installed one"
    # matplotlib: the family the plots ask for resolves to the CJK file, and drawing Chinese warns nothing
    from nlp.audit.plots import categories_figure, save
    from nlp.view.plotting import cjk_style

    with cjk_style():
        assert font_file_for() == font.path
    import pandas as pd

    frame = pd.DataFrame({"year": [2023, 2024], "kind": ["problem"] * 2, "category": ["政策解读", "平台与网站"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        save(categories_figure(frame), site.parent / "check.svg")
    assert not [str(c.message) for c in caught if "missing from font" in str(c.message)]
    # the browser: every glyph of the plot's legend (category names) is drawn from the CJK font's
    # outlines, none is glyph 0 (the missing-glyph box)
    page, w = _page(browser)
    page.goto((site / "plots" / "problem_categories.svg").as_uri())
    refs = page.eval_on_selector_all(
        "g[id^=legend] use", "us => us.map(u => u.getAttribute('xlink:href') || u.getAttribute('href'))")
    prefix = "#" + font.family.replace(" ", "")
    assert len(refs) >= 8 and all(r.startswith(prefix + "-") for r in refs), refs[:5]
    assert not any(r.endswith("-0") for r in refs)
    # the HTML pages: Chromium renders the Chinese heading with the installed CJK font
    page.goto((site / "index.html").as_uri())
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "main h1"})["nodeId"]
    used = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]]
    assert any(font.family in f or "WenQuanYi" in f or "Noto Sans CJK" in f for f in used), used
    assert w.clean(), w


def test_print_view_hides_navigation_and_downloads(browser, demo):  # noqa: F811
    site, _ = demo
    page, w = _page(browser)
    page.goto((site / "reports" / "淮安市洪泽区人民政府-2024.html").as_uri())
    hidden = ["header.top", ".downloads", "nav.toc", "footer"]
    shown = "e => getComputedStyle(e).display !== 'none'"
    assert all(page.eval_on_selector(s, shown) for s in hidden)
    page.emulate_media(media="print")
    assert not any(page.eval_on_selector(s, shown) for s in hidden)
    assert page.eval_on_selector("#report-title", shown) and page.eval_on_selector("section#text", shown)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # folded blocks open for paper
    assert page.eval_on_selector_all("details", "ds => ds.length > 0 && ds.every(d => d.open)")
    _shot(page, "demo-report-print.png")
    assert w.clean(), w
