"""The fast PDF page reader: glyphs and rulings of a page from PDFium (pypdfium2), no pdfminer.

pdfminer interprets every content stream in Python (≈ 50–200 ms a page); PDFium reads the same page
in a few milliseconds. :func:`read_page` gives what the PDF reader takes from pdfplumber: one glyph
dict per visible character (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``, with pdfminer's
box: advance width across, font size high, standing on the font's descent) and the edges of the
page's paths (``orientation``, box, ``stroke``/``fill`` and their colours), which pdfplumber's
table finder turns into ruled tables exactly as before.

A page PDFium cannot describe the way pdfminer does returns None and is read by pdfplumber instead:
rotated or offset page boxes, rotated or skewed text, glyphs without a Unicode mapping (pdfminer's
``(cid:NN)``), form XObjects (nested content), or a page PDFium fails to load.
"""

from __future__ import annotations

import ctypes
import os
import threading
from dataclasses import dataclass
from typing import Any

from ..core.errors import ConfigError
from .pdf_lines import Glyph

ENGINES = ("pdfium", "pdfminer")
_LOCK = threading.RLock()  # PDFium is not thread-safe (a Dask worker may run several threads)
_UNMAPPED = {0, 0xFFFD, 0xFFFE, 0xFFFF}


def pdf_engine(value: str | None = None) -> str:
    """The PDF text engine: ``value``, else ``XXGK_PDF_ENGINE``, else ``pdfium`` (ConfigError for
    anything else). ``pdfminer`` reads every page with pdfplumber (the slower reference path)."""
    engine = (value or os.environ.get("XXGK_PDF_ENGINE") or "pdfium").strip().lower()
    if engine not in ENGINES:
        raise ConfigError(None, f"PDF engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    return engine


@dataclass(frozen=True)
class FastPage:
    """One page read by PDFium: its visible glyphs and its path edges (pdfplumber's dict shapes)."""

    glyphs: list[Glyph]
    edges: list[dict[str, Any]]


def open_document(data: bytes) -> Any | None:
    """The PDFium document of ``data``, or None when PDFium cannot open it (pdfminer reads it all)."""
    import pypdfium2

    with _LOCK:
        try:
            return pypdfium2.PdfDocument(data)
        except Exception:  # pypdfium2 raises PdfiumError; any failure means: use the reference path
            return None


def close_document(doc: Any) -> None:
    with _LOCK:
        doc.close()


def read_page(doc: Any, index: int, width: float, height: float) -> FastPage | None:
    """Page ``index`` of ``doc`` (whose pdfplumber page is ``width`` × ``height``), or None when
    the page must be read by pdfplumber (see the module doc)."""
    with _LOCK:
        return _read_page(doc, index, width, height)


def _read_page(doc: Any, index: int, width: float, height: float) -> FastPage | None:
    if doc is None or index >= len(doc):
        return None
    try:
        page = doc[index]
    except Exception:
        return None
    try:
        if not _plain_geometry(page, width, height):
            return None
        edges = _edges(page, height)
        if edges is None:
            return None
        textpage = page.get_textpage()
        try:
            glyphs = _glyphs(textpage, height)
        finally:
            textpage.close()
        return None if glyphs is None else FastPage(glyphs, edges)
    finally:
        page.close()


def _plain_geometry(page: Any, width: float, height: float) -> bool:
    """Unrotated, media box at the origin, crop box = media box, same size as pdfplumber's page."""
    if page.get_rotation() % 360:
        return False
    box = tuple(page.get_mediabox())
    if box[:2] != (0, 0) or tuple(page.get_cropbox()) != box:
        return False
    return abs(box[2] - width) < 1e-3 and abs(box[3] - height) < 1e-3


def _glyphs(textpage: Any, height: float) -> list[Glyph] | None:
    """pdfminer's glyph boxes: from the origin, the advance width and the font's descent (PDFium's
    own char boxes follow the glyph outlines, or, for some fonts, the whole text object). A vertical
    glyph's box is pdfminer's for a CID font whose glyphs are 1000 units wide (the CJK default)."""
    import pypdfium2.raw as c

    raw = textpage.raw
    out: list[Glyph] = []
    matrix = c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(c.FPDFText_CountChars(raw)):
        if c.FPDFText_IsGenerated(raw, i) == 1:
            continue  # spaces and line breaks PDFium adds between words and lines
        code = c.FPDFText_GetUnicode(raw, i)
        if code in _UNMAPPED or c.FPDFText_HasUnicodeMapError(raw, i) == 1:
            return None  # pdfminer shows it as (cid:NN): counted there
        text = chr(code)
        if not text.strip():
            continue
        if not c.FPDFText_GetMatrix(raw, i, matrix) or matrix.b or matrix.c or matrix.d <= 0 or matrix.a <= 0:
            return None  # rotated, mirrored or skewed text
        if not c.FPDFText_GetCharOrigin(raw, i, ox, oy):
            return None
        font_size = c.FPDFText_GetFontSize(raw, i)
        found = _metrics(c, c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(raw, i)), font_size, code)
        if found is None:
            return None
        advance, descent = found
        if advance < 0:  # vertical writing: PDFium's origin is the glyph box's lower left corner
            size = font_size * matrix.a
            out.append({"text": text, "x0": ox.value, "x1": ox.value + size,
                        "top": height - (oy.value + font_size * matrix.d),
                        "bottom": height - (oy.value + (font_size + advance) * matrix.d), "size": size})
            continue
        size = font_size * matrix.d
        bottom = height - (oy.value + descent * matrix.d)
        out.append({"text": text, "x0": ox.value, "x1": ox.value + advance * matrix.a, "top": bottom - size,
                    "bottom": bottom, "size": size})
    return out


def _metrics(c: Any, font: Any, font_size: float, code: int) -> tuple[float, float] | None:
    """(advance width, descent) of one character in text space (a vertical-writing font advances
    downwards: negative width), None when PDFium cannot tell."""
    width, descent = ctypes.c_float(), ctypes.c_float()
    if not font or not c.FPDFFont_GetGlyphWidth(font, code, font_size, width):
        return None
    if not c.FPDFFont_GetDescent(font, font_size, descent):
        return None
    return width.value, descent.value


def _edges(page: Any, height: float) -> list[dict[str, Any]] | None:
    """Edges of every painted path, None when the page nests content in form XObjects."""
    import pypdfium2.raw as c

    edges: list[dict[str, Any]] = []
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(c.FPDFPage_CountObjects(page.raw)):
        obj = c.FPDFPage_GetObject(page.raw, i)
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_FORM:
            return None
        if kind != c.FPDF_PAGEOBJ_PATH:
            continue
        if not c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
            return None
        style = {"stroke": bool(stroke.value), "fill": bool(fillmode.value),
                 "stroking_color": _colour(c.FPDFPageObj_GetStrokeColor, obj),
                 "non_stroking_color": _colour(c.FPDFPageObj_GetFillColor, obj)}
        for points in _subpaths(obj, c):
            edges.extend(_segment_edges([(x, height - y) for x, y in points], style))
    return edges


def _colour(getter: Any, raw: Any) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(raw, r, g, b, a):
        return None
    return r.value / 255.0, g.value / 255.0, b.value / 255.0


def _subpaths(obj: Any, c: Any) -> list[list[tuple[float, float]]]:
    """The end points of each subpath in page space (Bézier control points left out, a closed
    subpath ends on its start point), as pdfminer lists a path's points."""
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return []
    out: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        kind = c.FPDFPathSegment_GetType(seg)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        if kind == c.FPDF_SEGMENT_MOVETO or not out:
            out.append([pt])
            bezier = 0
        elif kind == c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:
                out[-1].append(pt)
        else:
            out[-1].append(pt)
        if c.FPDFPathSegment_GetClose(seg) and out[-1][-1] != out[-1][0]:
            out[-1].append(out[-1][0])
    return out


def _segment_edges(pts: list[tuple[float, float]], style: dict[str, Any]) -> list[dict[str, Any]]:
    """pdfplumber's edges of one subpath: a two-point subpath is a line (orientation ``h`` when
    level, else ``v``), a longer one gives an edge per segment (``h``/``v``/None)."""
    if len(pts) > 2 and pts[-1] == pts[-2]:
        pts = pts[:-1]
    if len(pts) < 2:
        return []
    line = len(pts) == 2 or (len(pts) == 3 and pts[2] == pts[0])
    pairs = [(pts[0], pts[1])] if line else list(zip(pts, pts[1:], strict=False))
    out = []
    for (x0, y0), (x1, y1) in pairs:
        if line:
            orientation: str | None = "h" if y0 == y1 else "v"
        else:
            orientation = "v" if x0 == x1 else ("h" if y0 == y1 else None)
        out.append({"object_type": "line" if line else "curve_edge", "orientation": orientation,
                    "x0": min(x0, x1), "x1": max(x0, x1), "top": min(y0, y1), "bottom": max(y0, y1),
                    "width": abs(x1 - x0), "height": abs(y1 - y0), **style})
    return out
