"""Layout: find the part headings among the cleaned blocks and build the narrative.

The narrative is the report's prose: paragraphs joined with ``\\n``, without part headings, table
rows or table fragments (short lines inside parts 2–4 that carry no sentence). Each paragraph keeps
the part its heading gives it (``heading_part``); part 0 is the front matter before the first
heading and part 7 the signature block (agency and date lines) at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .clean import Block
from .headings import Heading, find_headings
from .meta import AGENCY_SUFFIXES, TOWNSHIP_SUFFIXES, suffix_pattern

TABLE_PARTS = (2, 3, 4)
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,2}\s*月"
                        r"(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?\s*$")
_SIGNATORY = suffix_pattern((*AGENCY_SUFFIXES, "政府", *TOWNSHIP_SUFFIXES, "所", "公司", "处", "会"))
_AGENCY_LINE = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}{_SIGNATORY}\s*(?:[（(]\s*盖章\s*[)）])?$")
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

    def to_data(self) -> dict[str, Any]:
        """Plain lists, strings and numbers (msgpack/JSON-serialisable): what ``Doc._.layout``
        keeps in ``doc.user_data`` so ``doc.to_bytes()`` and ``DocBin`` carry it. Blocks are
        stored once and referenced by index."""
        index: dict[int, int] = {}
        blocks: list[list[Any]] = []

        def ref(b: Block) -> int:
            if id(b) not in index:
                index[id(b)] = len(blocks)
                blocks.append([b.text, b.kind, [list(p) for p in b.pages],
                               None if b.cells is None else list(b.cells), b.table])
            return index[id(b)]

        return {
            "narrative": self.narrative,
            "paragraphs": [[p.offset, p.text, p.heading_part, ref(p.block), p.block_offset]
                           for p in self.paragraphs],
            "headings": [[part, title] for part, title in self.headings.items()],
            "rows": [[part, ref(b)] for part, b in self.rows],
            "residue": [[part, ref(b)] for part, b in self.residue],
            "warnings": list(self.warnings),
            "blocks": blocks,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Layout:
        """The inverse of :meth:`to_data`."""
        blocks = [Block(text, kind, tuple((o, p) for o, p in pages), None if cells is None else tuple(cells), table)
                  for text, kind, pages, cells, table in data["blocks"]]
        return cls(
            narrative=data["narrative"],
            paragraphs=tuple(Paragraph(offset=o, text=t, heading_part=h, block=blocks[b], block_offset=bo)
                             for o, t, h, b, bo in data["paragraphs"]),
            headings={int(part): title for part, title in data["headings"]},
            rows=tuple((part, blocks[b]) for part, b in data["rows"]),
            residue=tuple((part, blocks[b]) for part, b in data["residue"]),
            warnings=tuple(data["warnings"]),
        )


def _select(cands: list[tuple[int, int, Heading]]) -> list[tuple[int, int, Heading]]:
    """Longest chain of candidates with strictly increasing part numbers (earliest on ties)."""
    n = len(cands)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if cands[j][2].part < cands[i][2].part and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return []
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
