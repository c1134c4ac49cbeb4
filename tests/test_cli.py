"""`xxgk parse` end to end: JSON contract, bad input with documented exit codes naming the file.

The commands run in-process (typer's CliRunner); one test runs the real ``python -m nlp.cli``."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REAL, SAMPLE
from typer.testing import CliRunner

from nlp.cli import app
from nlp.core.errors import EXIT_CODES


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Result:
    """``xxgk ARGS`` in this process; an exception the CLI did not turn into an exit code is raised."""
    r = CliRunner().invoke(app, list(args))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Result(r.exit_code, r.stdout, r.stderr)


def test_module_entry_point_in_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", str(SAMPLE), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    sentences = json.loads(proc.stdout)["sentences"]  # the preamble states the statistics period
    assert any("统计期限从2023年1月1日起" in s["text"].replace(" ", "") for s in sentences)


def test_parse_json_contract() -> None:
    proc = run("parse", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "xxgk.report/1"
    assert set(data) >= {"source", "meta", "parts", "sentences", "tables", "findings", "checks", "quality"}
    assert set(data["source"]) == {"path", "sha256", "format", "pages"}
    import hashlib

    assert data["source"]["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert set(data["meta"]) == {"title", "agency", "year", "level", "published"}
    for p in data["parts"]:
        assert set(p) == {"part", "title", "start", "end", "heading_found"}
    for s in data["sentences"]:
        assert set(s) == {"id", "text", "part", "part_source", "part_score", "start", "end", "page"}
        assert s["part_source"] in ("heading", "model", "model_low")
    assert set(data["quality"]) == {"cid_chars", "empty_pages", "warnings", "table_shapes", "text_coverage",
                                    "ocr_pages", "ocr_confidence"}
    assert data["quality"]["table_shapes"]["T3"] == ["rows"]  # 临县: tab-separated rows
    assert data["quality"]["text_coverage"] is None  # a text file has no text layer to compare with
    assert data["quality"]["ocr_pages"] == [] and data["quality"]["ocr_confidence"] is None
    for c in data["checks"]:
        assert set(c) == {"id", "scope", "status", "message", "left", "right", "evidence", "severity"}


def test_sentence_ids_identical_across_commands() -> None:
    a = json.loads(run("parse", str(SAMPLE), "--json").stdout)
    b = json.loads(run("parse", str(SAMPLE), "--json", "--ignore-headings").stdout)
    assert [(s["id"], s["text"]) for s in a["sentences"]] == [(s["id"], s["text"]) for s in b["sentences"]]


def test_parse_summary_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run("parse", str(SAMPLE), "--output", str(out))
    assert proc.returncode == 0
    assert "临县人民政府" in proc.stdout and str(out) in proc.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["year"] == 2023


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt(user_password="secret", owner_password="owner")
    with open(path, "wb") as fh:
        w.write(fh)


def _image_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).rectangle((20, 20, 380, 180), outline="black")
    img.save(path, "PDF")


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str, str]]:
    cases: dict[str, tuple[Path, str, str]] = {}
    p = tmp / "encrypted.pdf"
    _encrypted_pdf(p)
    cases["encrypted"] = (p, "EncryptedFileError", "encrypt")
    p = tmp / "scan.pdf"
    _image_pdf(p)
    cases["image-only"] = (p, "EmptyFileError", "OCR")  # OCR (default auto) ran and found no text
    p = tmp / "empty.txt"
    p.write_bytes(b"")
    cases["empty"] = (p, "EmptyFileError", "empty")
    p = tmp / "binary.txt"
    p.write_bytes(bytes(range(256)) * 20)
    cases["binary-txt"] = (p, "EncodingError", "binary")
    return cases


@pytest.mark.parametrize("case", ["encrypted", "image-only", "empty", "binary-txt"])
def test_bad_input_exit_codes(tmp_path: Path, case: str) -> None:
    path, error, word = _bad_inputs(tmp_path)[case]
    proc = run("parse", str(path))
    assert proc.returncode == EXIT_CODES[error], proc.stderr
    line = proc.stderr.strip()
    assert str(path) in line.replace("\n", "") and word.lower() in line.lower()
    assert "Traceback" not in proc.stderr


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (REAL / "淮安市洪泽区人民政府-2024.pdf").read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: len(data) // 3])
    proc = run("parse", str(p))
    assert proc.returncode == EXIT_CODES["CorruptFileError"], proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(p) in proc.stderr.replace("\n", "") and "cannot parse PDF" in proc.stderr


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("政府信息公开。" * 1000, encoding="utf-8")
    proc = run("parse", str(p), "--max-bytes", "1000")
    assert proc.returncode == EXIT_CODES["FileTooLargeError"]
    assert "limit" in proc.stderr and str(p) in proc.stderr.replace("\n", "")


def test_gbk_text_parses(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    p.write_bytes(text.encode("gbk"))
    proc = run("parse", str(p), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert any("进一步做好临县人民政府公报工作" in s["text"] for s in data["sentences"])


def _leaf_commands():
    import typer

    from nlp.cli import app

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path

    return list(walk(typer.main.get_command(app), []))


def test_every_command_has_help_with_an_example() -> None:
    commands = _leaf_commands()
    assert ["parse"] in commands
    for path in commands:
        sub = run(*path, "--help")
        assert sub.returncode == 0, path
        assert "Example" in sub.stdout, path
