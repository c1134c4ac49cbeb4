"""Keyword/rule baseline for the part of a sentence, evaluated beside the model.

Sentence by sentence: the part whose keyword list has the most hits wins (ties go to the part
listed first in :data:`PRIORITY`); a sentence with no hit keeps the part of the sentence before
it (the first sentence defaults to 0). No decoding, no position features: this is what a careful
regular-expression approach gets without headings.
"""

from __future__ import annotations

import re

from .features import AGENCY_END, normalise

KEYWORDS: dict[int, tuple[str, ...]] = {
    0: (r"根据《", r"条例》", r"编制", r"统计期限", r"统计时限", r"本报告", r"本年度报告", r"年度报告",
        r"如对.{0,10}疑问", r"下载", r"联系"),
    1: (r"主动公开", r"政策解读", r"网站", r"平台", r"监督", r"培训", r"公报", r"新媒体", r"考核", r"发布"),
    2: (r"第二十条", r"规章", r"规范性文件", r"行政许可", r"行政处罚", r"行政强制", r"行政事业性收费", r"制发件数"),
    3: (r"申请人", r"新收", r"结转", r"予以公开", r"不予公开", r"部分公开", r"自然人", r"法人", r"办理结果"),
    4: (r"行政复议", r"行政诉讼", r"复议后起诉", r"未经复议", r"结果维持", r"结果纠正", r"尚未审结"),
    5: (r"存在.{0,6}问题", r"不足", r"有待", r"仍需", r"下一步", r"改进", r"整改", r"薄弱", r"不够"),
    6: (r"处理费", r"收费", r"其他需要报告", r"其他事项"),
    7: (rf"^[^,.;:]{{2,30}}{AGENCY_END}$", r"^0年0月0日$", r"^0年0月$"),
}
PRIORITY = (7, 6, 0, 5, 4, 3, 2, 1)
_RES = {p: [re.compile(k) for k in ks] for p, ks in KEYWORDS.items()}


def keyword_part(text: str) -> int | None:
    """The keyword vote for one sentence, or None when nothing matches."""
    t = normalise(text)
    hits = {p: sum(1 for rx in _RES[p] if rx.search(t)) for p in PRIORITY}
    best = max(hits.values())
    if not best:
        return None
    return next(p for p in PRIORITY if hits[p] == best)


def baseline_parts(texts: list[str]) -> list[int]:
    out: list[int] = []
    for t in texts:
        p = keyword_part(t)
        out.append(p if p is not None else (out[-1] if out else 0))
    return out
