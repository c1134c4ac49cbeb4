"""``xxgk reuse --db``: corpus-wide reuse over a batch's store.

1. agency keys: the reports' normalised agency names, a shorter name merged into the one longer
   name that denotes the same agency (洪泽区人民政府 → 淮安市洪泽区人民政府, via
   :func:`nlp.reuse.side.same_agency`); a short name that fits several longer names stays apart;
2. prior report: each report is compared with its agency's latest earlier report by
   :func:`nlp.reuse.compare` — the function behind ``xxgk compare``, so reuse_ratio, by_part,
   lazy_prices, part5, stale_mentions… in reuse_scores are its figures; ``prior_gap`` is the
   distance in years (1 = the previous year); with the on-disk index the figures of each pair are
   kept there and a later run compares only new or changed pairs (:mod:`nlp.corpus.batch_prior`);
3. corpus: :func:`nlp.reuse.match_corpus` over all reports gives every unit one origin (template,
   common_phrase, self_copy, cross_copy, :mod:`nlp.reuse.origin`) and the copy pairs and clusters;
   its report scores (:mod:`nlp.reuse.corpus_scores`, the only place shares are computed) fill the
   shares of reuse_scores. reuse_matches holds **one row per matched unit** (each match once):
   relation ``prior_year`` (same agency, year − 1), ``self`` (same agency, ``year_gap`` years
   earlier) or ``cross``, with the origin and its ``reason``.

All reuse tables (reuse_matches, reuse_scores, copy_pairs, copy_clusters) are replaced as a whole
in one transaction: rerun after every batch (the audit site says when the store has reports the
last run did not see).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .batch_prior import COLUMNS, prior_values
from .store import TABLES, Store

NO_PRIOR = dict.fromkeys(COLUMNS)


@dataclass(frozen=True)
class ReuseSummary:
    reports: int
    agencies: int
    pairs: int
    matches: int
    copy_pairs: int
    copy_clusters: int

    def describe(self) -> str:
        return (f"{self.reports} reports, {self.agencies} agencies, {self.pairs} prior-report pairs, "
                f"{self.matches} matched units, {self.copy_pairs} copy pairs in {self.copy_clusters} copy clusters")


def agency_keys(names: list[str | None]) -> dict[str, str]:
    """Map each agency name to its key: the one longer name in ``names`` it denotes, else itself."""
    from ..reuse.side import clean_agency, same_agency

    distinct = sorted({n for n in names if n}, key=lambda n: (-len(clean_agency(n)), n))
    by_suffix: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, str] = {}
    for name in distinct:
        c = clean_agency(name)
        found = {keys[m] for m in by_suffix.get(c, ()) if same_agency(name, m)}
        keys[name] = found.pop() if len(found) == 1 else name
        for k in range(len(c)):
            by_suffix[c[k:]].add(name)
    return keys


def _load(store: Store) -> tuple[list[tuple], dict[str, list], dict[str, list]]:
    reports = store.con.execute(
        "SELECT report_id, agency, agency_norm, year, path, narrative_chars FROM reports ORDER BY report_id"
    ).fetchall()
    sents: dict[str, list] = defaultdict(list)
    for rid, sid, text, part in store.con.execute(
            "SELECT report_id, sentence_id, text, part FROM sentences ORDER BY report_id, sentence_id").fetchall():
        sents[rid].append((sid, text, part))
    finds: dict[str, list] = defaultdict(list)
    for rid, kind, text, sid, part in store.con.execute(
            "SELECT report_id, kind, text, sentence_id, part FROM findings ORDER BY report_id, finding_no").fetchall():
        finds[rid].append({"kind": kind, "text": text, "sentence_id": sid, "part": part})
    return reports, sents, finds


def _prior(reports: list[tuple], keys: dict[str, str]) -> dict[int, int]:
    """Index of each report's prior report: its agency's latest earlier one (most narrative, then
    report_id, on ties)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(reports):
        if r[2] and r[3] is not None:
            groups[keys[r[2]]].append(k)
    prior = {}
    for members in groups.values():
        for k in members:
            earlier = [j for j in members if reports[j][3] < reports[k][3]]
            if earlier:
                prior[k] = min(earlier, key=lambda j: (-reports[j][3], -(reports[j][5] or 0), reports[j][0]))
    return prior


REUSE_TABLES = ("reuse_matches", "reuse_scores", "copy_pairs", "copy_clusters")


def index_path(db: str | os.PathLike[str]) -> Path:
    """Where ``run_reuse`` keeps the store's on-disk reuse index: ``<db>.reuse-index/`` beside it."""
    return Path(f"{os.fspath(db)}.reuse-index")


def run_reuse(db: str | os.PathLike[str], *, use_baseline: bool = True, scheduler: str | None = None,
              memory_limit_mb: int | None = None, full: bool = False) -> ReuseSummary:
    """Fill the reuse tables of the store ``db`` (see the module docstring).

    Corpus matching uses the on-disk index :func:`index_path` (:mod:`nlp.reuse.corpus_disk`): when
    it already holds earlier reports, only the reports added since are read and paired (the
    result equals a full recompute); ``full=True`` rebuilds it. ``scheduler``: a Dask scheduler
    address, or ``"local"`` for a LocalCluster on this machine; ``memory_limit_mb`` (default:
    env ``XXGK_REUSE_MEMORY_MB``, else 2048) bounds the reports read at a time and the size of a
    candidate partition."""
    with Store(db) as store:
        return reuse_store(store, use_baseline=use_baseline, index=index_path(db), scheduler=scheduler,
                           memory_limit_mb=memory_limit_mb, full=full)


def reuse_store(store: Store, *, use_baseline: bool = True, index: Path | None = None,
                scheduler: str | None = None, memory_limit_mb: int | None = None,
                full: bool = False) -> ReuseSummary:
    """Fill the reuse tables of an open store (also an in-memory one, as ``xxgk audit FILE`` uses).
    Without ``index`` and ``scheduler`` the corpus is matched in memory."""
    from ..pipeline.language import load
    from ..reuse import Sent, Side
    from ..reuse.template import EMPTY, baseline

    load()  # jieba with the domain dictionary, as after nlp.parse: lazy_prices tokenises with it
    reports, sents, finds = _load(store)
    if not reports:
        store.replace_tables({t: {} for t in REUSE_TABLES})
        mark_reuse(store.con, [])
        return ReuseSummary(0, 0, 0, 0, 0, 0)
    keys = agency_keys([r[2] for r in reports])
    sides = [Side(tuple(Sent(i, t, p) for i, t, p in sents.get(r[0], ())), r[1], r[3], r[4],
                  tuple(finds.get(r[0], ()))) for r in reports]
    prior = _prior(reports, keys)
    keyed = [Side(s.sentences, keys.get(r[2]) if r[2] else None, s.year, r[0], s.findings)
             for s, r in zip(sides, reports, strict=True)]
    cm = _match(keyed, baseline() if use_baseline else EMPTY, index, scheduler, memory_limit_mb, full)
    pair = prior_values(sides, prior, use_baseline=use_baseline, cache_dir=index, fresh=full)
    matches = _Matches()
    _corpus_matches(cm, matches)
    corpus = cm.report_scores().set_index("key")
    scores: dict[str, list[Any]] = {c: [] for c, _ in TABLES["reuse_scores"]}
    for k, r in enumerate(reports):
        j = prior.get(k)
        c = corpus.loc[r[0]]
        values = {
            "report_id": r[0], "agency_key": keys.get(r[2]) if r[2] else None, "year": r[3],
            "prior_report_id": reports[j][0] if j is not None else None,
            "prior_year": reports[j][3] if j is not None else None,
            "prior_gap": r[3] - reports[j][3] if j is not None else None,
            **pair.get(k, NO_PRIOR),
            "corpus_reuse_prev": _float(c, "reuse_prev"), "empty_report": bool(c["empty_report"]),
            "copy_cluster": int(c["copy_cluster"]) if c["copy_cluster"] >= 0 else None,
            "copy_group_size": int(c["copy_group_size"]),
        }
        for share in ("self_copy_share", "cross_copy_share", "template_share", "common_phrase_share"):
            values[share] = _float(c, share)
        for col, _ in TABLES["reuse_scores"]:
            scores[col].append(values[col])
    pairs, clusters = _copy_tables(cm, corpus, keys, reports)
    store.replace_tables({"reuse_matches": matches.rows, "reuse_scores": scores, "copy_pairs": pairs,
                          "copy_clusters": clusters})
    mark_reuse(store.con, [r[0] for r in reports])
    return ReuseSummary(len(reports), len(set(keys.values())), len(pair), len(matches.rows["report_id"]),
                        len(pairs["report_id"]), len(set(clusters["cluster_id"])))


def _match(sides: list[Any], template: Any, index: Path | None, scheduler: str | None,
           memory_limit_mb: int | None, full: bool) -> Any:
    from ..reuse import match_corpus
    from ..reuse.corpus_disk import match_corpus_disk
    from ..reuse.lsh_store import DEFAULT_MEMORY_MB, index_agrees

    if index is None and scheduler is None:
        return match_corpus(sides, template=template)
    # an index of other reports (one removed, an agency key merged since) is rebuilt
    full = full or (index is not None and not index_agrees(index, sides))
    return match_corpus_disk(sides, index, template=template, scheduler=scheduler, full=full,
                             memory_mb=memory_limit_mb or DEFAULT_MEMORY_MB)


REUSE_MARK = "reuse_reports"


def reports_mark(report_ids: list[str]) -> str:
    """Fingerprint of a set of reports: count and sha256 of the sorted ids."""
    import hashlib

    ids = sorted(report_ids)
    return f"{len(ids)}:{hashlib.sha256(chr(10).join(ids).encode()).hexdigest()}"


def mark_reuse(con: Any, report_ids: list[str]) -> None:
    """Record in ``store_info`` which reports the reuse tables were computed over."""
    con.execute("DELETE FROM store_info WHERE key = ?", [REUSE_MARK])
    con.execute("INSERT INTO store_info VALUES (?, ?)", [REUSE_MARK, reports_mark(report_ids)])


def reuse_is_stale(con: Any) -> bool:
    """True when reuse ran on this store and its reports have changed since (``xxgk batch`` added some)."""
    row = con.execute("SELECT value FROM store_info WHERE key = ?", [REUSE_MARK]).fetchone()
    if row is None:
        return False
    return row[0] != reports_mark([r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()])


def _copy_tables(cm: Any, corpus: Any, keys: dict[str, str], reports: list[tuple]) -> tuple[dict, dict]:
    """copy_pairs and copy_clusters rows (report ids ordered within a pair)."""
    rid = cm.table.sides["key"].tolist()
    o = cm.origins
    pairs: dict[str, list[Any]] = {c: [] for c, _ in TABLES["copy_pairs"]}
    cluster_shares: dict[int, list[float]] = defaultdict(list)
    for p in o.pairs.itertuples(index=False):
        a, b = (p.a, p.b) if rid[p.a] < rid[p.b] else (p.b, p.a)
        sa, ca, sb, cb = (p.shared_a, p.chars_a, p.shared_b, p.chars_b) if a == p.a else (
            p.shared_b, p.chars_b, p.shared_a, p.chars_a)
        cid = int(o.cluster[a])
        cluster_shares[cid].append(float(p.share))
        for col, v in zip(TABLES["copy_pairs"], (rid[a], rid[b], float(p.share), sa, ca, sb, cb, cid), strict=True):
            pairs[col[0]].append(v)
    order = sorted(range(len(pairs["report_id"])), key=lambda i: (pairs["report_id"][i], pairs["other_report_id"][i]))
    pairs = {c: [v[i] for i in order] for c, v in pairs.items()}
    by_id = {r[0]: r for r in reports}
    clusters: dict[str, list[Any]] = {c: [] for c, _ in TABLES["copy_clusters"]}
    for k in sorted(range(len(rid)), key=lambda k: rid[k]):
        cid = int(o.cluster[k])
        if cid < 0:
            continue
        r = by_id[rid[k]]
        share = round(sum(cluster_shares[cid]) / len(cluster_shares[cid]), 4)
        values = (rid[k], cid, int(o.cluster_size[k]), keys.get(r[2]) if r[2] else None, r[3], share)
        for (col, _), v in zip(TABLES["copy_clusters"], values, strict=True):
            clusters[col].append(v)
    return pairs, clusters


class _Matches:
    """reuse_matches rows being collected, numbered per report (``match_no``)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {c: [] for c, _ in TABLES["reuse_matches"]}
        self.next: dict[str, int] = defaultdict(int)

    def add(self, rid: str, other: str, relation: str, new_id: int, old_id: int, part: int | None,
            new_span: Any, old_span: Any, kind: str, origin: str, similarity: float, new_text: str,
            old_text: str, year_gap: int | None, reason: str) -> None:
        ns, ne = new_span or (None, None)
        os_, oe = old_span or (None, None)
        no = self.next[rid]
        self.next[rid] += 1
        values = (rid, no, other, relation, new_id, old_id, part, ns, ne, os_, oe, kind, origin,
                  round(float(similarity), 4), new_text, old_text, year_gap, reason)
        for (col, _), v in zip(TABLES["reuse_matches"], values, strict=True):
            self.rows[col].append(v)


def _corpus_matches(cm: Any, rows: _Matches) -> None:
    """One row per matched unit (:meth:`nlp.reuse.corpus.CorpusMatches.primary`)."""
    m = cm.primary()
    if not len(m):
        return
    u = cm.table.units
    keys = cm.table.sides["key"].tolist()
    new, old = m["new"].to_numpy(), m["old"].to_numpy()
    side, sent, part = (u[c].to_numpy() for c in ("side", "sentence", "part"))
    start, end = u["start"].to_numpy(), u["end"].to_numpy()
    is_self = (m["relation"] == "self").to_numpy()
    gap = m["gap"].to_numpy()
    relation = np.where(is_self, np.where(gap == 1, "prior_year", "self"), "cross")
    kind, origin, sim, reason = (m[c].astype(str).tolist() for c in ("kind", "origin", "similarity", "reason"))
    texts = cm.table.texts
    for i in sorted(range(len(m)), key=lambda i: (keys[side[new[i]]], int(new[i]))):
        a, b = int(new[i]), int(old[i])
        rows.add(keys[side[a]], keys[side[b]], str(relation[i]), int(sent[a]), int(sent[b]), int(part[a]),
                 (int(start[a]), int(end[a])), (int(start[b]), int(end[b])), kind[i], origin[i],
                 float(m["similarity"].iat[i]), texts[a], texts[b], int(gap[i]) if is_self[i] else None, reason[i])


def _float(row: Any, col: str) -> float | None:
    if col not in row.index:
        return None
    v = row[col]
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else round(float(v), 4)
