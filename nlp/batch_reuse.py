"""``xxgk reuse --db``: corpus-wide reuse over a batch's store, into reuse_matches and reuse_scores.

1. agency keys: the reports' normalised agency names, a shorter name merged into the one longer
   name that denotes the same agency (洪泽区人民政府 → 淮安市洪泽区人民政府, via
   :func:`nlp.reuse.side.same_agency`); a short name that fits several longer names stays apart;
2. previous year: each report is compared with its agency's latest earlier report by
   :func:`nlp.reuse.compare` — the function behind ``xxgk compare``, so the figures are the same
   (relation ``prior_year`` in reuse_matches; reuse_ratio, by_part… in reuse_scores);
3. corpus: :func:`nlp.reuse.match_corpus` over all reports learns template wording from the
   corpus (document frequency across agencies) and finds every unit's self-copy (same agency,
   earlier year) and cross-copy (another agency) counterpart (relations ``self`` and ``cross``;
   self_copy_share, cross_copy_share, template_share in reuse_scores).

Both tables are replaced as a whole in one transaction (rerun after every batch).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .store import TABLES, Store


@dataclass(frozen=True)
class ReuseSummary:
    reports: int
    agencies: int
    pairs: int
    matches: int
    template_agencies: int

    def describe(self) -> str:
        return (f"{self.reports} reports, {self.agencies} agencies, {self.pairs} previous-year pairs, "
                f"{self.matches} matches (template wording: in >= {self.template_agencies} agencies)")


def agency_keys(names: list[str | None]) -> dict[str, str]:
    """Map each agency name to its key: the one longer name in ``names`` it denotes, else itself."""
    from .reuse.side import clean_agency, same_agency

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


def run_reuse(db: str | os.PathLike[str], *, use_baseline: bool = True) -> ReuseSummary:
    """Fill reuse_matches and reuse_scores of the store ``db`` (see the module docstring)."""
    from .language import load
    from .reuse import Sent, Side, compare, match_corpus
    from .reuse.template import EMPTY, baseline

    load()  # jieba with the domain dictionary, as after nlp.parse: lazy_prices tokenises with it

    with Store(db) as store:
        reports, sents, finds = _load(store)
        if not reports:
            store.replace_tables({"reuse_matches": {}, "reuse_scores": {}})
            return ReuseSummary(0, 0, 0, 0, 0)
        keys = agency_keys([r[2] for r in reports])
        sides, prior = [], {}
        for rid, agency, _norm, year, path, _ in reports:
            sentences = tuple(Sent(i, t, p) for i, t, p in sents.get(rid, ()))
            sides.append(Side(sentences, agency, year, path, tuple(finds.get(rid, ()))))
        # previous year: the agency's latest earlier report (most narrative, then report_id, on ties)
        groups: dict[str, list[int]] = defaultdict(list)
        for k, r in enumerate(reports):
            if r[2] and r[3] is not None:
                groups[keys[r[2]]].append(k)
        for members in groups.values():
            for k in members:
                earlier = [j for j in members if reports[j][3] < reports[k][3]]
                if earlier:
                    prior[k] = min(earlier, key=lambda j: (-reports[j][3], -(reports[j][5] or 0), reports[j][0]))
        template = baseline() if use_baseline else EMPTY
        matches = _Matches()
        scores: dict[str, list[Any]] = {c: [] for c, _ in TABLES["reuse_scores"]}
        pair: dict[int, dict[str, Any]] = {}
        for k, j in sorted(prior.items()):
            d = compare(sides[j], sides[k], use_baseline=use_baseline).to_dict()
            pair[k] = d
            for m in d["matches"]:
                matches.add(reports[k][0], reports[j][0], "prior_year", m["new_id"], m["old_id"], m.get("part"),
                     m.get("new_span"), m.get("old_span"), m["kind"], m["origin"], m["similarity"],
                     m["new_text"], m["old_text"])
        keyed = [Side(s.sentences, keys.get(r[2]) if r[2] else None, s.year, r[0], s.findings)
                 for s, r in zip(sides, reports, strict=True)]
        cm = match_corpus(keyed, template=template)
        _corpus_matches(cm, matches)
        corpus = cm.report_scores().set_index("key")
        for k, r in enumerate(reports):
            d, j = pair.get(k), prior.get(k)
            c = corpus.loc[r[0]]
            sc = (d or {}).get("scores", {})
            values = {
                "report_id": r[0], "agency_key": keys.get(r[2]) if r[2] else None, "year": r[3],
                "prior_report_id": reports[j][0] if j is not None else None,
                "prior_year": reports[j][3] if j is not None else None,
                "reuse_ratio": d["reuse_ratio"] if d else None, "by_part": _json(d and d["by_part"]),
                "n_matches": len(d["matches"]) if d else None, "match_kinds": _json(sc.get("counts")),
                "match_origins": _json(sc.get("origins")), "lazy_prices": _json(sc.get("lazy_prices")),
                "boilerplate_share": sc.get("boilerplate_share"), "part5": _json(sc.get("part5")),
                "stale_mentions": _json(d and d["stale_mentions"]),
                "corpus_reuse_prev": _float(c, "reuse_prev"), "self_copy_share": _float(c, "self_copy_share"),
                "cross_copy_share": _float(c, "cross_copy_share"), "template_share": _float(c, "boilerplate_share"),
            }
            for col, _ in TABLES["reuse_scores"]:
                scores[col].append(values[col])

        store.replace_tables({"reuse_matches": matches.rows, "reuse_scores": scores})
    return ReuseSummary(len(reports), len(set(keys.values())), len(pair), len(matches.rows["report_id"]),
                        cm.template_agencies)


class _Matches:
    """reuse_matches rows being collected, numbered per report (``match_no``)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {c: [] for c, _ in TABLES["reuse_matches"]}
        self.next: dict[str, int] = defaultdict(int)

    def add(self, rid: str, other: str, relation: str, new_id: int, old_id: int, part: int | None,
            new_span: Any, old_span: Any, kind: str, origin: str, similarity: float, new_text: str,
            old_text: str) -> None:
        ns, ne = new_span or (None, None)
        os_, oe = old_span or (None, None)
        no = self.next[rid]
        self.next[rid] += 1
        values = (rid, no, other, relation, new_id, old_id, part, ns, ne, os_, oe, kind, origin,
                  round(float(similarity), 4), new_text, old_text)
        for (col, _), v in zip(TABLES["reuse_matches"], values, strict=True):
            self.rows[col].append(v)


def _corpus_matches(cm: Any, rows: _Matches) -> None:
    """Rows for the corpus matcher's unit matches (relations ``self`` and ``cross``)."""
    u, m = cm.table.units, cm.matches
    if not len(m):
        return
    keys = cm.table.sides["key"].tolist()
    new, old = m["new"].to_numpy(), m["old"].to_numpy()
    side, sent, part = (u[c].to_numpy() for c in ("side", "sentence", "part"))
    start, end = u["start"].to_numpy(), u["end"].to_numpy()
    relation = m["relation"].astype(str).tolist()
    order = sorted(range(len(m)), key=lambda i: (keys[side[new[i]]], int(new[i]), relation[i], int(old[i])))
    texts = cm.table.texts
    for i in order:
        a, b = int(new[i]), int(old[i])
        rows.add(keys[side[a]], keys[side[b]], relation[i], int(sent[a]), int(sent[b]), int(part[a]),
             (int(start[a]), int(end[a])), (int(start[b]), int(end[b])), str(m["kind"].iat[i]),
             str(m["origin"].iat[i]), float(m["similarity"].iat[i]), texts[a], texts[b])


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _float(row: Any, col: str) -> float | None:
    if col not in row.index:
        return None
    v = row[col]
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else round(float(v), 4)
