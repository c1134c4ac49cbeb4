"""Output safety and store/config errors (issue 12): nothing written outside ``--out``, atomic writes
with unpredictable temp names, no symlink followed, no foreign file deleted, one error line with the
documented exit code for a locked / foreign / SQLite store, a bad setting and a bad output path."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hostile_support import ROOT, SAMPLE, xxgk

from nlp import parse
from nlp.audit import build_site
from nlp.core.errors import EXIT_CODES, ConfigError, OutputError, StoreError
from nlp.core.outfile import MANIFEST, write_atomic
from nlp.corpus.store import Store, connect
from nlp.corpus.store_rows import report_rows


def _one_line(proc, path_part: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("xxgk: ") and path_part in lines[0], proc.stderr
    return lines[0]


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _store_with(db: Path, report_id: str, agency: str | None = None) -> None:
    """A store holding the sample report under ``report_id`` (as a hostile or damaged store could),
    with ``agency`` as its agency when given."""
    report = parse(SAMPLE)
    rows = report_rows(report, path=str(SAMPLE), size=SAMPLE.stat().st_size, elapsed=0.0,
                       processed_at=datetime(2026, 1, 1), version="test")
    for cols in rows.values():
        if "report_id" in cols:
            cols["report_id"] = [report_id] * len(cols["report_id"])
        if agency is not None and "agency" in cols:
            cols["agency"] = [agency] * len(cols["agency"])
    with Store(db) as store:
        store.write_report(rows, [(str(SAMPLE), SAMPLE.stat().st_size)])


# -- row: `xxgk audit --out DIR` deleted every DIR/reports/*.html it did not write -----------------

def test_audit_keeps_files_it_did_not_write_and_removes_its_own_stale_pages(tmp_path):
    db = tmp_path / "a.duckdb"
    _store_with(db, "ab" * 32)
    out = tmp_path / "site"
    (out / "reports").mkdir(parents=True)
    mine = out / "reports" / "my-notes.html"
    mine.write_text("keep me", encoding="utf-8")
    page = build_site(db, out).reports[0]
    assert page.is_file() and mine.read_text(encoding="utf-8") == "keep me"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert f"reports/{page.name}" in manifest and "reports/my-notes.html" not in manifest
    db2 = tmp_path / "b.duckdb"
    _store_with(db2, "cd" * 32, agency="乙县人民政府")
    build_site(db2, out)  # the first report is gone from this store: its page goes, the notes stay
    assert not page.exists() and (out / "reports" / "乙县人民政府-2023.html").is_file()
    assert mine.read_text(encoding="utf-8") == "keep me"


# -- row: a store whose report_id is ../../x made audit write outside --out -------------------------

@pytest.mark.parametrize("hostile", ["../../x", "/etc/x", "..", "a/../../../b", "x\0y"])
def test_hostile_report_id_stays_inside_out(tmp_path, hostile):
    db = tmp_path / "store" / "h.duckdb"
    db.parent.mkdir()
    _store_with(db, hostile, agency=hostile)
    out = tmp_path / "deep" / "er" / "site"
    before = _tree(tmp_path)
    site = build_site(db, out)
    after = _tree(tmp_path)
    allowed = ("deep", "deep/er")  # the parents of --out, created for it
    assert all(p in allowed or p.startswith(("deep/er/site", "store/")) for p in after - before), after - before
    (page,) = site.reports
    assert page.parent == out / "reports" and page.is_file()
    assert "/" not in page.name and ".." not in page.name and "\0" not in page.name


# -- row: -o and site output used predictable .tmp names and followed symlinks -------------------

def test_parse_output_refuses_a_symlink_and_writes_atomically(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    proc = xxgk("parse", str(SAMPLE), "-o", str(link), timeout=120)
    assert proc.returncode == EXIT_CODES["OutputError"]
    assert "symbolic link" in _one_line(proc, str(link))
    assert victim.read_text(encoding="utf-8") == "precious"
    planted = tmp_path / "real.json.tmp"  # the old predictable temp name, planted as a link
    planted.symlink_to(victim)
    ok = xxgk("parse", str(SAMPLE), "-o", str(tmp_path / "real.json"), timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert victim.read_text(encoding="utf-8") == "precious" and planted.is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["schema"] == "xxgk.report/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "real.json", "real.json.tmp", "victim.txt"]


def test_site_does_not_write_through_a_symlinked_asset(tmp_path):
    db = tmp_path / "a.duckdb"
    _store_with(db, "ab" * 32)
    victim = tmp_path / "victim.css"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "site"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "site.css").symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        build_site(db, out)
    assert victim.read_text(encoding="utf-8") == "precious"


def test_write_atomic_outside_the_recorded_root_is_refused(tmp_path):
    from nlp.core.outfile import recording

    with recording(tmp_path / "site"), pytest.raises(OutputError, match="outside"):
        write_atomic(tmp_path / "site" / ".." / "escape.txt", "x")
    assert not (tmp_path / "escape.txt").exists()


# -- row: DB locked, disk full, non-DuckDB file, XXGK_MAX_BYTES=abc, bad -o path -------------------

def test_locked_store_is_a_store_error(tmp_path):
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb,sys; c=duckdb.connect(sys.argv[1]); "
                               "c.execute('create table t(i int)'); print('ready', flush=True); sys.stdin.read()",
                               str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = xxgk("batch", str(SAMPLE), "--db", str(db), timeout=120)
        assert proc.returncode == EXIT_CODES["StoreError"]
        assert "locked by another process" in _one_line(proc, str(db))
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.parametrize("kind", ["sqlite", "text", "zeros"])
def test_foreign_file_as_store(tmp_path, kind):
    db = tmp_path / "x.db"
    if kind == "sqlite":
        sqlite3.connect(db).execute("create table t(i int)").connection.commit()
    else:
        db.write_bytes(b"hello, not a database\n" * 10 if kind == "text" else b"\0" * 4096)
    before = db.read_bytes()
    with pytest.raises(StoreError) as err:
        connect(db)
    assert err.value.exit_code == 11 and ("SQLite" in err.value.reason) == (kind == "sqlite")
    assert db.read_bytes() == before  # DuckDB never opened (nor "upgraded") it
    proc = xxgk("reuse", "--db", str(db), timeout=120) if kind == "text" else None
    if proc is not None:
        assert proc.returncode == 11 and "not a DuckDB database" in _one_line(proc, str(db))


def test_store_connections_never_install_or_autoload_extensions(tmp_path):
    con = connect(tmp_path / "c.duckdb")
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                    "('autoinstall_known_extensions', 'autoload_known_extensions')").fetchall())
    finally:
        con.close()
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def test_disk_full_while_writing_output_is_an_output_error(tmp_path):
    """RLIMIT_FSIZE makes every write past 1 kB fail as a full disk would (EFBIG), in a child process."""
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)); from nlp.cli import main; "
            f"sys.argv = ['xxgk', 'parse', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'r.json')!r}]; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == EXIT_CODES["OutputError"]
    assert "cannot write" in _one_line(proc, "r.json")
    assert os.listdir(tmp_path) == []  # the temp file was removed, no partial r.json


def test_disk_full_while_writing_the_store_is_a_store_error(tmp_path):
    db = tmp_path / "full.duckdb"
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024)); from nlp.cli import main; "
            f"sys.argv = ['xxgk', 'batch', {str(SAMPLE)!r}, '--db', {str(db)!r}, '-j', '1']; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == EXIT_CODES["StoreError"], proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.replace("\r", "\n").splitlines() if ln.startswith("xxgk: ")]
    assert len(errors) == 1 and errors[0].startswith(f"xxgk: {db}: ") and "File too large" in errors[0]


@pytest.mark.parametrize("value", ["abc", "-5", "0", "1e6"])
def test_bad_setting_is_a_config_error(value, tmp_path):
    from nlp.ingest.limits import limit

    os.environ["XXGK_MAX_BYTES"] = value
    try:
        with pytest.raises(ConfigError) as err:
            limit("XXGK_MAX_BYTES")
    finally:
        del os.environ["XXGK_MAX_BYTES"]
    assert err.value.exit_code == 13 and value in err.value.reason
    if value == "abc":
        for args in (("parse", str(SAMPLE)), ("batch", str(SAMPLE), "--db", str(tmp_path / "c.duckdb"))):
            proc = xxgk(*args, env={"XXGK_MAX_BYTES": value}, timeout=120)
            assert proc.returncode == 13 and "XXGK_MAX_BYTES='abc'" in _one_line(proc, "XXGK_MAX_BYTES")
        assert not (tmp_path / "c.duckdb").exists()  # stopped before the store was created


@pytest.mark.parametrize("target", ["file-as-folder/r.json", "missing-perm/r.json"])
def test_bad_output_path(tmp_path, target):
    (tmp_path / "file-as-folder").write_text("x", encoding="utf-8")
    locked = tmp_path / "missing-perm"
    locked.mkdir()
    if target.startswith("missing-perm"):
        if os.geteuid() == 0:
            target = "/proc/self/nope/r.json"  # root ignores permissions; /proc refuses folders
        else:
            locked.chmod(0o500)
    out = Path(target) if target.startswith("/") else tmp_path / target
    proc = xxgk("parse", str(SAMPLE), "-o", str(out), timeout=120)
    assert proc.returncode == EXIT_CODES["OutputError"]
    _one_line(proc, str(out.parent))
