"""An on-disk reuse index: units, distinct skeletons, their LSH band keys and verified near pairs.

A national corpus does not fit in memory as Python objects, so :class:`ReuseIndex` keeps it in a
directory of append-only files and holds only what a step needs:

* ``sides.jsonl`` — one line per report (key, agency, year), in the order they were added;
* ``units/NNNNNN.npz`` — the unit columns of one chunk of reports (side, sentence, part, start,
  end, content length, 64-bit hash of the normal form, skeleton id, offset of the text);
* ``texts.bin`` / ``skels.bin`` — unit texts and distinct skeletons (UTF-8, never rewritten);
* ``skel_*.bin`` — per skeleton: byte offset, length in characters, stable hash (orders large
  LSH buckets), template flag (:mod:`nlp.reuse.template`);
* ``bands/bNN.bin`` — one file per LSH band: the band key of every skeleton (uint64);
* ``pairs/NNNNNN.npz`` — verified near pairs found by one run (:mod:`nlp.reuse.distributed`);
  a run only pairs skeletons added since the last one, and lists the earlier pairs a full run would
  no longer draw (``drop``), so earlier files are never rewritten.

Adding reports (:meth:`ReuseIndex.add`) reads them in chunks of about ``memory_mb × 250``
sentences; reports whose key is already in the index are skipped (incremental years).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .charbound import char_hist, fill_hist, hist_file
from .minhash import band_keys, signatures
from .near import NearConfig
from .side import Side, clean_agency
from .stable import hash64, template_flags
from .table import UnitTable, flatten
from .template import Baseline

DEFAULT_MEMORY_MB = int(os.environ.get("XXGK_REUSE_MEMORY_MB", "2048"))
UNIT_COLS = ("side", "sentence", "part", "start", "end", "length", "norm", "skel", "tpos", "tlen")


def side_row(s: Side) -> tuple[str, str, int]:
    """How the index records a report: key, agency, year (-1 when unknown)."""
    return (str(s.key), clean_agency(s.agency) or f"<unknown:{s.key}>", -1 if s.year is None else int(s.year))


class TextColumn(Sequence[str]):
    """Strings stored as UTF-8 in one file, read on access (``texts[k]``)."""

    def __init__(self, path: Path, offsets: np.ndarray, lengths: np.ndarray) -> None:
        self._path, self._off, self._len = path, offsets, lengths
        self._mm: np.memmap | None = None

    def __len__(self) -> int:
        return len(self._off)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if self._mm is None:
            self._mm = np.memmap(self._path, dtype=np.uint8, mode="r")
        a = int(self._off[k])
        return bytes(self._mm[a : a + int(self._len[k])]).decode("utf-8")

    def many(self, ids: np.ndarray) -> list[str]:
        """The strings of ``ids``, read in blocks of nearby offsets (one file read per block)."""
        ids = np.asarray(ids, dtype=np.int64)
        out: list[str] = [""] * len(ids)
        if not len(ids):
            return out
        if self._mm is None:
            self._mm = np.memmap(self._path, dtype=np.uint8, mode="r")
        off, ln = self._off[ids], self._len[ids]
        order = np.argsort(off, kind="stable")
        for s in range(0, len(ids), 65_536):
            blk = order[s : s + 65_536]
            a, b = int(off[blk].min()), int((off[blk] + ln[blk]).max())
            if b - a > 16 * int(ln[blk].sum()) + 2**20:  # scattered: read one by one
                for k in blk.tolist():
                    out[k] = self[int(ids[k])]
                continue
            buf = self._mm[a:b].tobytes()
            for k, o, n in zip(blk.tolist(), (off[blk] - a).tolist(), ln[blk].tolist(), strict=True):
                out[k] = buf[o : o + n].decode("utf-8")
        return out


def _append(path: Path, data: bytes | np.ndarray) -> int:
    """Append to a file; returns its size before the append."""
    with open(path, "ab") as fh:
        start = fh.tell()
        fh.write(data if isinstance(data, bytes) else np.ascontiguousarray(data).tobytes())
    return start


def _read(path: Path, dtype: type) -> np.ndarray:
    return np.fromfile(path, dtype=dtype) if path.exists() else np.empty(0, dtype=dtype)


class ReuseIndex:
    """The on-disk index at ``path`` (created when missing); see the module docstring."""

    def __init__(self, path: str | os.PathLike[str], config: NearConfig = NearConfig(),
                 template: Baseline | None = None, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.path = Path(path)
        self.config, self.template, self.memory_mb = config, template, max(64, int(memory_mb))
        for sub in ("units", "bands", "pairs"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)
        meta = self.path / "meta.json"
        params = {"lsh": vars(config.lsh), "ratio": config.ratio, "min_len": config.min_len,
                  "template": None if template is None else len(template.entries)}
        if meta.exists():
            stored = json.loads(meta.read_text())
            if stored["params"] != params:
                raise ValueError(f"index {self.path} was built with other settings: {stored['params']}")
            self.meta = stored
        else:
            self.meta = {"params": params, "paired": 0, "runs": 0}
            self._save_meta()
        self.sides: list[tuple[str, str, int]] = []
        if (self.path / "sides.jsonl").exists():
            with open(self.path / "sides.jsonl", encoding="utf-8") as fh:
                self.sides = [tuple(json.loads(line)) for line in fh]  # type: ignore[misc]
        self._keys = {s[0] for s in self.sides}
        h = _read(self.path / "skel_hash.bin", np.int64)
        self._order = np.argsort(h, kind="stable")
        self._sorted = h[self._order]

    def _save_meta(self) -> None:
        (self.path / "meta.json").write_text(json.dumps(self.meta))

    @property
    def n_skeletons(self) -> int:
        return len(self._sorted)

    @property
    def chunk_sentences(self) -> int:
        return self.memory_mb * 250

    def add(self, sides: Iterable[Side]) -> int:
        """Add the reports not yet in the index (by ``key``); returns how many were added."""
        added, chunk, size = 0, [], 0
        for s in sides:
            if s.key is None:
                raise ValueError("reports in a reuse index need a key")
            if s.key in self._keys:
                continue
            self._keys.add(s.key)
            chunk.append(s)
            size += len(s.sentences)
            if size >= self.chunk_sentences:
                added += self._add_chunk(chunk)
                chunk, size = [], 0
        if chunk:
            added += self._add_chunk(chunk)
        return added

    def _add_chunk(self, chunk: list[Side]) -> int:
        t = flatten(chunk)
        u = t.units
        base = len(self.sides)
        rows = [side_row(s) for s in chunk]
        with open(self.path / "sides.jsonl", "a", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        self.sides.extend(rows)
        # unit texts, appended
        enc = [x.encode("utf-8") for x in t.texts]
        tlen = np.fromiter((len(b) for b in enc), dtype=np.int64, count=len(enc))
        tpos = _append(self.path / "texts.bin", b"".join(enc)) + np.concatenate([[0], np.cumsum(tlen)[:-1]])
        del enc
        norm_h = hash64(normal for normal in _norms(t))
        skel_ids = self._skeleton_ids(t.skeletons)
        cols = {"side": u["side"].to_numpy() + base, "sentence": u["sentence"].to_numpy(),
                "part": u["part"].to_numpy(), "start": u["start"].to_numpy(), "end": u["end"].to_numpy(),
                "length": u["length"].to_numpy(), "norm": norm_h[u["norm"].to_numpy()],
                "skel": skel_ids[u["skel"].to_numpy()], "tpos": tpos.astype(np.int64), "tlen": tlen}
        n = len(list((self.path / "units").glob("*.npz")))
        np.savez(self.path / "units" / f"{n:06d}.npz", **cols)
        return len(chunk)

    def _skeleton_ids(self, skels: list[str]) -> np.ndarray:
        """Global ids of a chunk's distinct skeletons; new ones are appended with their band keys."""
        h = hash64(skels)
        pos = np.minimum(np.searchsorted(self._sorted, h), max(len(self._sorted) - 1, 0))
        known = self._sorted[pos] == h if len(self._sorted) else np.zeros(len(h), dtype=bool)
        ids = np.full(len(h), -1, dtype=np.int64)
        ids[known] = self._order[pos[known]]
        new = np.flatnonzero(~known)
        ids[new] = self.n_skeletons + np.arange(len(new))
        if len(new):
            texts = [skels[k] for k in new.tolist()]
            self._write_skeletons(texts, h[new])
            o = np.argsort(h[new], kind="stable")  # merged into the sorted hashes, not re-sorted
            at = np.searchsorted(self._sorted, h[new][o], side="right")
            self._sorted = np.insert(self._sorted, at, h[new][o])
            self._order = np.insert(self._order, at, ids[new][o])
        return ids

    def _write_skeletons(self, texts: list[str], h: np.ndarray) -> None:
        fill_hist(self.path, lambda ids: self.skeleton_texts().many(ids), self.n_skeletons)  # older index
        _append(hist_file(self.path), char_hist(texts))
        enc = [x.encode("utf-8") for x in texts]
        blen = np.fromiter((len(b) for b in enc), dtype=np.int64, count=len(enc))
        boff = _append(self.path / "skels.bin", b"".join(enc)) + np.concatenate([[0], np.cumsum(blen)[:-1]])
        _append(self.path / "skel_boff.bin", boff.astype(np.int64))
        _append(self.path / "skel_blen.bin", blen)
        _append(self.path / "skel_len.bin", np.fromiter((len(x) for x in texts), np.int32, len(texts)))
        _append(self.path / "skel_hash.bin", h)
        flags = template_flags(self.template, texts, self.config)
        _append(self.path / "skel_template.bin", flags.astype(np.uint8))
        p = self.config.lsh
        keys = np.zeros((len(texts), p.bands), dtype=np.uint64)
        ok = np.flatnonzero(np.fromiter((len(x) >= self.config.min_len for x in texts), bool, len(texts)))
        step = 50_000
        for s in range(0, len(ok), step):
            sel = ok[s : s + step]
            keys[sel] = band_keys(signatures([texts[k] for k in sel.tolist()], p), p)
        for b in range(p.bands):
            _append(self.path / "bands" / f"b{b:02d}.bin", keys[:, b])

    # ---- reading -------------------------------------------------------------------------
    def skeleton_texts(self) -> TextColumn:
        return TextColumn(self.path / "skels.bin", _read(self.path / "skel_boff.bin", np.int64),
                          _read(self.path / "skel_blen.bin", np.int64))

    def skeleton_column(self, name: str) -> np.ndarray:
        dtype = {"len": np.int32, "template": np.uint8, "hash": np.int64}[name]
        return _read(self.path / f"skel_{name}.bin", dtype)

    def band(self, b: int) -> np.ndarray:
        return _read(self.path / "bands" / f"b{b:02d}.bin", np.uint64)

    def unit_chunks(self, cols: Sequence[str] = UNIT_COLS) -> Iterator[dict[str, np.ndarray]]:
        """The unit columns (``cols``, default all) of each chunk, in the order they were added."""
        for f in sorted((self.path / "units").glob("*.npz")):
            with np.load(f) as z:
                yield {c: z[c] for c in cols}

    def stored_pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The verified pairs of all runs, less those a later run dropped (``drop``: codes i×n+j)."""
        parts, drops = [], []
        for f in sorted((self.path / "pairs").glob("*.npz")):
            with np.load(f) as z:
                parts.append((z["i"], z["j"], z["sim"]))
                drops.append(z["drop"] // z["n"] * self.n_skeletons + z["drop"] % z["n"])
        if not parts:
            e = np.empty(0, dtype=np.int64)
            return e, e, np.empty(0, dtype=np.float32)
        i, j, sim = (np.concatenate([p[k] for p in parts]) for k in range(3))
        keep = ~np.isin(i * self.n_skeletons + j, np.concatenate(drops))
        return i[keep], j[keep], sim[keep]

    def save_pairs(self, i: np.ndarray, j: np.ndarray, sim: np.ndarray, drop: np.ndarray) -> None:
        """Record the pairs of the skeletons added since the last run and the earlier pairs to drop
        (a new file; earlier files are never rewritten)."""
        run = self.meta["runs"]
        np.savez(self.path / "pairs" / f"{run:06d}.npz", i=i, j=j, sim=sim, drop=drop, n=self.n_skeletons)
        self.meta.update(runs=run + 1, paired=self.n_skeletons)
        self._save_meta()

    def table(self) -> UnitTable:
        """All units, reports ordered by key (the same table whatever order they were added in).

        Each chunk is scattered into preallocated typed columns at its place in key order, so the
        table is built with one chunk in memory besides the result (no sort over all units)."""
        side_df = pd.DataFrame(self.sides, columns=["key", "agency_name", "year"])
        rank = np.argsort(np.argsort(side_df["key"].to_numpy(), kind="stable"), kind="stable")
        counts = np.zeros(len(self.sides), dtype=np.int64)
        for ch in self.unit_chunks(("side",)):
            counts += np.bincount(ch["side"], minlength=len(counts))
        by_rank = counts[np.argsort(rank, kind="stable")]
        start = (np.cumsum(by_rank) - by_rank)[rank]  # first row of each side, by side
        del by_rank
        n = int(counts.sum())
        out = {c: np.empty(n, dtype=t) for c, t in _TABLE_DTYPES.items()}
        filled = np.zeros(len(self.sides), dtype=np.int64)
        for ch in self.unit_chunks():
            s = ch["side"]
            o = np.argsort(s, kind="stable")
            ss = s[o]
            first = np.concatenate([[0], np.flatnonzero(ss[1:] != ss[:-1]) + 1]) if len(ss) else ss
            seen = np.repeat(first, np.diff(np.concatenate([first, [len(ss)]])))
            dest = np.empty(len(s), dtype=np.int64)
            dest[o] = start[ss] + filled[ss] + np.arange(len(ss)) - seen
            filled += np.bincount(s, minlength=len(filled))
            for c, col in out.items():
                col[dest] = rank[s] if c == "side" else ch[c]
            del ch, s, o, ss, dest
        side_df = side_df.iloc[np.argsort(rank)].reset_index(drop=True)
        agency_codes, agencies = pd.factorize(side_df["agency_name"])
        sides = pd.DataFrame({"key": side_df["key"], "agency": agency_codes.astype(np.int32),
                              "year": side_df["year"].astype(np.int32)})
        out["norm"] = np.unique(out["norm"], return_inverse=True)[1].astype(np.int64)
        texts = TextColumn(self.path / "texts.bin", out.pop("tpos"), out.pop("tlen"))
        side = out["side"]
        out["agency"] = sides["agency"].to_numpy()[side]
        out["year"] = sides["year"].to_numpy()[side]
        units = pd.DataFrame(out, copy=False)
        return UnitTable(units, texts, self.skeleton_texts(), sides, list(agencies))  # type: ignore[arg-type]


_TABLE_DTYPES = {"side": np.int32, "sentence": np.int32, "part": np.int8, "start": np.int32, "end": np.int32,
                 "length": np.int32, "norm": np.int64, "skel": np.int64, "tpos": np.int64, "tlen": np.int64}


def index_agrees(path: str | os.PathLike[str], sides: list[Side]) -> bool:
    """True when every report of the index at ``path`` is among ``sides`` with the same agency and
    year (so adding the others is enough); True also when there is no index yet."""
    f = Path(path) / "sides.jsonl"
    if not f.exists():
        return True
    now = {s.key: side_row(s) for s in sides}
    with open(f, encoding="utf-8") as fh:
        return all(now.get(r[0]) == tuple(r) for r in map(json.loads, fh))


def _norms(t: UnitTable) -> list[str]:
    """The distinct normal forms of a flattened chunk, by local norm id."""
    from .skeleton import normal_many

    first = t.units.drop_duplicates("norm")
    out = [""] * (int(t.units["norm"].max()) + 1 if len(t.units) else 0)
    for nid, text in zip(first["norm"].tolist(), normal_many([t.texts[r] for r in first.index.tolist()]),
                         strict=True):
        out[nid] = text
    return out
