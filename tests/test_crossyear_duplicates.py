"""Cross-year checks count a report stored twice once: the 洪泽 2023/2024 pair stored with a second
copy of each report (the same PDF with bytes after ``%%EOF``: another file, the same text) pairs and
checks exactly as the pair stored once, with the kept copy (the one ``duplicate_of`` points to)."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

from conftest import REAL, db_rows

NAMES = {2023: "淮安市洪泽区人民政府-2023.pdf", 2024: "淮安市洪泽区人民政府-2024.pdf"}
X_ROWS = ("SELECT report_id, check_no, check_id, scope, status, message, left_value, right_value, evidence "
          "FROM checks WHERE check_id IN ('X-1', 'X-2') ORDER BY report_id, check_no")


def _folder(base: Path, name: str, copy: bool) -> Path:
    """The pair, as the real files or as copies with bytes after ``%%EOF`` (PDF readers stop there)."""
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    for n in NAMES.values():
        if copy:
            (folder / n).write_bytes((REAL / n).read_bytes() + b"\n% a second copy\n")
        else:
            shutil.copy(REAL / n, folder / n)
    return folder


def _batch(folders: list[Path], db: Path) -> Path:
    from nlp.corpus.batch import batch

    assert batch([str(f) for f in folders], db, jobs=1, progress=False).failed == 0
    return db


def _pairs(db: Path) -> list[tuple[str, str, int]]:
    from nlp.corpus.batch_crossyear import previous_year_pairs
    from nlp.corpus.store import Store

    with Store(db) as s:
        return previous_year_pairs(s)


def _ids(db: Path, folder: Path) -> dict[int, str]:
    """year → report_id of the files in ``folder``."""
    return {y: rid for rid, y, p in db_rows(db, "SELECT report_id, year, path FROM reports")
            if Path(p).parent == folder}


@cache
def single(base: Path) -> Path:
    return _batch([_folder(base / "single", "a", copy=False)], base / "single.duckdb")


def test_a_second_copy_changes_no_pairing_and_no_check(tmp_path_factory) -> None:
    base = tmp_path_factory.getbasetemp() / "crossyear-dup"
    one = single(base)
    ids = _ids(one, base / "single" / "a")
    assert _pairs(one) == [(ids[2024], ids[2023], 2023)]
    x_one = db_rows(one, X_ROWS)
    assert x_one and {r[0] for r in x_one} == {ids[2024]}

    # the originals in a/ sort first by path, so they are kept and the copies in b/ are duplicates
    two = _batch([_folder(base / "double", "a", copy=False), _folder(base / "double", "b", copy=True)],
                 base / "double.duckdb")
    copies = _ids(two, base / "double" / "b")
    assert _ids(two, base / "double" / "a") == ids and set(copies.values()).isdisjoint(ids.values())
    dup = dict(db_rows(two, "SELECT report_id, duplicate_of FROM reports"))
    assert {dup[copies[y]] for y in NAMES} == {ids[2023], ids[2024]} and dup[copies[2023]] == ids[2023]
    assert _pairs(two) == _pairs(one)
    assert db_rows(two, X_ROWS) == x_one
    counts = f"SELECT n_checks, n_checks_failed FROM reports WHERE report_id = '{ids[2024]}'"
    assert db_rows(two, counts) == db_rows(one, counts)


def test_a_copy_stored_later_that_becomes_the_kept_one_takes_over_the_checks(tmp_path_factory) -> None:
    base = tmp_path_factory.getbasetemp() / "crossyear-dup"
    one = single(base)
    ids = _ids(one, base / "single" / "a")
    x_one = db_rows(one, X_ROWS)

    # first the real files in b/ (they get ), then copies in a/, which sort first: the copies
    # are kept from then on and the real files become their duplicates
    db = _batch([_folder(base / "flip", "b", copy=False)], base / "flip.duckdb")
    assert {r[0] for r in db_rows(db, X_ROWS)} == {ids[2024]}
    _batch([_folder(base / "flip", "a", copy=True)], db)
    kept = _ids(db, base / "flip" / "a")
    dup = dict(db_rows(db, "SELECT report_id, duplicate_of FROM reports"))
    assert dup[ids[2023]] == kept[2023] and dup[ids[2024]] == kept[2024]
    assert _pairs(db) == [(kept[2024], kept[2023], 2023)]
    x = db_rows(db, X_ROWS)
    assert {r[0] for r in x} == {kept[2024]}  # the old rows of the real 2024 file are gone
    as_single = [(ids[2024], *r[1:8], json.dumps({**json.loads(r[8]), "previous_report_id": ids[2023]},
                                                  ensure_ascii=False, sort_keys=True)) for r in x]
    assert as_single == x_one
    own = ("SELECT count(*) FROM checks WHERE report_id = '{}'")
    n_x = len(x_one)
    assert db_rows(db, f"SELECT n_checks FROM reports WHERE report_id = '{ids[2024]}'")[0][0] \
        == db_rows(db, own.format(ids[2024]))[0][0] == db_rows(one, own.format(ids[2024]))[0][0] - n_x
