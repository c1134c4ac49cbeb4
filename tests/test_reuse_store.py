"""Copy rings, match accounting and staleness over a store (``xxgk batch`` + ``xxgk reuse`` + site).

The store holds the real corpus plus three name-swapped copies of 临县 2023 written by the test
(兴县, 岚县, 方山县); a fourth copy is added later with ``batch`` to see the site flag stale scores.
"""

from __future__ import annotations

import duckdb
import pytest
from cli_support import xxgk
from conftest import REAL

from nlp.audit import build_site
from nlp.corpus.batch import batch
from nlp.reuse.skeleton import content_length_many

LIN = REAL / "临县人民政府-2023.txt"
RING = ("兴县", "岚县", "方山县")


def _write_copy(folder, name):
    path = folder / f"{name}人民政府-2023.txt"
    path.write_text(LIN.read_text(encoding="utf-8").replace("临县", name), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ring_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("ring")
    copies = root / "copies"
    copies.mkdir()
    for name in RING:
        _write_copy(copies, name)
    db = root / "corpus.duckdb"
    batch([REAL, copies], db, jobs=2, progress=False)
    assert xxgk("reuse", "--db", str(db)).returncode == 0
    return root, db


def _by_file(con, sql):
    return {r[0]: r[1:] for r in con.execute(sql).fetchall()}


def test_ring_is_one_cluster_of_four_listed_first_on_the_index(ring_db):
    root, db = ring_db
    with duckdb.connect(str(db), read_only=True) as con:
        s = _by_file(con, "SELECT r.file_name, s.cross_copy_share, s.copy_cluster, s.copy_group_size "
                          "FROM reuse_scores s JOIN reports r USING (report_id)")
        members = con.execute("SELECT r.file_name, c.cluster_id, c.size FROM copy_clusters c "
                              "JOIN reports r USING (report_id) ORDER BY r.file_name").fetchall()
        n_pairs = con.execute("SELECT count(*) FROM copy_pairs").fetchone()[0]
    ring = {LIN.name, *(f"{n}人民政府-2023.txt" for n in RING)}
    assert {m[0] for m in members} == ring and {m[1:] for m in members} == {(members[0][1], 4)}
    assert n_pairs == 6  # every two of the four
    for name, (cross, cluster, size) in s.items():
        if name in ring:
            assert cross >= 0.8 and cluster == members[0][1] and size == 4, name
        else:
            assert cross <= 0.1 and cluster is None and size == 1, name
    site = build_site(db, root / "site")
    html = site.index.read_text(encoding="utf-8")
    assert html.index('id="clusters"') < html.index('id="reports"')
    row = html[html.index('class="cluster-row"'):].split("</tr>")[0]
    assert all(f"{n}人民政府" in row for n in ("临县", *RING)) and ">4<" in row
    assert "抄袭群组 4 个机关" in html


def test_each_match_stored_once_and_shares_sum_to_at_most_one(ring_db):
    _, db = ring_db
    with duckdb.connect(str(db), read_only=True) as con:
        dup = con.execute("SELECT report_id, new_id, new_start, count(*) FROM reuse_matches "
                          "GROUP BY ALL HAVING count(*) > 1").fetchall()
        assert dup == []
        overlap = con.execute(
            "SELECT count(*) FROM reuse_matches a JOIN reuse_matches b ON a.report_id = b.report_id "
            "AND a.new_id = b.new_id AND a.match_no < b.match_no AND a.new_start < b.new_end AND b.new_start < a.new_end"
        ).fetchone()[0]
        assert overlap == 0  # no two stored matches cover one character
        scores = con.execute("SELECT report_id, template_share, common_phrase_share, self_copy_share, "
                             "cross_copy_share FROM reuse_scores").fetchall()
        rows = con.execute("SELECT report_id, origin, new_text, reason FROM reuse_matches").fetchall()
        sentences = con.execute("SELECT report_id, text FROM sentences").fetchall()
    total: dict[str, int] = {}
    for rid, text in sentences:
        total[rid] = total.get(rid, 0) + content_length_many([text])[0]
    by: dict[tuple[str, str], int] = {}
    for rid, origin, text, reason in rows:
        assert reason, "every match stores why it has its origin"
        by[(rid, origin)] = by.get((rid, origin), 0) + content_length_many([text])[0]
    assert any(cc >= 0.8 for *_, cc in scores)
    for rid, t, c, sc, cc in scores:
        assert t + c + sc + cc <= 1 + 1e-9
        # the stored rows account for the copy shares exactly: their characters over the narrative's
        assert by.get((rid, "cross_copy"), 0) / total[rid] == pytest.approx(cc, abs=1e-3)
        assert by.get((rid, "self_copy"), 0) / total[rid] == pytest.approx(sc, abs=1e-3)
        assert by.get((rid, "template"), 0) / total[rid] <= t + 1e-3  # template wording need not match


def test_site_flags_reports_added_after_reuse(ring_db, tmp_path):
    root, db = ring_db
    extra = tmp_path / "more"
    extra.mkdir()
    _write_copy(extra, "石楼县")
    batch([extra], db, jobs=1, progress=False)
    html = build_site(db, tmp_path / "site").index.read_text(encoding="utf-8")
    assert "沿用评分已过时：上次 `xxgk reuse` 之后新增了 1 份报告" in html
    (row,) = [r for r in html.split('<tr class="report-row"') if "石楼县人民政府-2023.txt" in r]
    assert 'class="num">未计算' in row and '<span class="flag">未计算沿用</span>' in row
    assert xxgk("reuse", "--db", str(db)).returncode == 0
    html = build_site(db, tmp_path / "site").index.read_text(encoding="utf-8")
    assert "已过时" not in html.split('id="reports"')[0] and "抄袭群组 5 个机关" in html
