"""OCR acceptance on the real reports: each text PDF of ../shared/corpus/real is rasterised into an
image-only PDF (built here, 150 or 200 dpi), parsed with OCR and compared with the parse of its
text layer. 淮安市洪泽区人民政府-2023 is scanned with page 1 lying on its side (90°) and page 3 (the
T3 table) skewed by 2°, so the same criteria also cover turned and skewed pages.

Each scan is OCR'd once per session (the ``scans`` fixture); ONNX Runtime uses XXGK_OCR_THREADS
(default 2) threads.
"""

from __future__ import annotations

import time

import pytest
from conftest import REAL, parsed
from ocr_support import cell_tally, scanned, sentence_agreement

import nlp

CASES = {
    "淮安市人民政府-2024.pdf": {"dpi": 200},
    "淮安市洪泽区人民政府-2024.pdf": {"dpi": 150},
    "淮安市洪泽区人民政府-2023.pdf": {"dpi": 150, "turn": (1,), "skew": (3,)},
}


@pytest.fixture(scope="session")
def scans() -> dict[str, tuple[object, object, float]]:
    """name -> (text-layer report, OCR report of the scan, seconds the OCR parse took)."""
    out = {}
    for name, how in CASES.items():
        data = scanned(REAL / name, how["dpi"], turn=how.get("turn", ()), skew=how.get("skew", ()))
        t0 = time.perf_counter()
        report = nlp.parse(data, name=f"scan-{name}", ocr="auto")
        out[name] = (parsed(str(REAL / name)), report, time.perf_counter() - t0)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_scan_is_read_by_ocr_on_every_page(scans, name: str) -> None:
    ref, got, _ = scans[name]
    assert got.source.pages == ref.source.pages
    assert got.quality.ocr_pages == tuple(range(1, ref.source.pages + 1))
    assert 0.9 <= got.quality.ocr_confidence <= 1.0
    assert ref.quality.ocr_pages == () and ref.quality.ocr_confidence is None
    d = got.to_dict()["quality"]
    assert d["ocr_pages"] == list(range(1, ref.source.pages + 1)) and d["ocr_confidence"] > 0.9


@pytest.mark.parametrize("name", list(CASES))
def test_part_headings_all_found(scans, name: str) -> None:
    ref, got, _ = scans[name]
    want = {p.part: p.title for p in ref.parts if p.heading_found}
    assert set(want) >= {1, 2, 3, 4, 5, 6}  # the text layer has every heading
    found = {p.part for p in got.parts if p.heading_found}
    assert set(want) <= found, f"headings lost by OCR: {sorted(set(want) - found)}"


@pytest.mark.parametrize("name", list(CASES))
def test_sentence_characters_match_text_layer(scans, name: str) -> None:
    ref, got, _ = scans[name]
    assert len(ref.sentences) > 20
    agreement = sentence_agreement(ref, got)
    assert agreement >= 0.97, f"{name}: {agreement:.4f} of sentence characters equal"


@pytest.mark.parametrize("name", list(CASES))
def test_t3_t4_cells_equal_or_uncertain_never_wrong(scans, name: str) -> None:
    ref, got, _ = scans[name]
    tally = cell_tally(ref, got)
    assert tally.total >= 150  # T3 (≥ 140 cells) and T4 (15) were read from the text layer
    assert not tally.wrong, f"{len(tally.wrong)} cells wrong and certain: {tally.wrong[:5]}"
    assert tally.equal >= 0.98 * tally.total, f"{tally.equal}/{tally.total} equal, uncertain: {tally.uncertain}"


def test_turned_and_skewed_pages_keep_their_text(scans) -> None:
    """The turned page's sentences match the text layer's; the skewed page holds T3, whose cells
    are all equal or uncertain."""
    from rapidfuzz.distance import Levenshtein

    ref, got, _ = scans["淮安市洪泽区人民政府-2023.pdf"]
    a = "".join(s.text for s in ref.sentences if s.page == 1)
    b = "".join(s.text for s in got.sentences if s.page == 1)
    assert len(a) > 300
    assert 1 - Levenshtein.distance(a, b) / len(a) >= 0.97, (a[:80], b[:80])
    assert 3 in ref.tables.to_dict()["T3"]["pages"] and 3 in got.tables.to_dict()["T3"]["pages"]
    tally = cell_tally(ref, got, ("T3",))
    assert tally.total >= 140 and not tally.wrong and tally.equal >= 0.98 * tally.total


def test_ocr_time_is_reported(scans) -> None:
    """Not a speed assertion: the time per page is printed for the record (see benchmarks/ocr.py)."""
    pages = sum(r[1].source.pages for r in scans.values())
    seconds = sum(r[2] for r in scans.values())
    print(f"\nOCR parse of {pages} scanned pages: {seconds:.1f} s ({seconds / pages:.1f} s/page)")
    assert pages == 16
