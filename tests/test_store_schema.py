"""nlp.corpus.store: schema, one transaction per report, error rows, agency names; nlp.Corpus over a store."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

import nlp
from nlp.corpus import PARQUET_VIEWS, Corpus
from nlp.corpus.store import KEYS, TABLES, VOLATILE, ErrorRow, Store, snapshot
from nlp.corpus.store_rows import normalise_agency, report_rows

REPORT = """临县2023年政府信息公开工作年度报告

一、总体情况
2023年，临县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。全年主动公开政府信息1200条。

五、存在的主要问题及改进情况
存在问题：一是公开内容不够全面；二是政策解读形式单一。下一步，我们将加强培训。

临县人民政府办公室
2024年1月30日
"""


def _rows(text: str = REPORT, name: str = "/data/临县-2023.txt"):
    report = nlp.parse(text.encode(), name=name)
    return report, report_rows(report, path=name, size=len(text.encode()), elapsed=0.5,
                               processed_at=None, version="test")


def test_schema_has_documented_tables_and_contract_columns(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert set(TABLES) <= tables
        for table in TABLES:
            cols = [r[0] for r in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall()]
            assert cols == [c for c, _ in TABLES[table]]
            assert "report_id" in cols, table
            assert set(KEYS[table]) <= set(cols)
        reports = [c for c, _ in TABLES["reports"]]
        for col in ("report_id", "path", "file_name", "format", "agency", "year", "admin_level", "agency_type", "province",
                    "city", "county", "title", "published",
                    "pages", "n_sentences", "processed_at"):
            assert col in reports
        assert {"path", "sha256", "stage", "reason"} <= {c for c, _ in TABLES["errors"]}
    # reopening an existing store keeps it as it is
    with Store(tmp_path / "c.duckdb") as store:
        assert store.con.execute("SELECT count(*) FROM store_info").fetchone()[0] == 1


def test_report_rows_follow_the_json_contract():
    report, rows = _rows()
    d = report.to_dict()
    rid = d["source"]["sha256"]
    assert rows["reports"]["report_id"] == [rid]
    assert rows["reports"]["file_name"] == ["临县-2023.txt"]
    assert rows["reports"]["agency"] == [d["meta"]["agency"]]
    assert rows["reports"]["year"] == [2023]
    assert rows["reports"]["n_sentences"] == [len(d["sentences"])]
    assert rows["sentences"]["text"] == [s["text"] for s in d["sentences"]]
    assert rows["sentences"]["sentence_id"] == list(range(len(d["sentences"])))
    assert rows["parts"]["part"] == [p["part"] for p in d["parts"]]
    assert sum(rows["parts"]["n_sentences"]) == len(d["sentences"])
    for table, cols in rows.items():
        lengths = {len(v) for v in cols.values()}
        assert len(lengths) == 1, table  # columnar and rectangular
        assert set(cols["report_id"]) <= {rid}


def test_one_transaction_per_report(tmp_path, monkeypatch):
    _, rows = _rows()
    store = Store(tmp_path / "c.duckdb")
    real_append = Store._append

    def failing_append(self, table, columns):
        if table == "sentences":
            raise RuntimeError("disk full")
        real_append(self, table, columns)

    monkeypatch.setattr(Store, "_append", failing_append)
    with pytest.raises(RuntimeError):
        store.write_report(rows, [("/data/临县-2023.txt", 100)])
    for table in TABLES:
        assert store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.setattr(Store, "_append", real_append)
    store.write_report(rows, [("/data/临县-2023.txt", 100), ("/data/copy/临县-2023.txt", 100)])
    n = rows["reports"]["n_sentences"][0]
    assert store.con.execute("SELECT count(*) FROM sentences").fetchone()[0] == n
    assert store.con.execute("SELECT count(*) FROM files").fetchone()[0] == 2
    assert store.done_ids() == set(rows["reports"]["report_id"])
    store.close()


def test_error_rows_and_retry(tmp_path):
    with Store(tmp_path / "c.duckdb") as store:
        corrupt = ErrorRow("/in/a.pdf", "aa", "ingest", "cannot parse PDF", "CorruptFileError", 5, retry=False)
        crash = ErrorRow("/in/b.pdf", "bb", "internal", "KeyError: 'x'", "KeyError", 2, retry=True)
        store.write_error(corrupt, [("/in/a.pdf", 10), ("/in/a-copy.pdf", 10)])
        store.write_error(crash, [("/in/b.pdf", 20)])
        rows = store.con.execute("SELECT path, sha256, stage, exit_code FROM errors ORDER BY path").fetchall()
        assert rows == [("/in/a-copy.pdf", "aa", "ingest", 5), ("/in/a.pdf", "aa", "ingest", 5),
                        ("/in/b.pdf", "bb", "internal", 2)]
        # a corrupt file stays done; a crash is retried by the next run
        assert store.done_ids() == {"aa"}
        assert store.error_ids() == {"aa", "bb"}
        store.write_error(crash, [("/in/b.pdf", 20)])  # rewriting replaces, never duplicates
        assert store.con.execute("SELECT count(*) FROM errors WHERE report_id = 'bb'").fetchone()[0] == 1
        store.add_files("aa", [("/in/third.pdf", 10)])  # the same failed bytes seen at a new path
        assert store.con.execute("SELECT count(*) FROM errors WHERE report_id = 'aa'").fetchone()[0] == 3


def test_a_retried_failure_that_succeeds_leaves_errors(tmp_path):
    _, rows = _rows()
    rid = rows["reports"]["report_id"][0]
    with Store(tmp_path / "c.duckdb") as store:
        store.write_error(ErrorRow("/data/临县-2023.txt", rid, "timeout", "slow", "Timeout", 2, True),
                          [("/data/临县-2023.txt", 1)])
        store.write_report(rows, [("/data/临县-2023.txt", 1)], had_error=True)
        assert store.con.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


@pytest.mark.parametrize(("name", "expected"), [
    ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("淮安市 洪泽区 人民政府", "淮安市洪泽区人民政府"),
    ("洪泽区政府", "洪泽区人民政府"),
    ("臨縣人民政府", "临县人民政府"),
    ("临县人民政府（山西省吕梁市临县）", "临县人民政府"),
    ("上海市人民政府办公厅", "上海市人民政府办公厅"),
    ("沭阳县发展和改革局", "沭阳县发展和改革局"),
    (None, None),
])
def test_normalise_agency(name, expected):
    assert normalise_agency(name) == expected


def test_corpus_api_and_parquet_export(tmp_path):
    db = tmp_path / "c.duckdb"
    report, rows = _rows()
    _, rows2 = _rows(REPORT.replace("2023", "2024").replace("1200", "1300"), "/data/临县-2024.txt")
    with Store(db) as store:
        store.write_report(rows, [("/data/临县-2023.txt", 1)])
        store.write_report(rows2, [("/data/临县-2024.txt", 1)])
    with Corpus(db) as c:
        assert list(c.reports()["year"]) == [2023, 2024]
        assert "narrative" not in c.reports().columns
        assert c.reports(narrative=True)["narrative"][0] == report.narrative
        assert list(c.reports(year=2024)["file_name"]) == ["临县-2024.txt"]
        assert len(c.reports(agency="臨縣人民政府")) == 2  # matched through the normalised name
        s = c.sentences(year=2023)
        assert list(s["text"]) == [x.text for x in report.sentences]
        assert {"agency", "year", "file_name"} <= set(s.columns)
        assert set(c.sentences(part=5)["part"]) == {5}
        assert c.sentences(contains="1300")["year"].tolist() == [2024]
        assert isinstance(c.findings(), pd.DataFrame) and isinstance(c.checks(status="fail"), pd.DataFrame)
        assert c.sql("SELECT count(*) AS n FROM reports")["n"][0] == 2
        paths = c.export_parquet(tmp_path / "pq")
        assert {p.stem for p in paths} == set(TABLES) | set(PARQUET_VIEWS)
        back = pd.read_parquet(tmp_path / "pq" / "sentences.parquet")
        assert len(back) == len(c.sentences())
        with pytest.raises(duckdb.Error):  # read-only
            c.sql("DELETE FROM reports")
    from cli_support import xxgk

    done = xxgk("export", "--db", db, "--parquet", tmp_path / "pq2")
    assert done.returncode == 0 and "reports.parquet" in done.stdout
    assert xxgk("export", "--db", tmp_path / "missing.duckdb", "--parquet", tmp_path / "pq3").returncode == 2


def test_snapshot_ignores_only_volatile_columns(tmp_path):
    _, rows = _rows()
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    rows_b = {t: {c: list(v) for c, v in cols.items()} for t, cols in rows.items()}
    rows_b["reports"]["elapsed_s"] = [9.0]
    for db, r in ((a, rows), (b, rows_b)):
        with Store(db) as store:
            store.write_report(r, [("/data/临县-2023.txt", 1)])
    with duckdb.connect(str(a)) as ca, duckdb.connect(str(b)) as cb:
        assert snapshot(ca) == snapshot(cb)
        assert snapshot(ca, volatile=True) != snapshot(cb, volatile=True)
    assert VOLATILE == {"reports": ("processed_at", "elapsed_s")}
