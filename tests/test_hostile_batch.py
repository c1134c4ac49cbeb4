"""Batch under hostile input (issue 12): a FIFO in a corpus folder, files skipped by extension,
no reruns of deterministic failures, and ``batch()`` from a script without a ``__main__`` guard or
from stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import duckdb
from hostile_support import ROOT, SAMPLE, xxgk

from nlp.corpus.batch import batch


def _errors(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT path, stage, error_type, exit_code, retry FROM errors ORDER BY path").fetchall()
    finally:
        con.close()


# -- row: a FIFO in a corpus folder hung `batch` -------------------------------------------------

def test_fifo_and_other_formats_in_a_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(SAMPLE.read_bytes())
    os.mkfifo(corpus / "pipe.txt")
    for name in ("old.doc", "sheet.xls", "book.xlsx", "scan.png", "notes"):
        (corpus / name).write_bytes(b"\xd0\xcf\x11\xe0 anything")
    db = tmp_path / "c.duckdb"
    proc = xxgk("batch", str(corpus), "--db", str(db), "-j", "1", timeout=240)  # hung forever before
    assert proc.returncode == 1, proc.stderr  # one file failed: the FIFO
    assert "skipped (not a report format): 1 (none), 1 .doc, 1 .png, 1 .xls, 1 .xlsx" in proc.stderr
    errors = _errors(db)
    assert errors == [(str(corpus / "pipe.txt"), "read", "UnsupportedFormatError", 3, False)]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT file_name FROM reports").fetchall() == [("a.txt",)]
    con.close()


# -- row: deterministic failures were stored with retry = true and rerun on every resume ---------

def test_timeouts_and_documented_errors_are_not_rerun_unless_asked(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(SAMPLE.read_bytes())
    (corpus / "empty.txt").write_bytes(b"   \n")
    db = tmp_path / "c.duckdb"
    first = batch([corpus], db, jobs=1, progress=False, timeout=0.001)  # too short for any parse
    assert (first.parsed, first.errors) == (0, 2)
    stages = {os.path.basename(p): (stage, retry) for p, stage, _, _, retry in _errors(db)}
    assert stages["a.txt"] == ("timeout", False)
    assert stages["empty.txt"][1] is False  # EmptyFileError (or a timeout): deterministic either way
    again = batch([corpus], db, jobs=1, progress=False, timeout=600)
    assert (again.parsed, again.errors, again.skipped) == (0, 0, 2)  # nothing rerun
    retried = batch([corpus], db, jobs=1, progress=False, timeout=600, retry_timeouts=True)
    assert retried.parsed == 1  # a.txt, which had only timed out
    assert {os.path.basename(p) for p, *_ in _errors(db)} == {"empty.txt"}


# -- row: batch() from a script without the __main__ guard or from stdin: "worker died" -----------

SCRIPT = """
import json, sys
from nlp.corpus.batch import batch
r = batch([{sample!r}], {db!r}, jobs=2, progress=False)
print("RESULT", json.dumps({{"parsed": r.parsed, "errors": r.errors}}))
"""


def _run_script(tmp_path, how: str) -> dict[str, int]:
    db = tmp_path / f"{how}.duckdb"
    code = textwrap.dedent(SCRIPT.format(sample=str(SAMPLE), db=str(db)))
    if how == "file":
        script = tmp_path / "unguarded.py"
        script.write_text(code, encoding="utf-8")
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    else:
        proc = subprocess.run([sys.executable, "-"], input=code, capture_output=True, text=True, timeout=300,
                              cwd=ROOT)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")]
    assert len(lines) == 1, (proc.stdout, proc.stderr)  # the batch ran once, not again in workers
    return json.loads(lines[0].split(" ", 1)[1])


def test_batch_from_an_unguarded_script_and_from_stdin(tmp_path):
    assert _run_script(tmp_path, "file") == {"parsed": 1, "errors": 0}
    assert _run_script(tmp_path, "stdin") == {"parsed": 1, "errors": 0}
