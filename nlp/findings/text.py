"""Character-level helpers for finding extraction: a normalised view, cue words, markers, clauses.

Every function works on a *view* of the text that has the same length as the original, so any
offset found in the view is an offset in the report's narrative: ASCII punctuation is mapped to its
full-width form and traditional characters to simplified ones one character at a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..core.convert import to_simplified_chars

_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？",
                        "\u3000": " ", "\t": " "})

NUM = "一二三四五六七八九十"
_VERBS = ("加强|提高|提升|深化|完善|改进|改善|优化|推进|细化|规范|拓展|加大|充实|健全|丰富|强化|落实|"
          "增强|扩大|夯实|创新|整合|补齐|解决|重视|更新|巩固|扩展")
MODAL = (r"(?:有待|尚待|亟待|仍待|待|仍需|尚需|还需|亟需|亟须|仍须|还须|尚须|仍需要|还需要|需要|需)"
         r"(?:进一步|持续|继续|不断|再|着力|切实|逐步|全面)?(?:" + _VERBS + r")+")
NEGATIVE = (r"不够[\u4e00-\u9fff]{0,4}|不足|不强|不高|不到位|不完善|不规范|不及时|不健全|不充分|不平衡|"
            r"不便利|不便捷|不全面|不深入|不精准|不明显|不统一|欠缺|缺乏|短板|薄弱|滞后|单一|松懈|分散|"
            r"较少|偏少|较弱|偏弱|较低|偏低|简单|粗放|流于形式|有所弱化|有所下降|参差不齐|差距较大")
CUE = re.compile(f"{MODAL}|{NEGATIVE}|存在.{{2,}}问题")
CUE_AT_END = re.compile(f"(?:{MODAL}|{NEGATIVE}|存在.{{2,}}问题)(?:的问题|等问题|的现象|等)?$")
MODAL_AT_END = re.compile(f"{MODAL}(?:等)?$")
GENERIC = re.compile(
    r"(?:(?:仍|还|也|但|依然|仍然)?(?:存在|有)(?:着)?(?:一定|一些|不少|某些|少许)?的?"
    r"(?:差距|不足|问题|不足之处|短板|薄弱环节|困难)(?:和不足|和问题)?"
    r"|(?:还有|仍有|存在)(?:一些|一定|不少)?(?:需要|有待)?(?:加强和改进|改进和加强|改进|提升|完善)的?"
    r"(?:地方|之处|空间))$"
)

MARKER = re.compile(
    r"(?P<shi>[" + NUM + r"]{1,2}是)"
    r"|(?P<paren>[（][" + NUM + r"]{1,2}[）])"
    r"|(?P<parnum>[（]\d{1,2}[）])"
    r"|(?P<dun>(?<![" + NUM + r"])[" + NUM + r"]{1,2}、)"
    r"|(?P<arabic>(?<![\d.])\d{1,2}[.、．](?!\d))"
    r"|(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩])"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
CLAUSE_DELIMS = "，。；：！？\n"
UNIT_END = "。；！？\n"


def view(text: str) -> str:
    """Same-length normalised copy: full-width punctuation, simplified characters, NFKC letters."""
    out = []
    for ch in text.translate(_PUNCT):
        if ord(ch) < 0x2E80:
            out.append(ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1 and n not in ",;:()!?":
            ch = n
        out.append(to_simplified_chars(ch) if "\u4e00" <= ch <= "\u9fff" else ch)
    return "".join(out)


def marker_value(kind: str, token: str) -> int:
    """The number a list marker stands for (一是 → 1, （三） → 3, 2. → 2, ③ → 3)."""
    if kind in ("arabic", "parnum"):
        return int(re.search(r"\d+", token).group())
    if kind == "circled":
        return _CIRCLED.index(token) + 1
    digits = "".join(c for c in token if c in NUM)
    return cn_number(digits)


def cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + NUM.index(s[1]) + 1
    if len(s) == 2 and s.endswith("十"):
        return (NUM.index(s[0]) + 1) * 10
    return NUM.index(s[0]) + 1 if s else 0


@dataclass(frozen=True)
class Marker:
    kind: str
    value: int
    start: int
    end: int


def markers(v: str) -> list[Marker]:
    """List markers that stand at the start of a unit or after a comma/colon (not inside words)."""
    out = []
    for m in MARKER.finditer(v):
        kind = m.lastgroup or ""
        prev = v[m.start() - 1] if m.start() else "\n"
        if prev not in "。；：，！？\n \u3000":
            continue
        out.append(Marker(kind, marker_value(kind, m.group()), m.start(), m.end()))
    return out


def sequence(found: list[Marker], start_kind: str | None = None) -> list[Marker]:
    """The longest run 1, 2, 3 … of one marker kind, in reading order (the item markers)."""
    best: list[Marker] = []
    kinds = [start_kind] if start_kind else sorted({m.kind for m in found})
    for kind in kinds:
        seq: list[Marker] = []
        for m in (x for x in found if x.kind == kind):
            if m.value == len(seq) + 1:
                seq.append(m)
            elif m.value == 1 and len(seq) < 2:
                seq = [m]
        if len(seq) > len(best) or (len(seq) == len(best) and seq and best and seq[0].start < best[0].start):
            best = seq
    return best


@dataclass(frozen=True)
class Clause:
    start: int  # offsets into the view / original text
    end: int
    delim: str  # the character that ended it ("" at the end of the text)


def clauses(v: str, start: int = 0, end: int | None = None) -> list[Clause]:
    """Split ``v[start:end]`` at clause punctuation, outside quotes and brackets."""
    end = len(v) if end is None else end
    out: list[Clause] = []
    depth = 0
    s = start
    for i in range(start, end):
        ch = v[i]
        if ch in "“《（「『【":
            depth += 1
        elif ch in "”》）」』】" and depth:
            depth -= 1
        elif ch in CLAUSE_DELIMS and (depth == 0 or ch == "\n"):
            depth = 0
            out.append(Clause(s, i, ch))
            s = i + 1
    out.append(Clause(s, end, ""))
    return [c for c in out if v[c.start:c.end].strip() or c.delim in UNIT_END]


def trim(v: str, start: int, end: int, lead: str = "", tail: str = "") -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and the given leading/trailing regex patterns."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (v[start].isspace() or v[start] in "，、。；：　"):
            start += 1
        while end > start and (v[end - 1].isspace() or v[end - 1] in "，、。；：　"):
            end -= 1
        if lead:
            m = re.match(lead, v[start:end])
            if m and m.end() and m.end() < end - start:
                start += m.end()
                changed = True
        if tail:
            m = re.search(tail, v[start:end])
            if m and m.start() > 0 and m.end() == end - start:
                end = start + m.start()
                changed = True
    return start, end


def skeleton(text: str) -> str:
    """Comparison form: normalised view without whitespace and punctuation."""
    v = view(text)
    return "".join(ch for ch in v if ch.isalnum())
