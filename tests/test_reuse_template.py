"""The shipped template baseline and the document-frequency threshold."""

from __future__ import annotations

import hashlib

from conftest import REAL, TEMPLATES

from nlp.reuse.build_baseline import build
from nlp.reuse.skeleton import skeleton
from nlp.reuse.template import baseline, template_threshold


def test_threshold_share_floor_and_cap():
    assert template_threshold(2) == 3
    assert template_threshold(12) == 3
    assert template_threshold(100) == 10
    assert template_threshold(5000) == 20


def test_shipped_baseline_knows_the_template_wording():
    b = baseline()
    sources = {e["source"] for e in b.entries.values()}
    assert {"template", "real", "real_near"} <= sources
    flags, sim = b.flags(
        [
            skeleton("（一）主动公开情况。"),
            skeleton("报告中所列数据统计期限自2025年1月1日起至2025年12月31日止。"),
            skeleton("本报告所列数据统计期限自2025年1月1日至2025年12月31日。"),
            skeleton(
                "2025年，县政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"
            ),
            skeleton("西红柿炒鸡蛋是一道家常菜，先把鸡蛋打散。"),
        ]
    )
    assert flags.tolist() == [True, True, True, True, False]
    assert sim[0] == sim[1] == 1.0 and 0.8 <= sim[2] < 1.0 and 0.8 <= sim[3] < 1.0


def test_baseline_is_reproducible_from_the_corpus():
    b = baseline()
    for name, sha in b.meta["sources"].items():
        folder = TEMPLATES if name.startswith("templates/") else REAL
        assert hashlib.sha256((folder / name.split("/", 1)[1]).read_bytes()).hexdigest() == sha
    fresh = build(REAL.parent)
    assert fresh.to_json() == b.to_json(), "rebuild: python -m nlp.reuse.build_baseline"
