"""Per-report scores of a corpus run — the one place report-level reuse scores are computed
(:meth:`nlp.reuse.corpus.CorpusMatches.report_scores`; ``xxgk reuse --db`` stores these).

Every narrative character (no whitespace, no punctuation) lies in exactly one unit and every unit
has at most one origin (:mod:`nlp.reuse.origin`), so the four shares never double-count a
character and never sum above 1:

* ``template_share`` — in template wording;
* ``common_phrase_share`` — in common phrasing (short, spread across many agencies and regions);
* ``self_copy_share`` — copied from the same agency's earlier report (template and common phrasing
  excluded);
* ``cross_copy_share`` — copied from another agency (template, common phrasing and self copies
  excluded).

``empty_report``: fewer than :data:`EMPTY_MIN_CHARS` characters, or less than
:data:`EMPTY_MIN_SHARE` of the narrative, lie outside template and common phrasing — the report
says nothing of its own. ``prev_year`` is the agency's latest earlier year and ``prev_gap`` the
distance to it (1 = the previous year, year − 1); ``reuse_prev`` is the share found in that year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .origin import Origins
from .table import UnitTable

EMPTY_MIN_CHARS = 100
EMPTY_MIN_SHARE = 0.10


def report_scores(t: UnitTable, m: pd.DataFrame, o: Origins) -> pd.DataFrame:
    """One row per side: key, agency, year, prev_year, prev_gap, units, characters, the four
    shares, reuse_prev / part5_reuse_prev, empty_report, copy_cluster / copy_group_size and counts
    of self matches by kind."""
    u = t.units
    sides = t.sides.copy()
    sides["agency_name"] = [t.agencies[a] for a in sides["agency"]]
    ordered = sides[sides["year"] >= 0].sort_values(["agency", "year"])
    prev = ordered.drop_duplicates(["agency", "year"]).copy()
    prev["prev_year"] = prev.groupby("agency")["year"].shift(1)
    sides = sides.merge(prev[["agency", "year", "prev_year"]], on=["agency", "year"], how="left")
    sides["prev_gap"] = sides["year"] - sides["prev_year"]

    side_of = u["side"].to_numpy()
    year_of = u["year"].to_numpy()
    length = u["length"].to_numpy().astype(np.int64)
    code = o.code
    self_rows = m[m["relation"] == "self"]
    prev_year_of_unit = sides["prev_year"].to_numpy()[side_of]
    self_prev = np.zeros(len(u), dtype=bool)
    hit = year_of[self_rows["old"].to_numpy()] == prev_year_of_unit[self_rows["new"].to_numpy()]
    self_prev[self_rows["new"].to_numpy()[hit]] = True
    part5 = u["part"].to_numpy() == 5

    def chars(mask: np.ndarray) -> np.ndarray:
        return np.bincount(side_of, weights=length * mask, minlength=len(sides))

    total = chars(np.ones(len(u), dtype=bool))

    def share(mask: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        tot = total if where is None else chars(where)
        got = chars(mask if where is None else mask & where)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.round(np.where(tot > 0, got / np.maximum(tot, 1), np.nan), 4)

    sides["units"] = np.bincount(side_of, minlength=len(sides))
    sides["characters"] = total.astype(np.int64)
    sides["reuse_prev"] = np.where(sides["prev_year"].notna(), share(self_prev), np.nan)
    sides["part5_reuse_prev"] = np.where(sides["prev_year"].notna(), share(self_prev, part5), np.nan)
    for k, name in enumerate(("template", "common_phrase", "self_copy", "cross_copy")):
        sides[f"{name}_share"] = np.nan_to_num(share(code == k))
    sides["boilerplate_share"] = sides["template_share"]  # Lang & Stice-Lawrence's name for it
    own = chars(code >= 2) + chars(code < 0)
    sides["empty_report"] = (own < EMPTY_MIN_CHARS) | (own < EMPTY_MIN_SHARE * total)
    sides["copy_cluster"] = o.cluster
    sides["copy_group_size"] = o.cluster_size
    for kind in ("exact", "numbers_only", "near"):
        rows = self_rows[self_rows["kind"] == kind]
        sides[f"self_{kind}"] = np.bincount(side_of[rows["new"].to_numpy()], minlength=len(sides))
    return sides
