"""``xxgk reuse`` on a store that grows: the second run only adds the new report to the on-disk
index and gives the same reuse tables as a full recompute.

Real reports: 上海市 2019, 临县 2023 and 沭阳县 2023 are batched and reused first; 上海市 2025 is
added later (a new year of an agency already in the store). Only the new pair of reports is
compared (``xxgk compare`` figures); a run with nothing new compares none and changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from conftest import REAL

from nlp import reuse
from nlp.corpus.batch import batch
from nlp.corpus.batch_reuse import REUSE_TABLES, index_path, run_reuse

FIRST = ("上海市人民政府办公厅-2019.html", "临县人民政府-2023.txt", "沭阳县发展和改革局-2023.html")
LATER = "上海市人民政府办公厅-2025.md"


def _tables(db) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in REUSE_TABLES}


def test_new_year_is_added_to_the_index_and_equals_a_full_recompute(tmp_path, monkeypatch):
    compared: list[tuple] = []
    real_compare = reuse.compare

    def counting(old, new, **kw):
        compared.append((old.key, new.key))
        return real_compare(old, new, **kw)

    monkeypatch.setattr(reuse, "compare", counting)
    db = tmp_path / "corpus.duckdb"
    batch([REAL / f for f in FIRST], db, jobs=1, progress=False)
    run_reuse(db)
    assert compared == []  # three agencies, one report each: no prior report
    idx = index_path(db)
    runs = sorted(p.name for p in (idx / "pairs").glob("*.npz"))
    first = {p: (idx / "pairs" / p).read_bytes() for p in runs}
    batch([REAL / LATER], db, jobs=1, progress=False)
    summary = run_reuse(db)  # incremental: the index already holds the first three reports
    assert summary.reports == 4
    # the one new pair: 上海 2025 with its prior report, 上海 2019
    assert [(Path(a).name, Path(b).name) for a, b in compared] == [(FIRST[0], LATER)]
    assert len((idx / "sides.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    now = sorted(p.name for p in (idx / "pairs").glob("*.npz"))
    assert len(now) == len(runs) + 1 and all((idx / "pairs" / p).read_bytes() == b for p, b in first.items())
    incremental = _tables(db)
    # the new report's sentences carried over from 上海 2019 (same agency, six years earlier)
    with duckdb.connect(str(db), read_only=True) as con:
        carried = con.execute(
            "SELECT count(*), min(m.year_gap), max(m.year_gap) FROM reuse_matches m "
            "JOIN reports r USING (report_id) JOIN reports o ON o.report_id = m.other_report_id "
            "WHERE r.file_name = ? AND o.file_name = ? AND m.relation = 'self'", [LATER, FIRST[0]]).fetchone()
    assert carried[0] > 0 and carried[1:] == (6, 6)
    compared.clear()
    run_reuse(db)  # nothing new: every row and every pair's figures are read back
    assert compared == [] and _tables(db) == incremental
    run_reuse(db, full=True)
    assert sorted(p.name for p in (idx / "pairs").glob("*.npz")) == ["000000.npz"]
    assert len(compared) == 1  # a full recompute compares again
    assert _tables(db) == incremental
