"""Builders of hostile inputs shared by the hostile-input tests and ``benchmarks/scale_input.py``.

Everything is generated: text of a given size from real narrative, DOCX packages whose
``word/document.xml`` inflates far beyond the file's size (optionally with zip headers that lie
about the size), and a few helpers to run the CLI with a time limit.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
SAMPLE = ROOT / "corpus" / "samples" / "临县人民政府-2023.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPH = "<w:p><w:r><w:t>本机关全年主动公开政府信息一千二百条。</w:t></w:r></w:p>".encode()
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def text_of_size(source: str, n_bytes: int) -> bytes:
    """``source`` repeated (whole paragraphs) to about ``n_bytes`` of UTF-8, never more."""
    paras = [p for p in source.split("\n") if p.strip()]
    out, size, k = [], 0, 0
    while True:
        p = (paras[k % len(paras)] + "\n").encode()
        if size + len(p) > n_bytes:
            break
        out.append(p)
        size += len(p)
        k += 1
    return b"".join(out)


def docx_bomb(path: Path, inflated: int, *, pad: int = 0, lie: bool = False) -> Path:
    """A DOCX whose ``word/document.xml`` inflates to about ``inflated`` bytes of paragraphs
    (``pad`` bytes of incompressible padding make the file itself bigger). ``lie`` rewrites the
    size fields of the zip headers to claim the XML is 1,000 bytes."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    block = PARAGRAPH * max(1, (1 << 20) // len(PARAGRAPH))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=False) as fh:
            fh.write(head)
            written = len(head)
            while written < inflated:
                fh.write(block)
                written += len(block)
            fh.write(tail)
        if pad:
            zf.writestr(zipfile.ZipInfo("word/media/pad.bin"), os.urandom(pad), compress_type=zipfile.ZIP_STORED)
    if lie:
        _lie_about_sizes(path, b"word/document.xml", 1000)
    return path


def _lie_about_sizes(path: Path, name: bytes, fake: int) -> None:
    """Overwrite the uncompressed-size field of ``name`` in its local header and central directory."""
    data = bytearray(path.read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:  # local file headers: size at offset 22
        n = struct.unpack_from("<H", data, pos + 26)[0]
        if data[pos + 30:pos + 30 + n] == name:
            struct.pack_into("<I", data, pos + 22, fake)
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:  # central directory: size at offset 24
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name:
            struct.pack_into("<I", data, pos + 24, fake)
        pos += 4
    path.write_bytes(bytes(data))


def xxgk(*args: str, timeout: float = 120, env: dict[str, str] | None = None, stdin: bytes | None = None,
         cwd: str | os.PathLike[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``xxgk`` command line (``python -m nlp.cli``) with a time limit."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "nlp.cli", *args], input=stdin, capture_output=True,
                          timeout=timeout, env=full_env, cwd=cwd or ROOT)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))
