"""Short comparable keys for findings: ``topic·shortcoming`` (problems) and ``topic·action``
(commitments and improvements).

A problem key keeps the clause's subject without determiners (部分, 个别单位, 各科室), fillers (工作,
的, quotes) and synonyms folded (方式 → 形式, 提升 → 提高); the shortcoming is the cue folded to a
small vocabulary (有待提高 / 仍需提升 / 需进一步提高 → 待提高; 不够多元 / 不够丰富 / 单一 → 单一). A
follow-on clause that drops its subject (政策解读方式单一，创新性、新颖度有待提高) inherits the head
of the previous clause's topic: 政策解读创新性新颖度·待提高.
"""

from __future__ import annotations

import re

from .text import CUE, MODAL, view

_DETERMINERS = re.compile(
    r"^(?:但|但是|同时|仍|还|也|如|对(?!外)|尤其是?在?|特别是在?|在|一些|部分|个别|少数|有的|少部分|各(?=科室|单位|部门|乡镇|地|级)|全)*"
    r"(?:单位|部门|科室|乡镇|地区)?"
)
_FILLERS = re.compile(r"工作|的|“|”|《|》|\s|[，、。；：！？]|存在|方面|目前|当前|仍然|依然")
_TAIL_ADVERBS = re.compile(r"(?:还|仍|尚|也|较为|相对|比较|总体|有所|不够|整体|普遍)+$")
SYNONYMS = (("方式", "形式"), ("政府门户网站", "网站"), ("提升", "提高"), ("政务公开队伍", "队伍"), ("信息公开队伍", "队伍"),
            ("人员队伍", "队伍"), ("门户网站", "网站"), ("政府网站", "网站"))
ATTRIBUTES = ("形式", "方式", "水平", "质量", "效果", "效率", "能力", "意识", "规范性", "主动性", "及时性",
              "针对性", "创新性", "新颖度", "深度", "广度", "含金量", "力度", "程度", "建设", "管理", "质效",
              "内容", "渠道", "机制", "实效", "便捷性", "准确性", "完整性", "时效性", "专业化")
_ATTR_RE = re.compile("|".join(sorted(ATTRIBUTES, key=len, reverse=True)))

_SHORTCOMING = (
    (r"(?:提高|提升|增强)$", "待提高"),
    (r"(?:加强|强化|加大|充实|夯实|重视)$", "待加强"),
    (r"(?:完善|健全|规范|细化|落实|统一)$", "待完善"),
    (r"(?:深化|推进|拓展|扩大|扩展|巩固)$", "待深化"),
    (r"(?:改进|改善|优化|更新|整合)$", "待改进"),
    (r"(?:丰富|创新)$", "单一"),
)
_NEGATIVE_FOLD = {"不够多元": "单一", "不够丰富": "单一", "不够多样": "单一", "单一": "单一", "简单": "简单",
                  "不够便利": "不便", "不便利": "不便", "不便捷": "不便", "分散": "分散", "不强": "不强",
                  "不够强": "不强", "不足": "不足", "欠缺": "不足", "缺乏": "不足", "薄弱": "薄弱", "较弱": "薄弱",
                  "偏弱": "薄弱", "滞后": "滞后", "不及时": "滞后", "松懈": "松懈", "不高": "不高", "较低": "不高",
                  "偏低": "不高", "不到位": "不到位", "不规范": "不规范", "不够规范": "不规范", "不完善": "待完善",
                  "不健全": "待完善", "不够完善": "待完善", "不够健全": "待完善"}

_ADVERBS = re.compile(r"^(?:进一步|继续|持续|切实|扎实|着力|深入|全面|不断|认真|严格|大力|积极|更好|更加|努力|"
                      r"重点|抓紧|加快|稳步|坚持|始终|要|将|再|着重|逐步)+")
_ACTIONS = ("建立健全", "梳理明确", "梳理", "加强", "推进", "提升", "提高", "完善", "深化", "创新", "优化", "做好", "抓好", "建立", "健全",
            "强化", "推动", "规范", "扩大", "丰富", "发挥", "拓展", "加大", "落实", "提供", "开展", "打造", "增强",
            "细化", "畅通", "夯实", "用好", "严格", "压实", "坚持")
_ACTION_FOLD = {"提升": "提高", "增强": "加强", "强化": "加强", "加大": "加强", "建立健全": "健全", "建立": "健全",
                "抓好": "做好", "推动": "推进", "用好": "做好", "开展": "做好",
                "梳理明确": "梳理"}
CONTEXT_LEAD = re.compile(r"^(?:围绕|聚焦|针对|按照|根据|结合|立足|坚持以|以|通过|对照|为|紧扣|紧紧围绕|着眼)")


def shortcoming(cue: str) -> str:
    """Fold a cue phrase to the small shortcoming vocabulary."""
    if re.fullmatch(MODAL, cue):
        for pattern, label in _SHORTCOMING:
            if re.search(pattern, cue):
                return label
        return "待改进"
    if cue in _NEGATIVE_FOLD:
        return _NEGATIVE_FOLD[cue]
    if cue.startswith("不够"):
        rest = cue[2:4]
        folded = _NEGATIVE_FOLD.get(cue[:4]) or _NEGATIVE_FOLD.get("不" + rest)
        return folded or {"及时": "滞后", "多元": "单一", "丰富": "单一", "多样": "单一", "便利": "不便",
                          "便捷": "不便"}.get(rest, "不" + rest if rest else "不足")
    if cue.startswith("存在"):
        return "问题"
    return cue


def _clean_topic(t: str) -> str:
    t = _DETERMINERS.sub("", t)
    t = _FILLERS.sub("", t)
    t = _TAIL_ADVERBS.sub("", t)
    for a, b in SYNONYMS:
        t = t.replace(a, b)
    return t


def topic_head(topic: str) -> str:
    """The topic without trailing attribute words (政策解读形式 → 政策解读)."""
    head = topic
    while True:
        m = re.search(f"(?:{_ATTR_RE.pattern})$", head)
        if not m or m.start() == 0:
            return head
        head = head[: m.start()]


def problem_key(text: str, previous_topic: str | None = None) -> tuple[str, str]:
    """``(key, topic)`` for a problem clause; ``previous_topic`` is the topic of the clause before
    it in the same enumeration item (used when this clause has dropped its subject)."""
    v = view(text)
    found = list(CUE.finditer(v))
    if not found:
        topic = _clean_topic(v)[:16]
        return topic, topic
    m = found[-1] if not found[-1].group().startswith("存在") else found[0]
    cue = m.group()
    if cue.startswith("存在"):
        topic = _clean_topic(re.sub(r"(?:的|等)?问题$", "", cue[2:]))
        label = "问题"
    else:
        topic = _clean_topic(v[: m.start()])
        label = shortcoming(cue)
    bare = _ATTR_RE.sub("", topic).replace("、", "").replace("和", "").replace("及", "")
    if previous_topic and len(bare) == 0:
        topic = topic_head(previous_topic) + topic
    topic = topic[:16]
    return f"{topic}·{label}", topic


def commitment_key(text: str) -> tuple[str, str]:
    """``(key, topic)`` for a commitment heading: 扎实推进依申请公开工作 → 依申请公开·推进."""
    v = view(text)
    parts = [p for p in re.split(r"[，；]", v) if p]
    if len(parts) > 1 and CONTEXT_LEAD.match(parts[0]):
        parts = parts[1:]
    v = parts[0] if parts else v
    v = _ADVERBS.sub("", v)
    action = ""
    for a in _ACTIONS:
        if v.startswith(a):
            action, v = a, v[len(a):]
            break
    topic = _clean_topic(re.sub(r"^对", "", v))[:16] or _clean_topic(text)[:16]
    action = _ACTION_FOLD.get(action, action) or "做好"
    return f"{topic}·{action}", topic
