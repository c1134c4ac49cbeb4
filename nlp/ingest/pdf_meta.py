"""PDF document information: the title and creation date a PDF declares about itself."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from typing import Any

_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _decode(value: Any) -> str:
    """A PDF text string: UTF-16 with either byte-order mark, UTF-8, else PDFDocEncoding."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, str):
        return value.replace("\x00", "").strip()
    if not isinstance(value, bytes):
        return ""
    if value.startswith(codecs.BOM_UTF16_BE):
        text = value[2:].decode("utf-16-be", "replace")
    elif value.startswith(codecs.BOM_UTF16_LE):
        text = value[2:].decode("utf-16-le", "replace")
    else:
        try:
            text = value.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError:
            text = decode_text(value)
    return text.replace("\x00", "").strip()


def pdf_meta(info: Sequence[dict[str, Any]]) -> dict[str, str]:
    """``pdf_title`` and ``pdf_created`` (ISO date) from the document information dictionaries."""
    meta: dict[str, str] = {}
    for d in info:
        title = _decode(d.get("Title"))
        if title:
            meta["pdf_title"] = title
        m = _PDF_DATE.match(_decode(d.get("CreationDate")))
        if m:
            y, mo, dd = m.group(1), m.group(2), m.group(3)
            if mo and 1 <= int(mo) <= 12:
                meta["pdf_created"] = f"{y}-{mo}-{dd}" if dd and 1 <= int(dd) <= 31 else f"{y}-{mo}"
            else:
                meta["pdf_created"] = y
    return meta
