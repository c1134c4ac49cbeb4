"""Shared fixtures: the real corpus beside the project, parsed once per test session."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
TEMPLATES = ROOT.parent / "shared" / "corpus" / "templates"
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is absent in this clone")


@cache
def parsed(path: str, ignore_headings: bool = False):
    import nlp

    return nlp.parse(path, ignore_headings=ignore_headings)


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def real_files() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/corpus/real is absent in this clone")
    return REAL
