"""Outline (O-*) and narrative (N-*) checks: each fires on a synthetic report built to break its rule
and stays quiet on one that follows the template; ``xxgk check`` exits 1 for them only with --strict."""

from __future__ import annotations

from functools import cache

from cli_support import xxgk
from outline_support import report

from nlp.core.report import Finding, Sentence
from nlp.pipeline import parse
from nlp.tables.outline import numbering, part5_content, parts_present, problems_and_measures
from nlp.tables.prose import on_time_vs_carried, repeated_words, typos, year_mentions


@cache
def checks(bad: bool) -> dict[tuple[str, str], object]:
    r = parse(report(bad=bad).encode(), name="bad.txt" if bad else "good.txt")
    return {(c.id, c.scope): c for c in r.checks if c.scope.startswith(("outline/", "narrative/"))}


def fired(bad: bool) -> set[tuple[str, str]]:
    return {k for k, c in checks(bad).items() if c.status == "fail"}


def test_good_report_fires_nothing() -> None:
    assert checks(False) and fired(False) == set()
    assert checks(False)[("N-1", "narrative/on-time")].status == "pass"  # 所有申请均已按期办结, nothing carried


def test_bad_report_fires_each_rule() -> None:
    got = fired(True)
    for key in [("O-1", "outline/numbering"), ("O-2", "outline/part5"), ("O-3", "outline/part5"),
                ("O-5", "outline/T2"), ("O-6", "outline/T2"), ("N-1", "narrative/on-time"),
                ("N-2", "narrative/years"), ("N-3", "narrative/repeats"), ("N-4", "narrative/typos")]:
        assert key in got, key
    c = checks(True)
    o1 = c[("O-1", "outline/numbering")]
    assert "part 2 heading numbered 一、" in o1.message and o1.severity == "warning"
    o5 = c[("O-5", "outline/T2")]  # 行政处罚 printed blank, 行政强制 printed "/"
    assert {(x["row"], x["raw"]) for x in o5.evidence["cells"]} == {("行政处罚", ""), ("行政强制", "/")}
    assert c[("O-6", "outline/T2")].left == 1
    n1 = c[("N-1", "narrative/on-time")]
    assert n1.severity == "fail" and n1.left == 3 and n1.evidence["phrase"] == "所有申请均已按期办结"
    assert [m["year"] for m in c[("N-2", "narrative/years")].evidence["mentions"]] == [2020]
    assert c[("N-3", "narrative/repeats")].evidence["repeats"][0]["repeat"] == "资金资金"
    assert c[("N-4", "narrative/typos")].evidence["typos"][0]["right"] == "截至目前"
    assert all(x.severity in ("warning", "fail") for x in c.values() if x.status == "fail")


def _run(path, strict: bool) -> int:
    return xxgk("check", path, *(["--strict"] if strict else [])).returncode


def test_outline_checks_change_the_exit_code_only_when_strict(tmp_path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(report(bad=True), encoding="utf-8")
    assert _run(path, strict=False) == 0  # its tables add up: only outline/narrative checks fail
    assert _run(path, strict=True) == 1


# ---------------------------------------------------------------- each rule, both ways
def test_o1_numbering_restarted_and_shifted() -> None:
    ok = [(1, 1, "总体情况", True), (2, 2, "主动公开政府信息情况", True), (3, 3, "收到和处理…", True)]
    assert numbering(ok).status == "pass"
    # sub-topics of part 1 numbered 一、二、 as top-level, then 一、 again for part 2
    restarted = [(1, 1, "总体情况", True), (1, 1, "主动公开", False), (2, 1, "依申请公开", False),
                 (2, 2, "主动公开政府信息情况", True)]
    c = numbering(restarted)
    assert c.status == "fail" and "restarts at 一、主动公开 after 一、总体情况" in c.message
    # T3 row labels (一、本年新收…) inside the table parts are not outline numbering
    labels = [*ok, (1, 3, "本年新收政府信息公开申请数量", False), (4, 3, "结转下年度继续办理", False)]
    assert numbering(labels).status == "pass"


def _s(part: int, text: str, sid: int = 0) -> Sentence:
    return Sentence(id=sid, text=text, part=part)


def test_o2_part_missing_empty_or_headless() -> None:
    headings = {p: f"title{p}" for p in range(1, 7)}
    full = [_s(p, "正文内容。", p) for p in range(1, 7)]
    assert all(c.status == "pass" for c in parts_present(headings, full, None))
    no6 = {p: t for p, t in headings.items() if p != 6}
    got = {c.scope: (c.status, c.severity, c.message) for c in parts_present(no6, full[:5], None)}
    assert got["outline/part6"][:2] == ("fail", "fail") and "missing" in got["outline/part6"][2]
    got = {c.scope: c for c in parts_present(headings, full[:4] + full[5:], None)}  # heading 5, no text
    assert got["outline/part5"].status == "fail" and "empty" in got["outline/part5"].message
    got = {c.scope: c for c in parts_present(no6, full, None)}  # part 6 text without its heading
    assert (got["outline/part6"].status, got["outline/part6"].severity) == ("fail", "warning")


def test_o3_part5_empty_none_or_short() -> None:
    h = {5: "存在的主要问题及改进情况"}
    assert part5_content(h, []).status == "fail"
    assert part5_content(h, [_s(5, "无。")]).status == "fail"
    assert part5_content(h, [_s(5, "有待加强。")]).status == "fail"  # 4 characters
    long = "存在问题：一是政策解读形式单一。下一步将丰富解读形式。"
    assert part5_content(h, [_s(5, long)]).status == "pass"


def _f(kind: str) -> Finding:
    return Finding(kind, "x", "", "k", "c", 5, 0, 0, 1)


def test_o4_problems_and_measures() -> None:
    s5 = [_s(5, "存在问题：一是解读单一。")]
    assert problems_and_measures([_f("problem"), _f("commitment")], s5).status == "pass"
    c = problems_and_measures([_f("problem")], s5)
    assert c.status == "fail" and "no improvement measures" in c.message
    c = problems_and_measures([_f("commitment")], s5)
    assert c.status == "fail" and "names no problem" in c.message
    assert problems_and_measures([], []).status == "not_assessable"


def test_n1_only_a_claim_about_every_request() -> None:
    from nlp.ingest import read
    from nlp.tables import extract

    tables = extract(read(report(bad=True).encode(), name="b.txt"))  # T3 carries 3 into next year
    assert on_time_vs_carried([_s(3, "所有申请均已按期办结。")], tables).status == "fail"
    # the sentence itself states the postponed ones (淮安 2024, 上海 2019): no contradiction
    real = "答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定期限内予以答复。"
    assert on_time_vs_carried([_s(3, real)], tables).status == "not_assessable"
    good = extract(read(report(bad=False).encode(), name="g.txt"))
    assert on_time_vs_carried([_s(3, "所有申请均已按期办结。")], good).status == "pass"


def test_n2_years_and_citations() -> None:
    assert year_mentions([_s(1, "2023年全年公开信息100条，2024年将继续推进，2022年底建成平台。")], 2023).status == "pass"
    assert year_mentions([_s(1, "依据《条例》（2019年修订）和国办公开办函〔2021〕30号。")], 2023).status == "pass"
    assert year_mentions([_s(1, "2008年施行的制度继续执行。")], 2023).status == "pass"
    c = year_mentions([_s(1, "二〇二一年，我县共公开信息100条。")], 2023)
    assert c.status == "fail" and c.evidence["mentions"][0]["year"] == 2021
    assert year_mentions([_s(1, "正文")], None).status == "not_assessable"


def test_n3_repeated_words() -> None:
    assert repeated_words([_s(1, "加大资金资金投入。")]).status == "fail"
    assert repeated_words([_s(1, "常常开展培训，认认真真落实，研究研究再定。")]).status == "pass"


def test_n4_typos_extensible() -> None:
    assert typos([_s(1, "截止目前已公开。")]).status == "fail"
    assert typos([_s(1, "截至目前已公开。")]).status == "pass"
    c = typos([_s(1, "做好公开工做。")], {"工做": "工作"})
    assert c.status == "fail" and c.evidence["typos"][0]["right"] == "工作"


def test_cli_strict_option(tmp_path) -> None:
    from typer.testing import CliRunner

    from nlp.cli import app

    path = tmp_path / "bad.txt"
    path.write_text(report(bad=True), encoding="utf-8")
    assert CliRunner().invoke(app, ["check", str(path)]).exit_code == 0
    strict = CliRunner().invoke(app, ["check", str(path), "--strict"])
    assert strict.exit_code == 1 and "O-1" in strict.output and "warning" in strict.output
