"""Property test: any input either reads into a Document or raises a documented XxgkError, quickly.

Random bytes, random Unicode text (UTF-8 / GB18030) and random data behind a real format signature
(``%PDF-``, ``PK\\x03\\x04``, ``<html>``) go through ``nlp.ingest.read(bytes, name='x.<ext>')`` for every
reader. Nothing else may escape (no ValueError, KeyError, RecursionError …), and each example must
finish within the hypothesis deadline.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.core.document import Document, Line
from nlp.core.errors import XxgkError
from nlp.ingest import read

FORMATS = {"pdf": "pdf", "html": "html", "docx": "docx", "md": "markdown", "txt": "text"}
MARKUP = "<>/=\"' \n\t|-#*:：pdivtrtdbrtableh1字号大中小发布日期2020-01-31一、总体情况（一）0123456789\f\r"

unicode_text = st.text(max_size=2000).flatmap(
    lambda s: st.sampled_from([s.encode("utf-8"), s.encode("gb18030")])
)
markup_text = st.text(alphabet=MARKUP, max_size=2000).map(str.encode)
signed = st.tuples(
    st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]),
    st.binary(max_size=2000),
).map(lambda t: t[0] + t[1])
inputs = st.one_of(st.binary(max_size=4096), unicode_text, markup_text, signed)


def check(data: bytes, ext: str) -> None:
    try:
        doc = read(data, name=f"x.{ext}")
    except XxgkError as exc:
        assert exc.path == f"x.{ext}" and exc.reason
        return
    assert isinstance(doc, Document) and doc.format == FORMATS[ext]
    assert all(isinstance(line, Line) for line in doc.lines)
    assert doc.pages >= 1 and all(1 <= line.page <= doc.pages for line in doc.lines)
    for index, table in enumerate(doc.tables):
        assert 0 <= table.line_index <= len(doc.lines)
        assert all(line.table in (None, *range(len(doc.tables))) for line in doc.lines)
        assert table.rows, f"table {index} has no rows"


@pytest.mark.parametrize("ext", list(FORMATS))
@settings(max_examples=50, deadline=2000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=inputs)
def test_read_returns_document_or_documented_error(ext, data):
    check(data, ext)
