"""Layout: find the part headings among the cleaned blocks and build the narrative.

The narrative is the report's prose: paragraphs joined with ``\\n``, without part headings, table
rows or table fragments (short lines inside parts 2–4 that carry no sentence). Each paragraph keeps
the part its heading gives it (``heading_part``); part 0 is the front matter before the first
heading and part 7 the signature block (agency and date lines) at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Block
from .headings import Heading, find_headings

TABLE_PARTS = (2, 3, 4)
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,2}\s*月"
                        r"(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?\s*$")
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}(?:政府|办公厅|办公室|局|委员会|委|厅|署|院|中心|办|所|公司|街道|镇|乡|处|会)"
                          r"\s*(?:[（(]\s*盖章\s*[)）])?$")
_SUBPART5 = re.compile(r"^\s*[（(]\s*[一二1]\s*[)）][^。]{0,30}(?:问题|改进情况|整改情况)")


@dataclass(frozen=True)
class Paragraph:
    offset: int  # in the narrative
    text: str
    heading_part: int
    block: Block
    block_offset: int  # where ``text`` starts inside ``block.text``

    def page_at(self, narrative_offset: int) -> int:
        return self.block.page_at(self.block_offset + narrative_offset - self.offset)


@dataclass(frozen=True)
class Layout:
    narrative: str
    paragraphs: tuple[Paragraph, ...]
    headings: dict[int, str]  # part -> heading title as printed
    rows: tuple[tuple[int, Block], ...]  # (part, table row block) in reading order
    residue: tuple[tuple[int, Block], ...]  # table fragments kept out of the narrative
    warnings: tuple[str, ...]


def _select(cands: list[tuple[int, int, Heading]]) -> list[tuple[int, int, Heading]]:
    """Longest chain of candidates with strictly increasing part numbers (earliest on ties).

    Linear in the number of candidates (times the few part numbers): for each part number, the
    longest chain ending at a candidate with that part and the earliest candidate ending one."""
    n = len(cands)
    if not n:
        return []
    best = [1] * n
    prev = [-1] * n
    ending: dict[int, tuple[int, int]] = {}  # part -> (longest chain ending with it, earliest index)
    for i in range(n):
        part = cands[i][2].part
        below = [v for q, v in ending.items() if q < part]
        if below:
            length, j = max(below, key=lambda v: (v[0], -v[1]))
            best[i], prev[i] = length + 1, j
        if part not in ending or best[i] > ending[part][0]:
            ending[part] = (best[i], i)
    i = max(range(n), key=lambda k: (best[k], -k))
    chain = []
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    return chain[::-1]


def layout(blocks: list[Block]) -> Layout:
    warnings: list[str] = []
    cands: list[tuple[int, int, Heading]] = []
    for bi, b in enumerate(blocks):
        if b.kind != "para":
            continue
        for h in find_headings(b.text):
            cands.append((bi, h.start, h))
    chosen = _select(cands)
    starts: dict[tuple[int, int], Heading] = {(bi, pos): h for bi, pos, h in chosen}
    headings = {h.part: h.title for _, _, h in chosen}

    # split blocks at the chosen headings into (part, block, offset, text) pieces
    pieces: list[tuple[int, Block, int, str, bool]] = []  # part, block, offset, text, is_row
    part = 0
    for bi, b in enumerate(blocks):
        if b.kind == "row":
            pieces.append((part, b, 0, b.text, True))
            continue
        cuts = sorted(pos for (i, pos) in starts if i == bi)
        pos = 0
        for c in cuts:
            if c > pos:
                pieces.append((part, b, pos, b.text[pos:c], False))
            h = starts[(bi, c)]
            part = h.part
            pos = h.end
        if pos < len(b.text):
            pieces.append((part, b, pos, b.text[pos:], False))

    # part 5 without its heading but with （一）…问题 / 改进情况 after the table parts
    if 5 not in headings and any(p == 6 for p, *_ in pieces):
        for k, (p, _b, _off, text, is_row) in enumerate(pieces):
            if p in (3, 4) and not is_row and _SUBPART5.match(text):
                pieces[k:] = [(5 if q in (3, 4) else q, *rest) for q, *rest in pieces[k:]]
                warnings.append("part 5 heading not found; part 5 starts at the sub-heading "
                                f"'{text[:20]}'")
                break
    missing = [p for p in range(1, 7) if p not in headings]
    if missing and not any("part 5 heading" in w for w in warnings):
        warnings.append("part heading(s) not found: " + ", ".join(str(p) for p in missing))
    elif missing and missing != [5]:
        warnings.append("part heading(s) not found: " + ", ".join(str(p) for p in missing if p != 5))

    # closing block (part 7): trailing short agency/date lines
    k = len(pieces)
    while k > 0:
        p, b, off, text, is_row = pieces[k - 1]
        t = text.strip()
        if is_row or not t or "。" in t or len(t) > 40 or not (_DATE_LINE.match(t) or _AGENCY_LINE.match(t)):
            break
        k -= 1
    if k < len(pieces) and k > 0:
        pieces[k:] = [(7, *rest) for _, *rest in pieces[k:]]

    paragraphs: list[Paragraph] = []
    rows: list[tuple[int, Block]] = []
    residue: list[tuple[int, Block]] = []
    narrative_parts: list[str] = []
    offset = 0
    for p, b, off, text, is_row in pieces:
        if is_row:
            rows.append((p, b))
            continue
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            continue
        if p in TABLE_PARTS and not re.search(r"[。！？!?]", text):
            residue.append((p, b))
            continue
        if narrative_parts:
            offset += 1  # the "\n" separator
        paragraphs.append(Paragraph(offset=offset, text=text, heading_part=p, block=b, block_offset=off + lead))
        narrative_parts.append(text)
        offset += len(text)
    return Layout(
        narrative="\n".join(narrative_parts),
        paragraphs=tuple(paragraphs),
        headings=headings,
        rows=tuple(rows),
        residue=tuple(residue),
        warnings=tuple(warnings),
    )
