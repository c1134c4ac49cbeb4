"""Near pairs of a :class:`nlp.reuse.lsh_store.ReuseIndex`, band by band, locally or on Dask.

Two passes, each made of independent tasks that read only their share of the on-disk index:

1. **band pass** (one task per LSH band): read that band's keys, sort them into buckets and write
   the candidate pairs — those that involve a skeleton added since the last run — into
   ``parts`` partition files by the first skeleton's id range (in a bucket of more than
   ``max_bucket`` skeletons, each is paired with its next ``max_bucket - 1`` in hash order; the
   earlier pairs that new members push out of those windows are returned, to be dropped);
2. **verify pass** (one task per partition): deduplicate the partition's candidates over all
   bands and verify each with rapidfuzz (the Indel score and cutoff of :func:`nlp.reuse.near.verify`,
   computed by ``process.cpdist``; bounded by the memory setting, see :func:`verify_part`), reading only the
   skeletons the partition needs.

A task holds one band column or one partition, never the whole index; the number of partitions
follows the memory setting. With ``scheduler=None`` the tasks run one after the other in this
process; ``"local"`` starts a Dask ``LocalCluster``; any other value is a Dask scheduler address
(``tcp://host:8786``) whose workers see the index directory at the same path (a shared disk).
Small corpora (at most :data:`nlp.reuse.near.BRUTE_FORCE_MAX` pairs) compare new skeletons with
every skeleton instead, as :func:`nlp.reuse.near.near_pairs` does.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .charbound import fill_hist, may_reach, read_hist
from .lsh_store import TextColumn, _read
from .minhash import _bucket_positions, _unique
from .near import BRUTE_FORCE_MAX


def _ctx(index: Any) -> dict[str, Any]:
    return {"path": str(index.path), "n": index.n_skeletons, "paired": int(index.meta["paired"]),
            "ratio": index.config.ratio, "min_len": index.config.min_len, "cap": index.config.lsh.max_bucket}


def _eligible(ctx: dict[str, Any]) -> np.ndarray:
    lens = _read(Path(ctx["path"]) / "skel_len.bin", np.int32)[: ctx["n"]]
    return np.flatnonzero(lens >= ctx["min_len"])


def _hash_order(ctx: dict[str, Any]) -> np.ndarray:
    """The eligible skeletons ordered by (stable hash, id): the order of a large bucket's members.
    Read from ``ctx["order"]`` when the run wrote it there (computed once, not once per band)."""
    if ctx.get("order") and Path(ctx["order"]).exists():
        return np.fromfile(ctx["order"], dtype=np.int64)
    idx = _eligible(ctx)
    return idx[np.argsort(_read(Path(ctx["path"]) / "skel_hash.bin", np.int64)[idx], kind="stable")]


def band_pass(ctx: dict[str, Any], band: int, parts: int, workdir: str) -> np.ndarray:
    """Candidate pairs of one band into ``parts`` files; returns the old pairs the last run drew in
    buckets now grown past the cap (:func:`_old_windows`)."""
    path = Path(ctx["path"])
    n, paired, cap = ctx["n"], ctx["paired"], ctx["cap"]
    idx = _hash_order(ctx)  # eligible skeletons by (hash, id)
    col = _read(path / "bands" / f"b{band:02d}.bin", np.uint64)
    if paired:  # only the buckets of a new skeleton matter: keep their members (a hash lookup)
        hit = pd.Series(col).isin(col[idx[idx >= paired]]).to_numpy()
        idx = idx[hit[idx]]  # a byte per skeleton gathered, not the keys of all
    col = col[idx]
    order = np.argsort(col, kind="stable")  # by bucket, then (hash, id) as ``idx`` is
    sk = col[order]
    del col
    boundary = np.flatnonzero(sk[1:] != sk[:-1]) + 1
    run_start = np.concatenate([[0], boundary])
    run_len = np.diff(np.concatenate([run_start, [len(sk)]]))
    del sk
    multi = run_len > 1
    # a bucket is only worth pairing when it holds a skeleton added since the last run
    newest = np.maximum.reduceat(idx[order], run_start) if len(run_start) else run_start
    multi &= newest >= paired
    run_start, run_len = run_start[multi], run_len[multi]
    outdated = _old_windows(idx[order], run_start, run_len, paired, cap, n)
    work = np.minimum(run_len, cap) * run_len
    bounds = np.searchsorted(np.cumsum(work), np.arange(1, int(work.sum()) // 2_000_000 + 2) * 2_000_000)
    members = idx[order]  # skeleton ids in bucket order
    words, lens = read_hist(path, n).view(np.uint64), _read(path / "skel_len.bin", np.int32)[:n]
    lo_run = 0
    with ExitStack() as stack:
        handles = [stack.enter_context(open(Path(workdir) / f"b{band:02d}_p{p:04d}.bin", "wb"))
                   for p in range(parts)]
        for hi_run in [*bounds.tolist(), len(run_start)]:
            hi_run = min(hi_run + 1, len(run_start))
            if hi_run <= lo_run:
                continue
            if paired:  # only the window pairs that involve a new member, found from those
                a, b = _new_window_pairs(members, run_start[lo_run:hi_run], run_len[lo_run:hi_run], paired, cap)
                lo_run = hi_run
                keep = may_reach(words, lens, a, b, ctx["ratio"])
            else:
                p, q = _bucket_positions(run_start[lo_run:hi_run], run_len[lo_run:hi_run], cap)
                first = int(run_start[lo_run])  # the chunk's members, gathered once, read in order
                m = members[first : int(run_start[hi_run - 1] + run_len[hi_run - 1])]
                lo_run = hi_run
                p, q = p - first, q - first
                a, b = m[p], m[q]
                keep = may_reach(np.take(words, m, axis=0), lens[m], p, q, ctx["ratio"])
            # rejected here (hopeless by the exact bound) they are never written, read or scored
            a, b = a[keep], b[keep]
            codes = _unique(np.minimum(a, b) * n + np.maximum(a, b))
            cut = np.searchsorted((codes // n) * parts // max(n, 1), np.arange(parts + 1))  # codes are sorted
            for p in np.flatnonzero(np.diff(cut)).tolist():
                handles[p].write(codes[cut[p] : cut[p + 1]].tobytes())
    return outdated


def _new_window_pairs(members: np.ndarray, run_start: np.ndarray, run_len: np.ndarray, paired: int,
                      cap: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of :func:`nlp.reuse.minhash._bucket_pairs` (all pairs of a bucket of up to ``cap``,
    else each member with its next ``cap - 1``) that involve a new member (id ``>= paired``), found
    from the new members only: each is linked to its next ``cap - 1`` and to its previous ``cap - 1``
    old ones (a new one before it links to it itself), so every pair comes once."""
    lens = run_len
    pos = np.repeat(run_start, lens) + (np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens))
    new = members[pos] >= paired
    beg, end, pos = np.repeat(run_start, lens)[new], np.repeat(run_start + lens, lens)[new], pos[new]
    left, right = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for d in range(1, cap):
        k = pos[pos + d < end]
        left.append(members[k])
        right.append(members[k + d])
        k = pos[pos - d >= beg]
        k = k[members[k - d] < paired]
        left.append(members[k - d])
        right.append(members[k])
    return np.concatenate(left), np.concatenate(right)


def _old_windows(members: np.ndarray, run_start: np.ndarray, run_len: np.ndarray, paired: int, cap: int,
                 n: int) -> np.ndarray:
    """Codes of the old pairs the last run drew in this band's buckets now larger than ``cap`` that
    this band no longer draws: new members between two old ones push them ``cap`` or more apart.
    A full run may still draw them in another band (see :func:`_in_windows`)."""
    big = run_len > cap
    lens, starts = run_len[big], run_start[big]
    first = np.cumsum(lens) - lens
    at = np.arange(int(lens.sum())) - np.repeat(first, lens)  # position in the bucket now
    m, run = members[np.repeat(starts, lens) + at], np.repeat(np.arange(len(lens)), lens)
    old = m < paired  # the buckets as the last run saw them: old members, same order
    m, run, at = m[old], run[old], at[old]
    out = [np.empty(0, dtype=np.int64)]
    for d in range(1, cap):  # the last run linked each old member to its next cap - 1 old members
        k = np.flatnonzero((run[d:] == run[:-d]) & (at[d:] - at[:-d] >= cap))
        a, b = m[k], m[k + d]
        out.append(np.minimum(a, b) * n + np.maximum(a, b))
    return _unique(np.concatenate(out))


def _in_windows(ctx: dict[str, Any], codes: np.ndarray, bands: int) -> np.ndarray:
    """For each pair (code): does a full run draw it in some band (same bucket, and within
    ``cap`` of each other in a bucket larger than ``cap``)? Each band looks only at the pairs no
    earlier band draws."""
    path, n, cap = Path(ctx["path"]), ctx["n"], ctx["cap"]
    hit = np.zeros(len(codes), dtype=bool)
    live, a, c = np.arange(len(codes)), codes // n, codes % n
    idx = _hash_order(ctx)  # eligible skeletons by (hash, id): the order of a bucket's members
    pos, wide = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    for b in range(bands):
        col = _read(path / "bands" / f"b{b:02d}.bin", np.uint64)
        key = col[a]
        same = np.flatnonzero(key == col[c])
        if not len(same):
            continue
        sel = idx[pd.Series(col).isin(key[same]).to_numpy()[idx]]  # the pairs' buckets, hash order
        cols = col[sel]
        order = np.argsort(cols, kind="stable")  # by bucket, then (hash, id)
        sk, members = cols[order], sel[order]
        start = np.concatenate([[0], np.flatnonzero(sk[1:] != sk[:-1]) + 1])
        size = np.diff(np.concatenate([start, [len(sk)]]))
        run = np.repeat(np.arange(len(start)), size)
        pos[members] = np.arange(len(sk)) - start[run]
        wide[members] = size[run] > cap
        sa, sc = a[same], c[same]
        drawn = same[~wide[sa] | (np.abs(pos[sa] - pos[sc]) < cap)]
        hit[live[drawn]] = True
        rest = np.ones(len(live), dtype=bool)
        rest[drawn] = False
        live, a, c = live[rest], a[rest], c[rest]
        if not len(live):
            break
    return hit


def verify_part(ctx: dict[str, Any], part: int, bands: int, workdir: str) -> tuple[np.ndarray, ...]:
    """Verified near pairs ``(i, j, similarity)`` of one partition's candidates, in code order.

    Memory follows the setting, not the partition: the band files are read in slices and, when
    they hold more than ``ctx["codes"]`` candidates, in several passes over ranges of the first
    skeleton; each pass reads the skeleton texts it needs once (``ctx["strings"]`` at most, else
    batch by batch) and verifies ``ctx["batch"]`` pairs at a time."""
    n, path, ratio, step = ctx["n"], Path(ctx["path"]), ctx["ratio"], ctx["batch"]
    files = [f for f in (Path(workdir) / f"b{b:02d}_p{part:04d}.bin" for b in range(bands)) if f.exists()]
    total = sum(f.stat().st_size for f in files) // 8
    lo, hi = -(-part * n // ctx["parts"]), -(-(part + 1) * n // ctx["parts"])  # its first skeletons
    passes = max(1, -(-total // max(ctx["codes"], 1)))
    texts = TextColumn(path / "skels.bin", _read(path / "skel_boff.bin", np.int64),
                       _read(path / "skel_blen.bin", np.int64))
    lens = _read(path / "skel_len.bin", np.int32)[:n].astype(np.int64)

    def pairs(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        i, j = c // n, c % n
        ok = 2 * np.minimum(lens[i], lens[j]) >= ratio * (lens[i] + lens[j])  # hopeless, as in verify()
        return i[ok], j[ok]

    out: list[tuple[np.ndarray, ...]] = []
    for k in range(passes):
        a, b = lo + (hi - lo) * k // passes, lo + (hi - lo) * (k + 1) // passes
        codes = _read_codes(files, a * n, b * n, max(2**16, ctx["codes"] // 4))
        need = np.zeros(n, dtype=bool)
        for s in range(0, len(codes), step):
            i, j = pairs(codes[s : s + step])
            need[i] = need[j] = True
        ids = np.flatnonzero(need)
        del need
        local = texts.many(ids) if len(ids) <= ctx["strings"] else None
        for s in range(0, len(codes), step):
            i, j = pairs(codes[s : s + step])
            bids = ids if local is not None else _unique(np.concatenate([i, j]))
            strings = local if local is not None else texts.many(bids)
            si, sj = np.searchsorted(bids, i).tolist(), np.searchsorted(bids, j).tolist()
            # the scores of near.verify (Indel, same cutoff), computed in C on ``workers`` threads
            sim = process.cpdist([strings[x] for x in si], [strings[x] for x in sj], scorer=Indel.normalized_similarity,
                                 score_cutoff=ratio, dtype=np.float32, workers=ctx.get("workers", 1))
            keep = sim >= ratio
            out.append((i[keep], j[keep], sim[keep]))
        del codes, local
    if not out:
        e = np.empty(0, dtype=np.int64)
        return e, e, np.empty(0, dtype=np.float32)
    return tuple(np.concatenate([o[k] for o in out]) for k in range(3))


def _read_codes(files: list[Path], lo: int, hi: int, step: int) -> np.ndarray:
    """The distinct codes in ``[lo, hi)`` of the band files, each read ``step`` codes at a time."""
    kept = []
    for f in files:
        size = f.stat().st_size // 8
        for off in range(0, size, max(step, 1)):
            c = np.fromfile(f, dtype=np.int64, count=step, offset=off * 8)
            kept.append(c[(c >= lo) & (c < hi)])
    codes = np.concatenate(kept) if kept else np.empty(0, dtype=np.int64)
    del kept
    codes.sort()
    if len(codes) > 1:
        keep = np.empty(len(codes), dtype=bool)
        keep[0] = True
        np.not_equal(codes[1:], codes[:-1], out=keep[1:])
        codes = codes[keep]
    return codes


def _brute(index: Any, ctx: dict[str, Any], elig: np.ndarray) -> tuple[np.ndarray, ...]:
    texts = index.skeleton_texts()
    new = elig[elig >= ctx["paired"]]
    scores = process.cdist(texts.many(new), texts.many(elig), scorer=Indel.normalized_similarity,
                           score_cutoff=ctx["ratio"], dtype=np.float32)
    a, b = np.nonzero(scores >= ctx["ratio"])
    i, j, sim = new[a], elig[b], scores[a, b]
    keep = (i != j) & ((j < ctx["paired"]) | (i < j))  # each new pair once
    i, j, sim = i[keep], j[keep], sim[keep]
    return np.minimum(i, j), np.maximum(i, j), sim


@contextmanager
def dask_client(scheduler: str, memory_mb: int) -> Iterator[Any]:
    """A Dask client: a new LocalCluster of 2 one-thread worker processes for ``"local"``, else
    the scheduler at that address."""
    from dask.distributed import Client, LocalCluster

    if scheduler != "local":
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit=f"{memory_mb}MiB",
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def new_pairs(index: Any, scheduler: str | None = None) -> tuple[np.ndarray, ...]:
    """Verified near pairs ``(i, j, similarity)`` among the index's skeletons that involve one
    added since the last run, and the codes (``i × n + j``) of earlier pairs a full run would no
    longer draw (buckets grown past the cap), to be dropped."""
    ctx = _ctx(index)
    e = np.empty(0, dtype=np.int64)
    elig = _eligible(ctx)
    if ctx["n"] == ctx["paired"] or len(elig) < 2 or not (elig >= ctx["paired"]).any():
        return e, e, np.empty(0, dtype=np.float32), e
    if len(elig) * (len(elig) - 1) // 2 <= BRUTE_FORCE_MAX:
        return (*_brute(index, ctx, elig), e)
    bands = index.config.lsh.bands
    budget = index.memory_mb * 2**20 // 8  # bytes of candidate codes a verify task may hold
    parts = max(1, int(len(elig) * 8 * 16 // max(budget, 1)) + 1)
    # a verify task holds at most ``codes`` candidate codes (8 bytes; a few copies while they are
    # sorted), ``strings`` skeleton texts (~160 bytes as Python strings) and ``batch`` pairs at once
    mb = index.memory_mb * 2**20
    ctx.update(parts=parts, codes=max(2**16, mb // 64), batch=max(2**14, mb // 1024), strings=max(2**12, mb // 320))
    fill_hist(index.path, lambda ids: index.skeleton_texts().many(ids), ctx["n"])  # an older index
    workdir = index.path / "tmp"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    ctx["order"] = str(workdir / "order.bin")
    _hash_order(ctx).tofile(ctx["order"])
    try:
        if scheduler is None:
            ctx["workers"] = -1  # tasks one after the other here: score on every core
            old = [band_pass(ctx, b, parts, str(workdir)) for b in range(bands)]
            out = [verify_part(ctx, p, bands, str(workdir)) for p in range(parts)]
        else:
            with dask_client(scheduler, index.memory_mb) as client:
                old = client.gather(client.map(band_pass, [ctx] * bands, range(bands), [parts] * bands,
                                               [str(workdir)] * bands, pure=False))
                out = client.gather(client.map(verify_part, [ctx] * parts, range(parts), [bands] * parts,
                                               [str(workdir)] * parts, pure=False))
        outdated = _unique(np.concatenate(old))
        drop = outdated[~_in_windows(ctx, outdated, bands)] if len(outdated) else outdated
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return (*(np.concatenate([o[k] for o in out]) for k in range(3)), drop)
