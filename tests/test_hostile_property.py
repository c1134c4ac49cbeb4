"""Property test over mutated real reports (issue 12): every mutant is parsed or raises a documented
:class:`nlp.core.errors.XxgkError`; never another exception.

2,000 mutants per run are drawn from the real reports (text, Markdown, two HTML pages) and the
official DOCX template: an excerpt, then up to five edits (hostile snippets inserted, ranges
deleted or duplicated, bytes flipped), under the report's own extension or another one. DOCX
mutants are edited inside ``word/document.xml`` and zipped again. Every mutant goes through
``read`` → ``clean`` → ``layout``; one in eight (chosen by hypothesis) through the whole
``nlp.parse`` (spaCy, parts, tables, findings, checks), which keeps the run near a minute on 2 cores.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from hostile_support import REAL, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import parse
from nlp.core.errors import XxgkError
from nlp.core.report import Report
from nlp.ingest import read
from nlp.ingest.clean import clean
from nlp.text.structure import layout

TEMPLATE = ROOT.parent / "shared" / "corpus" / "templates" / "政务公开年报模版.docx"
SNIPPETS = [b"\x00", b"\xff\xfe", b"\f", b"\r", b"<", b"&#0;", b"&amp", b"<table><tr><td rowspan=99999>",
            b"</td></tr>", b"<div>" * 40, b"\xe4\xb8", "（一）".encode(), "一、总体情况\n".encode(),
            "五、存在的主要问题及改进情况\n".encode(), b"|---|---|\n", b"\t0\t0\t",
            "“未闭合的引号。".encode(), "。".encode() * 50,
            b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"%PDF-1.4"]


@cache
def sources() -> tuple[tuple[str, bytes], ...]:
    files = [p for p in sorted(REAL.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    return tuple((p.suffix, p.read_bytes()) for p in files) + ((".docx", TEMPLATE.read_bytes()),)


def _edit(data: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    for kind, a, b, k in ops:
        n = max(1, len(data))
        i, j = sorted((a % n, b % n))
        if kind == 0:
            data = data[:i] + SNIPPETS[k % len(SNIPPETS)] + data[i:]
        elif kind == 1:
            data = data[:i] + data[j:]
        elif kind == 2:
            data = data[:j] + data[i:j] + data[j:]
        elif data:
            data = data[:i] + bytes([data[i] ^ (1 + k % 255)]) + data[i + 1:]
    return data


def _docx(template: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, _edit(body, ops) if info.filename == "word/document.xml" else body)
    return out.getvalue()


op = st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.integers(0, 1 << 20), st.integers(0, 1 << 10))
mutant = st.tuples(
    st.integers(0, 10),  # which source (taken modulo the number of sources)
    st.integers(0, 1 << 20), st.integers(500, 12_000),  # excerpt start and length (text sources)
    st.lists(op, max_size=5),
    st.sampled_from([None, ".txt", ".md", ".html", ".docx"]),  # None: the source's own extension
    st.integers(0, 7),  # 0: the whole pipeline
)


@settings(max_examples=2000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(m=mutant)
def test_mutated_real_reports_parse_or_fail_with_a_documented_error(m):
    index, start, length, ops, ext, full = m
    src_ext, data = sources()[index % len(sources())]
    if src_ext == ".docx":
        data = _docx(data, ops)
    else:
        start %= max(1, len(data) - length)
        data = _edit(data[start:start + length], ops)
    name = f"mutant{ext or src_ext}"
    try:
        if full == 0:
            assert isinstance(parse(data, name=name), Report)
        else:
            layout(clean(read(data, name=name))[0])
    except XxgkError as exc:
        assert exc.path == name and exc.reason and 3 <= exc.exit_code <= 13
