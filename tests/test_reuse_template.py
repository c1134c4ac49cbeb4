"""The shipped template baseline: built from the official template and standard sentences only."""

from __future__ import annotations

import hashlib
import re

from conftest import REAL, TEMPLATES

from nlp.reuse.build_baseline import STANDARD, build, template_labels
from nlp.reuse.skeleton import skeleton
from nlp.reuse.template import baseline, slot


def test_baseline_comes_from_the_template_not_from_a_head_count():
    b = baseline()
    assert {e["source"] for e in b.entries.values()} == {"template", "template_table", "standard"}
    assert all("agencies" not in e for e in b.entries.values())
    # table labels of the official template's tables are entries (read from the docx by the test)
    labels = template_labels(TEMPLATES / "政务公开年报模版.docx")
    assert "本年新收政府信息公开申请数量" in "".join(labels)
    assert all(skeleton(x) in b.entries for x in labels if skeleton(x))
    assert all(skeleton(x) in b.entries for x in STANDARD)


def test_names_and_figures_are_slots():
    assert slot(skeleton("本报告由淮安市洪泽区人民政府办公室编制")) == slot(skeleton("本报告由临县人民政府办公室编制"))
    b = baseline()
    flags, sim = b.flags(
        [
            skeleton("（一）主动公开情况。"),
            skeleton("报告中所列数据统计期限自2025年1月1日起至2025年12月31日止。"),
            skeleton("本报告所列数据统计期限自2025年1月1日至2025年12月31日。"),
            # the fee sentence of 洪泽区 2023 with another agency and sum: only slots differ
            skeleton("2025年，县政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费12元。"),
            skeleton("西红柿炒鸡蛋是一道家常菜，先把鸡蛋打散。"),
            # specific narrative of 临县 2023 is not template wording
            skeleton("全年出版公报4期，初步实现了政府文件集约化处理，同时提供多样化渠道。"),
        ]
    )
    assert flags.tolist() == [True, True, True, True, False, False]
    assert sim[0] == sim[1] == sim[3] == 1.0 and 0.8 <= sim[2] < 1.0


def test_baseline_is_reproducible_from_the_template():
    b = baseline()
    for name, sha in b.meta["sources"].items():
        assert name.startswith("templates/")
        assert hashlib.sha256((TEMPLATES / name.split("/", 1)[1]).read_bytes()).hexdigest() == sha
    fresh = build(REAL.parent)
    assert fresh.to_json() == b.to_json(), "rebuild: python -m nlp.reuse.build_baseline"


def test_slot_skips_only_skeletons_no_name_can_match():
    """The shortcut (no suffix character and no 本: unchanged) agrees with the full name pattern on
    real skeletons, with and without names."""
    from nlp.reuse.template import _NAME

    text = (REAL / "临县人民政府-2023.txt").read_text(encoding="utf-8")
    skels = [skeleton(s) for s in re.split(r"[。；\n]", text) if s.strip()]
    skels += ["依申请公开政府信息#件", "本机关全年共收到申请#件", "内蒙古自治区阿拉善盟额济纳旗政府办公室"]
    skels += [f"由{n}人民政府办公室负责" for n in ("山西省", "吕梁市", "亳州", "锡林郭勒盟", "临县", "朝阳区", "四子王旗")]
    assert len(skels) > 50
    assert any(_NAME.search(s) for s in skels) and any(not _NAME.search(s) for s in skels)
    assert [slot(s) for s in skels] == [_NAME.sub("@", s) for s in skels]
