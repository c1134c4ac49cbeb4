"""Synthetic training reports from the template's standard wording.

Each part has a pool of the stock sentences the national template and its notes prescribe or that
every agency writes in its own words (preamble with the 条例 citation and the statistics period,
the five sub-topics of part 1, the table captions and notes of parts 2–4, the problems and next
steps of part 5, the fee sentence of part 6, the signature). :func:`synthetic_reports` draws
reports from them with agency names, years and figures varied, parts sometimes missing, and the
part titles of the current and the older (pre-2021 and pre-2019) templates as stray lines where a
converter kept a heading as text. Deterministic for a seed.
"""

from __future__ import annotations

import random

from .augment import ASCII_PUNCT, LabelledSequence

AGENCIES = ("某县人民政府", "某市人民政府办公室", "某区发展和改革局", "某县教育局", "某镇人民政府", "某市财政局",
            "某省生态环境厅", "某县卫生健康委员会", "某区人民政府", "某街道办事处", "某市自然资源和规划局", "某县交通运输局")
SITES = ("某县人民政府门户网站", "本机关门户网站", "某市政府信息公开平台")

POOLS: dict[int, tuple[str, ...]] = {
    0: ("{agency}{year}年政府信息公开工作年度报告",
        "{agency}{year}年度政府信息公开工作报告",
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        "（国办公开办函〔2021〕30号）要求，{agency}编制了本报告。",
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项六个部分组成。",
        "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "本报告电子版可在{site}查阅或下载。",
        "如对本报告有任何疑问，请与{agency}办公室联系（地址：某路{n}号，电话：0{n}-{n}）。",
        "本年度报告所列数据的统计时限为{year}年1月1日至{year}年12月31日。"),
    1: ("{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，扎实推进政务公开工作。",
        "（一）主动公开。", "全年主动公开政府信息{n}条，其中政策文件{n}件、政策解读{n}篇。",
        "（二）依申请公开。", "{year}年共收到政府信息公开申请{n}件，均在法定期限内答复。",
        "（三）政府信息管理。", "严格落实公开属性源头认定和保密审查机制，及时清理更新过时信息。",
        "（四）平台建设。", "持续优化政府网站信息公开专栏，发挥政务新媒体作用，全年发布信息{n}条。",
        "（五）监督保障。", "将政务公开工作纳入年度绩效考核，组织开展业务培训{n}次。",
        "一是加强组织领导，调整充实政务公开工作领导小组。", "二是强化政策解读，做到文件与解读同步起草、同步审签、同步发布。",
        "三是及时回应社会关切，妥善处置涉及本机关的政务舆情。", "全年召开新闻发布会{n}场，回应公众关切{n}次。"),
    2: ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
        "信息内容本年制发件数本年废止件数现行有效件数", "信息内容本年处理决定数量", "信息内容本年收费金额（单位：万元）",
        "二、主动公开政府信息情况", "表二：主动公开政府信息情况"),
    3: ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "法人或其他组织",
        "商业企业科研机构社会公益组织法律服务机构其他", "三、收到和处理政府信息公开申请情况", "表三：收到和处理政府信息公开申请情况"),
    4: ("行政复议行政诉讼", "未经复议直接起诉复议后起诉", "结果维持结果纠正其他结果尚未审结总计",
        "注：行政复议、行政诉讼数量含上年度结转数量。", "四、政府信息公开行政复议、行政诉讼情况"),
    5: ("{year}年，{agency}政府信息公开工作取得了一定成效，但也存在一些不足。",
        "存在的主要问题：一是政策解读形式较为单一；二是基层政务公开标准化规范化水平有待提升。",
        "（一）存在的主要问题。", "（二）改进情况。", "部分工作人员业务能力不足，公开意识有待加强。",
        "下一步，{agency}将持续加强业务培训，提升政务公开工作质量。",
        "一是进一步提高政策解读质量，丰富解读形式。", "二是加强政府网站和政务新媒体管理，提升信息发布时效。",
        "针对{year}年存在的问题，已逐项整改到位。", "（一）{year}年工作中存在问题的改进情况。"),
    6: ("本机关{year}年度未收取政府信息公开处理费。", "{year}年度，{agency}政府信息公开未发生收费情况。",
        "无。", "本年度无其他需要报告的事项。", "{year}年，{agency}未收取信息处理费，未发出收费通知。",
        "六、其他需要报告的事项"),
    7: ("{agency}", "{next}年1月{day}日", "{agency}办公室"),
}
# part titles as stray lines (a heading the layout did not take), current and older templates
OLD_TITLES: dict[int, tuple[str, ...]] = {
    1: ("概述", "总体情况", "工作基本情况"),
    3: ("依申请公开政府信息情况", "依申请公开政府信息办理情况"),
    4: ("因政府信息公开申请行政复议、提起行政诉讼的情况", "政府信息公开行政复议、行政诉讼情况"),
    5: ("政府信息公开工作存在的主要问题和改进措施", "存在的主要问题及改进情况", "存在问题和改进措施"),
    6: ("政府信息公开的收费及减免情况", "其他需要报告的事项"),
}


def _fill(text: str, rng: random.Random, agency: str, year: int) -> str:
    out = text.format(agency=agency, year=year, next=year + 1, site=rng.choice(SITES), day=rng.randint(5, 31), n="{n}")
    while "{n}" in out:
        out = out.replace("{n}", str(rng.choice([0, 1, 3, 12, 58, 236, 1542, 20931])), 1)
    return out


def synthetic_report(rng: random.Random) -> LabelledSequence:
    agency, year = rng.choice(AGENCIES), rng.randint(2017, 2025)
    texts: list[str] = []
    gold: list[int] = []
    for part in range(8):
        if part not in (0, 1) and rng.random() < 0.2:
            continue  # a part missing on the page
        pool = POOLS[part]
        k = {0: rng.randint(2, 5), 1: rng.randint(4, 12), 5: rng.randint(2, 6), 7: 2}.get(part, rng.randint(1, 3))
        picked = [pool[0]] if part == 0 else []
        picked += rng.sample(pool[1:] if part == 0 else pool, min(k, len(pool) - (part == 0)))
        if part == 7:
            picked = [pool[rng.choice((0, 2))], pool[1]]
        if part in OLD_TITLES and rng.random() < 0.3:
            picked.insert(0, rng.choice("一二三四五六七") + "、" + rng.choice(OLD_TITLES[part]))
        for t in picked:
            texts.append(_fill(t, rng, agency, year))
            gold.append(part)
    if rng.random() < 0.3:
        texts = [t.translate(ASCII_PUNCT) for t in texts]
    return LabelledSequence(f"synthetic-{agency}-{year}", tuple(texts), tuple(gold), tuple(gold), frozenset())


def synthetic_reports(count: int, seed: int) -> list[LabelledSequence]:
    rng = random.Random(seed)
    return [synthetic_report(rng) for _ in range(count)]
