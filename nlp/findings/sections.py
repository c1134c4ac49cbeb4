"""Part 5 located among the sentences and cut into problem / commitment / improvement sections.

Sub-headings are recognised at the start of a unit (after 。 or a line break) when they carry a
（一）-style number or stand alone before 。 ： or a line break; commitment sections also start at
trigger phrases inside a paragraph (下一步, 今后, 2025年…将, 针对存在问题…将).
"""

from __future__ import annotations

import re

from .records import COMMITMENT, IMPROVEMENT, PROBLEM, Sent
from .text import NUM, view

_P = f"(?P<paren>(?:[（][{NUM}]{{1,2}}[）]|[{NUM}]{{1,2}}、|\\d{{1,2}}[.、．])\\s*)?"
HEADS = (
    (IMPROVEMENT, re.compile(_P + r"[^。；：\n]{0,20}?(?:20\d\d\s*年|上一?年度?|去年|往年|以往|前期)"
                             r"[^。；：\n]{0,24}?(?<!及)(?:改进|整改|落实)(?:情况|成效)")),
    (PROBLEM, re.compile(_P + r"[^。；：\n，]{0,20}?(?:存在的?(?:主要)?(?:问题|不足)|主要问题|问题和不足|不足之处)"
                         r"(?:如下|主要有|主要是|是|有)?")),
    (COMMITMENT, re.compile(_P + r"[^。；：\n，]{0,12}?(?:改进措施|整改措施|改进方向|改进举措|努力方向|"
                            r"下一步(?:工作)?(?:计划|打算|安排|措施|思路|重点)?|(?:今后|明年)?工作(?:计划|打算|思路)|"
                            r"(?<!及)(?:改进|整改)情况)")),
)
COMMIT_INLINE = re.compile(r"下一步|今后|(?:20\d\d|明)\s*年[^。；，]{0,12}?将|针对[^。；]{0,40}?(?:问题|不足)[^。]{0,30}?(?:将|计划|拟)")
REGION_START = re.compile(r"^\s*(?:[（(][一二三四][)）])?[^。]{0,30}?(?:存在的?(?:主要)?问题|改进情况|整改情况|改进措施|整改措施)")


def region(sents: list[Sent], narrative: str) -> tuple[int, int, bool] | None:
    """``(start, end, by_part)`` of part 5; when no sentence carries part 5, the span from the first
    sentence that opens like a part-5 sub-heading to the next part-6/7 sentence."""
    five = [s for s in sents if s.part == 5]
    if five:
        return min(s.start for s in five), max(s.end for s in five), True
    seen_table_part = False
    for k, s in enumerate(sents):
        seen_table_part = seen_table_part or s.part in (2, 3, 4)
        if s.part in (6, 7) or not (seen_table_part or s.part == 1):
            continue
        if REGION_START.match(view(narrative[s.start:s.end])):
            end = s.end
            for t in sents[k + 1:]:
                if t.part in (6, 7):
                    break
                end = t.end
            return s.start, end, False
    return None


def sections(v: str) -> list[tuple[str, int, int]]:
    """``(mode, body_start, body_end)`` for every section of a part-5 view."""
    events: list[tuple[int, int, str, bool]] = []
    starts = [0] + [i + 1 for i, ch in enumerate(v) if ch in "。\n"]
    for us in starts:
        s = us
        while s < len(v) and v[s] in " \u3000\n":
            s += 1
        for mode, rx in HEADS:
            m = rx.match(v, s)
            if m and (m.group("paren") or m.end() >= len(v) or v[m.end()] in "。：\n \u3000"):
                events.append((s, m.end(), mode, False))
                break
    head_ranges = [(a, b) for a, b, _, _ in events]
    for m in COMMIT_INLINE.finditer(v):
        if not any(a <= m.start() < b for a, b in head_ranges):
            events.append((m.start(), m.start(), COMMITMENT, True))
    events.sort()
    out: list[tuple[str, int, int]] = []
    mode, body = PROBLEM, 0
    for s, e, new_mode, inline in events:
        if inline and mode == COMMITMENT:
            continue
        if s < body:
            continue
        out.append((mode, body, s))
        mode, body = new_mode, e
    out.append((mode, body, len(v)))
    return [x for x in out if x[2] > x[1]]
