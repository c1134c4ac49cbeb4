"""xxgk reuse --db: 洪泽区 2024 against 洪泽区 2023 as self_copy, with the figures of xxgk compare."""

from __future__ import annotations

import json

import duckdb
import pytest
from cli_support import xxgk

import nlp
from nlp.corpus import Corpus
from nlp.corpus.batch import batch
from nlp.corpus.batch_reuse import agency_keys
from nlp.corpus.store import snapshot
from nlp.reuse import compare

OLD, NEW = "淮安市洪泽区人民政府-2023.pdf", "淮安市洪泽区人民政府-2024.pdf"


def test_agency_keys_merge_only_unambiguous_short_names():
    keys = agency_keys(["淮安市洪泽区人民政府", "洪泽区人民政府", "淮安市人民政府", "北京市朝阳区人民政府",
                        "长春市朝阳区人民政府", "朝阳区人民政府", None])
    assert keys["洪泽区人民政府"] == "淮安市洪泽区人民政府"
    assert keys["淮安市人民政府"] == "淮安市人民政府"  # the city is not its district
    assert keys["朝阳区人民政府"] == "朝阳区人民政府"  # two 朝阳区: ambiguous, kept apart
    assert keys["北京市朝阳区人民政府"] != keys["长春市朝阳区人民政府"]


@pytest.fixture(scope="module")
def corpus_db(real_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("reuse") / "corpus.duckdb"
    batch([real_dir], db, jobs=2, progress=False)
    assert xxgk("reuse", "--db", str(db)).returncode == 0
    return db


def test_reuse_pairs_hongze_2024_with_2023_like_compare(real_dir, corpus_db):
    old, new = nlp.parse(real_dir / OLD), nlp.parse(real_dir / NEW)
    expected = compare(old, new).to_dict()
    con = duckdb.connect(str(corpus_db), read_only=True)
    row = con.execute("SELECT agency_key, year, prior_report_id, prior_year, reuse_ratio, (SELECT json_group_object(part, share) "
                      "FROM report_part_shares p WHERE p.report_id = s.report_id), n_matches, "
                      "match_origins, boilerplate_share FROM reuse_scores s WHERE report_id = ?",
                      [new.source.sha256]).fetchone()
    assert row[0].endswith("洪泽区人民政府") and row[1:4] == (2024, old.source.sha256, 2023)
    assert row[4] == expected["reuse_ratio"] > 0
    assert json.loads(row[5]) == expected["by_part"]
    assert row[6] == len(expected["matches"])
    assert json.loads(row[7]) == expected["scores"]["origins"]
    assert row[8] == expected["scores"]["boilerplate_share"]
    # one stored row per matched unit (issue 11: no prior_year/self duplicates): the units compare
    # matched in 2023, with compare's kinds and origins (the corpus has no common phrasing)
    got = con.execute("SELECT other_report_id, new_id, new_start, new_end, kind, origin, part, year_gap "
                      "FROM reuse_matches WHERE report_id = ? AND relation = 'prior_year' ORDER BY match_no",
                      [new.source.sha256]).fetchall()
    want = [(old.source.sha256, m["new_id"], *m["new_span"], m["kind"], m["origin"], m["part"], 1)
            for m in expected["matches"]]
    assert sorted(got) == sorted(want)
    # read in the reports: 2024's first commitment repeats 2023's word for word (part 5)
    copied = con.execute("SELECT kind FROM reuse_matches WHERE report_id = ? AND relation = 'prior_year' "
                         "AND origin = 'self_copy' AND part = 5 AND contains(new_text, '扎实推进依申请公开工作')",
                         [new.source.sha256]).fetchall()
    assert copied == [("exact",)]
    shares = con.execute("SELECT self_copy_share, corpus_reuse_prev, template_share, prior_gap FROM reuse_scores "
                         "WHERE report_id = ?", [new.source.sha256]).fetchone()
    # self_copy_share leaves template wording out; the share found in 2023 does not
    assert 0 < shares[0] < shares[1] and shares[2] > 0 and shares[3] == 1
    first = con.execute("SELECT prior_report_id, reuse_ratio, self_copy_share FROM reuse_scores "
                        "WHERE report_id = ?", [old.source.sha256]).fetchone()
    assert first == (None, None, 0.0)  # nothing earlier from this agency in the corpus
    con.close()


def test_reuse_is_repeatable_and_visible_in_corpus(corpus_db):
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        before = snapshot(con)
    assert xxgk("reuse", "--db", str(corpus_db)).returncode == 0
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        after = snapshot(con)
        n_reports = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert after == before
    with Corpus(corpus_db) as c:
        scores = c.reuse_scores()
        assert len(scores) == n_reports and "file_name" in scores.columns
        assert set(c.reuse_matches(origin="self_copy")["relation"]) <= {"prior_year", "self"}
        assert set(c.reuse_matches(origin="cross_copy")["relation"]) <= {"cross"}


def test_reuse_on_an_empty_store(tmp_path):
    from nlp.corpus.store import Store

    Store(tmp_path / "empty.duckdb").close()
    assert xxgk("reuse", "--db", str(tmp_path / "empty.duckdb")).returncode == 0
    with duckdb.connect(str(tmp_path / "empty.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reuse_scores").fetchone()[0] == 0
    assert xxgk("reuse", "--db", str(tmp_path / "missing.duckdb")).returncode == 2
    assert not (tmp_path / "missing.duckdb").exists()
