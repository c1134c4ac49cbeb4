"""Safe output: atomic writes with unpredictable temp names, no symlinks followed, nothing outside a root.

:func:`write_atomic` writes to a fresh ``tempfile.mkstemp`` file (created ``O_EXCL``, so a planted
file or symlink with a guessable name cannot be written through) in the target's folder and
``os.replace``-s it over the target; a target that is a symlink is refused, not followed. Inside a
:func:`recording` block every write must land under the block's root (a path that escapes it, e.g.
from a hostile report id, is an :class:`OutputError`) and is recorded, so a site build knows which
files it wrote (its manifest) and never deletes anything else. Every ``OSError`` (no such folder,
permission denied, disk full) becomes an :class:`OutputError` (exit 12).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

MANIFEST = ".xxgk-manifest.json"
_ACTIVE: contextvars.ContextVar[tuple[Path, list[Path]] | None] = contextvars.ContextVar("xxgk_out", default=None)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return exc.strerror or str(exc)


def check_inside(root: Path, path: Path) -> Path:
    """``path`` made absolute; :class:`OutputError` unless it lies inside ``root`` (symlinks in the
    folders between them resolved, so a link cannot lead out)."""
    real_root = Path(os.path.realpath(root))
    target = Path(os.path.realpath(path.parent)) / path.name
    if path.name in ("", ".", "..") or (target != real_root and real_root not in target.parents):
        raise OutputError(str(path), f"refusing to write outside the output folder {root}")
    return target


def ensure_dir(folder: Path) -> None:
    """Create ``folder`` and its parents; an existing non-folder or an error is an OutputError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(str(folder), "exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(str(folder), f"cannot create the folder: {_reason(exc)}") from None


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically; returns the path."""
    path = Path(path)
    active = _ACTIVE.get()
    if active is not None:
        check_inside(active[0], path)
    ensure_dir(path.parent)
    if path.is_symlink():
        raise OutputError(str(path), "is a symbolic link; refusing to write through it")
    if path.is_dir():
        raise OutputError(str(path), "is a folder, not a file")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {_reason(exc)}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    if active is not None:
        active[1].append(path)
    return path


@contextlib.contextmanager
def recording(root: Path) -> Iterator[list[Path]]:
    """Confine :func:`write_atomic` to ``root`` and collect the paths it writes."""
    written: list[Path] = []
    token = _ACTIVE.set((Path(root), written))
    try:
        yield written
    finally:
        _ACTIVE.reset(token)


def read_manifest(root: Path) -> list[str]:
    """Relative paths a previous build recorded in ``root``'s manifest (none when absent or unreadable)."""
    try:
        names = json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str)]


def replace_manifest(root: Path, written: list[Path]) -> list[Path]:
    """Record ``written`` as ``root``'s manifest and delete the files the previous manifest listed that
    were not written again (only regular files inside ``root``; anything else is left alone).
    Returns the deleted paths."""
    real_root = Path(os.path.realpath(root))
    now = sorted({os.path.relpath(os.path.realpath(p), real_root) for p in written})
    removed = []
    for name in read_manifest(root):
        p = root / name
        if name in now or Path(name).is_absolute() or ".." in Path(name).parts:
            continue
        if p.is_symlink() or not p.is_file():
            continue
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    write_atomic(root / MANIFEST, json.dumps({"tool": "xxgk-nlp", "files": now}, ensure_ascii=False, indent=0))
    return removed
