"""``make demo`` (``scripts/demo.sh``) without the real corpus: the bundled sample, one report, and
plots that need several reports replaced by a message (the real-corpus demo is tested in
tests/test_browser_demo.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from lxml import html as lhtml


def test_demo_falls_back_to_the_sample_and_shows_messages_instead_of_empty_plots(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "OUT": str(out), "BIN": str(Path(sys.executable).parent),
           "XXGK_CORPUS": str(tmp_path / "no-corpus")}
    proc = subprocess.run(["sh", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "using the bundled sample" in proc.stderr and "corpus: corpus/samples" in proc.stdout
    site = out / "audit"
    assert [p.name for p in (site / "reports").iterdir()] == ["临县人民政府-2023.html"]
    doc = lhtml.fromstring((site / "index.html").read_text(encoding="utf-8"))
    assert len(doc.xpath('//table[@id="reports"]/tbody/tr')) == 1
    # one report: no year-over-year reuse, so the reuse plots are messages, not empty pictures
    empty = doc.xpath('//p[@class="plot-empty"]')
    images = doc.xpath("//figure/img/@src")
    assert len(empty) >= 3 and len(empty) + len(images) == 4
    assert all("无数据" in p.text_content() for p in empty)
    assert sorted(p.name for p in (site / "plots").glob("*.svg")) == sorted(Path(s).name for s in images)
    assert {p.name for p in (site / "downloads").iterdir()} == {
        f"{stem}.{ext}" for stem in ("index", "临县人民政府-2023-findings", "临县人民政府-2023-checks")
        for ext in ("csv", "xlsx")}
