"""A private cache folder for jieba's prefix dictionary.

jieba caches its dictionary as ``jieba.cache`` in the system temp folder by default; another user
can plant a file there (garbage, or a marshal of the wrong shape) and crash every parse. The cache
goes instead to ``$XDG_CACHE_HOME/xxgk-nlp/jieba`` (``~/.cache/...``), created mode 0700 and used only
when it is a real folder owned by this user and writable by no one else; failing that, to a fresh
private temp folder of this process.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any


def _private(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


@lru_cache(maxsize=1)
def cache_dir() -> str:
    """The private folder jieba keeps its cache in (see the module docstring)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "xxgk-nlp" / "jieba"
    if _private(folder):
        return str(folder)
    return tempfile.mkdtemp(prefix="xxgk-jieba-")


def use_private_cache() -> None:
    """Point jieba's default tokenizer at :func:`cache_dir` (call before it loads its dictionary) and
    load its dictionary from that cache (:func:`preload`)."""
    import jieba

    jieba.dt.tmp_dir = cache_dir()
    preload(jieba.dt)


def preload(tokenizer: Any) -> bool:
    """Load the default dictionary's prefix cache into ``tokenizer`` with ``marshal.loads`` on the
    file's bytes — jieba's own ``marshal.load`` on the open file reads it in small pieces and takes
    about three times as long. Returns False (jieba then loads or builds the cache itself, as usual)
    when the tokenizer is already initialised, uses another dictionary, or the cache is missing or
    not of the expected shape."""
    import jieba

    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file:
        return False
    path = os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    try:
        with open(path, "rb") as fh:
            freq, total = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int) or not freq:
        return False
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return True


def import_jieba() -> ModuleType:
    """``import jieba`` without ``pkg_resources``: jieba 0.42 reads its dictionary through it when it
    can be imported, and importing it scans every installed distribution (a large share of a CLI
    call's start-up); without it jieba opens the same files beside its module."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` → ImportError
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba
