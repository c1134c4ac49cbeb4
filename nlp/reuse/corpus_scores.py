"""Per-report scores of a corpus run (:meth:`nlp.reuse.corpus.CorpusMatches.report_scores`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .corpus import CorpusMatches


def report_scores(cm: CorpusMatches) -> pd.DataFrame:
    """One row per side: key, agency, year, prev_year, units, characters and the shares (of
    narrative characters) reused from the previous year (``reuse_prev``, also for part 5), from
    any earlier year of the same agency (``self_copy_share``), copied from other agencies
    (``cross_copy_share``) and template wording (``boilerplate_share``); counts of self matches by
    kind."""
    t = cm.table
    u = t.units
    sides = t.sides.copy()
    sides["agency_name"] = [t.agencies[a] for a in sides["agency"]]
    ordered = sides[sides["year"] >= 0].sort_values(["agency", "year"])
    prev = ordered.drop_duplicates(["agency", "year"]).copy()
    prev["prev_year"] = prev.groupby("agency")["year"].shift(1)
    sides = sides.merge(prev[["agency", "year", "prev_year"]], on=["agency", "year"], how="left")

    n = len(u)
    side_of = u["side"].to_numpy()
    year_of = u["year"].to_numpy()
    length = u["length"].to_numpy().astype(np.int64)
    m = cm.matches
    self_rows = m[m["relation"] == "self"]
    cross_rows = m[(m["relation"] == "cross") & (m["origin"] == "cross_copy")]
    prev_year_of_unit = sides["prev_year"].to_numpy()[side_of]
    self_any = np.zeros(n, dtype=bool)
    self_any[self_rows["new"].to_numpy()] = True
    self_prev = np.zeros(n, dtype=bool)
    old_year = year_of[self_rows["old"].to_numpy()]
    hit = old_year == prev_year_of_unit[self_rows["new"].to_numpy()]
    self_prev[self_rows["new"].to_numpy()[hit]] = True
    cross = np.zeros(n, dtype=bool)
    cross[cross_rows["new"].to_numpy()] = True
    part5 = u["part"].to_numpy() == 5

    def share(mask: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        w = length if where is None else length * where
        tot = np.bincount(side_of, weights=w, minlength=len(sides))
        got = np.bincount(side_of, weights=w * mask, minlength=len(sides))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.round(np.where(tot > 0, got / np.maximum(tot, 1), np.nan), 4)

    sides["units"] = np.bincount(side_of, minlength=len(sides))
    sides["characters"] = np.bincount(side_of, weights=length, minlength=len(sides)).astype(np.int64)
    sides["reuse_prev"] = np.where(sides["prev_year"].notna(), share(self_prev), np.nan)
    sides["part5_reuse_prev"] = np.where(sides["prev_year"].notna(), share(self_prev, part5), np.nan)
    sides["self_copy_share"] = share(self_any)
    sides["cross_copy_share"] = share(cross)
    sides["boilerplate_share"] = share(u["template"].to_numpy())
    for kind in ("exact", "numbers_only", "near"):
        rows = self_rows[self_rows["kind"] == kind]
        sides[f"self_{kind}"] = np.bincount(side_of[rows["new"].to_numpy()], minlength=len(sides))
    return sides
