"""The toolkit's documented errors.

Every failure to read a report raises a subclass of :class:`XxgkError`. Each carries the file it
concerns, a one-line reason, the pipeline stage and a documented process exit code, so the CLI can
print ``xxgk: FILE: reason`` and exit with that code, and a batch can record it and carry on.
"""

from __future__ import annotations


class XxgkError(Exception):
    """Base class: a report could not be processed. ``exit_code`` is the CLI's exit status."""

    exit_code = 2
    stage = "ingest"

    def __init__(self, path: str | None, reason: str, *, stage: str | None = None) -> None:
        self.path = path or "<bytes>"
        self.reason = reason
        if stage is not None:
            self.stage = stage
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormatError(XxgkError):
    """The file's type is not one the toolkit reads (exit 3)."""

    exit_code = 3


class EmptyFileError(XxgkError):
    """The file has no bytes, or no text at all (exit 4)."""

    exit_code = 4


class CorruptFileError(XxgkError):
    """The file is truncated, damaged or not what its name says (exit 5)."""

    exit_code = 5


class EncryptedFileError(XxgkError):
    """The PDF is encrypted/password-protected (exit 6)."""

    exit_code = 6


class NoTextLayerError(XxgkError):
    """The PDF has pages but no text layer: scanned images, OCR is needed (exit 7)."""

    exit_code = 7


class FileTooLargeError(XxgkError):
    """The input exceeds the configured size limit (exit 8)."""

    exit_code = 8


class EncodingError(XxgkError):
    """The bytes are not text in any supported encoding (binary content in a text file) (exit 9)."""

    exit_code = 9


class ModelError(XxgkError):
    """The part model is missing, unreadable or fails its pinned hash (exit 10)."""

    exit_code = 10
    stage = "model"


class StoreError(XxgkError):
    """The store cannot be used: locked by another process, not a DuckDB file, disk full (exit 11)."""

    exit_code = 11
    stage = "store"


class OutputError(XxgkError):
    """An output path cannot be written (bad folder, a symlink, no space) (exit 12)."""

    exit_code = 12
    stage = "output"


class ConfigError(XxgkError):
    """A setting is invalid, e.g. ``XXGK_MAX_BYTES=abc`` (exit 13)."""

    exit_code = 13
    stage = "config"


EXIT_CODES: dict[str, int] = {
    cls.__name__: cls.exit_code
    for cls in (
        XxgkError,
        UnsupportedFormatError,
        EmptyFileError,
        CorruptFileError,
        EncryptedFileError,
        NoTextLayerError,
        FileTooLargeError,
        EncodingError,
        ModelError,
        StoreError,
        OutputError,
        ConfigError,
    )
}
"""Exit 0: success. Exit 1: some files failed (``batch``) or a check failed (``check``). Exit 2: any
other documented error, and a command-line usage error. The classes above own 3–13."""


def error_line(exc: XxgkError) -> str:
    """The one-line message the CLI prints for ``exc``: ``xxgk: FILE: reason`` (never wrapped)."""
    reason = " ".join(exc.reason.split())
    return f"xxgk: {exc.path}: {reason}"
