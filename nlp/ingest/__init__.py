"""One entry point for every input format: :func:`read`.

``read(path_or_bytes)`` picks the reader by file extension, falling back to content sniffing,
enforces the size limit, and returns a :class:`nlp.core.document.Document`. Every failure is an
:class:`nlp.core.errors.XxgkError` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core.document import Document
from ..core.errors import EmptyFileError, FileTooLargeError, UnsupportedFormatError
from . import formats
from .limits import limit as _limit
from .source import STDIN, read_file

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Default size limit (50 MiB); override with ``max_bytes=`` or the ``XXGK_MAX_BYTES`` variable."""

EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
"""Supported file suffixes → format: the one list (``xxgk batch`` walks folders with it too)."""


def max_bytes_default() -> int:
    """``XXGK_MAX_BYTES`` or 50 MiB; a value that is not a positive integer is a ConfigError (exit 13)."""
    return _limit("XXGK_MAX_BYTES")


def sniff_format(data: bytes) -> str:
    """Guess the format from the first bytes (used for bytes input and unknown extensions)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    low = head[:512].lower()
    if low.startswith(b"<!doctype html") or b"<html" in low or b"<body" in low or b"<p>" in low:
        return "html"
    return "text"


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    ocr: str | None = None,
) -> Document:
    """Read a report from a path or from bytes and return its :class:`Document`.

    ``format`` forces a reader ("pdf", "html", "docx", "markdown", "text"); otherwise the file
    extension decides, then the content. ``name`` labels bytes input in errors and metadata
    (its extension is used too). The path ``-`` reads standard input. Only regular files are read
    (a FIFO, device or directory is an UnsupportedFormatError), at most ``max_bytes`` of them;
    formats the toolkit does not read (``nlp.ingest.formats``) are an UnsupportedFormatError with
    what to do instead. ``ocr`` (auto | always | never) chooses the PDF pages read by OCR (see
    :mod:`.ocr_page`). Raises :class:`nlp.core.errors.XxgkError` subclasses.
    """
    limit = _limit("XXGK_MAX_BYTES", max_bytes)
    if ocr is not None:
        from .ocr import ocr_mode

        ocr = ocr_mode(ocr)  # ConfigError for a bad mode, whatever the format
    if isinstance(source, bytes | bytearray):
        path = name
        if len(source) > limit:
            raise FileTooLargeError(path, f"input is {len(source)} bytes, over the limit of {limit} bytes")
        data = bytes(source)
    else:
        path = str(source)
        if format is None and (advice := formats.by_extension(path)):
            raise UnsupportedFormatError(path, advice)
        data = read_file(path, limit)
        if path == STDIN:
            path = name or "<stdin>"
    if not data.strip():
        raise EmptyFileError(path, "file is empty")
    fmt = format
    if fmt is None and path and (advice := formats.by_extension(path)):
        raise UnsupportedFormatError(path, advice)
    if fmt is None and path:
        fmt = EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        if advice := formats.by_content(data):
            raise UnsupportedFormatError(path, advice)
        fmt = sniff_format(data)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path=path, sha256=sha, ocr=ocr)
    if fmt == "html":
        from .html import read_html

        return read_html(data, path=path, sha256=sha)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, path=path, sha256=sha)
    if fmt in ("markdown", "text"):
        from .text import read_text

        return read_text(data, path=path, sha256=sha, markdown=(fmt == "markdown"))
    raise UnsupportedFormatError(path, f"unsupported format {fmt!r}")
