"""``xxgk check FILE [--previous OLD]``."""

from __future__ import annotations

from cli_support import xxgk
from conftest import REAL, SAMPLE


def run(path, previous=None) -> tuple[int, str]:
    r = xxgk("check", path, *(["--previous", previous] if previous else []))
    return r.returncode, r.stdout


def test_consistent_report_exits_zero() -> None:
    code, out = run(SAMPLE)
    assert code == 0
    assert "T3-1" in out and "not_assessable" in out and "本机关不掌握相关政府信息" in out
    assert "details" in out and "T3/row/本机关不掌握相关政府信息" in out


def test_failing_check_exits_non_zero_and_previous_adds_x_checks() -> None:
    code, out = run(REAL / "淮安市洪泽区人民政府-2023.pdf")
    assert code == 1 and "fail" in out and "T4/row/行政复议" in out
    code, out = run(REAL / "淮安市洪泽区人民政府-2024.pdf", REAL / "淮安市洪泽区人民政府-2023.pdf")
    assert code == 0 and "X-1" in out and "X-2" in out


def test_unreadable_file_returns_the_error_code(tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(empty)[0] == 4
