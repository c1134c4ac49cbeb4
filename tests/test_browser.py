"""The audit site in a real browser: headless Chromium (Debian's package, installed by
``scripts/install-browser.sh``) driven by Playwright; screenshots go to ``artifacts/``.

Acceptance 1 (index and report page: rows, highlights, plots, no console errors) runs on the real
corpus site when ``../shared/corpus/real`` is present and on the generated 临县 pair otherwise;
acceptance 3 (``<script>alert(1)</script>`` in a report never runs) on the generated pair.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
from audit_support import SCRIPT, SCRIPT_SENTENCE, generated_site, page_of, real_site
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("headless Chromium missing: run scripts/install-browser.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Watch:
    """Everything a page reported that a clean static site must not produce."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not (self.console or self.errors or self.failed or self.remote or self.dialogs)


def _page(browser, base: str = "file://"):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    w = Watch()
    page.on("console", lambda m: m.type in ("error", "warning") and w.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.on("requestfailed", lambda r: w.failed.append(f"{r.url} {r.failure}"))
    page.on("request", lambda r: None if r.url.startswith((base, "data:")) else w.remote.append(r.url))

    def on_dialog(d) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return page, w


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[Path, str, str]:
    """(site, new report file, its previous report file)."""
    base = tmp_path_factory.getbasetemp() / "audit"
    return real_site(base), "淮安市洪泽区人民政府-2024.pdf", "淮安市洪泽区人民政府-2023.pdf"


def test_index_sorts_filters_and_shows_plots(browser, corpus_site):
    site, new_name, _ = corpus_site
    page, w = _page(browser)
    page.goto((site / "index.html").as_uri())
    rows = page.locator("#reports tbody tr")
    n = rows.count()
    assert n == len(list((site / "reports").glob("*.html"))) >= 2
    # most suspicious first
    values = [float(v) for v in page.eval_on_selector_all("#reports tbody tr td:first-child",
                                                           "cs => cs.map(c => c.dataset.v)")]
    assert values == sorted(values, reverse=True)
    assert new_name in rows.first.inner_text()
    # plots are loaded images
    widths = page.eval_on_selector_all("figure.plot img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert len(widths) == 4 and all(x and x > 100 for x in widths)
    # sort by year, ascending then descending (the script runs)
    page.click("#reports thead th:nth-child(3)")
    years = [int(t) for t in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    page.click("#reports thead th:nth-child(3)")
    years = [int(t) for t in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert years == sorted(years)
    # filter by text, then by year
    agency = new_name.split("-")[0]
    page.fill("#q", agency)
    visible = page.locator("#reports tbody tr:not(.hidden)")
    assert visible.count() == 2 and all(agency in t for t in visible.all_inner_texts())
    assert page.inner_text("#shown") == f"显示 2 / {n} 份报告"
    page.select_option("#year", new_name.split("-")[1][:4])
    assert visible.count() == 1 and new_name in visible.first.inner_text()
    page.fill("#q", "")
    page.select_option("#year", "")
    page.check("#flagged")
    assert visible.count() == page.locator('#reports tbody tr[data-flagged="1"]').count()
    page.uncheck("#flagged")
    assert visible.count() == n
    _shot(page, "audit-index.png")
    assert w.clean(), w


def test_report_page_highlights_and_links_to_previous_year(browser, corpus_site):
    site, new_name, old_name = corpus_site
    page, w = _page(browser)
    page.goto(page_of(site, new_name).as_uri())
    marks = page.locator("a.mk.r-self")
    assert marks.count() >= 5
    assert page.locator("section#part-0 a.mk.r-self").count() >= 2  # the reused preamble
    box = marks.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    bg = page.eval_on_selector("a.mk.k-exact:not(.tpl), a.mk.k-near:not(.tpl), a.mk.k-numbers_only:not(.tpl)",
                               "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # a highlight jumps to its side-by-side panel, which links to the previous report's sentence
    first = marks.first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target)
    panel = page.locator(f"div{target}")
    assert panel.is_visible() and panel.locator("a.other").count() == 1
    other = panel.locator("a.other").get_attribute("href")
    old_page = page_of(site, old_name).name
    assert other.startswith(old_page + "#s-")
    _shot(page, "audit-report.png")
    panel.locator("a.other").click()
    page.wait_for_load_state()
    assert unquote(page.url).endswith(other)  # page names are agency-year: percent-encoded in the URL
    sentence = page.locator(f"span{other[len(old_page):]}")
    assert sentence.is_visible() and sentence.inner_text()
    # template wording is folded away; following a highlight of it opens the fold
    page.go_back()
    tpl = page.locator("a.mk.tpl")
    assert tpl.count() >= 1
    page.evaluate("document.getElementById('template-matches').open = false")
    href = tpl.first.get_attribute("href")
    tpl.first.click()
    assert page.evaluate("document.getElementById('template-matches').open")
    assert page.locator(f"div{href}").is_visible()
    # table checks and plots page
    assert page.locator("#checks table.checks, #checks details").count() >= 1
    page.goto((site / "plots.html").as_uri())
    assert page.eval_on_selector_all("img", "imgs => imgs.every(i => i.naturalWidth > 100)")
    assert w.clean(), w


def test_script_in_a_report_is_shown_not_run(browser, tmp_path_factory):
    site = generated_site(tmp_path_factory.getbasetemp() / "audit")
    page, w = _page(browser)
    page.goto(page_of(site, "临县人民政府-2024.txt").as_uri())
    page.wait_for_load_state("load")
    texts = page.eval_on_selector_all("span.s", "ss => ss.map(s => s.textContent)")
    assert SCRIPT_SENTENCE in texts
    assert page.locator("text=" + SCRIPT).count() >= 1  # visible as text
    assert page.eval_on_selector_all("script", "ss => ss.map(s => s.getAttribute('src'))") == ["../assets/site.js"]
    assert page.locator("img").count() == 0  # the "><img onerror> payload is text too
    _shot(page, "audit-escaped.png")
    assert w.dialogs == [] and w.clean(), w


def test_site_over_http(browser, corpus_site):
    """The same pages served by a local http.server (CSP 'self' resolves to the server)."""
    site, new_name, _ = corpus_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        page, w = _page(browser, base)
        page.goto(base + "index.html")
        page.click("#reports thead th:nth-child(2)")  # the script runs under the CSP
        assert "sorted-" in (page.get_attribute("#reports thead th:nth-child(2)", "class") or "")
        page.goto(base + "reports/" + page_of(site, new_name).name)
        assert page.locator("a.mk").count() >= 5
        assert w.clean(), w
    finally:
        server.shutdown()
        server.server_close()
