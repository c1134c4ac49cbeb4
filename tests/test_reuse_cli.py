"""``xxgk compare OLD NEW``: JSON contract, readable output, exit codes."""

from __future__ import annotations

import json
import sys

from cli_support import xxgk
from conftest import REAL


def compare_command(old: str, new: str, as_json: bool) -> int:
    r = xxgk("compare", old, new, *(["--json"] if as_json else []))
    print(r.stdout, end="")
    print(r.stderr, end="", file=sys.stderr)
    return r.returncode


def test_json_contract(capsys):
    rc = compare_command(
        str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf"), True
    )
    assert rc == 0
    d = json.loads(capsys.readouterr().out)
    assert d["schema"] == "xxgk.compare/1"
    assert set(d) >= {"reuse_ratio", "by_part", "matches", "stale_mentions", "scores"}
    assert set(d["scores"]) >= {"counts", "origins", "lazy_prices", "boilerplate_share", "part5"}
    assert {m["kind"] for m in d["matches"]} <= {"exact", "numbers_only", "near"}
    assert {m["origin"] for m in d["matches"]} <= {"template", "self_copy", "cross_copy"}
    assert d["new"]["year"] == 2024 and d["old"]["year"] == 2023


def test_readable_output(capsys):
    rc = compare_command(
        str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf"), False
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert "reuse ratio" in out and "numbers_only" in out and "self_copy" in out


def test_render_side_by_side():
    import io

    from rich.console import Console

    from nlp.cli.compare import render
    from nlp.reuse import compare

    c = compare(str(REAL / "淮安市洪泽区人民政府-2023.pdf"), str(REAL / "淮安市洪泽区人民政府-2024.pdf"))
    buf = io.StringIO()
    render(c, Console(file=buf, width=400, color_system=None))
    out = buf.getvalue()
    line = next(x for x in out.splitlines() if "一是扎实推进依申请公开工作" in x)
    assert line.count("一是扎实推进依申请公开工作") == 2 and "exact" in line


def test_missing_file_exit_code(tmp_path, capsys):
    other = tmp_path / "a.txt"
    other.write_text("政府信息公开。", encoding="utf-8")
    rc = compare_command(str(tmp_path / "missing.pdf"), str(other), True)
    assert rc != 0
    assert "missing.pdf" in capsys.readouterr().err
