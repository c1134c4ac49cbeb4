"""Planted national corpus for ``benchmarks/reuse.py --national``: origin precision and recall.

A synthetic corpus of 31 provinces × 4 cities × 17 counties (2,108 agencies named
``{省}{市}{县}人民政府``), two years each, built from

* template wording — the standard sentences of :data:`nlp.reuse.build_baseline.STANDARD` and the
  template's headings, with the agency's name, years, figures, address and phone filled in, 30 %
  of the longer ones reworded (one ideograph in the second half dropped or replaced by a word);
* common phrases — 64 short stock phrases (进一步提高政务公开质量 …), 4 per report, used by
  agencies of every province;
* agency-specific text — random policy sentences (15–60 characters) unique to the agency-year;
* planted self copies — 40 % of agencies reuse 3–6 of their 2023 sentences in 2024 (exact, or
  with the figures changed);
* planted copy rings in 2024 — sizes 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40, 50: a
  ring's members file one text of 6–10 sentences (some shorter than 30 characters) with their
  own name swapped in; rings of ≤ 17 are one city's counties, larger ones one province's, and the
  ring of 30 spans ten provinces.

Truth per unit: template, common_phrase, self_copy, cross_copy or own. The prediction is
:attr:`nlp.reuse.corpus.CorpusMatches.origins` (own = no origin).
"""

from __future__ import annotations

import random
import resource
import time
from collections import Counter
from pathlib import Path

import numpy as np

from nlp.reuse.build_baseline import STANDARD
from nlp.reuse.corpus import match_corpus
from nlp.reuse.origin import ORIGINS
from nlp.reuse.region import PROVINCES
from nlp.reuse.side import Sent, Side

CLASSES = (*ORIGINS, "own")
RINGS = (2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 40, 50)
_NAME_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北中平安宁和兴华阳山水河林"
_WORDS = ["政务", "公开", "平台", "栏目", "信息", "发布", "解读", "回应", "关切", "申请", "答复", "办理", "流程", "规范", "制度", "机制", "标准", "清单", "目录", "指南", "服务", "事项", "办事", "群众", "企业", "窗口", "热线", "网站", "专栏", "数据", "开放", "共享", "监督", "考核", "评议", "培训", "队伍", "业务", "能力", "质量", "效率", "时限", "意见", "建议", "提案", "预算", "决算", "资金", "项目", "工程", "采购", "招标", "土地", "房屋", "征收", "补偿", "救助", "就业", "社保", "医疗", "教育", "文化", "养老", "环保", "安全", "应急", "防汛", "交通", "水利", "农业", "乡村", "社区", "街巷", "园区", "产业", "投资", "营商", "环境", "许可", "处罚", "检查", "执法", "审批", "备案", "登记", "证照", "档案", "保密", "审查", "会议", "调研", "座谈", "走访", "宣传", "展板", "短视频", "直播", "问答", "图解"]
COMMON = tuple(
    f"进一步{v}{o}"
    for v in ("提高", "加强", "规范", "完善", "提升", "强化", "优化", "推动")
    for o in ("政务公开质量", "政策解读工作", "信息发布管理", "平台建设水平", "依申请公开办理", "公开监督保障",
              "公众参与程度", "回应关切实效")
)


def _name(rng: random.Random, taken: set[str], suffix: str) -> str:
    while True:
        n = "".join(rng.sample(_NAME_CHARS, 2 if suffix == "市" else 3)) + suffix
        if n not in taken:
            taken.add(n)
            return n


def _sentence(rng: random.Random, lo: int = 15, hi: int = 60, name: str | None = None) -> str:
    words: list[str] = [name] if name else []
    while sum(map(len, words)) < rng.randint(lo, hi):
        words.append(rng.choice(_WORDS))
        if rng.random() < 0.15:
            words.append(f"{rng.randint(2, 9999)}件")
    return "".join(words) + "。"


def _template(rng: random.Random, agency: str, year: int) -> list[str]:
    picks = rng.sample(STANDARD[2:15], 4) + [STANDARD[0], *rng.sample(STANDARD[15:20], 2)]
    out = []
    for t in picks:
        t = t.replace("某某县人民政府", agency).replace("某某县", agency[:-4]).replace("2023", str(year))
        t = t.replace("人民路1号", f"{rng.choice(_NAME_CHARS)}{rng.choice(_NAME_CHARS)}路{rng.randint(1, 300)}号")
        t = t.replace("0000-12345678", f"0{rng.randint(100, 999)}-{rng.randint(10**7, 10**8 - 1)}")
        t = t.replace("0元", f"{rng.choice([0, 0, 50, 120])}元").replace("100件", f"{rng.randint(5, 900)}件")
        cjk = [k for k in range(len(t) // 2, len(t)) if "\u4e00" <= t[k] <= "\u9fff"]
        if rng.random() < 0.3 and len(t) > 25 and cjk:  # a reworded variant: one word dropped or changed
            k = rng.choice(cjk)
            t = t[:k] + rng.choice(["", "相关", "有关"]) + t[k + 1:]
        out.append(t)
    return out


def _agencies(rng: random.Random) -> list[tuple[str, str, str]]:
    """(province, city, county) for 31 provinces × 4 cities × 17 counties."""
    out, taken = [], set()
    for p in PROVINCES[:31]:
        for _ in range(4):
            city = _name(rng, taken, "市")
            out += [(p, city, _name(rng, taken, "县")) for _ in range(17)]
    return out


def _rings(rng: random.Random, ags: list[tuple[str, str, str]]) -> list[list[int]]:
    by_city: dict[str, list[int]] = {}
    by_prov: dict[str, list[int]] = {}
    for k, (p, c, _) in enumerate(ags):
        by_city.setdefault(c, []).append(k)
        by_prov.setdefault(p, []).append(k)
    used: set[int] = set()
    rings = []
    for size in RINGS:
        while True:
            if size == 30:  # three counties in each of ten provinces
                provs = rng.sample(sorted(by_prov), 10)
                pool = [k for p in provs for k in rng.sample(by_prov[p], 3)]
            else:
                groups = by_city if size <= 17 else by_prov
                g = groups[rng.choice(sorted(groups))]
                pool = rng.sample(g, size) if len(g) >= size else []
            if pool and not used & set(pool):
                used |= set(pool)
                rings.append(pool)
                break
    return rings


def build(seed: int = 7) -> tuple[list[Side], list[list[str]], list[list[int]]]:
    """Sides (2023 then 2024 for every agency), truth per sentence, rings (agency indices)."""
    rng = random.Random(seed)
    ags = _agencies(rng)
    rings = _rings(rng, ags)
    ring_of = {k: r for r, ks in enumerate(rings) for k in ks}
    ring_text = [[_sentence(rng, 12, 60, "{name}" if j < 2 else None) for j in range(rng.randint(6, 10))]
                 for _ in rings]
    sides, truth = [], []
    y2023: dict[int, list[str]] = {}
    for year in (2023, 2024):
        for k, (p, c, county) in enumerate(ags):
            agency = f"{p}{c}{county}人民政府"
            items = [(t, "template") for t in _template(rng, agency, year)]
            items += [(t + "。", "common_phrase") for t in rng.sample(COMMON, 4)]
            if year == 2023:
                own = [_sentence(rng) for _ in range(rng.randint(6, 10))]
                y2023[k] = own
                items += [(t, "own") for t in own]
            else:
                if rng.random() < 0.4:
                    for t in rng.sample(y2023[k], rng.randint(3, 6)):
                        if rng.random() < 0.5:
                            t = _refigure(rng, t)  # figures changed (numbers_only)
                        items.append((t, "self_copy"))
                if k in ring_of:
                    items += [(t.replace("{name}", county), "cross_copy") for t in ring_text[ring_of[k]]]
                    items += [(_sentence(rng), "own") for _ in range(rng.randint(0, 2))]
                else:
                    items += [(_sentence(rng), "own") for _ in range(rng.randint(4, 8))]
            rng.shuffle(items)
            sides.append(Side(tuple(Sent(i, t, 1) for i, (t, _) in enumerate(items)), agency, year, f"{k}-{year}"))
            truth.append([c for _, c in items])
    return sides, truth, rings


def _refigure(rng: random.Random, text: str) -> str:
    import re

    return re.sub(r"\d+(?=件)", lambda m: str(int(m.group()) + rng.randint(1, 99)), text)


def evaluate(cm, truth: list[list[str]], rings: list[list[int]], n_agencies: int) -> dict[str, object]:
    """Per class precision / recall over units, boilerplate-as-copy precision, rings recovered."""
    u = cm.units
    true = np.array([truth[s][i] for s, i in zip(u["side"], u["sentence"], strict=True)])
    code = cm.origins.code
    pred = np.where(code >= 0, np.array(ORIGINS, dtype=object)[np.maximum(code, 0)], "own")
    stats = {}
    for c in CLASSES:
        tp = int(((pred == c) & (true == c)).sum())
        stats[c] = (int((true == c).sum()), int((pred == c).sum()), tp)
    copy = np.isin(pred, ["self_copy", "cross_copy"])
    boiler = np.isin(true, ["template", "common_phrase"])
    side_cluster = cm.origins.cluster
    found = 0
    for ring in rings:
        ids = {int(side_cluster[n_agencies + k]) for k in ring}  # the 2024 sides
        size = int(cm.origins.cluster_size[n_agencies + ring[0]])
        found += len(ids) == 1 and -1 not in ids and size == len(ring)
    confusion = Counter(zip(true.tolist(), pred.tolist(), strict=True))
    return {"classes": stats, "copy_units": int(copy.sum()), "copy_boiler": int((copy & boiler).sum()),
            "rings": (len(rings), found), "confusion": confusion, "units": len(u)}


def report(res: dict[str, object], secs: float, n_sides: int) -> list[str]:
    lines = [f"{n_sides} reports, {res['units']} units, match_corpus {secs:.1f} s", "",
             "| origin | planted units | reported | correct | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    for c, (t, p, tp) in res["classes"].items():  # type: ignore[union-attr]
        lines.append(f"| {c} | {t} | {p} | {tp} | {tp / p if p else float('nan'):.4f} | "
                     f"{tp / t if t else float('nan'):.4f} |")
    n, b = res["copy_units"], res["copy_boiler"]
    lines += ["", f"Reported as a copy (self_copy or cross_copy): {n} units, of which {b} are planted template "
              f"or common phrasing: precision against boilerplate {1 - b / max(n, 1):.4f}.",
              f"Copy rings recovered as exactly one cluster of their size: {res['rings'][1]} of {res['rings'][0]}."]
    return lines


def run(seed: int, out_path: Path | None, command: str) -> None:
    """Build, match, evaluate; print the Markdown section (and append it to ``out_path``)."""
    sides, truth, rings = build(seed)
    t0 = time.perf_counter()
    cm = match_corpus(sides)
    secs = time.perf_counter() - t0
    res = evaluate(cm, truth, rings, len(sides) // 2)
    out = [f"### Planted national corpus: origin per class ({time.strftime('%Y-%m-%d')})", "", "```", command,
           "```", ""]
    out += report(res, secs, len(sides))
    wrong = sorted(((t, p, n) for (t, p), n in res["confusion"].items() if t != p), key=lambda x: -x[2])
    out += ["", "Errors (planted → reported: units): " + (", ".join(f"{t} → {p}: {n}" for t, p, n in wrong) or "none")]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out += ["", f"peak RSS {rss:.0f} MiB", ""]
    text = "\n".join(out)
    print(text)
    if out_path:
        with open(out_path, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
