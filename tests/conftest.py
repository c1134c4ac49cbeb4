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


def pytest_sessionstart(session: pytest.Session) -> None:
    """The real reports are the main test material: without them the run stops instead of skipping."""
    missing = [str(p) for p in (REAL, TEMPLATES, SAMPLE) if not p.exists()]
    if missing:
        pytest.exit("test material is missing: " + ", ".join(missing)
                    + " (clone the project beside ../shared as the README says)", returncode=4)


@cache
def parsed(path: str, ignore_headings: bool = False):
    import nlp

    return nlp.parse(path, ignore_headings=ignore_headings)


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def real_files() -> list[Path]:
    return sorted(p for p in REAL.iterdir() if p.name != "MANIFEST.tsv")


@pytest.fixture(scope="session")
def real_dir() -> Path:
    return REAL
