"""Store conventions: names, comments, keys, docs/store.md, layout version, region columns, agency
filters, the duplicate flag and typed Parquet — on a store built from the real reports."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REAL, ROOT, manifest, real_files
from store_support import build_store

from nlp.core.errors import StoreError
from nlp.corpus import Corpus
from nlp.corpus.store import KEYS, TABLES, UNENFORCED_KEYS, Store
from nlp.corpus.store_reference import BEGIN, END, markdown
from nlp.corpus.store_views import VIEWS
from nlp.text.region import region_of

SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
DOC = ROOT / "docs" / "store.md"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(real_files(), tmp_path_factory.mktemp("real") / "real.duckdb")


@pytest.fixture()
def empty(tmp_path):
    with Store(tmp_path / "e.duckdb") as s:
        yield s.con


def _columns(con) -> list[tuple[str, str, str | None]]:
    return con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() "
                       "WHERE NOT internal AND schema_name = 'main'").fetchall()


def test_names_are_snake_case_and_never_keywords_sql_needs_quoted(empty):
    # unreserved keywords (year, text …) are plain identifiers; the others (end, left, row …) need quotes
    quoted = {r[0] for r in empty.execute(
        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'").fetchall()}
    assert {"end", "left", "right", "row"} <= quoted  # the old column names
    cols = _columns(empty)
    names = {t for t, _, _ in cols}
    assert names == {*TABLES, *VIEWS, "store_info"}
    for table, col, _ in cols:
        assert SNAKE.fullmatch(table) and SNAKE.fullmatch(col), (table, col)
        assert col not in quoted and table not in quoted, (table, col)
    # so every view and table reads without quoting
    for name in names:
        empty.execute(f"SELECT {', '.join(c for t, c, _ in cols if t == name)} FROM {name}").fetchall()


def test_every_table_view_and_column_has_a_comment(empty):
    missing = [(t, c) for t, c, comment in _columns(empty) if not (comment or "").strip()]
    assert missing == []
    rel = empty.execute("SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal UNION ALL "
                        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()
    assert len(rel) == len(TABLES) + len(VIEWS) + 1
    assert all((c or "").strip() for _, c in rel), rel


def test_docs_store_md_is_the_comments(empty):
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    reference = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert reference == markdown(empty).strip(), "regenerate it: python -m nlp.corpus.store_reference docs/store.md"
    for name in (*TABLES, *VIEWS):
        assert f"### `{name}`" in reference


def test_primary_keys_and_not_null(empty):
    pk = dict(empty.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY'").fetchall())
    assert {t: tuple(c) for t, c in pk.items() if t in TABLES} == {
        t: k for t, k in KEYS.items() if t not in UNENFORCED_KEYS}
    empty.execute("INSERT INTO reports (report_id, path) VALUES ('a', 'x')")
    with pytest.raises(duckdb.ConstraintException):
        empty.execute("INSERT INTO reports (report_id, path) VALUES ('a', 'y')")
    with pytest.raises(duckdb.ConstraintException):
        empty.execute("INSERT INTO errors (report_id, path, stage) VALUES ('a', NULL, 'ingest')")


def _old_store(path: Path) -> None:
    """A store of layout 1 (columns "end", "left", by_part JSON …)."""
    with duckdb.connect(str(path)) as con:
        con.execute('CREATE TABLE reports (report_id VARCHAR, level VARCHAR)')
        con.execute('CREATE TABLE parts (report_id VARCHAR, part INTEGER, start INTEGER, "end" INTEGER)')
        con.execute("CREATE TABLE store_info (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO store_info VALUES ('store_schema', '1')")


def test_an_old_layout_store_is_a_store_error_saying_rebuild(tmp_path):
    db = tmp_path / "old.duckdb"
    _old_store(db)
    for opener in (Store, Corpus):
        with pytest.raises(StoreError) as err:
            opener(db)
        assert err.value.exit_code == 11
        assert "layout 1" in str(err.value) and "rebuild" in str(err.value)
    proc = subprocess.run([sys.executable, "-c", "from nlp.cli import main; main()", "reuse", "--db", str(db)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 11, proc.stderr
    assert "rebuild" in proc.stderr and "Traceback" not in proc.stderr
    with duckdb.connect(str(db)) as con:  # untouched
        assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 3


def test_region_level_and_agency_type_of_the_real_reports(store):
    # MANIFEST gives the place of each agency: 临县人民政府（山西省吕梁市临县）, 淮安市洪泽区人民政府（江苏省淮安市洪泽区）…
    expected = {
        "临县人民政府-2023.txt": ("山西省", "吕梁市", "临县", "county", "government"),
        "淮安市人民政府-2024.pdf": ("江苏省", "淮安市", None, "city", "government"),
        "淮安市洪泽区人民政府-2023.pdf": ("江苏省", "淮安市", "洪泽区", "county", "government"),
        "淮安市洪泽区人民政府-2024.pdf": ("江苏省", "淮安市", "洪泽区", "county", "government"),
        "上海市人民政府办公厅-2019.html": ("上海市", "上海市", None, "province", "general_office"),
        "上海市人民政府办公厅-2025.md": ("上海市", "上海市", None, "province", "general_office"),
        "沭阳县发展和改革局-2023.html": ("江苏省", "宿迁市", "沭阳县", "county", "department"),
    }
    assert set(expected) == {p.name for p in real_files() if p.name in manifest()}
    with Corpus(store) as c:
        got = {r[0]: tuple(r[1:]) for r in c.con.execute(
            "SELECT file_name, province, city, county, admin_level, agency_type FROM reports").fetchall()}
        assert got == expected
        assert list(c.reports(province="江苏省", admin_level="county")["file_name"]) == [
            "沭阳县发展和改革局-2023.html", "淮安市洪泽区人民政府-2023.pdf", "淮安市洪泽区人民政府-2024.pdf"]


@pytest.mark.parametrize(("agency", "expected"), [
    ("南京市鼓楼区人民政府", ("江苏省", "南京市", "鼓楼区", "county", "government")),
    ("鼓楼区人民政府", (None, None, "鼓楼区", "county", "government")),  # 南京, 福州, 徐州, 开封 … all have one
    ("上海市虹口区人民政府", ("上海市", "上海市", "虹口区", "county", "government")),
    ("江苏省人民政府办公厅", ("江苏省", None, None, "province", "general_office")),
    ("淮安市洪泽区岔河镇人民政府", ("江苏省", "淮安市", "洪泽区", "township", "government")),
    ("淮安市洪泽区高良涧街道办事处", ("江苏省", "淮安市", "洪泽区", "township", "subdistrict_office")),
    ("淮安市教育局", ("江苏省", "淮安市", None, "city", "department")),
])
def test_region_of_agency_names(agency, expected):
    r = region_of(agency)
    assert (r.province, r.city, r.county, r.admin_level, r.agency_type) == expected


def test_agency_filters_match_the_printed_name(store):
    hongze = ["淮安市洪泽区人民政府-2023.pdf", "淮安市洪泽区人民政府-2024.pdf"]
    with Corpus(store) as c:
        # the name as the reports print it (洪泽区人民政府 in the 2023 title), as stored, and partial
        assert list(c.reports(agency="洪泽区人民政府")["file_name"]) == hongze
        assert list(c.reports(agency="淮安市洪泽区人民政府")["file_name"]) == hongze
        assert list(c.reports(agency_like="洪泽")["file_name"]) == hongze
        assert list(c.reports(agency="淮安市人民政府")["file_name"]) == ["淮安市人民政府-2024.pdf"]
        assert list(c.reports(agency="临县人民政府（山西省吕梁市临县）")["file_name"]) == ["临县人民政府-2023.txt"]
        assert c.reports(agency="鼓楼区人民政府").empty
        printed = c.reports()["agency"].tolist()
        for name in printed:  # every name the outputs print finds its reports
            assert name in c.reports(agency=name)["agency"].tolist()
        assert set(c.sentences(agency="洪泽区人民政府")["year"]) == {2023, 2024}
        assert set(c.findings(agency="洪泽区人民政府")["file_name"]) == set(hongze)


def test_same_text_in_gb18030_is_flagged_as_a_duplicate(tmp_path):
    src = REAL / "临县人民政府-2023.txt"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(src, folder / "a-utf8.txt")
    (folder / "b-gb18030.txt").write_bytes(src.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(REAL / "沭阳县发展和改革局-2023.html", folder / "c-other.html")
    db = build_store([folder], tmp_path / "d.duckdb", reuse=False)
    with Corpus(db) as c:
        cur = c.con.execute("SELECT file_name, report_id, text_hash, duplicate_of FROM reports ORDER BY path")
        a, b, other = (dict(zip(("file_name", "report_id", "text_hash", "duplicate_of"), r, strict=True))
                       for r in cur.fetchall())
        assert [a["file_name"], b["file_name"], other["file_name"]] == ["a-utf8.txt", "b-gb18030.txt", "c-other.html"]
        assert a["report_id"] != b["report_id"]  # different bytes
        assert a["text_hash"] == b["text_hash"] != other["text_hash"]
        assert a["duplicate_of"] is None and other["duplicate_of"] is None
        assert b["duplicate_of"] == a["report_id"]
        dup = c.sql("SELECT file_name, original_file_name FROM duplicate_reports")
        assert dup.values.tolist() == [["b-gb18030.txt", "a-utf8.txt"]]


def test_parquet_columns_are_typed(store, tmp_path):
    from nlp.reuse import compare

    with Corpus(store) as c:
        paths = {p.stem: p for p in c.export_parquet(tmp_path / "pq")}
    scores = pq.read_table(paths["reuse_scores"])
    for p in range(8):
        assert scores.schema.field(f"part_{p}_share").type == pa.float64()
    for col in ("reuse_ratio", "lazy_prices_cosine", "part5_ratio", "self_copy_share"):
        assert scores.schema.field(col).type == pa.float64()
    assert scores.schema.field("year").type == pa.int32()
    for col in ("match_kinds", "part5", "stale_mentions"):  # detail JSON: text, never binary
        assert scores.schema.field(col).type == pa.string()
    summary = pq.read_table(paths["report_summary"]).to_pylist()
    shares = pq.read_table(paths["report_part_shares"])
    assert shares.schema.field("share").type == pa.float64() and shares.schema.field("part").type == pa.int32()
    reports = pq.read_table(paths["reports"])
    assert reports.schema.field("warnings").type == pa.list_(pa.string())
    assert reports.schema.field("tables_meta").type == pa.string()
    assert pq.read_table(paths["checks"]).schema.field("left_value").type == pa.float64()
    if importlib.util.find_spec("polars"):  # polars read JSON-in-Parquet as binary before (issue 13)
        import polars as pl

        frame = pl.read_parquet(paths["reuse_scores"])
        assert all(frame.schema[f"part_{p}_share"] == pl.Float64 for p in range(8))
        assert frame.schema["part5"] == pl.String
    # the shares are the figures `xxgk compare` gives for the pair
    new = next(r for r in summary if r["file_name"] == "淮安市洪泽区人民政府-2024.pdf")
    by_part = compare(str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf")).by_part
    assert {p: new[f"part_{p}_share"] for p in range(8) if new[f"part_{p}_share"] is not None} == by_part
    long = {(r["part"], r["share"]) for r in shares.to_pylist() if r["report_id"] == new["report_id"]}
    assert long == set(by_part.items())
