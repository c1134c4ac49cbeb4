"""jieba's prefix dictionary as a memory-mapped trie: loaded in milliseconds instead of the 0.3–0.4 s
that building jieba's ~500k-entry Python dict takes, however it is serialised.

jieba's ``Tokenizer`` reads its dictionary ``FREQ`` only with ``in``, ``[]`` and ``.get`` (``get_DAG``,
``calc``, the HMM pass) and writes to it only in ``add_word`` (the user dictionary). :class:`PrefixFreq`
offers exactly that: the default dictionary's entries live in a ``marisa_trie.Trie`` (key → key id)
and an ``array`` of frequencies by key id, both written once from jieba's own ``FREQ`` into the
private cache folder of :mod:`nlp.text.jieba_cache`; words added later (``add_word``,
``load_userdict``) go to a small dict laid over them, which wins on lookup. A lookup costs more
than a dict's, so a process that tokenises many documents keeps jieba's dict (see
:func:`nlp.text.jieba_cache.use_private_cache`).

Files: ``prefix.marisa`` (the trie) and ``prefix.freq`` (``MAGIC``, a 32-byte stamp of the source
dictionary, ``total`` and the key count as little-endian uint64, then one uint32 per key id). A
file that is missing, of another stamp or of the wrong size is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any

TRIE = "prefix.marisa"
FREQS = "prefix.freq"
MAGIC = b"XXGKPF01"
_HEAD = struct.Struct("<8s32sQQ")
_ABSENT = object()  # memo value of a key that is not in the dictionary


class PrefixFreq(Mapping[str, int]):
    """jieba's ``FREQ`` over a trie and a frequency array, with a writable overlay (see the module
    docstring). Equal, as a mapping, to the dict it was built from plus the words set since.

    Every answer is memoised in a plain dict (``_memo``: the frequency, or ``_ABSENT``), so text
    that repeats the same words (every report does) is looked up at nearly a dict's speed. After
    ``PROMOTE_AFTER`` trie lookups (memo misses) the process is evidently tokenising a lot: the
    memo becomes the whole dictionary (``full()``, jieba's dict as jieba builds it, with the words
    set since laid over it), so the memo stops growing and the trie is no longer asked. A process
    that parses one report never pays for that dict; one that parses many pays for it once, as
    it would with jieba's own loading."""

    __slots__ = ("_ids", "_freq", "_extra", "_memo", "_full", "_misses", "complete")
    PROMOTE_AFTER = 100_000

    def __init__(self, ids: Any, freq: array, full: Callable[[], dict[str, int] | None] | None = None) -> None:
        self._ids, self._freq, self._full = ids, freq, full
        self._extra: dict[str, int] = {}
        self._memo: dict[str, Any] = {}
        self._misses = 0
        self.complete = False  # the memo holds the whole dictionary

    def _fetch(self, key: str) -> Any:
        if self.complete:
            return _ABSENT
        self._misses += 1
        if self._misses > self.PROMOTE_AFTER:
            self.promote()
            return self._memo.get(key, _ABSENT)
        value = self._extra.get(key, _ABSENT)
        if value is _ABSENT:
            i = self._ids.get(key)
            if i is not None:
                value = self._freq[i]
        self._memo[key] = value
        return value

    def promote(self) -> None:
        """Make the memo the whole dictionary (see the class docstring)."""
        if self.complete:
            return
        memo = self._full() if self._full is not None else None
        if memo is None:
            memo = self.to_dict()
        memo.update(self._extra)
        self._memo, self.complete = memo, True

    def to_dict(self) -> dict[str, int]:
        """The dictionary as jieba's plain dict (slow: about a second; the words set since included)."""
        freq = self._freq
        out = {key: freq[i] for key, i in self._ids.iteritems()}
        out.update(self._extra)
        return out

    def __contains__(self, key: object) -> bool:
        value = self._memo.get(key)  # type: ignore[call-overload]
        if value is None:
            if not isinstance(key, str):
                return False
            value = self._fetch(key)
        return value is not _ABSENT

    def __getitem__(self, key: str) -> int:
        value = self._memo.get(key)
        if value is None:
            value = self._fetch(key)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._memo.get(key)
        if value is None:
            value = self._fetch(key)
        return default if value is _ABSENT else value

    def __setitem__(self, key: str, value: int) -> None:
        self._extra[key] = value
        self._memo[key] = value

    def __iter__(self) -> Iterator[str]:
        yield from self._extra
        for key in self._ids.iterkeys():
            if key not in self._extra:
                yield key

    def __len__(self) -> int:
        return len(self._ids) + sum(1 for k in self._extra if k not in self._ids)


def stamp(dictionary: str) -> bytes:
    """What the cached trie was built from: jieba's version and the dictionary file's size and
    modification time (a new jieba or an edited dictionary gives a new stamp)."""
    import jieba

    st = os.stat(dictionary)
    return hashlib.sha256(f"{jieba.__version__}\0{dictionary}\0{st.st_size}\0{st.st_mtime_ns}".encode()).digest()


def load(folder: str, source_stamp: bytes) -> tuple[PrefixFreq, int] | None:
    """The trie and ``total`` from ``folder``, or None when the files are missing or not of
    ``source_stamp`` and the right size."""
    import marisa_trie

    try:
        with open(os.path.join(folder, FREQS), "rb") as fh:
            raw = fh.read()
        magic, got_stamp, total, n = _HEAD.unpack_from(raw)
        if magic != MAGIC or got_stamp != source_stamp or len(raw) != _HEAD.size + 4 * n:
            return None
        ids = marisa_trie.Trie()
        ids.mmap(os.path.join(folder, TRIE))
    except (OSError, struct.error, ValueError, MemoryError, RuntimeError):  # RuntimeError: marisa's format error
        return None
    if len(ids) != n:
        return None
    freq = array("I")
    freq.frombytes(raw[_HEAD.size:])
    if sys.byteorder != "little":
        freq.byteswap()
    return PrefixFreq(ids, freq, lambda: _jieba_cache(folder, total, n)), total


def _jieba_cache(folder: str, total: int, n: int) -> dict[str, int] | None:
    """jieba's own cache ``jieba.cache`` in ``folder`` when it holds the dictionary the trie was
    built from (same ``total``, same number of keys), else None."""
    try:
        with open(os.path.join(folder, "jieba.cache"), "rb") as fh:
            freq, got_total = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if isinstance(freq, dict) and got_total == total and len(freq) == n:
        return freq
    return None


def save(folder: str, freq: Mapping[str, int], total: int, source_stamp: bytes) -> None:
    """Write the trie and frequency files of ``freq`` into ``folder`` (each through a temp file and
    ``os.replace``, the frequency file last: it names the stamp)."""
    import marisa_trie

    ids = marisa_trie.Trie(list(freq))
    values = array("I", bytes(4 * len(ids)))
    for key, i in ids.iteritems():
        values[i] = freq[key]
    if sys.byteorder != "little":
        values.byteswap()
    _replace(folder, TRIE, ids.tobytes())
    _replace(folder, FREQS, _HEAD.pack(MAGIC, source_stamp, total, len(ids)) + values.tobytes())


def _replace(folder: str, name: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, os.path.join(folder, name))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
