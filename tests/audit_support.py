"""Builders shared by the audit tests (test_audit_*.py, test_browser.py): generated report pairs,
the real corpus store and the sites built from them, each built once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conftest import REAL, SAMPLE

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
# sentences of the generated 2024 report that carry markup (see generated_pair)
SCRIPT_SENTENCE = f"全年门户网站独立用户访问总数702311个{SCRIPT}，总访问量4012988次。"
STALE = "2023 年，我县坚持以习近平新时代中国特色社会主义思想为指导"  # left unchanged in the 2024 report
IMG_SENTENCE = f"三是政策解读方式单一{IMG}，创新性、新颖度有待提高"


def generated_pair(folder: Path) -> tuple[Path, Path]:
    """临县 2023 (the bundled sample, unchanged) and a generated 临县 2024: the same text with the
    years moved on except in one sentence (a stale 2023), two figures changed, and HTML/JS markup
    written into a part-1 and a part-5 sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / "临县人民政府-2023.txt"
    new = folder / "临县人民政府-2024.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    assert STALE in text
    t = text.replace(STALE, "@@").replace("2023", "2024").replace("2022", "2023").replace("@@", STALE)
    before = "全年门户网站独立用户访问总数651534个，总访问量3851452次。"
    assert before in t
    t = t.replace(before, SCRIPT_SENTENCE)
    before5 = "三是政策解读方式单一，创新性、新颖度有待提高"
    assert before5 in t
    t = t.replace(before5, IMG_SENTENCE)
    new.write_text(t, encoding="utf-8")
    return old, new


def _reuse(db: Path) -> None:
    """Corpus-wide reuse (``xxgk reuse``) into the store."""
    from cli_support import xxgk

    assert xxgk("reuse", "--db", db).returncode == 0


@cache
def real_store(base: Path) -> Path:
    """The real corpus plus the bundled sample, batched and reused into one store."""
    from nlp.corpus.batch import batch

    base.mkdir(parents=True, exist_ok=True)
    db = base / "real.duckdb"
    result = batch([str(REAL), str(SAMPLE.parent)], db, jobs=2, progress=False)
    assert result.failed == 0, result
    _reuse(db)
    return db


@cache
def real_site(base: Path) -> Path:
    from nlp.audit import build_site

    return build_site(real_store(base), base / "site").out


@cache
def generated_site(base: Path) -> Path:
    """``xxgk audit`` pair site of the generated 临县 2024 against the sample 2023."""
    import nlp
    from nlp.audit import audit_pair

    base.mkdir(parents=True, exist_ok=True)
    old, new = generated_pair(base / "generated")
    return audit_pair(nlp.parse(new), nlp.parse(old), base / "generated-site").out


def page_of(site: Path, file_name: str) -> Path:
    """The report page of the report read from ``file_name`` (found through the index links)."""
    import re

    index = (site / "index.html").read_text(encoding="utf-8")
    for href, name in re.findall(r'<a href="(reports/[^"/]+\.html)">[^<]*</a><div class="file">([^<]*)</div>', index):
        if name == file_name:
            return site / href
    raise AssertionError(f"{file_name} not in {site / 'index.html'}")
