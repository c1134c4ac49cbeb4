"""Formats the toolkit does not read, recognised by extension or by content, with what to do instead.

:func:`unsupported_reason` returns the advice for a file that is a legacy Office file, a WPS file,
a spreadsheet, an OFD, RTF, a zip archive or an image, or None for anything else. The reader then
raises :class:`nlp.core.errors.UnsupportedFormatError` (exit 3) with that advice.
"""

from __future__ import annotations

from pathlib import Path

_CONVERT = "convert it to .docx or .pdf first (LibreOffice: soffice --headless --convert-to docx FILE)"
_SHEET = ("a spreadsheet, not a report: the toolkit reads reports as .pdf .html .docx .md .txt; export "
          "it to PDF, or convert it with LibreOffice (soffice --headless --convert-to pdf FILE)")
_IMAGE = "an image with no text layer: run OCR on it first (for example tesseract FILE out -l chi_sim pdf)"
ADVICE: dict[str, str] = {
    ".doc": f"a legacy Word .doc file: {_CONVERT}",
    ".wps": f"a WPS Writer file: {_CONVERT}",
    ".rtf": f"an RTF file: {_CONVERT}",
    ".odt": f"an OpenDocument text file: {_CONVERT}",
    ".et": _SHEET,
    ".xls": _SHEET,
    ".xlsx": _SHEET,
    ".ods": _SHEET,
    ".csv": _SHEET,
    ".ofd": "an OFD (China's fixed-layout format) file: export it to PDF with an OFD reader first",
    ".zip": "a zip archive: unpack it and pass the files inside",
    ".rar": "an archive: unpack it and pass the files inside",
    ".7z": "an archive: unpack it and pass the files inside",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"), _IMAGE),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"RIFF")


def by_extension(path: str | None) -> str | None:
    """Advice for a file whose extension names an unsupported format."""
    return ADVICE.get(Path(path).suffix.lower()) if path else None


def by_content(data: bytes) -> str | None:
    """Advice for bytes that are recognisably an unsupported format (used when the name says nothing)."""
    head = data[:16]
    if head.startswith(_OLE):
        return f"a legacy Office (OLE) file such as .doc, .wps, .xls or .et: {_CONVERT}"
    if head.startswith(b"{\\rtf"):
        return ADVICE[".rtf"]
    if head.startswith(_IMAGE_MAGIC) or head[:2] == b"BM" and len(data) > 26 and data[6:10] == b"\0\0\0\0":
        return _IMAGE
    return None


def zip_kind(names: set[str]) -> str | None:
    """Advice for a zip package that is not a Word document (a workbook, an OFD, a plain archive)."""
    if "word/document.xml" in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx), " + _SHEET.split(", ", 1)[1]
    if "OFD.xml" in names or any(n.lower().endswith("/ofd.xml") for n in names):
        return ADVICE[".ofd"]
    if "content.xml" in names and "mimetype" in names:
        return ADVICE[".odt"]
    return None
