"""Find problems, commitments and improvements in a report's narrative (rules, no model).

Part 5 is cut into sections by its sub-headings and trigger phrases — （一）存在的主要问题 / 存在问题：
(problems), （二）改进措施 / 整改措施 / 下一步 / 针对存在问题…将 / 2025年我们将 (commitments),
（一）2024年工作中存在问题的改进情况 (improvements). A problem section is read clause by clause: a
clause with a cue word (有待, 仍需, 不够, 不足, 单一, 松懈 …) is one item; 如A、B、C等 lists are split
where an item ends in a modal cue; clauses without a cue before an item are context (dropped),
after it they are the item's explanation; text before a colon announces a list and generic
statements (仍存在一定差距) are not items. Commitment and improvement sections are enumerations
(一是…二是…, （一）…, 1.…) or, without markers, ；-separated sentences; each item's heading phrase
is its first short sentence or first clause, the rest its explanation. Outside part 5 only clauses
that end in a cue are taken, in sentences that do not describe work on problems (检查, 整改 …).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .normalise import CONTEXT_LEAD
from .records import COMMITMENT, PROBLEM, RawItem, Sent
from .sections import region, sections
from .text import (
    CUE,
    CUE_AT_END,
    GENERIC,
    MARKER,
    MODAL_AT_END,
    UNIT_END,
    clauses,
    markers,
    sequence,
    trim,
    view,
)

LEAD = r"^(?:如(?!何)|但是|但|同时|并且|而且|以及|另外|此外|其中|特别是|主要是|主要表现在|主要表现为|表现在|主要有|是|即)"
_FRAME = re.compile(r"(?:但|但是|同时|然而|不过|也)?(?:工作中|工作上|工作)?(?:仍|还|也|依然|仍然)?")
OUTSIDE_EXCLUDE = re.compile(r"针对|解决|整改|督促|检查|排查|聚焦|列入|防治|杜绝|避免|防止|确保|补齐|弥补|克服|扭转|"
                             r"消除|破解|着力|坚决|整治|纠正|通报|反馈")


ACTION_START = re.compile(r"^(?:进一步|持续|继续|着力|积极|不断|全面|深入|切实|严格|认真|扎实|大力|加快)*"
                          r"(?:加强|推进|完善|提升|提高|深化|优化|健全|建立|强化|做好|抓好|加大|创新|丰富|规范|拓展|"
                          r"扩大|落实|推动|开展|组织|坚持)")


def _generic(t: str) -> bool:
    m = GENERIC.search(t)
    return bool(m) and _FRAME.fullmatch(t[: m.start()]) is not None


def _strip_marker(v: str, a: int, b: int) -> tuple[int, int]:
    m = MARKER.match(v, a)
    if m and m.end() < b:
        return trim(v, m.end(), b, lead=LEAD, tail="等$")
    return a, b


def _split_list(v: str, a: int, b: int) -> list[tuple[int, int]]:
    """如A、B、C等: split at 、 where the left part ends in a modal cue and a cue follows."""
    out, cur, depth = [], a, 0
    for p in range(a, b):
        ch = v[p]
        depth += ch in "“《（" and 1 or 0
        depth -= ch in "”》）" and depth > 0 and 1 or 0
        if ch == "、" and depth == 0 and MODAL_AT_END.search(v[cur:p]) and CUE.search(v[p + 1:b]):
            out.append((cur, p))
            cur = p + 1
    out.append((cur, b))
    return out


def problems(v: str, s: int, e: int, unit_base: int = 0) -> list[RawItem]:
    """Problem items of one problem section ``v[s:e]``."""
    units: list[list] = []
    cur: list = []
    for c in clauses(v, s, e):
        a = c.start
        while a < c.end and v[a].isspace():
            a += 1
        if cur and MARKER.match(v, a) and (a == 0 or v[a - 1] in "。；：，！？\n \u3000"):
            units.append(cur)
            cur = []
        cur.append(c)
        if c.delim in UNIT_END:
            units.append(cur)
            cur = []
    if cur:
        units.append(cur)
    items: list[RawItem] = []
    for u, unit in enumerate(units):
        colon = max((k for k, c in enumerate(unit) if c.delim == "："), default=-1)
        last: RawItem | None = None
        first = trim(v, unit[0].start, unit[0].end)[0]
        marked, generic, count = bool(MARKER.match(v, first)), False, len(items)
        for c in unit[colon + 1:]:
            a, b = trim(v, c.start, c.end, lead=LEAD, tail="等$")
            a, b = _strip_marker(v, a, b)
            if a >= b or _generic(v[a:b]):
                generic = generic or a < b
                continue
            if not CUE.search(v[a:b]):
                if last is not None:
                    last.dstart = last.dstart if last.dend > last.dstart else a
                    last.dend = b
                continue
            for pa, pb in _split_list(v, a, b):
                pa, pb = trim(v, pa, pb, lead=LEAD, tail="等$")
                if pb > pa:
                    last = RawItem(PROBLEM, pa, pb, unit=unit_base + u)
                    items.append(last)
        if marked and not generic and len(items) == count and colon < 0:
            items.extend(_uncued(v, unit, unit_base + u))
    return items


def _uncued(v: str, unit: list, unit_id: int) -> list[RawItem]:
    """A numbered problem without a cue word (一是工作人员变动频繁): its first clause, unless it
    starts like a measure (加强…, 进一步完善…)."""
    a, b = trim(v, unit[0].start, unit[0].end)
    a, b = _strip_marker(v, a, b)
    if b <= a or ACTION_START.match(v[a:b]):
        return []
    end = trim(v, unit[-1].start, unit[-1].end)[1]
    item = RawItem(PROBLEM, a, b, unit=unit_id)
    if len(unit) > 1:
        item.dstart, item.dend = trim(v, unit[1].start, end)
    return [item]


def _intro_end(v: str, a: int, e: int) -> int:
    """Skip an unmarked list's introduction (下一步，我市将 / 下一步工作打算：)."""
    window = v[a:min(e, a + 60)]
    if "：" in window:
        return a + window.index("：") + 1
    m = re.match(r"[^。；]{0,40}?(?:将|拟|计划)", v[a:e])
    if m and re.search(r"下一步|今后|针对|年|我|本", m.group()):
        return a + m.end()
    return a


def _split_at(v: str, a: int, b: int, ch: str) -> list[tuple[int, int]]:
    out, cur, depth = [], a, 0
    for p in range(a, b):
        depth += v[p] in "“《（" and 1 or 0
        depth -= v[p] in "”》）" and depth > 0 and 1 or 0
        if v[p] == ch and depth == 0:
            out.append((cur, p + 1))
            cur = p + 1
    if cur < b:
        out.append((cur, b))
    return out


def heading_split(v: str, a: int, b: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """An item's heading phrase (first short sentence, else first clause) and its explanation."""
    stop = next((q - 1 for _, q in _split_at(v, a, b, "。") if v[q - 1] == "。"), None)
    if stop is not None and stop - a <= 30 and v[stop + 1:b].strip():
        return (a, stop), (stop + 1, b)
    cl = clauses(v, a, b)
    hb = cl[0].end
    if len(cl) > 1 and CONTEXT_LEAD.match(v[a:hb]):
        hb = cl[1].end
    return (a, hb), (min(hb + 1, b), b)


def enumerated(v: str, s: int, e: int, kind: str) -> list[RawItem]:
    """Commitment or improvement items of one section ``v[s:e]``."""
    seq = sequence([m for m in markers(v) if s <= m.start < e])
    if len(seq) >= 2:
        segments = [(m.end, seq[i + 1].start if i + 1 < len(seq) else e) for i, m in enumerate(seq)]
    else:
        a = _intro_end(v, s, e)
        segments = _split_at(v, a, e, "；")
        if len(segments) == 1:
            segments = _split_at(v, a, e, "。")
    items = []
    for a, b in segments:
        a, b = trim(v, a, b)
        a, b = _strip_marker(v, a, b) if MARKER.match(v, a) else (a, b)
        if b - a < 4:
            continue
        (ha, hb), (da, db) = heading_split(v, a, b)
        ha, hb = trim(v, ha, hb)
        if hb <= ha:
            continue
        da, db = trim(v, da, db)
        items.append(RawItem(kind, ha, hb, da, db))
    return items


def outside(sents: list[Sent], narrative: str, skip: tuple[int, int] | None) -> list[RawItem]:
    """Problems stated outside part 5: clauses ending in a cue, in sentences not about fixing."""
    items = []
    for st in sents:
        if st.part not in (0, 1, 6) or (skip and skip[0] <= st.start < skip[1]):
            continue
        v = view(narrative[st.start:st.end])
        if OUTSIDE_EXCLUDE.search(v) or not CUE.search(v):
            continue
        for c in clauses(v):
            a, b = trim(v, c.start, c.end, lead=LEAD)
            t = v[a:b]
            if len(t) >= 6 and CUE_AT_END.search(t) and not _generic(t):
                items.append(RawItem(PROBLEM, st.start + a, st.start + b, part=st.part))
    return items


def raw_items(sents: list[Sent], narrative: str) -> tuple[list[RawItem], bool]:
    """All raw items in reading order; the flag says whether part 5 was found by part labels."""
    reg = region(sents, narrative)
    items: list[RawItem] = []
    by_part = True
    if reg:
        rs, re_, by_part = reg
        v = view(narrative[rs:re_])
        for n, (mode, a, b) in enumerate(sections(v)):
            found = problems(v, a, b, unit_base=n * 1000) if mode == PROBLEM else enumerated(v, a, b, mode)
            if mode == PROBLEM and not found:  # a part 5 that lists only measures (一是加强…二是完善…)
                measures = enumerated(v, a, b, COMMITMENT)
                if len(measures) >= 2 and all(ACTION_START.match(v[m.start:m.end]) for m in measures):
                    found = measures
            for it in found:
                it.start += rs
                it.end += rs
                if it.dend > it.dstart:
                    it.dstart += rs
                    it.dend += rs
                else:
                    it.dstart = it.dend = 0
                it.part = None if by_part else 5
            items.extend(found)
    items.extend(outside(sents, narrative, (reg[0], reg[1]) if reg else None))
    items.sort(key=lambda it: it.start)
    return items, by_part


def sentence_at(starts: list[int], sents: list[Sent], offset: int) -> Sent | None:
    k = bisect_right(starts, offset) - 1
    return sents[k] if 0 <= k < len(sents) else None
