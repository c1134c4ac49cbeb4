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

from ..ingest.clean import Block
from .headings import NUMBER, Heading, find_headings, numeral_value
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
    # every top-level numbered line in reading order: (printed number, part, title, is a part heading)
    outline: tuple[tuple[int, int, str, bool], ...] = ()

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
            "outline": [list(o) for o in self.outline],
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
            outline=tuple((n, part, title, found) for n, part, title, found in data.get("outline", ())),
        )


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
    outline: list[tuple[int, int, str, bool]] = []
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
                outline.extend(_numbered(b.text[pos:c], part))
            h = starts[(bi, c)]
            part = h.part
            outline.append((h.number, h.part, h.title, True))
            pos = h.end
        if pos < len(b.text):
            pieces.append((part, b, pos, b.text[pos:], False))
            outline.extend(_numbered(b.text[pos:], part))

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
        if p in TABLE_PARTS and not re.search(r"[。！？!?]", text) and not is_subheading(text):
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
        outline=tuple(outline),
    )


_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,2}[)）]\s*[\u4e00-\u9fff]")


def is_subheading(text: str) -> bool:
    """（一）行政复议情况 next to a table: a sub-heading of the narrative, not a table leftover (a table
    label such as （一）予以公开 or （七）总计 is one)."""
    from ..core.labels import entries

    t = text.strip()
    return bool(_SUBHEADING.match(t)) and len(t) <= 40 and not re.search(r"\d", t) \
        and not any(e.table != "T4" for e in entries(t))


def _numbered(text: str, part: int) -> list[tuple[int, int, str, bool]]:
    """A paragraph that opens with a top-level number (一、…) and reads as a heading, not a sentence."""
    t = text.strip()
    m = NUMBER.match(t)
    if not m or not re.match(r"[\u4e00-\u9fff]", t[m.end():m.end() + 1]):
        return []
    title = re.split(r"[。；;：:，,]", t[m.end():], maxsplit=1)[0]
    if len(title) > 30 or title.endswith(("是", "要", "为")) or re.match(r"是|要|则", title):
        return []
    return [(numeral_value(m.group(1)), part, title, False)]
