"""Decode text bytes: BOM first, then strict UTF-8, then GB18030, then charset-normalizer.

Binary content (NUL bytes outside UTF-16, or mostly control characters) is refused with
:class:`nlp.core.errors.EncodingError` rather than decoded into garbage.
"""

from __future__ import annotations

import codecs

from ..core.errors import EncodingError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(text)


def _check_text(text: str, path: str | None, encoding: str) -> str:
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise EncodingError(path, f"content is binary, not text (tried {encoding})")
    return text


def decode_bytes(data: bytes, path: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. ``declared`` is an encoding named by the document itself
    (HTML meta charset); it is tried right after a BOM."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), path, enc), enc
            except UnicodeDecodeError as exc:
                raise EncodingError(path, f"invalid {enc} despite its byte-order mark: {exc.reason}") from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM is rare; NUL bytes otherwise mean binary data.
        raise EncodingError(path, "content is binary (NUL bytes), not text")
    candidates = []
    if declared:
        declared = declared.strip().lower()
        if declared in ("gb2312", "gbk"):
            declared = "gb18030"  # superset: real GB2312 pages use GBK characters
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_ratio(text) <= 0.05 and (enc != "gb18030" or _plausible_cjk(text)):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(path, "cannot detect the text encoding (not UTF-8, GB18030 or UTF-16)")
    return _check_text(str(best), path, best.encoding), best.encoding


def _plausible_cjk(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only if the result looks like text."""
    sample = text[:4000]
    if not sample:
        return True
    common = sum(1 for ch in sample if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·")
    return common / len(sample) > 0.9


def decode_tolerant(data: bytes, path: str | None = None,
                    declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """:func:`decode_bytes`, but text that is valid UTF-8 (or GBK when ``declared``) except for a
    few damaged bytes — at most one in 200 characters, as in mirrors with encoding damage — is read
    with U+FFFD for them, as browsers do. Returns ``(text, encoding, warnings)``."""
    try:
        text, encoding = decode_bytes(data, path, declared=declared)
        return text, encoding, ()
    except EncodingError:
        if b"\x00" in data:
            raise
        for enc in ("utf-8", "gb18030") if declared in ("gbk", "gb2312", "gb18030") else ("utf-8",):
            text = data.decode(enc, errors="replace")
            bad = text.count("\ufffd")
            if bad <= len(text) // 200 and _control_ratio(text.replace("\ufffd", "")) <= 0.05:
                return text, enc, (f"{bad} undecodable byte sequence(s) replaced with U+FFFD ({enc})",)
        raise
