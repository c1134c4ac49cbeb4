"""Recognise the six part headings of the national template in their real variants.

A heading is a top-level number (一、 一. 一,、 一 ) followed by a title that names a part:
总体情况 / 工作基本情况 / 概述; 主动公开政府信息(的)情况; 收到和处理政府信息公开申请情况;
…行政复议…行政诉讼…情况; …存在的(主要)问题及改进/整改情况/措施; 其他需要报告的事项. The part
is decided by the title, not the number, so shifted or restarted numbering still works. T3 row
labels (一、本年新收…, 三、本年度办理结果, 四、结转下年度继续办理), openers like 五是… and
bracketed sub-headings （一）… never match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NUMERAL = "一二三四五六七八九十"
NUMBER = re.compile(rf"(?:第\s*)?([{NUMERAL}]{{1,2}})\s*(?:部分)?\s*(?:[、,，．.:：]+\s*|\s+)")
TITLES: dict[int, str] = {
    1: r"(?:总体情况|工作基本情况|基本情况|总体概况|工作概述|概述|概况)",
    2: r"(?:主动公开政府信息(?:的|工作)?情况|主动公开政府信息|主动公开情况)",
    3: r"(?:收到和处理政府信息公开申请(?:的)?情况|收到和处理政府信息公开申请|依申请公开政府信息(?:的)?情况)",
    4: r"(?:[^。，,；;]{0,24}?行政复议[^。，,；;]{0,24}?(?:情况|案件))",
    5: r"(?:[^。，,；;]{0,16}?存在的?(?:主要)?(?:问题|不足)[^。，,；;]{0,12}?(?:情况|措施|举措|方向|计划)"
       r"|[^。，,；;]{0,16}?存在的?(?:主要)?问题|[^。，,；;]{0,10}?(?:问题|不足)(?:及|和|与)(?:改进|整改)[^。，,；;]{0,6})",
    6: r"(?:其他需要报告的?事项|其他需要说明的?事项|其他事项|其他需报告的事项)",
}
_TITLE_RES = {part: re.compile(pat) for part, pat in TITLES.items()}


@dataclass(frozen=True)
class Heading:
    part: int
    number: int  # the numeral as printed (1 for 一)
    start: int  # offset of the numbering within the paragraph
    end: int  # offset after the title (the glued body, if any, starts here)
    title: str


def numeral_value(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + NUMERAL.index(s[1]) + 1
    if len(s) == 2 and s[1] == "十":
        return (NUMERAL.index(s[0]) + 1) * 10
    return NUMERAL.index(s[0]) + 1


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def match_heading(text: str, pos: int = 0) -> Heading | None:
    """A part heading starting at ``pos`` of ``text``, or None."""
    m = NUMBER.match(text, pos)
    if not m:
        return None
    body_start = m.end()
    rest = text[body_start:body_start + 60]
    rest_norm = _norm(rest).replace(" ", "")
    # map positions in the space-free string back to the original
    index = [i for i, ch in enumerate(_norm(rest)) if ch != " "]
    for part, rx in _TITLE_RES.items():
        t = rx.match(rest_norm)
        if not t:
            continue
        end_in_rest = index[t.end() - 1] + 1 if t.end() else 0
        after = text[body_start + end_in_rest:body_start + end_in_rest + 1]
        title = text[body_start:body_start + end_in_rest].strip()
        if part in (4, 5) and after and after not in "。\n " and _glued_inside_word(title, after):
            continue
        return Heading(part=part, number=numeral_value(m.group(1)), start=pos, end=body_start + end_in_rest,
                       title=title)
    return None


def _glued_inside_word(title: str, after: str) -> bool:
    """Reject 'headings' whose title runs on into more title text (a sentence, not a heading)."""
    return after in "的之中等，,、"


def find_headings(text: str) -> list[Heading]:
    """Headings at the start of a paragraph or inside it after a sentence end, a space, a figure or
    a closing bracket (a whole report flattened onto one line, tables included)."""
    found = []
    h = match_heading(text, 0)
    if h:
        found.append(h)
    for m in re.finditer(rf"(?<=[。！？；;!?\s\d）)])\s*(?=(?:第\s*)?[{NUMERAL}]{{1,2}}\s*(?:部分)?\s*[、,，．.:：\s])",
                         text):
        h = match_heading(text, m.end())
        if h and h.title and len(h.title) <= 40:
            found.append(h)
    return found
