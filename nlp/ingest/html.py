"""HTML reader: a government web page (or a saved report page) -> :class:`nlp.core.document.Document`.

Encoding: byte-order mark, then the page's own ``<meta charset>`` / ``http-equiv`` declaration
(GBK, GB2312, UTF-8 …), then detection (:func:`nlp.ingest.encoding.decode_bytes`). Bytes that are
valid UTF-8 are read as UTF-8 whatever the page declares (mis-declared pages are common).

Every block element (``p``, ``div``, ``h1``-``h6``, ``li`` …) and every ``<br>``-separated piece
becomes one :class:`Line` with ``hard_break=True``. Ruled tables become :class:`RawTable` grids with
rowspan/colspan expanded, plus one table-row line per grid row. Scripts, styles, ``<head>``,
navigation, widget bars, breadcrumbs and the 索引号 metadata table are left out; the metadata,
``<title>`` and a 发布日期 line go into ``Document.meta``.
"""

from __future__ import annotations

import itertools
import re

import lxml.html
from lxml import etree

from ..core.document import Document, Line, RawTable
from ..core.errors import CorruptFileError, EmptyFileError, FileTooLargeError
from ._html_chrome import chrome_line, drop_chrome, pick_container, tag_name, title_before
from ._markup import (
    SpanCell,
    clamp_span,
    expand_grid,
    is_meta_table,
    join_fragments,
    norm_space,
    read_meta_table,
    set_meta,
    table_lines,
)
from .encoding import decode_tolerant
from .limits import limit

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "head", "title", "template", "iframe", "object", "embed", "svg",
    "math", "select", "option", "button", "input", "textarea", "canvas", "audio", "video", "map",
    "meta", "link", "img",
})
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
    "article", "main", "blockquote", "pre", "address", "center", "form", "fieldset", "figure",
    "figcaption", "caption", "hr", "tr", "td", "th", "thead", "tbody", "tfoot", "table", "body",
    "html", "header", "footer", "nav", "aside", "details", "summary", "legend",
})
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_LAYOUT_CELL_CHARS = 300


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares for itself (``<meta charset>``, http-equiv, XML declaration)."""
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if re.search(r"gb.?2312|gbk|cp936|^936$", name):
        return "gbk"
    if name.startswith(("utf-16", "utf-32", "ucs")):
        return None  # a byte-order mark would have said so; browsers read these as UTF-8 too
    return name


def _decode(data: bytes, path: str | None) -> tuple[str, str, tuple[str, ...]]:
    """``(text, encoding, warnings)``. A page that is valid UTF-8 / GBK except for a few damaged
    bytes (at most one in 200 characters) is read with U+FFFD for them, as browsers do."""
    declared = declared_charset(data)
    if not data.isascii():
        try:
            data.decode("utf-8")
            declared = "utf-8"
        except UnicodeDecodeError:
            pass
    return decode_tolerant(data, path, declared=declared)


class _Walker:
    """Turns a subtree into lines (one per block / ``<br>`` piece) and tables, in reading order."""

    def __init__(self, meta: dict[str, str]) -> None:
        self.meta = meta
        self.lines: list[Line] = []
        self.tables: list[RawTable] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = norm_space(_CJK_NEWLINE.sub("", "".join(self.buf)))
        self.buf = []
        if text:
            self.lines.append(Line(text=text, hard_break=True))

    def add(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        if not pre:
            self.buf.append(text)
            return
        first, *rest = text.split("\n")
        self.buf.append(first)
        for piece in rest:
            self.flush()
            self.buf.append(piece)

    def walk(self, root: etree._Element) -> None:
        # Iterative (explicit stack) so that deeply nested markup cannot exhaust the recursion limit.
        stack: list[tuple[etree._Element, bool, bool]] = [(root, False, False)]
        while stack:
            el, end, pre = stack.pop()
            tag = tag_name(el)
            if end:
                if tag in BLOCK_TAGS:
                    self.flush()
                if el is not root:
                    self.add(el.tail, pre)
                continue
            if tag is None or tag in SKIP_TAGS or tag == "br":
                if tag == "br":
                    self.flush()
                if el is not root:
                    self.add(el.tail, pre)
                continue
            if tag == "table" and self.table(el):
                if el is not root:
                    self.add(el.tail, pre)
                continue
            if tag in BLOCK_TAGS:
                self.flush()
            inner_pre = pre or tag == "pre"
            self.add(el.text, inner_pre)
            stack.append((el, True, pre))
            for child in reversed(el):
                stack.append((child, False, inner_pre))
        self.flush()

    def table(self, el: etree._Element) -> bool:
        """Read a data table; False when it is a layout table (walk it as blocks instead)."""
        if el.xpath(".//table"):
            return False
        rows = []
        for tr in el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            row = []
            for td in tr.xpath("./td|./th"):
                text = self.cell_text(td)
                if len(text) > _LAYOUT_CELL_CHARS:
                    return False
                row.append(SpanCell(text, clamp_span(td.get("rowspan")), clamp_span(td.get("colspan"))))
            rows.append(row)
        grid = expand_grid(rows)
        if not grid or len(grid[0]) < 2:
            return False
        self.flush()
        if is_meta_table(grid):
            read_meta_table(grid, self.meta)
            return True
        if not any(cell for row in grid for cell in row):
            return True  # an empty spacer table
        for caption in el.xpath("./caption"):
            self.add(caption.text_content(), False)
            self.flush()
        table, lines = table_lines(grid, table_index=len(self.tables), line_index=len(self.lines), source="html")
        self.tables.append(table)
        self.lines.extend(lines)
        return True

    def cell_text(self, td: etree._Element) -> str:
        sub = _Walker(self.meta)
        sub.walk(td)
        return join_fragments(line.text for line in sub.lines)


def _head_meta(root: etree._Element, meta: dict[str, str]) -> None:
    title = root.find(".//title")
    if title is not None and norm_space(title.text_content()):
        meta["html_title"] = norm_space(title.text_content())
    for m in root.iter("meta"):
        name = (m.get("name") or "").lower()
        content = m.get("content") or ""
        if name == "articletitle":
            set_meta(meta, "article_title", content)
        elif name in ("pubdate", "firstpublishedtime"):
            set_meta(meta, "published", content)
        elif name == "contentsource":
            set_meta(meta, "source", content)
        elif name == "sitename":
            set_meta(meta, "site_name", content)


def read_html(data: bytes, *, path: str | None, sha256: str) -> Document:
    text, encoding, warnings = _decode(data, path)
    if not text.strip():
        raise EmptyFileError(path, "file contains only whitespace")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except etree.ParserError as exc:
        raise EmptyFileError(path, f"no HTML content ({exc})") from exc
    except (ValueError, etree.LxmlError, UnicodeError) as exc:
        raise CorruptFileError(path, f"cannot parse HTML: {exc}") from exc
    if any("Excessive depth" in err.message for err in parser.error_log):
        raise CorruptFileError(path, "HTML elements nested more than 255 deep; the parser cannot read past that point")
    max_nodes = limit("XXGK_MAX_NODES")
    if sum(1 for _ in itertools.islice(root.iter(), max_nodes + 1)) > max_nodes:
        raise FileTooLargeError(path, f"the page has more than {max_nodes} HTML elements (set XXGK_MAX_NODES to allow more)")
    meta: dict[str, str] = {"encoding": encoding}
    # Metadata tables (索引号 / 发布机构 / 公开日期) anywhere on the page: read, then remove.
    for table in list(root.iter("table")):
        if table.getparent() is None or table.xpath(".//table") or len(table.xpath(".//tr")) > 10:
            continue
        probe = _Walker(meta)
        rows = [[SpanCell(probe.cell_text(td), clamp_span(td.get("rowspan")), clamp_span(td.get("colspan")))
                 for td in tr.xpath("./td|./th")] for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]
        grid = expand_grid(rows)
        if is_meta_table(grid):
            read_meta_table(grid, meta)
            table.drop_tree()
    _head_meta(root, meta)
    body = root.find("body")
    if body is None:
        body = root
    container = pick_container(body)
    title = title_before(body, container) if container is not None else None
    drop_chrome(body, container)
    walker = _Walker(meta)
    walker.walk(container if container is not None else body)
    lines: list[Line] = []
    shift = 0
    if title and not any(title in ln.text for ln in walker.lines[:3]):
        lines.append(Line(text=title, hard_break=True))
        shift = 1
    kept = 0
    index_map: dict[int, int] = {}
    for i, line in enumerate(walker.lines):
        if line.table is None and chrome_line(line.text, meta):
            continue
        index_map[i] = kept + shift
        lines.append(line)
        kept += 1
    tables = tuple(
        RawTable(rows=t.rows, pages=t.pages, source=t.source,
                 line_index=index_map.get(t.line_index, kept + shift))
        for t in walker.tables
    )
    if not any(ln.text.strip() for ln in lines):
        raise EmptyFileError(path, "page has no text outside scripts, styles and page chrome")
    return Document(path=path, sha256=sha256, format="html", pages=1, lines=tuple(lines), tables=tables, meta=meta,
                    warnings=warnings)
