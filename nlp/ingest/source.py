"""Reading the input's bytes safely: regular files only, never more than the size limit.

A FIFO, a device (``/dev/zero``), a socket or a directory is refused with a clear error before a
byte is read: the file is opened non-blocking (so opening a FIFO with no writer cannot hang) and
checked with ``fstat`` on the open descriptor (no race between the check and the read). At most
``limit + 1`` bytes are read, so a file that grows while it is read cannot exhaust memory. ``-``
reads standard input under the same limit.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from ..core.errors import FileTooLargeError, UnsupportedFormatError

STDIN = "-"
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)" …), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_limited(stream: BinaryIO, limit: int, path: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; :class:`FileTooLargeError` when there are more."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileTooLargeError(path, f"input is over the limit of {limit} bytes (set --max-bytes or XXGK_MAX_BYTES)")
    return b"".join(chunks)


def read_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (``-``: standard input), at most ``limit`` of them."""
    if path == STDIN:
        return read_limited(sys.stdin.buffer, limit, "<stdin>")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnsupportedFormatError(path, "no such file") from None
    except IsADirectoryError:
        raise UnsupportedFormatError(path, "is a directory, not a report file") from None
    except OSError as exc:
        raise UnsupportedFormatError(path, f"cannot open: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        what = kind_of(st.st_mode)
        if what is not None:
            raise UnsupportedFormatError(path, f"is {what}, not a regular file; only regular files are read")
        if st.st_size > limit:
            raise FileTooLargeError(path, f"file is {st.st_size} bytes, over the limit of {limit} bytes")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            return read_limited(fh, limit, path)
    except OSError as exc:
        raise UnsupportedFormatError(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
