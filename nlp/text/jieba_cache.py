"""A private cache folder for jieba's prefix dictionary.

jieba caches its dictionary as ``jieba.cache`` in the system temp folder by default; another user
can plant a file there (garbage, or a marshal of the wrong shape) and crash every parse. The cache
goes instead to ``$XDG_CACHE_HOME/xxgk-nlp/jieba`` (``~/.cache/...``), created mode 0700 and used only
when it is a real folder owned by this user and writable by no one else; failing that, to a fresh
private temp folder of this process.

The same folder holds the default dictionary as a memory-mapped trie (:mod:`nlp.text.jieba_trie`,
written from jieba's own dictionary the first time, loaded in milliseconds afterwards); in a
temp folder of one process it is not written.
"""

from __future__ import annotations

import contextlib
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


def _user_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xxgk-nlp" / "jieba"


@lru_cache(maxsize=1)
def cache_dir() -> str:
    """The private folder jieba keeps its cache in (see the module docstring)."""
    folder = _user_folder()
    if _private(folder):
        return str(folder)
    return tempfile.mkdtemp(prefix="xxgk-jieba-")


def use_private_cache(trie: bool = True) -> None:
    """Point jieba's default tokenizer at :func:`cache_dir` (call before it loads its dictionary) and
    load its dictionary: the memory-mapped trie (:func:`trie_dictionary`) when ``trie`` and it is
    cached, else jieba's dict from its cache (:func:`preload`) or from the dictionary file (jieba's
    own ``initialize``), after which the trie is written for the next process."""
    import jieba

    tok = jieba.dt
    tok.tmp_dir = cache_dir()
    if tok.initialized or (trie and trie_dictionary(tok)):
        return
    if not preload(tok):
        tok.initialize()  # jieba's own path: reads its cache or builds it from the dictionary file
    if trie and tok.dictionary == jieba.DEFAULT_DICT and not tok.cache_file and tok.tmp_dir == str(_user_folder()):
        from . import jieba_trie

        # from the dictionary jieba has just loaded, before any user word is added; in a read-only
        # cache folder jieba's dict serves, as before
        with contextlib.suppress(OSError):
            jieba_trie.save(tok.tmp_dir, tok.FREQ, tok.total, jieba_trie.stamp(_default_dict_file()))


def _default_dict_file() -> str:
    import jieba

    return os.path.join(os.path.dirname(os.path.abspath(jieba.__file__)), jieba.DEFAULT_DICT_NAME)


def trie_dictionary(tokenizer: Any) -> bool:
    """Give ``tokenizer`` the default dictionary as a :class:`nlp.text.jieba_trie.PrefixFreq` read
    from its cache folder (milliseconds instead of building jieba's dict). Returns False, leaving
    the tokenizer alone, when it is already initialised, uses another dictionary, or the trie is
    not cached (or is stale or damaged)."""
    import jieba

    from . import jieba_trie

    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file:
        return False
    loaded = jieba_trie.load(tokenizer.tmp_dir or tempfile.gettempdir(), jieba_trie.stamp(_default_dict_file()))
    if loaded is None:
        return False
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total = loaded
        tokenizer.initialized = True
    return True


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
