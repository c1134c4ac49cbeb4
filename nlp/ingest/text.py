"""Plain text and Markdown reader.

Lines stay as they are (hard wraps included; ``nlp.ingest.clean`` joins them). A form feed starts a new
page. A line with a tab, or a Markdown pipe row, becomes a table row with its cells; Markdown
separator rows (``|---|---|``) are dropped, ``#`` heading marks and ``**`` emphasis removed.
"""

from __future__ import annotations

import re

from ..core.document import Document, Line
from ..core.errors import EmptyFileError
from .encoding import decode_tolerant

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")


def split_pipe_row(line: str) -> tuple[str, ...] | None:
    """Cells of a Markdown/pipe table row, or None when the line is not one (needs ≥ 2 pipes,
    or a leading and trailing pipe)."""
    s = line.strip()
    if s.count("|") < 2 and not (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return None
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return tuple(c.strip() for c in s.split("|"))


def _raw_lines(text: str) -> list[tuple[str, int]]:
    """Physical lines with their page; a form feed starts a new page (text before it stays on the old one)."""
    out = []
    page = 1
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                page += 1
            if part or k == len(parts) - 1:
                out.append((part, page))
    return out


def text_to_lines(text: str, *, markdown: bool = False) -> list[Line]:
    lines: list[Line] = []
    for raw, page in _raw_lines(text):
        if markdown:
            if _MD_SEPARATOR.match(raw) and "-" in raw:
                continue
            raw = _MD_HEADING.sub("", raw).replace("**", "")
        # A tab after some content makes a table row; tabs only before the text are indentation.
        if "\t" in raw.lstrip():
            cells = tuple(c.strip() for c in raw.split("\t"))
            lines.append(Line(text="\t".join(cells), page=page, cells=cells))
            continue
        if "|" in raw:
            cells = split_pipe_row(raw)
            if cells is not None:
                lines.append(Line(text="\t".join(cells), page=page, cells=cells))
                continue
        lines.append(Line(text=raw.rstrip(), page=page))
    return lines


def read_text(data: bytes, *, path: str | None, sha256: str, markdown: bool = False) -> Document:
    text, encoding, warnings = decode_tolerant(data, path)
    if not text.strip():
        raise EmptyFileError(path, "file contains only whitespace")
    lines = text_to_lines(text, markdown=markdown)
    if not any(ln.text.strip() for ln in lines):
        raise EmptyFileError(path, "file contains no text (only blank lines or table rules)")
    pages = max((ln.page for ln in lines), default=1)
    return Document(
        path=path,
        sha256=sha256,
        format="markdown" if markdown else "text",
        pages=pages,
        lines=tuple(lines),
        meta={"encoding": encoding},
        warnings=warnings,
    )
