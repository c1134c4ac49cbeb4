"""DOCX reader (lxml over the zip package, within the limits of :mod:`nlp.ingest.package`): body paragraphs and tables in document order.

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

from ..core.document import Document, Line, RawTable
from ..core.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from . import formats
from ._markup import SpanCell, expand_grid, join_fragments, norm_space, table_lines
from .package import Budget, parse_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

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


CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def _open(data: bytes, path: str | None) -> tuple[etree._Element, dict[str, str]]:
    """The ``w:body`` element and the core properties (title, author, created) of the package,
    read within the limits of :mod:`nlp.ingest.package`."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedFileError(path, "the Word document is password-protected (encrypted package)")
        raise UnsupportedFormatError(path, formats.by_content(data) or "a legacy Office file")
    budget = Budget(path, len(data))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                if advice := formats.zip_kind(names):
                    raise UnsupportedFormatError(path, advice)
                raise CorruptFileError(path, "not a Word document (the package has no word/document.xml)")
            root = parse_member(zf, "word/document.xml", budget)
            core = parse_member(zf, "docProps/core.xml", budget) if "docProps/core.xml" in names else None
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"not a valid .docx (bad zip archive: {exc})") from exc
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise CorruptFileError(path, f"not a valid .docx ({exc})") from exc
    body = root.find(_w("body"))
    if root.tag != _w("document") or body is None:
        raise CorruptFileError(path, "word/document.xml is not a Word document body")
    return body, _core_properties(core)


def _core_properties(core: etree._Element | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    if core is None:
        return meta
    for key, tag in (("docx_title", f"{{{DC}}}title"), ("docx_author", f"{{{DC}}}creator")):
        el = core.find(tag)
        if el is not None and el.text and el.text.strip():
            meta[key] = norm_space(el.text)
    created = core.find(f"{{{DCTERMS}}}created")
    if created is not None and created.text and (m := _DATE.match(created.text)):
        meta["docx_created"] = m.group(1)
    return meta


def read_docx(data: bytes, *, path: str | None, sha256: str) -> Document:
    body, meta = _open(data, path)
    reader = _Reader()
    try:
        reader.block(body)
    except (ValueError, TypeError, AttributeError) as exc:
        raise CorruptFileError(path, f"cannot read the document body: {exc}") from exc
    except RecursionError as exc:
        raise CorruptFileError(path, "the document body is nested too deeply") from exc
    if not any(line.text.strip() for line in reader.lines):
        raise EmptyFileError(path, "the Word document has no text")
    return Document(
        path=path,
        sha256=sha256,
        format="docx",
        pages=max(line.page for line in reader.lines),
        lines=tuple(reader.lines),
        tables=tuple(reader.tables),
        meta=meta,
    )
