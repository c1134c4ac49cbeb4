"""The conventions every ``xxgk`` command follows (issue 13): -h, --version, - for stdin, --json and
--format csv, nothing cut or redrawn when the output is not a terminal, lazy imports, batch options,
``train parts`` never writing over the shipped model, eval defaults from any directory."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from cli_support import xxgk
from conftest import REAL, ROOT, SAMPLE

import nlp


def test_version_and_short_help() -> None:
    r = xxgk("--version")
    assert r.returncode == 0 and r.stdout == f"xxgk-nlp {metadata.version('xxgk-nlp')}\n"
    assert nlp.__version__ == metadata.version("xxgk-nlp")
    short, long = xxgk("-h"), xxgk("--help")
    assert short.returncode == 0 and short.stdout == long.stdout and "batch" in short.stdout
    for path in (["parse"], ["check"], ["batch"], ["eval", "findings"], ["train", "parts"]):
        assert xxgk(*path, "-h").stdout == xxgk(*path, "--help").stdout != ""


def test_stdin_is_read_for_a_dash() -> None:
    from_file = json.loads(xxgk("parse", SAMPLE, "--json").stdout)
    piped = xxgk("parse", "-", "--json", stdin=SAMPLE.read_bytes())
    assert piped.returncode == 0, piped.stderr
    data = json.loads(piped.stdout)
    assert data["source"]["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert [s["text"] for s in data["sentences"]] == [s["text"] for s in from_file["sentences"]]
    checked = xxgk("check", "-", "--json", stdin=SAMPLE.read_bytes())
    assert checked.returncode == 0 and json.loads(checked.stdout)["path"] == "<stdin>"


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_check_json_csv_and_uncut_table() -> None:
    as_json = xxgk("check", SAMPLE, "--json", "--all")
    checks = json.loads(as_json.stdout)["checks"]  # only JSON on stdout
    # 临县 prints no 总计 cell in the 本机关不掌握相关政府信息 row of table 3: T3-1 cannot be assessed
    assert any(c["id"] == "T3-1" and c["status"] == "not_assessable" for c in checks)
    rows = _csv(xxgk("check", SAMPLE, "--format", "csv", "--all").stdout)
    assert [(r["id"], r["scope"], r["status"]) for r in rows] == [(c["id"], c["scope"], c["status"]) for c in checks]
    table = xxgk("check", SAMPLE, "--all").stdout.splitlines()
    long = [c["message"] for c in checks if len(c["message"]) > 60]
    assert long and all(any(m in line for line in table) for m in long)  # one line each, never cut at 80


def test_parse_csv_rows_are_the_sentences() -> None:
    data = json.loads(xxgk("parse", SAMPLE, "--json").stdout)
    rows = _csv(xxgk("parse", SAMPLE, "--format", "csv").stdout)
    assert [(int(r["id"]), int(r["part"]), r["text"]) for r in rows] == \
        [(s["id"], s["part"], s["text"]) for s in data["sentences"]]


def test_findings_csv() -> None:
    rows = _csv(xxgk("findings", SAMPLE, "--format", "csv").stdout)
    # 临县's part 5 names the problem 政府信息公开业务水平有待提高
    assert any(r["kind"] == "problem" and r["text"] == "政府信息公开业务水平有待提高" for r in rows)
    assert {r["path"] for r in rows} == {str(SAMPLE)}


def test_piped_summary_is_neither_cut_nor_wrapped() -> None:
    proc = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", str(SAMPLE)], capture_output=True,
                          text=True, timeout=300, env={"COLUMNS": "40", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "政府信息公开行政复议、行政诉讼情况" in x)
    assert line.count("│") == 6  # the whole row of part 4 on one line despite COLUMNS=40
    assert "\x1b[" not in proc.stdout and "\r" not in proc.stdout + proc.stderr


def test_batch_options_json_summary_and_no_carriage_returns(tmp_path: Path) -> None:
    db, progress = tmp_path / "c.duckdb", tmp_path / "progress.json"
    r = xxgk("batch", SAMPLE.parent, "--db", db, "--json", "--timeout", 300, "--progress-file", progress)
    assert r.returncode == 0, r.stderr
    n = len([p for p in SAMPLE.parent.iterdir() if p.suffix in (".txt", ".pdf", ".html", ".docx", ".md")])
    summary = json.loads(r.stdout)
    assert summary[0]["parsed"] == n and summary[0]["failed"] == 0
    assert json.loads(progress.read_text()) == {"total": n, "parsed": n, "errors": 0, "skipped": 0}
    assert "\r" not in r.stderr and f"{n} parsed" in r.stderr
    again = _csv(xxgk("batch", SAMPLE.parent, "--db", db, "--format", "csv").stdout)
    assert again[0]["skipped"] == str(n) and again[0]["parsed"] == "0"
    help_text = xxgk("batch", "-h").stdout
    for option in ("--scheduler", "--timeout", "--retry-timeouts", "--progress-file", "--no-progress", "--jobs"):
        assert option in help_text


def test_train_parts_refuses_the_shipped_model_folder() -> None:
    from nlp.partmodel.model import shipped_dir

    before = {p.name: p.read_bytes() for p in Path(shipped_dir()).iterdir()}
    r = xxgk("train", "parts", "--out", shipped_dir())
    assert r.returncode == 2 and "shipped" in r.stderr
    assert {p.name: p.read_bytes() for p in Path(shipped_dir()).iterdir()} == before


def test_eval_findings_finds_its_gold_from_any_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XXGK_FINDINGS_GOLD", raising=False)
    # the gold folder is checked first: a missing corpus is named only once the default gold was found
    r = xxgk("eval", "findings", "--corpus", tmp_path / "no-reports")
    assert r.returncode == 2 and r.stderr.strip() == f"missing folder: {tmp_path / 'no-reports'}"
    r = xxgk("eval", "findings", "--gold", tmp_path / "none")
    assert r.returncode == 2 and r.stderr.strip() == f"missing folder: {tmp_path / 'none'}"
    from nlp.cli.evaluate import default_gold

    assert default_gold() == ROOT / "tests" / "gold"


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = ("import sys, nlp.cli; heavy = {'spacy', 'duckdb', 'pandas', 'numpy', 'jieba', 'rich.table', 'sklearn'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stdout + out.stderr


def test_eval_parts_json_and_csv_agree_with_the_text(tmp_path: Path) -> None:
    from conftest import REAL

    from nlp.partmodel.evaluate import EVAL_SETS

    for name in ("沭阳县发展和改革局-2023.html", "临县人民政府-2023.txt"):
        (tmp_path / name).symlink_to(REAL / name)
    rows = json.loads(xxgk("eval", "parts", tmp_path, "--json").stdout)
    assert [r["set"] for r in rows] == list(EVAL_SETS)
    assert all(0 <= r["model_accuracy"] <= 1 and r["sentences"] > 0 for r in rows)
    text = xxgk("eval", "parts", tmp_path).stdout
    ignored = next(r for r in rows if r["set"] == "ignored")
    assert (f"== ignored: accuracy model {ignored['model_accuracy']:.4f} baseline "
            f"{ignored['baseline_accuracy']:.4f}") in text
    as_csv = _csv(xxgk("eval", "parts", tmp_path, "--format", "csv").stdout)
    assert [(r["set"], float(r["model_macro_f1"])) for r in as_csv] == [(r["set"], r["model_macro_f1"]) for r in rows]
    assert xxgk("eval", "parts", tmp_path / "missing", "--json").returncode == 2


def test_jieba_preload_gives_the_dictionary_jieba_loads_itself() -> None:
    import jieba

    from nlp.text.jieba_cache import cache_dir, preload

    theirs, ours = jieba.Tokenizer(), jieba.Tokenizer()
    theirs.tmp_dir = ours.tmp_dir = cache_dir()
    theirs.initialize()  # jieba's own path: builds the cache file if it is missing, then loads it
    assert preload(ours) and ours.initialized
    assert ours.total == theirs.total and ours.FREQ == theirs.FREQ
    assert not preload(ours)  # already initialised: left alone
    text = "政府信息公开工作年度报告依申请公开"
    assert list(ours.cut(text)) == list(theirs.cut(text))
    other = jieba.Tokenizer(str(Path(jieba.__file__).parent / "dict.txt"))
    assert not preload(other)  # a dictionary given by path has its own cache name: jieba's way


def test_nothing_outside_the_command_package_imports_it() -> None:
    import ast

    for path in (ROOT / "nlp").rglob("*.py"):
        if (ROOT / "nlp" / "cli") in path.parents:
            continue
        depth = len(path.relative_to(ROOT / "nlp").parts) - 1  # "from ..cli" inside nlp/x/y.py
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else \
                    (["nlp.cli"] if node.level == depth + 1 and (node.module or "").split(".")[0] == "cli" else [])
            assert not any(n == "nlp.cli" or n.startswith("nlp.cli.") for n in names), path


def test_eval_findings_json_and_csv_rows_count_the_gold_items(tmp_path: Path) -> None:
    """One gold file (临县 2023): the gold counts per kind are the non-optional items of that kind in
    the file itself; the rows go to stdout, the text report to stderr; exit 0 only when all pass."""
    gold = tmp_path / "gold"
    gold.mkdir()
    src = ROOT / "tests" / "gold" / "临县人民政府-2023.json"
    (gold / src.name).write_bytes(src.read_bytes())
    items = [it for it in json.loads(src.read_text("utf-8"))["items"] if not it.get("optional")]
    want = {k: sum(it["kind"] == k for it in items) for k in ("problem", "commitment", "improvement")}
    r = xxgk("eval", "findings", "--gold", gold, "--corpus", REAL, "--json")
    rows = json.loads(r.stdout)
    assert [row["kind"] for row in rows] == ["problem", "commitment", "improvement", "overall"]
    assert {row["kind"]: row["gold"] for row in rows} == {**want, "overall": len(items)}
    assert all(0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 for row in rows)
    assert r.returncode == (0 if all(row["passes"] for row in rows) else 1)
    assert "findings evaluation: 1 gold files" in r.stderr
    c = xxgk("eval", "findings", "--gold", gold, "--corpus", REAL, "--format", "csv")
    assert [(d["kind"], int(d["gold"])) for d in _csv(c.stdout)] == [(row["kind"], row["gold"]) for row in rows]


def test_audit_json_lists_what_it_wrote(tmp_path: Path) -> None:
    r = xxgk("audit", SAMPLE, "--out", tmp_path / "site", "--json")
    assert r.returncode == 0
    written = json.loads(r.stdout)  # nothing but the JSON object on stdout
    assert written["index"] == str((tmp_path / "site" / "index.html").resolve()) and written["reports"] == 1
    # the sample is 临县人民政府's 2023 report: its page is named agency-year
    assert [Path(p).name for p in written["report_pages"]] == ["临县人民政府-2023.html"]
    names = {Path(p).name for p in written["downloads"]}
    assert {"index.csv", "index.xlsx", "临县人民政府-2023-findings.csv", "临县人民政府-2023-checks.xlsx"} <= names
    assert all(Path(p).is_file() for p in [written["index"], *written["report_pages"], *written["downloads"]])
