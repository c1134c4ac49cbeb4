"""Regenerate the audit screenshots in docs/img/ (README.md and docs/index.md show one); run from the repository root.

    .venv/bin/python scripts/audit_screenshots.py

Batches the real corpus (../shared/corpus/real) and the bundled sample into a temporary store, runs
corpus reuse, builds the audit site, and saves with headless Chromium (scripts/install-browser.sh):
docs/img/audit-report.png (the 洪泽区 2024 page: text by part, highlighted reuse), docs/img/audit-matches.png
(the side-by-side differences) and docs/img/audit-plot.png (problem categories over time).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
IMG = ROOT / "docs" / "img"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Regenerate docs/img/audit-*.png from the real corpus.")
    parser.add_argument("--out", type=Path, default=IMG, help="folder for the PNG files (default docs/img)")
    out = parser.parse_args(argv).out
    from playwright.sync_api import sync_playwright

    from nlp.audit import build_site
    from nlp.audit.plots import categories_figure, corpus_frames, save
    from nlp.corpus.batch import batch
    from nlp.corpus.batch_reuse import run_reuse

    if not REAL.is_dir():
        print(f"{REAL} is missing: the screenshots show the real corpus", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        batch([str(REAL), str(ROOT / "corpus" / "samples")], db, jobs=2, progress=False)
        run_reuse(db)
        site = build_site(db, Path(tmp) / "site")
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            rid = con.execute("SELECT report_id FROM reports WHERE file_name = ?",
                              ["淮安市洪泽区人民政府-2024.pdf"]).fetchone()[0]
            save(categories_figure(corpus_frames(con)["findings"]), out / "audit-plot.png", dpi=100)
        page_path = site.out / "reports" / f"{rid[:16]}.html"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1200, "height": 1350})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(out / "audit-report.png"))
            page.locator("#reuse").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('reuse').scrollIntoView()")
            page.screenshot(path=str(out / "audit-matches.png"))
            browser.close()
    for name in ("audit-report.png", "audit-matches.png", "audit-plot.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
