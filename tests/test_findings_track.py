"""Tracking findings across years (acceptance 3 on 洪泽区 2023 → 2024, and synthetic reports)."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import REAL, parsed

from nlp.core.report import Finding
from nlp.findings import track
from nlp.findings.track import _runs


def test_hongze_repeated_commitments_and_categories():
    t = track([parsed(str(REAL / "淮安市洪泽区人民政府-2024.pdf")), parsed(str(REAL / "淮安市洪泽区人民政府-2023.pdf"))])
    assert t.years == (2023, 2024)
    rep = {r.text: r for r in t.repeated}
    assert rep["扎实推进依申请公开工作"].word_for_word
    assert rep["扎实推进依申请公开工作"].years == (2023, 2024)
    assert "继续加强业务指导培训" in rep
    assert "加强对典型案例的研究、梳理和汇总" not in rep  # new in 2024
    cats = dict(t.categories)
    # 2023: 依申请公开工作规范性 / 内容的深度和广度 / 队伍建设; 2024: five problems, three on applications
    assert len(cats[2023]) == 3 and len(cats[2024]) == 5
    assert cats[2023].count("依申请公开办理") == 1 and cats[2024].count("依申请公开办理") >= 2
    assert any(p.by == "category" and p.value == "依申请公开办理" and p.years == (2023, 2024) for p in t.persistent)
    table = dict(t.side_by_side())
    assert table["队伍与业务能力"] == (1, 0)


def fake(year: int, findings: list[Finding], sentences: list[str]):
    return SimpleNamespace(meta=SimpleNamespace(year=year, agency="某县人民政府"), source=SimpleNamespace(path=f"x-{year}.txt"),
                           findings=tuple(findings), sentences=tuple(SimpleNamespace(text=s) for s in sentences))


def f(kind: str, text: str, key: str, category: str, detail: str = "") -> Finding:
    return Finding(kind, text, detail, key, category, 5, 0, 0, len(text))


def test_persistent_unfollowed_and_near_repeats():
    y1 = fake(2021, [f("problem", "政策解读形式单一", "政策解读形式·单一", "政策解读"),
                     f("commitment", "加强政务新媒体管理", "政务新媒体管理·加强", "政务新媒体", "定期检查账号。"),
                     f("commitment", "推进决策预公开", "决策预公开·推进", "决策公开", "")],
             ["全年发布信息100条。"])
    y2 = fake(2022, [f("problem", "政策解读的形式还不够丰富", "政策解读形式·单一", "政策解读"),
                     f("commitment", "进一步加强政务新媒体管理", "政务新媒体管理·加强", "政务新媒体", "定期检查账号。")],
              ["开展政务新媒体管理专项检查。"])
    y4 = fake(2024, [f("problem", "政策解读质量不高", "政策解读质量·不高", "政策解读")], ["无。"])
    t = track([y4, y2, y1])
    assert t.years == (2021, 2022, 2024)
    assert [(p.by, p.value, p.years) for p in t.persistent] == [
        ("category", "政策解读", (2021, 2022)), ("key", "政策解读形式·单一", (2021, 2022))]
    assert [(r.text, r.word_for_word, r.years) for r in t.repeated] == [("进一步加强政务新媒体管理", False, (2021, 2022))]
    # 2021's 决策预公开 is never mentioned again; 2022's new-media promise is not mentioned in 2024
    assert [(u.year, u.text) for u in t.unfollowed] == [(2021, "推进决策预公开"), (2022, "进一步加强政务新媒体管理")]
    assert t.to_dict()["categories"]["2024"] == ["政策解读"]


def test_runs_break_at_gaps():
    assert _runs([2019, 2020, 2022, 2023, 2024], [2019, 2020, 2022, 2023, 2024]) == [(2019, 2020), (2022, 2023, 2024)]
    assert _runs([2020], [2019, 2020]) == []
