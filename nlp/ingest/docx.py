"""DOCX reader (python-docx): body paragraphs and tables in document order.

Each body paragraph becomes one :class:`Line` with ``hard_break=True`` (a soft line break
``<w:br/>`` inside a paragraph splits it into several lines, like ``<br>`` in HTML). Each table
becomes a :class:`RawTable` whose merged cells (``gridSpan`` / ``vMerge``) repeat their text in every
grid position they cover, plus one table-row line per grid row. Page numbers follow explicit page
breaks (``<w:br w:type="page"/>``, ``pageBreakBefore``, next-page section breaks); Word's own
pagination is not known without rendering. Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from ..document import Document, Line, RawTable
from ..errors import CorruptFileError, EmptyFileError, EncryptedFileError, FileTooLargeError
from ._markup import SpanCell, expand_grid, join_fragments, norm_space, table_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_UNCOMPRESSED = 512 * 1024 * 1024
"""Refuse packages that inflate to more than this (zip bombs)."""

_SPACES = re.compile(r"[ \xa0\u2000-\u200b]+")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(_w(attr))


class _Reader:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables: list[RawTable] = []
        self.page = 1

    # -- paragraphs -------------------------------------------------------------------------
    def _runs_text(self, el: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        """Text of a paragraph in order: w:t, tabs, breaks; skips deleted text and VML fallbacks."""
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _w("t"):
                out.append(child.text or "")
            elif tag == _w("tab"):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                if _val(child, "type") == "page":
                    out.append("\f")
                elif _val(child, "type") != "column":
                    out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("txbxContent"):
                boxes.append(child)  # text box: its paragraphs are read after the host paragraph
            elif tag in (_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), f"{{{MC}}}Fallback"):
                continue
            else:
                self._runs_text(child, out, boxes)

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(_w("pPr"))
        pbb = ppr.find(_w("pageBreakBefore")) if ppr is not None else None
        if pbb is not None and _val(pbb) not in ("0", "false", "off") and self.lines:
            self.page += 1
        out: list[str] = []
        boxes: list[etree._Element] = []
        self._runs_text(p, out, boxes)
        for k, piece in enumerate("".join(out).split("\f")):
            if k:
                self.page += 1
            for line in piece.split("\n"):
                line = _SPACES.sub(" ", line).strip()
                if line:
                    self.lines.append(Line(text=line, page=self.page, hard_break=True))
        for box in boxes:
            self.block(box)
        sect = ppr.find(_w("sectPr")) if ppr is not None else None
        if sect is not None and _val(sect.find(_w("type"))) in (None, "nextPage", "oddPage", "evenPage"):
            self.page += 1

    # -- tables -----------------------------------------------------------------------------
    def cell_text(self, tc: etree._Element) -> str:
        sub = _Reader()
        sub.block(tc)
        return join_fragments(line.text for line in sub.lines)

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[SpanCell]] = []
        merged: list[list[bool]] = []  # vMerge="continue" flags, resolved below
        for tr in tbl.iter(_w("tr")):
            if next(tr.iterancestors(_w("tbl"))) is not tbl:
                continue  # a nested table's row
            trpr = tr.find(_w("trPr"))
            before = _int(_val(trpr.find(_w("gridBefore")) if trpr is not None else None))
            row = [SpanCell("")] * before
            flags = [False] * before
            for tc in _cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, _int(_val(tcpr.find(_w("gridSpan")) if tcpr is not None else None), 1))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                cont = vmerge is not None and _val(vmerge) in (None, "continue")
                row.append(SpanCell("" if cont else self.cell_text(tc), 1, span))
                flags.append(cont)
            if row:
                rows.append(row)
                merged.append(flags)
        grid = expand_grid(rows)
        if not grid:
            return
        # vMerge="continue": the cell repeats the text of the cell above it (same grid column).
        for r in range(1, min(len(grid), len(rows))):
            col = 0
            for cell, cont in zip(rows[r], merged[r], strict=True):
                if cont:
                    for c in range(col, min(col + cell.colspan, len(grid[r]))):
                        grid[r][c] = grid[r - 1][c]
                col += cell.colspan
        if len(grid[0]) < 2:  # a one-column frame around text: read its paragraphs as text
            for tc in tbl.iter(_w("tc")):
                if next(tc.iterancestors(_w("tbl"))) is tbl:
                    self.block(tc)
            return
        table, lines = table_lines(
            grid, table_index=len(self.tables), line_index=len(self.lines), source="docx", page=self.page
        )
        self.tables.append(table)
        self.lines.extend(lines)

    # -- containers ---------------------------------------------------------------------------
    def block(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent"))
                self.block(content if content is not None else child)
            elif tag in (_w("sdtContent"), _w("ins"), _w("smartTag")):
                self.block(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    """The row's w:tc elements, including ones wrapped in content controls."""
    for child in tr:
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
            yield from _cells(content if content is not None else child)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return max(0, min(int(value), 1000)) if value is not None else default
    except ValueError:
        return default


def _open(data: bytes, path: str | None):
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedFileError(path, "the Word document is password-protected (encrypted package)")
        raise CorruptFileError(path, "this is a legacy Word .doc (OLE) file, not a .docx; save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise CorruptFileError(path, "not a Word document (the package has no word/document.xml)")
            if sum(info.file_size for info in zf.infolist()) > MAX_UNCOMPRESSED:
                raise FileTooLargeError(path, f"the package inflates to more than {MAX_UNCOMPRESSED} bytes")
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"not a valid .docx (bad zip archive: {exc})") from exc
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise CorruptFileError(path, f"not a valid .docx ({exc})") from exc
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many types for damaged packages
        raise CorruptFileError(path, f"cannot open the Word document: {type(exc).__name__}: {exc}") from exc


def read_docx(data: bytes, *, path: str | None, sha256: str) -> Document:
    document = _open(data, path)
    reader = _Reader()
    try:
        reader.block(document.element.body)
    except (ValueError, TypeError, AttributeError) as exc:
        raise CorruptFileError(path, f"cannot read the document body: {exc}") from exc
    if not any(line.text.strip() for line in reader.lines):
        raise EmptyFileError(path, "the Word document has no text")
    meta: dict[str, str] = {}
    try:
        props = document.core_properties
        if props.title and props.title.strip():
            meta["docx_title"] = norm_space(props.title)
        if props.author and props.author.strip():
            meta["docx_author"] = norm_space(props.author)
        if props.created is not None:
            meta["docx_created"] = props.created.date().isoformat()
    except Exception:  # damaged core properties are only a missing hint
        pass
    return Document(
        path=path,
        sha256=sha256,
        format="docx",
        pages=max(line.page for line in reader.lines),
        lines=tuple(reader.lines),
        tables=tuple(reader.tables),
        meta=meta,
    )
