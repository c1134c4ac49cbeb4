"""xxgk batch acceptance: the real corpus plus generated files into DuckDB.

1. every table is filled and each report's rows agree with ``nlp.parse(path).to_dict()``;
2. a batch killed with SIGKILL part-way and rerun equals an uninterrupted run;
3. corrupt, encrypted and empty files end up in ``errors``, the rest is processed;
4. a ``dask.distributed.LocalCluster`` (2 workers) run writes the same rows as the process pool.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import nlp
from nlp.corpus.batch import batch
from nlp.corpus.store import snapshot

ROOT = Path(__file__).resolve().parents[1]
LINXIAN = "临县人民政府-2023.txt"


def _cells(tables) -> int:
    if hasattr(tables, "to_dict"):
        tables = tables.to_dict()
    return sum(len(cols) for t in tables.values() if isinstance(t, dict)
               for cols in (t.get("rows") or {}).values())


@pytest.fixture(scope="module")
def inputs(real_dir, tmp_path_factory) -> dict[str, Path]:
    """Generated files beside the real ones: good variants, copies, and broken files."""
    from docx import Document
    from pypdf import PdfWriter

    gen = tmp_path_factory.mktemp("generated")
    good, bad, load = gen / "good", gen / "bad", gen / "load"
    for d in (good, bad, load):
        d.mkdir()
    text = (real_dir / LINXIAN).read_text(encoding="utf-8")
    (good / "临县-flattened.txt").write_text(text.replace("\n", " "), encoding="utf-8")
    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(good / "临县-2023.docx")
    (good / "沭阳县-duplicate.html").write_bytes((real_dir / "沭阳县发展和改革局-2023.html").read_bytes())
    pdf = (real_dir / "淮安市洪泽区人民政府-2023.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    writer = PdfWriter(clone_from=real_dir / "淮安市洪泽区人民政府-2023.pdf")
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(bad / "encrypted.pdf")
    (bad / "empty.txt").write_bytes(b"")
    # copies whose bytes differ (a line appended after %%EOF, trailing newlines) but read the same;
    # they make the batch long enough to be killed part-way
    for f in sorted(real_dir.iterdir()):
        copies = 1 if f.suffix == ".pdf" else 2 if f.name != "MANIFEST.tsv" else 0
        for k in range(1, copies + 1):
            tail = f"\n%copy {k}\n" if f.suffix == ".pdf" else "\n" * k
            (load / f"{f.stem}-copy{k}{f.suffix}").write_bytes(f.read_bytes() + tail.encode())
    return {"real": real_dir, "good": good, "bad": bad, "load": load}


def _paths(inputs) -> list[str]:
    return [str(inputs[k]) for k in ("real", "good", "bad", "load")]


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory):
    """One uninterrupted process-pool run: (database path, BatchResult)."""
    db = tmp_path_factory.mktemp("ref") / "corpus.duckdb"
    result = batch(_paths(inputs), db, jobs=2, progress=False)
    return db, result


def _snap(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return snapshot(con)


def test_batch_fills_every_table_and_agrees_with_parse(inputs, reference):
    db, result = reference
    n_load = len(list(inputs["load"].iterdir()))
    assert result.files == 7 + 3 + 3 + n_load
    assert result.unique == result.files - 1  # the duplicate HTML is parsed once
    assert result.parsed == result.unique - 3 and result.errors == 3 and result.failed == 3
    con = duckdb.connect(str(db), read_only=True)
    for table in ("reports", "files", "parts", "sentences", "findings", "table_cells", "checks", "errors"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, f"{table} is empty"
    files = [*sorted(inputs["real"].iterdir()), *sorted(inputs["good"].iterdir())]
    for path in (p for p in files if p.name != "MANIFEST.tsv"):
        d = nlp.parse(path).to_dict()
        rid = d["source"]["sha256"]
        row = con.execute("SELECT format, pages, agency, year, published, title, n_parts, n_sentences, "
                          "n_findings, n_checks, n_cells FROM reports WHERE report_id = ?", [rid]).fetchone()
        m = d["meta"]
        # against the agency's stored previous-year report are added by batch (nlp.corpus.batch_crossyear)
        n_x = con.execute("SELECT count(*) FROM checks WHERE report_id = ? AND check_id IN ('X-1', 'X-2')",
                          [rid]).fetchone()[0]
        # the load folder holds a copy of each PDF (bytes after %%EOF): go to the kept copy only
        dup_of = con.execute("SELECT duplicate_of FROM reports WHERE report_id = ?", [rid]).fetchone()[0]
        kept = rid if dup_of is None else dup_of
        x_kept = con.execute("SELECT count(*) FROM checks WHERE report_id = ? AND check_id IN ('X-1', 'X-2')",
                             [kept]).fetchone()[0]
        assert (x_kept > 0) == (path.name == "淮安市洪泽区人民政府-2024.pdf"), path.name
        assert dup_of is None or n_x == 0, path.name
        assert row == (d["source"]["format"], d["source"]["pages"], m["agency"], m["year"],
                       m["published"], m["title"], len(d["parts"]), len(d["sentences"]), len(d["findings"]),
                       len(d["checks"]) + n_x, _cells(d["tables"])), path.name
        texts = [r[0] for r in con.execute("SELECT text FROM sentences WHERE report_id = ? ORDER BY sentence_id",
                                           [rid]).fetchall()]
        assert texts == [s["text"] for s in d["sentences"]], path.name
        for table, n in (("parts", len(d["parts"])), ("findings", len(d["findings"])),
                         ("checks", len(d["checks"]) + n_x), ("table_cells", _cells(d["tables"]))):
            got = con.execute(f"SELECT count(*) FROM {table} WHERE report_id = ?", [rid]).fetchone()[0]
            assert got == n, (path.name, table)
        statuses = sorted(r[0] for r in con.execute("SELECT status FROM checks WHERE report_id = ? AND check_id "
                                                      "NOT IN ('X-1', 'X-2')", [rid]).fetchall())
        assert statuses == sorted(c["status"] for c in d["checks"])
    # the duplicate: one report, two paths
    dup = nlp.parse(inputs["good"] / "沭阳县-duplicate.html").source.sha256
    paths = con.execute("SELECT path FROM files WHERE report_id = ?", [dup]).fetchall()
    # compared as names: the order of full paths depends on where the corpus and the temp dir live
    assert sorted(Path(p[0]).name for p in paths) == sorted(["沭阳县-duplicate.html", "沭阳县发展和改革局-2023.html"])
    con.close()


def test_broken_files_are_recorded_and_the_rest_processed(inputs, reference):
    db, _ = reference
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT path, sha256, report_id, stage, error_type, exit_code FROM errors "
                           "ORDER BY path").fetchall()
        n_reports = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    by_name = {Path(r[0]).name: r for r in rows}
    assert set(by_name) == {"empty.txt", "encrypted.pdf", "truncated.pdf"}
    assert by_name["empty.txt"][3:] == ("ingest", "EmptyFileError", 4)
    assert by_name["encrypted.pdf"][3:] == ("ingest", "EncryptedFileError", 6)
    assert by_name["truncated.pdf"][3:] == ("ingest", "CorruptFileError", 5)
    assert all(r[1] == r[2] and len(r[1]) == 64 for r in rows)
    assert n_reports == 7 + 2 + 3 + 4 * 2  # real, two good variants (the duplicate is not new), the copies


def test_rerun_skips_everything_and_reports_failures(inputs, reference, tmp_path):
    db, _ = reference
    before = _snap(db)
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(db.read_bytes())
    from cli_support import xxgk

    again = xxgk("batch", *_paths(inputs), "--db", copy, "--jobs", 2)
    assert again.returncode == 1 and "0 parsed" in again.stderr  # broken inputs: exit status 1
    assert _snap(copy) == before
    good_only = [str(inputs["real"]), str(inputs["good"])]
    assert xxgk("batch", *good_only, "--db", copy).returncode == 0


def test_killed_batch_resumes_to_the_same_database(inputs, reference, tmp_path):
    import psutil

    db, result = reference
    killed = tmp_path / "killed.duckdb"
    progress = tmp_path / "progress.json"
    cmd = [sys.executable, "-m", "nlp.cli", "batch", *_paths(inputs), "--db", str(killed), "--jobs", "2",
           "--progress-file", str(progress), "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    counts = {}
    while time.monotonic() < deadline and proc.poll() is None:
        if progress.exists():
            counts = json.loads(progress.read_text())
            if counts["parsed"] + counts["errors"] >= 4:
                break
        time.sleep(0.05)
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert counts["parsed"] + counts["errors"] < counts["total"], "the batch ended before it was killed"
    gone, alive = psutil.wait_procs(children, timeout=15)  # workers notice the parent is gone
    assert not alive, f"orphaned workers: {alive}"
    with duckdb.connect(str(killed), read_only=True) as con:
        committed = con.execute("SELECT count(*) FROM reports").fetchone()[0]
        # no half-written report: every committed report has all its sentences and parts
        torn = con.execute("SELECT count(*) FROM reports r WHERE n_sentences <> (SELECT count(*) FROM sentences s "
                           "WHERE s.report_id = r.report_id) OR n_parts <> (SELECT count(*) FROM parts p "
                           "WHERE p.report_id = r.report_id)").fetchone()[0]
        assert con.execute("SELECT count(*) FROM sentences WHERE report_id NOT IN "
                           "(SELECT report_id FROM reports)").fetchone()[0] == 0
    assert 0 < committed < result.parsed and torn == 0
    rerun = batch(_paths(inputs), killed, jobs=2, progress=False)
    assert rerun.skipped >= committed and rerun.parsed == result.parsed - committed
    assert _snap(killed) == _snap(db)


def test_dask_local_cluster_writes_the_same_tables(inputs, reference, tmp_path):
    db, result = reference
    out = tmp_path / "dask.duckdb"
    res = batch(_paths(inputs), out, jobs=2, scheduler="local", progress=False)
    assert (res.parsed, res.errors) == (result.parsed, result.errors)
    assert len(res.worker_peak_rss_mb) == 2  # both cluster workers took files
    assert _snap(out) == _snap(db)
